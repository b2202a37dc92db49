#include <algorithm>
#include <vector>

#include "exec/operator_factories.h"
#include "exec/row_ordering.h"

namespace sundial::exec {
namespace {

// Materializes its input, then emits it ordered by the sort keys. Ties keep
// input order (the comparison falls back to the arrival position). With a
// limit it is a top-N: whenever the buffer holds more than twice the rows
// needed, it keeps only the best `limit` rows.
class SortOperator final : public Operator {
 public:
  SortOperator(const SortPlan& plan, std::unique_ptr<Operator> child, ExecContext& context)
      : plan_(plan), child_(std::move(child)), context_(context), ordering_(plan.keys) {
    for (const SortKey& key : plan.keys)
      key_exprs_.push_back(key.expr);
    for (const SortKey& key : plan.keys)
      key_types_.push_back(key.expr->type);
  }

  Result<bool> Next(DataChunk& out) override {
    if (!sorted_) {
      RETURN_IF_ERROR(Consume());
      sorted_ = true;
    }
    if (next_ >= order_.size()) return false;
    size_t count = std::min(kBatchCapacity, order_.size() - next_);
    DataChunk result = DataChunk::Make(ColumnTypes(), count);
    for (size_t k = 0; k < count; ++k) {
      const RowRef& ref = order_[next_ + k];
      const DataChunk& data = runs_[ref.run].data;
      for (size_t c = 0; c < result.columns.size(); ++c) {
        result.columns[c].AppendFrom(data.columns[c], ref.row);
      }
    }
    result.SetSize(count);
    next_ += count;
    out = std::move(result);
    return true;
  }

 private:
  struct Run {
    DataChunk data;
    std::vector<ColumnVector> keys;
  };
  struct RowRef {
    uint32_t run;
    uint32_t row;
  };

  std::vector<DataType> ColumnTypes() const {
    std::vector<DataType> types;
    for (const ColumnVector& column : runs_.front().data.columns)
      types.push_back(column.type());
    return types;
  }

  bool Less(const RowRef& a, const RowRef& b) const {
    int c = ordering_.Compare(runs_[a.run].keys, a.row, runs_[b.run].keys, b.row);
    if (c != 0) return c < 0;
    return a.run != b.run ? a.run < b.run : a.row < b.row;
  }

  std::vector<RowRef> AllRows() const {
    std::vector<RowRef> refs;
    refs.reserve(buffered_rows_);
    for (uint32_t r = 0; r < runs_.size(); ++r) {
      size_t n = runs_[r].data.size();
      for (uint32_t i = 0; i < n; ++i)
        refs.push_back(RowRef{r, i});
    }
    return refs;
  }

  // Sorts the buffered rows; with a limit keeps only the first `limit`.
  std::vector<RowRef> SortedRows() const {
    std::vector<RowRef> refs = AllRows();
    auto less = [this](const RowRef& a, const RowRef& b) { return Less(a, b); };
    if (plan_.limit.has_value() && *plan_.limit < refs.size()) {
      size_t keep = static_cast<size_t>(*plan_.limit);
      std::partial_sort(refs.begin(), refs.begin() + keep, refs.end(), less);
      refs.resize(keep);
    } else {
      std::sort(refs.begin(), refs.end(), less);
    }
    return refs;
  }

  // Rebuilds the buffer from the best `limit` rows, in order, so arrival
  // order among them (and ahead of later rows) is preserved.
  void Compact() {
    std::vector<RowRef> best = SortedRows();
    std::vector<DataType> types = ColumnTypes();
    std::vector<Run> compacted;
    for (size_t begin = 0; begin < best.size(); begin += kBatchCapacity) {
      size_t count = std::min(kBatchCapacity, best.size() - begin);
      Run run{.data = DataChunk::Make(types, count)};
      for (const DataType& type : key_types_)
        run.keys.emplace_back(type, count);
      for (size_t k = 0; k < count; ++k) {
        const Run& source = runs_[best[begin + k].run];
        uint32_t row = best[begin + k].row;
        for (size_t c = 0; c < types.size(); ++c)
          run.data.columns[c].AppendFrom(source.data.columns[c], row);
        for (size_t c = 0; c < key_types_.size(); ++c)
          run.keys[c].AppendFrom(source.keys[c], row);
      }
      run.data.SetSize(count);
      compacted.push_back(std::move(run));
    }
    runs_ = std::move(compacted);
    buffered_rows_ = best.size();
  }

  Status Consume() {
    DataChunk input;
    size_t compact_at = 0;
    if (plan_.limit.has_value()) {
      compact_at = 2 * std::max<size_t>(static_cast<size_t>(*plan_.limit), kBatchCapacity);
    }
    while (true) {
      ASSIGN_OR_RETURN(bool more, child_->Next(input));
      if (!more) break;
      RETURN_IF_ERROR(CheckCanceled(context_));
      if (input.size() == 0) continue;
      if (plan_.limit.has_value() && *plan_.limit == 0) continue;
      Run run;
      RETURN_IF_ERROR(EvaluateAll(key_exprs_, input, context_.eval, run.keys));
      buffered_rows_ += input.size();
      run.data = std::move(input);
      input = DataChunk();
      runs_.push_back(std::move(run));
      if (compact_at > 0 && buffered_rows_ > compact_at) Compact();
    }
    if (!runs_.empty()) order_ = SortedRows();
    return Status::Ok();
  }

  const SortPlan& plan_;
  std::unique_ptr<Operator> child_;
  ExecContext& context_;
  RowOrdering ordering_;
  std::vector<ExprPtr> key_exprs_;
  std::vector<DataType> key_types_;
  std::vector<Run> runs_;
  size_t buffered_rows_ = 0;
  std::vector<RowRef> order_;
  bool sorted_ = false;
  size_t next_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeSortOperator(const SortPlan& plan, std::unique_ptr<Operator> child,
                                           ExecContext& context) {
  return std::make_unique<SortOperator>(plan, std::move(child), context);
}

}  // namespace sundial::exec
