#pragma once

#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/status.h"
#include "sql/ast.h"
#include "sql/session.h"
#include "sql/statement_context.h"

namespace sundial::sql {

class Database;

// The query a view in FROM stands for: its definition, or for a continuous
// aggregate the read of its materialized rows (continuous_aggregates.h).
Result<std::unique_ptr<ast::SelectStmt>> ViewQuery(const catalog::ViewDefinition& view,
                                                   const catalog::Catalog& catalog);

// CREATE [MATERIALIZED] VIEW's query bound: its output columns, named by
// the column list where it names them (42601 when it names too many, 42701
// for a name used twice), and the relations it reads.
struct BoundViewQuery {
  std::vector<ResultColumn> columns;
  std::vector<uint32_t> referenced_oids;
};
Result<BoundViewQuery> BindViewDefinition(const ast::CreateViewStmt& create,
                                          StatementContext& context);

// Parses a SELECT kept as text (a view's definition).
Result<std::unique_ptr<ast::SelectStmt>> ParseStoredSelect(const std::string& text);

// Before `relations` (OIDs of tables or views) are dropped: without
// `cascade`, 2BP01 naming the first view that reads one of them; with it,
// drops every view that reads them, directly or through other views, with
// a NOTICE for each, as PostgreSQL's DROP ... CASCADE does. `what` names
// the first relation for the error ("table cpu").
Status DropDependentViews(Database& database, const std::vector<uint32_t>& relations, bool cascade,
                          const std::string& what, std::vector<Notice>& notices);

// Removes a view; a continuous aggregate also loses its materialized rows
// and its refresh policy.
Status DropViewDefinition(Database& database, const catalog::ViewDefinition& view);

}  // namespace sundial::sql
