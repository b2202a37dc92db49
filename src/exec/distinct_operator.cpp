#include <algorithm>
#include <vector>

#include "exec/group_hash_table.h"
#include "exec/operator_factories.h"
#include "exec/row_ordering.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

std::vector<DataType> TypesOf(const std::vector<ExprPtr>& exprs) {
  std::vector<DataType> types;
  for (const ExprPtr& e : exprs)
    types.push_back(e->type);
  return types;
}

std::vector<ExprPtr> ExprsOf(const std::vector<SortKey>& keys) {
  std::vector<ExprPtr> exprs;
  for (const SortKey& key : keys)
    exprs.push_back(key.expr);
  return exprs;
}

// DISTINCT and DISTINCT ON. Without an order it streams: a row is emitted
// when its key creates a new group. With an order (DISTINCT ON ... ORDER BY)
// it keeps, per group, the best row seen so far and emits them at the end.
class DistinctOperator final : public Operator {
 public:
  DistinctOperator(const DistinctPlan& plan, std::unique_ptr<Operator> child, ExecContext& context)
      : plan_(plan),
        child_(std::move(child)),
        context_(context),
        table_(TypesOf(plan.keys)),
        ordering_(plan.order),
        order_exprs_(ExprsOf(plan.order)) {}

  Result<bool> Next(DataChunk& out) override {
    if (plan_.order.empty()) return NextStreaming(out);
    if (!consumed_) {
      RETURN_IF_ERROR(ConsumeOrdered());
      consumed_ = true;
    }
    if (next_ >= best_.size()) return false;
    size_t count = std::min(kBatchCapacity, best_.size() - next_);
    std::vector<DataType> types;
    for (const ColumnVector& column : runs_.front().data.columns)
      types.push_back(column.type());
    DataChunk result = DataChunk::Make(types, count);
    for (size_t k = 0; k < count; ++k) {
      const RowRef& ref = best_[next_ + k];
      for (size_t c = 0; c < types.size(); ++c) {
        result.columns[c].AppendFrom(runs_[ref.run].data.columns[c], ref.row);
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
    std::vector<ColumnVector> order_keys;
  };
  struct RowRef {
    uint32_t run;
    uint32_t row;
  };

  Result<bool> NextStreaming(DataChunk& out) {
    DataChunk input;
    std::vector<ColumnVector> keys;
    while (true) {
      ASSIGN_OR_RETURN(bool more, child_->Next(input));
      if (!more) return false;
      RETURN_IF_ERROR(CheckCanceled(context_));
      size_t n = input.size();
      RETURN_IF_ERROR(EvaluateAll(plan_.keys, input, context_.eval, keys));
      group_ids_.resize(n);
      uint32_t next_new = static_cast<uint32_t>(table_.group_count());
      table_.FindOrInsert(keys, n, group_ids_.data());
      // Group ids are handed out in row order, so a row opened a new group
      // exactly when its id is the next unseen one.
      selection_.clear();
      for (size_t i = 0; i < n; ++i) {
        if (group_ids_[i] == next_new) {
          selection_.push_back(static_cast<uint32_t>(i));
          ++next_new;
        }
      }
      if (selection_.empty()) continue;
      if (selection_.size() == n) {
        out = std::move(input);
        return true;
      }
      DataChunk result;
      result.row_count_without_columns = selection_.size();
      for (const ColumnVector& column : input.columns) {
        result.columns.push_back(GatherRows(column, selection_.data(), selection_.size()));
      }
      out = std::move(result);
      return true;
    }
  }

  Status ConsumeOrdered() {
    DataChunk input;
    std::vector<ColumnVector> keys;
    while (true) {
      ASSIGN_OR_RETURN(bool more, child_->Next(input));
      if (!more) break;
      RETURN_IF_ERROR(CheckCanceled(context_));
      size_t n = input.size();
      if (n == 0) continue;
      RETURN_IF_ERROR(EvaluateAll(plan_.keys, input, context_.eval, keys));
      Run run;
      RETURN_IF_ERROR(EvaluateAll(order_exprs_, input, context_.eval, run.order_keys));
      run.data = std::move(input);
      input = DataChunk();
      runs_.push_back(std::move(run));
      uint32_t run_index = static_cast<uint32_t>(runs_.size() - 1);
      group_ids_.resize(n);
      table_.FindOrInsert(keys, n, group_ids_.data());
      best_.resize(table_.group_count(), RowRef{UINT32_MAX, 0});
      for (size_t i = 0; i < n; ++i) {
        RowRef& best = best_[group_ids_[i]];
        RowRef candidate{run_index, static_cast<uint32_t>(i)};
        // Strictly better only: on ties the earlier row stays.
        if (best.run == UINT32_MAX || ordering_.Compare(runs_[run_index].order_keys, i,
                                                        runs_[best.run].order_keys, best.row) < 0) {
          best = candidate;
        }
      }
      rows_held_ += n;
      if (rows_held_ > kCompactFactor * best_.size() + kCompactSlack) CompactRuns();
    }
    return Status::Ok();
  }

  // Keeps memory proportional to the number of groups, not to the input:
  // once the held batches are mostly superseded rows, copy each group's
  // current best row into one run and drop the rest.
  void CompactRuns() {
    size_t groups = best_.size();
    Run compacted;
    compacted.data.row_count_without_columns = groups;
    for (size_t c = 0; c < runs_.front().data.columns.size(); ++c) {
      compacted.data.columns.push_back(GatherBest(c, groups, /*order_keys=*/false));
    }
    for (size_t k = 0; k < order_exprs_.size(); ++k) {
      compacted.order_keys.push_back(GatherBest(k, groups, /*order_keys=*/true));
    }
    runs_.clear();
    runs_.push_back(std::move(compacted));
    for (size_t g = 0; g < groups; ++g)
      best_[g] = RowRef{0, static_cast<uint32_t>(g)};
    rows_held_ = groups;
  }

  ColumnVector GatherBest(size_t column, size_t groups, bool order_keys) const {
    const ColumnVector& first =
        order_keys ? runs_.front().order_keys[column] : runs_.front().data.columns[column];
    ColumnVector out(first.type(), groups);
    for (size_t g = 0; g < groups; ++g) {
      const Run& run = runs_[best_[g].run];
      out.AppendFrom(order_keys ? run.order_keys[column] : run.data.columns[column], best_[g].row);
    }
    return out;
  }

  const DistinctPlan& plan_;
  std::unique_ptr<Operator> child_;
  ExecContext& context_;
  GroupHashTable table_;
  RowOrdering ordering_;
  std::vector<ExprPtr> order_exprs_;
  std::vector<uint32_t> group_ids_;
  std::vector<uint32_t> selection_;
  std::vector<Run> runs_;
  std::vector<RowRef> best_;
  bool consumed_ = false;
  size_t next_ = 0;
  size_t rows_held_ = 0;
  static constexpr size_t kCompactFactor = 4;
  static constexpr size_t kCompactSlack = 64 * 1024;
};

}  // namespace

std::unique_ptr<Operator> MakeDistinctOperator(const DistinctPlan& plan,
                                               std::unique_ptr<Operator> child,
                                               ExecContext& context) {
  return std::make_unique<DistinctOperator>(plan, std::move(child), context);
}

}  // namespace sundial::exec
