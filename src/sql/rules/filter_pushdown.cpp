#include <algorithm>
#include <set>

#include "sql/expr_util.h"
#include "sql/rules/rules.h"

// Every built-in function gives the same result for the same arguments
// within a statement, so a term may be evaluated below the node it was
// written above, on the expression a projection computes, without changing
// the answer.
namespace sundial::sql {
namespace {

using exec::ExprPtr;
using Conjuncts = std::vector<ExprPtr>;

LogicalPtr Push(const LogicalPtr& node, Conjuncts conjuncts);

std::set<int> ColumnsOf(const exec::Expr& expr) {
  std::set<int> columns;
  CollectColumns(expr, columns);
  return columns;
}

bool ReadsOnly(const exec::Expr& expr, const std::set<int>& allowed) {
  std::set<int> columns = ColumnsOf(expr);
  return std::includes(allowed.begin(), allowed.end(), columns.begin(), columns.end());
}

// `node` with `below` pushed into its only child and `above` left over it.
LogicalPtr Split(const LogicalPtr& node, Conjuncts below, Conjuncts above) {
  return FilterOver(WithChildren(node, {Push(node->children[0], std::move(below))}),
                    std::move(above));
}

// The node's own subtrees still get their filters pushed; `conjuncts` stay
// above it.
LogicalPtr Stop(const LogicalPtr& node, Conjuncts conjuncts) {
  std::vector<LogicalPtr> children;
  for (const LogicalPtr& child : node->children)
    children.push_back(Push(child, {}));
  return FilterOver(WithChildren(node, std::move(children)), std::move(conjuncts));
}

LogicalPtr PushIntoGet(const LogicalPtr& node, Conjuncts conjuncts) {
  if (conjuncts.empty()) return node;
  auto get = std::make_shared<LogicalGet>(As<LogicalGet>(*node));
  get->filters.insert(get->filters.end(), conjuncts.begin(), conjuncts.end());
  return get;
}

enum class Side { kNone, kLeft, kRight, kBoth };

Side SideOf(const exec::Expr& expr, size_t left_width) {
  std::set<int> columns = ColumnsOf(expr);
  if (columns.empty()) return Side::kNone;
  bool left = *columns.begin() < static_cast<int>(left_width);
  bool right = *columns.rbegin() >= static_cast<int>(left_width);
  return left && right ? Side::kBoth : left ? Side::kLeft : Side::kRight;
}

LogicalPtr PushIntoJoin(const LogicalPtr& node, Conjuncts conjuncts) {
  const auto& join = As<LogicalJoin>(*node);
  const size_t left_width = join.children[0]->output_types.size();
  const exec::JoinType type = join.type;
  const bool left_preserved = type == exec::JoinType::kLeft || type == exec::JoinType::kFull;
  const bool right_preserved = type == exec::JoinType::kRight || type == exec::JoinType::kFull;
  // Semi and anti joins output the left columns only; every condition that
  // reads the left side decides the pairing, so only right-only terms move.
  const bool filters_left = type == exec::JoinType::kSemi || type == exec::JoinType::kAnti;
  Conjuncts to_left;
  Conjuncts to_right;
  Conjuncts conditions;
  Conjuncts above;
  // A WHERE term over one input filters that input first unless the join
  // may pad that input's columns with NULLs (then it must see the padding).
  for (ExprPtr& c : conjuncts) {
    Side side = SideOf(*c, left_width);
    if (side == Side::kLeft && !right_preserved) {
      to_left.push_back(std::move(c));
    } else if (side == Side::kRight && !left_preserved) {
      to_right.push_back(std::move(c));
    } else if (type == exec::JoinType::kInner && side == Side::kBoth) {
      conditions.push_back(std::move(c));
    } else {
      above.push_back(std::move(c));
    }
  }
  // An ON term over one input may filter that input when it is the side
  // whose rows are only ever padded, never preserved.
  for (const ExprPtr& c : join.conditions) {
    Side side = SideOf(*c, left_width);
    if (side == Side::kLeft && !left_preserved && !filters_left) {
      to_left.push_back(c);
    } else if (side == Side::kRight && !right_preserved) {
      to_right.push_back(c);
    } else {
      conditions.push_back(c);
    }
  }
  for (ExprPtr& c : to_right)
    c = ShiftColumns(c, -static_cast<int>(left_width));
  auto pushed = std::make_shared<LogicalJoin>(join);
  pushed->conditions = std::move(conditions);
  pushed->children = {Push(join.children[0], std::move(to_left)),
                      Push(join.children[1], std::move(to_right))};
  return FilterOver(std::move(pushed), std::move(above));
}

LogicalPtr PushThroughAggregate(const LogicalPtr& node, Conjuncts conjuncts) {
  const auto& aggregate = As<LogicalAggregate>(*node);
  // Without group keys the aggregate makes a row even from no input, so
  // nothing may filter its input in its place.
  if (aggregate.group_keys.empty()) return Stop(node, std::move(conjuncts));
  std::set<int> keys;
  for (size_t k = 0; k < aggregate.group_keys.size(); ++k)
    keys.insert(static_cast<int>(k));
  Conjuncts below;
  Conjuncts above;
  for (ExprPtr& c : conjuncts) {
    if (ReadsOnly(*c, keys)) {
      below.push_back(SubstituteColumns(c, aggregate.group_keys));
    } else {
      above.push_back(std::move(c));
    }
  }
  return Split(node, std::move(below), std::move(above));
}

// Terms over `allowed` columns (numbered alike above and below the node)
// pass through it; the rest stay above.
LogicalPtr PushOver(const LogicalPtr& node, Conjuncts conjuncts, const std::set<int>& allowed) {
  Conjuncts below;
  Conjuncts above;
  for (ExprPtr& c : conjuncts)
    (ReadsOnly(*c, allowed) ? below : above).push_back(std::move(c));
  return Split(node, std::move(below), std::move(above));
}

LogicalPtr PushThroughDistinct(const LogicalPtr& node, Conjuncts conjuncts) {
  std::set<int> keys;
  for (const ExprPtr& k : As<LogicalDistinct>(*node).keys) {
    if (k->kind == exec::ExprKind::kColumnRef) keys.insert(k->column);
  }
  return PushOver(node, std::move(conjuncts), keys);
}

LogicalPtr PushThroughWindow(const LogicalPtr& node, Conjuncts conjuncts) {
  const auto& window = As<LogicalWindow>(*node);
  std::set<int> partition(window.partition_columns.begin(), window.partition_columns.end());
  return PushOver(node, std::move(conjuncts), partition);
}

LogicalPtr Push(const LogicalPtr& node, Conjuncts conjuncts) {
  switch (node->kind) {
    case LogicalKind::kGet:
      return PushIntoGet(node, std::move(conjuncts));
    case LogicalKind::kFilter: {
      const auto& own = As<LogicalFilter>(*node).conjuncts;
      conjuncts.insert(conjuncts.end(), own.begin(), own.end());
      return Push(node->children[0], std::move(conjuncts));
    }
    case LogicalKind::kProject: {
      const auto& expressions = As<LogicalProject>(*node).expressions;
      for (ExprPtr& c : conjuncts)
        c = SubstituteColumns(c, expressions);
      return Split(node, std::move(conjuncts), {});
    }
    case LogicalKind::kAggregate:
      return PushThroughAggregate(node, std::move(conjuncts));
    case LogicalKind::kJoin:
      return PushIntoJoin(node, std::move(conjuncts));
    case LogicalKind::kSetOperation:
      return WithChildren(node, {Push(node->children[0], conjuncts),
                                 Push(node->children[1], std::move(conjuncts))});
    case LogicalKind::kWindow:
      return PushThroughWindow(node, std::move(conjuncts));
    case LogicalKind::kSort:
      // A top-N's rows depend on the rows below it.
      if (As<LogicalSort>(*node).limit) return Stop(node, std::move(conjuncts));
      return Split(node, std::move(conjuncts), {});
    case LogicalKind::kDistinct:
      return PushThroughDistinct(node, std::move(conjuncts));
    case LogicalKind::kValues:
    case LogicalKind::kLimit:
    case LogicalKind::kSeries:
    case LogicalKind::kSingleRow:
    case LogicalKind::kGapfill:
    case LogicalKind::kLateralJoin:
      break;
  }
  return Stop(node, std::move(conjuncts));
}

}  // namespace

LogicalPtr PushDownFilters(LogicalPtr plan) {
  return Push(plan, {});
}

}  // namespace sundial::sql
