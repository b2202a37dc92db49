#pragma once

#include "common/status.h"
#include "exec/expression.h"
#include "exec/plan.h"
#include "sql/bound_query.h"
#include "sql/logical_plan.h"

namespace sundial::sql {

// Turns an aggregated query grouped by time_bucket_gapfill(width, ts [,
// start, finish]) into one with a gapfill node (BoundQuery::gapfill):
// checks the call as TimescaleDB does (22023 for a missing or non-constant
// width, start or finish; start and finish taken from WHERE's conjuncts
// `ts >= / > / < / <= constant` when not given, 22023 when they cannot be),
// aligns start to its bucket, and moves top-level locf()/interpolate() calls
// of the select list (or of the window inputs) into the node's fill columns (0A000 when nested or
// several per column). Queries without time_bucket_gapfill are unchanged.
Status BindGapfill(BoundQuery& query, const exec::EvalContext& eval);

// The gapfill node over `input` (the aggregate's output): a sort by the
// series keys and the time bucket, then the node.
LogicalPtr PlanGapfill(LogicalPtr input, const exec::GapfillPlan& gapfill);

}  // namespace sundial::sql
