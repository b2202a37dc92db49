#pragma once

#include "sql/logical_plan.h"

// Rewrite rules over the logical plan, one per file. Each takes a plan and
// returns an equivalent one (same rows, same output columns); none changes
// a node in place, because subtrees may be shared.
namespace sundial::sql {

// filter_pushdown.cpp: every filter conjunct moves as deep as it stays
// correct: through projections (column references replaced by what they
// project), sorts, DISTINCT (terms over its keys), aggregates (terms over
// group keys only), windows (terms over partition columns), set operations
// (into both inputs), into inner joins' conditions and into the join input
// it reads unless the join pads that input with NULLs; ON terms over one
// input filter that input when the join never preserves it. What reaches a
// table becomes its Get's filters.
LogicalPtr PushDownFilters(LogicalPtr plan);

// scan_predicates.cpp: a Get's filters of the form `column <op> constant`
// or `column IN (constants)` become store predicates (evaluated exactly,
// with block pruning) and comparisons of the time column with constants
// narrow its time range (partition pruning).
LogicalPtr PushFiltersIntoScans(LogicalPtr plan);

// join_order.cpp: a join whose left (probe) input is estimated much smaller
// than its right (build, held in memory) input swaps them, so a small
// dimension table is the hash table and the fact table streams.
LogicalPtr OrderJoinInputs(LogicalPtr plan);

// column_pruning.cpp: every node produces only the columns something above
// reads; Gets read only those table columns.
LogicalPtr PruneColumns(LogicalPtr plan);

// top_n.cpp: a LIMIT directly over a sort tells the sort it needs only the
// first limit + offset rows.
LogicalPtr PlanTopN(LogicalPtr plan);

// newest_per_key.cpp: DISTINCT ON (tag) ... ORDER BY tag, time DESC over a
// whole hypertable lets the store skip all but the newest rows per tag.
LogicalPtr MarkNewestPerKey(LogicalPtr plan);

}  // namespace sundial::sql
