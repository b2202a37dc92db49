#include "sql/expr_binder.h"

#include <charconv>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <utility>

#include "catalog/catalog.h"
#include "common/numeric.h"
#include "common/pg_type_registry.h"
#include "common/value_text.h"
#include "exec/aggregates/collecting_aggregate.h"
#include "exec/cast.h"
#include "exec/function_registry.h"
#include "sql/nesting_limit.h"
#include "sql/timescale_arguments.h"
#include "sql/window_binder.h"

namespace sundial::sql {
namespace {

using exec::ExprPtr;

Status WithPositionIfUnset(const Status& status, int position) {
  return status.position() == 0 ? status.WithPosition(position) : status;
}

bool IsUnknown(const exec::Expr& e) {
  return e.type.id == TypeId::kUnknown;
}

ExprPtr MakeNode(exec::ExprKind kind, DataType type, std::vector<ExprPtr> args,
                 bool negated = false) {
  return std::make_shared<const exec::Expr>(
      exec::Expr{.kind = kind, .type = type, .args = std::move(args), .negated = negated});
}

const DataType kBool = DataType::Of(TypeId::kBool);
const DataType kText = DataType::Of(TypeId::kText);

std::string TypeDescription(DataType type) {
  return type.id == TypeId::kUnknown ? "unknown" : TypeName(type);
}

// The common type of a CASE / IN / VALUES column, PostgreSQL style: the
// first typed input decides unless a later one is implicitly reachable from
// it (int4 then float8 gives float8); untyped inputs alone give text.
Result<DataType> CommonType(const std::vector<ExprPtr>& exprs, const std::string& what,
                            int position) {
  std::optional<DataType> common;
  for (const ExprPtr& e : exprs) {
    if (IsUnknown(*e)) continue;
    if (!common) {
      common = e->type;
      continue;
    }
    if (e->type == *common) continue;
    if (exec::CanImplicitlyCast(*common, e->type)) {
      common = e->type;
    } else if (!exec::CanImplicitlyCast(e->type, *common)) {
      return Status::Error(ErrorCode::kDatatypeMismatch,
                           what + " types " + TypeDescription(*common) + " and " +
                               TypeDescription(e->type) + " cannot be matched")
          .WithPosition(position);
    }
  }
  return common.value_or(kText);
}

}  // namespace

Result<DataType> CommonTypeOf(const std::vector<ExprPtr>& exprs, const std::string& what,
                              int position) {
  return CommonType(exprs, what, position);
}

ExprPtr MarkOuter(const ExprPtr& expr) {
  if (expr->kind == exec::ExprKind::kColumnRef) {
    return std::make_shared<const exec::Expr>(exec::Expr{
        .kind = exec::ExprKind::kOuterColumnRef, .type = expr->type, .column = expr->column});
  }
  if (expr->args.empty()) return expr;
  exec::Expr copy = *expr;
  for (ExprPtr& arg : copy.args)
    arg = MarkOuter(arg);
  return std::make_shared<const exec::Expr>(std::move(copy));
}

ExprPtr UnmarkOuter(const ExprPtr& expr) {
  if (expr->kind == exec::ExprKind::kOuterColumnRef) {
    return exec::MakeColumnRef(expr->column, expr->type);
  }
  if (expr->args.empty()) return expr;
  exec::Expr copy = *expr;
  for (ExprPtr& arg : copy.args)
    arg = UnmarkOuter(arg);
  return std::make_shared<const exec::Expr>(std::move(copy));
}

bool ContainsOuterReference(const exec::Expr& expr) {
  if (expr.kind == exec::ExprKind::kOuterColumnRef) return true;
  for (const ExprPtr& arg : expr.args) {
    if (ContainsOuterReference(*arg)) return true;
  }
  return false;
}

Result<ExprPtr> CoerceExprTo(const ast::Expr&, ExprPtr bound, DataType target,
                             const exec::EvalContext& eval, int position) {
  return CoerceTo(std::move(bound), target, eval, position);
}

ExprBinder::ExprBinder(const Scope& scope, const exec::EvalContext& eval, std::string clause)
    : scope_(scope), eval_(eval), clause_(std::move(clause)) {}

Result<ExprPtr> CoerceTo(ExprPtr expr, DataType target, const exec::EvalContext& eval,
                         int position) {
  if (expr->type == target || target.id == TypeId::kUnknown) return expr;
  if (expr->kind == exec::ExprKind::kConstant && expr->constant.is_null()) {
    return exec::MakeConstant(Value::Null(target));
  }
  if (expr->kind == exec::ExprKind::kParameter && IsUnknown(*expr)) {
    // The first context that types an untyped parameter decides its type.
    DataType& inferred = eval.parameters->types[expr->column - 1];
    if (inferred.id == TypeId::kUnknown) inferred = target;
    return std::make_shared<const exec::Expr>(
        exec::Expr{.kind = exec::ExprKind::kParameter, .type = target, .column = expr->column});
  }
  if (expr->kind == exec::ExprKind::kConstant && IsUnknown(*expr)) {
    Result<Value> parsed = ParseTextValue(expr->constant.text_value(), target, eval.time_zone);
    if (!parsed.ok()) return WithPositionIfUnset(parsed.status(), position);
    return exec::MakeConstant(std::move(parsed).value());
  }
  if (!exec::CanCast(expr->type, target)) {
    return Status::Error(
               ErrorCode::kDatatypeMismatch,
               "cannot cast type " + TypeDescription(expr->type) + " to " + TypeDescription(target))
        .WithPosition(position);
  }
  ExprPtr cast = exec::MakeCast(std::move(expr), target);
  if (!exec::IsConstantExpr(*cast)) return cast;
  Result<Value> value = exec::EvaluateConstant(*cast, eval);
  if (!value.ok()) return WithPositionIfUnset(value.status(), position);
  return exec::MakeConstant(std::move(value).value());
}

ExprPtr ResolveUnknown(ExprPtr expr) {
  if (!IsUnknown(*expr)) return expr;
  if (expr->kind == exec::ExprKind::kConstant) {
    if (expr->constant.is_null()) return exec::MakeConstant(Value::Null(kText));
    return exec::MakeConstant(Value::Text(expr->constant.text_value()));
  }
  return exec::MakeCast(std::move(expr), kText);
}

namespace {

// numeric, numeric(p) (scale 0) or numeric(p, s), with PostgreSQL's bounds.
Result<DataType> ResolveNumericModifiers(const ast::TypeName& type) {
  if (type.modifiers.empty()) return DataType::Of(TypeId::kNumeric);
  if (type.modifiers.size() > 2) {
    return Status::Error(ErrorCode::kInvalidParameterValue, "invalid NUMERIC type modifier")
        .WithPosition(type.position);
  }
  const int precision = type.modifiers[0];
  const int scale = type.modifiers.size() == 2 ? type.modifiers[1] : 0;
  if (precision < 1 || precision > 1000) {
    return Status::Error(
               ErrorCode::kInvalidParameterValue,
               "NUMERIC precision " + std::to_string(precision) + " must be between 1 and 1000")
        .WithPosition(type.position);
  }
  if (scale < 0) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "negative NUMERIC scales are not supported")
        .WithPosition(type.position);
  }
  if (scale > 1000) {
    return Status::Error(
               ErrorCode::kInvalidParameterValue,
               "NUMERIC scale " + std::to_string(scale) + " must be between -1000 and 1000")
        .WithPosition(type.position);
  }
  return DataType::NumericOf(precision, scale);
}

}  // namespace

Result<DataType> ResolveTypeName(const ast::TypeName& type) {
  if (type.is_array) {
    ast::TypeName element = type;
    element.is_array = false;
    ASSIGN_OR_RETURN(DataType element_type, ResolveTypeName(element));
    if (!IsArrayElementType(element_type.id)) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "arrays of type " + TypeName(element_type) + " are not supported")
          .WithPosition(type.position);
    }
    return DataType::ArrayOf(element_type.id);
  }
  int32_t max_length = type.modifiers.empty() ? -1 : type.modifiers[0];
  DataType resolved = TypeFromName(type.name, max_length);
  if (resolved.id == TypeId::kNumeric) return ResolveNumericModifiers(type);
  if (resolved.id != TypeId::kUnknown) return resolved;
  static constexpr std::string_view kKnownUnsupported[] = {"money",
                                                           "char",
                                                           "bpchar",
                                                           "character",
                                                           "timetz",
                                                           "inet",
                                                           "cidr",
                                                           "xml",
                                                           "oid",
                                                           "regclass",
                                                           "regtype",
                                                           "regproc",
                                                           "regprocedure",
                                                           "regnamespace",
                                                           "regrole",
                                                           "name",
                                                           "bit",
                                                           "varbit",
                                                           "point",
                                                           "serial",
                                                           "bigserial",
                                                           "smallserial",
                                                           "time with time zone",
                                                           "bit varying"};
  for (std::string_view name : kKnownUnsupported) {
    if (type.name == name) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "type \"" + type.name + "\" is not supported")
          .WithPosition(type.position);
    }
  }
  return Status::Error(ErrorCode::kUndefinedObject, "type \"" + type.name + "\" does not exist")
      .WithPosition(type.position);
}

Result<DataType> ResolveCastTypeName(const ast::TypeName& type) {
  if (!type.is_array) {
    std::string_view name = type.name;
    if (name.starts_with("pg_catalog.")) name.remove_prefix(11);
    // The system relations' oid and name columns are bigint and text
    // (src/catalog/README.md): casts to oid and name convert to those.
    if (name == "oid") return DataType::Of(TypeId::kInt64);
    if (name == "name") return DataType::Of(TypeId::kText);
  }
  return ResolveTypeName(type);
}

std::string InternalTypeName(DataType type) {
  switch (type.id) {
    case TypeId::kBool:
      return "bool";
    case TypeId::kInt16:
      return "int2";
    case TypeId::kInt32:
      return "int4";
    case TypeId::kInt64:
      return "int8";
    case TypeId::kFloat32:
      return "float4";
    case TypeId::kFloat64:
      return "float8";
    case TypeId::kDate:
      return "date";
    case TypeId::kTimestamp:
      return "timestamp";
    case TypeId::kTimestampTz:
      return "timestamptz";
    case TypeId::kInterval:
      return "interval";
    case TypeId::kText:
      return "text";
    case TypeId::kVarchar:
      return "varchar";
    case TypeId::kArray:
      return InternalTypeName(type.ElementType()) + "[]";
    case TypeId::kNumeric:
      return "numeric";
    case TypeId::kUuid:
      return "uuid";
    case TypeId::kJson:
      return "json";
    case TypeId::kJsonb:
      return "jsonb";
    case TypeId::kBytea:
      return "bytea";
    case TypeId::kTime:
      return "time";
    case TypeId::kUnknown:
      break;
  }
  return "unknown";
}

namespace {

// PostgreSQL's FigureColname: a name and how strongly it was chosen
// (2: a column or function name, 1: a type or keyword name, 0: none).
int FigureName(const ast::Expr& expr, std::string& name) {
  switch (expr.kind) {
    case ast::ExprKind::kColumnRef:
      name = expr.name;
      return 2;
    case ast::ExprKind::kFunction:
      name = expr.name;
      return 2;
    case ast::ExprKind::kCast: {
      int strength = expr.args.empty() ? 0 : FigureName(*expr.args[0], name);
      if (strength <= 1 && expr.type_name) {
        // PostgreSQL names a cast column after the type, an array cast after
        // its element type.
        Result<DataType> type = ResolveTypeName(*expr.type_name);
        if (type.ok() && type->id == TypeId::kArray) type = type->ElementType();
        name = type.ok() ? InternalTypeName(*type) : expr.type_name->name;
        return 1;
      }
      return strength;
    }
    case ast::ExprKind::kLiteral:
      if (expr.literal_kind == ast::LiteralKind::kBool) {
        name = "bool";
        return 1;
      }
      return 0;
    case ast::ExprKind::kCase: {
      int strength = 0;
      if (expr.has_else) strength = FigureName(*expr.args.back(), name);
      if (strength <= 1) {
        name = "case";
        return 1;
      }
      return strength;
    }
    case ast::ExprKind::kArray:
    case ast::ExprKind::kArraySubquery:
      name = "array";
      return 2;
    case ast::ExprKind::kSubscript:
      return FigureName(*expr.args[0], name);
    case ast::ExprKind::kExists:
      // NOT EXISTS is an operator over EXISTS, and operators have no name.
      if (expr.negated) return 0;
      name = "exists";
      return 2;
    case ast::ExprKind::kScalarSubquery: {
      // A scalar subquery is named after its (leftmost) first output column.
      const ast::SelectStmt* select = expr.subquery.get();
      while (select != nullptr && select->set_left)
        select = select->set_left.get();
      if (select == nullptr || select->targets.empty()) return 0;
      const ast::SelectItem& first = select->targets[0];
      if (!first.alias.empty()) {
        name = first.alias;
        return 2;
      }
      if (first.expr->kind == ast::ExprKind::kStar) return 0;
      return FigureName(*first.expr, name);
    }
    default:
      return 0;
  }
}

}  // namespace

std::string FigureColumnName(const ast::Expr& expr) {
  std::string name;
  if (FigureName(expr, name) == 0) return "?column?";
  return name;
}

namespace {

// percentile_cont, percentile_disc and mode take WITHIN GROUP (ORDER BY x);
// they are built per call site around their direct argument.
std::optional<exec::OrderedSetKind> OrderedSetKindOf(const std::string& name) {
  if (name == "percentile_cont") return exec::OrderedSetKind::kPercentileCont;
  if (name == "percentile_disc") return exec::OrderedSetKind::kPercentileDisc;
  if (name == "mode") return exec::OrderedSetKind::kMode;
  return std::nullopt;
}

bool IsAggregateCall(const ast::Expr& expr) {
  return expr.kind == ast::ExprKind::kFunction &&
         (exec::FunctionRegistry::Instance().IsAggregateName(expr.name) ||
          OrderedSetKindOf(expr.name).has_value());
}

bool SameFilter(const exec::AggregateCall& a, const exec::AggregateCall& b) {
  if (a.filter == nullptr || b.filter == nullptr) return a.filter == b.filter;
  return ExprEquals(*a.filter, *b.filter);
}

}  // namespace

bool ContainsAggregate(const ast::Expr& expr) {
  if (expr.kind == ast::ExprKind::kFunction && expr.over != nullptr) {
    for (const ast::ExprPtr& e : expr.over->partition_by) {
      if (ContainsAggregate(*e)) return true;
    }
    for (const ast::OrderItem& item : expr.over->order_by) {
      if (ContainsAggregate(*item.expr)) return true;
    }
  } else if (IsAggregateCall(expr)) {
    return true;
  }
  for (const ast::ExprPtr& arg : expr.args) {
    if (arg && ContainsAggregate(*arg)) return true;
  }
  return false;
}

bool ContainsWindowCall(const ast::Expr& expr) {
  if (expr.kind == ast::ExprKind::kFunction && expr.over != nullptr) return true;
  for (const ast::ExprPtr& arg : expr.args) {
    if (arg && ContainsWindowCall(*arg)) return true;
  }
  return false;
}

bool ExprEquals(const exec::Expr& a, const exec::Expr& b) {
  if (a.kind != b.kind || !(a.type == b.type) || a.column != b.column || a.function != b.function ||
      a.negated != b.negated || a.case_insensitive != b.case_insensitive ||
      a.has_else != b.has_else || a.args.size() != b.args.size()) {
    return false;
  }
  if (a.kind == exec::ExprKind::kConstant && !(a.constant == b.constant)) return false;
  if (a.kind == exec::ExprKind::kSubquery &&
      (a.subquery != b.subquery || a.subquery_kind != b.subquery_kind)) {
    return false;
  }
  for (size_t i = 0; i < a.args.size(); ++i) {
    if (!ExprEquals(*a.args[i], *b.args[i])) return false;
  }
  return true;
}

Result<ExprPtr> ExprBinder::Fold(ExprPtr expr, int position) const {
  if (expr->kind == exec::ExprKind::kConstant || IsUnknown(*expr) || !exec::IsConstantExpr(*expr)) {
    return expr;
  }
  Result<Value> value = exec::EvaluateConstant(*expr, eval_);
  if (!value.ok()) {
    // Like PostgreSQL, a CASE branch that can never be chosen does not fail
    // the statement: it stays unevaluated.
    if (unreachable_branches_ > 0) return expr;
    return WithPositionIfUnset(value.status(), position);
  }
  return exec::MakeConstant(std::move(value).value());
}

Result<ExprPtr> ExprBinder::BindCondition(const ast::Expr& expr) {
  ASSIGN_OR_RETURN(ExprPtr bound, Bind(expr));
  if (IsUnknown(*bound)) return CoerceTo(bound, kBool, eval_, expr.position);
  if (bound->type.id != TypeId::kBool) {
    return Status::Error(ErrorCode::kDatatypeMismatch, "argument of " + clause_ +
                                                           " must be type boolean, not type " +
                                                           TypeName(bound->type))
        .WithPosition(expr.position);
  }
  return bound;
}

Result<ExprPtr> ExprBinder::Bind(const ast::Expr& expr) {
  if (depth_ == kMaxNestingDepth || StackNearlyExhausted()) return NestingTooDeep();
  ++depth_;
  Result<ExprPtr> bound = BindLevel(expr);
  --depth_;
  return bound;
}

Result<ExprPtr> ExprBinder::BindLevel(const ast::Expr& expr) {
  if (expr.kind == ast::ExprKind::kFunction && expr.over != nullptr) return BindWindowCall(expr);
  if (expr.kind == ast::ExprKind::kFunction && IsWindowOnlyFunction(expr.name)) {
    return Status::Error(ErrorCode::kWrongObjectType,
                         "window function " + expr.name + " requires an OVER clause")
        .WithPosition(expr.position);
  }
  if (grouping_ != nullptr && !inside_aggregate_) {
    if (IsAggregateCall(expr)) return BindAggregate(expr);
    // A window call binds its own clauses in the grouped layout.
    if (!ContainsAggregate(expr) && !ContainsWindowCall(expr)) {
      ASSIGN_OR_RETURN(ExprPtr plain, BindUngrouped(expr));
      for (size_t k = 0; k < grouping_->keys.size(); ++k) {
        if (ExprEquals(*plain, *grouping_->keys[k])) {
          return exec::MakeColumnRef(static_cast<int>(k), plain->type);
        }
      }
      if (exec::IsConstantExpr(*plain)) return plain;
      if (expr.kind == ast::ExprKind::kColumnRef) {
        ASSIGN_OR_RETURN(int index, ResolveColumn(expr));
        return BindScopeColumn(index, expr.position);
      }
    }
  }
  if (memoize_ungrouped_) return BindUngrouped(expr);
  return BindNode(expr);
}

Result<ExprPtr> ExprBinder::BindScopeColumn(int index, int position) {
  size_t column_count = scope_.columns.size();
  bool merged = static_cast<size_t>(index) >= column_count;
  ExprPtr ref;
  std::string full;
  if (merged) {
    const MergedColumn& column = scope_.merged[index - column_count];
    ref = column.value;
    full = column.name;
  } else {
    const ScopeColumn& column = scope_.columns[index];
    ref = exec::MakeColumnRef(index, column.type);
    full = column.qualifier.empty() ? column.name : column.qualifier + "." + column.name;
  }
  if (grouping_ == nullptr || inside_aggregate_) return ref;
  for (size_t k = 0; k < grouping_->keys.size(); ++k) {
    if (ExprEquals(*ref, *grouping_->keys[k])) {
      return exec::MakeColumnRef(static_cast<int>(k), ref->type);
    }
  }
  return Status::Error(ErrorCode::kGroupingError,
                       "column \"" + full +
                           "\" must appear in the GROUP BY clause or be used in an aggregate "
                           "function")
      .WithPosition(position);
}

Result<ExprPtr> ExprBinder::BindUngrouped(const ast::Expr& expr) {
  if (const auto found = ungrouped_.find(&expr); found != ungrouped_.end()) return found->second;
  Grouping* saved = grouping_;
  const bool saved_memoize = memoize_ungrouped_;
  grouping_ = nullptr;
  memoize_ungrouped_ = true;
  Result<ExprPtr> result = BindNode(expr);
  grouping_ = saved;
  memoize_ungrouped_ = saved_memoize;
  if (result.ok()) ungrouped_.emplace(&expr, *result);
  return result;
}

namespace {

// Index of the column `expr` names in `scope` (merged columns numbered after
// the plain ones), -1 when there is none, or an error when it is ambiguous.
Result<int> FindInScope(const ast::Expr& expr, const Scope& scope, bool& qualifier_seen) {
  int found = -1;
  qualifier_seen = expr.qualifier.empty();
  auto ambiguous = [&] {
    return Status::Error(ErrorCode::kAmbiguousColumn,
                         "column reference \"" + expr.name + "\" is ambiguous")
        .WithPosition(expr.position);
  };
  for (size_t i = 0; i < scope.columns.size(); ++i) {
    const ScopeColumn& c = scope.columns[i];
    if (!expr.qualifier.empty()) {
      if (c.qualifier != expr.qualifier) continue;
      qualifier_seen = true;
    } else if (c.merged_away) {
      continue;
    }
    if (c.name != expr.name) continue;
    if (found >= 0) return ambiguous();
    found = static_cast<int>(i);
  }
  if (expr.qualifier.empty()) {
    for (size_t m = 0; m < scope.merged.size(); ++m) {
      if (scope.merged[m].merged_away || scope.merged[m].name != expr.name) continue;
      if (found >= 0) return ambiguous();
      found = static_cast<int>(scope.columns.size() + m);
    }
  }
  return found;
}

}  // namespace

Result<int> ExprBinder::ResolveColumn(const ast::Expr& expr) const {
  bool qualifier_seen = false;
  ASSIGN_OR_RETURN(int found, FindInScope(expr, scope_, qualifier_seen));
  if (found >= 0) return found;
  if (!qualifier_seen) {
    return Status::Error(ErrorCode::kUndefinedTable,
                         "missing FROM-clause entry for table \"" + expr.qualifier + "\"")
        .WithPosition(expr.position);
  }
  if (!expr.qualifier.empty()) {
    return Status::Error(ErrorCode::kUndefinedColumn,
                         "column " + expr.qualifier + "." + expr.name + " does not exist")
        .WithPosition(expr.position);
  }
  return Status::Error(ErrorCode::kUndefinedColumn, "column \"" + expr.name + "\" does not exist")
      .WithPosition(expr.position);
}

// SQL's parameterless functions written without parentheses; the grammar
// sees them as column names.
static bool IsSqlValueFunction(const std::string& name) {
  return name == "current_user" || name == "session_user" || name == "user" ||
         name == "current_role" || name == "current_catalog" || name == "current_schema";
}

Result<ExprPtr> ExprBinder::BindOuterColumn(const ast::Expr& expr) {
  if (outer_scopes_ == nullptr) return ExprPtr();
  bool qualifier_named = false;
  for (size_t depth = outer_scopes_->size(); depth-- > 0;) {
    const Scope& outer = *(*outer_scopes_)[depth];
    bool qualifier_seen = false;
    Result<int> found = FindInScope(expr, outer, qualifier_seen);
    qualifier_named = qualifier_named || (qualifier_seen && !expr.qualifier.empty());
    if (!found.ok() || *found < 0) continue;
    const bool innermost = depth + 1 == outer_scopes_->size();
    if (innermost && per_row_outers_ != nullptr && !per_row_outers_->empty() &&
        per_row_outers_->back().depth == depth) {
      return PerRowParam(*found, outer);
    }
    if (!allow_outer_references_ || !innermost) {
      std::string full = expr.qualifier.empty() ? expr.name : expr.qualifier + "." + expr.name;
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "correlated subqueries are supported only through equalities in the "
                           "subquery's WHERE clause with columns of the query just outside it "
                           "(\"" +
                               full + "\" is used elsewhere)")
          .WithPosition(expr.position);
    }
    size_t columns = outer.columns.size();
    ExprPtr value = static_cast<size_t>(*found) < columns
                        ? exec::MakeColumnRef(*found, outer.columns[*found].type)
                        : outer.merged[*found - columns].value;
    return MarkOuter(value);
  }
  if (qualifier_named) {
    return Status::Error(ErrorCode::kUndefinedColumn,
                         "column " + expr.qualifier + "." + expr.name + " does not exist")
        .WithPosition(expr.position);
  }
  return ExprPtr();
}

// Column `index` of the enclosing query's scope inside a per-row subquery:
// the slot of that outer value (one slot per distinct column).
ExprPtr ExprBinder::PerRowParam(int index, const Scope& outer) {
  size_t columns = outer.columns.size();
  ExprPtr value = static_cast<size_t>(index) < columns
                      ? exec::MakeColumnRef(index, outer.columns[index].type)
                      : outer.merged[index - columns].value;
  value = MarkOuter(value);
  std::vector<ExprPtr>& values = per_row_outers_->back().values;
  size_t slot = 0;
  while (slot < values.size() && !ExprEquals(*values[slot], *value))
    ++slot;
  if (slot == values.size()) values.push_back(value);
  return std::make_shared<const exec::Expr>(exec::Expr{
      .kind = exec::ExprKind::kOuterParam, .type = value->type, .column = static_cast<int>(slot)});
}

Result<ExprPtr> ExprBinder::BindColumnRef(const ast::Expr& expr) {
  Result<int> index = ResolveColumn(expr);
  if (!index.ok() && (index.status().code() == ErrorCode::kUndefinedColumn ||
                      index.status().code() == ErrorCode::kUndefinedTable)) {
    ASSIGN_OR_RETURN(ExprPtr outer, BindOuterColumn(expr));
    if (outer) return outer;
  }
  if (!index.ok() && index.status().code() == ErrorCode::kUndefinedColumn &&
      expr.qualifier.empty() && IsSqlValueFunction(expr.name)) {
    ast::Expr call{.kind = ast::ExprKind::kFunction, .position = expr.position, .name = expr.name};
    return BindFunction(call);
  }
  if (!index.ok()) return index.status();
  size_t column_count = scope_.columns.size();
  if (static_cast<size_t>(*index) >= column_count)
    return scope_.merged[*index - column_count].value;
  return exec::MakeColumnRef(*index, scope_.columns[*index].type);
}

Result<ExprPtr> ExprBinder::BindNode(const ast::Expr& expr) {
  switch (expr.kind) {
    case ast::ExprKind::kColumnRef:
      return BindColumnRef(expr);
    case ast::ExprKind::kStar:
      return Status::Error(ErrorCode::kSyntaxError, "\"*\" is not allowed here")
          .WithPosition(expr.position);
    case ast::ExprKind::kLiteral:
      return BindLiteral(expr);
    case ast::ExprKind::kParameter:
      return BindParameter(expr);
    case ast::ExprKind::kFunction:
      return BindFunction(expr);
    case ast::ExprKind::kUnaryOp:
      return BindUnary(expr);
    case ast::ExprKind::kBinaryOp: {
      if (expr.args.size() == 2 && expr.args[1]->kind == ast::ExprKind::kFunction &&
          (expr.args[1]->name == "any" || expr.args[1]->name == "some") &&
          expr.args[1]->args.size() == 1 && !expr.args[1]->star_arg) {
        return BindQuantified(expr, "any");
      }
      std::vector<ExprPtr> args;
      for (const ast::ExprPtr& arg : expr.args) {
        ASSIGN_OR_RETURN(ExprPtr bound, Bind(*arg));
        args.push_back(std::move(bound));
      }
      return BindOperator(expr.name, std::move(args), expr.position);
    }
    case ast::ExprKind::kCast:
      return BindCast(expr);
    case ast::ExprKind::kIsNull: {
      ASSIGN_OR_RETURN(ExprPtr arg, Bind(*expr.args[0]));
      return Fold(MakeNode(exec::ExprKind::kIsNull, kBool, {ResolveUnknown(arg)}, expr.negated),
                  expr.position);
    }
    case ast::ExprKind::kIsBool:
      return BindBool(expr);
    case ast::ExprKind::kInList:
      return BindInList(expr);
    case ast::ExprKind::kInSubquery:
    case ast::ExprKind::kExists:
    case ast::ExprKind::kScalarSubquery:
    case ast::ExprKind::kArraySubquery:
      return BindSubqueryExpr(expr);
    case ast::ExprKind::kArray:
      return BindArray(expr, std::nullopt);
    case ast::ExprKind::kSubscript: {
      ASSIGN_OR_RETURN(ExprPtr array, Bind(*expr.args[0]));
      ASSIGN_OR_RETURN(ExprPtr index, Bind(*expr.args[1]));
      if (array->type.id != TypeId::kArray) {
        return Status::Error(ErrorCode::kDatatypeMismatch,
                             "cannot subscript type " + TypeDescription(array->type) +
                                 " because it does not support subscripting")
            .WithPosition(expr.position);
      }
      ASSIGN_OR_RETURN(
          index, CoerceTo(index, DataType::Of(TypeId::kInt32), eval_, expr.args[1]->position));
      if (index->type.id != TypeId::kInt32) {
        return Status::Error(ErrorCode::kDatatypeMismatch, "array subscript must have type integer")
            .WithPosition(expr.args[1]->position);
      }
      auto resolved = exec::FunctionRegistry::Instance().ResolveScalar("array_subscript",
                                                                       {array->type, index->type});
      if (!resolved.ok()) return WithPositionIfUnset(resolved.status(), expr.position);
      return Fold(exec::MakeCall(resolved->function, {array, index}), expr.position);
    }
    case ast::ExprKind::kBetween:
      return BindBetween(expr);
    case ast::ExprKind::kIsDistinct:
      return BindIsDistinct(expr);
    case ast::ExprKind::kLike: {
      std::vector<ExprPtr> args;
      for (const ast::ExprPtr& arg : expr.args) {
        ASSIGN_OR_RETURN(ExprPtr bound, Bind(*arg));
        if (!IsUnknown(*bound) && !IsString(bound->type.id)) {
          return Status::Error(ErrorCode::kUndefinedFunction,
                               "operator does not exist: " + TypeName(bound->type) + " ~~ unknown")
              .WithPosition(expr.position)
              .WithHint(
                  "No operator matches the given name and argument types. You might need to add "
                  "explicit type casts.");
        }
        ASSIGN_OR_RETURN(bound, CoerceTo(bound, kText, eval_, arg->position));
        args.push_back(std::move(bound));
      }
      auto node =
          std::make_shared<const exec::Expr>(exec::Expr{.kind = exec::ExprKind::kLike,
                                                        .type = kBool,
                                                        .args = std::move(args),
                                                        .negated = expr.negated,
                                                        .case_insensitive = expr.case_insensitive});
      return Fold(node, expr.position);
    }
    case ast::ExprKind::kCase:
      return BindCase(expr);
  }
  return Status::Error(ErrorCode::kInternal, "unknown expression kind");
}

Result<ExprPtr> ExprBinder::BindParameter(const ast::Expr& expr) {
  const int index = expr.parameter_index;
  exec::StatementParameters* parameters = eval_.parameters;
  if (parameters == nullptr || index < 1 ||
      (parameters->values != nullptr && static_cast<size_t>(index) > parameters->values->size())) {
    return Status::Error(ErrorCode::kUndefinedParameter,
                         "there is no parameter $" + std::to_string(index))
        .WithPosition(expr.position);
  }
  if (parameters->values != nullptr) return exec::MakeConstant((*parameters->values)[index - 1]);
  if (static_cast<size_t>(index) > parameters->types.size()) {
    parameters->types.resize(index, DataType::Of(TypeId::kUnknown));
  }
  return std::make_shared<const exec::Expr>(exec::Expr{
      .kind = exec::ExprKind::kParameter, .type = parameters->types[index - 1], .column = index});
}

namespace {

// A decimal constant is numeric. One beyond numeric's 38 digits (1e300,
// -1.5e-300, where PostgreSQL's numeric still reaches) becomes float8, so
// it can still be stored in or compared with float columns; exponents
// beyond PostgreSQL's own bound stay errors.
Result<ExprPtr> NumericLiteral(const ast::Expr& expr) {
  Result<Numeric> value = ParseNumeric(expr.text);
  if (value.ok()) return exec::MakeConstant(Value::OfNumeric(*value));
  const size_t e = expr.text.find_first_of("eE");
  const long long exponent =
      e == std::string::npos ? 0 : std::strtoll(expr.text.c_str() + e + 1, nullptr, 10);
  if (value.status().code() == ErrorCode::kNumericValueOutOfRange &&
      std::llabs(exponent) < INT32_MAX / 2) {
    return exec::MakeConstant(Value::Float64(std::strtod(expr.text.c_str(), nullptr)));
  }
  return WithPositionIfUnset(value.status(), expr.position);
}

}  // namespace

Result<ExprPtr> ExprBinder::BindLiteral(const ast::Expr& expr) {
  switch (expr.literal_kind) {
    case ast::LiteralKind::kNull:
      return exec::MakeConstant(Value::Null(DataType::Of(TypeId::kUnknown)));
    case ast::LiteralKind::kBool:
      return exec::MakeConstant(Value::Bool(expr.text == "t" || expr.text == "true"));
    case ast::LiteralKind::kInteger: {
      int64_t v = 0;
      const std::string& t = expr.text;
      auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (ec == std::errc() && ptr == t.data() + t.size()) {
        if (v >= INT32_MIN && v <= INT32_MAX)
          return exec::MakeConstant(Value::Int(TypeId::kInt32, v));
        return exec::MakeConstant(Value::Int64(v));
      }
      // Beyond int8 the constant is numeric, as in PostgreSQL.
      return NumericLiteral(expr);
    }
    case ast::LiteralKind::kDecimal:
      return NumericLiteral(expr);
    case ast::LiteralKind::kString:
      return exec::MakeConstant(Value::Text(expr.text, DataType::Of(TypeId::kUnknown)));
  }
  return Status::Error(ErrorCode::kInternal, "unknown literal kind");
}

namespace {

// A parameter of a function whose arguments may be named or left out.
struct NamedParameter {
  std::string_view name;
  Value default_value;
};

const std::vector<NamedParameter>* NamedParametersOf(const std::string& function) {
  static const std::vector<NamedParameter> kMakeInterval = {
      {"years", Value::Int(TypeId::kInt32, 0)},
      {"months", Value::Int(TypeId::kInt32, 0)},
      {"weeks", Value::Int(TypeId::kInt32, 0)},
      {"days", Value::Int(TypeId::kInt32, 0)},
      {"hours", Value::Int(TypeId::kInt32, 0)},
      {"mins", Value::Int(TypeId::kInt32, 0)},
      {"secs", Value::Float64(0)}};
  // TimescaleDB's; the chunk has no default (NULL makes the call NULL).
  static const std::vector<NamedParameter> kCompressChunk = {
      {"uncompressed_chunk", Value::Null(DataType::Of(TypeId::kText))},
      {"if_not_compressed", Value::Bool(true)},
      {"recompress", Value::Bool(false)}};
  static const std::vector<NamedParameter> kDecompressChunk = {
      {"uncompressed_chunk", Value::Null(DataType::Of(TypeId::kText))},
      {"if_compressed", Value::Bool(true)}};
  if (function == "make_interval") return &kMakeInterval;
  if (function == "compress_chunk") return &kCompressChunk;
  if (function == "decompress_chunk") return &kDecompressChunk;
  return nullptr;
}

// Places named arguments (already bound) at their parameters' positions and
// fills the parameters nobody passed with their defaults.
Status FillNamedArguments(const ast::Expr& call, const std::vector<NamedParameter>& params,
                          std::vector<std::pair<std::string, ExprPtr>> named,
                          std::vector<ExprPtr>& args, std::vector<int>& positions) {
  if (args.size() > params.size()) return Status::Ok();  // resolution reports the arity
  args.resize(params.size());
  positions.resize(params.size(), call.position);
  for (size_t k = 0; k < named.size(); ++k) {
    const std::string& name = named[k].first;
    size_t index = 0;
    while (index < params.size() && params[index].name != name)
      ++index;
    if (index == params.size() || args[index] != nullptr) {
      return Status::Error(ErrorCode::kUndefinedFunction,
                           "function " + call.name + "(" + name + " => " +
                               TypeDescription(named[k].second->type) + ") does not exist")
          .WithPosition(call.position)
          .WithHint(
              "No function matches the given name and argument types. You might need to add "
              "explicit type casts.");
    }
    positions[index] = call.named_args[k].second->position;
    args[index] = std::move(named[k].second);
  }
  for (size_t i = 0; i < params.size(); ++i) {
    if (args[i] == nullptr) args[i] = exec::MakeConstant(params[i].default_value);
  }
  return Status::Ok();
}

}  // namespace

// Functions whose first parameter is a regclass in PostgreSQL / TimescaleDB.
static bool TakesRegclass(const std::string& name) {
  static constexpr std::string_view kNames[] = {"hypertable_size",
                                                "approximate_row_count",
                                                "pg_table_size",
                                                "pg_relation_size",
                                                "pg_total_relation_size",
                                                "nextval",
                                                "currval",
                                                "setval"};
  for (std::string_view known : kNames) {
    if (known == name) return true;
  }
  return false;
}

// TimescaleDB functions users call that Sundial does not offer yet: they are
// reported as unsupported features, not as unknown functions.
static bool IsUnsupportedTimescaleFunction(const std::string& name) {
  static constexpr std::string_view kNames[] = {
      "add_retention_policy", "remove_retention_policy", "drop_chunks", "show_chunks",
      "add_continuous_aggregate_policy", "remove_continuous_aggregate_policy",
      "refresh_continuous_aggregate", "add_compression_policy", "remove_compression_policy",
      "set_chunk_time_interval", "add_dimension",
      // Sundial does not keep its chunks' uncompressed size.
      "hypertable_compression_stats", "chunk_compression_stats"};
  for (std::string_view known : kNames) {
    if (known == name) return true;
  }
  return false;
}

// PostgreSQL functions Sundial lacks that users reach for next to the ones
// it has: the regex functions returning arrays or sets, and the rest of the
// PostgreSQL 15 regex family.
static bool IsUnsupportedPostgresFunction(const std::string& name) {
  static constexpr std::string_view kNames[] = {
      "regexp_match",          "regexp_matches", "regexp_split_to_array",
      "regexp_split_to_table", "regexp_count",   "regexp_instr",
      "regexp_like",           "regexp_substr",  "array_agg"};
  for (std::string_view known : kNames) {
    if (known == name) return true;
  }
  return false;
}

Result<ExprPtr> ExprBinder::BindFunction(const ast::Expr& expr) {
  const auto& registry = exec::FunctionRegistry::Instance();
  if (expr.name == "hypertable_detailed_size" || expr.name == "chunks_detailed_size") {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         expr.name + "() is supported only in FROM")
        .WithPosition(expr.position)
        .WithHint("SELECT * FROM " + expr.name + "('table')");
  }
  if (IsUnsupportedTimescaleFunction(expr.name) || IsUnsupportedPostgresFunction(expr.name)) {
    return Status::Error(ErrorCode::kFeatureNotSupported, expr.name + "() is not supported")
        .WithPosition(expr.position);
  }
  if (IsAggregateCall(expr)) {
    if (inside_aggregate_) {
      return Status::Error(ErrorCode::kGroupingError, "aggregate function calls cannot be nested")
          .WithPosition(expr.position);
    }
    return Status::Error(ErrorCode::kGroupingError,
                         "aggregate functions are not allowed in " + clause_)
        .WithPosition(expr.position);
  }
  const char* decoration = expr.star_arg            ? "*"
                           : expr.distinct          ? "DISTINCT"
                           : !expr.order_by.empty() ? "ORDER BY"
                           : expr.filter != nullptr ? "FILTER"
                                                    : nullptr;
  if (expr.within_group) {
    return Status::Error(ErrorCode::kUndefinedFunction,
                         "function " + expr.name + " is not an ordered-set aggregate")
        .WithPosition(expr.position);
  }
  if (decoration != nullptr) {
    return Status::Error(ErrorCode::kWrongObjectType, std::string(decoration) + " specified, but " +
                                                          expr.name +
                                                          " is not an aggregate function")
        .WithPosition(expr.position);
  }
  std::vector<ExprPtr> args;
  std::vector<int> positions;
  for (const ast::ExprPtr& arg : expr.args) {
    ASSIGN_OR_RETURN(ExprPtr bound, Bind(*arg));
    args.push_back(std::move(bound));
    positions.push_back(arg->position);
  }
  if (TakesRegclass(expr.name) && !args.empty()) {
    ASSIGN_OR_RETURN(args[0], RelationArgument(args[0], positions[0]));
  }
  if (expr.name == "pg_typeof" && args.size() == 1 && expr.named_args.empty()) {
    // regtype output of the argument's type, known once it is bound; a
    // regtype names no modifier (numeric(10,2) is numeric).
    DataType type = args[0]->type;
    if (type.id == TypeId::kNumeric) type.max_length = -1;
    return exec::MakeConstant(Value::Text(TypeDescription(type)));
  }
  if (const std::vector<NamedParameter>* params = NamedParametersOf(expr.name)) {
    std::vector<std::pair<std::string, ExprPtr>> named;
    for (const auto& [name, value] : expr.named_args) {
      ASSIGN_OR_RETURN(ExprPtr bound, Bind(*value));
      named.emplace_back(name, std::move(bound));
    }
    RETURN_IF_ERROR(FillNamedArguments(expr, *params, std::move(named), args, positions));
  } else if (HasTimescaleParameters(expr.name)) {
    std::vector<std::pair<std::string, ExprPtr>> named;
    for (const auto& [name, value] : expr.named_args) {
      ASSIGN_OR_RETURN(ExprPtr bound, Bind(*value));
      named.emplace_back(name, std::move(bound));
    }
    RETURN_IF_ERROR(ArrangeTimescaleArguments(expr, std::move(named), args, positions,
                                              [&](ExprPtr e, DataType type, int position) {
                                                return CoerceTo(e, type, eval_, position);
                                              }));
  } else if (!expr.named_args.empty()) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "named arguments of " + expr.name + "() are not supported")
        .WithPosition(expr.position);
  }
  if (expr.name == "concat" || expr.name == "concat_ws" || expr.name == "format" ||
      expr.name == "quote_literal" || expr.name == "quote_nullable") {
    // Their parameters are "any": each value enters as its text output.
    for (size_t i = 0; i < args.size(); ++i) {
      ASSIGN_OR_RETURN(args[i], CoerceTo(ResolveUnknown(args[i]), kText, eval_, positions[i]));
    }
  }
  if ((expr.name == "greatest" || expr.name == "least") && !args.empty()) {
    // Like CASE, the arguments share one common type.
    std::string what = expr.name == "greatest" ? "GREATEST" : "LEAST";
    ASSIGN_OR_RETURN(DataType common, CommonType(args, what, expr.position));
    for (size_t i = 0; i < args.size(); ++i) {
      ASSIGN_OR_RETURN(args[i], CoerceTo(args[i], common, eval_, positions[i]));
    }
  }
  std::vector<DataType> types;
  for (const ExprPtr& arg : args)
    types.push_back(arg->type);
  auto resolved = registry.ResolveScalar(expr.name, types);
  if (!resolved.ok()) return WithPositionIfUnset(resolved.status(), expr.position);
  for (size_t i = 0; i < args.size(); ++i) {
    ASSIGN_OR_RETURN(args[i], CoerceTo(args[i], resolved->arg_types[i], eval_, positions[i]));
  }
  return Fold(exec::MakeCall(resolved->function, std::move(args)), expr.position);
}

// As the unknown literal's regclass input would read it.
Result<ExprPtr> ExprBinder::RelationArgument(ExprPtr arg, int position) const {
  if (!(IsUnknown(*arg) || IsString(arg->type.id)) || eval_.catalog == nullptr) return arg;
  if (arg->kind != exec::ExprKind::kConstant) {
    // A name known when the statement runs (a column, an expression, `$n`).
    auto resolved = exec::FunctionRegistry::Instance().ResolveScalar("regclassin", {kText});
    if (!resolved.ok()) return WithPositionIfUnset(resolved.status(), position);
    ASSIGN_OR_RETURN(arg, CoerceTo(arg, kText, eval_, position));
    return exec::MakeCall(resolved->function, {std::move(arg)});
  }
  if (arg->constant.is_null()) return exec::MakeConstant(Value::Null(DataType::Of(TypeId::kInt64)));
  Result<uint32_t> oid = eval_.catalog->ParseRegclass(arg->constant.text_value());
  if (!oid.ok()) return WithPositionIfUnset(oid.status(), position);
  return exec::MakeConstant(Value::Int64(*oid));
}

Result<ExprPtr> ExprBinder::BindWindowCall(const ast::Expr& expr) {
  if (inside_aggregate_) {
    return Status::Error(ErrorCode::kGroupingError,
                         "aggregate function calls cannot contain window function calls")
        .WithPosition(expr.position);
  }
  if (inside_window_) {
    return Status::Error(ErrorCode::kWindowingError, "window function calls cannot be nested")
        .WithPosition(expr.position);
  }
  if (windows_ == nullptr) {
    return Status::Error(ErrorCode::kWindowingError,
                         "window functions are not allowed in " + clause_)
        .WithPosition(expr.position);
  }
  inside_window_ = true;
  Result<ExprPtr> bound = windows_->BindWindowCall(expr, *this);
  inside_window_ = false;
  return bound;
}

Result<ExprPtr> ExprBinder::BindAggregate(const ast::Expr& expr) {
  if (!expr.named_args.empty()) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "named arguments of " + expr.name + "() are not supported")
        .WithPosition(expr.position);
  }
  const std::optional<exec::OrderedSetKind> ordered_set = OrderedSetKindOf(expr.name);
  // As in PostgreSQL, ordered-set and plain aggregates are different
  // functions: the wrong call form finds no function at all.
  if (ordered_set.has_value() != expr.within_group) {
    return Status::Error(ErrorCode::kUndefinedFunction,
                         "function " + expr.name + " does not exist in this form" +
                             (expr.within_group ? " (it is not an ordered-set aggregate)"
                                                : " (it needs WITHIN GROUP)"))
        .WithPosition(expr.position);
  }
  if (expr.star_arg && expr.name != "count") {
    return Status::Error(ErrorCode::kUndefinedFunction,
                         "function " + expr.name + "(*) does not exist")
        .WithPosition(expr.position);
  }
  // Arguments, ORDER BY keys and FILTER see the ungrouped input rows.
  inside_aggregate_ = true;
  Result<exec::AggregateCall> call =
      ordered_set.has_value() ? BindOrderedSetCall(expr, *ordered_set) : BindAggregateCall(expr);
  if (call.ok() && expr.filter != nullptr) {
    Result<ExprPtr> filter = Bind(*expr.filter);
    if (filter.ok() && IsUnknown(**filter)) {
      filter = CoerceTo(*filter, kBool, eval_, expr.filter->position);
    }
    if (filter.ok() && (*filter)->type.id != TypeId::kBool) {
      filter = Status::Error(
                   ErrorCode::kDatatypeMismatch,
                   "argument of FILTER must be type boolean, not type " + TypeName((*filter)->type))
                   .WithPosition(expr.filter->position);
    }
    if (filter.ok()) {
      call->filter = std::move(filter).value();
    } else {
      call = filter.status();
    }
  }
  inside_aggregate_ = false;
  if (!call.ok()) return call.status();

  size_t keys = grouping_->keys.size();
  DataType type = call->function->return_type();
  if (call->owned_function == nullptr) {
    for (size_t i = 0; i < grouping_->aggregates.size(); ++i) {
      const exec::AggregateCall& existing = grouping_->aggregates[i];
      if (existing.function != call->function || existing.args.size() != call->args.size() ||
          !SameFilter(existing, *call)) {
        continue;
      }
      bool same = true;
      for (size_t a = 0; a < call->args.size() && same; ++a) {
        same = ExprEquals(*existing.args[a], *call->args[a]);
      }
      if (same) return exec::MakeColumnRef(static_cast<int>(keys + i), type);
    }
  }
  grouping_->aggregates.push_back(std::move(call).value());
  return exec::MakeColumnRef(static_cast<int>(keys + grouping_->aggregates.size() - 1), type);
}

Result<exec::AggregateCall> ExprBinder::BindAggregateCall(const ast::Expr& expr) {
  std::vector<ExprPtr> args;
  std::vector<DataType> types;
  for (const ast::ExprPtr& arg : expr.args) {
    ASSIGN_OR_RETURN(ExprPtr bound, Bind(*arg));
    types.push_back(bound->type);
    args.push_back(std::move(bound));
  }
  auto resolved = exec::FunctionRegistry::Instance().ResolveAggregate(expr.name, types);
  if (!resolved.ok()) return WithPositionIfUnset(resolved.status(), expr.position);
  const std::vector<ExprPtr> written = args;
  for (size_t i = 0; i < args.size(); ++i) {
    ASSIGN_OR_RETURN(args[i],
                     CoerceTo(args[i], resolved->arg_types[i], eval_, expr.args[i]->position));
  }
  exec::AggregateCall call{.function = resolved->function, .args = std::move(args)};
  if (!expr.distinct && expr.order_by.empty()) return call;

  // The collected rows are the arguments, then ORDER BY keys that are not
  // arguments themselves.
  std::vector<DataType> extra_types;
  std::vector<exec::CollectedOrder> order;
  for (const ast::OrderItem& item : expr.order_by) {
    ASSIGN_OR_RETURN(ExprPtr key, Bind(*item.expr));
    key = ResolveUnknown(std::move(key));
    std::optional<size_t> column;
    for (size_t a = 0; a < written.size() && !column; ++a) {
      if (ExprEquals(*key, *call.args[a]) || ExprEquals(*key, *written[a])) column = a;
    }
    if (!column.has_value()) {
      if (expr.distinct) {
        return Status::Error(ErrorCode::kInvalidColumnReference,
                             "in an aggregate with DISTINCT, ORDER BY expressions must appear "
                             "in argument list")
            .WithPosition(item.expr->position);
      }
      column = call.args.size();
      extra_types.push_back(key->type);
      call.args.push_back(std::move(key));
    }
    order.push_back(
        exec::CollectedOrder{.column = *column,
                             .descending = item.descending,
                             .nulls_first = item.nulls_first.value_or(item.descending)});
  }
  call.owned_function = exec::MakeCollectingAggregate(*call.function, std::move(extra_types),
                                                      std::move(order), expr.distinct);
  call.function = call.owned_function.get();
  return call;
}

Result<exec::AggregateCall> ExprBinder::BindOrderedSetCall(const ast::Expr& expr,
                                                           exec::OrderedSetKind kind) {
  const bool has_fraction = kind != exec::OrderedSetKind::kMode;
  if (expr.args.size() != (has_fraction ? 1u : 0u) || expr.order_by.size() != 1) {
    return Status::Error(ErrorCode::kUndefinedFunction,
                         "function " + expr.name + " with " + std::to_string(expr.args.size()) +
                             " direct and " + std::to_string(expr.order_by.size()) +
                             " aggregated arguments does not exist")
        .WithPosition(expr.position);
  }
  std::optional<double> fraction;
  if (has_fraction) {
    const ast::Expr& direct = *expr.args[0];
    ASSIGN_OR_RETURN(ExprPtr bound, Bind(direct));
    ASSIGN_OR_RETURN(
        bound, CoerceTo(std::move(bound), DataType::Of(TypeId::kFloat64), eval_, direct.position));
    if (bound->kind != exec::ExprKind::kConstant) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "the fraction of " + expr.name + " must be a constant")
          .WithPosition(direct.position);
    }
    if (!bound->constant.is_null()) fraction = bound->constant.float_value();
  }
  const ast::OrderItem& item = expr.order_by[0];
  ASSIGN_OR_RETURN(ExprPtr value, Bind(*item.expr));
  value = ResolveUnknown(std::move(value));
  DataType type = value->type;
  if (kind == exec::OrderedSetKind::kPercentileCont && type.id != TypeId::kInterval) {
    switch (type.id) {
      case TypeId::kInt16:
      case TypeId::kInt32:
      case TypeId::kInt64:
      case TypeId::kFloat32:
      case TypeId::kFloat64:
      case TypeId::kNumeric:
        type = DataType::Of(TypeId::kFloat64);
        break;
      default:
        return Status::Error(ErrorCode::kUndefinedFunction,
                             "function percentile_cont(double precision, " + TypeName(type) +
                                 ") does not exist")
            .WithPosition(expr.position);
    }
    ASSIGN_OR_RETURN(value, CoerceTo(std::move(value), type, eval_, item.expr->position));
  }
  if (type.id == TypeId::kVarchar) {
    ASSIGN_OR_RETURN(value, CoerceTo(std::move(value), kText, eval_, item.expr->position));
    type = kText;
  }
  exec::AggregateCall call;
  call.args.push_back(std::move(value));
  call.owned_function = exec::MakeOrderedSetAggregate(
      kind, type,
      exec::CollectedOrder{.column = 0,
                           .descending = item.descending,
                           .nulls_first = item.nulls_first.value_or(item.descending)},
      fraction);
  call.function = call.owned_function.get();
  return call;
}

Result<ExprPtr> ExprBinder::BindOperator(const std::string& op, std::vector<ExprPtr> args,
                                         int position) {
  if (op == "and" || op == "or") {
    exec::ExprKind kind = op == "and" ? exec::ExprKind::kAnd : exec::ExprKind::kOr;
    std::vector<ExprPtr> flat;
    for (ExprPtr& arg : args) {
      if (IsUnknown(*arg)) {
        ASSIGN_OR_RETURN(arg, CoerceTo(arg, kBool, eval_, position));
      }
      if (arg->type.id != TypeId::kBool) {
        return Status::Error(ErrorCode::kDatatypeMismatch,
                             "argument of " + std::string(op == "and" ? "AND" : "OR") +
                                 " must be type boolean, not type " + TypeName(arg->type))
            .WithPosition(position);
      }
      if (arg->kind == kind) {
        flat.insert(flat.end(), arg->args.begin(), arg->args.end());
      } else {
        flat.push_back(std::move(arg));
      }
    }
    return Fold(MakeNode(kind, kBool, std::move(flat)), position);
  }
  std::vector<DataType> types;
  for (const ExprPtr& arg : args)
    types.push_back(arg->type);
  auto resolved = exec::FunctionRegistry::Instance().ResolveScalar(op, types);
  if (!resolved.ok()) return WithPositionIfUnset(resolved.status(), position);
  for (size_t i = 0; i < args.size(); ++i) {
    ASSIGN_OR_RETURN(args[i], CoerceTo(args[i], resolved->arg_types[i], eval_, position));
  }
  return Fold(exec::MakeCall(resolved->function, std::move(args)), position);
}

Result<ExprPtr> ExprBinder::BindUnary(const ast::Expr& expr) {
  const ast::Expr& operand = *expr.args[0];
  if (expr.name == "not") {
    ASSIGN_OR_RETURN(ExprPtr arg, Bind(operand));
    if (IsUnknown(*arg)) {
      ASSIGN_OR_RETURN(arg, CoerceTo(arg, kBool, eval_, operand.position));
    }
    if (arg->type.id != TypeId::kBool) {
      return Status::Error(ErrorCode::kDatatypeMismatch,
                           "argument of NOT must be type boolean, not type " + TypeName(arg->type))
          .WithPosition(expr.position);
    }
    return Fold(MakeNode(exec::ExprKind::kNot, kBool, {arg}), expr.position);
  }
  if (expr.name == "-" && operand.kind == ast::ExprKind::kLiteral &&
      (operand.literal_kind == ast::LiteralKind::kInteger ||
       operand.literal_kind == ast::LiteralKind::kDecimal) &&
      operand.text[0] != '-') {
    // A negative literal: -2147483648 is still an int4, as in PostgreSQL.
    // -(-7) negates the already negative literal like any other value.
    ast::Expr negative;
    negative.kind = ast::ExprKind::kLiteral;
    negative.literal_kind = operand.literal_kind;
    negative.text = "-" + operand.text;
    negative.position = expr.position;
    return BindLiteral(negative);
  }
  ASSIGN_OR_RETURN(ExprPtr arg, Bind(operand));
  if (expr.name == "+") return arg;
  auto unary = exec::FunctionRegistry::Instance().ResolveScalar(expr.name, {arg->type});
  if (unary.ok()) {
    ASSIGN_OR_RETURN(arg, CoerceTo(arg, unary->arg_types[0], eval_, operand.position));
    return Fold(exec::MakeCall(unary->function, {arg}), expr.position);
  }
  if (expr.name == "-" && IsNumeric(arg->type.id)) {
    ExprPtr zero = exec::MakeConstant(IsFloat(arg->type.id) ? Value::Float(arg->type.id, 0)
                                                            : Value::Int(arg->type.id, 0));
    return BindOperator("-", {zero, arg}, expr.position);
  }
  return WithPositionIfUnset(unary.status(), expr.position);
}

Result<ExprPtr> ExprBinder::BindCast(const ast::Expr& expr) {
  if (!expr.type_name->is_array &&
      (expr.type_name->name == "regclass" || expr.type_name->name == "pg_catalog.regclass")) {
    return BindRegclass(expr);
  }
  if (!expr.type_name->is_array &&
      (expr.type_name->name == "regtype" || expr.type_name->name == "pg_catalog.regtype")) {
    return BindRegtype(expr);
  }
  if (!expr.type_name->is_array && (expr.type_name->name == "regnamespace" ||
                                    expr.type_name->name == "pg_catalog.regnamespace")) {
    return BindRegOutput(expr, "regnamespaceout");
  }
  ASSIGN_OR_RETURN(DataType target, ResolveCastTypeName(*expr.type_name));
  if (expr.args[0]->kind == ast::ExprKind::kArray && target.id == TypeId::kArray) {
    // ARRAY[...]::t[] types its elements (and makes ARRAY[] possible).
    return BindArray(*expr.args[0], target);
  }
  ASSIGN_OR_RETURN(ExprPtr arg, Bind(*expr.args[0]));
  if (arg->type == target) return arg;
  return CoerceExprTo(*expr.args[0], arg, target, eval_, expr.position);
}

// `'name'::regclass` is the named relation's OID (a bigint, like the
// catalog's oid columns), resolved now for a constant and when the
// statement runs otherwise; regclass values that would print as names are
// not supported.
Result<ExprPtr> ExprBinder::BindRegclass(const ast::Expr& expr) {
  ASSIGN_OR_RETURN(ExprPtr arg, Bind(*expr.args[0]));
  if (IsInteger(arg->type.id)) return BindRegOutput(expr, "regclassout");
  if (!(IsUnknown(*arg) || IsString(arg->type.id)) || eval_.catalog == nullptr) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "regclass is supported only as a cast of a relation name or OID")
        .WithPosition(expr.type_name->position);
  }
  return RelationArgument(std::move(arg), expr.args[0]->position);
}

// `oid::regclass` / `::regnamespace` print the object's name: text here.
Result<ExprPtr> ExprBinder::BindRegOutput(const ast::Expr& expr, const char* output_function) {
  ASSIGN_OR_RETURN(ExprPtr arg, Bind(*expr.args[0]));
  if (!IsInteger(arg->type.id)) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "only an OID can be cast to " + expr.type_name->name + " here")
        .WithPosition(expr.type_name->position);
  }
  auto resolved = exec::FunctionRegistry::Instance().ResolveScalar(output_function, {arg->type});
  if (!resolved.ok()) return WithPositionIfUnset(resolved.status(), expr.position);
  ASSIGN_OR_RETURN(arg, CoerceTo(arg, resolved->arg_types[0], eval_, expr.position));
  return Fold(exec::MakeCall(resolved->function, {arg}), expr.position);
}

// regtype: a type OID prints as the type's name (format_type without a
// modifier), so `oid::regtype::text` is text here; a constant type name
// casts to its OID (a bigint, like the catalog's oid columns).
Result<ExprPtr> ExprBinder::BindRegtype(const ast::Expr& expr) {
  ASSIGN_OR_RETURN(ExprPtr arg, Bind(*expr.args[0]));
  if (IsInteger(arg->type.id)) {
    ASSIGN_OR_RETURN(ExprPtr oid,
                     CoerceTo(arg, DataType::Of(TypeId::kInt64), eval_, expr.args[0]->position));
    auto resolved = exec::FunctionRegistry::Instance().ResolveScalar(
        "format_type", {DataType::Of(TypeId::kInt64), DataType::Of(TypeId::kInt32)});
    if (!resolved.ok()) return WithPositionIfUnset(resolved.status(), expr.position);
    ASSIGN_OR_RETURN(oid, CoerceTo(oid, resolved->arg_types[0], eval_, expr.position));
    return Fold(exec::MakeCall(resolved->function,
                               {oid, exec::MakeConstant(Value::Null(resolved->arg_types[1]))}),
                expr.position);
  }
  if (arg->kind != exec::ExprKind::kConstant || !(IsUnknown(*arg) || IsString(arg->type.id))) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "regtype is supported only as a cast of a type OID or a constant name")
        .WithPosition(expr.type_name->position);
  }
  if (arg->constant.is_null()) return exec::MakeConstant(Value::Null(DataType::Of(TypeId::kInt64)));
  ast::TypeName name{.name = arg->constant.text_value(), .position = expr.args[0]->position};
  if (name.name.ends_with("[]")) {
    name.name.resize(name.name.size() - 2);
    name.is_array = true;
  }
  ASSIGN_OR_RETURN(DataType type, ResolveTypeName(name));
  return exec::MakeConstant(Value::Int64(PgTypeOid(type)));
}

Result<ExprPtr> ExprBinder::BindBool(const ast::Expr& expr) {
  ASSIGN_OR_RETURN(ExprPtr arg, Bind(*expr.args[0]));
  ASSIGN_OR_RETURN(arg, CoerceTo(arg, kBool, eval_, expr.position));
  if (arg->type.id != TypeId::kBool) {
    return Status::Error(ErrorCode::kDatatypeMismatch,
                         "argument of IS " + std::string(expr.bool_test) +
                             " must be type boolean, not type " + TypeName(arg->type))
        .WithPosition(expr.position);
  }
  ExprPtr result;
  if (expr.bool_test == "unknown") {
    result = MakeNode(exec::ExprKind::kIsNull, kBool, {arg});
  } else {
    // x IS TRUE is CASE WHEN x THEN true ELSE false END (NULL gives false).
    ExprPtr when = expr.bool_test == "true" ? arg : MakeNode(exec::ExprKind::kNot, kBool, {arg});
    result = std::make_shared<const exec::Expr>(
        exec::Expr{.kind = exec::ExprKind::kCase,
                   .type = kBool,
                   .args = {when, exec::MakeConstant(Value::Bool(true)),
                            exec::MakeConstant(Value::Bool(false))},
                   .has_else = true});
  }
  if (expr.negated) result = MakeNode(exec::ExprKind::kNot, kBool, {result});
  return Fold(result, expr.position);
}

// ARRAY[a, b, ...]: the elements share one common type (text when all are
// untyped), or `target`'s element type under a cast.
Result<ExprPtr> ExprBinder::BindArray(const ast::Expr& expr, std::optional<DataType> target) {
  std::vector<ExprPtr> args;
  for (const ast::ExprPtr& arg : expr.args) {
    if (arg->kind == ast::ExprKind::kArray) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "multidimensional arrays are not supported")
          .WithPosition(arg->position);
    }
    ASSIGN_OR_RETURN(ExprPtr bound, Bind(*arg));
    args.push_back(std::move(bound));
  }
  DataType element;
  if (target) {
    element = target->ElementType();
  } else if (args.empty()) {
    return Status::Error(ErrorCode::kIndeterminateDatatype, "cannot determine type of empty array")
        .WithPosition(expr.position)
        .WithHint("Explicitly cast to the desired type, for example ARRAY[]::integer[].");
  } else {
    ASSIGN_OR_RETURN(element, CommonType(args, "ARRAY", expr.position));
  }
  if (!IsArrayElementType(element.id)) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "arrays of type " + TypeDescription(element) + " are not supported")
        .WithPosition(expr.position);
  }
  for (size_t i = 0; i < args.size(); ++i) {
    ASSIGN_OR_RETURN(args[i], CoerceTo(args[i], element, eval_, expr.args[i]->position));
  }
  auto node = std::make_shared<const exec::Expr>(exec::Expr{
      .kind = exec::ExprKind::kArray, .type = DataType::ArrayOf(element.id), .args = args});
  return Fold(node, expr.position);
}

Result<ExprPtr> ExprBinder::BindQuantified(const ast::Expr& expr, const std::string& quantifier) {
  static constexpr std::string_view kComparisons[] = {"=", "<>", "<", "<=", ">", ">="};
  const std::string op = expr.name == "!=" ? "<>" : expr.name;
  if (std::find(std::begin(kComparisons), std::end(kComparisons), op) == std::end(kComparisons)) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "operator " + op + " " + quantifier + " (array) is not supported")
        .WithPosition(expr.position);
  }
  ASSIGN_OR_RETURN(ExprPtr probe, Bind(*expr.args[0]));
  ASSIGN_OR_RETURN(ExprPtr array, Bind(*expr.args[1]->args[0]));
  const int array_position = expr.args[1]->args[0]->position;
  if (IsUnknown(*array)) {
    // '{a,b}' takes the probe's type (text when the probe is untyped too).
    DataType element = IsUnknown(*probe) ? kText : probe->type;
    if (!IsArrayElementType(element.id)) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "arrays of type " + TypeDescription(element) + " are not supported")
          .WithPosition(array_position);
    }
    ASSIGN_OR_RETURN(array, CoerceTo(array, DataType::ArrayOf(element.id), eval_, array_position));
  }
  if (array->type.id != TypeId::kArray) {
    return Status::Error(ErrorCode::kWrongObjectType,
                         "op ANY/ALL (array) requires array on right side")
        .WithPosition(expr.position);
  }
  const std::string name = op + " " + quantifier;
  auto resolved =
      exec::FunctionRegistry::Instance().ResolveScalar(name, {probe->type, array->type});
  if (!resolved.ok()) {
    return Status::Error(ErrorCode::kUndefinedFunction,
                         "operator does not exist: " + TypeDescription(probe->type) + " " + op +
                             " " + TypeDescription(array->type))
        .WithPosition(expr.position);
  }
  ASSIGN_OR_RETURN(probe, CoerceTo(probe, resolved->arg_types[0], eval_, expr.args[0]->position));
  ASSIGN_OR_RETURN(array, CoerceTo(array, resolved->arg_types[1], eval_, array_position));
  return Fold(exec::MakeCall(resolved->function, {probe, array}), expr.position);
}

Result<ExprPtr> ExprBinder::BindOuterValue(const ExprPtr& outer, int position) {
  if (outer->kind == exec::ExprKind::kOuterColumnRef) {
    return BindScopeColumn(outer->column, position);
  }
  if (outer->args.empty()) return outer;
  exec::Expr copy = *outer;
  for (ExprPtr& arg : copy.args) {
    ASSIGN_OR_RETURN(arg, BindOuterValue(arg, position));
  }
  return std::make_shared<const exec::Expr>(std::move(copy));
}

Result<ExprPtr> ExprBinder::BindSubqueryExpr(const ast::Expr& expr) {
  if (subqueries_ == nullptr) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "subqueries are not supported in " + clause_)
        .WithPosition(expr.position);
  }
  // ARRAY(subquery) collects rows per outer row, which grouped lookups do not.
  const bool per_row = expr.kind == ast::ExprKind::kArraySubquery;
  ASSIGN_OR_RETURN(BoundSubquery sub, subqueries_->BindSubquery(*expr.subquery, scope_, per_row));
  exec::Expr node{.kind = exec::ExprKind::kSubquery, .negated = expr.negated};
  node.subquery = sub.plan;
  node.subquery_empty = sub.empty_result;
  node.per_row = sub.per_row;
  // The outer row's correlation values, bound here like columns written in
  // this clause (so a grouped query must group by them).
  std::vector<ExprPtr> correlation;
  for (const ExprPtr& outer : sub.correlation) {
    ASSIGN_OR_RETURN(ExprPtr value, BindOuterValue(outer, expr.position));
    correlation.push_back(std::move(value));
  }
  switch (expr.kind) {
    case ast::ExprKind::kExists:
      node.subquery_kind = exec::SubqueryKind::kExists;
      node.type = kBool;
      break;
    case ast::ExprKind::kScalarSubquery:
      if (sub.types.size() != 1) {
        return Status::Error(ErrorCode::kSyntaxError, "subquery must return only one column")
            .WithPosition(expr.position);
      }
      node.subquery_kind = exec::SubqueryKind::kScalar;
      node.type = sub.types[0];
      break;
    case ast::ExprKind::kArraySubquery:
      if (sub.types.size() != 1) {
        return Status::Error(ErrorCode::kSyntaxError, "subquery must return only one column")
            .WithPosition(expr.position);
      }
      if (!IsArrayElementType(sub.types[0].id)) {
        return Status::Error(
                   ErrorCode::kFeatureNotSupported,
                   "arrays of type " + TypeDescription(sub.types[0]) + " are not supported")
            .WithPosition(expr.position);
      }
      node.subquery_kind = exec::SubqueryKind::kArray;
      node.type = DataType::ArrayOf(sub.types[0].id);
      break;
    default: {
      if (sub.types.size() != 1) {
        return Status::Error(ErrorCode::kSyntaxError, "subquery has too many columns")
            .WithPosition(expr.position);
      }
      ASSIGN_OR_RETURN(ExprPtr probe, Bind(*expr.args[0]));
      DataType column = sub.types[0];
      DataType target = column;
      if (!IsUnknown(*probe) && !(probe->type == column)) {
        if (exec::CanImplicitlyCast(column, probe->type) &&
            !exec::CanImplicitlyCast(probe->type, column)) {
          target = probe->type;
        } else if (!exec::CanImplicitlyCast(probe->type, column)) {
          return Status::Error(ErrorCode::kUndefinedFunction,
                               "operator does not exist: " + TypeDescription(probe->type) + " = " +
                                   TypeDescription(column))
              .WithPosition(expr.position)
              .WithHint(
                  "No operator matches the given name and argument types. You might need to add "
                  "explicit type casts.");
        }
      }
      ASSIGN_OR_RETURN(probe, CoerceTo(probe, target, eval_, expr.args[0]->position));
      if (!(target == column)) {
        auto cast = std::make_shared<exec::ProjectPlan>();
        cast->children.push_back(sub.plan);
        cast->expressions.push_back(exec::MakeCast(exec::MakeColumnRef(0, column), target));
        cast->output_types.push_back(target);
        node.subquery = std::move(cast);
      }
      node.subquery_kind = exec::SubqueryKind::kIn;
      node.type = kBool;
      node.args.push_back(std::move(probe));
      break;
    }
  }
  for (ExprPtr& value : correlation)
    node.args.push_back(std::move(value));
  ExprPtr answer = std::make_shared<const exec::Expr>(std::move(node));
  if (sub.outer_guards.empty()) return answer;
  // Where a guard is not true the subquery has no rows.
  std::vector<ExprPtr> guards;
  for (const ExprPtr& outer : sub.outer_guards) {
    ASSIGN_OR_RETURN(ExprPtr guard, BindOuterValue(outer, expr.position));
    guards.push_back(std::move(guard));
  }
  ExprPtr over_no_rows;
  if (answer->subquery_kind != exec::SubqueryKind::kScalar) {
    over_no_rows = exec::MakeConstant(Value::Bool(answer->negated));
  } else if (sub.empty_result) {
    over_no_rows = std::make_shared<const exec::Expr>(exec::Expr{
        .kind = exec::ExprKind::kSubquery, .type = answer->type, .subquery = sub.empty_result});
  } else {
    over_no_rows = exec::MakeConstant(Value::Null(answer->type));
  }
  return std::make_shared<const exec::Expr>(
      exec::Expr{.kind = exec::ExprKind::kCase,
                 .type = answer->type,
                 .args = {Conjunction(std::move(guards)), answer, over_no_rows},
                 .has_else = true});
}

Result<ExprPtr> ExprBinder::BindInList(const ast::Expr& expr) {
  std::vector<ExprPtr> args;
  for (const ast::ExprPtr& arg : expr.args) {
    ASSIGN_OR_RETURN(ExprPtr bound, Bind(*arg));
    args.push_back(std::move(bound));
  }
  ASSIGN_OR_RETURN(DataType common, CommonType(args, "IN", expr.position));
  for (size_t i = 0; i < args.size(); ++i) {
    ASSIGN_OR_RETURN(args[i], CoerceTo(args[i], common, eval_, expr.args[i]->position));
  }
  return Fold(MakeNode(exec::ExprKind::kInList, kBool, std::move(args), expr.negated),
              expr.position);
}

Result<ExprPtr> ExprBinder::BindCase(const ast::Expr& expr) {
  size_t first = expr.has_operand ? 1 : 0;
  size_t end = expr.args.size() - (expr.has_else ? 1 : 0);
  ExprPtr operand;
  if (expr.has_operand) {
    ASSIGN_OR_RETURN(operand, Bind(*expr.args[0]));
  }
  std::vector<ExprPtr> conditions;
  std::vector<ExprPtr> results;
  // Once a WHEN is constantly true, nothing after it is ever chosen.
  bool decided = false;
  struct RestoreOnReturn {
    int& counter;
    const int saved;
    ~RestoreOnReturn() { counter = saved; }
  } restore{unreachable_branches_, unreachable_branches_};
  for (size_t i = first; i + 1 < end; i += 2) {
    const ast::Expr& when = *expr.args[i];
    if (operand) {
      ASSIGN_OR_RETURN(ExprPtr value, Bind(when));
      ASSIGN_OR_RETURN(ExprPtr cond, BindOperator("=", {operand, value}, when.position));
      conditions.push_back(std::move(cond));
    } else {
      std::string saved = clause_;
      clause_ = "CASE/WHEN";
      Result<ExprPtr> cond = BindCondition(when);
      clause_ = saved;
      if (!cond.ok()) return cond.status();
      conditions.push_back(std::move(cond).value());
    }
    const exec::Expr& condition = *conditions.back();
    const bool constant = condition.kind == exec::ExprKind::kConstant;
    const bool never =
        constant && (condition.constant.is_null() || !condition.constant.bool_value());
    if (never && !decided) ++unreachable_branches_;
    Result<ExprPtr> then = Bind(*expr.args[i + 1]);
    if (never && !decided) --unreachable_branches_;
    if (!then.ok()) return then.status();
    results.push_back(std::move(then).value());
    if (constant && !never && !decided) {
      decided = true;
      ++unreachable_branches_;
    }
  }
  if (expr.has_else) {
    ASSIGN_OR_RETURN(ExprPtr otherwise, Bind(*expr.args.back()));
    results.push_back(std::move(otherwise));
  }
  ASSIGN_OR_RETURN(DataType type, CommonType(results, "CASE", expr.position));
  for (ExprPtr& r : results) {
    ASSIGN_OR_RETURN(r, CoerceTo(r, type, eval_, expr.position));
  }
  std::vector<ExprPtr> args;
  for (size_t i = 0; i < conditions.size(); ++i) {
    args.push_back(conditions[i]);
    args.push_back(results[i]);
  }
  if (expr.has_else) args.push_back(results.back());
  auto node = std::make_shared<const exec::Expr>(exec::Expr{.kind = exec::ExprKind::kCase,
                                                            .type = type,
                                                            .args = std::move(args),
                                                            .has_else = expr.has_else});
  return Fold(node, expr.position);
}

// x [NOT] BETWEEN [SYMMETRIC] a AND b expands as PostgreSQL expands it:
// a >= and a <= comparison, and for SYMMETRIC the same with the bounds
// swapped, OR-ed (AND-ed for NOT).
Result<ExprPtr> ExprBinder::BindBetween(const ast::Expr& expr) {
  ASSIGN_OR_RETURN(ExprPtr value, Bind(*expr.args[0]));
  ASSIGN_OR_RETURN(ExprPtr low, Bind(*expr.args[1]));
  ASSIGN_OR_RETURN(ExprPtr high, Bind(*expr.args[2]));
  auto range = [&](ExprPtr from, ExprPtr to) -> Result<ExprPtr> {
    ASSIGN_OR_RETURN(ExprPtr lower,
                     BindOperator(expr.negated ? "<" : ">=", {value, from}, expr.position));
    ASSIGN_OR_RETURN(ExprPtr upper,
                     BindOperator(expr.negated ? ">" : "<=", {value, to}, expr.position));
    return BindOperator(expr.negated ? "or" : "and", {lower, upper}, expr.position);
  };
  ASSIGN_OR_RETURN(ExprPtr forward, range(low, high));
  if (!expr.symmetric) return forward;
  ASSIGN_OR_RETURN(ExprPtr backward, range(high, low));
  return BindOperator(expr.negated ? "and" : "or", {forward, backward}, expr.position);
}

// a IS [NOT] DISTINCT FROM b compares the operands as "=" would (same
// overload, same implicit casts) but treats NULLs as ordinary values.
Result<ExprPtr> ExprBinder::BindIsDistinct(const ast::Expr& expr) {
  std::vector<ExprPtr> args;
  for (const ast::ExprPtr& arg : expr.args) {
    ASSIGN_OR_RETURN(ExprPtr bound, Bind(*arg));
    args.push_back(std::move(bound));
  }
  if (IsUnknown(*args[0]) && IsUnknown(*args[1])) {
    args[0] = ResolveUnknown(args[0]);
    args[1] = ResolveUnknown(args[1]);
  }
  const auto& registry = exec::FunctionRegistry::Instance();
  auto equality = registry.ResolveScalar("=", {args[0]->type, args[1]->type});
  if (!equality.ok()) return WithPositionIfUnset(equality.status(), expr.position);
  for (size_t i = 0; i < args.size(); ++i) {
    ASSIGN_OR_RETURN(args[i], CoerceTo(args[i], equality->arg_types[i], eval_, expr.position));
  }
  auto resolved = registry.ResolveScalar(expr.negated ? "is not distinct from" : "is distinct from",
                                         {args[0]->type, args[1]->type});
  if (!resolved.ok()) return WithPositionIfUnset(resolved.status(), expr.position);
  return Fold(exec::MakeCall(resolved->function, std::move(args)), expr.position);
}

}  // namespace sundial::sql
