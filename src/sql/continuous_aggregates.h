#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "catalog/catalog.h"
#include "common/status.h"
#include "sql/ast.h"
#include "sql/session.h"
#include "sql/statement_context.h"

// TimescaleDB's continuous aggregates: a view over time_bucket(...) groups
// of one hypertable whose rows are kept in a materialization hypertable and
// recomputed, bucket range by bucket range, where the source changed.
// README "Continuous aggregates" has the design.

namespace sundial::sql {

class Database;

// CREATE MATERIALIZED VIEW ... WITH (timescaledb.continuous) AS SELECT ...
// [WITH [NO] DATA].
Result<StatementResult> ExecuteCreateContinuousAggregate(const ast::CreateViewStmt& create,
                                                         StatementContext& context);

// What a continuous aggregate in FROM reads: its materialized rows, and
// unless materialized_only the source's rows from the end of the last
// current bucket range on, aggregated as the definition says.
Result<std::unique_ptr<ast::SelectStmt>> ContinuousAggregateQuery(
    const catalog::ViewDefinition& view, const catalog::Catalog& catalog);

// Recomputes the buckets of [begin, end) (microseconds; INT64_MIN / MAX for
// an open end) that are not current, as refresh_continuous_aggregate does.
Status RefreshContinuousAggregate(const catalog::ViewDefinition& view, int64_t begin, int64_t end,
                                  StatementContext& context, std::vector<Notice>& notices);

// Drops a continuous aggregate's materialization table (DROP MATERIALIZED VIEW).
Status DropMaterialization(Database& database, const catalog::ContinuousAggregate& aggregate);

}  // namespace sundial::sql
