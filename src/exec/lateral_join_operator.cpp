#include <deque>

#include "exec/operator_factories.h"
#include "exec/subquery_results.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

// Pulls a left batch, then for each of its rows runs the per-row side with
// the row's parameter values (reusing the last run while consecutive rows
// carry equal values) and appends the paired rows to an output batch that
// is handed out once full.
class LateralJoinOperator final : public Operator {
 public:
  LateralJoinOperator(const LateralJoinPlan& plan, std::unique_ptr<Operator> left,
                      ExecContext& context)
      : plan_(plan),
        left_(std::move(left)),
        context_(context),
        run_context_(PerRowContext(context)),
        left_width_(plan.children[0]->output_types.size()) {
    for (size_t c = left_width_; c < plan.output_types.size(); ++c) {
      const DataType type = plan.output_types[c];
      null_columns_.push_back(ConstantVector(Value::Null(type), type, 1));
    }
    StartBatch();
  }

  Result<bool> Next(DataChunk& out) override {
    while (ready_.empty()) {
      if (row_ >= batch_.size()) {
        ASSIGN_OR_RETURN(bool more, left_->Next(batch_));
        if (!more) {
          if (pending_rows_ == 0) return false;
          FlushPending();
          break;
        }
        RETURN_IF_ERROR(CheckCanceled(context_));
        RETURN_IF_ERROR(EvaluateAll(plan_.parameters, batch_, context_.eval, parameters_));
        row_ = 0;
        continue;
      }
      RETURN_IF_ERROR(JoinRow(row_++));
    }
    out = std::move(ready_.front());
    ready_.pop_front();
    return true;
  }

 private:
  void StartBatch() {
    pending_ = DataChunk::Make(plan_.output_types);
    pending_rows_ = 0;
  }

  void FlushPending() {
    pending_.row_count_without_columns = pending_rows_;
    ready_.push_back(std::move(pending_));
    StartBatch();
  }

  // Appends left row `row` followed by row `inner_row` of `inner` (or NULLs
  // when `inner` is null).
  void AppendPair(size_t row, const DataChunk* inner, size_t inner_row) {
    for (size_t c = 0; c < left_width_; ++c)
      pending_.columns[c].AppendFrom(batch_.columns[c], row);
    for (size_t c = left_width_; c < plan_.output_types.size(); ++c) {
      if (inner == nullptr) {
        pending_.columns[c].AppendFrom(null_columns_[c - left_width_], 0);
      } else {
        pending_.columns[c].AppendFrom(inner->columns[c - left_width_], inner_row);
      }
    }
    if (++pending_rows_ == kBatchCapacity) FlushPending();
  }

  // The per-row side's rows for `values`, all of them.
  Status Run(const std::vector<Value>& values) {
    inner_rows_.clear();
    ExecContext run = *run_context_;
    run.eval.outer_values = &values;
    ASSIGN_OR_RETURN(std::unique_ptr<Operator> root, StartPlan(*plan_.children[1], run));
    while (true) {
      RETURN_IF_ERROR(CheckCanceled(run));
      DataChunk chunk;
      ASSIGN_OR_RETURN(bool more, root->Next(chunk));
      if (!more) break;
      if (chunk.size() > 0) inner_rows_.push_back(std::move(chunk));
    }
    return Status::Ok();
  }

  Status JoinRow(size_t row) {
    values_.resize(parameters_.size());
    for (size_t p = 0; p < parameters_.size(); ++p)
      values_[p] = Value::FromVector(parameters_[p], row);
    if (!have_run_ || values_ != run_values_) {
      RETURN_IF_ERROR(Run(values_));
      run_values_ = values_;
      have_run_ = true;
    }
    bool paired = false;
    for (const DataChunk& inner : inner_rows_) {
      const size_t n = inner.size();
      if (!plan_.condition) {
        for (size_t i = 0; i < n; ++i)
          AppendPair(row, &inner, i);
        paired = paired || n > 0;
        continue;
      }
      // The condition sees the left row repeated beside each inner row.
      DataChunk pairs;
      pairs.row_count_without_columns = n;
      selection_.assign(n, static_cast<uint32_t>(row));
      for (size_t c = 0; c < left_width_; ++c)
        pairs.columns.push_back(GatherRows(batch_.columns[c], selection_.data(), n));
      for (const ColumnVector& column : inner.columns)
        pairs.columns.push_back(column);
      ColumnVector keep;
      RETURN_IF_ERROR(Evaluate(*plan_.condition, pairs, context_.eval, keep));
      selection_.resize(n);
      const size_t kept = SelectTrue(keep, n, selection_.data());
      for (size_t k = 0; k < kept; ++k)
        AppendPair(row, &inner, selection_[k]);
      paired = paired || kept > 0;
    }
    if (!paired && plan_.type == JoinType::kLeft) AppendPair(row, nullptr, 0);
    return Status::Ok();
  }

  const LateralJoinPlan& plan_;
  std::unique_ptr<Operator> left_;
  ExecContext& context_;
  std::shared_ptr<const ExecContext> run_context_;
  const size_t left_width_;
  std::vector<ColumnVector> null_columns_;

  DataChunk batch_;  // the left batch being joined
  size_t row_ = 0;   // its next row
  std::vector<ColumnVector> parameters_;
  std::vector<Value> values_;

  bool have_run_ = false;
  std::vector<Value> run_values_;
  std::vector<DataChunk> inner_rows_;
  std::vector<uint32_t> selection_;

  DataChunk pending_;
  size_t pending_rows_ = 0;
  std::deque<DataChunk> ready_;
};

}  // namespace

std::unique_ptr<Operator> MakeLateralJoinOperator(const LateralJoinPlan& plan,
                                                  std::unique_ptr<Operator> left,
                                                  ExecContext& context) {
  return std::make_unique<LateralJoinOperator>(plan, std::move(left), context);
}

}  // namespace sundial::exec
