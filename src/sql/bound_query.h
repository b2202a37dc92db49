#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "exec/plan.h"
#include "sql/logical_plan.h"
#include "sql/session.h"
#include "ts/table_schema.h"

namespace sundial::sql {

// A FROM clause with joins, after binding. A node's columns are numbered
// from 0: a table's columns in table order, a plan's output columns, or a
// join's left columns followed by its right columns.
struct BoundFrom {
  enum class Kind { kTable, kPlan, kJoin } kind = Kind::kPlan;
  std::optional<ts::TableSchema> table;  // kTable
  LogicalPtr plan;                       // kPlan: subquery, CTE, VALUES
  // kJoin
  exec::JoinType join_type = exec::JoinType::kInner;
  std::shared_ptr<const BoundFrom> left;
  std::shared_ptr<const BoundFrom> right;
  exec::ExprPtr condition;  // ON / USING; may be null (CROSS JOIN, comma)
  size_t width = 0;         // number of columns
};

// A SELECT after name resolution and typing, before planning. Expressions
// refer to columns of one of three layouts:
//   input      the FROM source: all columns of `table`, or `source`'s output
//   grouped    group keys then aggregate results (when `aggregated`)
//   projected  `projections` (the visible ones first, then hidden sort keys)
struct BoundQuery {
  // Exactly one of table / source / from is set.
  std::optional<ts::TableSchema> table;
  LogicalPtr source;
  std::shared_ptr<const BoundFrom> from;  // joins

  exec::ExprPtr where;  // input layout; may be null

  bool aggregated = false;
  std::vector<exec::ExprPtr> group_keys;        // input layout
  std::vector<exec::AggregateCall> aggregates;  // arguments in input layout
  exec::ExprPtr having;                         // grouped layout; may be null
  // time_bucket_gapfill: the gapfill node above the aggregate (and HAVING),
  // without input or output types (the planner adds them); its fill
  // columns follow the grouped layout, and the projections read them there.
  std::shared_ptr<const exec::GapfillPlan> gapfill;

  // Window functions run after HAVING over `window_inputs` (grouped layout
  // when aggregated, else input layout). Each window node (children and
  // output types left to the planner) appends its calls' columns, and the
  // projections then refer to that layout: inputs, then each node's calls.
  std::vector<exec::ExprPtr> window_inputs;
  std::vector<std::shared_ptr<const exec::WindowPlan>> windows;

  // The window layout when there are windows, else the grouped layout when
  // aggregated, else the input layout.
  std::vector<exec::ExprPtr> projections;
  size_t visible_count = 0;
  std::vector<ResultColumn> columns;  // one per visible projection

  bool distinct = false;
  std::vector<int> distinct_on;      // projection indices
  std::vector<exec::SortKey> order;  // projected layout
  // The order only picks the row DISTINCT ON keeps; the result's order does
  // not matter (a decorrelated `ORDER BY ... LIMIT 1`).
  bool order_only_picks_rows = false;
  std::optional<uint64_t> limit;
  uint64_t offset = 0;

  // A subquery whose WHERE equated its own expressions with columns of the
  // enclosing query, decorrelated: those terms left WHERE, the inner sides
  // became extra output columns after the visible ones (and group keys when
  // aggregated), and `correlation` holds the outer sides (kOuterColumnRef
  // over the enclosing scope). `empty_result` is the query's one-row answer
  // over no rows when it aggregates without GROUP BY (count(*) is 0).
  std::vector<exec::ExprPtr> correlation;
  exec::PlanPtr empty_result;
  // WHERE terms of a subquery that read only the enclosing query's columns
  // (kOuterColumnRef), taken out of it: for an outer row where one is not
  // true the subquery has no rows, and its answer is the one over no rows.
  std::vector<exec::ExprPtr> outer_guards;
};

}  // namespace sundial::sql
