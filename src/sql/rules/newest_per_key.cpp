#include "exec/function_registry.h"
#include "sql/rules/rules.h"

namespace sundial::sql {
namespace {

bool WholeTable(const LogicalGet& get) {
  return get.table.time_column && get.filters.empty() && get.spec.predicates.empty() &&
         get.spec.time_range.begin == ts::TimeRange{}.begin &&
         get.spec.time_range.end == ts::TimeRange{}.end;
}

// The table column that `expr`, over the Get's output, reads, or -1.
int GetColumn(const exec::ExprPtr& expr, const LogicalGet& get) {
  if (expr->kind != exec::ExprKind::kColumnRef) return -1;
  return get.spec.columns.at(expr->column);
}

// The table column a projected column copies straight from the Get below,
// or -1.
int TableColumn(const exec::ExprPtr& projected, const LogicalProject& project,
                const LogicalGet& get) {
  if (projected->kind != exec::ExprKind::kColumnRef) return -1;
  const exec::ExprPtr& source = project.expressions.at(projected->column);
  if (source->kind != exec::ExprKind::kColumnRef) return -1;
  return get.spec.columns.at(source->column);
}

// DISTINCT ON (tag) ... ORDER BY tag, time DESC directly over a projection
// of a whole hypertable (no filter, no range): the newest row per tag is
// all the distinct node keeps.
LogicalPtr Mark(LogicalPtr node) {
  if (node->kind != LogicalKind::kDistinct) return node;
  const auto& distinct = As<LogicalDistinct>(*node);
  if (distinct.keys.size() != 1 || distinct.order.size() != 1 || !distinct.order[0].descending) {
    return node;
  }
  const LogicalPtr& below = node->children[0];
  if (below->kind != LogicalKind::kProject || below->children[0]->kind != LogicalKind::kGet) {
    return node;
  }
  const auto& project = As<LogicalProject>(*below);
  const auto& get = As<LogicalGet>(*below->children[0]);
  if (!WholeTable(get)) return node;
  int key = TableColumn(distinct.keys[0], project, get);
  int time = TableColumn(distinct.order[0].expr, project, get);
  if (key < 0 || time != *get.table.time_column || !IsString(get.table.columns[key].type.id)) {
    return node;
  }
  auto newest = std::make_shared<LogicalGet>(get);
  newest->spec.latest_per_column = key;
  return WithChildren(node, {WithChildren(below, {std::move(newest)})});
}

// Whether `call` only needs each group's newest row: last(v, time) and
// max(time) (time is NOT NULL in a hypertable, so the newest row has it).
bool NeedsOnlyNewest(const exec::AggregateCall& call, const LogicalGet& get) {
  if (call.filter) return false;
  const std::string& name = call.function->name();
  int time = *get.table.time_column;
  if (name == "last" && call.args.size() == 2) return GetColumn(call.args[1], get) == time;
  if (name == "max" && call.args.size() == 1) return GetColumn(call.args[0], get) == time;
  return false;
}

// SELECT tag, last(v, time), ... FROM hypertable GROUP BY tag: as DISTINCT ON,
// only each tag's newest row matters.
LogicalPtr MarkAggregate(LogicalPtr node) {
  if (node->kind != LogicalKind::kAggregate || node->children[0]->kind != LogicalKind::kGet) {
    return node;
  }
  const auto& aggregate = As<LogicalAggregate>(*node);
  const auto& get = As<LogicalGet>(*node->children[0]);
  if (aggregate.group_keys.size() != 1 || aggregate.aggregates.empty() || !WholeTable(get)) {
    return node;
  }
  int key = GetColumn(aggregate.group_keys[0], get);
  if (key < 0 || !IsString(get.table.columns[key].type.id)) return node;
  for (const exec::AggregateCall& call : aggregate.aggregates) {
    if (!NeedsOnlyNewest(call, get)) return node;
  }
  auto newest = std::make_shared<LogicalGet>(get);
  newest->spec.latest_per_column = key;
  return WithChildren(node, {std::move(newest)});
}

}  // namespace

LogicalPtr MarkNewestPerKey(LogicalPtr plan) {
  return RewriteBottomUp(plan,
                         [](LogicalPtr node) { return MarkAggregate(Mark(std::move(node))); });
}

}  // namespace sundial::sql
