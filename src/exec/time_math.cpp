#include "exec/time_math.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "common/datetime.h"

namespace sundial::exec {
namespace {

Status TimestampOutOfRange() {
  return Status::Error(ErrorCode::kDatetimeFieldOverflow, "timestamp out of range");
}

bool IsLeapYear(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned DaysInMonth(int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

enum TruncUnit : int {
  kMicroseconds,
  kMilliseconds,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kQuarter,
  kYear,
  kDecade,
  kCentury,
  kMillennium,
};

}  // namespace

Result<int64_t> DateToLocalMicros(int32_t days) {
  if (days == kDateInfinity) return kTimestampInfinity;
  if (days == kDateMinusInfinity) return kTimestampMinusInfinity;
  if (days < kMinTimestampDays || days >= kEndTimestampDays) {
    return Status::Error(ErrorCode::kDatetimeFieldOverflow, "date out of range for timestamp");
  }
  return int64_t{days} * kMicrosPerDay;
}

Result<int64_t> AddIntervalToLocal(int64_t local, const Interval& interval) {
  if (!IsFiniteTimestamp(local)) return local;
  int64_t result = local;
  if (interval.months != 0) {
    int64_t day_number = FloorDiv(result, kMicrosPerDay);
    int64_t time_of_day = result - day_number * kMicrosPerDay;
    int64_t year;
    unsigned month, day;
    CivilFromDays(day_number, year, month, day);
    int64_t month_index = year * 12 + (month - 1) + interval.months;
    int64_t new_year = FloorDiv(month_index, 12);
    unsigned new_month = static_cast<unsigned>(month_index - new_year * 12) + 1;
    unsigned new_day = std::min(day, DaysInMonth(new_year, new_month));
    if (new_year < -4713 || new_year > 294276) return TimestampOutOfRange();
    result = DaysFromCivil(new_year, new_month, new_day) * kMicrosPerDay + time_of_day;
  }
  int64_t day_micros;
  if (__builtin_mul_overflow(int64_t{interval.days}, kMicrosPerDay, &day_micros) ||
      __builtin_add_overflow(result, day_micros, &result) ||
      __builtin_add_overflow(result, interval.micros, &result) || !IsFiniteTimestamp(result)) {
    return TimestampOutOfRange();
  }
  return result;
}

Result<int64_t> AddIntervalToUtc(int64_t utc, const Interval& interval, const TimeZone& zone) {
  if (!IsFiniteTimestamp(utc)) return utc;
  int64_t result = utc;
  if (interval.months != 0 || interval.days != 0) {
    Interval calendar{.micros = 0, .days = interval.days, .months = interval.months};
    ASSIGN_OR_RETURN(int64_t local, AddIntervalToLocal(UtcToLocal(utc, zone), calendar));
    result = zone.LocalToUtc(local);
  }
  if (__builtin_add_overflow(result, interval.micros, &result) || !IsFiniteTimestamp(result)) {
    return TimestampOutOfRange();
  }
  return result;
}

Interval SubtractTimestamps(int64_t a, int64_t b) {
  int64_t diff = a - b;
  int64_t days = diff / kMicrosPerDay;
  return Interval{.micros = diff - days * kMicrosPerDay, .days = static_cast<int32_t>(days)};
}

std::string LowerUnitName(std::string_view name) {
  std::string lower;
  for (char c : name)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

Result<int> ParseTruncUnit(std::string_view name) {
  const std::string lower = LowerUnitName(name);
  struct Entry {
    const char* name;
    int unit;
  };
  static constexpr Entry kUnits[] = {
      {"microseconds", kMicroseconds},
      {"microsecond", kMicroseconds},
      {"us", kMicroseconds},
      {"milliseconds", kMilliseconds},
      {"millisecond", kMilliseconds},
      {"ms", kMilliseconds},
      {"second", kSecond},
      {"seconds", kSecond},
      {"sec", kSecond},
      {"minute", kMinute},
      {"minutes", kMinute},
      {"min", kMinute},
      {"hour", kHour},
      {"hours", kHour},
      {"day", kDay},
      {"days", kDay},
      {"week", kWeek},
      {"weeks", kWeek},
      {"month", kMonth},
      {"months", kMonth},
      {"mon", kMonth},
      {"quarter", kQuarter},
      {"year", kYear},
      {"years", kYear},
      {"decade", kDecade},
      {"decades", kDecade},
      {"century", kCentury},
      {"centuries", kCentury},
      {"millennium", kMillennium},
      {"millennia", kMillennium},
  };
  for (const Entry& entry : kUnits) {
    if (lower == entry.name) return entry.unit;
  }
  return Status::Error(ErrorCode::kInvalidParameterValue,
                       "unit \"" + std::string(name) + "\" not recognized for type timestamp");
}

Result<int64_t> TruncateLocal(int64_t local, int unit) {
  if (!IsFiniteTimestamp(local)) return local;
  auto floor_to = [&](int64_t width) { return FloorDiv(local, width) * width; };
  switch (unit) {
    case kMicroseconds:
      return local;
    case kMilliseconds:
      return floor_to(1000);
    case kSecond:
      return floor_to(kMicrosPerSecond);
    case kMinute:
      return floor_to(kMicrosPerMinute);
    case kHour:
      return floor_to(kMicrosPerHour);
    case kDay:
      return floor_to(kMicrosPerDay);
    case kWeek: {
      // 1970-01-01 was a Thursday; weeks start on Monday (ISO), 3 days earlier.
      int64_t days = FloorDiv(local, kMicrosPerDay);
      return (FloorDiv(days - 4, 7) * 7 + 4) * kMicrosPerDay;
    }
    default:
      break;
  }
  int64_t year;
  unsigned month, day;
  CivilFromDays(FloorDiv(local, kMicrosPerDay), year, month, day);
  switch (unit) {
    case kMonth:
      break;
    case kQuarter:
      month = (month - 1) / 3 * 3 + 1;
      break;
    case kYear:
      month = 1;
      break;
    case kDecade:
      month = 1;
      year = FloorDiv(year, 10) * 10;
      break;
    case kCentury:
      month = 1;
      year = year > 0 ? (year - 1) / 100 * 100 + 1 : -((99 - (year - 1)) / 100) * 100 + 1;
      break;
    case kMillennium:
      month = 1;
      year = year > 0 ? (year - 1) / 1000 * 1000 + 1 : -((999 - (year - 1)) / 1000) * 1000 + 1;
      break;
    default:
      return Status::Error(ErrorCode::kInvalidParameterValue, "unit not recognized");
  }
  return DaysFromCivil(year, month, 1) * kMicrosPerDay;
}

bool ScaleInterval(const Interval& v, double factor, Interval& r) {
  double months = v.months * factor;
  double days = v.days * factor;
  if (!std::isfinite(months) || !std::isfinite(days) || std::fabs(months) > INT32_MAX ||
      std::fabs(days) > INT32_MAX) {
    return false;
  }
  r.months = static_cast<int32_t>(months);
  double day_total = days + (months - r.months) * 30.0;
  r.days = static_cast<int32_t>(day_total);
  double micros = std::rint(v.micros * factor + (day_total - r.days) * double(kMicrosPerDay));
  if (!std::isfinite(micros) || std::fabs(micros) > 9.2e18) return false;
  r.micros = static_cast<int64_t>(micros);
  return true;
}

}  // namespace sundial::exec
