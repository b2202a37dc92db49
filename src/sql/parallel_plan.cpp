#include "sql/parallel_plan.h"

namespace sundial::sql {
namespace {

using exec::PlanKind;
using exec::PlanNode;
using exec::PlanPtr;

// A copy of `node` with other inputs.
PlanPtr WithInputs(const PlanNode& node, std::vector<PlanPtr> children) {
  std::shared_ptr<PlanNode> copy;
  switch (node.kind) {
#define SUNDIAL_COPY(kind, type)                                               \
  case PlanKind::kind:                                                         \
    copy = std::make_shared<exec::type>(static_cast<const exec::type&>(node)); \
    break;
    SUNDIAL_COPY(kScan, ScanPlan)
    SUNDIAL_COPY(kValues, ValuesPlan)
    SUNDIAL_COPY(kFilter, FilterPlan)
    SUNDIAL_COPY(kProject, ProjectPlan)
    SUNDIAL_COPY(kAggregate, AggregatePlan)
    SUNDIAL_COPY(kSort, SortPlan)
    SUNDIAL_COPY(kLimit, LimitPlan)
    SUNDIAL_COPY(kDistinct, DistinctPlan)
    SUNDIAL_COPY(kJoin, JoinPlan)
    SUNDIAL_COPY(kSetOperation, SetOperationPlan)
    SUNDIAL_COPY(kSingleRow, SingleRowPlan)
    SUNDIAL_COPY(kSeries, SeriesPlan)
    SUNDIAL_COPY(kWindow, WindowPlan)
    SUNDIAL_COPY(kGapfill, GapfillPlan)
    SUNDIAL_COPY(kGather, GatherPlan)
    SUNDIAL_COPY(kLateralJoin, LateralJoinPlan)
#undef SUNDIAL_COPY
  }
  copy->children = std::move(children);
  return copy;
}

// Filters and projections over a scan that a morsel at a time can answer.
bool IsScanChain(const PlanNode& node) {
  switch (node.kind) {
    case PlanKind::kScan:
      return static_cast<const exec::ScanPlan&>(node).spec.latest_per_column < 0;
    case PlanKind::kFilter:
    case PlanKind::kProject:
      return node.children.size() == 1 && node.children[0] != nullptr &&
             IsScanChain(*node.children[0]);
    default:
      return false;
  }
}

PlanPtr GatherOver(PlanPtr subplan, int workers) {
  auto gather = std::make_shared<exec::GatherPlan>();
  gather->output_types = subplan->output_types;
  gather->workers = workers;
  gather->children = {std::move(subplan)};
  return gather;
}

bool SplittableAggregate(const exec::AggregatePlan& aggregate) {
  if (aggregate.mode != exec::AggregateMode::kComplete) return false;
  for (const exec::AggregateCall& call : aggregate.aggregates) {
    if (call.owned_function != nullptr) return false;
  }
  return true;
}

// Final(Gather(Partial(chain))) for an aggregate over a scan chain.
PlanPtr SplitAggregate(const exec::AggregatePlan& aggregate, int workers) {
  auto partial = std::make_shared<exec::AggregatePlan>(aggregate);
  partial->mode = exec::AggregateMode::kPartial;
  partial->output_types.clear();
  for (const exec::ExprPtr& key : aggregate.group_keys)
    partial->output_types.push_back(key->type);
  for (size_t a = 0; a < aggregate.aggregates.size(); ++a)
    partial->output_types.push_back(DataType::Of(TypeId::kText));

  auto final_aggregate = std::make_shared<exec::AggregatePlan>();
  final_aggregate->mode = exec::AggregateMode::kFinal;
  final_aggregate->output_types = aggregate.output_types;
  const int key_count = static_cast<int>(aggregate.group_keys.size());
  for (int k = 0; k < key_count; ++k) {
    final_aggregate->group_keys.push_back(
        exec::MakeColumnRef(k, aggregate.group_keys[static_cast<size_t>(k)]->type));
  }
  for (size_t a = 0; a < aggregate.aggregates.size(); ++a) {
    exec::AggregateCall call;
    call.function = aggregate.aggregates[a].function;
    call.args = {exec::MakeColumnRef(key_count + static_cast<int>(a), DataType::Of(TypeId::kText))};
    final_aggregate->aggregates.push_back(std::move(call));
  }
  final_aggregate->children = {GatherOver(std::move(partial), workers)};
  return final_aggregate;
}

PlanPtr Rewrite(const PlanPtr& node, int workers, bool under_limit) {
  if (node == nullptr) return node;
  if (IsScanChain(*node)) return under_limit ? node : GatherOver(node, workers);
  if (node->kind == PlanKind::kAggregate && node->children.size() == 1 &&
      node->children[0] != nullptr && IsScanChain(*node->children[0])) {
    const auto& aggregate = static_cast<const exec::AggregatePlan&>(*node);
    if (SplittableAggregate(aggregate)) return SplitAggregate(aggregate, workers);
  }
  bool changed = false;
  std::vector<PlanPtr> children;
  for (const PlanPtr& child : node->children) {
    // A lateral join's per-row side runs on one thread, once per row.
    const bool per_row = node->kind == PlanKind::kLateralJoin && !children.empty();
    children.push_back(per_row ? child : Rewrite(child, workers, node->kind == PlanKind::kLimit));
    changed = changed || children.back() != child;
  }
  return changed ? WithInputs(*node, std::move(children)) : node;
}

}  // namespace

PlanPtr Parallelize(const PlanPtr& plan, int workers) {
  return Rewrite(plan, workers, false);
}

}  // namespace sundial::sql
