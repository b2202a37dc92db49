#pragma once

#include "exec/plan.h"
#include "sql/logical_plan.h"

namespace sundial::sql {

// The operators for a logical plan as it stands: a Get becomes a Scan (with
// a Filter above for its remaining filters); a join's equalities between
// one expression of each side (of one type) become hash keys and the rest
// its residual condition, a nested loop when there is no equality; the
// other nodes map one to one.
exec::PlanPtr LowerToPhysical(const LogicalPtr& plan);

// What a statement runs: the rewrite rules (optimizer.h), LowerToPhysical,
// then Parallelize for the worker pool's threads.
exec::PlanPtr PlanPhysical(const LogicalPtr& plan);

}  // namespace sundial::sql
