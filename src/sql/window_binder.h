#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "exec/expression.h"
#include "exec/plan.h"
#include "sql/ast.h"
#include "sql/bound_query.h"
#include "sql/expr_binder.h"
#include "sql/logical_plan.h"

namespace sundial::sql {

// Whether `name` is a function that exists only as a window function
// (row_number, rank, lag, ...), so a call without OVER is 42809.
bool IsWindowOnlyFunction(std::string_view name);

// Collects the window function calls of one SELECT (select list, ORDER BY,
// DISTINCT ON) while they are bound. Each call binds to a stand-in
// column; Finish turns the collected calls into window nodes and rewrites
// the projections to the layout those nodes produce. Identical calls are
// computed once; calls with the same PARTITION BY and ORDER BY share a node.
class WindowBinder final : public WindowCollector {
 public:
  // `definitions` (the WINDOW clause) must outlive the binder.
  WindowBinder(const std::vector<ast::WindowDef>& definitions, const exec::EvalContext& eval);

  // Checks the WINDOW clause (duplicate names, unknown references) as
  // PostgreSQL does even when no call uses a window.
  Status CheckDefinitions() const;

  Result<exec::ExprPtr> BindWindowCall(const ast::Expr& expr, ExprBinder& binder) override;

  bool empty() const { return calls_.empty(); }

  // Sets query.window_inputs and query.windows and rewrites
  // query.projections (bound with stand-ins) to the window layout.
  void Finish(BoundQuery& query);

 private:
  struct BoundCall {
    exec::WindowCall call;  // args, frame columns filled by Finish
    std::vector<exec::ExprPtr> args;
    std::vector<exec::ExprPtr> partition;
    std::vector<exec::SortKey> order;
    exec::ExprPtr range_key;  // RANGE with an offset
    exec::ExprPtr start_bound;
    exec::ExprPtr end_bound;
    int output = -1;  // final column, set by Finish
  };
  struct Spec {
    const std::vector<ast::ExprPtr>* partition = nullptr;
    const std::vector<ast::OrderItem>* order = nullptr;
    const ast::WindowFrame* frame = nullptr;
  };

  Result<Spec> ResolveSpec(const ast::WindowSpec& spec, int depth) const;
  Status BindFunction(const ast::Expr& expr, ExprBinder& binder, BoundCall& bound) const;
  Status BindFrame(const ast::WindowFrame& frame, BoundCall& bound) const;
  // A ROWS or GROUPS offset (`unit` names it in errors).
  Result<int64_t> RowsOffset(const ast::FrameBound& bound, bool start, const char* unit) const;
  Result<exec::ExprPtr> RangeBound(const ast::FrameBound& bound, bool start,
                                   const BoundCall& call) const;
  static bool SameCall(const BoundCall& a, const BoundCall& b);
  static bool SameWindow(const BoundCall& a, const BoundCall& b);

  const std::vector<ast::WindowDef>& definitions_;
  const exec::EvalContext& eval_;
  std::vector<BoundCall> calls_;
};

// The window nodes of `query` over `input` (which produces
// query.window_inputs), each over a sort by its partition and order keys.
LogicalPtr PlanWindows(LogicalPtr input, const BoundQuery& query);

}  // namespace sundial::sql
