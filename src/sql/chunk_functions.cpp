#include "catalog/catalog.h"
#include "exec/time_math.h"
#include "sql/database.h"
#include "sql/expr_binder.h"
#include "sql/row_source.h"
#include "sql/statements.h"
#include "ts/engine.h"
#include "ts/partitioning.h"

// TimescaleDB's show_chunks() and drop_chunks() over the store's partitions.
// A partition is a chunk, named `_timescaledb_internal._hyper_<table id>_<n>_chunk`
// where n is the partition's index counted from the Unix epoch (start /
// chunk interval), so a chunk keeps its name across restarts and the name
// says which time range it covers.

namespace sundial::sql {
namespace {

constexpr uint32_t kFirstUserOid = 16384;

struct ChunkCall {
  std::string function;
  const ast::Expr* relation = nullptr;
  const ast::Expr* older_than = nullptr;
  const ast::Expr* newer_than = nullptr;
};

Status BadCall(const ast::Expr& call) {
  std::string name = call.name;
  return Status::Error(ErrorCode::kUndefinedFunction,
                       "function " + name + " with these arguments does not exist")
      .WithPosition(call.position)
      .WithHint("Use " + name + "(relation [, older_than => ...] [, newer_than => ...]).");
}

Result<ChunkCall> ReadCall(const ast::Expr& call) {
  ChunkCall read{.function = call.name};
  const ast::Expr** positional[] = {&read.relation, &read.older_than, &read.newer_than};
  if (call.args.size() > 3) return BadCall(call);
  for (size_t i = 0; i < call.args.size(); ++i)
    *positional[i] = call.args[i].get();
  for (const auto& [name, value] : call.named_args) {
    const ast::Expr** slot = name == "relation"     ? &read.relation
                             : name == "older_than" ? &read.older_than
                             : name == "newer_than" ? &read.newer_than
                                                    : nullptr;
    if (slot == nullptr || *slot != nullptr) return BadCall(call);
    *slot = value.get();
  }
  if (read.relation == nullptr) return BadCall(call);
  return read;
}

Result<Value> Evaluate(const ast::Expr& expr, std::optional<DataType> type,
                       const exec::EvalContext& eval) {
  Scope empty;
  ExprBinder binder(empty, eval, "chunk function arguments");
  ASSIGN_OR_RETURN(exec::ExprPtr bound, binder.Bind(expr));
  if (type) {
    ASSIGN_OR_RETURN(bound, CoerceExprTo(expr, bound, *type, eval, expr.position));
  }
  if (bound->kind == exec::ExprKind::kConstant) return bound->constant;
  return exec::EvaluateConstant(*bound, eval);
}

// The hypertable a relation argument names ('name' or 'name'::regclass).
Result<ts::TableSchema> Hypertable(const ast::Expr& expr, StatementContext& context) {
  ASSIGN_OR_RETURN(Value value, Evaluate(expr, std::nullopt, context.eval));
  if (value.is_null()) {
    return Status::Error(ErrorCode::kInvalidParameterValue, "the relation argument cannot be NULL")
        .WithPosition(expr.position);
  }
  uint32_t oid = 0;
  if (IsString(value.type().id) || value.type().id == TypeId::kUnknown) {
    ASSIGN_OR_RETURN(oid, context.database.catalog().ParseRegclass(value.text_value()));
  } else if (IsInteger(value.type().id)) {
    oid = static_cast<uint32_t>(value.int_value());
  } else {
    return Status::Error(ErrorCode::kDatatypeMismatch, "relation argument must name a table")
        .WithPosition(expr.position);
  }
  std::optional<ts::TableSchema> table;
  if (oid >= kFirstUserOid) {
    for (ts::TableSchema& candidate : context.database.catalog().ListTables()) {
      if (candidate.table_id == oid - kFirstUserOid) table = std::move(candidate);
    }
  }
  if (!table) {
    return Status::Error(ErrorCode::kUndefinedTable,
                         "relation with OID " + std::to_string(oid) + " does not exist");
  }
  if (!table->is_hypertable()) {
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         "table \"" + table->name + "\" is not a hypertable");
  }
  return std::move(*table);
}

// A cutoff argument in microseconds on the partitions' scale: an interval
// counts back from the statement's start (in local time for columns without
// a time zone); a time is converted to the time column's type.
Result<int64_t> Cutoff(const ast::Expr& expr, const ts::TableSchema& table,
                       const exec::EvalContext& eval) {
  const TypeId column_type = table.columns[*table.time_column].type.id;
  ASSIGN_OR_RETURN(Value value, Evaluate(expr, std::nullopt, eval));
  if (value.type().id == TypeId::kInterval) {
    Interval back = value.interval_value();
    back.months = -back.months;
    back.days = -back.days;
    back.micros = -back.micros;
    if (column_type == TypeId::kTimestampTz) {
      return exec::AddIntervalToUtc(eval.statement_time_micros, back, eval.time_zone);
    }
    return exec::AddIntervalToLocal(exec::UtcToLocal(eval.statement_time_micros, eval.time_zone),
                                    back);
  }
  ASSIGN_OR_RETURN(value, Evaluate(expr, DataType::Of(column_type), eval));
  if (value.is_null()) {
    return Status::Error(ErrorCode::kInvalidParameterValue, "a time cutoff cannot be NULL")
        .WithPosition(expr.position);
  }
  return ts::TimeToMicros(column_type, value.int_value());
}

std::string ChunkName(const ts::TableSchema& table, int64_t partition_start) {
  int64_t index = FloorDiv(partition_start, table.partition_interval_micros);
  std::string name =
      "_hyper_" + std::to_string(table.table_id) + "_" + std::to_string(index) + "_chunk";
  if (index < 0) name = "\"" + name + "\"";  // '-' needs quoting in a regclass name
  return "_timescaledb_internal." + name;
}

}  // namespace

bool IsChunkFunctionCall(const ast::SelectStmt& select) {
  if (!select.from.empty() || select.targets.size() != 1 || select.where ||
      select.set_operation != ast::SetOperation::kNone) {
    return false;
  }
  const ast::Expr& expr = *select.targets[0].expr;
  return expr.kind == ast::ExprKind::kFunction &&
         (expr.name == "show_chunks" || expr.name == "drop_chunks");
}

std::vector<ResultColumn> ChunkFunctionColumns(const ast::SelectStmt& select) {
  return {ResultColumn{.name = select.targets[0].expr->name, .type = DataType::Of(TypeId::kText)}};
}

Result<StatementResult> ExecuteChunkFunction(const ast::SelectStmt& select,
                                             StatementContext& context) {
  const ast::Expr& call = *select.targets[0].expr;
  ASSIGN_OR_RETURN(ChunkCall read, ReadCall(call));
  ASSIGN_OR_RETURN(ts::TableSchema table, Hypertable(*read.relation, context));
  ts::TimeRange range;
  if (read.older_than != nullptr) {
    ASSIGN_OR_RETURN(range.end, Cutoff(*read.older_than, table, context.eval));
  }
  if (read.newer_than != nullptr) {
    ASSIGN_OR_RETURN(range.begin, Cutoff(*read.newer_than, table, context.eval));
  }
  const bool drop = read.function == "drop_chunks";
  if (drop && read.older_than == nullptr && read.newer_than == nullptr) {
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         "invalid time range for dropping chunks")
        .WithPosition(call.position)
        .WithHint("At least one of older_than and newer_than must be provided.");
  }
  if (read.older_than != nullptr && read.newer_than != nullptr && range.end <= range.begin) {
    return Status::Error(ErrorCode::kInvalidParameterValue, "invalid time range")
        .WithPosition(call.position)
        .WithHint("The start of the time range must be before the end.");
  }
  ts::Engine& engine = context.database.engine();
  std::vector<int64_t> starts;
  if (drop) {
    ASSIGN_OR_RETURN(starts, engine.DropPartitions(table.table_id, range));
  } else {
    ASSIGN_OR_RETURN(std::vector<int64_t> all, engine.ListPartitions(table.table_id));
    for (int64_t start : all) {
      if (start >= range.begin &&
          ts::SaturatingAdd(start, table.partition_interval_micros) <= range.end) {
        starts.push_back(start);
      }
    }
  }
  std::vector<std::vector<std::string>> rows;
  for (int64_t start : starts)
    rows.push_back({ChunkName(table, start)});
  StatementResult result;
  result.columns = ChunkFunctionColumns(select);
  result.rows = MakeTextRows(1, std::move(rows));
  result.command_tag = "SELECT";
  return result;
}

}  // namespace sundial::sql
