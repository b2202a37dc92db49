#pragma once

#include <memory>

#include "exec/operator.h"
#include "exec/plan.h"

namespace sundial::exec {

// One factory per operator kind; each lives in its operator's own file and
// BuildOperator dispatches to them.
std::unique_ptr<Operator> MakeScanOperator(const ScanPlan& plan, ExecContext& context);
std::unique_ptr<Operator> MakeValuesOperator(const ValuesPlan& plan, ExecContext& context);
std::unique_ptr<Operator> MakeFilterOperator(const FilterPlan& plan,
                                             std::unique_ptr<Operator> child, ExecContext& context);
std::unique_ptr<Operator> MakeProjectOperator(const ProjectPlan& plan,
                                              std::unique_ptr<Operator> child,
                                              ExecContext& context);
std::unique_ptr<Operator> MakeHashAggregateOperator(const AggregatePlan& plan,
                                                    std::unique_ptr<Operator> child,
                                                    ExecContext& context);
std::unique_ptr<Operator> MakeSortOperator(const SortPlan& plan, std::unique_ptr<Operator> child,
                                           ExecContext& context);
std::unique_ptr<Operator> MakeLimitOperator(const LimitPlan& plan, std::unique_ptr<Operator> child);
std::unique_ptr<Operator> MakeDistinctOperator(const DistinctPlan& plan,
                                               std::unique_ptr<Operator> child,
                                               ExecContext& context);

std::unique_ptr<Operator> MakeJoinOperator(const JoinPlan& plan, std::unique_ptr<Operator> probe,
                                           std::unique_ptr<Operator> build, ExecContext& context);
// Runs plan.children[1] itself, once per left row.
std::unique_ptr<Operator> MakeLateralJoinOperator(const LateralJoinPlan& plan,
                                                  std::unique_ptr<Operator> left,
                                                  ExecContext& context);
std::unique_ptr<Operator> MakeSetOperationOperator(const SetOperationPlan& plan,
                                                   std::unique_ptr<Operator> left,
                                                   std::unique_ptr<Operator> right,
                                                   ExecContext& context);
std::unique_ptr<Operator> MakeSingleRowOperator(std::unique_ptr<Operator> child);
std::unique_ptr<Operator> MakeSeriesOperator(const SeriesPlan& plan, ExecContext& context);
std::unique_ptr<Operator> MakeGatherOperator(const GatherPlan& plan, ExecContext& context);
std::unique_ptr<Operator> MakeWindowOperator(const WindowPlan& plan,
                                             std::unique_ptr<Operator> child, ExecContext& context);
std::unique_ptr<Operator> MakeGapfillOperator(const GapfillPlan& plan,
                                              std::unique_ptr<Operator> child,
                                              ExecContext& context);

// kQueryCanceled once another thread asked to cancel the statement or its
// statement_timeout has passed. Operators call it once per batch.
inline Status CheckCanceled(const ExecContext& context) {
  if (context.cancel_requested != nullptr &&
      context.cancel_requested->load(std::memory_order_relaxed)) {
    return Status::Error(ErrorCode::kQueryCanceled, "canceling statement due to user request");
  }
  if (context.deadline != std::chrono::steady_clock::time_point::max() &&
      std::chrono::steady_clock::now() >= context.deadline) {
    return Status::Error(ErrorCode::kQueryCanceled, "canceling statement due to statement timeout");
  }
  return Status::Ok();
}

// Evaluates each expression over `input` into `out` (resized to match).
inline Status EvaluateAll(const std::vector<ExprPtr>& exprs, const DataChunk& input,
                          const EvalContext& context, std::vector<ColumnVector>& out) {
  out.resize(exprs.size());
  for (size_t i = 0; i < exprs.size(); ++i) {
    RETURN_IF_ERROR(Evaluate(*exprs[i], input, context, out[i]));
  }
  return Status::Ok();
}

}  // namespace sundial::exec
