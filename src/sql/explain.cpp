#include <chrono>
#include <cstdio>
#include <sstream>

#include "exec/plan_profile.h"

#include "sql/database.h"
#include "sql/physical_planner.h"
#include "sql/row_source.h"
#include "sql/select_binder.h"
#include "sql/statements.h"

namespace sundial::sql {

namespace {

// Runs the plan to its end, discarding rows, and describes what each node
// did; the last line is the run's wall time, as PostgreSQL prints it.
Result<std::string> RunAnalyzed(const exec::PlanNode& plan, StatementContext& context) {
  std::unique_ptr<exec::ExecContext> exec_context = NewExecContext(context);
  exec::PlanProfile profile;
  exec_context->profile = &profile;
  auto start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(std::unique_ptr<exec::Operator> root, exec::StartPlan(plan, *exec_context));
  DataChunk chunk;
  while (true) {
    ASSIGN_OR_RETURN(bool more, root->Next(chunk));
    if (!more) break;
  }
  double millis =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  char footer[64];
  std::snprintf(footer, sizeof(footer), "\nExecution Time: %.3f ms", millis);
  return exec::DescribePlan(plan, &profile) + footer;
}

}  // namespace

std::vector<ResultColumn> ExplainColumns() {
  return {ResultColumn{.name = "QUERY PLAN", .type = DataType::Of(TypeId::kText)}};
}

Result<StatementResult> ExecuteExplain(const ast::Statement& explain, StatementContext& context) {
  const ast::Statement& inner = *explain.explained;
  if (inner.kind != ast::Statement::Kind::kSelect) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "EXPLAIN is supported for SELECT statements only");
  }
  SelectBinder binder(context.database.catalog(), context.eval);
  ASSIGN_OR_RETURN(BoundRelation relation, binder.BindRelation(*inner.select));
  exec::PlanPtr plan = PlanPhysical(relation.plan);
  std::vector<std::vector<std::string>> rows;
  std::string text;
  if (explain.explain_analyze) {
    ASSIGN_OR_RETURN(text, RunAnalyzed(*plan, context));
  } else {
    text = exec::DescribePlan(*plan);
  }
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    rows.push_back({line});
  StatementResult result;
  result.command_tag = "EXPLAIN";
  result.columns = ExplainColumns();
  result.rows = MakeTextRows(1, std::move(rows));
  return result;
}

}  // namespace sundial::sql
