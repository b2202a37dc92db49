#include <algorithm>
#include <limits>
#include <numeric>

#include "catalog/catalog.h"
#include "exec/operator_factories.h"
#include "exec/vector_ops.h"
#include "sql/database.h"
#include "sql/expr_binder.h"
#include "sql/expr_deparser.h"
#include "sql/expr_util.h"
#include "sql/returning.h"
#include "sql/row_source.h"
#include "sql/rules/rules.h"
#include "sql/select_binder.h"
#include "sql/statements.h"
#include "sql/table_rows.h"
#include "ts/engine.h"
#include "ts/partitioning.h"

// DELETE. Without WHERE it empties the table (as TRUNCATE). With WHERE the
// condition is bound over the table's columns and evaluated by the store's
// DeleteRows over the rows its simple conjuncts admit; the rows it holds
// true for are marked deleted. On a hypertable, chunks that a condition
// made only of comparisons of the time column with constants covers wholly
// are dropped without being read. Inside a transaction block DELETE
// answers 0A000: the block's writes wait for COMMIT, and a delete taking
// effect at once would not roll back with it. RETURNING computes its list
// over the rows as they match.

namespace sundial::sql {
namespace {

// Narrow's refusal: the clause is not a plain time range.
Status NotTimeRange(const std::string& why) {
  return Status::Error(ErrorCode::kFeatureNotSupported, "not a time range: " + why);
}

// [begin, end) of time column values (its units) a WHERE clause selects.
struct Range {
  int64_t begin = std::numeric_limits<int64_t>::min();
  int64_t end = std::numeric_limits<int64_t>::max();
};

int64_t Next(int64_t v) {
  return v == std::numeric_limits<int64_t>::max() ? v : v + 1;
}

Result<int64_t> TimeConstant(const ast::Expr& expr, const ts::TableSchema& table,
                             const exec::EvalContext& eval) {
  ASSIGN_OR_RETURN(std::string sql, DeparseExpr(expr));
  const DataType type = table.columns[*table.time_column].type;
  Result<Value> value = EvaluateDefault(sql, type, eval);
  if (!value.ok()) return value.status().WithPosition(expr.position);
  if (value->is_null()) return NotTimeRange("comparing the time column with NULL");
  return value->int_value();
}

bool IsTimeColumn(const ast::Expr& expr, const ts::TableSchema& table) {
  return expr.kind == ast::ExprKind::kColumnRef &&
         (expr.qualifier.empty() || expr.qualifier == table.name) &&
         table.FindColumn(expr.name) == *table.time_column;
}

// Narrows `range` by one conjunct of the WHERE clause.
Status Narrow(const ast::Expr& expr, const ts::TableSchema& table, const exec::EvalContext& eval,
              Range& range) {
  if (expr.kind == ast::ExprKind::kBinaryOp && expr.name == "and") {
    RETURN_IF_ERROR(Narrow(*expr.args[0], table, eval, range));
    return Narrow(*expr.args[1], table, eval, range);
  }
  if (expr.kind == ast::ExprKind::kBetween && !expr.negated && !expr.symmetric &&
      IsTimeColumn(*expr.args[0], table)) {
    ASSIGN_OR_RETURN(int64_t low, TimeConstant(*expr.args[1], table, eval));
    ASSIGN_OR_RETURN(int64_t high, TimeConstant(*expr.args[2], table, eval));
    range.begin = std::max(range.begin, low);
    range.end = std::min(range.end, Next(high));
    return Status::Ok();
  }
  if (expr.kind != ast::ExprKind::kBinaryOp) {
    return NotTimeRange("with a condition other than time comparisons");
  }
  std::string op = expr.name;
  const ast::Expr* constant = expr.args[1].get();
  if (!IsTimeColumn(*expr.args[0], table)) {
    if (!IsTimeColumn(*expr.args[1], table)) {
      return NotTimeRange("with a condition on columns other than the time column");
    }
    constant = expr.args[0].get();
    // c < time is time > c.
    op = op == "<" ? ">" : op == ">" ? "<" : op == "<=" ? ">=" : op == ">=" ? "<=" : op;
  }
  if (op != "<" && op != "<=" && op != ">" && op != ">=" && op != "=") {
    return NotTimeRange("with the operator " + op + " on the time column");
  }
  ASSIGN_OR_RETURN(int64_t value, TimeConstant(*constant, table, eval));
  if (op == "<") range.end = std::min(range.end, value);
  if (op == "<=" || op == "=") range.end = std::min(range.end, Next(value));
  if (op == ">") range.begin = std::max(range.begin, Next(value));
  if (op == ">=" || op == "=") range.begin = std::max(range.begin, value);
  return Status::Ok();
}

// The partitions (microseconds) a time-only WHERE clause covers wholly:
// every row in them matches, so they are dropped without being read. Empty
// when the clause is not only comparisons of the time column with constants.
ts::TimeRange WholePartitions(const ast::Expr& where, const ts::TableSchema& table,
                              const exec::EvalContext& eval) {
  const ts::TimeRange none{.begin = 0, .end = 0};
  Range range;
  if (!table.is_hypertable() || !Narrow(where, table, eval, range).ok() ||
      range.begin >= range.end) {
    return none;
  }
  const TypeId type = table.columns[*table.time_column].type.id;
  const int64_t interval = table.partition_interval_micros;
  ts::TimeRange whole;
  if (range.begin != std::numeric_limits<int64_t>::min()) {
    const int64_t begin_micros = ts::TimeToMicros(type, range.begin);
    int64_t start = ts::PartitionStart(begin_micros, interval);
    whole.begin = start == begin_micros ? start : ts::SaturatingAdd(start, interval);
  }
  if (range.end != std::numeric_limits<int64_t>::max()) {
    whole.end = ts::PartitionStart(ts::TimeToMicros(type, range.end), interval);
  }
  return whole.begin < whole.end ? whole : none;
}

// The WHERE condition over the table's columns; nullptr without WHERE.
Result<exec::ExprPtr> BindWhere(const ast::DeleteStmt& del, const ts::TableSchema& table,
                                StatementContext& context) {
  if (!del.where) return exec::ExprPtr();
  Scope scope;
  for (const ts::ColumnSchema& c : table.columns) {
    scope.columns.push_back(ScopeColumn{.qualifier = table.name, .name = c.name, .type = c.type});
  }
  ExprBinder binder(scope, context.eval, "WHERE");
  SelectBinder subqueries(context.database.catalog(), context.eval);
  binder.set_subqueries(&subqueries);
  return binder.BindCondition(*del.where);
}

}  // namespace

Result<std::vector<ResultColumn>> DescribeDelete(const ast::DeleteStmt& del,
                                                 StatementContext& context) {
  ASSIGN_OR_RETURN(ts::TableSchema table, FindWritableTable(del.table, context));
  // Binding gives the $n parameters their types.
  RETURN_IF_ERROR(BindWhere(del, table, context).status());
  if (del.returning.empty()) return std::vector<ResultColumn>();
  ASSIGN_OR_RETURN(ReturningList returning,
                   ReturningList::Bind(del.returning, table, context.eval));
  return returning.columns();
}

Result<StatementResult> ExecuteDelete(const ast::DeleteStmt& del, StatementContext& context) {
  ASSIGN_OR_RETURN(ts::TableSchema table, FindWritableTable(del.table, context));
  if (context.writer.DirectEngine() == nullptr) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "DELETE inside a transaction block is not supported")
        .WithHint("Run DELETE outside BEGIN ... COMMIT; it commits on its own.");
  }
  ts::Engine& engine = context.database.engine();
  std::optional<ReturningList> returning;
  if (!del.returning.empty()) {
    ASSIGN_OR_RETURN(returning, ReturningList::Bind(del.returning, table, context.eval));
  }
  StatementResult result;
  if (!del.where && !returning) {
    ASSIGN_OR_RETURN(ts::Engine::TableStats stats, engine.Stats(table.table_id));
    RETURN_IF_ERROR(engine.TruncateTables({table.name}));
    result.command_tag = "DELETE " + std::to_string(stats.row_count);
    return result;
  }
  ASSIGN_OR_RETURN(exec::ExprPtr condition, BindWhere(del, table, context));
  std::unique_ptr<exec::ExecContext> exec_context = NewExecContext(context);
  RETURN_IF_ERROR(ComputeSubqueries({condition}, *exec_context, "DELETE"));
  std::vector<uint32_t> selected;
  std::vector<DataChunk> returned;
  // RETURNING is computed as rows match, before anything is stored, so its
  // errors (division by zero) fail the DELETE, as in PostgreSQL.
  ts::RowMatcher matcher = [&](const DataChunk& rows, std::vector<uint8_t>& matches) -> Status {
    RETURN_IF_ERROR(exec::CheckCanceled(*exec_context));
    selected.resize(rows.size());
    size_t n = rows.size();
    if (condition) {
      ColumnVector matched;
      RETURN_IF_ERROR(exec::Evaluate(*condition, rows, exec_context->eval, matched));
      n = exec::SelectTrue(matched, rows.size(), selected.data());
    } else {
      std::iota(selected.begin(), selected.end(), 0);
    }
    for (size_t i = 0; i < n; ++i)
      matches[selected[i]] = 1;
    if (!returning || n == 0) return Status::Ok();
    DataChunk deleted;
    deleted.row_count_without_columns = n;
    for (const ColumnVector& column : rows.columns)
      deleted.columns.push_back(exec::GatherRows(column, selected.data(), n));
    ASSIGN_OR_RETURN(std::vector<DataChunk> computed,
                     returning->Compute({std::move(deleted)}, exec_context->eval));
    for (DataChunk& chunk : computed)
      returned.push_back(std::move(chunk));
    return Status::Ok();
  };
  // Chunks dropped unread return no rows, so RETURNING reads them all.
  const ts::TimeRange whole = del.where && !returning
                                  ? WholePartitions(*del.where, table, context.eval)
                                  : ts::TimeRange{.begin = 0, .end = 0};
  const ts::ScanSpec candidates = CandidateRows(table, condition);
  ASSIGN_OR_RETURN(uint64_t deleted, engine.DeleteRows(candidates, matcher, whole));
  if (returning) {
    result.columns = returning->columns();
    result.rows = MakeChunkRows(std::move(returned));
    // With rows to return, the protocol appends their count to the tag.
    result.command_tag = "DELETE";
  } else {
    result.command_tag = "DELETE " + std::to_string(deleted);
  }
  return result;
}

}  // namespace sundial::sql
