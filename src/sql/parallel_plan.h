#pragma once

#include "exec/plan.h"

namespace sundial::sql {

// Puts a Gather over every chain of filters and projections above a table
// scan, so its morsels run on up to `workers` threads (exec::GatherPlan),
// and splits an aggregate directly above such a chain into a partial
// aggregate per morsel below the Gather and a final one above it. The
// Gather returns rows in the order one scan would, so the plan's answer is
// the serial plan's. Left serial: a chain right below a LIMIT (a few rows
// must not make the workers read ahead), newest-per-key scans (their
// pruning needs the whole table), and aggregates with DISTINCT, ORDER BY or
// WITHIN GROUP arguments (their partial states are every row).
exec::PlanPtr Parallelize(const exec::PlanPtr& plan, int workers);

}  // namespace sundial::sql
