#pragma once

#include <memory>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "exec/group_hash_table.h"
#include "exec/plan.h"

namespace sundial::exec {

struct ExecContext;

// The answers of a statement's subqueries (ExprKind::kSubquery), each plan
// run once before the statement's operators run, like PostgreSQL's
// InitPlans and hashed SubPlans. A correlated subquery's rows are grouped
// by their correlation columns, so each outer row looks its answer up. A
// per-row subquery (Expr::per_row) instead runs for each outer row with
// that row's values, like a SubPlan with parameters.
// Filled by StartPlan, then only read; lookups reuse the tables' scratch
// space, so one statement's rows are evaluated by one thread at a time.
class SubqueryResults {
 public:
  struct Answer {
    // Correlation groups (a single group 0 when uncorrelated).
    std::unique_ptr<GroupHashTable> correlation;
    struct Group {
      uint64_t rows = 0;
      bool has_null = false;  // kIn: a NULL among the group's values
    };
    std::vector<Group> groups;
    // kScalar: row g is group g's value, the last row the value over no rows.
    ColumnVector scalars;
    // kIn: every (value, correlation values...) row.
    std::unique_ptr<GroupHashTable> values;
    // A per-row subquery: what each run starts from (the statement's
    // context, serial, without subquery answers).
    std::shared_ptr<const ExecContext> per_row_context;
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

// What each run of a per-row plan starts from: the statement's session,
// limits and uncommitted rows; one thread and no subquery answers yet.
std::shared_ptr<const ExecContext> PerRowContext(const ExecContext& context);

// x IN (subquery) over a batch, with SQL's NULL rules; NOT IN when negated.
Status EvaluateInSubquery(const Expr& expr, const DataChunk& input, const EvalContext& context,
                          ColumnVector& out);
// A scalar or EXISTS subquery's answer for every row of `input`.
Status EvaluateSubqueryValue(const Expr& expr, const DataChunk& input, const EvalContext& context,
                             ColumnVector& out);

}  // namespace sundial::exec
