#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sundial {

// The daylight-saving rule of a POSIX TZ string such as
// "CET-1CEST,M3.5.0,M10.5.0/3", as found in the footer of a TZif file. Zone
// files list explicit transitions only up to 2037; PostgreSQL extends every
// zone beyond that with this rule, and so do we.
struct PosixZoneRule {
  // A "Mm.w.d/time" transition: weekday d (0 = Sunday) of week w (5 = last)
  // of month m, at `local_seconds` after local midnight (may be negative or
  // beyond a day).
  struct Transition {
    int month = 0;
    int week = 0;
    int weekday = 0;
    int32_t local_seconds = 7200;
  };

  int32_t std_offset = 0;  // seconds east of UTC
  int32_t dst_offset = 0;
  Transition dst_start;  // in standard time
  Transition dst_end;    // in daylight time
  // The rule governs instants at or after this one (the zone's last listed
  // transition).
  int64_t applies_from_seconds = 0;

  // Offset east of UTC at the UTC instant `utc_seconds`.
  int32_t OffsetAt(int64_t utc_seconds) const;
};

// Parses a POSIX TZ string with a daylight-saving part in "Mm.w.d" form.
// Returns nullopt for strings without daylight saving (the zone file's last
// period already covers them) and for the rarely used Julian-day forms.
std::optional<PosixZoneRule> ParsePosixZoneRule(std::string_view tz);

}  // namespace sundial
