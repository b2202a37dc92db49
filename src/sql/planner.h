#pragma once

#include "exec/expression.h"
#include "exec/plan.h"
#include "sql/bound_query.h"
#include "ts/engine.h"
#include "ts/table_schema.h"

namespace sundial::sql {

// Builds the physical plan of a bound query:
//   Scan(needed columns, time range) | source -> Filter -> [Aggregate] ->
//   [Filter HAVING] -> Project -> [Distinct] -> [Sort, top-N with LIMIT] ->
//   [Limit] -> [Project dropping hidden sort columns]
exec::PlanPtr PlanQuery(const BoundQuery& query);

// The time range implied by the top-level AND conjuncts of `predicate` that
// compare the table's time column with constants of its type. The range is a
// pruning hint: the predicate stays in a filter.
ts::TimeRange ExtractTimeRange(const exec::Expr* predicate, const ts::TableSchema& table);

}  // namespace sundial::sql
