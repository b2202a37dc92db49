#include <algorithm>

#include "catalog/catalog.h"
#include "catalog/chunk_names.h"
#include "exec/time_math.h"
#include "sql/database.h"
#include "sql/expr_binder.h"
#include "sql/row_source.h"
#include "sql/statements.h"
#include "sql/table_policies.h"
#include "ts/engine.h"
#include "ts/partitioning.h"

// TimescaleDB's show_chunks(), drop_chunks(), retention policies
// (add_retention_policy / remove_retention_policy) and compression policies
// (add_compression_policy / remove_compression_policy) over the store's
// partitions.
// A partition is a chunk, named as catalog/chunk_names.h says.

namespace sundial::sql {
namespace {

constexpr uint32_t kFirstUserOid = 16384;

struct ChunkCall {
  std::string function;
  const ast::Expr* relation = nullptr;
  const ast::Expr* older_than = nullptr;  // also drop_after / compress_after of the policies
  const ast::Expr* newer_than = nullptr;
  const ast::Expr* if_exists = nullptr;  // if_not_exists / if_exists of the policy functions
  // add_compression_policy's scheduling arguments: checked, but there is no
  // job to schedule.
  std::vector<std::pair<const ast::Expr*, TypeId>> unused;
};

bool IsPolicyFunction(const std::string& name) {
  return name == "add_retention_policy" || name == "remove_retention_policy" ||
         name == "add_compression_policy" || name == "remove_compression_policy";
}

Status BadCall(const ast::Expr& call) {
  std::string name = call.name;
  std::string hint = "Use " + name + "(relation [, older_than => ...] [, newer_than => ...]).";
  if (name.ends_with("retention_policy")) {
    hint =
        "Use add_retention_policy(relation, drop_after => interval [, if_not_exists => bool]) or "
        "remove_retention_policy(relation [, if_exists => bool]).";
  } else if (name.ends_with("compression_policy")) {
    hint =
        "Use add_compression_policy(hypertable, compress_after => interval [, if_not_exists => "
        "bool]) or remove_compression_policy(hypertable [, if_exists => bool]).";
  }
  return Status::Error(ErrorCode::kUndefinedFunction,
                       "function " + name + " with these arguments does not exist")
      .WithPosition(call.position)
      .WithHint(hint);
}

Result<ChunkCall> ReadCall(const ast::Expr& call) {
  ChunkCall read{.function = call.name};
  const bool add_policy = call.name.starts_with("add_");
  const bool remove_policy = call.name.starts_with("remove_");
  const bool compression = call.name == "add_compression_policy";
  // add_compression_policy's parameters after if_not_exists, by position.
  struct Extra {
    const char* name;
    TypeId type;
  };
  static constexpr Extra kCompressionExtras[] = {{"schedule_interval", TypeId::kInterval},
                                                 {"initial_start", TypeId::kTimestampTz},
                                                 {"timezone", TypeId::kText},
                                                 {"compress_created_before", TypeId::kInterval}};
  const ast::Expr* extras[std::size(kCompressionExtras)] = {};
  std::vector<const ast::Expr**> positional = {&read.relation};
  if (add_policy) {
    positional.push_back(&read.older_than);
    if (compression) {
      positional.push_back(&read.if_exists);
      for (const ast::Expr*& extra : extras)
        positional.push_back(&extra);
    }
  } else if (remove_policy) {
    positional.push_back(&read.if_exists);
  } else {
    positional.push_back(&read.older_than);
    positional.push_back(&read.newer_than);
  }
  if (call.args.size() > positional.size()) return BadCall(call);
  for (size_t i = 0; i < call.args.size(); ++i)
    *positional[i] = call.args[i].get();
  for (const auto& [name, value] : call.named_args) {
    const ast::Expr** slot = nullptr;
    if (name == (compression ? "hypertable" : "relation")) slot = &read.relation;
    if (name == "older_than" && !add_policy && !remove_policy) slot = &read.older_than;
    if (name == "newer_than" && !add_policy && !remove_policy) slot = &read.newer_than;
    if (name == (compression ? "compress_after" : "drop_after") && add_policy) {
      slot = &read.older_than;
    }
    if (name == "if_not_exists" && add_policy) slot = &read.if_exists;
    if (name == "if_exists" && remove_policy) slot = &read.if_exists;
    for (size_t i = 0; compression && i < std::size(kCompressionExtras); ++i) {
      if (name == kCompressionExtras[i].name) slot = &extras[i];
    }
    if (slot == nullptr || *slot != nullptr) return BadCall(call);
    *slot = value.get();
  }
  for (size_t i = 0; i < std::size(extras); ++i) {
    if (extras[i] != nullptr) read.unused.emplace_back(extras[i], kCompressionExtras[i].type);
  }
  // compress_created_before stands in for compress_after: the policy's age.
  const ast::Expr* created_before = extras[std::size(extras) - 1];
  if (compression && created_before != nullptr) {
    if (read.older_than != nullptr) {
      return Status::Error(ErrorCode::kInvalidParameterValue,
                           "can only set one of \"compress_after\" or \"compress_created_before\"")
          .WithPosition(call.position);
    }
    read.older_than = created_before;
  }
  if (read.relation == nullptr || (add_policy && read.older_than == nullptr)) return BadCall(call);
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
Result<ts::TableSchema> Hypertable(const ast::Expr& expr, const catalog::Catalog& catalog,
                                   const exec::EvalContext& eval) {
  ASSIGN_OR_RETURN(Value value, Evaluate(expr, std::nullopt, eval));
  if (value.is_null()) {
    return Status::Error(ErrorCode::kInvalidParameterValue, "the relation argument cannot be NULL")
        .WithPosition(expr.position);
  }
  uint32_t oid = 0;
  if (IsString(value.type().id) || value.type().id == TypeId::kUnknown) {
    ASSIGN_OR_RETURN(oid, catalog.ParseRegclass(value.text_value()));
  } else if (IsInteger(value.type().id)) {
    oid = static_cast<uint32_t>(value.int_value());
  } else {
    return Status::Error(ErrorCode::kDatatypeMismatch, "relation argument must name a table")
        .WithPosition(expr.position);
  }
  std::optional<ts::TableSchema> table;
  if (oid >= kFirstUserOid) {
    for (ts::TableSchema& candidate : catalog.ListTables()) {
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

// `back` before `now_utc` on the partitions' scale: in UTC for timestamptz
// columns, in local time of `zone` for columns without a time zone.
Result<int64_t> Before(int64_t now_utc, Interval back, TypeId column_type, const TimeZone& zone) {
  back.months = -back.months;
  back.days = -back.days;
  back.micros = -back.micros;
  if (column_type == TypeId::kTimestampTz) return exec::AddIntervalToUtc(now_utc, back, zone);
  return exec::AddIntervalToLocal(exec::UtcToLocal(now_utc, zone), back);
}

// A cutoff argument in microseconds on the partitions' scale: an interval
// counts back from the statement's start; a time is converted to the time
// column's type.
Result<int64_t> Cutoff(const ast::Expr& expr, const ts::TableSchema& table,
                       const exec::EvalContext& eval) {
  const TypeId column_type = table.columns[*table.time_column].type.id;
  ASSIGN_OR_RETURN(Value value, Evaluate(expr, std::nullopt, eval));
  if (value.type().id == TypeId::kInterval) {
    return Before(eval.statement_time_micros, value.interval_value(), column_type, eval.time_zone);
  }
  ASSIGN_OR_RETURN(value, Evaluate(expr, DataType::Of(column_type), eval));
  if (value.is_null()) {
    return Status::Error(ErrorCode::kInvalidParameterValue, "a time cutoff cannot be NULL")
        .WithPosition(expr.position);
  }
  return ts::TimeToMicros(column_type, value.int_value());
}

Result<StatementResult> ExecutePolicyCall(const ChunkCall& read, const ast::SelectStmt& select,
                                          StatementContext& context) {
  ASSIGN_OR_RETURN(ts::TableSchema table,
                   Hypertable(*read.relation, context.database.catalog(), context.eval));
  bool if_flag = false;
  if (read.if_exists != nullptr) {
    ASSIGN_OR_RETURN(Value flag,
                     Evaluate(*read.if_exists, DataType::Of(TypeId::kBool), context.eval));
    if_flag = !flag.is_null() && flag.bool_value();
  }
  for (const auto& [expr, type] : read.unused) {
    RETURN_IF_ERROR(Evaluate(*expr, DataType::Of(type), context.eval).status());
  }
  const bool compression = read.function.ends_with("compression_policy");
  const TablePolicies::Kind kind =
      compression ? TablePolicies::Kind::kCompression : TablePolicies::Kind::kRetention;
  const std::string what = compression ? "compression" : "retention";
  TablePolicies& policies = context.database.policies();
  StatementResult result;
  result.columns = ChunkFunctionColumns(select);
  result.command_tag = "SELECT";
  const std::string quoted = "\"" + table.name + "\"";
  if (read.function.starts_with("remove_")) {
    ASSIGN_OR_RETURN(bool removed, policies.Remove(kind, table.table_id));
    if (!removed) {
      const std::string message = what + " policy not found for hypertable " + quoted;
      if (!if_flag) return Status::Error(ErrorCode::kUndefinedObject, message);
      result.notices.push_back(Notice{.message = message + ", skipping"});
    }
    // remove_retention_policy returns void, remove_compression_policy
    // whether it removed one.
    result.rows = MakeTextRows(1, {{compression ? (removed ? "t" : "f") : ""}});
    return result;
  }
  ASSIGN_OR_RETURN(Value after,
                   Evaluate(*read.older_than, DataType::Of(TypeId::kInterval), context.eval));
  if (after.is_null()) {
    return Status::Error(
               ErrorCode::kInvalidParameterValue,
               std::string(compression ? "compress_after" : "drop_after") + " cannot be NULL")
        .WithPosition(read.older_than->position);
  }
  int32_t job_id = 0;
  if (std::optional<TablePolicies::Policy> existing = policies.Find(kind, table.table_id)) {
    const std::string message = what + " policy already exists for hypertable " + quoted;
    if (!if_flag) return Status::Error(ErrorCode::kDuplicateObject, message);
    result.notices.push_back(Notice{.message = message + ", skipping"});
    job_id = existing->job_id;
  } else {
    ASSIGN_OR_RETURN(TablePolicies::Policy added,
                     policies.Add(kind, table.table_id, after.interval_value()));
    job_id = added.job_id;
    if (compression) {
      result.notices.push_back(
          Notice{.message = "compression policy recorded for hypertable " + quoted +
                            "; Sundial compresses every chunk as it writes it, so the policy "
                            "has nothing to do"});
    }
  }
  result.rows = MakeInt32Row(job_id);
  return result;
}

// show_chunks' and drop_chunks' hypertable and time range: chunks lying
// wholly inside it are theirs.
struct ChunkRange {
  ts::TableSchema table;
  ts::TimeRange range;
};
Result<ChunkRange> ReadChunkRange(const ChunkCall& read, const ast::Expr& call,
                                  const catalog::Catalog& catalog, const exec::EvalContext& eval) {
  ChunkRange chunks;
  ASSIGN_OR_RETURN(chunks.table, Hypertable(*read.relation, catalog, eval));
  if (read.older_than != nullptr) {
    ASSIGN_OR_RETURN(chunks.range.end, Cutoff(*read.older_than, chunks.table, eval));
  }
  if (read.newer_than != nullptr) {
    ASSIGN_OR_RETURN(chunks.range.begin, Cutoff(*read.newer_than, chunks.table, eval));
  }
  if (read.function == "drop_chunks" && read.older_than == nullptr && read.newer_than == nullptr) {
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         "invalid time range for dropping chunks")
        .WithPosition(call.position)
        .WithHint("At least one of older_than and newer_than must be provided.");
  }
  if (read.older_than != nullptr && read.newer_than != nullptr &&
      chunks.range.end <= chunks.range.begin) {
    return Status::Error(ErrorCode::kInvalidParameterValue, "invalid time range")
        .WithPosition(call.position)
        .WithHint("The start of the time range must be before the end.");
  }
  return chunks;
}

}  // namespace

bool IsChunkFunctionCall(const ast::SelectStmt& select) {
  const ast::Expr* call = SoleFunctionCall(select);
  return call != nullptr && (call->name == "show_chunks" || call->name == "drop_chunks" ||
                             IsPolicyFunction(call->name));
}

std::vector<ResultColumn> ChunkFunctionColumns(const ast::SelectStmt& select) {
  const std::string& name = select.targets[0].expr->name;
  // The add_*_policy functions return the job id, remove_retention_policy
  // void (shown as an empty text value), remove_compression_policy a bool.
  const TypeId type = name.starts_with("add_")              ? TypeId::kInt32
                      : name == "remove_compression_policy" ? TypeId::kBool
                                                            : TypeId::kText;
  return {ResultColumn{.name = name, .type = DataType::Of(type)}};
}

Result<StatementResult> ExecuteChunkFunction(const ast::SelectStmt& select,
                                             StatementContext& context) {
  const ast::Expr& call = *select.targets[0].expr;
  ASSIGN_OR_RETURN(ChunkCall read, ReadCall(call));
  if (IsPolicyFunction(read.function)) return ExecutePolicyCall(read, select, context);
  std::vector<std::string> names;
  if (read.function == "drop_chunks") {
    ASSIGN_OR_RETURN(ChunkRange chunks,
                     ReadChunkRange(read, call, context.database.catalog(), context.eval));
    ASSIGN_OR_RETURN(std::vector<int64_t> starts,
                     context.database.engine().DropPartitions(chunks.table.table_id, chunks.range));
    for (int64_t start : starts)
      names.push_back(catalog::ChunkRegclassName(chunks.table, start));
  } else {
    ASSIGN_OR_RETURN(names, ShowChunks(call, context.database.catalog(), context.eval));
  }
  std::vector<std::vector<std::string>> rows;
  for (std::string& name : names)
    rows.push_back({std::move(name)});
  StatementResult result;
  result.columns = ChunkFunctionColumns(select);
  result.rows = MakeTextRows(1, std::move(rows));
  result.command_tag = "SELECT";
  return result;
}

Result<std::vector<std::string>> ShowChunks(const ast::Expr& call, const catalog::Catalog& catalog,
                                            const exec::EvalContext& eval) {
  ASSIGN_OR_RETURN(ChunkCall read, ReadCall(call));
  ASSIGN_OR_RETURN(ChunkRange chunks, ReadChunkRange(read, call, catalog, eval));
  ASSIGN_OR_RETURN(std::optional<catalog::Catalog::TableSizes> sizes,
                   catalog.UserTableSizes(catalog::UserRelationOid(chunks.table.table_id)));
  std::vector<std::string> names;
  if (!sizes) return names;  // dropped meanwhile
  const int64_t interval = chunks.table.partition_interval_micros;
  for (const ts::Engine::PartitionStats& partition : sizes->chunks) {
    if (partition.start >= chunks.range.begin &&
        ts::SaturatingAdd(partition.start, interval) <= chunks.range.end) {
      names.push_back(catalog::ChunkRegclassName(chunks.table, partition.start));
    }
  }
  return names;
}

Status RunRetentionPolicies(Database& database, int64_t now_utc_micros) {
  Status first_error;
  std::vector<ts::TableSchema> tables = database.engine().ListTables();
  for (const TablePolicies::Policy& policy :
       database.policies().List(TablePolicies::Kind::kRetention)) {
    auto table = std::find_if(tables.begin(), tables.end(), [&](const ts::TableSchema& t) {
      return t.table_id == policy.table_id;
    });
    Status status;
    if (table == tables.end()) {
      // The table was dropped; its id is never reused.
      status = database.policies().Remove(policy.kind, policy.table_id).status();
    } else if (table->is_hypertable()) {
      const TypeId type = table->columns[*table->time_column].type.id;
      Result<int64_t> cutoff = Before(now_utc_micros, policy.after, type, TimeZone::Utc());
      status = cutoff.status();
      if (status.ok()) {
        status = database.engine()
                     .DropPartitions(table->table_id, ts::TimeRange{.end = *cutoff})
                     .status();
      }
    }
    if (!status.ok() && first_error.ok()) first_error = status;
  }
  return first_error;
}

}  // namespace sundial::sql
