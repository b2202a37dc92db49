#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "common/types.h"
#include "exec/expression.h"
#include "exec/plan.h"
#include "sql/ast.h"

namespace sundial::sql {

// One column visible to expressions: column i of the input chunk.
struct ScopeColumn {
  std::string qualifier;  // table name or alias; empty for an unnamed subquery
  std::string name;
  DataType type;
};

struct Scope {
  std::vector<ScopeColumn> columns;
};

// Aggregation state shared by the clauses of one grouped query: the GROUP BY
// keys (input layout) and the aggregate calls found so far. A bound grouped
// expression refers to key k as column k and to aggregate i as column
// keys.size() + i.
struct Grouping {
  std::vector<exec::ExprPtr> keys;
  std::vector<exec::AggregateCall> aggregates;
};

// Turns AST expressions into typed exec expressions over a scope, applying
// PostgreSQL's rules for untyped literals, implicit casts and function
// resolution, and folding constant subexpressions.
class ExprBinder {
 public:
  // `clause` names the clause in error messages ("WHERE", "HAVING", ...).
  ExprBinder(const Scope& scope, const exec::EvalContext& eval, std::string clause);

  // With a grouping set, aggregates become references to grouped columns and
  // every column reference must be (part of) a group key.
  void set_grouping(Grouping* grouping) { grouping_ = grouping; }

  Result<exec::ExprPtr> Bind(const ast::Expr& expr);
  // Binds a condition (WHERE, HAVING): boolean or an untyped literal.
  Result<exec::ExprPtr> BindCondition(const ast::Expr& expr);
  // Column `index` of the scope, checked against the grouping like a column
  // reference written in the query.
  Result<exec::ExprPtr> BindScopeColumn(int index, int position);

 private:
  Result<exec::ExprPtr> BindUngrouped(const ast::Expr& expr);
  Result<exec::ExprPtr> BindNode(const ast::Expr& expr);
  Result<exec::ExprPtr> BindColumnRef(const ast::Expr& expr);
  Result<int> ResolveColumn(const ast::Expr& expr) const;
  Result<exec::ExprPtr> BindLiteral(const ast::Expr& expr);
  Result<exec::ExprPtr> BindFunction(const ast::Expr& expr);
  Result<exec::ExprPtr> BindAggregate(const ast::Expr& expr);
  Result<exec::ExprPtr> BindOperator(const std::string& op, std::vector<exec::ExprPtr> args,
                                     int position);
  Result<exec::ExprPtr> BindUnary(const ast::Expr& expr);
  Result<exec::ExprPtr> BindCast(const ast::Expr& expr);
  Result<exec::ExprPtr> BindInList(const ast::Expr& expr);
  Result<exec::ExprPtr> BindCase(const ast::Expr& expr);
  Result<exec::ExprPtr> BindBool(const ast::Expr& expr);
  Result<exec::ExprPtr> BindBetween(const ast::Expr& expr);
  Result<exec::ExprPtr> BindIsDistinct(const ast::Expr& expr);
  Result<exec::ExprPtr> Fold(exec::ExprPtr expr, int position) const;

  const Scope& scope_;
  const exec::EvalContext& eval_;
  std::string clause_;
  Grouping* grouping_ = nullptr;
  bool inside_aggregate_ = false;
};

// Converts `expr` to `target` the way an implicit (or assignment) cast does:
// untyped literals are read by the type's input function (errors carry
// `position`), other values are cast, constants are folded.
Result<exec::ExprPtr> CoerceTo(exec::ExprPtr expr, DataType target, const exec::EvalContext& eval,
                               int position);

// The type an untyped value of this expression becomes when nothing else
// decides (text for string literals).
exec::ExprPtr ResolveUnknown(exec::ExprPtr expr);

// A written type name: numeric/json/... give kFeatureNotSupported, unknown
// names kUndefinedObject.
Result<DataType> ResolveTypeName(const ast::TypeName& type);

// The output column name PostgreSQL gives a select-list expression.
std::string FigureColumnName(const ast::Expr& expr);

bool ContainsAggregate(const ast::Expr& expr);

// Structural equality of bound expressions (for GROUP BY / ORDER BY matching).
bool ExprEquals(const exec::Expr& a, const exec::Expr& b);

// The name of a type as PostgreSQL's internal type names spell it ("int4").
std::string InternalTypeName(DataType type);

}  // namespace sundial::sql
