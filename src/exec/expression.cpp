#include "exec/expression.h"

#include "exec/function_registry.h"

namespace sundial::exec {

ExprPtr MakeColumnRef(int column, DataType type) {
  return std::make_shared<const Expr>(
      Expr{.kind = ExprKind::kColumnRef, .type = type, .column = column});
}

ExprPtr MakeConstant(Value value) {
  DataType type = value.type();
  return std::make_shared<const Expr>(
      Expr{.kind = ExprKind::kConstant, .type = type, .constant = std::move(value)});
}

ExprPtr MakeCast(ExprPtr arg, DataType target) {
  return std::make_shared<const Expr>(
      Expr{.kind = ExprKind::kCast, .type = target, .args = {std::move(arg)}});
}

ExprPtr MakeCall(const ScalarFunction* function, std::vector<ExprPtr> args) {
  return std::make_shared<const Expr>(Expr{.kind = ExprKind::kCall,
                                           .type = function->return_type,
                                           .function = function,
                                           .args = std::move(args)});
}

bool IsConstantExpr(const Expr& expr) {
  if (expr.kind == ExprKind::kColumnRef || expr.kind == ExprKind::kSubquery ||
      expr.kind == ExprKind::kOuterColumnRef || expr.kind == ExprKind::kParameter ||
      expr.kind == ExprKind::kOuterParam) {
    return false;
  }
  if (expr.function != nullptr && expr.function->is_volatile) return false;
  for (const ExprPtr& arg : expr.args) {
    if (!IsConstantExpr(*arg)) return false;
  }
  return true;
}

Result<Value> EvaluateConstant(const Expr& expr, const EvalContext& context) {
  DataChunk one_row;
  one_row.row_count_without_columns = 1;
  ColumnVector out;
  RETURN_IF_ERROR(Evaluate(expr, one_row, context, out));
  return Value::FromVector(out, 0);
}

}  // namespace sundial::exec
