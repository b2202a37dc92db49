#include <algorithm>
#include <limits>

#include "catalog/catalog.h"
#include "sql/database.h"
#include "sql/expr_deparser.h"
#include "sql/statements.h"
#include "sql/table_rows.h"
#include "ts/engine.h"
#include "ts/partitioning.h"

// DELETE without delete markers: the store removes rows only by whole
// partitions. DELETE without WHERE empties the table; on a hypertable, a
// WHERE made of comparisons of the time column with constants removes the
// chunks it covers, provided no row it matches lies in a chunk it covers
// only in part. Anything else answers 0A000.

namespace sundial::sql {
namespace {

Status NotSupported(const std::string& why) {
  return Status::Error(ErrorCode::kFeatureNotSupported, "DELETE " + why + " is not supported")
      .WithHint(
          "DELETE removes whole chunks: use a WHERE clause comparing the time column with "
          "constants that covers whole chunks, or drop_chunks().");
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
  if (value->is_null()) return NotSupported("comparing the time column with NULL");
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
    return NotSupported("with a condition other than time comparisons");
  }
  std::string op = expr.name;
  const ast::Expr* constant = expr.args[1].get();
  if (!IsTimeColumn(*expr.args[0], table)) {
    if (!IsTimeColumn(*expr.args[1], table)) {
      return NotSupported("with a condition on columns other than the time column");
    }
    constant = expr.args[0].get();
    // c < time is time > c.
    op = op == "<" ? ">" : op == ">" ? "<" : op == "<=" ? ">=" : op == ">=" ? "<=" : op;
  }
  if (op != "<" && op != "<=" && op != ">" && op != ">=" && op != "=") {
    return NotSupported("with the operator " + op + " on the time column");
  }
  ASSIGN_OR_RETURN(int64_t value, TimeConstant(*constant, table, eval));
  if (op == "<") range.end = std::min(range.end, value);
  if (op == "<=" || op == "=") range.end = std::min(range.end, Next(value));
  if (op == ">") range.begin = std::max(range.begin, Next(value));
  if (op == ">=" || op == "=") range.begin = std::max(range.begin, value);
  return Status::Ok();
}

// Rows of `table` whose time lies in [begin, end) (time column units).
Result<uint64_t> CountRows(ts::Engine& engine, const ts::TableSchema& table, int64_t begin,
                           int64_t end) {
  if (begin >= end) return uint64_t{0};
  const int column = *table.time_column;
  const TypeId type = table.columns[column].type.id;
  ts::ScanSpec spec{.table_id = table.table_id, .time_range = {.begin = begin, .end = end}};
  spec.predicates.push_back(
      {.column = column, .op = ts::ScanCompare::kGe, .values = {Value::Int(type, begin)}});
  spec.predicates.push_back(
      {.column = column, .op = ts::ScanCompare::kLt, .values = {Value::Int(type, end)}});
  ASSIGN_OR_RETURN(auto scanner, engine.Scan(spec));
  uint64_t rows = 0;
  DataChunk chunk;
  while (true) {
    ASSIGN_OR_RETURN(bool more, scanner->Next(chunk));
    if (!more) break;
    rows += chunk.size();
  }
  return rows;
}

// A partition start (microseconds) in the time column's units, rounded up.
int64_t ToColumnUnits(TypeId type, int64_t micros) {
  if (type != TypeId::kDate) return micros;
  return FloorDiv(micros, kMicrosPerDay) + (micros % kMicrosPerDay != 0 ? 1 : 0);
}

}  // namespace

Result<StatementResult> ExecuteDelete(const ast::DeleteStmt& del, StatementContext& context) {
  const std::string name = del.table.starts_with("public.") ? del.table.substr(7) : del.table;
  ts::Engine& engine = context.database.engine();
  std::optional<ts::TableSchema> found = engine.FindTable(name);
  if (!found) {
    if (context.database.catalog().FindTable("", name)) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "cannot change system relation \"" + name + "\"");
    }
    return Status::Error(ErrorCode::kUndefinedTable, "relation \"" + name + "\" does not exist");
  }
  const ts::TableSchema& table = *found;
  StatementResult result;
  if (!del.where) {
    ASSIGN_OR_RETURN(ts::Engine::TableStats stats, engine.Stats(table.table_id));
    RETURN_IF_ERROR(engine.TruncateTables({table.name}));
    result.command_tag = "DELETE " + std::to_string(stats.row_count);
    return result;
  }
  if (!table.is_hypertable()) return NotSupported("with WHERE on a table that is not a hypertable");
  Range range;
  RETURN_IF_ERROR(Narrow(*del.where, table, context.eval, range));
  const TypeId type = table.columns[*table.time_column].type.id;
  const int64_t interval = table.partition_interval_micros;
  // Partitions the range covers only in part: the first and the last.
  ts::TimeRange whole{.begin = std::numeric_limits<int64_t>::min(),
                      .end = std::numeric_limits<int64_t>::max()};
  uint64_t partial_rows = 0;
  if (range.begin < range.end) {
    int64_t counted_to = range.begin;
    if (range.begin != std::numeric_limits<int64_t>::min()) {
      const int64_t begin_micros = ts::TimeToMicros(type, range.begin);
      int64_t start = ts::PartitionStart(begin_micros, interval);
      whole.begin = start == begin_micros ? start : ts::SaturatingAdd(start, interval);
      counted_to = std::min(range.end, ToColumnUnits(type, whole.begin));
      ASSIGN_OR_RETURN(uint64_t rows, CountRows(engine, table, range.begin, counted_to));
      partial_rows += rows;
    }
    if (range.end != std::numeric_limits<int64_t>::max()) {
      whole.end = ts::PartitionStart(ts::TimeToMicros(type, range.end), interval);
      int64_t from = std::max(counted_to, ToColumnUnits(type, whole.end));
      ASSIGN_OR_RETURN(uint64_t rows, CountRows(engine, table, from, range.end));
      partial_rows += rows;
    }
  }
  if (partial_rows > 0) {
    return NotSupported("of rows that fill only part of a chunk")
        .WithDetail(std::to_string(partial_rows) +
                    " matching rows lie in chunks the condition does not cover completely.");
  }
  uint64_t deleted = 0;
  if (range.begin < range.end && whole.begin < whole.end) {
    ASSIGN_OR_RETURN(deleted, CountRows(engine, table, ToColumnUnits(type, whole.begin),
                                        whole.end == std::numeric_limits<int64_t>::max()
                                            ? whole.end
                                            : ToColumnUnits(type, whole.end)));
    RETURN_IF_ERROR(engine.DropPartitions(table.table_id, whole).status());
  }
  result.command_tag = "DELETE " + std::to_string(deleted);
  return result;
}

}  // namespace sundial::sql
