// UPDATE t [AS alias] SET ... [FROM ...] [WHERE ...] [RETURNING ...]: the store replaces
// the matching rows by their new versions in one atomic change
// (ts::Engine::ReplaceRows); inside a transaction block the block does, until
// COMMIT (block_changes.h).

#include <numeric>
#include <set>

#include "catalog/catalog.h"
#include "exec/operator_factories.h"
#include "exec/vector_ops.h"
#include "sql/block_changes.h"
#include "sql/database.h"
#include "sql/expr_binder.h"
#include "sql/extra_from_rows.h"
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
// the column keeps its value). With FROM items, both read the old row
// followed by the item row it is paired with, and `table_condition` is the
// part of WHERE over the table alone.
struct BoundUpdate {
  ts::TableSchema table;
  exec::ExprPtr condition;
  exec::ExprPtr table_condition;
  std::vector<exec::ExprPtr> new_values;
  std::unique_ptr<ExtraFromRows> from;
  Scope scope;  // the table's columns, then the FROM items'
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
  if (!update.from.empty()) {
    ASSIGN_OR_RETURN(bound.from, ExtraFromRows::Bind(subqueries, update.from, scope));
  }
  if (update.where) {
    ExprBinder binder(scope, context.eval, "WHERE");
    binder.set_subqueries(&subqueries);
    ASSIGN_OR_RETURN(bound.condition, binder.BindCondition(*update.where));
  }
  bound.table_condition = bound.from ? bound.from->SetCondition(bound.condition) : bound.condition;
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
  bound.scope = std::move(scope);
  return bound;
}

}  // namespace

Result<std::vector<ResultColumn>> DescribeUpdate(const ast::UpdateStmt& update,
                                                 StatementContext& context) {
  // Binding gives the $n parameters their types.
  ASSIGN_OR_RETURN(BoundUpdate bound, BindUpdate(update, context));
  if (update.returning.empty()) return std::vector<ResultColumn>();
  ASSIGN_OR_RETURN(ReturningList returning,
                   ReturningList::Bind(update.returning, bound.table, context.eval, update.alias,
                                       bound.from ? &bound.scope : nullptr));
  return returning.columns();
}

Result<StatementResult> ExecuteUpdate(const ast::UpdateStmt& update, StatementContext& context) {
  ASSIGN_OR_RETURN(BoundUpdate bound, BindUpdate(update, context));
  const ts::TableSchema& table = bound.table;
  std::optional<ReturningList> returning;
  if (!update.returning.empty()) {
    ASSIGN_OR_RETURN(returning,
                     ReturningList::Bind(update.returning, table, context.eval, update.alias,
                                         bound.from ? &bound.scope : nullptr));
  }
  std::unique_ptr<exec::ExecContext> exec_context = NewExecContext(context);
  std::vector<exec::ExprPtr> expressions = bound.new_values;
  expressions.push_back(bound.condition);
  RETURN_IF_ERROR(ComputeSubqueries(expressions, *exec_context, "UPDATE"));
  if (bound.from) RETURN_IF_ERROR(bound.from->Load(*exec_context));
  std::vector<uint32_t> selected;
  std::vector<DataChunk> returned;
  // Every new value is computed from the old row, and checked, before
  // anything is stored: an error (division by zero, a NULL in a NOT NULL
  // column) fails the UPDATE and changes nothing, as in PostgreSQL.
  ts::RowReplacer replacer = [&](const DataChunk& rows, std::vector<uint8_t>& matches,
                                 std::vector<DataChunk>& replacements) -> Status {
    RETURN_IF_ERROR(exec::CheckCanceled(*exec_context));
    // The picked old rows, each followed by its FROM item row if any: what
    // SET reads.
    DataChunk old_rows;
    if (bound.from) {
      RETURN_IF_ERROR(bound.from->Pair(rows, exec_context->eval, matches, old_rows));
    } else {
      selected.resize(rows.size());
      size_t picked = rows.size();
      if (bound.condition) {
        ColumnVector matched;
        RETURN_IF_ERROR(exec::Evaluate(*bound.condition, rows, exec_context->eval, matched));
        picked = exec::SelectTrue(matched, rows.size(), selected.data());
      } else {
        std::iota(selected.begin(), selected.end(), 0);
      }
      for (size_t i = 0; i < picked; ++i)
        matches[selected[i]] = 1;
      old_rows.row_count_without_columns = picked;
      for (const ColumnVector& column : rows.columns)
        old_rows.columns.push_back(exec::GatherRows(column, selected.data(), picked));
    }
    const size_t n = old_rows.size();
    if (n == 0) return Status::Ok();
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
      // The new row, followed by its FROM item row when there is one.
      DataChunk shown = new_rows;
      shown.columns.insert(shown.columns.end(), old_rows.columns.begin() + table.columns.size(),
                           old_rows.columns.end());
      ASSIGN_OR_RETURN(std::vector<DataChunk> computed,
                       returning->Compute({shown}, exec_context->eval));
      for (DataChunk& chunk : computed)
        returned.push_back(std::move(chunk));
    }
    replacements.push_back(std::move(new_rows));
    return Status::Ok();
  };
  const ts::ScanSpec candidates = CandidateRows(
      table, bound.from ? bound.from->Narrowed(bound.table_condition) : bound.table_condition);
  uint64_t updated = 0;
  if (bound.from && bound.from->PairsNothing()) {
    // No row can pair with an item row: nothing to read.
  } else if (context.writer.DirectEngine() == nullptr) {
    ASSIGN_OR_RETURN(updated, ChangeRowsInBlock(context, table, candidates, replacer));
  } else {
    ASSIGN_OR_RETURN(updated, context.database.engine().ReplaceRows(candidates, replacer, {}));
  }
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
