#include <algorithm>
#include <limits>
#include <numeric>

#include "catalog/catalog.h"
#include "exec/operator_factories.h"
#include "exec/vector_ops.h"
#include "sql/block_changes.h"
#include "sql/database.h"
#include "sql/expr_binder.h"
#include "sql/expr_deparser.h"
#include "sql/expr_util.h"
#include "sql/extra_from_rows.h"
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
// are dropped without being read. Inside a transaction block the rows are
// removed from the block's own view and from the store at COMMIT
// (block_changes.h). RETURNING computes its list over the rows as they
// match.

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

// The WHERE condition (null without WHERE) over the table's columns, and
// with USING items over the table's columns followed by theirs; then
// `table_condition` is the part over the table alone.
struct BoundDelete {
  exec::ExprPtr condition;
  exec::ExprPtr table_condition;
  std::unique_ptr<ExtraFromRows> using_rows;
  Scope scope;  // the table's columns, then the USING items'
};

Result<BoundDelete> BindDelete(const ast::DeleteStmt& del, const ts::TableSchema& table,
                               StatementContext& context) {
  BoundDelete bound;
  Scope scope;
  const std::string& qualifier = del.alias.empty() ? table.name : del.alias;
  for (const ts::ColumnSchema& c : table.columns) {
    scope.columns.push_back(ScopeColumn{.qualifier = qualifier, .name = c.name, .type = c.type});
  }
  SelectBinder subqueries(context.database.catalog(), context.eval);
  if (!del.using_items.empty()) {
    ASSIGN_OR_RETURN(bound.using_rows, ExtraFromRows::Bind(subqueries, del.using_items, scope));
  }
  if (del.where) {
    ExprBinder binder(scope, context.eval, "WHERE");
    binder.set_subqueries(&subqueries);
    ASSIGN_OR_RETURN(bound.condition, binder.BindCondition(*del.where));
  }
  bound.table_condition =
      bound.using_rows ? bound.using_rows->SetCondition(bound.condition) : bound.condition;
  bound.scope = std::move(scope);
  return bound;
}

}  // namespace

Result<std::vector<ResultColumn>> DescribeDelete(const ast::DeleteStmt& del,
                                                 StatementContext& context) {
  ASSIGN_OR_RETURN(ts::TableSchema table, FindWritableTable(del.table, context));
  // Binding gives the $n parameters their types.
  ASSIGN_OR_RETURN(BoundDelete bound, BindDelete(del, table, context));
  if (del.returning.empty()) return std::vector<ResultColumn>();
  ASSIGN_OR_RETURN(ReturningList returning,
                   ReturningList::Bind(del.returning, table, context.eval, del.alias,
                                       bound.using_rows ? &bound.scope : nullptr));
  return returning.columns();
}

Result<StatementResult> ExecuteDelete(const ast::DeleteStmt& del, StatementContext& context) {
  ASSIGN_OR_RETURN(ts::TableSchema table, FindWritableTable(del.table, context));
  const bool in_block = context.writer.DirectEngine() == nullptr;
  ts::Engine& engine = context.database.engine();
  ASSIGN_OR_RETURN(BoundDelete bound, BindDelete(del, table, context));
  std::optional<ReturningList> returning;
  if (!del.returning.empty()) {
    ASSIGN_OR_RETURN(returning, ReturningList::Bind(del.returning, table, context.eval, del.alias,
                                                    bound.using_rows ? &bound.scope : nullptr));
  }
  StatementResult result;
  if (!del.where && del.using_items.empty() && !returning && !in_block) {
    ASSIGN_OR_RETURN(ts::Engine::TableStats stats, engine.Stats(table.table_id));
    RETURN_IF_ERROR(engine.TruncateTables({table.name}));
    result.command_tag = "DELETE " + std::to_string(stats.row_count);
    return result;
  }
  const exec::ExprPtr& condition = bound.condition;
  std::unique_ptr<exec::ExecContext> exec_context = NewExecContext(context);
  RETURN_IF_ERROR(ComputeSubqueries({condition}, *exec_context, "DELETE"));
  if (bound.using_rows) RETURN_IF_ERROR(bound.using_rows->Load(*exec_context));
  std::vector<uint32_t> selected;
  std::vector<DataChunk> returned;
  // RETURNING is computed as rows match, before anything is stored, so its
  // errors (division by zero) fail the DELETE, as in PostgreSQL.
  ts::RowMatcher matcher = [&](const DataChunk& rows, std::vector<uint8_t>& matches) -> Status {
    RETURN_IF_ERROR(exec::CheckCanceled(*exec_context));
    if (bound.using_rows) {
      DataChunk pairs;
      RETURN_IF_ERROR(bound.using_rows->Pair(rows, exec_context->eval, matches, pairs));
      if (!returning || pairs.size() == 0) return Status::Ok();
      ASSIGN_OR_RETURN(std::vector<DataChunk> computed,
                       returning->Compute({std::move(pairs)}, exec_context->eval));
      for (DataChunk& chunk : computed)
        returned.push_back(std::move(chunk));
      return Status::Ok();
    }
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
  const ts::ScanSpec candidates =
      CandidateRows(table, bound.using_rows ? bound.using_rows->Narrowed(bound.table_condition)
                                            : bound.table_condition);
  uint64_t deleted = 0;
  if (bound.using_rows && bound.using_rows->PairsNothing()) {
    // No row can pair with an item row: nothing to read.
  } else if (in_block) {
    const ts::RowReplacer picker = [&](const DataChunk& rows, std::vector<uint8_t>& matches,
                                       std::vector<DataChunk>&) { return matcher(rows, matches); };
    ASSIGN_OR_RETURN(deleted, ChangeRowsInBlock(context, table, candidates, picker));
  } else {
    // Chunks dropped unread return no rows, so RETURNING reads them all.
    const ts::TimeRange whole = del.where && !returning && !bound.using_rows
                                    ? WholePartitions(*del.where, table, context.eval)
                                    : ts::TimeRange{.begin = 0, .end = 0};
    ASSIGN_OR_RETURN(deleted, engine.DeleteRows(candidates, matcher, whole));
  }
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
