#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/time_zone.h"
#include "common/types.h"

namespace sundial {

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;
// Microseconds from 1970-01-01 to 2000-01-01 (PostgreSQL's epoch, used on the wire).
inline constexpr int64_t kPostgresEpochMicros = 946'684'800LL * kMicrosPerSecond;
inline constexpr int32_t kPostgresEpochDays = 10957;
// PostgreSQL's 'infinity' / '-infinity' timestamps.
inline constexpr int64_t kTimestampInfinity = INT64_MAX;
inline constexpr int64_t kTimestampMinusInfinity = INT64_MIN;
// PostgreSQL's 'infinity' / '-infinity' dates.
inline constexpr int32_t kDateInfinity = INT32_MAX;
inline constexpr int32_t kDateMinusInfinity = INT32_MIN;
// PostgreSQL's timestamps start at 4714-11-24 BC (Julian day 0) and end at
// 294277-01-01, which does not fit in int64 microseconds since 1970; ours end
// a day (more than any zone offset) before the int64 limit, in year 294247.
inline constexpr int64_t kMinTimestampDays = -2440588;
inline constexpr int64_t kEndTimestampDays = INT64_MAX / kMicrosPerDay - 1;

// Text input in PostgreSQL's accepted shapes: "2016-01-01 07:47:52 +0000",
// "2026-01-01 00:00:05+00", "2024-01-01T00:00:00.123Z", "2024-01-02",
// "2024-01-02 03:04:05.678901+05:30", "infinity", "epoch", ... A timestamptz
// without an offset is read in `zone`. Errors are kInvalidDatetimeFormat
// (22007) or kDatetimeFieldOverflow (22008), naming the text.
Result<int64_t> ParseTimestampTz(std::string_view text, const TimeZone& zone);
// Any offset in the text is ignored, as PostgreSQL does for timestamp.
Result<int64_t> ParseTimestamp(std::string_view text);
Result<int32_t> ParseDate(std::string_view text);
// time without time zone: "04:05", "04:05:06.789", "4:05 PM", "allballs",
// a leading date or trailing zone offset ignored; 0 to 24:00:00 in
// microseconds. 22007 for bad text, 22008 for fields out of range.
Result<int64_t> ParseTime(std::string_view text);
// "5 minutes", "1 day 02:00:00", "3600 seconds", "1h", "300.000s", "1 mon",
// "-1 week", ISO 8601 "PT5M", "@ 1 hour ago". Errors are kInvalidDatetimeFormat.
Result<Interval> ParseInterval(std::string_view text);

// Text output exactly as PostgreSQL 15 prints with DateStyle ISO, MDY and
// IntervalStyle postgres:
//   timestamptz "2026-01-01 00:00:05+00", "2024-01-02 04:04:05.678901+01", "+05:30"
//   timestamp   "2024-01-02 03:04:05.678901" (fraction trimmed)
//   date        "2024-01-02"
//   interval    "1 year 2 mons 3 days 04:05:06.7", "00:05:00", "-1 days"
void FormatTimestampTz(int64_t utc_micros, const TimeZone& zone, std::string& out);
void FormatTimestamp(int64_t micros, std::string& out);
void FormatDate(int32_t days, std::string& out);
// "04:05:06", "04:05:06.789" (fraction trimmed), "24:00:00".
void FormatTime(int64_t micros, std::string& out);
void FormatInterval(const Interval& interval, std::string& out);

// The offset east of UTC of a time zone abbreviation from PostgreSQL's
// default set ("pst", "CET"; case-insensitive), or false when unknown.
bool LookupZoneAbbreviation(std::string_view name, int32_t& offset_east);

// Civil calendar helpers (proleptic Gregorian).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
void CivilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day);

// floor(a / b) for b > 0, correct for negative a.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace sundial
