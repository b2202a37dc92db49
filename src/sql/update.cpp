// UPDATE t [AS alias] SET ... [WHERE ...] [RETURNING ...]: the store replaces
// the matching rows by their new versions in one atomic change
// (ts::Engine::ReplaceRows).

#include <numeric>
#include <set>

#include "catalog/catalog.h"
#include "exec/operator_factories.h"
#include "exec/vector_ops.h"
#include "sql/database.h"
#include "sql/expr_binder.h"
#include "sql/returning.h"
#include "sql/row_source.h"
#include "sql/select_binder.h"
#include "sql/statements.h"
#include "sql/table_rows.h"
#include "ts/engine.h"

namespace sundial::sql {
namespace {

// An UPDATE bound against its table: the WHERE condition (null: every row)
// and, by table column, the new value's expression over the old row (null:
// the column keeps its value).
struct BoundUpdate {
  ts::TableSchema table;
  exec::ExprPtr condition;
  std::vector<exec::ExprPtr> new_values;
};

Scope TableScope(const ts::TableSchema& table, const std::string& alias) {
  Scope scope;
  const std::string& qualifier = alias.empty() ? table.name : alias;
  for (const ts::ColumnSchema& c : table.columns)
    scope.columns.push_back(ScopeColumn{.qualifier = qualifier, .name = c.name, .type = c.type});
  return scope;
}

Result<BoundUpdate> BindUpdate(const ast::UpdateStmt& update, StatementContext& context) {
  ASSIGN_OR_RETURN(ts::TableSchema table, FindWritableTable(update.table, context));
  BoundUpdate bound{.new_values = std::vector<exec::ExprPtr>(table.columns.size())};
  Scope scope = TableScope(table, update.alias);
  SelectBinder subqueries(context.database.catalog(), context.eval);
  if (update.where) {
    ExprBinder binder(scope, context.eval, "WHERE");
    binder.set_subqueries(&subqueries);
    ASSIGN_OR_RETURN(bound.condition, binder.BindCondition(*update.where));
  }
  ASSIGN_OR_RETURN(ColumnDefaultValues defaults, EvaluateColumnDefaults(context, table));
  ExprBinder binder(scope, context.eval, "UPDATE");
  binder.set_subqueries(&subqueries);
  std::set<int> assigned;
  for (const ast::UpdateStmt::Assignment& assignment : update.assignments) {
    const int column = table.FindColumn(assignment.column);
    if (column < 0) {
      return Status::Error(ErrorCode::kUndefinedColumn, "column \"" + assignment.column +
                                                            "\" of relation \"" + table.name +
                                                            "\" does not exist")
          .WithPosition(assignment.position);
    }
    if (!assigned.insert(column).second) {
      return Status::Error(ErrorCode::kSyntaxError,
                           "multiple assignments to same column \"" + assignment.column + "\"")
          .WithPosition(assignment.position);
    }
    const ts::ColumnSchema& target = table.columns[column];
    if (!assignment.value) {
      bound.new_values[column] = defaults.per_row[column]
                                     ? defaults.per_row[column]
                                     : exec::MakeConstant(defaults.constants[column]);
      continue;
    }
    if (defaults.identity[column] == 'a') {
      return Status::Error(ErrorCode::kGeneratedAlways,
                           "column \"" + target.name + "\" can only be updated to DEFAULT")
          .WithDetail("Column \"" + target.name +
                      "\" is an identity column defined as GENERATED ALWAYS.")
          .WithPosition(assignment.position);
    }
    ASSIGN_OR_RETURN(exec::ExprPtr value, binder.Bind(*assignment.value));
    ASSIGN_OR_RETURN(bound.new_values[column],
                     AssignToColumn(assignment.value.get(), std::move(value), target, context.eval,
                                    assignment.value->position));
  }
  bound.table = std::move(table);
  return bound;
}

}  // namespace

Result<std::vector<ResultColumn>> DescribeUpdate(const ast::UpdateStmt& update,
                                                 StatementContext& context) {
  // Binding gives the $n parameters their types.
  ASSIGN_OR_RETURN(BoundUpdate bound, BindUpdate(update, context));
  if (update.returning.empty()) return std::vector<ResultColumn>();
  ASSIGN_OR_RETURN(ReturningList returning,
                   ReturningList::Bind(update.returning, bound.table, context.eval, update.alias));
  return returning.columns();
}

Result<StatementResult> ExecuteUpdate(const ast::UpdateStmt& update, StatementContext& context) {
  ASSIGN_OR_RETURN(BoundUpdate bound, BindUpdate(update, context));
  const ts::TableSchema& table = bound.table;
  if (context.writer.DirectEngine() == nullptr) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "UPDATE inside a transaction block is not supported")
        .WithHint("Run UPDATE outside BEGIN ... COMMIT; it commits on its own.");
  }
  std::optional<ReturningList> returning;
  if (!update.returning.empty()) {
    ASSIGN_OR_RETURN(returning,
                     ReturningList::Bind(update.returning, table, context.eval, update.alias));
  }
  std::unique_ptr<exec::ExecContext> exec_context = NewExecContext(context);
  std::vector<exec::ExprPtr> expressions = bound.new_values;
  expressions.push_back(bound.condition);
  RETURN_IF_ERROR(ComputeSubqueries(expressions, *exec_context, "UPDATE"));
  std::vector<uint32_t> selected;
  std::vector<DataChunk> returned;
  // Every new value is computed from the old row, and checked, before
  // anything is stored: an error (division by zero, a NULL in a NOT NULL
  // column) fails the UPDATE and changes nothing, as in PostgreSQL.
  ts::RowReplacer replacer = [&](const DataChunk& rows, std::vector<uint8_t>& matches,
                                 std::vector<DataChunk>& replacements) -> Status {
    RETURN_IF_ERROR(exec::CheckCanceled(*exec_context));
    selected.resize(rows.size());
    size_t n = rows.size();
    if (bound.condition) {
      ColumnVector matched;
      RETURN_IF_ERROR(exec::Evaluate(*bound.condition, rows, exec_context->eval, matched));
      n = exec::SelectTrue(matched, rows.size(), selected.data());
    } else {
      std::iota(selected.begin(), selected.end(), 0);
    }
    if (n == 0) return Status::Ok();
    for (size_t i = 0; i < n; ++i)
      matches[selected[i]] = 1;
    DataChunk old_rows;
    old_rows.row_count_without_columns = n;
    for (const ColumnVector& column : rows.columns)
      old_rows.columns.push_back(exec::GatherRows(column, selected.data(), n));
    std::vector<ColumnVector> new_columns(table.columns.size());
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (!bound.new_values[c]) continue;
      RETURN_IF_ERROR(
          exec::Evaluate(*bound.new_values[c], old_rows, exec_context->eval, new_columns[c]));
    }
    DataChunk new_rows;
    new_rows.row_count_without_columns = n;
    for (size_t c = 0; c < table.columns.size(); ++c) {
      new_rows.columns.push_back(bound.new_values[c] ? std::move(new_columns[c])
                                                     : std::move(old_rows.columns[c]));
    }
    RETURN_IF_ERROR(CheckRows(table, new_rows));
    if (returning) {
      ASSIGN_OR_RETURN(std::vector<DataChunk> computed,
                       returning->Compute({new_rows}, exec_context->eval));
      for (DataChunk& chunk : computed)
        returned.push_back(std::move(chunk));
    }
    replacements.push_back(std::move(new_rows));
    return Status::Ok();
  };
  const ts::ScanSpec candidates = CandidateRows(table, bound.condition);
  ASSIGN_OR_RETURN(uint64_t updated,
                   context.database.engine().ReplaceRows(candidates, replacer, {}));
  StatementResult result;
  if (returning) {
    result.columns = returning->columns();
    result.rows = MakeChunkRows(std::move(returned));
    // With rows to return, the protocol appends their count to the tag.
    result.command_tag = "UPDATE";
  } else {
    result.command_tag = "UPDATE " + std::to_string(updated);
  }
  return result;
}

}  // namespace sundial::sql
