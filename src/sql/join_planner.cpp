#include "sql/join_planner.h"

#include <algorithm>

#include "exec/function_registry.h"
#include "sql/planner.h"

namespace sundial::sql {
namespace {

using exec::ExprPtr;

enum class Side { kNone, kLeft, kRight, kBoth };

// Which inputs of a join whose left input has `left_width` columns `expr` reads.
Side SideOf(const exec::Expr& expr, size_t left_width) {
  std::set<int> columns;
  CollectColumns(expr, columns);
  if (columns.empty()) return Side::kNone;
  bool left = *columns.begin() < static_cast<int>(left_width);
  bool right = *columns.rbegin() >= static_cast<int>(left_width);
  return left && right ? Side::kBoth : left ? Side::kLeft : Side::kRight;
}

ExprPtr Conjunction(std::vector<ExprPtr> conjuncts) {
  if (conjuncts.empty()) return nullptr;
  if (conjuncts.size() == 1) return conjuncts[0];
  return std::make_shared<const exec::Expr>(exec::Expr{
      .kind = exec::ExprKind::kAnd, .type = DataType::Of(TypeId::kBool), .args = conjuncts});
}

exec::PlanPtr Filter(exec::PlanPtr input, std::vector<ExprPtr> conjuncts) {
  ExprPtr predicate = Conjunction(std::move(conjuncts));
  if (!predicate) return input;
  auto filter = std::make_shared<exec::FilterPlan>();
  filter->output_types = input->output_types;
  filter->predicate = std::move(predicate);
  filter->children.push_back(std::move(input));
  return filter;
}

ExprPtr Shift(const ExprPtr& expr, int by) {
  if (expr->kind == exec::ExprKind::kColumnRef) {
    return exec::MakeColumnRef(expr->column + by, expr->type);
  }
  if (expr->args.empty()) return expr;
  exec::Expr copy = *expr;
  for (ExprPtr& arg : copy.args)
    arg = Shift(arg, by);
  return std::make_shared<const exec::Expr>(std::move(copy));
}

PlannedFrom PlanTable(const ts::TableSchema& table, std::vector<ExprPtr> conjuncts,
                      const std::set<int>& needed) {
  auto scan = std::make_shared<exec::ScanPlan>();
  scan->spec.table_id = table.table_id;
  ExprPtr where = Conjunction(std::move(conjuncts));
  scan->spec.time_range = ExtractTimeRange(where.get(), table);
  if (where) where = PushDownPredicates(where, table, scan->spec.predicates);
  std::set<int> used = needed;
  if (where) CollectColumns(*where, used);
  PlannedFrom planned;
  planned.mapping.assign(table.columns.size(), -1);
  for (int column : used) {
    planned.mapping[column] = static_cast<int>(scan->spec.columns.size());
    scan->spec.columns.push_back(column);
    scan->output_types.push_back(table.columns[column].type);
  }
  planned.plan = scan;
  if (where) planned.plan = Filter(planned.plan, {RemapColumns(where, planned.mapping)});
  return planned;
}

// `left = right` with one side over each input and both of one type: a
// hash join key (probe side first).
bool AsJoinKey(const ExprPtr& conjunct, size_t left_width, ExprPtr& probe, ExprPtr& build) {
  if (conjunct->kind != exec::ExprKind::kCall || conjunct->function == nullptr ||
      conjunct->function->name != "=" || conjunct->args.size() != 2) {
    return false;
  }
  const ExprPtr& a = conjunct->args[0];
  const ExprPtr& b = conjunct->args[1];
  if (!(a->type == b->type)) return false;
  Side side_a = SideOf(*a, left_width);
  Side side_b = SideOf(*b, left_width);
  if (side_a == Side::kLeft && side_b == Side::kRight) {
    probe = a;
    build = b;
    return true;
  }
  if (side_a == Side::kRight && side_b == Side::kLeft) {
    probe = b;
    build = a;
    return true;
  }
  return false;
}

PlannedFrom PlanJoin(const BoundFrom& join, std::vector<ExprPtr> conjuncts,
                     const std::set<int>& needed) {
  const size_t left_width = join.left->width;
  const exec::JoinType type = join.join_type;
  const bool left_preserved = type == exec::JoinType::kLeft || type == exec::JoinType::kFull;
  const bool right_preserved = type == exec::JoinType::kRight || type == exec::JoinType::kFull;
  // Semi and anti joins output the left columns only; every ON term that
  // reads the left side decides the pairing, so only right-only terms move.
  const bool filters_left = type == exec::JoinType::kSemi || type == exec::JoinType::kAnti;
  std::vector<ExprPtr> to_left;
  std::vector<ExprPtr> to_right;
  std::vector<ExprPtr> join_conditions;
  std::vector<ExprPtr> above;
  // A WHERE term over one input filters that input first unless the join
  // may pad that input's columns with NULLs (then it must see the padding).
  for (ExprPtr& c : conjuncts) {
    Side side = SideOf(*c, left_width);
    if (side == Side::kLeft && !right_preserved) {
      to_left.push_back(std::move(c));
    } else if (side == Side::kRight && !left_preserved) {
      to_right.push_back(std::move(c));
    } else if (type == exec::JoinType::kInner && side == Side::kBoth) {
      join_conditions.push_back(std::move(c));
    } else {
      above.push_back(std::move(c));
    }
  }
  // An ON term over one input may filter that input when it is the side
  // whose rows are only ever padded, never preserved.
  std::vector<ExprPtr> on;
  if (join.condition) SplitConjuncts(join.condition, on);
  for (ExprPtr& c : on) {
    Side side = SideOf(*c, left_width);
    if (side == Side::kLeft && !left_preserved && !filters_left) {
      to_left.push_back(std::move(c));
    } else if (side == Side::kRight && !right_preserved) {
      to_right.push_back(std::move(c));
    } else {
      join_conditions.push_back(std::move(c));
    }
  }
  std::vector<ExprPtr> probe_keys;
  std::vector<ExprPtr> build_keys;
  std::vector<ExprPtr> residual;
  for (ExprPtr& c : join_conditions) {
    ExprPtr probe;
    ExprPtr build;
    if (AsJoinKey(c, left_width, probe, build)) {
      probe_keys.push_back(std::move(probe));
      build_keys.push_back(std::move(build));
    } else {
      residual.push_back(std::move(c));
    }
  }

  std::set<int> used = needed;
  for (const auto* list : {&probe_keys, &build_keys, &residual, &above}) {
    for (const ExprPtr& e : *list)
      CollectColumns(*e, used);
  }
  std::set<int> left_needed;
  std::set<int> right_needed;
  for (int column : used) {
    if (column < static_cast<int>(left_width)) {
      left_needed.insert(column);
    } else {
      right_needed.insert(column - static_cast<int>(left_width));
    }
  }
  for (ExprPtr& c : to_right)
    c = Shift(c, -static_cast<int>(left_width));
  PlannedFrom left = PlanFrom(*join.left, std::move(to_left), left_needed);
  PlannedFrom right = PlanFrom(*join.right, std::move(to_right), right_needed);

  PlannedFrom planned;
  const int left_output = static_cast<int>(left.plan->output_types.size());
  planned.mapping = left.mapping;
  // The join's condition sees both sides; its output, for semi and anti
  // joins, only the left one.
  std::vector<int> pair_mapping = left.mapping;
  for (int m : right.mapping)
    pair_mapping.push_back(m < 0 ? -1 : m + left_output);
  if (!filters_left) planned.mapping = pair_mapping;
  std::vector<int> right_mapping(left_width, -1);
  right_mapping.insert(right_mapping.end(), right.mapping.begin(), right.mapping.end());

  auto plan = std::make_shared<exec::JoinPlan>();
  plan->type = type;
  plan->output_types = left.plan->output_types;
  if (!filters_left) {
    plan->output_types.insert(plan->output_types.end(), right.plan->output_types.begin(),
                              right.plan->output_types.end());
  }
  for (const ExprPtr& k : probe_keys)
    plan->probe_keys.push_back(RemapColumns(k, left.mapping));
  for (const ExprPtr& k : build_keys)
    plan->build_keys.push_back(RemapColumns(k, right_mapping));
  if (ExprPtr condition = Conjunction(std::move(residual))) {
    plan->condition = RemapColumns(condition, pair_mapping);
  }
  plan->children = {std::move(left.plan), std::move(right.plan)};
  for (ExprPtr& c : above)
    c = RemapColumns(c, planned.mapping);
  planned.plan = Filter(std::move(plan), std::move(above));
  return planned;
}

}  // namespace

void SplitConjuncts(const ExprPtr& expr, std::vector<ExprPtr>& out) {
  if (expr->kind == exec::ExprKind::kAnd) {
    for (const ExprPtr& arg : expr->args)
      SplitConjuncts(arg, out);
  } else {
    out.push_back(expr);
  }
}

void CollectColumns(const exec::Expr& expr, std::set<int>& out) {
  if (expr.kind == exec::ExprKind::kColumnRef) out.insert(expr.column);
  for (const ExprPtr& arg : expr.args)
    CollectColumns(*arg, out);
}

ExprPtr RemapColumns(const ExprPtr& expr, const std::vector<int>& mapping) {
  if (expr->kind == exec::ExprKind::kColumnRef) {
    return exec::MakeColumnRef(mapping.at(expr->column), expr->type);
  }
  if (expr->args.empty()) return expr;
  exec::Expr copy = *expr;
  for (ExprPtr& arg : copy.args)
    arg = RemapColumns(arg, mapping);
  return std::make_shared<const exec::Expr>(std::move(copy));
}

PlannedFrom PlanFrom(const BoundFrom& from, std::vector<ExprPtr> conjuncts,
                     const std::set<int>& needed) {
  switch (from.kind) {
    case BoundFrom::Kind::kTable:
      return PlanTable(*from.table, std::move(conjuncts), needed);
    case BoundFrom::Kind::kPlan: {
      PlannedFrom planned;
      planned.plan = Filter(from.plan, std::move(conjuncts));
      for (size_t i = 0; i < from.width; ++i)
        planned.mapping.push_back(static_cast<int>(i));
      return planned;
    }
    case BoundFrom::Kind::kJoin:
      break;
  }
  return PlanJoin(from, std::move(conjuncts), needed);
}

}  // namespace sundial::sql
