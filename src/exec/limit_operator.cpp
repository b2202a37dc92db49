#include <algorithm>

#include "exec/operator_factories.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

// Skips `offset` rows, then passes at most `limit`; stops pulling from its
// child as soon as the limit is reached.
class LimitOperator final : public Operator {
 public:
  LimitOperator(const LimitPlan& plan, std::unique_ptr<Operator> child)
      : child_(std::move(child)), to_skip_(plan.offset), remaining_(plan.limit) {}

  Result<bool> Next(DataChunk& out) override {
    while (!remaining_.has_value() || *remaining_ > 0) {
      DataChunk input;
      ASSIGN_OR_RETURN(bool more, child_->Next(input));
      if (!more) return false;
      size_t n = input.size();
      size_t begin = static_cast<size_t>(std::min<uint64_t>(to_skip_, n));
      to_skip_ -= begin;
      size_t count = n - begin;
      if (remaining_.has_value())
        count = static_cast<size_t>(std::min<uint64_t>(count, *remaining_));
      if (count == 0) continue;
      if (remaining_.has_value()) *remaining_ -= count;
      if (begin == 0 && count == n) {
        out = std::move(input);
        return true;
      }
      DataChunk result;
      result.row_count_without_columns = count;
      for (const ColumnVector& column : input.columns) {
        result.columns.push_back(SliceRows(column, begin, count));
      }
      out = std::move(result);
      return true;
    }
    return false;
  }

 private:
  std::unique_ptr<Operator> child_;
  uint64_t to_skip_;
  std::optional<uint64_t> remaining_;
};

}  // namespace

std::unique_ptr<Operator> MakeLimitOperator(const LimitPlan& plan,
                                            std::unique_ptr<Operator> child) {
  return std::make_unique<LimitOperator>(plan, std::move(child));
}

}  // namespace sundial::exec
