#include "sql/logical_plan.h"

namespace sundial::sql {

std::shared_ptr<LogicalNode> CopyNode(const LogicalNode& node) {
  switch (node.kind) {
    case LogicalKind::kGet:
      return std::make_shared<LogicalGet>(As<LogicalGet>(node));
    case LogicalKind::kValues:
      return std::make_shared<LogicalValues>(As<LogicalValues>(node));
    case LogicalKind::kFilter:
      return std::make_shared<LogicalFilter>(As<LogicalFilter>(node));
    case LogicalKind::kProject:
      return std::make_shared<LogicalProject>(As<LogicalProject>(node));
    case LogicalKind::kAggregate:
      return std::make_shared<LogicalAggregate>(As<LogicalAggregate>(node));
    case LogicalKind::kJoin:
      return std::make_shared<LogicalJoin>(As<LogicalJoin>(node));
    case LogicalKind::kSetOperation:
      return std::make_shared<LogicalSetOperation>(As<LogicalSetOperation>(node));
    case LogicalKind::kWindow:
      return std::make_shared<LogicalWindow>(As<LogicalWindow>(node));
    case LogicalKind::kSort:
      return std::make_shared<LogicalSort>(As<LogicalSort>(node));
    case LogicalKind::kLimit:
      return std::make_shared<LogicalLimit>(As<LogicalLimit>(node));
    case LogicalKind::kDistinct:
      return std::make_shared<LogicalDistinct>(As<LogicalDistinct>(node));
    case LogicalKind::kSeries:
      return std::make_shared<LogicalSeries>(As<LogicalSeries>(node));
    case LogicalKind::kSingleRow:
      return std::make_shared<LogicalSingleRow>(As<LogicalSingleRow>(node));
    case LogicalKind::kGapfill:
      return std::make_shared<LogicalGapfill>(As<LogicalGapfill>(node));
    case LogicalKind::kLateralJoin:
      return std::make_shared<LogicalLateralJoin>(As<LogicalLateralJoin>(node));
  }
  return nullptr;
}

LogicalPtr ReadTable(const ts::TableSchema& table) {
  auto get = std::make_shared<LogicalGet>();
  get->table = table;
  get->spec.table_id = table.table_id;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    get->spec.columns.push_back(static_cast<int>(c));
    get->output_types.push_back(table.columns[c].type);
  }
  return get;
}

LogicalPtr WithChildren(const LogicalPtr& node, std::vector<LogicalPtr> children) {
  if (children == node->children) return node;
  std::shared_ptr<LogicalNode> copy = CopyNode(*node);
  copy->children = std::move(children);
  return copy;
}

LogicalPtr RewriteBottomUp(const LogicalPtr& plan,
                           const std::function<LogicalPtr(LogicalPtr)>& rewrite) {
  std::vector<LogicalPtr> children;
  for (const LogicalPtr& child : plan->children)
    children.push_back(RewriteBottomUp(child, rewrite));
  return rewrite(WithChildren(plan, std::move(children)));
}

LogicalPtr ProjectOver(LogicalPtr child, std::vector<exec::ExprPtr> expressions) {
  auto project = std::make_shared<LogicalProject>();
  project->children.push_back(std::move(child));
  for (const exec::ExprPtr& e : expressions)
    project->output_types.push_back(e->type);
  project->expressions = std::move(expressions);
  return project;
}

LogicalPtr FilterOver(LogicalPtr child, std::vector<exec::ExprPtr> conjuncts) {
  if (conjuncts.empty()) return child;
  auto filter = Above<LogicalFilter>(std::move(child));
  filter->conjuncts = std::move(conjuncts);
  return filter;
}

}  // namespace sundial::sql
