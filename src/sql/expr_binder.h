#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "common/types.h"
#include "exec/aggregates/collecting_aggregate.h"
#include "exec/expression.h"
#include "exec/plan.h"
#include "sql/ast.h"
#include "sql/expr_util.h"

namespace sundial::sql {

// One column visible to expressions: column i of the input chunk.
struct ScopeColumn {
  std::string qualifier;  // table name or alias; empty for an unnamed subquery
  std::string name;
  DataType type;
  // One side of a JOIN ... USING column: found only through its qualifier,
  // because the unqualified name means the merged column.
  bool merged_away = false;
};

// A JOIN ... USING column: one unqualified name for both sides' columns
// (the left one, the right one for RIGHT JOIN, COALESCE of both for FULL).
struct MergedColumn {
  std::string name;
  exec::ExprPtr value;       // over the scope's columns
  bool merged_away = false;  // merged again by an enclosing USING
};

struct Scope {
  std::vector<ScopeColumn> columns;
  std::vector<MergedColumn> merged;
  // What an unqualified `*` lists, in order: i < columns.size() is column i,
  // larger values are merged column i - columns.size(). Empty: every column.
  std::vector<int> star_order;
};

// A subquery being bound to run once per outer row (PostgreSQL's SubPlan
// with parameters), the fallback for correlations the binder cannot turn
// into joins or grouped lookups: a reference to the enclosing query's row
// becomes an exec::ExprKind::kOuterParam slot.
struct PerRowOuter {
  size_t depth = 0;  // the enclosing query's scope in the outer scope stack
  // Slot i's value: a kOuterColumnRef expression over the enclosing scope.
  std::vector<exec::ExprPtr> values;
};

// A subquery inside an expression, bound by the SELECT binder that owns the
// expression binder.
struct BoundSubquery {
  exec::PlanPtr plan;
  std::vector<DataType> types;  // the subquery's own output columns
  // A correlated subquery's outer side of each correlation equality, over
  // the outer scope as kOuterColumnRef columns; the plan has one more
  // output column per entry (see exec::ExprKind::kSubquery).
  std::vector<exec::ExprPtr> correlation;
  exec::PlanPtr empty_result;  // a scalar subquery's value over no rows
  // See BoundQuery::outer_guards.
  std::vector<exec::ExprPtr> outer_guards;
  // Runs once per outer row; `correlation` holds its kOuterParam values.
  bool per_row = false;
};
class SubqueryBinder {
 public:
  virtual ~SubqueryBinder() = default;
  // `outer` is the scope of the query whose expression holds the subquery.
  // A correlated subquery is decorrelated where it can be, else bound to run
  // per outer row; `per_row` asks for the latter whenever it is correlated.
  virtual Result<BoundSubquery> BindSubquery(const ast::SelectStmt& select, const Scope& outer,
                                             bool per_row) = 0;
};

// Aggregation state shared by the clauses of one grouped query: the GROUP BY
// keys (input layout) and the aggregate calls found so far. A bound grouped
// expression refers to key k as column k and to aggregate i as column
// keys.size() + i.
struct Grouping {
  std::vector<exec::ExprPtr> keys;
  std::vector<exec::AggregateCall> aggregates;
};

class ExprBinder;

// Binds calls with an OVER clause for the clauses that allow window
// functions (the select list, ORDER BY, DISTINCT ON); see window_binder.h.
class WindowCollector {
 public:
  virtual ~WindowCollector() = default;
  // `binder` binds the call's arguments and window clauses in the clause's
  // layout; the result stands for the window function's value.
  virtual Result<exec::ExprPtr> BindWindowCall(const ast::Expr& expr, ExprBinder& binder) = 0;
};

// Turns AST expressions into typed exec expressions over a scope, applying
// PostgreSQL's rules for untyped literals, implicit casts and function
// resolution, and folding constant subexpressions. Expressions nested deeper
// than kMaxNestingDepth are refused with 54001.
class ExprBinder {
 public:
  // `clause` names the clause in error messages ("WHERE", "HAVING", ...).
  ExprBinder(const Scope& scope, const exec::EvalContext& eval, std::string clause);

  // With a grouping set, aggregates become references to grouped columns and
  // every column reference must be (part of) a group key.
  void set_grouping(Grouping* grouping) { grouping_ = grouping; }
  // Without one, window functions are 42P20 ("not allowed in WHERE").
  void set_windows(WindowCollector* windows) { windows_ = windows; }
  // Without one, subqueries in expressions are 0A000.
  void set_subqueries(SubqueryBinder* subqueries) { subqueries_ = subqueries; }
  // Scopes of enclosing queries, innermost last: a name found only there is
  // a correlated reference rather than an unknown column. It binds to a
  // kOuterColumnRef where outer references are allowed (a subquery's WHERE,
  // the innermost enclosing query only), else it is 0A000.
  void set_outer_scopes(const std::vector<const Scope*>* outer) { outer_scopes_ = outer; }
  void set_allow_outer_references(bool allow) { allow_outer_references_ = allow; }
  // Subqueries being bound per outer row, innermost last.
  void set_per_row_outers(std::vector<PerRowOuter>* outers) { per_row_outers_ = outers; }

  Result<exec::ExprPtr> Bind(const ast::Expr& expr);
  // Binds a condition (WHERE, HAVING): boolean or an untyped literal.
  Result<exec::ExprPtr> BindCondition(const ast::Expr& expr);
  // Column `index` of the scope (merged column index - columns.size() when
  // larger), checked against the grouping like a column reference written in
  // the query.
  Result<exec::ExprPtr> BindScopeColumn(int index, int position);

  // A constant relation name where PostgreSQL declares a regclass parameter
  // becomes the relation's OID (42P01 when there is none); other arguments
  // are returned as they are.
  Result<exec::ExprPtr> RelationArgument(exec::ExprPtr arg, int position) const;

 private:
  // Bind's work for one nesting level; Bind itself counts the levels.
  Result<exec::ExprPtr> BindLevel(const ast::Expr& expr);
  Result<exec::ExprPtr> BindUngrouped(const ast::Expr& expr);
  Result<exec::ExprPtr> BindNode(const ast::Expr& expr);
  Result<exec::ExprPtr> BindColumnRef(const ast::Expr& expr);
  Result<int> ResolveColumn(const ast::Expr& expr) const;
  Result<exec::ExprPtr> BindLiteral(const ast::Expr& expr);
  Result<exec::ExprPtr> BindParameter(const ast::Expr& expr);
  Result<exec::ExprPtr> BindFunction(const ast::Expr& expr);
  Result<exec::ExprPtr> BindAggregate(const ast::Expr& expr);
  // The call of a plain aggregate, wrapped in a collecting one for DISTINCT
  // or ORDER BY; and of an ordered-set aggregate. Without the FILTER.
  Result<exec::AggregateCall> BindAggregateCall(const ast::Expr& expr);
  Result<exec::AggregateCall> BindOrderedSetCall(const ast::Expr& expr, exec::OrderedSetKind kind);
  Result<exec::ExprPtr> BindWindowCall(const ast::Expr& expr);
  Result<exec::ExprPtr> BindOperator(const std::string& op, std::vector<exec::ExprPtr> args,
                                     int position);
  Result<exec::ExprPtr> BindUnary(const ast::Expr& expr);
  Result<exec::ExprPtr> BindCast(const ast::Expr& expr);
  Result<exec::ExprPtr> BindRegclass(const ast::Expr& expr);
  Result<exec::ExprPtr> BindRegtype(const ast::Expr& expr);
  Result<exec::ExprPtr> BindRegOutput(const ast::Expr& expr, const char* output_function);
  Result<exec::ExprPtr> BindInList(const ast::Expr& expr);
  Result<exec::ExprPtr> BindCase(const ast::Expr& expr);
  Result<exec::ExprPtr> BindBool(const ast::Expr& expr);
  Result<exec::ExprPtr> BindSubqueryExpr(const ast::Expr& expr);
  Result<exec::ExprPtr> BindArray(const ast::Expr& expr, std::optional<DataType> target);
  // `probe op ANY|ALL (array)`: `quantifier` is "any" or "all".
  Result<exec::ExprPtr> BindQuantified(const ast::Expr& expr, const std::string& quantifier);
  // The column `expr` names in an enclosing query, as kOuterColumnRefs;
  // nullptr when no enclosing query has it.
  Result<exec::ExprPtr> BindOuterColumn(const ast::Expr& expr);
  exec::ExprPtr PerRowParam(int index, const Scope& outer);
  // A correlation value (kOuterColumnRefs over this binder's scope) as an
  // expression of this clause.
  Result<exec::ExprPtr> BindOuterValue(const exec::ExprPtr& outer, int position);
  Result<exec::ExprPtr> BindBetween(const ast::Expr& expr);
  Result<exec::ExprPtr> BindIsDistinct(const ast::Expr& expr);
  Result<exec::ExprPtr> Fold(exec::ExprPtr expr, int position) const;

  const Scope& scope_;
  const exec::EvalContext& eval_;
  std::string clause_;
  Grouping* grouping_ = nullptr;
  bool inside_aggregate_ = false;
  WindowCollector* windows_ = nullptr;
  bool inside_window_ = false;
  SubqueryBinder* subqueries_ = nullptr;
  const std::vector<const Scope*>* outer_scopes_ = nullptr;
  bool allow_outer_references_ = false;
  std::vector<PerRowOuter>* per_row_outers_ = nullptr;
  // Levels of Bind now open; at most kMaxNestingDepth, which also bounds the
  // depth of the exec expressions this binder builds.
  int depth_ = 0;
  // Above zero while binding a CASE branch that constant conditions rule out:
  // Fold then leaves failing constant expressions unevaluated.
  int unreachable_branches_ = 0;
  // Grouped binding tries each subexpression ungrouped to match it against
  // the keys; remembering those bindings (by AST node) keeps that linear in
  // the expression's size instead of quadratic. Set while binding ungrouped.
  bool memoize_ungrouped_ = false;
  std::unordered_map<const ast::Expr*, exec::ExprPtr> ungrouped_;
};

// Converts `expr` to `target` the way an implicit (or assignment) cast does:
// untyped literals are read by the type's input function (errors carry
// `position`), other values are cast, constants are folded.
Result<exec::ExprPtr> CoerceTo(exec::ExprPtr expr, DataType target, const exec::EvalContext& eval,
                               int position);

// CoerceTo for `bound`, the binding of `source`. Decimal literals are
// numeric constants, so their casts to integers round half away from zero
// (2.5::int is 3) through the numeric cast itself.
Result<exec::ExprPtr> CoerceExprTo(const ast::Expr& source, exec::ExprPtr bound, DataType target,
                                   const exec::EvalContext& eval, int position);

// The type an untyped value of this expression becomes when nothing else
// decides (text for string literals).
exec::ExprPtr ResolveUnknown(exec::ExprPtr expr);

// A written type name: json/uuid/... give kFeatureNotSupported, unknown
// names kUndefinedObject; numeric(p, s) checks PostgreSQL's bounds.
Result<DataType> ResolveTypeName(const ast::TypeName& type);
// The type of the target of a cast, which also accepts oid and name.
Result<DataType> ResolveCastTypeName(const ast::TypeName& type);

// The output column name PostgreSQL gives a select-list expression.
std::string FigureColumnName(const ast::Expr& expr);

// Whether `expr` calls an aggregate outside any OVER clause's own call
// (sum(x) OVER () is a window function; sum(sum(x)) OVER () aggregates).
bool ContainsAggregate(const ast::Expr& expr);
bool ContainsWindowCall(const ast::Expr& expr);

// Structural equality of bound expressions (for GROUP BY / ORDER BY matching).
bool ExprEquals(const exec::Expr& a, const exec::Expr& b);

// `expr` with its column references turned into kOuterColumnRefs.
exec::ExprPtr MarkOuter(const exec::ExprPtr& expr);
bool ContainsOuterReference(const exec::Expr& expr);
// `expr` with its kOuterColumnRefs turned back into column references (of
// the enclosing scope they name).
exec::ExprPtr UnmarkOuter(const exec::ExprPtr& expr);

// The type a list of inputs converts to implicitly, PostgreSQL style (CASE,
// IN, VALUES, set operations): the first typed input decides unless a later
// one is implicitly reachable from it; untyped inputs alone give text.
// `what` names the construct in the 42804 error ("UNION").
Result<DataType> CommonTypeOf(const std::vector<exec::ExprPtr>& exprs, const std::string& what,
                              int position);

// The name of a type as PostgreSQL's internal type names spell it ("int4").
std::string InternalTypeName(DataType type);

}  // namespace sundial::sql
