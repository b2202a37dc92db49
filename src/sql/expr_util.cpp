#include "sql/expr_util.h"

namespace sundial::sql {

using exec::ExprPtr;

void SplitConjuncts(const ExprPtr& expr, std::vector<ExprPtr>& out) {
  if (expr->kind == exec::ExprKind::kAnd) {
    for (const ExprPtr& arg : expr->args)
      SplitConjuncts(arg, out);
  } else {
    out.push_back(expr);
  }
}

ExprPtr Conjunction(std::vector<ExprPtr> conjuncts) {
  if (conjuncts.empty()) return nullptr;
  if (conjuncts.size() == 1) return conjuncts[0];
  return std::make_shared<const exec::Expr>(exec::Expr{.kind = exec::ExprKind::kAnd,
                                                       .type = DataType::Of(TypeId::kBool),
                                                       .args = std::move(conjuncts)});
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

ExprPtr SubstituteColumns(const ExprPtr& expr, const std::vector<ExprPtr>& columns) {
  if (expr->kind == exec::ExprKind::kColumnRef) return columns.at(expr->column);
  if (expr->args.empty()) return expr;
  exec::Expr copy = *expr;
  for (ExprPtr& arg : copy.args)
    arg = SubstituteColumns(arg, columns);
  return std::make_shared<const exec::Expr>(std::move(copy));
}

ExprPtr ShiftColumns(const ExprPtr& expr, int by) {
  if (expr->kind == exec::ExprKind::kColumnRef) {
    return exec::MakeColumnRef(expr->column + by, expr->type);
  }
  if (expr->args.empty()) return expr;
  exec::Expr copy = *expr;
  for (ExprPtr& arg : copy.args)
    arg = ShiftColumns(arg, by);
  return std::make_shared<const exec::Expr>(std::move(copy));
}

}  // namespace sundial::sql
