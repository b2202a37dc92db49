#pragma once

#include "sql/logical_plan.h"

namespace sundial::sql {

// Runs the rewrite rules (rules/rules.h) in their fixed order: filters
// pushed down, filters turned into the store's time range and predicates,
// small join inputs moved to the build side, unread columns pruned, sorts
// under a LIMIT turned into top-N, newest-row-per-key reads marked.
LogicalPtr Optimize(LogicalPtr plan);

}  // namespace sundial::sql
