#pragma once

#include "sql/bound_query.h"
#include "sql/logical_plan.h"

namespace sundial::sql {

// The logical plan of a bound query, clause by clause as SQL defines it:
//   Get(every column) | FROM joins | source -> Filter WHERE -> [Aggregate]
//   -> [Filter HAVING] -> [Sort -> Gapfill] -> Project -> [Sort + Window ...; Project] ->
//   [Distinct] -> [Sort] -> [Limit] -> [Project dropping hidden sort columns]
// Nothing is pushed down or pruned here; that is the rules' work.
LogicalPtr BuildLogical(const BoundQuery& query);

// The rows of a bound FROM clause: its tables read whole, joined as bound.
LogicalPtr BuildFrom(const BoundFrom& from);

}  // namespace sundial::sql
