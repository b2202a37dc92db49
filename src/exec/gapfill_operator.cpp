#include <cmath>
#include <cstring>

#include "common/datetime.h"

#include "exec/operator_factories.h"
#include "exec/time_math.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

bool SameRowValue(const ColumnVector& a, size_t i, const ColumnVector& b, size_t j) {
  if (a.IsNull(i) || b.IsNull(j)) return a.IsNull(i) && b.IsNull(j);
  return DispatchPhysical(a.type().id, [&](auto tag) {
    using T = decltype(tag);
    const T x = a.data<T>()[i];
    const T y = b.data<T>()[j];
    if constexpr (std::is_floating_point_v<T>) {
      return x == y || (std::isnan(x) && std::isnan(y));
    } else if constexpr (std::is_same_v<T, Interval>) {
      return x.micros == y.micros && x.days == y.days && x.months == y.months;
    } else if constexpr (std::is_same_v<T, Numeric>) {
      return CompareNumeric(x, y) == 0;
    } else {
      return x == y;
    }
  });
}

int64_t ReadTime(const ColumnVector& v, size_t row) {
  return DispatchPhysical(v.type().id, [&](auto tag) -> int64_t {
    using T = decltype(tag);
    if constexpr (std::is_integral_v<T>) {
      return static_cast<int64_t>(v.data<T>()[row]);
    } else {
      return 0;
    }
  });
}

void AppendNull(ColumnVector& v) {
  size_t at = v.size();
  v.SetSize(at + 1);
  v.SetNull(at, true);
}

// A copy of one value, kept across input batches.
ColumnVector HeldValue(const ColumnVector& source, size_t row) {
  ColumnVector held(source.type(), 1);
  held.AppendFrom(source, row);
  return held;
}

// The last input row of a series an interpolate column saw: its time and
// value, or nothing when that value was NULL.
struct Sample {
  bool valid = false;
  int64_t time = 0;
  ColumnVector value;
};

// Linear interpolation at x between (x0, y0) and (x1, y1), computed as
// TimescaleDB does: floats in their own precision, integers exactly and
// rounded half away from zero.
void Interpolate(int64_t x, const Sample& before, const Sample& after, ColumnVector& out) {
  const int64_t x0 = before.time;
  const int64_t x1 = after.time;
  DispatchPhysical(out.type().id, [&](auto tag) {
    using T = decltype(tag);
    size_t at = out.size();
    out.SetSize(at + 1);
    if constexpr (std::is_floating_point_v<T>) {
      const T y0 = before.value.data<T>()[0];
      const T y1 = after.value.data<T>()[0];
      out.data<T>()[at] = y0 == y1 ? y0
                                   : (y0 * static_cast<T>(x1 - x) + y1 * static_cast<T>(x - x0)) /
                                         static_cast<T>(x1 - x0);
    } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, uint8_t>) {
      const __int128 y0 = before.value.data<T>()[0];
      const __int128 y1 = after.value.data<T>()[0];
      const __int128 numerator = y0 * (x1 - x) + y1 * (x - x0);
      const __int128 denominator = x1 - x0;
      __int128 quotient = numerator / denominator;
      const __int128 remainder = numerator % denominator;
      if (2 * (remainder < 0 ? -remainder : remainder) >= denominator) {
        quotient += numerator < 0 ? -1 : 1;
      }
      out.data<T>()[at] = static_cast<T>(quotient);
    } else {
      out.SetNull(at, true);
    }
  });
}

// Streams sorted aggregate output, inserting the rows of missing buckets.
// Per series it follows TimescaleDB's gapfill node: input rows before
// `start` pass through, then every bucket start from `start` while below
// `finish` is emitted (the input row when the series has it, else a gap
// row), then the series' remaining rows pass through.
class GapfillOperator final : public Operator {
 public:
  GapfillOperator(const GapfillPlan& plan, std::unique_ptr<Operator> child, ExecContext& context)
      : plan_(plan),
        child_(std::move(child)),
        context_(context),
        input_width_(plan.output_types.size() - plan.fills.size()),
        locf_(plan.fills.size()),
        before_(plan.fills.size()) {}

  Result<bool> Next(DataChunk& out) override {
    RETURN_IF_ERROR(CheckCanceled(context_));
    out = DataChunk::Make(plan_.output_types);
    while (out.size() < kBatchCapacity) {
      if (!pending_) {
        if (row_ >= input_.size()) {
          if (input_done_) break;
          RETURN_IF_ERROR(Fetch());
          continue;
        }
        if (in_series_ && !SameSeries()) {
          if (next_ < plan_.finish) {
            RETURN_IF_ERROR(EmitGap(out, /*before_row=*/false));
            continue;
          }
          in_series_ = false;
        }
        if (input_.columns[plan_.time_column].IsNull(row_)) {
          return Status::Error(ErrorCode::kInvalidParameterValue,
                               "invalid time_bucket_gapfill argument: ts cannot be NULL");
        }
        if (!in_series_) StartSeries();
        row_time_ = ReadTime(input_.columns[plan_.time_column], row_);
        pending_ = true;
      }
      if (row_time_ >= plan_.start && row_time_ != next_ && next_ < plan_.finish) {
        RETURN_IF_ERROR(EmitGap(out, /*before_row=*/true));
        continue;
      }
      RETURN_IF_ERROR(EmitRow(out));
      if (row_time_ >= plan_.start && row_time_ == next_) RETURN_IF_ERROR(Advance());
      pending_ = false;
      ++row_;
    }
    if (input_done_ && !pending_ && row_ >= input_.size()) {
      // Without other group keys the query is one series, filled even when
      // no row arrived at all; with them, only series that had rows exist.
      if (!in_series_ && !saw_rows_ && plan_.series_columns.empty()) {
        StartSeries();
        saw_rows_ = true;
      }
      while (in_series_ && next_ < plan_.finish && out.size() < kBatchCapacity) {
        RETURN_IF_ERROR(EmitGap(out, /*before_row=*/false));
      }
    }
    return out.size() > 0;
  }

 private:
  Status Fetch() {
    DataChunk batch;
    ASSIGN_OR_RETURN(bool more, child_->Next(batch));
    if (!more) {
      input_done_ = true;
      input_ = DataChunk{};
      row_ = 0;
      return Status::Ok();
    }
    RETURN_IF_ERROR(CheckCanceled(context_));
    input_ = std::move(batch);
    row_ = 0;
    fill_values_.resize(plan_.fills.size());
    for (size_t f = 0; f < plan_.fills.size(); ++f) {
      RETURN_IF_ERROR(Evaluate(*plan_.fills[f].value, input_, context_.eval, fill_values_[f]));
    }
    return Status::Ok();
  }

  bool SameSeries() const {
    for (size_t k = 0; k < plan_.series_columns.size(); ++k) {
      if (!SameRowValue(input_.columns[plan_.series_columns[k]], row_, series_[k], 0)) {
        return false;
      }
    }
    return true;
  }

  void StartSeries() {
    series_.clear();
    if (row_ < input_.size()) {
      for (int column : plan_.series_columns)
        series_.push_back(HeldValue(input_.columns[column], row_));
      saw_rows_ = true;
    }
    for (size_t f = 0; f < plan_.fills.size(); ++f) {
      locf_[f] = ColumnVector();
      before_[f].valid = false;
    }
    next_ = plan_.start;
    in_series_ = true;
  }

  Status Advance() {
    const TypeId type = plan_.output_types[plan_.time_column].id;
    if (IsInteger(type)) {
      if (__builtin_add_overflow(next_, plan_.width.int_value(), &next_)) next_ = INT64_MAX;
      return Status::Ok();
    }
    const Interval width = plan_.width.interval_value();
    if (type == TypeId::kDate) {
      ASSIGN_OR_RETURN(int64_t moved, AddIntervalToLocal(next_ * kMicrosPerDay, width));
      next_ = FloorDiv(moved, kMicrosPerDay);
    } else if (plan_.zoned) {
      ASSIGN_OR_RETURN(next_, AddIntervalToUtc(next_, width, context_.eval.time_zone));
    } else {
      ASSIGN_OR_RETURN(next_, AddIntervalToLocal(next_, width));
    }
    return Status::Ok();
  }

  void AppendTime(ColumnVector& v, int64_t time) {
    DispatchPhysical(v.type().id, [&](auto tag) {
      using T = decltype(tag);
      if constexpr (std::is_integral_v<T>) {
        size_t at = v.size();
        v.SetSize(at + 1);
        v.data<T>()[at] = static_cast<T>(time);
      }
    });
  }

  // Appends the value locf carries into a row at `time` that has none: the
  // series' last value, or at the first bucket the `prev` expression
  // evaluated over the row's input columns (already in `out`).
  Status AppendCarried(size_t f, int64_t time, DataChunk& out, size_t out_row) {
    const GapfillColumn& fill = plan_.fills[f];
    if (locf_[f].size() == 0 && fill.prev && time == plan_.start) {
      DataChunk row;
      for (size_t c = 0; c < input_width_; ++c)
        row.columns.push_back(SliceRows(out.columns[c], out_row, 1));
      ColumnVector prev;
      RETURN_IF_ERROR(Evaluate(*fill.prev, row, context_.eval, prev));
      if (!prev.IsNull(0)) locf_[f] = HeldValue(prev, 0);
    }
    ColumnVector& column = out.columns[input_width_ + f];
    if (locf_[f].size() == 0) {
      AppendNull(column);
    } else {
      column.AppendFrom(locf_[f], 0);
    }
    return Status::Ok();
  }

  Status EmitGap(DataChunk& out, bool before_row) {
    const size_t out_row = out.size();
    size_t k = 0;
    for (size_t c = 0; c < input_width_; ++c) {
      ColumnVector& column = out.columns[c];
      if (static_cast<int>(c) == plan_.time_column) {
        AppendTime(column, next_);
      } else if (k < plan_.series_columns.size() &&
                 plan_.series_columns[k] == static_cast<int>(c)) {
        column.AppendFrom(series_[k++], 0);
      } else {
        AppendNull(column);
      }
    }
    for (size_t f = 0; f < plan_.fills.size(); ++f) {
      ColumnVector& column = out.columns[input_width_ + f];
      if (plan_.fills[f].kind == GapfillKind::kLocf) {
        RETURN_IF_ERROR(AppendCarried(f, next_, out, out_row));
        continue;
      }
      const bool have_after = before_row && !fill_values_[f].IsNull(row_);
      if (!before_[f].valid || !have_after) {
        AppendNull(column);
        continue;
      }
      Sample after{.valid = true, .time = row_time_, .value = HeldValue(fill_values_[f], row_)};
      Interpolate(next_, before_[f], after, column);
    }
    out.SetSize(out_row + 1);
    return Advance();
  }

  Status EmitRow(DataChunk& out) {
    const size_t out_row = out.size();
    for (size_t c = 0; c < input_width_; ++c)
      out.columns[c].AppendFrom(input_.columns[c], row_);
    for (size_t f = 0; f < plan_.fills.size(); ++f) {
      ColumnVector& column = out.columns[input_width_ + f];
      const ColumnVector& value = fill_values_[f];
      const bool is_null = value.IsNull(row_);
      if (plan_.fills[f].kind == GapfillKind::kInterpolate) {
        column.AppendFrom(value, row_);
        before_[f].valid = !is_null;
        if (!is_null) {
          before_[f].time = row_time_;
          before_[f].value = HeldValue(value, row_);
        }
        continue;
      }
      if (is_null && plan_.fills[f].treat_null_as_missing) {
        RETURN_IF_ERROR(AppendCarried(f, row_time_, out, out_row));
        continue;
      }
      locf_[f] = is_null ? ColumnVector() : HeldValue(value, row_);
      column.AppendFrom(value, row_);
    }
    out.SetSize(out_row + 1);
    return Status::Ok();
  }

  const GapfillPlan& plan_;
  std::unique_ptr<Operator> child_;
  ExecContext& context_;
  const size_t input_width_;

  DataChunk input_;
  std::vector<ColumnVector> fill_values_;  // per fill: its value over input_
  size_t row_ = 0;
  bool input_done_ = false;
  bool saw_rows_ = false;
  // Input row `row_` is examined (its series started) but not yet emitted.
  bool pending_ = false;
  int64_t row_time_ = 0;

  bool in_series_ = false;
  std::vector<ColumnVector> series_;  // the current series' key values
  int64_t next_ = 0;                  // the next bucket start of the series
  std::vector<ColumnVector> locf_;    // per fill: carried value (empty: none)
  std::vector<Sample> before_;        // per fill: last input row's sample
};

}  // namespace

std::unique_ptr<Operator> MakeGapfillOperator(const GapfillPlan& plan,
                                              std::unique_ptr<Operator> child,
                                              ExecContext& context) {
  return std::make_unique<GapfillOperator>(plan, std::move(child), context);
}

}  // namespace sundial::exec
