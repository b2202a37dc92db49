#include "catalog/catalog.h"
#include "sql/column_defaults.h"
#include "sql/database.h"
#include "sql/expr_binder.h"
#include "sql/expr_deparser.h"
#include "sql/segment_order_options.h"
#include "sql/statements.h"
#include "sql/table_rows.h"
#include "ts/engine.h"

// ALTER TABLE (metadata only: the store never rewrites segments for it) and
// TRUNCATE.

namespace sundial::sql {
namespace {

std::string UnqualifiedName(const std::string& name) {
  return name.starts_with("public.") ? name.substr(7) : name;
}

Status NoSuchRelation(const std::string& name) {
  return Status::Error(ErrorCode::kUndefinedTable, "relation \"" + name + "\" does not exist");
}

// A user table, or the error for a name that is none: a system relation
// cannot be changed, anything else does not exist.
Result<ts::TableSchema> UserTable(const std::string& name, StatementContext& context) {
  if (std::optional<ts::TableSchema> table = context.database.engine().FindTable(name)) {
    return std::move(*table);
  }
  if (context.database.catalog().FindTable("", name)) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "cannot change system relation \"" + name + "\"");
  }
  return NoSuchRelation(name);
}

// The first words of an action, upper-cased, for "ALTER TABLE ... is not supported".
std::string ActionName(const std::string& action) {
  std::string name;
  int words = 0;
  bool in_word = false;
  for (char c : action) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (letter && !in_word && ++words > 2) break;
    if (!letter && in_word && words == 2) break;
    in_word = letter;
    if (letter) {
      name += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    } else if (!name.empty() && name.back() != ' ') {
      name += ' ';
    }
  }
  while (!name.empty() && name.back() == ' ')
    name.pop_back();
  return name;
}

Result<StatementResult> AddColumn(const ast::AlterTableStmt& alter, const ts::TableSchema& table,
                                  StatementContext& context, StatementResult result) {
  const ast::ColumnDef& def = alter.column;
  if (table.FindColumn(def.name) >= 0) {
    if (alter.if_not_exists) {
      result.notices.push_back(Notice{.code = ErrorCode::kDuplicateColumn,
                                      .message = "column \"" + def.name + "\" of relation \"" +
                                                 table.name + "\" already exists, skipping"});
      return result;
    }
    return Status::Error(ErrorCode::kDuplicateColumn, "column \"" + def.name + "\" of relation \"" +
                                                          table.name + "\" already exists");
  }
  if (SerialType(def.type) || def.identity != 0) {
    // Rows already stored would each need the sequence's next value.
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "adding a serial or identity column to an existing table is not supported")
        .WithPosition(def.position);
  }
  ASSIGN_OR_RETURN(DataType type, ResolveTypeName(def.type));
  ts::ColumnSchema column{.name = def.name, .type = type, .not_null = def.not_null};
  std::optional<std::string> default_sql;
  if (def.default_value) {
    ASSIGN_OR_RETURN(default_sql, DeparseExpr(*def.default_value));
    // Rows already stored read the default's value now, as PostgreSQL
    // fills them in when the column is added.
    Result<Value> value = EvaluateDefault(*default_sql, type, context.eval);
    if (!value.ok()) return value.status().WithPosition(def.default_value->position);
    if (!value->is_null()) column.missing_value = *value;
  }
  ColumnDefaults& defaults = context.database.column_defaults();
  // The default is recorded under the id the column will get before the
  // store publishes it, so a crash in between never leaves the column
  // without its default (a stale entry is overwritten by the next ADD).
  const int expected_id = static_cast<int>(table.next_column_id);
  RETURN_IF_ERROR(defaults.SetColumn(table.table_id, expected_id, default_sql));
  ts::SchemaChange change{.kind = ts::SchemaChange::Kind::kAddColumn, .column = column};
  ASSIGN_OR_RETURN(ts::TableSchema altered,
                   context.database.engine().AlterTable(table.name, change));
  const int id = static_cast<int>(altered.columns.back().column_id);
  if (id != expected_id) {
    // Another ALTER of the table took the id first.
    RETURN_IF_ERROR(defaults.SetColumn(table.table_id, id, default_sql));
  }
  return result;
}

Result<StatementResult> DropColumn(const ast::AlterTableStmt& alter, const ts::TableSchema& table,
                                   StatementContext& context, StatementResult result) {
  int index = table.FindColumn(alter.column_name);
  if (index < 0 && alter.column_if_exists) {
    result.notices.push_back(Notice{.code = ErrorCode::kUndefinedColumn,
                                    .message = "column \"" + alter.column_name +
                                               "\" of relation \"" + table.name +
                                               "\" does not exist, skipping"});
    return result;
  }
  ts::SchemaChange change{.kind = ts::SchemaChange::Kind::kDropColumn,
                          .column_name = alter.column_name};
  RETURN_IF_ERROR(context.database.engine().AlterTable(table.name, change).status());
  RETURN_IF_ERROR(context.database.column_defaults().SetColumn(
      table.table_id, static_cast<int>(table.columns[index].column_id), std::nullopt));
  RETURN_IF_ERROR(
      DropIndexesOfTable(context.database, table.table_id, table.columns[index].column_id));
  RETURN_IF_ERROR(DropOwnedSequences(context.database, table.table_id,
                                     static_cast<int>(table.columns[index].column_id)));
  return result;
}

// ALTER COLUMN c SET DEFAULT expr / DROP DEFAULT: what later INSERTs and
// COPYs put there; stored rows keep their values, as in PostgreSQL.
Result<StatementResult> SetColumnDefault(const ast::AlterTableStmt& alter,
                                         const ts::TableSchema& table, StatementContext& context,
                                         StatementResult result) {
  const int index = table.FindColumn(alter.column_name);
  if (index < 0) {
    return Status::Error(
        ErrorCode::kUndefinedColumn,
        "column \"" + alter.column_name + "\" of relation \"" + table.name + "\" does not exist");
  }
  const ts::ColumnSchema& column = table.columns[index];
  for (const catalog::SequenceDefinition& sequence :
       context.database.catalog().sequences().OwnedBy(table.table_id)) {
    if (sequence.identity != 0 && sequence.owner_column_id == static_cast<int>(column.column_id) &&
        alter.action == ast::AlterTableStmt::Action::kSetDefault) {
      return Status::Error(ErrorCode::kSyntaxError, "column \"" + column.name +
                                                        "\" of relation \"" + table.name +
                                                        "\" is an identity column")
          .WithHint("Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.");
    }
  }
  std::optional<std::string> sql;
  if (alter.action == ast::AlterTableStmt::Action::kSetDefault) {
    const ast::Expr& expr = *alter.column.default_value;
    ASSIGN_OR_RETURN(sql, DeparseExpr(expr));
    // Bound now so a bad default fails here, not at the next INSERT.
    Result<exec::ExprPtr> bound = BindDefault(*sql, column.type, context.eval);
    if (!bound.ok()) return bound.status().WithPosition(expr.position);
  }
  RETURN_IF_ERROR(context.database.column_defaults().SetColumn(
      table.table_id, static_cast<int>(column.column_id), sql));
  return result;
}

// SET / RESET (...): TimescaleDB's segment order options, one manifest
// switch without a flush; any other storage option is not supported.
Result<StatementResult> SetTableOptions(const ast::AlterTableStmt& alter,
                                        const ts::TableSchema& table, StatementContext& context,
                                        StatementResult result) {
  const bool reset = alter.action == ast::AlterTableStmt::Action::kResetOptions;
  SegmentOrderOptions options;
  for (const auto& [key, value] : alter.options) {
    Result<bool> taken = reset ? options.TakeReset(key) : options.Take(key, value);
    if (!taken.ok()) return taken.status().WithPosition(alter.position);
    if (!*taken) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "table option \"" + key + "\" is not supported")
          .WithPosition(alter.position)
          .WithHint(
              "Sundial supports timescaledb.compress, timescaledb.compress_segmentby and "
              "timescaledb.compress_orderby.");
    }
  }
  if (!table.is_hypertable()) {
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         "table \"" + table.name + "\" is not a hypertable");
  }
  if (options.empty()) return result;
  ASSIGN_OR_RETURN(ts::SchemaChange change, options.Change(table));
  RETURN_IF_ERROR(context.database.engine().AlterTable(table.name, change).status());
  return result;
}

}  // namespace

Result<StatementResult> ExecuteAlterTable(const ast::AlterTableStmt& alter,
                                          StatementContext& context) {
  using Action = ast::AlterTableStmt::Action;
  StatementResult result;
  result.command_tag = "ALTER TABLE";
  if (alter.action == Action::kUnsupported) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "ALTER TABLE " + ActionName(alter.unsupported) + " is not supported")
        .WithPosition(alter.position)
        .WithHint(
            "Sundial supports ADD COLUMN, DROP COLUMN, RENAME COLUMN, RENAME TO, ALTER COLUMN "
            "SET/DROP "
            "DEFAULT and SET/RESET of "
            "TimescaleDB's segmentby and orderby options.");
  }
  const std::string name = UnqualifiedName(alter.name);
  if (alter.if_exists && !context.database.catalog().FindTable("", name)) {
    result.notices.push_back(
        Notice{.code = ErrorCode::kUndefinedTable,
               .message = "relation \"" + name + "\" does not exist, skipping"});
    return result;
  }
  ASSIGN_OR_RETURN(ts::TableSchema table, UserTable(name, context));
  ts::Engine& engine = context.database.engine();
  // Views keep their queries as text, which name the table and its columns.
  if (alter.action == Action::kDropColumn || alter.action == Action::kRenameColumn ||
      alter.action == Action::kRenameTable) {
    std::vector<catalog::ViewDefinition> readers =
        context.database.catalog().views().DependingOn(catalog::UserRelationOid(table.table_id));
    if (!readers.empty()) {
      return Status::Error(ErrorCode::kFeatureNotSupported, "cannot alter table \"" + name +
                                                                "\" because view \"" +
                                                                readers[0].name + "\" reads it")
          .WithHint("Drop the view, alter the table, and create the view again.");
    }
  }
  if (alter.action == Action::kRenameTable &&
      context.database.catalog().RelationOid("public", alter.new_name) &&
      !context.database.engine().FindTable(alter.new_name)) {
    return Status::Error(ErrorCode::kDuplicateTable,
                         "relation \"" + alter.new_name + "\" already exists");
  }
  switch (alter.action) {
    case Action::kAddColumn:
      return AddColumn(alter, table, context, std::move(result));
    case Action::kDropColumn:
      return DropColumn(alter, table, context, std::move(result));
    case Action::kRenameColumn: {
      ts::SchemaChange change{.kind = ts::SchemaChange::Kind::kRenameColumn,
                              .column_name = alter.column_name,
                              .new_name = alter.new_name};
      RETURN_IF_ERROR(engine.AlterTable(name, change).status());
      return result;
    }
    case Action::kRenameTable: {
      if (context.database.catalog().FindTable("", alter.new_name) &&
          !engine.FindTable(alter.new_name)) {
        // A pg_catalog relation of that name would hide the table.
        return Status::Error(ErrorCode::kDuplicateTable,
                             "relation \"" + alter.new_name + "\" already exists");
      }
      ts::SchemaChange change{.kind = ts::SchemaChange::Kind::kRenameTable,
                              .new_name = alter.new_name};
      RETURN_IF_ERROR(engine.AlterTable(name, change).status());
      return result;
    }
    case Action::kSetOptions:
    case Action::kResetOptions:
      return SetTableOptions(alter, table, context, std::move(result));
    case Action::kSetDefault:
    case Action::kDropDefault:
      return SetColumnDefault(alter, table, context, std::move(result));
    case Action::kUnsupported:
      break;
  }
  return Status::Error(ErrorCode::kInternal, "unknown ALTER TABLE action");
}

Result<StatementResult> ExecuteTruncate(const ast::TruncateStmt& truncate,
                                        StatementContext& context) {
  StatementResult result;
  result.command_tag = "TRUNCATE TABLE";
  std::vector<std::string> names;
  for (const std::string& raw : truncate.names) {
    ASSIGN_OR_RETURN(ts::TableSchema table, UserTable(UnqualifiedName(raw), context));
    names.push_back(table.name);
  }
  RETURN_IF_ERROR(context.database.engine().TruncateTables(names));
  if (!truncate.restart_identity) return result;
  catalog::SequenceDefinitions& sequences = context.database.catalog().sequences();
  for (const std::string& name : names) {
    std::optional<ts::TableSchema> table = context.database.engine().FindTable(name);
    if (!table) continue;  // dropped meanwhile: its sequences went with it
    for (const catalog::SequenceDefinition& sequence : sequences.OwnedBy(table->table_id))
      RETURN_IF_ERROR(sequences.Replace(sequence, sequence.options.start_value));
  }
  return result;
}

}  // namespace sundial::sql
