#include "sql/rules/rules.h"

namespace sundial::sql {

LogicalPtr PlanTopN(LogicalPtr plan) {
  return RewriteBottomUp(plan, [](LogicalPtr node) -> LogicalPtr {
    if (node->kind != LogicalKind::kLimit) return node;
    const auto& limit = As<LogicalLimit>(*node);
    const LogicalPtr& child = node->children[0];
    if (!limit.limit || child->kind != LogicalKind::kSort) return node;
    auto sort = std::make_shared<LogicalSort>(As<LogicalSort>(*child));
    uint64_t needed = *limit.limit + limit.offset;
    sort->limit = sort->limit ? std::min(*sort->limit, needed) : needed;
    return WithChildren(node, {std::move(sort)});
  });
}

}  // namespace sundial::sql
