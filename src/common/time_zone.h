#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace date {
class time_zone;
}

namespace sundial {

struct PosixZoneRule;

// A session time zone: an IANA zone ("Europe/Berlin", "UTC", "Etc/UTC") or a
// fixed offset ("+05:30", "-8", as SET TIME ZONE accepts). Cheap to copy.
class TimeZone {
 public:
  TimeZone() = default;  // UTC
  static TimeZone Utc() { return TimeZone(); }
  // Resolves a zone name as PostgreSQL's SET TimeZone does; unknown names
  // give kInvalidParameterValue.
  static Result<TimeZone> Lookup(std::string_view name);
  // Resolves the zone of timezone(zone, ts) / AT TIME ZONE and
  // date_trunc(..., zone) as PostgreSQL does: a time zone abbreviation
  // ("PST", "CET": a fixed offset) first, then a POSIX offset, which counts
  // west-positive ("+05" is UTC-5), then a zone name. Unknown names give
  // kInvalidParameterValue "time zone "x" not recognized".
  static Result<TimeZone> LookupForConversion(std::string_view name);
  // A fixed offset east of UTC, in seconds.
  static TimeZone FixedOffset(int32_t offset_east_seconds);

  // The name as SHOW TimeZone prints it.
  const std::string& name() const { return name_; }

  // Offset east of UTC, in seconds, at the UTC instant `utc_micros`.
  int32_t OffsetAt(int64_t utc_micros) const;
  // Converts a local wall-clock time to UTC. Ambiguous or skipped local times
  // resolve the way PostgreSQL does (the later offset / shifted forward).
  int64_t LocalToUtc(int64_t local_micros) const;

 private:
  std::string name_ = "UTC";
  const date::time_zone* zone_ = nullptr;  // null: fixed offset
  int32_t fixed_offset_seconds_ = 0;
  // The zone's daylight-saving rule for instants after its last listed
  // transition (the TZif footer); null when it has none. Owned by a
  // process-wide registry that lives as long as the zone database.
  const PosixZoneRule* tail_rule_ = nullptr;
};

}  // namespace sundial
