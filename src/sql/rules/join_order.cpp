#include <algorithm>

#include "sql/expr_util.h"
#include "sql/rules/rules.h"

namespace sundial::sql {
namespace {

using exec::ExprPtr;

// Without statistics, the rows a node produces are guessed from what it
// reads: a hypertable holds the facts, a plain table is a small dimension
// table, constant rows are counted. Only the order of magnitude matters.
double EstimateRows(const LogicalNode& node) {
  auto child = [&](size_t i) { return EstimateRows(*node.children[i]); };
  switch (node.kind) {
    case LogicalKind::kGet:
      return As<LogicalGet>(node).table.time_column ? 1e8 : 1e4;
    case LogicalKind::kValues:
      return static_cast<double>(As<LogicalValues>(node).rows.size());
    case LogicalKind::kSeries:
      return 1e3;
    case LogicalKind::kFilter:
      return child(0) / 2;
    case LogicalKind::kAggregate:
      return As<LogicalAggregate>(node).group_keys.empty() ? 1 : child(0) / 10;
    case LogicalKind::kLimit: {
      const auto& limit = As<LogicalLimit>(node);
      return limit.limit ? std::min(child(0), static_cast<double>(*limit.limit)) : child(0);
    }
    case LogicalKind::kJoin: {
      exec::JoinType type = As<LogicalJoin>(node).type;
      if (type == exec::JoinType::kSemi || type == exec::JoinType::kAnti) return child(0);
      return std::max(child(0), child(1));
    }
    case LogicalKind::kSetOperation:
      return child(0) + child(1);
    case LogicalKind::kProject:
    case LogicalKind::kWindow:
    case LogicalKind::kSort:
    case LogicalKind::kDistinct:
    case LogicalKind::kSingleRow:
    case LogicalKind::kGapfill:
    case LogicalKind::kLateralJoin:
      return child(0);
  }
  return 1;
}

// How much smaller the probe side must be guessed before the inputs swap.
constexpr double kSwapRatio = 100;

LogicalPtr SwapInputs(const LogicalJoin& join) {
  const LogicalPtr& left = join.children[0];
  const LogicalPtr& right = join.children[1];
  const int left_width = static_cast<int>(left->output_types.size());
  const int right_width = static_cast<int>(right->output_types.size());
  // Old column -> column of the swapped join (right's columns come first).
  std::vector<int> mapping;
  for (int i = 0; i < left_width; ++i)
    mapping.push_back(right_width + i);
  for (int i = 0; i < right_width; ++i)
    mapping.push_back(i);
  auto swapped = std::make_shared<LogicalJoin>();
  swapped->type = join.type == exec::JoinType::kLeft    ? exec::JoinType::kRight
                  : join.type == exec::JoinType::kRight ? exec::JoinType::kLeft
                                                        : join.type;
  for (const ExprPtr& c : join.conditions)
    swapped->conditions.push_back(RemapColumns(c, mapping));
  swapped->output_types = right->output_types;
  swapped->output_types.insert(swapped->output_types.end(), left->output_types.begin(),
                               left->output_types.end());
  swapped->children = {right, left};
  std::vector<ExprPtr> original_order;
  for (size_t i = 0; i < mapping.size(); ++i)
    original_order.push_back(exec::MakeColumnRef(mapping[i], join.output_types[i]));
  return ProjectOver(std::move(swapped), std::move(original_order));
}

}  // namespace

LogicalPtr OrderJoinInputs(LogicalPtr plan) {
  return RewriteBottomUp(plan, [](LogicalPtr node) -> LogicalPtr {
    if (node->kind != LogicalKind::kJoin) return node;
    const auto& join = As<LogicalJoin>(*node);
    if (join.type == exec::JoinType::kSemi || join.type == exec::JoinType::kAnti) return node;
    if (EstimateRows(*join.children[0]) * kSwapRatio > EstimateRows(*join.children[1])) {
      return node;
    }
    return SwapInputs(join);
  });
}

}  // namespace sundial::sql
