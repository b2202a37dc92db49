#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/datetime.h"
#include "common/status.h"
#include "common/time_zone.h"
#include "common/types.h"

namespace sundial::exec {

// Calendar arithmetic shared by interval operators, casts, date_trunc and
// time_bucket. Timestamps are microseconds; "local" means wall-clock micros
// in some zone, "utc" an instant.

inline int64_t UtcToLocal(int64_t utc, const TimeZone& zone) {
  return utc + int64_t{zone.OffsetAt(utc)} * 1'000'000;
}

inline bool IsFiniteTimestamp(int64_t micros) {
  return micros != INT64_MAX && micros != INT64_MIN;
}

// Midnight of a date as a wall-clock timestamp; infinite dates become
// infinite timestamps. Dates reach year 5874897, timestamps only 294247:
// beyond that kDatetimeFieldOverflow "date out of range for timestamp".
Result<int64_t> DateToLocalMicros(int32_t days);

// The time of day of a count of microseconds, wrapped into [0, 24:00) as
// PostgreSQL's time arithmetic and interval-to-time cast wrap it.
inline int64_t WrapToTimeOfDay(int64_t micros) {
  const int64_t t = micros % kMicrosPerDay;
  return t < 0 ? t + kMicrosPerDay : t;
}

// Adds an interval to a wall-clock timestamp: months first (clamping the day
// to the month's length, as PostgreSQL does), then days, then micros.
// kDatetimeFieldOverflow "timestamp out of range" on overflow.
Result<int64_t> AddIntervalToLocal(int64_t local, const Interval& interval);
// The same for an instant: months and days move the wall clock in `zone`,
// micros move the instant.
Result<int64_t> AddIntervalToUtc(int64_t utc, const Interval& interval, const TimeZone& zone);

// a - b as PostgreSQL prints it: whole days plus a time part of the same sign.
Interval SubtractTimestamps(int64_t a, int64_t b);

// Total order of intervals as PostgreSQL compares them (a month is 30 days,
// a day 24 hours).
inline __int128 IntervalSortKey(const Interval& v) {
  return (static_cast<__int128>(v.months) * 30 + v.days) * 86'400'000'000LL + v.micros;
}

// Truncates a wall-clock timestamp to the start of `unit` ("microseconds",
// "second", "minute", "hour", "day", "week", "month", "quarter", "year",
// "decade", "century", "millennium", "milliseconds"). kInvalidParameterValue
// for an unknown unit, as PostgreSQL's date_trunc reports it.
Result<int64_t> TruncateLocal(int64_t local, int unit);
// Parses a date_trunc unit name (case-insensitive) into the code TruncateLocal takes.
Result<int> ParseTruncUnit(std::string_view name);
// A unit name as date_part, date_trunc and extract compare it: lower case.
std::string LowerUnitName(std::string_view name);

// interval * factor the way PostgreSQL spreads fractions: fractional months
// become 30-day days, fractional days become 24-hour time. False when the
// result is out of range.
bool ScaleInterval(const Interval& v, double factor, Interval& r);

}  // namespace sundial::exec
