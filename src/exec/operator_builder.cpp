#include "exec/operator.h"
#include "exec/operator_factories.h"
#include "exec/plan_profile.h"
#include "exec/subquery_results.h"

namespace sundial::exec {
namespace {

Result<std::unique_ptr<Operator>> BuildChild(const PlanNode& plan, ExecContext& context) {
  if (plan.children.size() != 1 || plan.children[0] == nullptr) {
    return Status::Error(ErrorCode::kInternal, "plan node expects exactly one input");
  }
  return BuildOperator(*plan.children[0], context);
}

Result<std::unique_ptr<Operator>> BuildNode(const PlanNode& plan, ExecContext& context) {
  switch (plan.kind) {
    case PlanKind::kScan:
      return MakeScanOperator(static_cast<const ScanPlan&>(plan), context);
    case PlanKind::kValues:
      return MakeValuesOperator(static_cast<const ValuesPlan&>(plan), context);
    case PlanKind::kSeries:
      return MakeSeriesOperator(static_cast<const SeriesPlan&>(plan), context);
    case PlanKind::kGather:
      // Builds a copy of its subplan per morsel itself.
      return MakeGatherOperator(static_cast<const GatherPlan&>(plan), context);
    case PlanKind::kLateralJoin: {
      if (plan.children.size() != 2) {
        return Status::Error(ErrorCode::kInternal, "plan node expects two inputs");
      }
      ASSIGN_OR_RETURN(std::unique_ptr<Operator> left, BuildOperator(*plan.children[0], context));
      return MakeLateralJoinOperator(static_cast<const LateralJoinPlan&>(plan), std::move(left),
                                     context);
    }
    case PlanKind::kJoin:
    case PlanKind::kSetOperation: {
      if (plan.children.size() != 2) {
        return Status::Error(ErrorCode::kInternal, "plan node expects two inputs");
      }
      ASSIGN_OR_RETURN(std::unique_ptr<Operator> left, BuildOperator(*plan.children[0], context));
      ASSIGN_OR_RETURN(std::unique_ptr<Operator> right, BuildOperator(*plan.children[1], context));
      if (plan.kind == PlanKind::kJoin) {
        return MakeJoinOperator(static_cast<const JoinPlan&>(plan), std::move(left),
                                std::move(right), context);
      }
      return MakeSetOperationOperator(static_cast<const SetOperationPlan&>(plan), std::move(left),
                                      std::move(right), context);
    }
    default:
      break;
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Operator> child, BuildChild(plan, context));
  switch (plan.kind) {
    case PlanKind::kFilter:
      return MakeFilterOperator(static_cast<const FilterPlan&>(plan), std::move(child), context);
    case PlanKind::kProject:
      return MakeProjectOperator(static_cast<const ProjectPlan&>(plan), std::move(child), context);
    case PlanKind::kAggregate:
      return MakeHashAggregateOperator(static_cast<const AggregatePlan&>(plan), std::move(child),
                                       context);
    case PlanKind::kSort:
      return MakeSortOperator(static_cast<const SortPlan&>(plan), std::move(child), context);
    case PlanKind::kLimit:
      return MakeLimitOperator(static_cast<const LimitPlan&>(plan), std::move(child));
    case PlanKind::kDistinct:
      return MakeDistinctOperator(static_cast<const DistinctPlan&>(plan), std::move(child),
                                  context);
    case PlanKind::kSingleRow:
      return MakeSingleRowOperator(std::move(child));
    case PlanKind::kWindow:
      return MakeWindowOperator(static_cast<const WindowPlan&>(plan), std::move(child), context);
    case PlanKind::kGapfill:
      return MakeGapfillOperator(static_cast<const GapfillPlan&>(plan), std::move(child), context);
    default:
      break;
  }
  return Status::Error(ErrorCode::kInternal, "unknown plan node kind");
}

bool HasMemoryAccount(const PlanNode& plan) {
  switch (plan.kind) {
    case PlanKind::kAggregate:
    case PlanKind::kSort:
    case PlanKind::kDistinct:
    case PlanKind::kJoin:
    case PlanKind::kWindow:
      return true;
    case PlanKind::kSetOperation:
      // UNION ALL streams without an account; its inputs may have some.
      return static_cast<const SetOperationPlan&>(plan).type != SetOperationType::kUnionAll;
    default:
      return false;
  }
}

}  // namespace

Result<std::unique_ptr<Operator>> BuildOperator(const PlanNode& plan, ExecContext& context) {
  const size_t accounts_before = context.memory.operators().size();
  ASSIGN_OR_RETURN(std::unique_ptr<Operator> op, BuildNode(plan, context));
  if (context.profile == nullptr) return op;
  NodeProfile& profile = context.profile->For(&plan);
  // Inputs are built first, so a blocking node's own account is the last one.
  const size_t accounts_after = context.memory.operators().size();
  if (HasMemoryAccount(plan) && accounts_after > accounts_before) {
    profile.memory = &context.memory.operators()[accounts_after - 1];
  }
  return MakeProfilingOperator(std::move(op), profile);
}

Result<std::unique_ptr<Operator>> StartPlan(const PlanNode& plan, ExecContext& context) {
  if (!context.subquery_results) context.subquery_results = std::make_shared<SubqueryResults>();
  context.eval.subqueries = context.subquery_results.get();
  RETURN_IF_ERROR(context.subquery_results->Compute(plan, context));
  return BuildOperator(plan, context);
}

}  // namespace sundial::exec
