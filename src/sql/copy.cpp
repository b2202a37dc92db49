#include <set>

#include "sql/copy_in_sink.h"
#include "sql/copy_options.h"
#include "sql/copy_out.h"
#include "sql/database.h"
#include "sql/physical_planner.h"
#include "sql/row_source.h"
#include "sql/select_binder.h"
#include "sql/statements.h"
#include "sql/table_rows.h"

// COPY: which table or query, the options, and the source or sink that
// moves the data (TableCopySink for FROM STDIN, QueryCopySource for TO STDOUT).

namespace sundial::sql {
namespace {

// COPY t [(columns)] TO reads the table as `SELECT columns FROM t` would.
std::unique_ptr<ast::SelectStmt> TableQuery(const TargetColumns& target) {
  auto select = std::make_unique<ast::SelectStmt>();
  for (int column : target.columns) {
    auto ref = std::make_unique<ast::Expr>();
    ref->kind = ast::ExprKind::kColumnRef;
    ref->name = target.table.columns[column].name;
    select->targets.push_back(ast::SelectItem{.expr = std::move(ref)});
  }
  auto from = std::make_unique<ast::TableRef>();
  from->name = target.table.name;
  select->from.push_back(std::move(from));
  return select;
}

// FORCE_QUOTE / FORCE_NOT_NULL / FORCE_NULL names as a flag per copied
// column (`names`): a name must be one of them (42703 when it names nothing,
// 42P10 for a table column the column list leaves out).
Result<std::vector<bool>> ForcedColumns(const std::vector<std::string>& wanted, bool all,
                                        const char* option, const std::vector<std::string>& names,
                                        const ts::TableSchema* table) {
  std::vector<bool> force(names.size(), all);
  std::set<std::string> seen;
  for (const std::string& name : wanted) {
    if (!seen.insert(name).second) {
      return Status::Error(ErrorCode::kDuplicateColumn,
                           "column \"" + name + "\" specified more than once");
    }
    size_t i = 0;
    while (i < names.size() && names[i] != name)
      ++i;
    if (i < names.size()) {
      force[i] = true;
      continue;
    }
    if (table == nullptr) {
      return Status::Error(ErrorCode::kUndefinedColumn, "column \"" + name + "\" does not exist");
    }
    if (table->FindColumn(name) < 0) {
      return Status::Error(ErrorCode::kUndefinedColumn, "column \"" + name + "\" of relation \"" +
                                                            table->name + "\" does not exist");
    }
    return Status::Error(ErrorCode::kInvalidColumnReference,
                         std::string(option) + " column \"" + name + "\" not referenced by COPY");
  }
  return force;
}

// The sink outlives the statement: what points into the statement's own
// state (its parameters, subquery answers) is left out.
exec::EvalContext SinkEvalContext(const exec::EvalContext& eval) {
  exec::EvalContext kept = eval;
  kept.parameters = nullptr;
  kept.subqueries = nullptr;
  kept.outer_values = nullptr;
  return kept;
}

Result<StatementResult> CopyFrom(const ast::CopyStmt& copy, StatementContext& context) {
  ASSIGN_OR_RETURN(CopyOptions options, ParseCopyOptions(copy, true));
  ASSIGN_OR_RETURN(TargetColumns target, ResolveTargetColumns(context, copy.table, copy.columns));
  ts::TableSchema& table = target.table;
  std::vector<int>& targets = target.columns;
  std::vector<std::string> names;
  for (int column : targets)
    names.push_back(table.columns[column].name);
  ASSIGN_OR_RETURN(std::vector<bool> force_not_null,
                   ForcedColumns(options.force_not_null, false, "FORCE_NOT_NULL", names, &table));
  ASSIGN_OR_RETURN(std::vector<bool> force_null,
                   ForcedColumns(options.force_null, false, "FORCE_NULL", names, &table));
  ASSIGN_OR_RETURN(ColumnDefaultValues defaults, EvaluateColumnDefaults(context, table));
  StatementResult result;
  result.command_tag = "COPY";
  result.copy_in = std::make_unique<TableCopySink>(
      TableCopySink::Options{.table = std::move(table),
                             .targets = std::move(targets),
                             .defaults = std::move(defaults.constants),
                             .per_row_defaults = std::move(defaults.per_row),
                             .eval = SinkEvalContext(context.eval),
                             .format = std::move(options.format),
                             .binary = options.binary,
                             .force_not_null = std::move(force_not_null),
                             .force_null = std::move(force_null),
                             .time_zone = context.eval.time_zone},
      context.writer);
  return result;
}

Result<StatementResult> CopyTo(const ast::CopyStmt& copy, StatementContext& context) {
  // PostgreSQL opens the table before it reads the options.
  std::optional<TargetColumns> target;
  if (copy.query == nullptr) {
    ASSIGN_OR_RETURN(target, ResolveTargetColumns(context, copy.table, {}));
  }
  ASSIGN_OR_RETURN(CopyOptions options, ParseCopyOptions(copy, false));
  std::unique_ptr<ast::SelectStmt> table_query;
  if (target) {
    ASSIGN_OR_RETURN(target, ResolveTargetColumns(context, copy.table, copy.columns));
    table_query = TableQuery(*target);
  }
  const ast::SelectStmt& query = target ? *table_query : *copy.query;
  SelectBinder binder(context.database.catalog(), context.eval);
  ASSIGN_OR_RETURN(BoundRelation relation, binder.BindRelation(query));
  std::vector<std::string> names;
  for (const ResultColumn& column : relation.columns)
    names.push_back(column.name);
  ASSIGN_OR_RETURN(std::vector<bool> force_quote,
                   ForcedColumns(options.force_quote, options.force_quote_all, "FORCE_QUOTE", names,
                                 target ? &target->table : nullptr));
  ASSIGN_OR_RETURN(std::unique_ptr<RowSource> rows, OpenPlan(PlanPhysical(relation.plan), context));
  StatementResult result;
  result.command_tag = "COPY";
  result.copy_out = std::make_unique<QueryCopySource>(
      std::move(rows), QueryCopySource::Options{.copy = std::move(options),
                                                .column_names = std::move(names),
                                                .force_quote = std::move(force_quote),
                                                .time_zone = context.eval.time_zone});
  return result;
}

}  // namespace

Result<StatementResult> ExecuteCopy(const ast::CopyStmt& copy, StatementContext& context) {
  if (!copy.stdio) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         copy.from ? "COPY FROM a server file is not supported; use COPY FROM STDIN"
                                   : "COPY to a file is not supported; use COPY TO STDOUT");
  }
  return copy.from ? CopyFrom(copy, context) : CopyTo(copy, context);
}

}  // namespace sundial::sql
