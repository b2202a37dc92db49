#include "sql/physical_planner.h"

#include "exec/function_registry.h"
#include "exec/worker_pool.h"
#include "sql/expr_util.h"
#include "sql/optimizer.h"
#include "sql/parallel_plan.h"

namespace sundial::sql {
namespace {

using exec::ExprPtr;

template <typename Node>
std::shared_ptr<Node> Physical(const LogicalNode& logical) {
  auto node = std::make_shared<Node>();
  node->output_types = logical.output_types;
  for (const LogicalPtr& child : logical.children)
    node->children.push_back(LowerToPhysical(child));
  return node;
}

// Which side of a join whose left input has `left_width` columns `expr`
// reads: -1 left only, 1 right only, 0 both or neither.
int SideOf(const exec::Expr& expr, int left_width) {
  std::set<int> columns;
  CollectColumns(expr, columns);
  if (columns.empty()) return 0;
  bool left = *columns.begin() < left_width;
  bool right = *columns.rbegin() >= left_width;
  return left && right ? 0 : left ? -1 : 1;
}

exec::PlanPtr LowerJoin(const LogicalJoin& join) {
  auto plan = Physical<exec::JoinPlan>(join);
  plan->type = join.type;
  const int left_width = static_cast<int>(join.children[0]->output_types.size());
  std::vector<ExprPtr> residual;
  for (const ExprPtr& c : join.conditions) {
    bool key = c->kind == exec::ExprKind::kCall && c->function != nullptr &&
               c->function->name == "=" && c->args.size() == 2 &&
               c->args[0]->type == c->args[1]->type;
    int a = key ? SideOf(*c->args[0], left_width) : 0;
    int b = key ? SideOf(*c->args[1], left_width) : 0;
    if (a != 0 && b == -a) {
      const ExprPtr& probe = a < 0 ? c->args[0] : c->args[1];
      const ExprPtr& build = a < 0 ? c->args[1] : c->args[0];
      plan->probe_keys.push_back(probe);
      plan->build_keys.push_back(ShiftColumns(build, -left_width));
    } else {
      residual.push_back(c);
    }
  }
  plan->condition = Conjunction(std::move(residual));
  return plan;
}

exec::PlanPtr LowerGet(const LogicalGet& get) {
  auto scan = std::make_shared<exec::ScanPlan>();
  scan->spec = get.spec;
  scan->parameter_terms = get.parameter_terms;
  scan->time_column = get.table.time_column.value_or(-1);
  scan->output_types = get.output_types;
  ExprPtr predicate = Conjunction(get.filters);
  if (!predicate) return scan;
  auto filter = std::make_shared<exec::FilterPlan>();
  filter->output_types = scan->output_types;
  filter->predicate = std::move(predicate);
  filter->children.push_back(std::move(scan));
  return filter;
}

}  // namespace

exec::PlanPtr LowerToPhysical(const LogicalPtr& plan) {
  const LogicalNode& node = *plan;
  switch (node.kind) {
    case LogicalKind::kGet:
      return LowerGet(As<LogicalGet>(node));
    case LogicalKind::kValues: {
      auto values = Physical<exec::ValuesPlan>(node);
      values->rows = As<LogicalValues>(node).rows;
      return values;
    }
    case LogicalKind::kFilter: {
      auto filter = Physical<exec::FilterPlan>(node);
      filter->predicate = Conjunction(As<LogicalFilter>(node).conjuncts);
      return filter;
    }
    case LogicalKind::kProject: {
      auto project = Physical<exec::ProjectPlan>(node);
      project->expressions = As<LogicalProject>(node).expressions;
      return project;
    }
    case LogicalKind::kAggregate: {
      auto aggregate = Physical<exec::AggregatePlan>(node);
      aggregate->group_keys = As<LogicalAggregate>(node).group_keys;
      aggregate->aggregates = As<LogicalAggregate>(node).aggregates;
      return aggregate;
    }
    case LogicalKind::kJoin:
      return LowerJoin(As<LogicalJoin>(node));
    case LogicalKind::kLateralJoin: {
      const auto& logical = As<LogicalLateralJoin>(node);
      auto lateral = Physical<exec::LateralJoinPlan>(node);
      lateral->type = logical.type;
      lateral->parameters = logical.parameters;
      lateral->condition = Conjunction(logical.conditions);
      return lateral;
    }
    case LogicalKind::kSetOperation: {
      auto set_operation = Physical<exec::SetOperationPlan>(node);
      set_operation->type = As<LogicalSetOperation>(node).type;
      return set_operation;
    }
    case LogicalKind::kWindow: {
      const auto& logical = As<LogicalWindow>(node);
      auto window = Physical<exec::WindowPlan>(node);
      window->partition_columns = logical.partition_columns;
      window->order = logical.order;
      window->calls = logical.calls;
      return window;
    }
    case LogicalKind::kSort: {
      auto sort = Physical<exec::SortPlan>(node);
      sort->keys = As<LogicalSort>(node).keys;
      sort->limit = As<LogicalSort>(node).limit;
      return sort;
    }
    case LogicalKind::kLimit: {
      auto limit = Physical<exec::LimitPlan>(node);
      limit->limit = As<LogicalLimit>(node).limit;
      limit->offset = As<LogicalLimit>(node).offset;
      return limit;
    }
    case LogicalKind::kDistinct: {
      auto distinct = Physical<exec::DistinctPlan>(node);
      distinct->keys = As<LogicalDistinct>(node).keys;
      distinct->order = As<LogicalDistinct>(node).order;
      return distinct;
    }
    case LogicalKind::kSeries: {
      const auto& logical = As<LogicalSeries>(node);
      auto series = Physical<exec::SeriesPlan>(node);
      series->start = logical.start;
      series->stop = logical.stop;
      series->step = logical.step;
      series->array = logical.array;
      return series;
    }
    case LogicalKind::kSingleRow:
      return Physical<exec::SingleRowPlan>(node);
    case LogicalKind::kGapfill: {
      auto gapfill = std::make_shared<exec::GapfillPlan>(*As<LogicalGapfill>(node).gapfill);
      gapfill->output_types = node.output_types;
      gapfill->children = {LowerToPhysical(node.children[0])};
      return gapfill;
    }
  }
  return nullptr;
}

exec::PlanPtr PlanPhysical(const LogicalPtr& plan) {
  return Parallelize(LowerToPhysical(Optimize(plan)),
                     static_cast<int>(exec::WorkerPool::Shared().thread_count()));
}

}  // namespace sundial::sql
