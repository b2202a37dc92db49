#pragma once

#include <set>
#include <vector>

#include "exec/expression.h"
#include "exec/plan.h"
#include "sql/bound_query.h"

namespace sundial::sql {

// A FROM clause with joins, planned.
struct PlannedFrom {
  exec::PlanPtr plan;
  // FROM column -> the plan's output column, -1 for columns nobody needs.
  std::vector<int> mapping;
};

// Plans a join tree. `conjuncts` are the WHERE clause's top-level AND terms
// over the FROM columns: each is applied as deep as the join types allow
// (into a table scan's time range and store predicates where it names one
// table, as a join key where it equates the two sides of an inner join, else
// as a filter). `needed` are the FROM columns the rest of the query reads;
// the plan produces only those (and the ones its own conditions read).
PlannedFrom PlanFrom(const BoundFrom& from, std::vector<exec::ExprPtr> conjuncts,
                     const std::set<int>& needed);

// Appends the top-level AND terms of `expr` to `out`.
void SplitConjuncts(const exec::ExprPtr& expr, std::vector<exec::ExprPtr>& out);
// The columns `expr` references.
void CollectColumns(const exec::Expr& expr, std::set<int>& out);
// `expr` with every column reference i replaced by mapping[i] (which must
// not be -1).
exec::ExprPtr RemapColumns(const exec::ExprPtr& expr, const std::vector<int>& mapping);

}  // namespace sundial::sql
