#include <cmath>
#include <string>
#include <string_view>

#include "common/datetime.h"
#include "exec/expression.h"
#include "exec/function_catalog.h"
#include "exec/kernel_util.h"
#include "exec/time_math.h"

namespace sundial::exec {
namespace {

const DataType kDate = DataType::Of(TypeId::kDate);
const DataType kTimestamp = DataType::Of(TypeId::kTimestamp);
const DataType kTimestampTz = DataType::Of(TypeId::kTimestampTz);
const DataType kInterval = DataType::Of(TypeId::kInterval);
const DataType kInt32 = DataType::Of(TypeId::kInt32);
const DataType kFloat64 = DataType::Of(TypeId::kFloat64);
const DataType kText = DataType::Of(TypeId::kText);

// The zone named by row after row of a (nearly always constant) argument,
// looked up once per distinct spelling.
class ZoneCache {
 public:
  Result<const TimeZone*> Get(std::string_view name) {
    if (!valid_ || name != name_) {
      ASSIGN_OR_RETURN(zone_, TimeZone::LookupForConversion(name));
      name_.assign(name);
      valid_ = true;
    }
    return &zone_;
  }

 private:
  bool valid_ = false;
  std::string name_;
  TimeZone zone_;
};

Status IntervalOutOfRange() {
  return Status::Error(ErrorCode::kDatetimeFieldOverflow, "interval out of range");
}

Interval Negated(const Interval& v) {
  return Interval{.micros = -v.micros, .days = -v.days, .months = -v.months};
}

// timestamp(tz) +/- interval. Intervals without months or days are the
// common case (ts - interval '5 minutes') and skip the calendar entirely.
template <bool kWithZone, bool kSubtract, bool kIntervalFirst>
Status TimestampPlusInterval(const ColumnVector* args, size_t n, const EvalContext& context,
                             ColumnVector& out) {
  const ColumnVector& times = args[kIntervalFirst ? 1 : 0];
  const ColumnVector& intervals = args[kIntervalFirst ? 0 : 1];
  const int64_t* t = times.data<int64_t>();
  const Interval* iv = intervals.data<Interval>();
  int64_t* r = out.data<int64_t>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    Interval delta = kSubtract ? Negated(iv[i]) : iv[i];
    if (delta.months == 0 && delta.days == 0 && IsFiniteTimestamp(t[i])) {
      if (__builtin_add_overflow(t[i], delta.micros, &r[i]) || !IsFiniteTimestamp(r[i])) {
        return Status::Error(ErrorCode::kDatetimeFieldOverflow, "timestamp out of range");
      }
      continue;
    }
    Result<int64_t> moved = kWithZone ? AddIntervalToUtc(t[i], delta, context.time_zone)
                                      : AddIntervalToLocal(t[i], delta);
    if (!moved.ok()) return moved.status();
    r[i] = *moved;
  }
  return Status::Ok();
}

Status TimestampMinusTimestamp(const ColumnVector* args, size_t n, const EvalContext&,
                               ColumnVector& out) {
  BinaryLoop<int64_t, int64_t, Interval>(args[0], args[1], n, out, SubtractTimestamps);
  return Status::Ok();
}

template <int kSign, bool kIntFirst>
Status DatePlusDays(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const int32_t* d = args[kIntFirst ? 1 : 0].data<int32_t>();
  const int32_t* k = args[kIntFirst ? 0 : 1].data<int32_t>();
  int32_t* r = out.data<int32_t>();
  for (size_t i = 0; i < n; ++i) {
    int64_t v = int64_t{d[i]} + kSign * int64_t{k[i]};
    if (!out.IsNull(i) && (v < INT32_MIN || v > INT32_MAX)) {
      return Status::Error(ErrorCode::kDatetimeFieldOverflow, "date out of range");
    }
    r[i] = static_cast<int32_t>(v);
  }
  return Status::Ok();
}

Status DateMinusDate(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  BinaryLoop<int32_t, int32_t, int32_t>(args[0], args[1], n, out,
                                        [](int32_t a, int32_t b) { return a - b; });
  return Status::Ok();
}

template <bool kSubtract>
Status DatePlusInterval(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const int32_t* d = args[0].data<int32_t>();
  const Interval* iv = args[1].data<Interval>();
  int64_t* r = out.data<int64_t>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    ASSIGN_OR_RETURN(int64_t local, DateToLocalMicros(d[i]));
    if (!IsFiniteTimestamp(local)) {
      r[i] = local;
      continue;
    }
    ASSIGN_OR_RETURN(r[i], AddIntervalToLocal(local, kSubtract ? Negated(iv[i]) : iv[i]));
  }
  return Status::Ok();
}

template <int kSign>
Status IntervalPlusInterval(const ColumnVector* args, size_t n, const EvalContext&,
                            ColumnVector& out) {
  bool ok = CheckedBinaryLoop<Interval, Interval, Interval>(
      args[0], args[1], n, out, [](const Interval& a, const Interval& b, Interval& r) {
        Interval c = kSign > 0 ? b : Negated(b);
        return !__builtin_add_overflow(a.micros, c.micros, &r.micros) &&
               !__builtin_add_overflow(a.days, c.days, &r.days) &&
               !__builtin_add_overflow(a.months, c.months, &r.months);
      });
  if (ok) return Status::Ok();
  return Status::Error(ErrorCode::kDatetimeFieldOverflow, "interval out of range");
}

Status IntervalNegate(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  UnaryLoop<Interval, Interval>(args[0], n, out, Negated);
  return Status::Ok();
}

template <bool kIntervalFirst>
Status IntervalTimesFloat(const ColumnVector* args, size_t n, const EvalContext&,
                          ColumnVector& out) {
  const ColumnVector& intervals = args[kIntervalFirst ? 0 : 1];
  const ColumnVector& factors = args[kIntervalFirst ? 1 : 0];
  bool ok = CheckedBinaryLoop<Interval, double, Interval>(
      intervals, factors, n, out,
      [](const Interval& v, double f, Interval& r) { return ScaleInterval(v, f, r); });
  return ok ? Status::Ok() : IntervalOutOfRange();
}

Status IntervalDivFloat(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const double* f = args[1].data<double>();
  for (size_t i = 0; i < n; ++i) {
    if (!out.IsNull(i) && f[i] == 0) {
      return Status::Error(ErrorCode::kDivisionByZero, "division by zero");
    }
  }
  bool ok = CheckedBinaryLoop<Interval, double, Interval>(
      args[0], args[1], n, out, [](const Interval& v, double d, Interval& r) {
        return d == 0 || ScaleInterval(v, 1.0 / d, r);
      });
  return ok ? Status::Ok() : IntervalOutOfRange();
}

Status Now(const ColumnVector*, size_t n, const EvalContext& context, ColumnVector& out) {
  int64_t* r = out.data<int64_t>();
  for (size_t i = 0; i < n; ++i)
    r[i] = context.statement_time_micros;
  return Status::Ok();
}

Status CurrentDate(const ColumnVector*, size_t n, const EvalContext& context, ColumnVector& out) {
  int32_t today = static_cast<int32_t>(
      FloorDiv(UtcToLocal(context.statement_time_micros, context.time_zone), kMicrosPerDay));
  int32_t* r = out.data<int32_t>();
  for (size_t i = 0; i < n; ++i)
    r[i] = today;
  return Status::Ok();
}

// LOCALTIMESTAMP: the statement's time on the session zone's wall clock.
Status LocalTimestamp(const ColumnVector*, size_t n, const EvalContext& context,
                      ColumnVector& out) {
  const int64_t local = UtcToLocal(context.statement_time_micros, context.time_zone);
  int64_t* r = out.data<int64_t>();
  for (size_t i = 0; i < n; ++i)
    r[i] = local;
  return Status::Ok();
}

// date_trunc(unit, ts): the unit is nearly always a constant, so it is parsed
// once per distinct spelling rather than per row.
template <bool kWithZone>
Status DateTrunc(const ColumnVector* args, size_t n, const EvalContext& context,
                 ColumnVector& out) {
  const auto* units = args[0].data<std::string_view>();
  const int64_t* t = args[1].data<int64_t>();
  int64_t* r = out.data<int64_t>();
  std::string_view parsed_name;
  int unit = -1;
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    if (unit < 0 || units[i] != parsed_name) {
      ASSIGN_OR_RETURN(unit, ParseTruncUnit(units[i]));
      parsed_name = units[i];
    }
    if (!kWithZone) {
      ASSIGN_OR_RETURN(r[i], TruncateLocal(t[i], unit));
      continue;
    }
    if (!IsFiniteTimestamp(t[i])) {
      r[i] = t[i];
      continue;
    }
    ASSIGN_OR_RETURN(int64_t local, TruncateLocal(UtcToLocal(t[i], context.time_zone), unit));
    r[i] = context.time_zone.LocalToUtc(local);
  }
  return Status::Ok();
}

// date_trunc(unit, ts, zone): truncation on the wall clock of `zone`.
Status DateTruncInZone(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* units = args[0].data<std::string_view>();
  const int64_t* t = args[1].data<int64_t>();
  const auto* zones = args[2].data<std::string_view>();
  int64_t* r = out.data<int64_t>();
  std::string_view parsed_name;
  int unit = -1;
  ZoneCache zone_cache;
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    if (unit < 0 || units[i] != parsed_name) {
      ASSIGN_OR_RETURN(unit, ParseTruncUnit(units[i]));
      parsed_name = units[i];
    }
    ASSIGN_OR_RETURN(const TimeZone* zone, zone_cache.Get(zones[i]));
    if (!IsFiniteTimestamp(t[i])) {
      r[i] = t[i];
      continue;
    }
    ASSIGN_OR_RETURN(int64_t local, TruncateLocal(UtcToLocal(t[i], *zone), unit));
    r[i] = zone->LocalToUtc(local);
  }
  return Status::Ok();
}

Status TimestampOutOfRange() {
  return Status::Error(ErrorCode::kDatetimeFieldOverflow, "timestamp out of range");
}

// date_bin(stride, source, origin): the start of the stride-wide bin holding
// source, bins aligned to origin (floored, also before the origin). The same
// arithmetic serves timestamp and timestamptz: bins are absolute durations.
Status DateBin(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const Interval* stride = args[0].data<Interval>();
  const int64_t* source = args[1].data<int64_t>();
  const int64_t* origin = args[2].data<int64_t>();
  int64_t* r = out.data<int64_t>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    if (!IsFiniteTimestamp(source[i])) {
      r[i] = source[i];
      continue;
    }
    if (!IsFiniteTimestamp(origin[i])) {
      return Status::Error(ErrorCode::kDatetimeFieldOverflow, "origin out of range");
    }
    if (stride[i].months != 0) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "timestamps cannot be binned into intervals containing months or years");
    }
    int64_t width;
    if (__builtin_mul_overflow(int64_t{stride[i].days}, kMicrosPerDay, &width) ||
        __builtin_add_overflow(width, stride[i].micros, &width)) {
      return IntervalOutOfRange();
    }
    if (width <= 0) {
      return Status::Error(ErrorCode::kDatetimeFieldOverflow, "stride must be greater than zero");
    }
    int64_t diff;
    if (__builtin_sub_overflow(source[i], origin[i], &diff)) return IntervalOutOfRange();
    int64_t delta = FloorDiv(diff, width) * width;
    if (__builtin_add_overflow(origin[i], delta, &r[i]) || !IsFiniteTimestamp(r[i])) {
      return TimestampOutOfRange();
    }
  }
  return Status::Ok();
}

// The zone argument of timezone() as text or as an interval offset.
Result<TimeZone> IntervalZone(const Interval& offset) {
  if (offset.months != 0 || offset.days != 0) {
    std::string text;
    FormatInterval(offset, text);
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         "interval time zone \"" + text + "\" must not include months or days");
  }
  return TimeZone::FixedOffset(static_cast<int32_t>(offset.micros / kMicrosPerSecond));
}

enum class ZoneSource { kText, kInterval };
enum class ConvertFrom { kTimestampTz, kTimestamp, kDate };

// timezone(zone, value), also written value AT TIME ZONE zone: a
// timestamptz becomes the wall-clock time in zone; a timestamp is read as a
// wall-clock time in zone and becomes the instant; a date is first the
// session's midnight instant, as PostgreSQL casts it to timestamptz.
template <ZoneSource kZone, ConvertFrom kFrom>
Status ConvertZone(const ColumnVector* args, size_t n, const EvalContext& context,
                   ColumnVector& out) {
  int64_t* r = out.data<int64_t>();
  ZoneCache zone_cache;
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    int64_t value;
    if constexpr (kFrom == ConvertFrom::kDate) {
      ASSIGN_OR_RETURN(value, DateToLocalMicros(args[1].data<int32_t>()[i]));
      if (IsFiniteTimestamp(value)) value = context.time_zone.LocalToUtc(value);
    } else {
      value = args[1].data<int64_t>()[i];
    }
    TimeZone interval_zone;
    const TimeZone* zone = &interval_zone;
    if constexpr (kZone == ZoneSource::kText) {
      ASSIGN_OR_RETURN(zone, zone_cache.Get(args[0].data<std::string_view>()[i]));
    } else {
      ASSIGN_OR_RETURN(interval_zone, IntervalZone(args[0].data<Interval>()[i]));
    }
    if (!IsFiniteTimestamp(value)) {
      r[i] = value;
      continue;
    }
    if constexpr (kFrom == ConvertFrom::kTimestamp) {
      r[i] = zone->LocalToUtc(value);
    } else {
      r[i] = UtcToLocal(value, *zone);
    }
    if (!IsFiniteTimestamp(r[i])) return TimestampOutOfRange();
  }
  return Status::Ok();
}

// make_interval(years, months, weeks, days, hours, mins, secs); the binder
// fills omitted (or named) arguments with their defaults of 0.
Status MakeInterval(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const int32_t* years = args[0].data<int32_t>();
  const int32_t* months = args[1].data<int32_t>();
  const int32_t* weeks = args[2].data<int32_t>();
  const int32_t* days = args[3].data<int32_t>();
  const int32_t* hours = args[4].data<int32_t>();
  const int32_t* mins = args[5].data<int32_t>();
  const double* secs = args[6].data<double>();
  Interval* r = out.data<Interval>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    double micros = std::rint(secs[i] * 1e6);
    int64_t time;
    bool overflow = !std::isfinite(micros) || std::fabs(micros) >= 9.2e18 ||
                    __builtin_mul_overflow(years[i], 12, &r[i].months) ||
                    __builtin_add_overflow(r[i].months, months[i], &r[i].months) ||
                    __builtin_mul_overflow(weeks[i], 7, &r[i].days) ||
                    __builtin_add_overflow(r[i].days, days[i], &r[i].days) ||
                    __builtin_mul_overflow(int64_t{hours[i]}, kMicrosPerHour, &time) ||
                    __builtin_add_overflow(time, int64_t{mins[i]} * kMicrosPerMinute, &time) ||
                    __builtin_add_overflow(time, static_cast<int64_t>(micros), &r[i].micros);
    if (overflow) return IntervalOutOfRange();
  }
  return Status::Ok();
}

int DaysInMonth(int64_t year, unsigned month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

struct CivilTime {
  int64_t year;
  unsigned month;
  unsigned day;
  int64_t micros_of_day;
};

CivilTime ToCivil(int64_t local) {
  CivilTime c;
  int64_t day_number = FloorDiv(local, kMicrosPerDay);
  c.micros_of_day = local - day_number * kMicrosPerDay;
  CivilFromDays(day_number, c.year, c.month, c.day);
  return c;
}

// age(a, b): a - b in years, months and days of the calendar, as PostgreSQL
// computes it: the field-wise difference of the later minus the earlier
// time, negative fields borrowed from the next larger one (a day borrows the
// length of the earlier time's month), the sign restored at the end.
Interval SymbolicAge(int64_t a_local, int64_t b_local) {
  bool negative = a_local < b_local;
  CivilTime later = ToCivil(negative ? b_local : a_local);
  CivilTime earlier = ToCivil(negative ? a_local : b_local);
  int64_t micros = later.micros_of_day - earlier.micros_of_day;
  int64_t days = int64_t{later.day} - int64_t{earlier.day};
  int64_t months = int64_t{later.month} - int64_t{earlier.month};
  int64_t years = later.year - earlier.year;
  if (micros < 0) {
    micros += kMicrosPerDay;
    --days;
  }
  if (days < 0) {
    days += DaysInMonth(earlier.year, earlier.month);
    --months;
  }
  if (months < 0) {
    months += 12;
    --years;
  }
  int64_t sign = negative ? -1 : 1;
  return Interval{.micros = sign * micros,
                  .days = static_cast<int32_t>(sign * days),
                  .months = static_cast<int32_t>(sign * (years * 12 + months))};
}

template <bool kWithZone>
Status Age(const ColumnVector* args, size_t n, const EvalContext& context, ColumnVector& out) {
  const int64_t* a = args[0].data<int64_t>();
  const int64_t* b = args[1].data<int64_t>();
  Interval* r = out.data<Interval>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    if (!IsFiniteTimestamp(a[i]) || !IsFiniteTimestamp(b[i])) {
      return Status::Error(ErrorCode::kDatetimeFieldOverflow, "timestamp out of range");
    }
    r[i] = kWithZone ? SymbolicAge(UtcToLocal(a[i], context.time_zone),
                                   UtcToLocal(b[i], context.time_zone))
                     : SymbolicAge(a[i], b[i]);
  }
  return Status::Ok();
}

// age(ts): the age at midnight of the statement's date in the session zone.
template <bool kWithZone>
Status AgeFromToday(const ColumnVector* args, size_t n, const EvalContext& context,
                    ColumnVector& out) {
  const int64_t* b = args[0].data<int64_t>();
  Interval* r = out.data<Interval>();
  int64_t today =
      FloorDiv(UtcToLocal(context.statement_time_micros, context.time_zone), kMicrosPerDay) *
      kMicrosPerDay;
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    if (!IsFiniteTimestamp(b[i])) {
      return Status::Error(ErrorCode::kDatetimeFieldOverflow, "timestamp out of range");
    }
    r[i] = SymbolicAge(today, kWithZone ? UtcToLocal(b[i], context.time_zone) : b[i]);
  }
  return Status::Ok();
}

bool GrowsWithTime(std::string_view field) {
  const std::string name = LowerUnitName(field);
  return name == "epoch" || name == "year" || name == "years" || name == "decade" ||
         name == "century" || name == "millennium" || name == "julian" || name == "isoyear";
}

Result<double> ExtractField(std::string_view field, int64_t local, int64_t epoch_micros) {
  const std::string name = LowerUnitName(field);
  if (name == "epoch") return static_cast<double>(epoch_micros) / 1e6;
  int64_t day_number = FloorDiv(local, kMicrosPerDay);
  int64_t time_of_day = local - day_number * kMicrosPerDay;
  int64_t year;
  unsigned month, day;
  CivilFromDays(day_number, year, month, day);
  if (name == "year" || name == "years") return static_cast<double>(year);
  if (name == "month" || name == "months" || name == "mon") return month;
  if (name == "day" || name == "days") return day;
  if (name == "hour" || name == "hours") return static_cast<double>(time_of_day / kMicrosPerHour);
  if (name == "minute" || name == "minutes" || name == "min") {
    return static_cast<double>(time_of_day / kMicrosPerMinute % 60);
  }
  if (name == "second" || name == "seconds" || name == "sec") {
    return static_cast<double>(time_of_day % kMicrosPerMinute) / 1e6;
  }
  if (name == "milliseconds") return static_cast<double>(time_of_day % kMicrosPerMinute) / 1e3;
  if (name == "microseconds") return static_cast<double>(time_of_day % kMicrosPerMinute);
  if (name == "quarter") return (month - 1) / 3 + 1;
  if (name == "dow") return static_cast<double>(((day_number + 4) % 7 + 7) % 7);
  if (name == "isodow") {
    int64_t dow = ((day_number + 4) % 7 + 7) % 7;
    return static_cast<double>(dow == 0 ? 7 : dow);
  }
  if (name == "doy") return static_cast<double>(day_number - DaysFromCivil(year, 1, 1) + 1);
  if (name == "decade") return static_cast<double>(FloorDiv(year, 10));
  if (name == "century")
    return static_cast<double>(year > 0 ? (year + 99) / 100 : -((99 - year) / 100));
  return Status::Error(ErrorCode::kInvalidParameterValue,
                       "unit \"" + std::string(field) + "\" not recognized for type timestamp");
}

template <TypeId kType>
Status DatePart(const ColumnVector* args, size_t n, const EvalContext& context, ColumnVector& out) {
  const auto* fields = args[0].data<std::string_view>();
  double* r = out.data<double>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    int64_t local;
    int64_t epoch;
    if constexpr (kType == TypeId::kDate) {
      ASSIGN_OR_RETURN(local, DateToLocalMicros(args[1].data<int32_t>()[i]));
      epoch = local;
    } else if constexpr (kType == TypeId::kTimestamp) {
      local = args[1].data<int64_t>()[i];
      epoch = local;
    } else {
      epoch = args[1].data<int64_t>()[i];
      local = IsFiniteTimestamp(epoch) ? UtcToLocal(epoch, context.time_zone) : epoch;
    }
    if (!IsFiniteTimestamp(epoch)) {
      // As PostgreSQL: fields that only grow are infinite, the rest unknown.
      if (GrowsWithTime(fields[i])) {
        r[i] = epoch > 0 ? HUGE_VAL : -HUGE_VAL;
      } else {
        out.SetNull(i, true);
      }
      continue;
    }
    ASSIGN_OR_RETURN(r[i], ExtractField(fields[i], local, epoch));
  }
  return Status::Ok();
}

Status IntervalPart(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* fields = args[0].data<std::string_view>();
  const Interval* iv = args[1].data<Interval>();
  double* r = out.data<double>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    const std::string name = LowerUnitName(fields[i]);
    const Interval& v = iv[i];
    if (name == "epoch") {
      // PostgreSQL counts a year as 365.25 days and a month as 30.
      r[i] = v.micros / 1e6 + v.days * 86400.0 + (v.months / 12) * (365.25 * 86400.0) +
             (v.months % 12) * (30.0 * 86400.0);
    } else if (name == "year" || name == "years") {
      r[i] = v.months / 12;
    } else if (name == "month" || name == "months" || name == "mon") {
      r[i] = v.months % 12;
    } else if (name == "day" || name == "days") {
      r[i] = v.days;
    } else if (name == "hour" || name == "hours") {
      r[i] = static_cast<double>(v.micros / kMicrosPerHour);
    } else if (name == "minute" || name == "minutes" || name == "min") {
      r[i] = static_cast<double>(v.micros / kMicrosPerMinute % 60);
    } else if (name == "second" || name == "seconds" || name == "sec") {
      r[i] = static_cast<double>(v.micros % kMicrosPerMinute) / 1e6;
    } else {
      return Status::Error(
          ErrorCode::kInvalidParameterValue,
          "unit \"" + std::string(fields[i]) + "\" not recognized for type interval");
    }
  }
  return Status::Ok();
}

}  // namespace

void RegisterTimeFunctions(FunctionCatalog& catalog) {
  catalog.AddScalar("+", {kTimestampTz, kInterval}, kTimestampTz,
                    TimestampPlusInterval<true, false, false>);
  catalog.AddScalar("+", {kInterval, kTimestampTz}, kTimestampTz,
                    TimestampPlusInterval<true, false, true>);
  catalog.AddScalar("-", {kTimestampTz, kInterval}, kTimestampTz,
                    TimestampPlusInterval<true, true, false>);
  catalog.AddScalar("+", {kTimestamp, kInterval}, kTimestamp,
                    TimestampPlusInterval<false, false, false>);
  catalog.AddScalar("+", {kInterval, kTimestamp}, kTimestamp,
                    TimestampPlusInterval<false, false, true>);
  catalog.AddScalar("-", {kTimestamp, kInterval}, kTimestamp,
                    TimestampPlusInterval<false, true, false>);
  catalog.AddScalar("-", {kTimestampTz, kTimestampTz}, kInterval, TimestampMinusTimestamp);
  catalog.AddScalar("-", {kTimestamp, kTimestamp}, kInterval, TimestampMinusTimestamp);
  catalog.AddScalar("+", {kDate, kInt32}, kDate, DatePlusDays<1, false>);
  catalog.AddScalar("+", {kInt32, kDate}, kDate, DatePlusDays<1, true>);
  catalog.AddScalar("-", {kDate, kInt32}, kDate, DatePlusDays<-1, false>);
  catalog.AddScalar("-", {kDate, kDate}, kInt32, DateMinusDate);
  catalog.AddScalar("+", {kDate, kInterval}, kTimestamp, DatePlusInterval<false>);
  catalog.AddScalar("-", {kDate, kInterval}, kTimestamp, DatePlusInterval<true>);
  catalog.AddScalar("+", {kInterval, kInterval}, kInterval, IntervalPlusInterval<1>);
  catalog.AddScalar("-", {kInterval, kInterval}, kInterval, IntervalPlusInterval<-1>);
  catalog.AddScalar("-", {kInterval}, kInterval, IntervalNegate);
  catalog.AddScalar("*", {kInterval, kFloat64}, kInterval, IntervalTimesFloat<true>);
  catalog.AddScalar("*", {kFloat64, kInterval}, kInterval, IntervalTimesFloat<false>);
  catalog.AddScalar("/", {kInterval, kFloat64}, kInterval, IntervalDivFloat);

  for (const char* name :
       {"now", "current_timestamp", "transaction_timestamp", "statement_timestamp"}) {
    catalog.AddScalar(name, {}, kTimestampTz, Now);
  }
  catalog.AddScalar("current_date", {}, kDate, CurrentDate);
  catalog.AddScalar("localtimestamp", {}, kTimestamp, LocalTimestamp);
  catalog.AddScalar("date_trunc", {kText, kTimestampTz}, kTimestampTz, DateTrunc<true>);
  catalog.AddScalar("date_trunc", {kText, kTimestamp}, kTimestamp, DateTrunc<false>);
  catalog.AddScalar("date_trunc", {kText, kTimestampTz, kText}, kTimestampTz, DateTruncInZone);
  catalog.AddScalar("date_bin", {kInterval, kTimestampTz, kTimestampTz}, kTimestampTz, DateBin);
  catalog.AddScalar("date_bin", {kInterval, kTimestamp, kTimestamp}, kTimestamp, DateBin);
  // The timestamptz forms come first: an untyped literal value resolves to
  // timestamptz, PostgreSQL's preferred datetime type.
  catalog.AddScalar("timezone", {kText, kTimestampTz}, kTimestamp,
                    ConvertZone<ZoneSource::kText, ConvertFrom::kTimestampTz>);
  catalog.AddScalar("timezone", {kText, kTimestamp}, kTimestampTz,
                    ConvertZone<ZoneSource::kText, ConvertFrom::kTimestamp>);
  catalog.AddScalar("timezone", {kText, kDate}, kTimestamp,
                    ConvertZone<ZoneSource::kText, ConvertFrom::kDate>);
  catalog.AddScalar("timezone", {kInterval, kTimestampTz}, kTimestamp,
                    ConvertZone<ZoneSource::kInterval, ConvertFrom::kTimestampTz>);
  catalog.AddScalar("timezone", {kInterval, kTimestamp}, kTimestampTz,
                    ConvertZone<ZoneSource::kInterval, ConvertFrom::kTimestamp>);
  catalog.AddScalar("timezone", {kInterval, kDate}, kTimestamp,
                    ConvertZone<ZoneSource::kInterval, ConvertFrom::kDate>);
  catalog.AddScalar("make_interval", {kInt32, kInt32, kInt32, kInt32, kInt32, kInt32, kFloat64},
                    kInterval, MakeInterval);
  catalog.AddScalar("age", {kTimestampTz, kTimestampTz}, kInterval, Age<true>);
  catalog.AddScalar("age", {kTimestamp, kTimestamp}, kInterval, Age<false>);
  catalog.AddScalar("age", {kTimestampTz}, kInterval, AgeFromToday<true>);
  catalog.AddScalar("age", {kTimestamp}, kInterval, AgeFromToday<false>);
  for (const char* name : {"date_part", "extract"}) {
    catalog.AddScalar(name, {kText, kTimestampTz}, kFloat64, DatePart<TypeId::kTimestampTz>);
    catalog.AddScalar(name, {kText, kTimestamp}, kFloat64, DatePart<TypeId::kTimestamp>);
    catalog.AddScalar(name, {kText, kDate}, kFloat64, DatePart<TypeId::kDate>);
    catalog.AddScalar(name, {kText, kInterval}, kFloat64, IntervalPart);
  }
}

}  // namespace sundial::exec
