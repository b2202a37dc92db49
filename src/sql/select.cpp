#include "sql/database.h"
#include "sql/physical_planner.h"
#include "sql/row_source.h"
#include "sql/select_binder.h"
#include "sql/statements.h"

namespace sundial::sql {

const ast::Expr* SoleFunctionCall(const ast::SelectStmt& select) {
  if (!select.from.empty() || select.targets.size() != 1 || select.where ||
      select.set_operation != ast::SetOperation::kNone ||
      select.targets[0].expr->kind != ast::ExprKind::kFunction) {
    return nullptr;
  }
  return select.targets[0].expr.get();
}

Result<StatementResult> ExecuteSelect(const ast::SelectStmt& select, StatementContext& context) {
  if (IsCreateHypertableCall(select)) return ExecuteCreateHypertable(select, context);
  if (IsChunkFunctionCall(select)) return ExecuteChunkFunction(select, context);
  if (IsContinuousAggregatePolicyCall(select)) {
    return ExecuteContinuousAggregatePolicyCall(select, context);
  }
  SelectBinder binder(context.database.catalog(), context.eval);
  ASSIGN_OR_RETURN(BoundRelation relation, binder.BindRelation(select));
  StatementResult result;
  result.command_tag = "SELECT";
  result.columns = std::move(relation.columns);
  ASSIGN_OR_RETURN(result.rows, OpenPlan(PlanPhysical(relation.plan), context));
  return result;
}

Result<std::vector<ResultColumn>> DescribeSelect(const ast::SelectStmt& select,
                                                 StatementContext& context) {
  SelectBinder binder(context.database.catalog(), context.eval);
  ASSIGN_OR_RETURN(BoundRelation relation, binder.BindRelation(select));
  return std::move(relation.columns);
}

}  // namespace sundial::sql
