#include <algorithm>
#include <set>

#include "catalog/catalog.h"
#include "sql/database.h"
#include "sql/expr_binder.h"
#include "sql/statements.h"
#include "ts/engine.h"

// CREATE INDEX and DROP INDEX. Sundial keeps no index structures: every
// column block has min/max zone maps that scans skip by, and each chunk
// keeps its rows grouped by series. An index is recorded in the catalog
// (pg_index, pg_indexes, psql's \d show it), and one whose leading columns
// name series - (location, time DESC), TimescaleDB's usual index - makes
// them the table's segment-by columns when the table has not chosen any,
// which is what lookups by those columns then use.

namespace sundial::sql {
namespace {

constexpr size_t kMaxIdentifierBytes = 63;

bool IsSeriesType(TypeId type) {
  return type == TypeId::kText || type == TypeId::kVarchar || type == TypeId::kInt16 ||
         type == TypeId::kInt32 || type == TypeId::kInt64 || type == TypeId::kUuid;
}

Scope TableScope(const ts::TableSchema& table) {
  Scope scope;
  for (const ts::ColumnSchema& column : table.columns) {
    scope.columns.push_back(
        ScopeColumn{.qualifier = table.name, .name = column.name, .type = column.type});
  }
  return scope;
}

// PostgreSQL's generated name: table_col1_col2_idx (a function's name for
// a call, "expr" for another expression), cut to 63 bytes, numbered when
// taken.
std::string GeneratedName(const ast::CreateIndexStmt& create, const std::string& table,
                          const catalog::Catalog& catalog) {
  std::string columns;
  for (const ast::CreateIndexStmt::Element& element : create.elements) {
    if (!columns.empty()) columns += "_";
    if (!element.column.empty()) {
      columns += element.column;
    } else if (element.expression->kind == ast::ExprKind::kFunction) {
      columns += element.expression->name;
    } else {
      columns += "expr";
    }
  }
  std::string base = table + "_" + columns;
  for (int n = 0;; ++n) {
    const std::string suffix = n == 0 ? "_idx" : "_idx" + std::to_string(n);
    std::string name = base.substr(0, kMaxIdentifierBytes - suffix.size()) + suffix;
    if (!catalog.RelationOid("public", name)) return name;
  }
}

// The leading plain columns of series types right before the time column:
// the segment-by columns the index asks for, as TimescaleDB's (device_id,
// time DESC) does. Empty for any other index: one on an id alone must not
// make every row a series of its own.
std::vector<uint32_t> SeriesColumns(const catalog::IndexDefinition& index,
                                    const ts::TableSchema& table) {
  std::vector<uint32_t> series;
  for (const catalog::IndexDefinition::Element& element : index.elements) {
    if (element.column_id < 0) return {};
    const int position = table.FindColumnById(static_cast<uint32_t>(element.column_id));
    if (position < 0) return {};
    if (table.time_column && position == *table.time_column) return series;
    if (!IsSeriesType(table.columns[position].type.id)) return {};
    series.push_back(static_cast<uint32_t>(element.column_id));
  }
  return {};
}

Status SetSegmentBy(ts::Engine& engine, const std::string& table,
                    std::optional<std::vector<uint32_t>> segment_by) {
  ts::SchemaChange change{.kind = ts::SchemaChange::Kind::kSetSegmentOrder,
                          .sets_segment_by = true,
                          .segment_by = std::move(segment_by)};
  return engine.AlterTable(table, change).status();
}

std::string ColumnNames(const std::vector<uint32_t>& ids, const ts::TableSchema& table) {
  std::string names;
  for (uint32_t id : ids) {
    if (!names.empty()) names += ", ";
    names += table.columns[table.FindColumnById(id)].name;
  }
  return names;
}

}  // namespace

Result<StatementResult> ExecuteCreateIndex(const ast::CreateIndexStmt& create,
                                           StatementContext& context) {
  StatementResult result;
  result.command_tag = "CREATE INDEX";
  catalog::Catalog& catalog = context.database.catalog();
  ts::Engine& engine = context.database.engine();
  std::optional<ts::TableSchema> table = engine.FindTable(create.table);
  // An index on a continuous aggregate goes on its materialization table,
  // as TimescaleDB puts it.
  if (std::optional<catalog::ViewDefinition> view = catalog.FindView("public", create.table);
      view && view->continuous) {
    for (ts::TableSchema& candidate : catalog.ListTables()) {
      if (candidate.table_id == view->continuous->materialization_table_id) {
        table = std::move(candidate);
      }
    }
  }
  if (!table) {
    if (catalog.FindView("public", create.table) || catalog.FindTable("", create.table)) {
      return Status::Error(ErrorCode::kWrongObjectType,
                           "cannot create index on relation \"" + create.table + "\"")
          .WithDetail("This operation is not supported for views and system relations.");
    }
    return Status::Error(ErrorCode::kUndefinedTable,
                         "relation \"" + create.table + "\" does not exist");
  }
  if (create.unique) {
    return Status::Error(ErrorCode::kFeatureNotSupported, "unique indexes are not supported")
        .WithPosition(create.position)
        .WithHint("Sundial does not enforce uniqueness; CREATE INDEX without UNIQUE is accepted.");
  }
  static const std::set<std::string> kMethods = {"btree", "hash", "brin", "gin", "gist", "spgist"};
  catalog::IndexDefinition index{.table_id = table->table_id,
                                 .method = create.method.empty() ? "btree" : create.method};
  if (!kMethods.contains(index.method)) {
    return Status::Error(ErrorCode::kUndefinedObject,
                         "access method \"" + index.method + "\" does not exist");
  }
  // Columns and expressions are checked against the table, as PostgreSQL does.
  const Scope scope = TableScope(*table);
  ExprBinder binder(scope, context.eval, "index expressions");
  for (const ast::CreateIndexStmt::Element& element : create.elements) {
    catalog::IndexDefinition::Element item{
        .descending = element.descending,
        .nulls_first = element.nulls_first.value_or(element.descending)};
    if (!element.column.empty()) {
      const int position = table->FindColumn(element.column);
      if (position < 0) {
        return Status::Error(ErrorCode::kUndefinedColumn,
                             "column \"" + element.column + "\" does not exist");
      }
      item.column_id = table->columns[position].column_id;
    } else {
      RETURN_IF_ERROR(binder.Bind(*element.expression).status());
      item.expression = element.expression_text;
    }
    index.elements.push_back(std::move(item));
  }
  for (const std::string& column : create.include) {
    if (table->FindColumn(column) < 0) {
      return Status::Error(ErrorCode::kUndefinedColumn, "column \"" + column + "\" does not exist");
    }
  }
  index.predicate = create.predicate_text;
  index.name = create.name.empty() ? GeneratedName(create, table->name, catalog) : create.name;
  if (catalog.RelationOid("public", index.name)) {
    if (create.if_not_exists) {
      result.notices.push_back(
          Notice{.code = ErrorCode::kDuplicateTable,
                 .message = "relation \"" + index.name + "\" already exists, skipping"});
      return result;
    }
    return Status::Error(ErrorCode::kDuplicateTable,
                         "relation \"" + index.name + "\" already exists");
  }

  const std::vector<uint32_t> series = SeriesColumns(index, *table);
  index.sets_segment_by =
      table->is_hypertable() && !table->segment_by.has_value() && !series.empty();
  ASSIGN_OR_RETURN(catalog::IndexDefinition created, catalog.indexes().Create(index));
  if (index.sets_segment_by) {
    Status set = SetSegmentBy(engine, table->name, series);
    if (!set.ok()) {
      // The index was not made; its record must not claim otherwise.
      catalog.indexes().Drop(created.index_id).IgnoreError();
      return set;
    }
    result.notices.push_back(
        Notice{.message = "index \"" + index.name + "\" groups the rows of each chunk of \"" +
                          table->name + "\" by " + ColumnNames(series, *table) +
                          "; Sundial keeps no separate index structures"});
  } else {
    result.notices.push_back(
        Notice{.message = "index \"" + index.name +
                          "\" is recorded; Sundial keeps no separate index structures, its "
                          "scans skip blocks by every column's min/max"});
  }
  return result;
}

Result<StatementResult> ExecuteDropIndex(const ast::DropIndexStmt& drop,
                                         StatementContext& context) {
  StatementResult result;
  result.command_tag = "DROP INDEX";
  catalog::Catalog& catalog = context.database.catalog();
  std::vector<catalog::IndexDefinition> indexes;
  for (const std::string& name : drop.names) {
    std::optional<catalog::IndexDefinition> index = catalog.indexes().Find(name);
    if (index) {
      indexes.push_back(std::move(*index));
      continue;
    }
    if (catalog.FindTable("public", name) || catalog.FindView("public", name)) {
      return Status::Error(ErrorCode::kWrongObjectType, "\"" + name + "\" is not an index")
          .WithHint(catalog.FindView("public", name) ? "Use DROP VIEW to remove a view."
                                                     : "Use DROP TABLE to remove a table.");
    }
    if (!drop.if_exists) {
      return Status::Error(ErrorCode::kUndefinedObject, "index \"" + name + "\" does not exist");
    }
    result.notices.push_back(Notice{.message = "index \"" + name + "\" does not exist, skipping"});
  }
  for (const catalog::IndexDefinition& index : indexes) {
    if (index.constraint != 0) {
      std::string table = "?";
      for (const ts::TableSchema& t : catalog.ListTables()) {
        if (t.table_id == index.table_id) table = t.name;
      }
      return Status::Error(ErrorCode::kDependentObjectsStillExist,
                           "cannot drop index " + index.name + " because constraint " + index.name +
                               " on table " + table + " requires it")
          .WithHint("You can drop constraint " + index.name + " on table " + table + " instead.");
    }
  }
  for (const catalog::IndexDefinition& index : indexes) {
    RETURN_IF_ERROR(catalog.indexes().Drop(index.index_id));
    if (!index.sets_segment_by) continue;
    // The segment order it set goes too, unless it was changed since.
    for (const ts::TableSchema& table : catalog.ListTables()) {
      if (table.table_id != index.table_id) continue;
      if (table.segment_by == SeriesColumns(index, table)) {
        RETURN_IF_ERROR(SetSegmentBy(context.database.engine(), table.name, std::nullopt));
      }
    }
  }
  return result;
}

Status DropIndexesOfTable(Database& database, uint32_t table_id,
                          std::optional<uint32_t> column_id) {
  for (const catalog::IndexDefinition& index : database.catalog().indexes().OfTable(table_id)) {
    const bool uses_column =
        !column_id || std::any_of(index.elements.begin(), index.elements.end(),
                                  [&](const catalog::IndexDefinition::Element& element) {
                                    return element.column_id == static_cast<int64_t>(*column_id);
                                  });
    if (uses_column) RETURN_IF_ERROR(database.catalog().indexes().Drop(index.index_id));
  }
  return Status::Ok();
}

}  // namespace sundial::sql
