#pragma once

#include "exec/expression.h"
#include "exec/plan.h"
#include "sql/bound_query.h"
#include "ts/engine.h"
#include "ts/table_schema.h"

namespace sundial::sql {

// Builds the physical plan of a bound query:
//   Scan(needed columns, time range) | source -> Filter -> [Aggregate] ->
//   [Filter HAVING] -> [Sort -> Gapfill] -> Project -> [Distinct] -> [Sort, top-N with LIMIT] ->
//   [Limit] -> [Project dropping hidden sort columns]
// Top-level WHERE conjuncts of the form `column <op> constant` and
// `column IN (constants)` (op one of = < <= > >=; text only = and IN; the
// constant of the column's type) move into the scan's predicates, which the
// store applies exactly; the rest stay in the Filter. DISTINCT ON (tag) ...
// ORDER BY tag, time DESC over a whole hypertable asks the scan for only the
// newest rows per tag (ScanSpec::latest_per_column).
exec::PlanPtr PlanQuery(const BoundQuery& query);

// Moves the top-level conjuncts of `where` the store can evaluate exactly
// into `predicates`; returns the rest (nullptr when nothing is left).
exec::ExprPtr PushDownPredicates(const exec::ExprPtr& where, const ts::TableSchema& table,
                                 std::vector<ts::ScanPredicate>& predicates);

// The time range implied by the top-level AND conjuncts of `predicate` that
// compare the table's time column with constants of its type. The range is a
// pruning hint: the predicate stays in a filter.
ts::TimeRange ExtractTimeRange(const exec::Expr* predicate, const ts::TableSchema& table);

}  // namespace sundial::sql
