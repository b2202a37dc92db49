#pragma once

#include <memory>
#include <unordered_map>

#include "common/status.h"
#include "common/value.h"
#include "exec/group_hash_table.h"
#include "exec/plan.h"

namespace sundial::exec {

struct ExecContext;

// The answers of a statement's uncorrelated subqueries (ExprKind::kSubquery),
// each computed once before the statement's operators run, like PostgreSQL's
// InitPlans and hashed SubPlans. Filled by StartPlan, then only read.
class SubqueryResults {
 public:
  struct Answer {
    bool has_rows = false;
    Value scalar;  // kScalar: the single row's value (NULL without rows)
    // kIn: every value of the subquery's column; `has_null` when one is NULL.
    // Lookups reuse the table's scratch space, so one statement's rows are
    // evaluated by one thread at a time.
    std::unique_ptr<GroupHashTable> values;
    bool has_null = false;
  };

  // Computes the answers of every subquery in `plan`'s expressions (and in
  // theirs, innermost first) that is not answered yet.
  Status Compute(const PlanNode& plan, ExecContext& context);

  // nullptr when `subquery` was not computed.
  const Answer* Find(const PlanNode* subquery) const;

 private:
  Status ComputeOne(const Expr& expr, ExecContext& context);

  std::unordered_map<const PlanNode*, Answer> answers_;
};

// x IN (subquery) over a batch, with SQL's NULL rules; NOT IN when negated.
Status EvaluateInSubquery(const Expr& expr, const DataChunk& input, const EvalContext& context,
                          ColumnVector& out);
// A scalar or EXISTS subquery's answer as a constant vector of n rows.
Status EvaluateSubqueryValue(const Expr& expr, size_t n, const EvalContext& context,
                             ColumnVector& out);

}  // namespace sundial::exec
