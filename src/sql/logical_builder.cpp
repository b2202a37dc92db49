#include "sql/logical_builder.h"

#include <algorithm>

#include "sql/expr_util.h"
#include "sql/gapfill.h"
#include "sql/window_binder.h"

namespace sundial::sql {
namespace {

using exec::ExprPtr;

std::vector<ExprPtr> ColumnRefs(const std::vector<DataType>& types, size_t count) {
  std::vector<ExprPtr> refs;
  for (size_t i = 0; i < count; ++i)
    refs.push_back(exec::MakeColumnRef(static_cast<int>(i), types[i]));
  return refs;
}

}  // namespace

LogicalPtr BuildFrom(const BoundFrom& from) {
  switch (from.kind) {
    case BoundFrom::Kind::kTable:
      return ReadTable(*from.table);
    case BoundFrom::Kind::kPlan:
      return from.plan;
    case BoundFrom::Kind::kJoin:
      break;
  }
  auto join = std::make_shared<LogicalJoin>();
  join->type = from.join_type;
  LogicalPtr left = BuildFrom(*from.left);
  LogicalPtr right = BuildFrom(*from.right);
  join->output_types = left->output_types;
  if (join->type != exec::JoinType::kSemi && join->type != exec::JoinType::kAnti) {
    join->output_types.insert(join->output_types.end(), right->output_types.begin(),
                              right->output_types.end());
  }
  if (from.condition) SplitConjuncts(from.condition, join->conditions);
  join->children = {std::move(left), std::move(right)};
  return join;
}

LogicalPtr BuildLogical(const BoundQuery& query) {
  LogicalPtr plan = query.table  ? ReadTable(*query.table)
                    : query.from ? BuildFrom(*query.from)
                                 : query.source;
  if (query.where) {
    std::vector<ExprPtr> conjuncts;
    SplitConjuncts(query.where, conjuncts);
    plan = FilterOver(std::move(plan), std::move(conjuncts));
  }
  if (query.aggregated) {
    auto aggregate = std::make_shared<LogicalAggregate>();
    for (const ExprPtr& k : query.group_keys)
      aggregate->output_types.push_back(k->type);
    for (const exec::AggregateCall& a : query.aggregates)
      aggregate->output_types.push_back(a.function->return_type());
    aggregate->group_keys = query.group_keys;
    aggregate->aggregates = query.aggregates;
    aggregate->children.push_back(std::move(plan));
    plan = std::move(aggregate);
    if (query.having) {
      std::vector<ExprPtr> conjuncts;
      SplitConjuncts(query.having, conjuncts);
      plan = FilterOver(std::move(plan), std::move(conjuncts));
    }
    if (query.gapfill) plan = PlanGapfill(std::move(plan), *query.gapfill);
  }
  // With window functions the first projection computes the windows'
  // inputs; the select list is projected over the windows' output.
  if (query.windows.empty()) {
    plan = ProjectOver(std::move(plan), query.projections);
  } else {
    plan = ProjectOver(std::move(plan), query.window_inputs);
    plan = ProjectOver(PlanWindows(std::move(plan), query), query.projections);
  }

  bool sorted_by_distinct = false;
  if (query.distinct) {
    auto distinct = Above<LogicalDistinct>(plan);
    if (query.distinct_on.empty()) {
      distinct->keys = ColumnRefs(plan->output_types, query.visible_count);
    } else {
      for (int column : query.distinct_on) {
        distinct->keys.push_back(exec::MakeColumnRef(column, plan->output_types[column]));
      }
      // The row kept per key is the first under the ORDER BY items that
      // follow the DISTINCT ON ones; the result is sorted afterwards.
      size_t skip = std::min(query.distinct_on.size(), query.order.size());
      distinct->order.assign(query.order.begin() + skip, query.order.end());
    }
    plan = std::move(distinct);
    sorted_by_distinct = query.order.empty() || query.order_only_picks_rows;
  }
  if (!query.order.empty() && !sorted_by_distinct) {
    auto sort = Above<LogicalSort>(std::move(plan));
    sort->keys = query.order;
    plan = std::move(sort);
  }
  if (query.limit || query.offset > 0) {
    auto limit = Above<LogicalLimit>(std::move(plan));
    limit->limit = query.limit;
    limit->offset = query.offset;
    plan = std::move(limit);
  }
  if (query.projections.size() > query.visible_count) {
    plan = ProjectOver(plan, ColumnRefs(plan->output_types, query.visible_count));
  }
  return plan;
}

}  // namespace sundial::sql
