#include <algorithm>

#include "common/array_text.h"
#include "common/value_text.h"
#include "exec/operator_factories.h"
#include "exec/time_math.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

Status StepIsZero() {
  return Status::Error(ErrorCode::kInvalidParameterValue, "step size cannot equal zero");
}

class SeriesOperator final : public Operator {
 public:
  SeriesOperator(const SeriesPlan& plan, ExecContext& context) : plan_(plan), context_(context) {}

  Result<bool> Next(DataChunk& out) override {
    RETURN_IF_ERROR(CheckCanceled(context_));
    if (!started_) {
      RETURN_IF_ERROR(Start());
      started_ = true;
    }
    if (done_) return false;
    const DataType type = plan_.output_types[0];
    if (plan_.array) return NextElements(out);
    out = DataChunk::Make({type});
    size_t n = 0;
    DispatchPhysical(type.id, [&](auto tag) {
      using T = decltype(tag);
      if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) {
        T* values = out.columns[0].data<T>();
        while (n < kBatchCapacity && !done_) {
          values[n++] = static_cast<T>(current_);
          Advance();
        }
      }
    });
    if (n == 0 && !done_) return Status::Error(ErrorCode::kInternal, "unsupported series type");
    out.SetSize(n);
    return true;
  }

 private:
  Result<bool> NextElements(DataChunk& out) {
    out = DataChunk::Make({plan_.output_types[0]});
    ColumnVector& values = out.columns[0];
    size_t n = 0;
    for (; n < kBatchCapacity && next_element_ < elements_.size(); ++n, ++next_element_) {
      const ArrayElement& e = elements_[next_element_];
      if (!e) {
        values.SetNull(n, true);
        continue;
      }
      RETURN_IF_ERROR(ParseTextInto(*e, values.type(), context_.eval.time_zone, values, n));
    }
    done_ = next_element_ == elements_.size();
    out.SetSize(n);
    return n > 0;
  }

  Status Start() {
    if (plan_.array) {
      ASSIGN_OR_RETURN(Value array, EvaluateConstant(*plan_.array, context_.eval));
      if (!array.is_null()) {
        ASSIGN_OR_RETURN(elements_, SplitArrayText(array.text_value()));
      }
      done_ = elements_.empty();
      return Status::Ok();
    }
    ASSIGN_OR_RETURN(Value start, EvaluateConstant(*plan_.start, context_.eval));
    ASSIGN_OR_RETURN(Value stop, EvaluateConstant(*plan_.stop, context_.eval));
    Value step = Value::Int64(1);
    if (plan_.step) {
      ASSIGN_OR_RETURN(step, EvaluateConstant(*plan_.step, context_.eval));
    }
    if (start.is_null() || stop.is_null() || step.is_null()) {
      done_ = true;
      return Status::Ok();
    }
    current_ = start.int_value();
    stop_ = stop.int_value();
    timestamps_ = IsTimestamp(plan_.output_types[0].id);
    if (timestamps_) {
      interval_ = step.interval_value();
      if (IntervalSortKey(interval_) == 0) return StepIsZero();
      ascending_ = IntervalSortKey(interval_) > 0;
    } else {
      step_ = step.int_value();
      if (step_ == 0) return StepIsZero();
      ascending_ = step_ > 0;
    }
    done_ = ascending_ ? current_ > stop_ : current_ < stop_;
    return Status::Ok();
  }

  // Moves to the next value; done once it passes stop or leaves the range.
  void Advance() {
    int64_t next;
    if (timestamps_) {
      Result<int64_t> moved = plan_.output_types[0].id == TypeId::kTimestampTz
                                  ? AddIntervalToUtc(current_, interval_, context_.eval.time_zone)
                                  : AddIntervalToLocal(current_, interval_);
      if (!moved.ok()) {
        done_ = true;
        return;
      }
      next = *moved;
    } else if (__builtin_add_overflow(current_, step_, &next) || !FitsOutput(next)) {
      done_ = true;
      return;
    }
    current_ = next;
    done_ = ascending_ ? current_ > stop_ : current_ < stop_;
  }

  bool FitsOutput(int64_t v) const {
    if (plan_.output_types[0].id != TypeId::kInt32) return true;
    return v >= INT32_MIN && v <= INT32_MAX;
  }

  const SeriesPlan& plan_;
  ExecContext& context_;
  bool started_ = false;
  bool done_ = false;
  bool timestamps_ = false;
  bool ascending_ = true;
  int64_t current_ = 0;
  int64_t stop_ = 0;
  int64_t step_ = 1;
  Interval interval_;
  std::vector<ArrayElement> elements_;  // unnest
  size_t next_element_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeSeriesOperator(const SeriesPlan& plan, ExecContext& context) {
  return std::make_unique<SeriesOperator>(plan, context);
}

}  // namespace sundial::exec
