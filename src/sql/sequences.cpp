// CREATE / ALTER / DROP SEQUENCE and the sequences behind serial and
// identity columns, with PostgreSQL's option defaults and checks.

#include <algorithm>
#include <limits>
#include <set>

#include "catalog/catalog.h"
#include "common/quote_ident.h"
#include "sql/column_defaults.h"
#include "sql/database.h"
#include "sql/expr_binder.h"
#include "sql/object_names.h"
#include "sql/statements.h"
#include "sql/views.h"

namespace sundial::sql {
namespace {

using Kind = ast::SequenceOption::Kind;

Status InvalidValue(std::string message) {
  return Status::Error(ErrorCode::kInvalidParameterValue, std::move(message));
}

int64_t TypeMax(TypeId type) {
  return type == TypeId::kInt16   ? std::numeric_limits<int16_t>::max()
         : type == TypeId::kInt32 ? std::numeric_limits<int32_t>::max()
                                  : std::numeric_limits<int64_t>::max();
}

int64_t TypeMin(TypeId type) {
  return type == TypeId::kInt16   ? std::numeric_limits<int16_t>::min()
         : type == TypeId::kInt32 ? std::numeric_limits<int32_t>::min()
                                  : std::numeric_limits<int64_t>::min();
}

Result<TypeId> SequenceType(const ast::TypeName& name) {
  Result<DataType> type = ResolveTypeName(name);
  if (type.ok() && !name.is_array &&
      (type->id == TypeId::kInt16 || type->id == TypeId::kInt32 || type->id == TypeId::kInt64)) {
    return type->id;
  }
  return InvalidValue("sequence type must be smallint, integer, or bigint")
      .WithPosition(name.position);
}

// PostgreSQL's check of a START or RESTART value (or, on ALTER, of the
// current value) against the bounds.
Status CheckInBounds(const catalog::SequenceOptions& options, const char* what, int64_t value) {
  if (value < options.min_value) {
    return InvalidValue(std::string(what) + " value (" + std::to_string(value) +
                        ") cannot be less than MINVALUE (" + std::to_string(options.min_value) +
                        ")");
  }
  if (value > options.max_value) {
    return InvalidValue(std::string(what) + " value (" + std::to_string(value) +
                        ") cannot be greater than MAXVALUE (" + std::to_string(options.max_value) +
                        ")");
  }
  return Status::Ok();
}

// The options as written, checked for repeats, with PostgreSQL's defaults
// applied over `current` (a new sequence's defaults for CREATE). `restart`
// receives RESTART's value (the start value when it has none).
Result<catalog::SequenceOptions> ResolveOptions(const std::vector<ast::SequenceOption>& written,
                                                const catalog::SequenceOptions* current,
                                                TypeId default_type,
                                                std::optional<int64_t>* restart) {
  std::set<Kind> seen;
  for (const ast::SequenceOption& option : written) {
    if (!seen.insert(option.kind).second) {
      return Status::Error(ErrorCode::kSyntaxError, "conflicting or redundant options")
          .WithPosition(option.position);
    }
  }
  auto find = [&](Kind kind) -> const ast::SequenceOption* {
    for (const ast::SequenceOption& option : written) {
      if (option.kind == kind) return &option;
    }
    return nullptr;
  };
  catalog::SequenceOptions options;
  if (current != nullptr) {
    options = *current;
  } else {
    options.type = default_type;
  }
  const TypeId old_type = options.type;
  if (const auto* as = find(Kind::kAs)) {
    ASSIGN_OR_RETURN(options.type, SequenceType(as->type));
  }
  if (const auto* increment = find(Kind::kIncrement)) {
    if (increment->value == 0) return InvalidValue("INCREMENT must not be zero");
    options.increment = increment->value;
  }
  const bool ascending = options.increment > 0;
  // As PostgreSQL's ALTER: a bound at the old type's limit follows a change
  // of type; a change of direction alone leaves the bounds as they are.
  const bool type_changed = current != nullptr && options.type != old_type;
  const bool reset_max = type_changed && current->max_value == TypeMax(old_type);
  const bool reset_min = type_changed && current->min_value == TypeMin(old_type);
  const auto* max = find(Kind::kMaxValue);
  if (max != nullptr && max->has_value) {
    options.max_value = max->value;
  } else if (current == nullptr || max != nullptr || reset_max) {
    options.max_value = ascending || reset_max ? TypeMax(options.type) : -1;
  }
  const auto* min = find(Kind::kMinValue);
  if (min != nullptr && min->has_value) {
    options.min_value = min->value;
  } else if (current == nullptr || min != nullptr || reset_min) {
    options.min_value = ascending && !reset_min ? 1 : TypeMin(options.type);
  }
  const std::string type_name = TypeName(DataType::Of(options.type));
  if (options.max_value > TypeMax(options.type) || options.max_value < TypeMin(options.type)) {
    return InvalidValue("MAXVALUE (" + std::to_string(options.max_value) +
                        ") is out of range for sequence data type " + type_name);
  }
  if (options.min_value > TypeMax(options.type) || options.min_value < TypeMin(options.type)) {
    return InvalidValue("MINVALUE (" + std::to_string(options.min_value) +
                        ") is out of range for sequence data type " + type_name);
  }
  if (options.min_value >= options.max_value) {
    return InvalidValue("MINVALUE (" + std::to_string(options.min_value) +
                        ") must be less than MAXVALUE (" + std::to_string(options.max_value) + ")");
  }
  if (const auto* start = find(Kind::kStart)) {
    options.start_value = start->value;
  } else if (current == nullptr) {
    options.start_value = ascending ? options.min_value : options.max_value;
  }
  RETURN_IF_ERROR(CheckInBounds(options, "START", options.start_value));
  if (const auto* restart_option = find(Kind::kRestart)) {
    *restart = restart_option->has_value ? restart_option->value : options.start_value;
    RETURN_IF_ERROR(CheckInBounds(options, "RESTART", **restart));
  }
  if (const auto* cache = find(Kind::kCache)) {
    if (cache->value < 1) {
      return InvalidValue("CACHE (" + std::to_string(cache->value) + ") must be greater than zero");
    }
    options.cache = cache->value;
  }
  if (const auto* cycle = find(Kind::kCycle)) options.cycle = cycle->cycle;
  return options;
}

// OWNED BY table.column or NONE: the owner's (table id, column id), or
// (0, -1) for NONE.
Result<std::pair<uint32_t, int>> ResolveOwner(StatementContext& context,
                                              const ast::SequenceOption& option) {
  const std::vector<std::string>& parts = option.owned_by;
  if (parts.size() == 1 && parts[0] == "none") return std::pair<uint32_t, int>(0, -1);
  if (parts.size() < 2 || parts.size() > 3 || (parts.size() == 3 && parts[0] != "public")) {
    return Status::Error(ErrorCode::kSyntaxError, "invalid OWNED BY option")
        .WithHint("Specify OWNED BY table.column or OWNED BY NONE.")
        .WithPosition(option.position);
  }
  const std::string& table_name = parts[parts.size() - 2];
  const std::string& column_name = parts.back();
  std::optional<ts::TableSchema> table = context.database.catalog().FindTable("", table_name);
  if (!table || table->table_id >= catalog::kFirstSystemTableId) {
    return Status::Error(ErrorCode::kUndefinedTable,
                         "relation \"" + table_name + "\" does not exist");
  }
  const int column = table->FindColumn(column_name);
  if (column < 0) {
    return Status::Error(
        ErrorCode::kUndefinedColumn,
        "column \"" + column_name + "\" of relation \"" + table_name + "\" does not exist");
  }
  return std::pair<uint32_t, int>(table->table_id,
                                  static_cast<int>(table->columns[column].column_id));
}

const ast::SequenceOption* FindOwnedBy(const std::vector<ast::SequenceOption>& options) {
  for (const ast::SequenceOption& option : options) {
    if (option.kind == Kind::kOwnedBy) return &option;
  }
  return nullptr;
}

std::string StripPublic(const std::string& name) {
  return name.starts_with("public.") ? name.substr(7) : name;
}

Status NotASequence(const std::string& name, const char* hint) {
  return Status::Error(ErrorCode::kWrongObjectType, "\"" + name + "\" is not a sequence")
      .WithHint(hint);
}

// The columns whose DEFAULT calls nextval of the sequence, as "default value
// for column c of table t" (PostgreSQL's dependency text) with the table id
// and column id.
struct DependentDefault {
  uint32_t table_id = 0;
  int column_id = 0;
  std::string description;
};

std::vector<DependentDefault> DefaultsUsing(StatementContext& context, const std::string& name) {
  const std::string quoted = "'" + QuoteIdent(name) + "'";
  std::vector<DependentDefault> dependents;
  for (const ts::TableSchema& table : context.database.catalog().ListTables()) {
    for (const ts::ColumnSchema& column : table.columns) {
      std::optional<std::string> sql = context.database.column_defaults().Find(
          table.table_id, static_cast<int>(column.column_id));
      if (!sql || sql->find("nextval(") == std::string::npos) continue;
      if (sql->find("nextval(" + quoted) == std::string::npos &&
          sql->find("nextval('public." + QuoteIdent(name) + "'") == std::string::npos) {
        continue;
      }
      dependents.push_back(DependentDefault{
          .table_id = table.table_id,
          .column_id = static_cast<int>(column.column_id),
          .description = "default value for column " + column.name + " of table " + table.name});
    }
  }
  return dependents;
}

std::string ColumnDescription(StatementContext& context, uint32_t table_id, int column_id) {
  for (const ts::TableSchema& table : context.database.catalog().ListTables()) {
    if (table.table_id != table_id) continue;
    for (const ts::ColumnSchema& column : table.columns) {
      if (static_cast<int>(column.column_id) == column_id) {
        return "column " + column.name + " of table " + table.name;
      }
    }
  }
  return "a column";
}

}  // namespace

std::optional<TypeId> SerialType(const ast::TypeName& type) {
  if (type.is_array || !type.modifiers.empty()) return std::nullopt;
  std::string_view name = type.name;
  if (name.starts_with("pg_catalog.")) name.remove_prefix(11);
  if (name == "serial" || name == "serial4") return TypeId::kInt32;
  if (name == "bigserial" || name == "serial8") return TypeId::kInt64;
  if (name == "smallserial" || name == "serial2") return TypeId::kInt16;
  return std::nullopt;
}

Result<ColumnSequence> PlanColumnSequence(StatementContext& context, const std::string& table,
                                          const ast::ColumnDef& column, TypeId type, int index,
                                          const std::vector<ColumnSequence>& planned) {
  if (type != TypeId::kInt16 && type != TypeId::kInt32 && type != TypeId::kInt64) {
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         "identity column type must be smallint, integer, or bigint")
        .WithPosition(column.position);
  }
  std::optional<int64_t> restart;
  ASSIGN_OR_RETURN(catalog::SequenceOptions options,
                   ResolveOptions(column.identity_options, nullptr, type, &restart));
  if (FindOwnedBy(column.identity_options) != nullptr) {
    return Status::Error(ErrorCode::kSyntaxError, "conflicting or redundant options")
        .WithPosition(column.position);
  }
  auto taken = [&](const std::string& name) {
    if (context.database.catalog().RelationOid("public", name)) return true;
    return std::any_of(planned.begin(), planned.end(),
                       [&](const ColumnSequence& p) { return p.sequence.name == name; });
  };
  const std::string name = ChooseRelationName(table, column.name, "seq", taken);
  ColumnSequence result{.column = index};
  result.sequence.name = name;
  result.sequence.options = options;
  result.sequence.identity = column.identity;
  result.sequence.last_value = restart.value_or(options.start_value);
  if (column.identity == 0) result.default_sql = "nextval('" + QuoteIdent(name) + "'::regclass)";
  return result;
}

Status CreateColumnSequences(StatementContext& context, const ts::TableSchema& table,
                             const std::vector<ColumnSequence>& planned) {
  for (const ColumnSequence& plan : planned) {
    catalog::SequenceDefinition sequence = plan.sequence;
    sequence.owner_table_id = table.table_id;
    sequence.owner_column_id = static_cast<int>(table.columns[plan.column].column_id);
    RETURN_IF_ERROR(context.database.catalog().sequences().Create(sequence).status());
  }
  return Status::Ok();
}

Status DropOwnedSequences(Database& database, uint32_t table_id, std::optional<int> column_id) {
  catalog::SequenceDefinitions& sequences = database.catalog().sequences();
  for (const catalog::SequenceDefinition& sequence : sequences.OwnedBy(table_id)) {
    if (column_id && sequence.owner_column_id != *column_id) continue;
    RETURN_IF_ERROR(sequences.Drop(sequence.sequence_id));
  }
  return Status::Ok();
}

Result<StatementResult> ExecuteCreateSequence(const ast::SequenceStmt& create,
                                              StatementContext& context) {
  StatementResult result;
  result.command_tag = "CREATE SEQUENCE";
  const std::string name = StripPublic(create.name);
  if (name.find('.') != std::string::npos) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "sequences live in schema public: " + create.name);
  }
  if (context.database.catalog().RelationOid("public", name)) {
    if (create.if_not_exists) {
      result.notices.push_back(
          Notice{.code = ErrorCode::kDuplicateTable,
                 .message = "relation \"" + name + "\" already exists, skipping"});
      return result;
    }
    return Status::Error(ErrorCode::kDuplicateTable, "relation \"" + name + "\" already exists");
  }
  std::optional<int64_t> restart;
  ASSIGN_OR_RETURN(catalog::SequenceOptions options,
                   ResolveOptions(create.options, nullptr, TypeId::kInt64, &restart));
  catalog::SequenceDefinition sequence{.name = name, .options = options};
  sequence.last_value = restart.value_or(options.start_value);
  if (const ast::SequenceOption* owned_by = FindOwnedBy(create.options)) {
    ASSIGN_OR_RETURN(auto owner, ResolveOwner(context, *owned_by));
    sequence.owner_table_id = owner.first;
    sequence.owner_column_id = owner.second;
  }
  RETURN_IF_ERROR(context.database.catalog().sequences().Create(sequence).status());
  return result;
}

Result<StatementResult> ExecuteAlterSequence(const ast::SequenceStmt& alter,
                                             StatementContext& context) {
  StatementResult result;
  result.command_tag = "ALTER SEQUENCE";
  const std::string name = StripPublic(alter.name);
  std::optional<catalog::SequenceDefinition> sequence =
      context.database.catalog().FindSequence("", name);
  if (!sequence) {
    if (context.database.catalog().RelationOid("", name)) {
      return NotASequence(name, "Use ALTER TABLE or ALTER VIEW for other relations.");
    }
    if (alter.if_exists) {
      result.notices.push_back(
          Notice{.message = "relation \"" + name + "\" does not exist, skipping"});
      return result;
    }
    return Status::Error(ErrorCode::kUndefinedTable, "relation \"" + name + "\" does not exist");
  }
  std::optional<int64_t> restart;
  ASSIGN_OR_RETURN(sequence->options, ResolveOptions(alter.options, &sequence->options,
                                                     sequence->options.type, &restart));
  // PostgreSQL checks the value the sequence goes on from against the new
  // bounds, and names it RESTART value even without RESTART.
  RETURN_IF_ERROR(
      CheckInBounds(sequence->options, "RESTART", restart.value_or(sequence->last_value)));
  if (const ast::SequenceOption* owned_by = FindOwnedBy(alter.options)) {
    if (sequence->identity != 0) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "cannot change ownership of identity sequence")
          .WithDetail(
              "Sequence \"" + name + "\" is linked to table \"" +
              ColumnDescription(context, sequence->owner_table_id, sequence->owner_column_id) +
              "\".");
    }
    ASSIGN_OR_RETURN(auto owner, ResolveOwner(context, *owned_by));
    sequence->owner_table_id = owner.first;
    sequence->owner_column_id = owner.second;
  }
  RETURN_IF_ERROR(context.database.catalog().sequences().Replace(*sequence, restart));
  return result;
}

Result<StatementResult> ExecuteDropSequence(const ast::DropSequenceStmt& drop,
                                            StatementContext& context) {
  StatementResult result;
  result.command_tag = "DROP SEQUENCE";
  std::vector<catalog::SequenceDefinition> sequences;
  std::vector<DependentDefault> defaults;
  for (const std::string& raw : drop.names) {
    const std::string name = StripPublic(raw);
    std::optional<catalog::SequenceDefinition> sequence =
        context.database.catalog().FindSequence("", name);
    if (!sequence) {
      if (context.database.catalog().RelationOid("", name)) {
        return NotASequence(name, "Use DROP TABLE, DROP VIEW or DROP INDEX to remove it.");
      }
      if (drop.if_exists) {
        result.notices.push_back(
            Notice{.message = "sequence \"" + name + "\" does not exist, skipping"});
        continue;
      }
      return Status::Error(ErrorCode::kUndefinedTable, "sequence \"" + name + "\" does not exist");
    }
    if (sequence->identity != 0) {
      const std::string column =
          ColumnDescription(context, sequence->owner_table_id, sequence->owner_column_id);
      return Status::Error(ErrorCode::kDependentObjectsStillExist,
                           "cannot drop sequence " + name + " because " + column + " requires it")
          .WithHint("You can drop " + column + " instead.");
    }
    std::vector<DependentDefault> using_it = DefaultsUsing(context, name);
    if (!using_it.empty() && !drop.cascade) {
      std::string detail;
      for (const DependentDefault& dependent : using_it) {
        if (!detail.empty()) detail += "\n";
        detail += dependent.description + " depends on sequence " + name;
      }
      return Status::Error(ErrorCode::kDependentObjectsStillExist,
                           "cannot drop sequence " + name + " because other objects depend on it")
          .WithDetail(detail)
          .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
    }
    defaults.insert(defaults.end(), using_it.begin(), using_it.end());
    sequences.push_back(std::move(*sequence));
  }
  std::vector<uint32_t> oids;
  for (const catalog::SequenceDefinition& sequence : sequences)
    oids.push_back(sequence.oid());
  if (!oids.empty()) {
    // Views that read a sequence (SELECT last_value FROM s) go with it only
    // under CASCADE.
    RETURN_IF_ERROR(DropDependentViews(context.database, oids, drop.cascade,
                                       "sequence " + sequences.front().name, result.notices));
  }
  for (const DependentDefault& dependent : defaults) {
    result.notices.push_back(Notice{.message = "drop cascades to " + dependent.description});
    RETURN_IF_ERROR(context.database.column_defaults().SetColumn(
        dependent.table_id, dependent.column_id, std::nullopt));
  }
  for (const catalog::SequenceDefinition& sequence : sequences)
    RETURN_IF_ERROR(context.database.catalog().sequences().Drop(sequence.sequence_id));
  return result;
}

}  // namespace sundial::sql
