#include "sql/views.h"

#include <algorithm>
#include <set>

#include "sql/continuous_aggregates.h"
#include "sql/database.h"
#include "sql/parser/parser.h"
#include "sql/select_binder.h"
#include "sql/statements.h"
#include "sql/table_policies.h"
#include "ts/engine.h"

// CREATE VIEW and DROP VIEW; views in FROM (ViewQuery).

namespace sundial::sql {
namespace {

// Who reads a relation, for 2BP01's detail: "view v depends on table t".
std::string RelationDescription(const catalog::Catalog& catalog, uint32_t oid) {
  std::optional<std::string> name = catalog.RelationName(oid);
  const char* kind = oid >= catalog::kFirstViewOid ? "view " : "table ";
  return kind + name.value_or(std::to_string(oid));
}

// What CREATE OR REPLACE VIEW may change: PostgreSQL keeps the existing
// columns (names and types) and only lets new ones be added at the end.
Status CheckReplacement(const catalog::ViewDefinition& old_view,
                        const std::vector<ResultColumn>& columns) {
  if (columns.size() < old_view.column_names.size()) {
    return Status::Error(ErrorCode::kInvalidTableDefinition, "cannot drop columns from view");
  }
  for (size_t i = 0; i < old_view.column_names.size(); ++i) {
    if (columns[i].name != old_view.column_names[i]) {
      return Status::Error(ErrorCode::kInvalidTableDefinition,
                           "cannot change name of view column \"" + old_view.column_names[i] +
                               "\" to \"" + columns[i].name + "\"")
          .WithHint("Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.");
    }
    if (!(columns[i].type == old_view.column_types[i])) {
      return Status::Error(ErrorCode::kInvalidTableDefinition,
                           "cannot change data type of view column \"" + columns[i].name +
                               "\" from " + TypeName(old_view.column_types[i]) + " to " +
                               TypeName(columns[i].type));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<ast::SelectStmt>> ParseStoredSelect(const std::string& text) {
  ASSIGN_OR_RETURN(std::vector<std::unique_ptr<ast::Statement>> statements, ParseSql(text));
  if (statements.size() != 1 || statements[0]->kind != ast::Statement::Kind::kSelect) {
    return Status::Error(ErrorCode::kCorruption, "a stored view query is not one SELECT");
  }
  return std::move(statements[0]->select);
}

Result<std::unique_ptr<ast::SelectStmt>> ViewQuery(const catalog::ViewDefinition& view,
                                                   const catalog::Catalog& catalog) {
  if (view.continuous) return ContinuousAggregateQuery(view, catalog);
  return ParseStoredSelect(view.query);
}

Result<BoundViewQuery> BindViewDefinition(const ast::CreateViewStmt& create,
                                          StatementContext& context) {
  SelectBinder binder(context.database.catalog(), context.eval);
  ASSIGN_OR_RETURN(BoundRelation relation, binder.BindRelation(*create.query));
  BoundViewQuery bound{.columns = std::move(relation.columns),
                       .referenced_oids = binder.referenced_oids()};
  if (create.column_names.size() > bound.columns.size()) {
    return Status::Error(ErrorCode::kSyntaxError,
                         "CREATE " + std::string(create.materialized ? "MATERIALIZED " : "") +
                             "VIEW specifies more column names than columns");
  }
  for (size_t i = 0; i < create.column_names.size(); ++i) {
    bound.columns[i].name = create.column_names[i];
  }
  std::set<std::string> seen;
  for (const ResultColumn& column : bound.columns) {
    if (!seen.insert(column.name).second) {
      return Status::Error(ErrorCode::kDuplicateColumn,
                           "column \"" + column.name + "\" specified more than once");
    }
  }
  return bound;
}

Result<StatementResult> ExecuteCreateView(const ast::CreateViewStmt& create,
                                          StatementContext& context) {
  if (create.materialized) return ExecuteCreateContinuousAggregate(create, context);
  StatementResult result;
  result.command_tag = "CREATE VIEW";
  if (create.name.find('.') != std::string::npos) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "views outside schema public are not supported")
        .WithPosition(create.position);
  }
  catalog::Catalog& catalog = context.database.catalog();
  if (catalog.FindTable("public", create.name) || catalog.indexes().Find(create.name)) {
    if (create.or_replace) {
      return Status::Error(ErrorCode::kWrongObjectType, "\"" + create.name + "\" is not a view");
    }
    return Status::Error(ErrorCode::kDuplicateTable,
                         "relation \"" + create.name + "\" already exists");
  }
  ASSIGN_OR_RETURN(BoundViewQuery bound, BindViewDefinition(create, context));
  catalog::ViewDefinition view{.name = create.name,
                               .query = create.query_text,
                               .time_zone = context.eval.time_zone.name(),
                               .referenced_oids = std::move(bound.referenced_oids)};
  for (const ResultColumn& column : bound.columns) {
    view.column_names.push_back(column.name);
    view.column_types.push_back(column.type);
  }
  std::optional<catalog::ViewDefinition> existing = catalog.views().Find(create.name);
  if (!existing) {
    RETURN_IF_ERROR(catalog.views().Create(std::move(view)).status());
    return result;
  }
  if (!create.or_replace || existing->continuous) {
    if (create.or_replace) {
      return Status::Error(ErrorCode::kWrongObjectType, "\"" + create.name + "\" is not a view");
    }
    return Status::Error(ErrorCode::kDuplicateTable,
                         "relation \"" + create.name + "\" already exists");
  }
  if (std::find(view.referenced_oids.begin(), view.referenced_oids.end(), existing->oid()) !=
      view.referenced_oids.end()) {
    return Status::Error(
        ErrorCode::kInvalidObjectDefinition,
        "infinite recursion detected in rules for relation \"" + create.name + "\"");
  }
  RETURN_IF_ERROR(CheckReplacement(*existing, bound.columns));
  view.view_id = existing->view_id;
  RETURN_IF_ERROR(catalog.views().Replace(view));
  return result;
}

Result<StatementResult> ExecuteDropView(const ast::DropViewStmt& drop, StatementContext& context) {
  StatementResult result;
  result.command_tag = drop.materialized ? "DROP MATERIALIZED VIEW" : "DROP VIEW";
  const std::string kind = drop.materialized ? "materialized view" : "view";
  catalog::Catalog& catalog = context.database.catalog();
  std::vector<catalog::ViewDefinition> views;
  for (const std::string& name : drop.names) {
    std::optional<catalog::ViewDefinition> view = catalog.FindView("public", name);
    if (!view) {
      if (catalog.FindTable("public", name)) {
        return Status::Error(ErrorCode::kWrongObjectType, "\"" + name + "\" is not a " + kind)
            .WithHint("Use DROP TABLE to remove a table.");
      }
      if (drop.if_exists) {
        result.notices.push_back(
            Notice{.message = kind + " \"" + name + "\" does not exist, skipping"});
        continue;
      }
      return Status::Error(ErrorCode::kUndefinedTable, kind + " \"" + name + "\" does not exist");
    }
    if (view->continuous.has_value() != drop.materialized) {
      return Status::Error(ErrorCode::kWrongObjectType, "\"" + name + "\" is not a " + kind)
          .WithHint(drop.materialized ? "Use DROP VIEW to remove a view."
                                      : "Use DROP MATERIALIZED VIEW to remove a materialized "
                                        "view.");
    }
    views.push_back(std::move(*view));
  }
  std::vector<uint32_t> oids;
  for (const catalog::ViewDefinition& view : views)
    oids.push_back(view.oid());
  if (!views.empty()) {
    RETURN_IF_ERROR(DropDependentViews(context.database, oids, drop.cascade,
                                       "view " + views[0].name, result.notices));
  }
  for (const catalog::ViewDefinition& view : views) {
    RETURN_IF_ERROR(DropViewDefinition(context.database, view));
  }
  return result;
}

Status DropDependentViews(Database& database, const std::vector<uint32_t>& relations, bool cascade,
                          const std::string& what, std::vector<Notice>& notices) {
  catalog::Catalog& catalog = database.catalog();
  std::set<uint32_t> dropped(relations.begin(), relations.end());
  std::vector<uint32_t> frontier = relations;
  std::vector<catalog::ViewDefinition> dependents;
  while (!frontier.empty()) {
    const uint32_t oid = frontier.back();
    frontier.pop_back();
    for (catalog::ViewDefinition& view : catalog.views().DependingOn(oid)) {
      if (dropped.contains(view.oid())) continue;
      if (!cascade) {
        return Status::Error(ErrorCode::kDependentObjectsStillExist,
                             "cannot drop " + what + " because other objects depend on it")
            .WithDetail("view " + view.name + " depends on " + RelationDescription(catalog, oid))
            .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
      }
      dropped.insert(view.oid());
      frontier.push_back(view.oid());
      dependents.push_back(std::move(view));
    }
  }
  for (const catalog::ViewDefinition& view : dependents) {
    notices.push_back(Notice{.message = "drop cascades to view " + view.name});
    RETURN_IF_ERROR(DropViewDefinition(database, view));
  }
  return Status::Ok();
}

Status DropViewDefinition(Database& database, const catalog::ViewDefinition& view) {
  RETURN_IF_ERROR(database.catalog().views().Drop(view.view_id));
  if (!view.continuous) return Status::Ok();
  RETURN_IF_ERROR(
      database.policies().Remove(TablePolicies::Kind::kContinuousAggregate, view.view_id).status());
  return DropMaterialization(database, *view.continuous);
}

}  // namespace sundial::sql
