#include <algorithm>
#include <map>
#include <set>

#include "catalog/catalog.h"
#include "common/datetime.h"
#include "sql/column_defaults.h"
#include "sql/database.h"
#include "sql/expr_binder.h"
#include "sql/expr_deparser.h"
#include "sql/object_names.h"
#include "sql/row_source.h"
#include "sql/segment_order_options.h"
#include "sql/statements.h"
#include "sql/table_rows.h"
#include "sql/views.h"
#include "ts/engine.h"

// CREATE TABLE, DROP TABLE and create_hypertable().

namespace sundial::sql {
namespace {

constexpr int64_t kDefaultChunkInterval = kMicrosPerDay;

bool IsTimeType(TypeId id) {
  return id == TypeId::kTimestampTz || id == TypeId::kTimestamp || id == TypeId::kDate;
}

std::string StripPublic(const std::string& name) {
  return name.starts_with("public.") ? name.substr(7) : name;
}

Result<int64_t> IntervalMicros(const Interval& interval, const std::string& what) {
  if (interval.months != 0) {
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         what + " with month components is not supported");
  }
  int64_t micros = interval.micros + int64_t{interval.days} * kMicrosPerDay;
  if (micros <= 0) {
    return Status::Error(ErrorCode::kInvalidParameterValue, what + " must be positive");
  }
  return micros;
}

Status TimeColumnError(const std::string& column) {
  return Status::Error(ErrorCode::kDatatypeMismatch,
                       "invalid type for dimension \"" + column + "\"")
      .WithHint("Use a timestamp, timestamptz or date column.");
}

// Reads the value of a create_hypertable argument: a constant expression.
Result<Value> ConstantArgument(const ast::Expr& expr, DataType type,
                               const exec::EvalContext& eval) {
  Scope empty;
  ExprBinder binder(empty, eval, "create_hypertable arguments");
  ASSIGN_OR_RETURN(exec::ExprPtr bound, binder.Bind(expr));
  if (type.id == TypeId::kInterval && IsInteger(bound->type.id)) {
    // An integer chunk interval is in microseconds (TimescaleDB).
    ASSIGN_OR_RETURN(bound, CoerceTo(bound, DataType::Of(TypeId::kInt64), eval, expr.position));
    return Value::OfInterval(Interval{.micros = bound->constant.int_value()});
  }
  ASSIGN_OR_RETURN(bound, CoerceTo(bound, type, eval, expr.position));
  if (bound->kind != exec::ExprKind::kConstant) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "non-constant create_hypertable arguments are not supported")
        .WithPosition(expr.position);
  }
  return bound->constant;
}

// A PRIMARY KEY or UNIQUE of CREATE TABLE, checked and named before the
// table exists: its columns by position in the new table.
struct PlannedKey {
  std::string name;
  char type = 'p';
  std::vector<size_t> columns;
};

Result<std::vector<PlannedKey>> PlanKeys(const ast::CreateTableStmt& create,
                                         const std::string& table,
                                         const catalog::Catalog& catalog) {
  std::vector<PlannedKey> written;
  bool primary_seen = false;
  for (const ast::KeyConstraint& key : create.keys) {
    const char* what = key.primary ? "primary key" : "unique";
    if (key.primary && primary_seen) {
      return Status::Error(ErrorCode::kInvalidTableDefinition,
                           "multiple primary keys for table \"" + table + "\" are not allowed")
          .WithPosition(key.position);
    }
    primary_seen = primary_seen || key.primary;
    PlannedKey planned{.name = key.name, .type = key.primary ? 'p' : 'u'};
    for (const std::string& column : key.columns) {
      size_t index = 0;
      while (index < create.columns.size() && create.columns[index].name != column)
        ++index;
      if (std::find(planned.columns.begin(), planned.columns.end(), index) !=
          planned.columns.end()) {
        return Status::Error(ErrorCode::kDuplicateColumn,
                             "column \"" + column + "\" appears twice in " + what + " constraint")
            .WithPosition(key.position);
      }
      planned.columns.push_back(index);
    }
    written.push_back(std::move(planned));
  }
  // As PostgreSQL's transformIndexConstraints: the primary key first, and
  // a key over the same columns as an earlier one is the same index (which
  // takes its name if it has none yet).
  std::stable_partition(written.begin(), written.end(),
                        [](const PlannedKey& key) { return key.type == 'p'; });
  std::vector<PlannedKey> keys;
  for (PlannedKey& key : written) {
    auto same = std::find_if(keys.begin(), keys.end(),
                             [&](const PlannedKey& k) { return k.columns == key.columns; });
    if (same == keys.end()) {
      keys.push_back(std::move(key));
    } else if (same->name.empty()) {
      same->name = std::move(key.name);
    }
  }
  std::vector<std::string> names;
  auto taken = [&](const std::string& name) {
    return name == table || catalog.RelationOid("public", name).has_value() ||
           std::find(names.begin(), names.end(), name) != names.end();
  };
  for (PlannedKey& key : keys) {
    if (!key.name.empty()) {
      if (taken(key.name)) {
        return Status::Error(ErrorCode::kDuplicateTable,
                             "relation \"" + key.name + "\" already exists");
      }
    } else if (key.type == 'p') {
      key.name = ChooseRelationName(table, "", "pkey", taken);
    } else {
      std::string columns;
      for (size_t column : key.columns)
        columns += (columns.empty() ? "" : "_") + create.columns[column].name;
      key.name = ChooseRelationName(table, columns, "key", taken);
    }
    names.push_back(key.name);
  }
  return keys;
}

}  // namespace

Result<StatementResult> ExecuteCreateTable(const ast::CreateTableStmt& create,
                                           StatementContext& context) {
  StatementResult result;
  result.command_tag = "CREATE TABLE";
  std::string name = StripPublic(create.name);
  if (context.database.catalog().FindTable("", name) ||
      context.database.catalog().RelationOid("public", name)) {
    if (create.if_not_exists) {
      result.notices.push_back(
          Notice{.code = ErrorCode::kDuplicateTable,
                 .message = "relation \"" + name + "\" already exists, skipping"});
      return result;
    }
    return Status::Error(ErrorCode::kDuplicateTable, "relation \"" + name + "\" already exists");
  }

  ts::TableSchema schema;
  schema.name = name;
  std::map<int, std::string> defaults;
  std::vector<ColumnSequence> sequences;
  std::set<std::string> seen;
  for (const ast::ColumnDef& def : create.columns) {
    if (!seen.insert(def.name).second) {
      return Status::Error(ErrorCode::kDuplicateColumn,
                           "column \"" + def.name + "\" specified more than once")
          .WithPosition(def.position);
    }
    const std::optional<TypeId> serial = SerialType(def.type);
    DataType type;
    if (serial) {
      type = DataType::Of(*serial);
    } else {
      ASSIGN_OR_RETURN(type, ResolveTypeName(def.type));
    }
    if ((serial || def.identity != 0) && def.default_value) {
      return Status::Error(ErrorCode::kSyntaxError, std::string(serial ? "multiple default values"
                                                                       : "both default and "
                                                                         "identity") +
                                                        " specified for column \"" + def.name +
                                                        "\" of table \"" + name + "\"")
          .WithPosition(def.position);
    }
    if (serial && def.identity != 0) {
      return Status::Error(ErrorCode::kSyntaxError,
                           "both default and identity specified for column \"" + def.name +
                               "\" of table \"" + name + "\"")
          .WithPosition(def.position);
    }
    if (serial || def.identity != 0) {
      ASSIGN_OR_RETURN(ColumnSequence sequence,
                       PlanColumnSequence(context, name, def, type.id,
                                          static_cast<int>(schema.columns.size()), sequences));
      if (!sequence.default_sql.empty()) {
        defaults[static_cast<int>(schema.columns.size())] = sequence.default_sql;
      }
      sequences.push_back(std::move(sequence));
    }
    if (type.id == TypeId::kArray) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "columns of array type (" + TypeName(type) + ") are not supported")
          .WithPosition(def.type.position);
    }
    if (def.default_value) {
      ASSIGN_OR_RETURN(std::string sql, DeparseExpr(*def.default_value));
      // Bound now so a bad default fails CREATE TABLE, not INSERT.
      Result<exec::ExprPtr> check = BindDefault(sql, type, context.eval);
      if (!check.ok()) return check.status().WithPosition(def.default_value->position);
      defaults[static_cast<int>(schema.columns.size())] = std::move(sql);
    }
    schema.columns.push_back(ts::ColumnSchema{
        .name = def.name,
        .type = type,
        .not_null = def.not_null || def.primary_key || serial || def.identity != 0});
  }

  bool hypertable = false;
  std::string partition_column;
  int64_t interval = kDefaultChunkInterval;
  SegmentOrderOptions segment_order;
  for (const auto& [key, value] : create.options) {
    ASSIGN_OR_RETURN(bool taken, segment_order.Take(key, value));
    if (taken) continue;
    if (IsTimescaleOption(key, "hypertable")) {
      hypertable = value.empty() || value == "true" || value == "on" || value == "t";
    } else if (IsTimescaleOption(key, "partition_column")) {
      partition_column = value;
    } else if (IsTimescaleOption(key, "chunk_interval") ||
               IsTimescaleOption(key, "chunk_time_interval")) {
      ASSIGN_OR_RETURN(Interval parsed, ParseInterval(value));
      ASSIGN_OR_RETURN(interval, IntervalMicros(parsed, "chunk interval"));
    } else {
      return Status::Error(ErrorCode::kInvalidParameterValue,
                           "unrecognized parameter \"" + key + "\"");
    }
  }
  if (!partition_column.empty() && !hypertable) hypertable = true;
  if (hypertable) {
    if (partition_column.empty()) {
      return Status::Error(ErrorCode::kInvalidParameterValue,
                           "timescaledb.partition_column must be set for a hypertable");
    }
    int column = schema.FindColumn(partition_column);
    if (column < 0) {
      return Status::Error(ErrorCode::kUndefinedColumn,
                           "column \"" + partition_column + "\" does not exist");
    }
    if (!IsTimeType(schema.columns[column].type.id)) return TimeColumnError(partition_column);
    schema.columns[column].not_null = true;
    schema.time_column = column;
    schema.partition_interval_micros = interval;
  }
  if (!segment_order.empty()) {
    if (!hypertable) {
      return Status::Error(ErrorCode::kInvalidParameterValue,
                           "segmentby and orderby need a hypertable")
          .WithHint("Add timescaledb.hypertable and timescaledb.partition_column.");
    }
    // The store gives a new table's columns their positions as ids.
    for (size_t c = 0; c < schema.columns.size(); ++c)
      schema.columns[c].column_id = static_cast<uint32_t>(c);
    ASSIGN_OR_RETURN(ts::SchemaChange order, segment_order.Change(schema));
    if (order.sets_segment_by) schema.segment_by = std::move(order.segment_by);
    schema.order_by = std::move(order.order_by);
  }

  ASSIGN_OR_RETURN(std::vector<PlannedKey> keys,
                   PlanKeys(create, name, context.database.catalog()));
  ASSIGN_OR_RETURN(ts::TableSchema created, context.database.engine().CreateTable(schema));
  Status made = CreateColumnSequences(context, created, sequences);
  for (size_t k = 0; k < keys.size() && made.ok(); ++k) {
    // Recorded as the index PostgreSQL would build for it; not enforced.
    catalog::IndexDefinition index{
        .name = keys[k].name, .table_id = created.table_id, .constraint = keys[k].type};
    for (size_t column : keys[k].columns) {
      index.elements.push_back(
          catalog::IndexDefinition::Element{.column_id = created.columns[column].column_id});
    }
    made = context.database.catalog().indexes().Create(std::move(index)).status();
  }
  if (!made.ok()) {
    // Without its sequences the table could take no row, without its keys
    // it would not be what was asked for: it goes too.
    DropIndexesOfTable(context.database, created.table_id, std::nullopt)
        .IgnoreError();  // the CREATE reports the first cause; DROP TABLE can finish
    DropOwnedSequences(context.database, created.table_id, std::nullopt)
        .IgnoreError();                                               // as can DROP SEQUENCE
    context.database.engine().DropTable(created.name).IgnoreError();  // and DROP TABLE
    return made;
  }
  RETURN_IF_ERROR(context.database.column_defaults().SetTable(created.table_id, defaults));
  return result;
}

Result<StatementResult> ExecuteDropTable(const ast::DropTableStmt& drop,
                                         StatementContext& context) {
  StatementResult result;
  result.command_tag = "DROP TABLE";
  std::vector<ts::TableSchema> tables;
  for (const std::string& raw : drop.names) {
    std::string name = StripPublic(raw);
    std::optional<ts::TableSchema> table = context.database.catalog().FindTable("", name);
    if (!table) {
      if (drop.if_exists) {
        result.notices.push_back(
            Notice{.message = "table \"" + name + "\" does not exist, skipping"});
        continue;
      }
      return Status::Error(ErrorCode::kUndefinedTable, "table \"" + name + "\" does not exist");
    }
    tables.push_back(std::move(*table));
  }
  std::vector<uint32_t> oids;
  for (const ts::TableSchema& table : tables)
    oids.push_back(catalog::UserRelationOid(table.table_id));
  if (!tables.empty()) {
    RETURN_IF_ERROR(DropDependentViews(context.database, oids, drop.cascade,
                                       "table " + tables[0].name, result.notices));
  }
  for (const ts::TableSchema& table : tables) {
    // CASCADE may have dropped it already: a continuous aggregate's
    // materialization table goes with the aggregate.
    if (table.table_id < catalog::kFirstSystemTableId &&
        !context.database.engine().FindTable(table.name)) {
      continue;
    }
    // Index records first: a crash in between leaves a table without them,
    // never records naming a table that is gone.
    RETURN_IF_ERROR(DropIndexesOfTable(context.database, table.table_id, std::nullopt));
    RETURN_IF_ERROR(context.database.engine().DropTable(table.name));
    RETURN_IF_ERROR(context.database.column_defaults().DropTable(table.table_id));
    RETURN_IF_ERROR(DropOwnedSequences(context.database, table.table_id, std::nullopt));
  }
  return result;
}

bool IsCreateHypertableCall(const ast::SelectStmt& select) {
  const ast::Expr* call = SoleFunctionCall(select);
  return call != nullptr && call->name == "create_hypertable";
}

std::vector<ResultColumn> CreateHypertableColumns() {
  return {ResultColumn{.name = "create_hypertable", .type = DataType::Of(TypeId::kText)}};
}

Result<StatementResult> ExecuteCreateHypertable(const ast::SelectStmt& select,
                                                StatementContext& context) {
  const ast::Expr& call = *select.targets[0].expr;
  const DataType text = DataType::Of(TypeId::kText);
  const DataType boolean = DataType::Of(TypeId::kBool);
  const DataType interval_type = DataType::Of(TypeId::kInterval);

  const ast::Expr* relation_arg = nullptr;
  const ast::Expr* column_arg = nullptr;
  const ast::Expr* interval_arg = nullptr;
  const ast::Expr* dimension = nullptr;
  bool if_not_exists = false;
  bool migrate_data = false;
  auto bad_call = [&]() {
    return Status::Error(ErrorCode::kUndefinedFunction,
                         "function create_hypertable with these arguments does not exist")
        .WithPosition(call.position)
        .WithHint(
            "Use create_hypertable(relation, time_column_name [, chunk_time_interval]) "
            "or create_hypertable(relation, by_range(column [, interval])).");
  };
  for (size_t i = 0; i < call.args.size(); ++i) {
    const ast::Expr* arg = call.args[i].get();
    if (i == 0) {
      relation_arg = arg;
    } else if (i == 1 && arg->kind == ast::ExprKind::kFunction && arg->name == "by_range") {
      dimension = arg;
    } else if (i == 1) {
      column_arg = arg;
    } else if (i == 2) {
      interval_arg = arg;
    } else {
      return bad_call();
    }
  }
  for (const auto& [name, value] : call.named_args) {
    if (name == "relation") {
      relation_arg = value.get();
    } else if (name == "time_column_name") {
      column_arg = value.get();
    } else if (name == "chunk_time_interval") {
      interval_arg = value.get();
    } else if (name == "dimension") {
      dimension = value.get();
    } else if (name == "if_not_exists") {
      ASSIGN_OR_RETURN(Value v, ConstantArgument(*value, boolean, context.eval));
      if_not_exists = !v.is_null() && v.bool_value();
    } else if (name == "migrate_data") {
      ASSIGN_OR_RETURN(Value v, ConstantArgument(*value, boolean, context.eval));
      migrate_data = !v.is_null() && v.bool_value();
    } else if (name == "create_default_indexes") {
      // Sundial's segments carry zone maps instead of indexes; nothing to create.
      ASSIGN_OR_RETURN(Value v, ConstantArgument(*value, boolean, context.eval));
    } else {
      return bad_call();
    }
  }
  if (dimension != nullptr) {
    if (dimension->kind != ast::ExprKind::kFunction || dimension->name != "by_range" ||
        dimension->args.empty() || dimension->args.size() > 2 || column_arg != nullptr) {
      return bad_call();
    }
    column_arg = dimension->args[0].get();
    if (dimension->args.size() == 2) interval_arg = dimension->args[1].get();
    for (const auto& [name, value] : dimension->named_args) {
      if (name == "partition_interval") {
        interval_arg = value.get();
      } else {
        return bad_call();
      }
    }
  }
  if (relation_arg == nullptr || column_arg == nullptr) return bad_call();

  ASSIGN_OR_RETURN(Value relation, ConstantArgument(*relation_arg, text, context.eval));
  ASSIGN_OR_RETURN(Value column_name, ConstantArgument(*column_arg, text, context.eval));
  if (relation.is_null() || column_name.is_null()) return bad_call();
  int64_t interval = kDefaultChunkInterval;
  if (interval_arg != nullptr) {
    ASSIGN_OR_RETURN(Value v, ConstantArgument(*interval_arg, interval_type, context.eval));
    if (!v.is_null()) {
      ASSIGN_OR_RETURN(interval, IntervalMicros(v.interval_value(), "chunk_time_interval"));
    }
  }

  std::string name = StripPublic(relation.text_value());
  std::optional<ts::TableSchema> table = context.database.catalog().FindTable("", name);
  if (!table) {
    return Status::Error(ErrorCode::kUndefinedTable, "relation \"" + name + "\" does not exist")
        .WithPosition(relation_arg->position);
  }
  StatementResult result;
  auto answer = [&](bool created) {
    std::string flag = created ? "t" : "f";
    std::string row =
        dimension != nullptr
            ? "(" + std::to_string(table->table_id) + "," + flag + ")"
            : "(" + std::to_string(table->table_id) + ",public," + table->name + "," + flag + ")";
    result.columns = CreateHypertableColumns();
    result.rows = MakeTextRows(1, {{row}});
    result.command_tag = "SELECT";
    return std::move(result);
  };
  if (table->is_hypertable()) {
    if (if_not_exists) {
      result.notices.push_back(
          Notice{.message = "table \"" + name + "\" is already a hypertable, skipping"});
      return answer(false);
    }
    return Status::Error(ErrorCode::kObjectNotInPrerequisiteState,
                         "table \"" + name + "\" is already a hypertable");
  }
  int column = table->FindColumn(column_name.text_value());
  if (column < 0) {
    return Status::Error(ErrorCode::kUndefinedColumn,
                         "column \"" + column_name.text_value() + "\" does not exist")
        .WithPosition(column_arg->position);
  }
  if (!IsTimeType(table->columns[column].type.id)) {
    return TimeColumnError(column_name.text_value());
  }
  ASSIGN_OR_RETURN(ts::Engine::TableStats stats, context.database.engine().Stats(table->table_id));
  if (stats.row_count > 0) {
    if (migrate_data) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "migrate_data for a table that holds rows is not supported");
    }
    return Status::Error(ErrorCode::kObjectNotInPrerequisiteState,
                         "table \"" + name + "\" is not empty")
        .WithHint(
            "You can migrate data by specifying 'migrate_data => true' when calling this "
            "function.");
  }
  ASSIGN_OR_RETURN(ts::TableSchema made,
                   context.database.engine().MakeHypertable(name, column, interval));
  table = std::move(made);
  return answer(true);
}

}  // namespace sundial::sql
