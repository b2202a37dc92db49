#include "sql/rules/rules.h"

namespace sundial::sql {
namespace {

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
  if (!get.table.time_column || !get.filters.empty() || !get.spec.predicates.empty() ||
      !(get.spec.time_range.begin == ts::TimeRange{}.begin &&
        get.spec.time_range.end == ts::TimeRange{}.end)) {
    return node;
  }
  int key = TableColumn(distinct.keys[0], project, get);
  int time = TableColumn(distinct.order[0].expr, project, get);
  if (key < 0 || time != *get.table.time_column || !IsString(get.table.columns[key].type.id)) {
    return node;
  }
  auto newest = std::make_shared<LogicalGet>(get);
  newest->spec.latest_per_column = key;
  return WithChildren(node, {WithChildren(below, {std::move(newest)})});
}

}  // namespace

LogicalPtr MarkNewestPerKey(LogicalPtr plan) {
  return RewriteBottomUp(plan, Mark);
}

}  // namespace sundial::sql
