#include <algorithm>
#include <initializer_list>
#include <string>

#include "common/datetime.h"
#include "exec/function_catalog.h"
#include "exec/kernel_util.h"
#include "exec/time_math.h"

// time (without time zone) arithmetic, as PostgreSQL's time_pl_interval,
// time_mi_time and datetime_pl: an interval moves a time by its time part
// only (days and months are dropped) and wraps around midnight.

namespace sundial::exec {
namespace {

const DataType kTime = DataType::Of(TypeId::kTime);
const DataType kInterval = DataType::Of(TypeId::kInterval);
const DataType kDate = DataType::Of(TypeId::kDate);
const DataType kTimestamp = DataType::Of(TypeId::kTimestamp);

template <int kSign, bool kIntervalFirst>
Status TimePlusInterval(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const ColumnVector& times = args[kIntervalFirst ? 1 : 0];
  const ColumnVector& intervals = args[kIntervalFirst ? 0 : 1];
  BinaryLoop<int64_t, Interval, int64_t>(
      times, intervals, n, out, [](int64_t t, const Interval& v) {
        return WrapToTimeOfDay(t + kSign * (v.micros % kMicrosPerDay));
      });
  return Status::Ok();
}

Status TimeMinusTime(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  BinaryLoop<int64_t, int64_t, Interval>(
      args[0], args[1], n, out, [](int64_t a, int64_t b) { return Interval{.micros = a - b}; });
  return Status::Ok();
}

// date + time: the timestamp of that wall-clock time on that day.
template <bool kTimeFirst>
Status DatePlusTime(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const ColumnVector& dates = args[kTimeFirst ? 1 : 0];
  const ColumnVector& times = args[kTimeFirst ? 0 : 1];
  const int32_t* d = dates.data<int32_t>();
  const int64_t* t = times.data<int64_t>();
  int64_t* r = out.data<int64_t>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    ASSIGN_OR_RETURN(int64_t midnight, DateToLocalMicros(d[i]));
    r[i] = IsFiniteTimestamp(midnight) ? midnight + t[i] : midnight;
  }
  return Status::Ok();
}

// date_part / extract of a time of day: the fields a time has (PostgreSQL:
// 0A000 for date fields, 22023 for words that are no field at all).
Status TimePart(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* fields = args[0].data<std::string_view>();
  const int64_t* times = args[1].data<int64_t>();
  double* r = out.data<double>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    const std::string name = LowerUnitName(fields[i]);
    const int64_t t = times[i];
    auto is = [&](std::initializer_list<std::string_view> spellings) {
      return std::find(spellings.begin(), spellings.end(), name) != spellings.end();
    };
    if (is({"microsecond", "microseconds", "us", "usec", "usecs", "useconds"})) {
      r[i] = static_cast<double>(t % kMicrosPerMinute);
    } else if (is({"millisecond", "milliseconds", "ms", "msec", "msecs", "mseconds"})) {
      r[i] = static_cast<double>(t % kMicrosPerMinute) / 1e3;
    } else if (is({"second", "seconds", "s", "sec", "secs"})) {
      r[i] = static_cast<double>(t % kMicrosPerMinute) / 1e6;
    } else if (is({"minute", "minutes", "m", "min", "mins"})) {
      r[i] = static_cast<double>(t / kMicrosPerMinute % 60);
    } else if (is({"hour", "hours", "h", "hr", "hrs"})) {
      r[i] = static_cast<double>(t / kMicrosPerHour);
    } else if (name == "epoch") {
      r[i] = static_cast<double>(t) / 1e6;
    } else if (is({"day",        "days",
                   "d",          "month",
                   "months",     "mon",
                   "mons",       "year",
                   "years",      "y",
                   "yr",         "yrs",
                   "week",       "weeks",
                   "w",          "quarter",
                   "qtr",        "decade",
                   "decades",    "dec",
                   "century",    "centuries",
                   "c",          "cent",
                   "millennium", "millennia",
                   "mil",        "mils",
                   "dow",        "doy",
                   "isodow",     "isoyear",
                   "julian",     "timezone",
                   "timezone_h", "timezone_hour",
                   "timezone_m", "timezone_minute"})) {
      return Status::Error(
          ErrorCode::kFeatureNotSupported,
          "unit \"" + std::string(fields[i]) + "\" not supported for type time without time zone");
    } else {
      return Status::Error(
          ErrorCode::kInvalidParameterValue,
          "unit \"" + std::string(fields[i]) + "\" not recognized for type time without time zone");
    }
  }
  return Status::Ok();
}

}  // namespace

void RegisterTimeOfDayFunctions(FunctionCatalog& catalog) {
  catalog.AddScalar("+", {kTime, kInterval}, kTime, TimePlusInterval<1, false>);
  catalog.AddScalar("+", {kInterval, kTime}, kTime, TimePlusInterval<1, true>);
  catalog.AddScalar("-", {kTime, kInterval}, kTime, TimePlusInterval<-1, false>);
  catalog.AddScalar("-", {kTime, kTime}, kInterval, TimeMinusTime);
  for (const char* name : {"date_part", "extract"}) {
    catalog.AddScalar(name, {DataType::Of(TypeId::kText), kTime}, DataType::Of(TypeId::kFloat64),
                      TimePart);
  }
  catalog.AddScalar("+", {kDate, kTime}, kTimestamp, DatePlusTime<false>);
  catalog.AddScalar("+", {kTime, kDate}, kTimestamp, DatePlusTime<true>);
}

}  // namespace sundial::exec
