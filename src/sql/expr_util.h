#pragma once

#include <set>
#include <vector>

#include "exec/expression.h"

namespace sundial::sql {

// Appends the top-level AND terms of `expr` to `out`.
void SplitConjuncts(const exec::ExprPtr& expr, std::vector<exec::ExprPtr>& out);
// The AND of `conjuncts`; nullptr for none, the term itself for one.
exec::ExprPtr Conjunction(std::vector<exec::ExprPtr> conjuncts);
// The columns `expr` references.
void CollectColumns(const exec::Expr& expr, std::set<int>& out);
// `expr` with every column reference i replaced by mapping[i] (which must
// not be -1).
exec::ExprPtr RemapColumns(const exec::ExprPtr& expr, const std::vector<int>& mapping);
// `expr` with every column reference i replaced by columns[i].
exec::ExprPtr SubstituteColumns(const exec::ExprPtr& expr,
                                const std::vector<exec::ExprPtr>& columns);
// `expr` with every column reference moved by `by`.
exec::ExprPtr ShiftColumns(const exec::ExprPtr& expr, int by);

}  // namespace sundial::sql
