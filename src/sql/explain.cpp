#include <sstream>

#include "sql/database.h"
#include "sql/row_source.h"
#include "sql/select_binder.h"
#include "sql/statements.h"

namespace sundial::sql {

Result<StatementResult> ExecuteExplain(const ast::Statement& explain, StatementContext& context) {
  if (explain.explain_analyze) {
    return Status::Error(ErrorCode::kFeatureNotSupported, "EXPLAIN ANALYZE is not supported");
  }
  const ast::Statement& inner = *explain.explained;
  if (inner.kind != ast::Statement::Kind::kSelect) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "EXPLAIN is supported for SELECT statements only");
  }
  SelectBinder binder(context.database.catalog(), context.eval);
  ASSIGN_OR_RETURN(BoundRelation relation, binder.BindRelation(*inner.select));
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(exec::DescribePlan(*relation.plan));
  for (std::string line; std::getline(lines, line);)
    rows.push_back({line});
  StatementResult result;
  result.command_tag = "EXPLAIN";
  result.columns = {ResultColumn{.name = "QUERY PLAN", .type = DataType::Of(TypeId::kText)}};
  result.rows = MakeTextRows(1, std::move(rows));
  return result;
}

}  // namespace sundial::sql
