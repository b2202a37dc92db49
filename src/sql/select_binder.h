#pragma once

#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "common/status.h"
#include "exec/expression.h"
#include "exec/plan.h"
#include "sql/ast.h"
#include "sql/bound_query.h"
#include "sql/expr_binder.h"
#include "sql/session.h"

namespace sundial::sql {

// A bound query usable as a FROM item (subquery, CTE) or as a statement's
// result.
struct BoundRelation {
  LogicalPtr plan;
  std::vector<ResultColumn> columns;
  // A decorrelated subquery: see BoundQuery.
  std::vector<exec::ExprPtr> correlation;
  exec::PlanPtr empty_result;
  std::vector<exec::ExprPtr> outer_guards;
};

// Resolves a SELECT against the catalog: FROM items (tables, subqueries,
// CTEs, joins), set operations, the select list, WHERE, GROUP BY, HAVING,
// ORDER BY, DISTINCT [ON], LIMIT/OFFSET, and uncorrelated subqueries in
// expressions.
class SelectBinder : public SubqueryBinder {
 public:
  SelectBinder(const catalog::Catalog& catalog, const exec::EvalContext& eval);

  Result<BoundQuery> Bind(const ast::SelectStmt& select);
  // Bind + plan.
  Result<BoundRelation> BindRelation(const ast::SelectStmt& select);
  // The relations (tables and views, by OID) named in FROM so far, each
  // once, in order of appearance: what a view defined by the query depends on.
  const std::vector<uint32_t>& referenced_oids() const { return referenced_oids_; }

  Result<BoundSubquery> BindSubquery(const ast::SelectStmt& select, const Scope& outer,
                                     bool per_row) override;
  // FROM items outside a SELECT (UPDATE ... FROM, DELETE ... USING): their
  // rows, joined as a FROM list joins them; `scope` receives their columns.
  Result<LogicalPtr> BindFromItems(const std::vector<ast::TableRefPtr>& items, Scope& scope);

 private:
  struct Target {
    const ast::Expr* expr = nullptr;  // null for a column expanded from *
    int scope_column = -1;
    std::string name;
    int position = 0;
  };

  // A FROM item that may refer to the items before it, bound against
  // their scope. It refers to them when `parameters` (run per left row),
  // `correlation` or `guards` (decorrelated) are not empty.
  struct LateralItem {
    std::shared_ptr<BoundFrom> from;  // kPlan: the item's rows
    size_t own_columns = 0;           // the plan's visible columns
    bool per_row = false;
    // kOuterColumnRefs over the left scope: the values of the plan's
    // kOuterParam slots, or the outer sides of correlation equalities
    // (whose inner sides are the plan's columns after its own ones).
    std::vector<exec::ExprPtr> parameters;
    std::vector<exec::ExprPtr> correlation;
    std::vector<exec::ExprPtr> guards;
    bool RefersToLeft() const {
      return !parameters.empty() || !correlation.empty() || !guards.empty();
    }
  };

  // A correlated subquery bound to run once per outer row.
  Result<BoundSubquery> BindPerRow(const ast::SelectStmt& select, const Scope& outer);
  // A bound subquery as an expression uses it: correlations became grouped
  // lookups (or there are none).
  BoundSubquery Decorrelated(const BoundRelation& relation);
  Status BindFrom(const ast::SelectStmt& select, BoundQuery& query, Scope& scope);
  Result<std::shared_ptr<BoundFrom>> BindFromList(const std::vector<ast::TableRefPtr>& items,
                                                  Scope& scope);
  // A WHERE term `[NOT] EXISTS (...)` or `x IN (...)` whose subquery filters
  // its FROM by a condition on the outer row: joins the query's FROM with
  // the subquery's as a semi (anti) join on that condition and returns
  // true. False when the term stays an expression (uncorrelated, or a
  // subquery that computes something).
  Result<bool> BindSemiJoin(const ast::Expr& term, BoundQuery& query, const Scope& scope);
  // `left = right` resolved like an equality written in the query.
  Result<exec::ExprPtr> BindEquality(exec::ExprPtr left, exec::ExprPtr right, int position);
  Result<std::shared_ptr<BoundFrom>> BindFromItem(const ast::TableRef& ref, Scope& scope);
  Result<std::shared_ptr<BoundFrom>> BindJoin(const ast::TableRef& ref, Scope& scope);
  // A LATERAL subquery or a function in FROM, which may refer to
  // `left_scope`; `scope` receives the item's own columns.
  Result<LateralItem> BindLateralItem(const ast::TableRef& ref, const Scope& left_scope,
                                      Scope& scope);
  Result<LateralItem> BindLateralSubquery(const ast::TableRef& ref, Scope& scope);
  // `a [LEFT] JOIN item ON ...` where the item refers to `a`.
  Result<std::shared_ptr<BoundFrom>> BindLateralJoin(const ast::TableRef& ref,
                                                     std::shared_ptr<const BoundFrom> left,
                                                     const Scope& left_scope,
                                                     const LateralItem& item,
                                                     const Scope& item_scope, Scope& scope);
  // `left` joined with an item that refers to it: a join on the
  // correlation equalities, or a lateral join that runs the item per left
  // row. `condition` (ON, over the left columns then the item's own) may
  // be null.
  Result<std::shared_ptr<BoundFrom>> JoinLateral(std::shared_ptr<const BoundFrom> left,
                                                 const LateralItem& item, exec::JoinType type,
                                                 exec::ExprPtr condition, int position);
  // generate_series(...) and unnest(array) in FROM.
  Result<LogicalPtr> BindTableFunction(const ast::Expr& call);
  Result<LogicalPtr> BindUnnest(const ast::Expr& call);
  Status BindUsing(const ast::TableRef& ref, const std::vector<std::string>& names,
                   const Scope& left, const Scope& right, Scope& scope, BoundFrom& join);
  Result<BoundRelation> BindSetOperation(const ast::SelectStmt& select);
  // An expression binder for a clause of this query, with subqueries enabled.
  ExprBinder ClauseBinder(const Scope& scope, std::string clause);
  Status BindValues(const ast::SelectStmt& select, BoundQuery& query, Scope& scope);
  Result<std::vector<Target>> ExpandTargets(const ast::SelectStmt& select, const Scope& scope);
  Result<exec::ExprPtr> BindTarget(ExprBinder& binder, const Target& target);
  // Resolves an ORDER BY / DISTINCT ON item to a projection index, adding a
  // hidden projection when it is not in the select list.
  Result<int> ResolveSortItem(const ast::Expr& item, ExprBinder& binder,
                              const std::vector<Target>& targets, BoundQuery& query,
                              const char* clause);
  Result<std::optional<uint64_t>> BindCount(const ast::Expr* expr, const char* clause);
  // A view in FROM: its query bound as a subquery that sees nothing of the
  // query it is used in. A continuous aggregate reads its materialized rows.
  Result<BoundRelation> BindView(const catalog::ViewDefinition& view, int position);

  const catalog::Catalog& catalog_;
  const exec::EvalContext& eval_;
  // CTEs visible at the current nesting level, innermost last.
  std::vector<std::pair<std::string, BoundRelation>> ctes_;
  // Set while binding an operand of a set operation: its select list keeps
  // untyped literals untyped, so the set operation's common type decides
  // (SELECT 1 UNION SELECT NULL is integer). Read and cleared by Bind.
  bool keep_unknown_outputs_ = false;
  // Set while binding a set operation's operand: its WHERE may not refer to
  // an enclosing query (the operands of one set operation must keep their
  // widths). Read and cleared by Bind.
  bool correlation_blocked_ = false;
  // Scopes of the queries enclosing the subquery being bound, innermost last.
  std::vector<const Scope*> outer_scopes_;
  // Subqueries being bound to run per outer row, innermost last.
  std::vector<PerRowOuter> per_row_outers_;
  // Views being expanded, outermost first: one met again reads itself.
  std::vector<std::string> expanding_views_;
  std::vector<uint32_t> referenced_oids_;
};

}  // namespace sundial::sql
