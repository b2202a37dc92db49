#include <limits>
#include <string>
#include <string_view>

#include "common/datetime.h"
#include "exec/expression.h"
#include "exec/function_catalog.h"
#include "exec/kernel_util.h"
#include "exec/time_math.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

const DataType kDate = DataType::Of(TypeId::kDate);
const DataType kTimestamp = DataType::Of(TypeId::kTimestamp);
const DataType kTimestampTz = DataType::Of(TypeId::kTimestampTz);
const DataType kInterval = DataType::Of(TypeId::kInterval);
const DataType kText = DataType::Of(TypeId::kText);

// TimescaleDB's default origin: Monday 2000-01-03, so week buckets start on
// Mondays. Month buckets count from 2000-01-01 (day components are ignored).
constexpr int64_t kDefaultOriginMicros = kPostgresEpochMicros + 2 * kMicrosPerDay;
constexpr int64_t kDefaultOriginMonth = 2000 * 12;

Status PeriodNotPositive() {
  return Status::Error(ErrorCode::kInvalidParameterValue, "period must be greater than 0");
}

int64_t MonthIndexOfDay(int64_t day_number) {
  int64_t year;
  unsigned month, day;
  CivilFromDays(day_number, year, month, day);
  return year * 12 + (month - 1);
}

// floor((value - shift) / period) * period + shift with shift reduced modulo
// period first, as TimescaleDB's TIME_BUCKET does.
inline int64_t BucketFloor(int64_t value, int64_t period, int64_t shift) {
  return FloorDiv(value - shift, period) * period + shift;
}

// One bucket width (and origin) turned into the arithmetic every value of a
// batch shares: fixed widths are a single FloorDiv, month widths a
// calendar-month FloorDiv.
struct Bucketer {
  bool by_months = false;
  int64_t period = 0;  // micros, or months
  int64_t shift = 0;   // micros, or a month index, reduced modulo period

  static Result<Bucketer> Make(const Interval& width, const int64_t* origin_micros,
                               bool date_input) {
    Bucketer b;
    if (width.months != 0) {
      if (width.days != 0 || width.micros != 0) {
        return Status::Error(ErrorCode::kFeatureNotSupported,
                             "month intervals cannot have day or time component");
      }
      if (width.months <= 0) return PeriodNotPositive();
      b.by_months = true;
      b.period = width.months;
      int64_t origin_month = kDefaultOriginMonth;
      if (origin_micros != nullptr && *origin_micros != kDefaultOriginMicros) {
        origin_month = MonthIndexOfDay(FloorDiv(*origin_micros, kMicrosPerDay));
      }
      b.shift = origin_month % b.period;
      return b;
    }
    b.period = width.micros + int64_t{width.days} * kMicrosPerDay;
    if (b.period <= 0) return PeriodNotPositive();
    if (date_input) {
      if (b.period < kMicrosPerDay) {
        return Status::Error(ErrorCode::kFeatureNotSupported,
                             "interval must not have sub-day precision");
      }
      if (b.period % kMicrosPerDay != 0) {
        return Status::Error(ErrorCode::kFeatureNotSupported,
                             "interval must be a multiple of a day");
      }
    }
    b.shift = (origin_micros != nullptr ? *origin_micros : kDefaultOriginMicros) % b.period;
    return b;
  }

  int64_t ApplyMicros(int64_t t) const {
    if (!by_months) return BucketFloor(t, period, shift);
    return MonthStartDay(FloorDiv(t, kMicrosPerDay)) * kMicrosPerDay;
  }
  int32_t ApplyDays(int32_t d) const {
    if (!by_months) {
      return static_cast<int32_t>(BucketFloor(int64_t{d} * kMicrosPerDay, period, shift) /
                                  kMicrosPerDay);
    }
    return static_cast<int32_t>(MonthStartDay(d));
  }

 private:
  int64_t MonthStartDay(int64_t day_number) const {
    int64_t bucket = BucketFloor(MonthIndexOfDay(day_number), period, shift);
    int64_t year = FloorDiv(bucket, 12);
    return DaysFromCivil(year, static_cast<unsigned>(bucket - year * 12) + 1, 1);
  }
};

bool SameInterval(const Interval& a, const Interval& b) {
  return a.micros == b.micros && a.days == b.days && a.months == b.months;
}

// time_bucket(width, ts [, origin]) over timestamps (with or without zone:
// TimescaleDB buckets timestamptz in UTC) or dates. The width (and origin)
// is nearly always constant; the Bucketer is rebuilt only when it changes.
template <typename T, bool kWithOrigin>
Status BucketTime(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  constexpr bool kDateInput = std::is_same_v<T, int32_t>;
  const Interval* widths = args[0].data<Interval>();
  const T* times = args[1].data<T>();
  const T* origins = kWithOrigin ? args[2].data<T>() : nullptr;
  T* r = out.data<T>();
  Bucketer bucketer;
  bool have_bucketer = false;
  Interval width{};
  int64_t origin = 0;
  // Time-ordered input repeats a bucket for many rows in a row: the last
  // fixed-width bucket [run_begin, run_end) answers them without a division.
  int64_t run_begin = 1;
  int64_t run_end = 0;
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    int64_t row_origin = 0;
    if constexpr (kWithOrigin) {
      if constexpr (kDateInput) {
        ASSIGN_OR_RETURN(row_origin, DateToLocalMicros(origins[i]));
      } else {
        row_origin = origins[i];
      }
    }
    if (!have_bucketer || !SameInterval(widths[i], width) || row_origin != origin) {
      width = widths[i];
      origin = row_origin;
      ASSIGN_OR_RETURN(bucketer,
                       Bucketer::Make(width, kWithOrigin ? &origin : nullptr, kDateInput));
      have_bucketer = true;
      run_begin = 1;
      run_end = 0;
    }
    T t = times[i];
    if (t == std::numeric_limits<T>::max() || t == std::numeric_limits<T>::min()) {
      r[i] = t;
    } else if constexpr (kDateInput) {
      // Bucketing works on the date's timestamp, which must exist.
      RETURN_IF_ERROR(DateToLocalMicros(t).status());
      r[i] = bucketer.ApplyDays(t);
    } else if (t >= run_begin && t < run_end) {
      r[i] = run_begin;
    } else {
      r[i] = bucketer.ApplyMicros(t);
      if (!bucketer.by_months) {
        run_begin = r[i];
        constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
        run_end = run_begin <= kMax - bucketer.period ? run_begin + bucketer.period : kMax;
      }
    }
  }
  return Status::Ok();
}

// time_bucket(width, ts, offset) = time_bucket(width, ts - offset) + offset,
// as TimescaleDB defines it in SQL (interval math in the session zone).
template <TypeId kType>
Status BucketTimeWithOffset(const ColumnVector* args, size_t n, const EvalContext& context,
                            ColumnVector& out) {
  const Interval* widths = args[0].data<Interval>();
  const Interval* offsets = args[2].data<Interval>();
  Bucketer bucketer;
  bool have_bucketer = false;
  Interval width{};
  auto shift = [&](int64_t t, const Interval& delta) -> Result<int64_t> {
    if constexpr (kType == TypeId::kTimestampTz) {
      return AddIntervalToUtc(t, delta, context.time_zone);
    } else {
      return AddIntervalToLocal(t, delta);
    }
  };
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    if (!have_bucketer || !SameInterval(widths[i], width)) {
      width = widths[i];
      ASSIGN_OR_RETURN(bucketer, Bucketer::Make(width, nullptr, kType == TypeId::kDate));
      have_bucketer = true;
    }
    const Interval& offset = offsets[i];
    Interval minus{.micros = -offset.micros, .days = -offset.days, .months = -offset.months};
    int64_t t;
    if constexpr (kType == TypeId::kDate) {
      ASSIGN_OR_RETURN(t, DateToLocalMicros(args[1].data<int32_t>()[i]));
    } else {
      t = args[1].data<int64_t>()[i];
    }
    if (!IsFiniteTimestamp(t)) {
      if constexpr (kType == TypeId::kDate) {
        out.data<int32_t>()[i] = args[1].data<int32_t>()[i];
      } else {
        out.data<int64_t>()[i] = t;
      }
      continue;
    }
    ASSIGN_OR_RETURN(int64_t shifted, shift(t, minus));
    // A date moved by the offset is a timestamp, cut back to its date
    // before bucketing, as TimescaleDB's date variant casts it.
    if constexpr (kType == TypeId::kDate)
      shifted = FloorDiv(shifted, kMicrosPerDay) * kMicrosPerDay;
    ASSIGN_OR_RETURN(int64_t bucketed, shift(bucketer.ApplyMicros(shifted), offset));
    if constexpr (kType == TypeId::kDate) {
      out.data<int32_t>()[i] = static_cast<int32_t>(FloorDiv(bucketed, kMicrosPerDay));
    } else {
      out.data<int64_t>()[i] = bucketed;
    }
  }
  return Status::Ok();
}

// Integer time columns: time_bucket(width, value [, offset]).
template <typename T, bool kWithOffset>
Status BucketInteger(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const T* widths = args[0].data<T>();
  const T* values = args[1].data<T>();
  const T* offsets = kWithOffset ? args[2].data<T>() : nullptr;
  T* r = out.data<T>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    int64_t period = widths[i];
    if (period <= 0) return PeriodNotPositive();
    int64_t offset = kWithOffset ? int64_t{offsets[i]} % period : 0;
    int64_t value = values[i];
    if constexpr (std::is_same_v<T, int64_t>) {
      int64_t shifted;
      if (__builtin_sub_overflow(value, offset, &shifted)) {
        return Status::Error(ErrorCode::kNumericValueOutOfRange, "timestamp out of range");
      }
      int64_t q = shifted / period;
      if (shifted % period != 0 && shifted < 0) {
        if (__builtin_sub_overflow(q, 1, &q)) {
          return Status::Error(ErrorCode::kNumericValueOutOfRange, "timestamp out of range");
        }
      }
      int64_t result;
      if (__builtin_mul_overflow(q, period, &result)) {
        return Status::Error(ErrorCode::kNumericValueOutOfRange, "timestamp out of range");
      }
      r[i] = result + offset;
    } else {
      int64_t result = BucketFloor(value, period, offset);
      if (result < std::numeric_limits<T>::min() || result > std::numeric_limits<T>::max()) {
        return Status::Error(ErrorCode::kNumericValueOutOfRange, "timestamp out of range");
      }
      r[i] = static_cast<T>(result);
    }
  }
  return Status::Ok();
}

// time_bucket(width, ts, timezone [, origin [, offset]]): buckets the
// wall-clock time in `timezone` (origin read there too, default 2000-01-03
// local midnight), applying the offset to the wall clock, and returns the
// bucket's start as an instant, as TimescaleDB's timezone variant does. Not
// strict: a NULL origin or offset means none.
Status BucketTimeInZone(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  int64_t* r = out.data<int64_t>();
  std::string zone_name;
  TimeZone zone;
  bool have_zone = false;
  Bucketer bucketer;
  bool have_bucketer = false;
  Interval width{};
  int64_t origin = 0;
  bool with_origin = false;
  for (size_t i = 0; i < n; ++i) {
    if (args[0].IsNull(i) || args[1].IsNull(i) || args[2].IsNull(i)) {
      out.SetNull(i, true);
      continue;
    }
    std::string_view name = args[2].data<std::string_view>()[i];
    if (!have_zone || name != zone_name) {
      ASSIGN_OR_RETURN(zone, TimeZone::LookupForConversion(name));
      zone_name.assign(name);
      have_zone = true;
    }
    int64_t t = args[1].data<int64_t>()[i];
    if (!IsFiniteTimestamp(t)) {
      r[i] = t;
      continue;
    }
    bool row_with_origin = !args[3].IsNull(i);
    int64_t row_origin = 0;
    if (row_with_origin) {
      row_origin = args[3].data<int64_t>()[i];
      if (IsFiniteTimestamp(row_origin)) row_origin = UtcToLocal(row_origin, zone);
    }
    const Interval& row_width = args[0].data<Interval>()[i];
    if (!have_bucketer || !SameInterval(row_width, width) || row_with_origin != with_origin ||
        row_origin != origin) {
      width = row_width;
      with_origin = row_with_origin;
      origin = row_origin;
      ASSIGN_OR_RETURN(bucketer, Bucketer::Make(width, with_origin ? &origin : nullptr, false));
      have_bucketer = true;
    }
    int64_t local = UtcToLocal(t, zone);
    const bool with_offset = !args[4].IsNull(i);
    const Interval offset = with_offset ? args[4].data<Interval>()[i] : Interval{};
    if (with_offset) {
      Interval minus{.micros = -offset.micros, .days = -offset.days, .months = -offset.months};
      ASSIGN_OR_RETURN(local, AddIntervalToLocal(local, minus));
    }
    int64_t bucket = bucketer.ApplyMicros(local);
    if (with_offset) {
      ASSIGN_OR_RETURN(bucket, AddIntervalToLocal(bucket, offset));
    }
    r[i] = zone.LocalToUtc(bucket);
  }
  return Status::Ok();
}

// time_bucket_gapfill(width, ts, start, finish) is time_bucket(width, ts) on
// every row; start and finish only steer the gapfill operator. It is not
// strict (start and finish are usually NULL), so it sets its own NULLs.
template <ScalarKernel kBucket>
Status BucketForGapfill(const ColumnVector* args, size_t n, const EvalContext& context,
                        ColumnVector& out) {
  for (size_t i = 0; i < n; ++i) {
    if (args[0].IsNull(i) || args[1].IsNull(i)) out.SetNull(i, true);
  }
  return kBucket(args, n, context, out);
}

// time_bucket_gapfill(width, ts, timezone, start, finish): the timezone
// form of time_bucket without origin or offset.
Status BucketInZoneForGapfill(const ColumnVector* args, size_t n, const EvalContext& context,
                              ColumnVector& out) {
  const ColumnVector zone_args[] = {args[0], args[1], args[2],
                                    ConstantVector(Value::Null(kTimestampTz), kTimestampTz, n),
                                    ConstantVector(Value::Null(kInterval), kInterval, n)};
  return BucketTimeInZone(zone_args, n, context, out);
}

template <typename T>
void RegisterInteger(FunctionCatalog& catalog, TypeId id) {
  DataType type = DataType::Of(id);
  catalog.AddScalar("time_bucket", {type, type}, type, BucketInteger<T, false>);
  catalog.AddScalar("time_bucket", {type, type, type}, type, BucketInteger<T, true>);
  catalog.AddScalar("time_bucket_gapfill", {type, type, type, type}, type,
                    BucketForGapfill<BucketInteger<T, false>>, /*strict=*/false);
}

}  // namespace

void RegisterTimeBucketFunctions(FunctionCatalog& catalog) {
  catalog.AddScalar("time_bucket", {kInterval, kTimestampTz}, kTimestampTz,
                    BucketTime<int64_t, false>);
  catalog.AddScalar("time_bucket", {kInterval, kTimestamp}, kTimestamp, BucketTime<int64_t, false>);
  catalog.AddScalar("time_bucket", {kInterval, kDate}, kDate, BucketTime<int32_t, false>);
  catalog.AddScalar("time_bucket", {kInterval, kTimestampTz, kTimestampTz}, kTimestampTz,
                    BucketTime<int64_t, true>);
  catalog.AddScalar("time_bucket", {kInterval, kTimestamp, kTimestamp}, kTimestamp,
                    BucketTime<int64_t, true>);
  catalog.AddScalar("time_bucket", {kInterval, kDate, kDate}, kDate, BucketTime<int32_t, true>);
  catalog.AddScalar("time_bucket", {kInterval, kTimestampTz, kInterval}, kTimestampTz,
                    BucketTimeWithOffset<TypeId::kTimestampTz>);
  catalog.AddScalar("time_bucket", {kInterval, kTimestamp, kInterval}, kTimestamp,
                    BucketTimeWithOffset<TypeId::kTimestamp>);
  catalog.AddScalar("time_bucket", {kInterval, kDate, kInterval}, kDate,
                    BucketTimeWithOffset<TypeId::kDate>);
  catalog.AddScalar("time_bucket", {kInterval, kTimestampTz, kText, kTimestampTz, kInterval},
                    kTimestampTz, BucketTimeInZone, /*strict=*/false);
  catalog.AddScalar("time_bucket_gapfill", {kInterval, kTimestampTz, kTimestampTz, kTimestampTz},
                    kTimestampTz, BucketForGapfill<BucketTime<int64_t, false>>, /*strict=*/false);
  catalog.AddScalar("time_bucket_gapfill",
                    {kInterval, kTimestampTz, kText, kTimestampTz, kTimestampTz}, kTimestampTz,
                    BucketInZoneForGapfill, /*strict=*/false);
  catalog.AddScalar("time_bucket_gapfill", {kInterval, kTimestamp, kTimestamp, kTimestamp},
                    kTimestamp, BucketForGapfill<BucketTime<int64_t, false>>, /*strict=*/false);
  catalog.AddScalar("time_bucket_gapfill", {kInterval, kDate, kDate, kDate}, kDate,
                    BucketForGapfill<BucketTime<int32_t, false>>, /*strict=*/false);
  RegisterInteger<int16_t>(catalog, TypeId::kInt16);
  RegisterInteger<int32_t>(catalog, TypeId::kInt32);
  RegisterInteger<int64_t>(catalog, TypeId::kInt64);
}

}  // namespace sundial::exec
