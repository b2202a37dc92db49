#include "sql/select_binder.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "exec/function_registry.h"
#include "sql/expr_util.h"
#include "sql/gapfill.h"
#include "sql/logical_builder.h"
#include "sql/physical_planner.h"
#include "sql/size_functions.h"
#include "sql/statements.h"
#include "sql/views.h"
#include "sql/window_binder.h"

namespace sundial::sql {
namespace {

void NoteReference(std::vector<uint32_t>& oids, uint32_t oid) {
  if (std::find(oids.begin(), oids.end(), oid) == oids.end()) oids.push_back(oid);
}

using exec::ExprPtr;

constexpr std::array<std::string_view, 3> kSequenceColumns = {"last_value", "log_cnt", "is_called"};

// A sequence in FROM reads as PostgreSQL's one row of its state, taken when
// the statement is bound (as show_chunks' rows are), so before its rows run.
LogicalPtr SequenceRow(const catalog::SequenceDefinition& sequence) {
  auto values = std::make_shared<LogicalValues>();
  values->output_types = {DataType::Of(TypeId::kInt64), DataType::Of(TypeId::kInt64),
                          DataType::Of(TypeId::kBool)};
  values->rows.push_back({exec::MakeConstant(Value::Int64(sequence.last_value)),
                          exec::MakeConstant(Value::Int64(sequence.log_count)),
                          exec::MakeConstant(Value::Bool(sequence.is_called))});
  return values;
}

bool IsIntegerLiteral(const ast::Expr& e) {
  return e.kind == ast::ExprKind::kLiteral && e.literal_kind == ast::LiteralKind::kInteger;
}

bool IsBareName(const ast::Expr& e) {
  return e.kind == ast::ExprKind::kColumnRef && e.qualifier.empty();
}

// The entries `SELECT *` lists from `scope`, in order (see Scope::star_order).
std::vector<int> StarOrder(const Scope& scope) {
  if (!scope.star_order.empty()) return scope.star_order;
  std::vector<int> all(scope.columns.size());
  for (size_t i = 0; i < all.size(); ++i)
    all[i] = static_cast<int>(i);
  return all;
}

std::vector<std::string> StarNames(const Scope& scope) {
  std::vector<std::string> names;
  for (int entry : StarOrder(scope)) {
    names.push_back(static_cast<size_t>(entry) < scope.columns.size()
                        ? scope.columns[entry].name
                        : scope.merged[entry - scope.columns.size()].name);
  }
  return names;
}

// NATURAL JOIN's USING list: the names both sides' `*` lists, in the left
// side's order.
std::vector<std::string> CommonColumnNames(const Scope& left, const Scope& right) {
  std::vector<std::string> right_names = StarNames(right);
  std::vector<std::string> common;
  for (const std::string& name : StarNames(left)) {
    if (std::find(right_names.begin(), right_names.end(), name) != right_names.end() &&
        std::find(common.begin(), common.end(), name) == common.end()) {
      common.push_back(name);
    }
  }
  return common;
}

// The scope of `left JOIN right`: left's columns, then right's (their
// merged USING columns shifted to match), with an explicit SELECT * order.
Scope JoinScopes(const Scope& left, const Scope& right) {
  Scope joined;
  joined.columns = left.columns;
  joined.columns.insert(joined.columns.end(), right.columns.begin(), right.columns.end());
  size_t offset = left.columns.size();
  size_t columns = joined.columns.size();
  std::vector<ExprPtr> shift_right;
  for (size_t i = 0; i < right.columns.size(); ++i) {
    shift_right.push_back(exec::MakeColumnRef(static_cast<int>(offset + i), right.columns[i].type));
  }
  for (const MergedColumn& m : left.merged)
    joined.merged.push_back(m);
  for (const MergedColumn& m : right.merged) {
    joined.merged.push_back(MergedColumn{.name = m.name,
                                         .value = SubstituteColumns(m.value, shift_right),
                                         .merged_away = m.merged_away});
  }
  for (int entry : StarOrder(left)) {
    joined.star_order.push_back(
        static_cast<size_t>(entry) < offset ? entry : static_cast<int>(columns + (entry - offset)));
  }
  for (int entry : StarOrder(right)) {
    size_t right_columns = right.columns.size();
    joined.star_order.push_back(
        static_cast<size_t>(entry) < right_columns
            ? static_cast<int>(offset + entry)
            : static_cast<int>(columns + left.merged.size() + (entry - right_columns)));
  }
  return joined;
}

std::string SetOperationName(ast::SetOperation op) {
  switch (op) {
    case ast::SetOperation::kUnion:
    case ast::SetOperation::kUnionAll:
      return "UNION";
    case ast::SetOperation::kIntersect:
      return "INTERSECT";
    case ast::SetOperation::kExcept:
      return "EXCEPT";
    case ast::SetOperation::kNone:
      break;
  }
  return "set operation";
}

// An expression over a subquery's columns and (kOuterColumnRef) its outer
// query's, rewritten over the outer columns followed by the subquery's.
ExprPtr ToPairLayout(const ExprPtr& expr, int outer_width) {
  if (expr->kind == exec::ExprKind::kOuterColumnRef) {
    return exec::MakeColumnRef(expr->column, expr->type);
  }
  if (expr->kind == exec::ExprKind::kColumnRef) {
    return exec::MakeColumnRef(outer_width + expr->column, expr->type);
  }
  if (expr->args.empty()) return expr;
  exec::Expr copy = *expr;
  for (ExprPtr& arg : copy.args)
    arg = ToPairLayout(arg, outer_width);
  return std::make_shared<const exec::Expr>(std::move(copy));
}

bool ContainsSubquery(const exec::Expr& expr) {
  if (expr.kind == exec::ExprKind::kSubquery) return true;
  return std::any_of(expr.args.begin(), expr.args.end(),
                     [](const ExprPtr& arg) { return ContainsSubquery(*arg); });
}

// The top-level AND terms of a WHERE clause as written.
void SplitAstConjuncts(const ast::Expr& expr, std::vector<const ast::Expr*>& out) {
  if (expr.kind == ast::ExprKind::kBinaryOp && expr.name == "and") {
    for (const ast::ExprPtr& arg : expr.args)
      SplitAstConjuncts(*arg, out);
  } else {
    out.push_back(&expr);
  }
}

// Moves the WHERE terms `inner = outer` (one side over the subquery's
// columns, the other over the enclosing query's) out of `where`, and the
// terms over the enclosing query's columns alone into `guards`.
Status SplitCorrelation(ExprPtr& where, std::vector<ExprPtr>& inner, std::vector<ExprPtr>& outer,
                        std::vector<ExprPtr>& guards, int position) {
  if (!ContainsOuterReference(*where)) return Status::Ok();
  std::vector<ExprPtr> conjuncts;
  SplitConjuncts(where, conjuncts);
  std::vector<ExprPtr> rest;
  for (const ExprPtr& c : conjuncts) {
    if (!ContainsOuterReference(*c)) {
      rest.push_back(c);
      continue;
    }
    std::set<int> own_columns;
    CollectColumns(*c, own_columns);
    if (own_columns.empty() && !ContainsSubquery(*c)) {
      guards.push_back(c);
      continue;
    }
    if (c->kind == exec::ExprKind::kCall && c->function->name == "=" && c->args.size() == 2) {
      auto only_outer = [](const ExprPtr& e) {
        std::set<int> columns;
        CollectColumns(*e, columns);
        return columns.empty() && ContainsOuterReference(*e);
      };
      const ExprPtr& a = c->args[0];
      const ExprPtr& b = c->args[1];
      if (only_outer(a) && !ContainsOuterReference(*b)) {
        inner.push_back(b);
        outer.push_back(a);
        continue;
      }
      if (only_outer(b) && !ContainsOuterReference(*a)) {
        inner.push_back(a);
        outer.push_back(b);
        continue;
      }
    }
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "correlated subqueries are supported only through equalities between "
                         "the subquery's and the enclosing query's columns")
        .WithPosition(position);
  }
  where = nullptr;
  if (rest.size() == 1) where = rest[0];
  if (rest.size() > 1) {
    where = std::make_shared<const exec::Expr>(exec::Expr{
        .kind = exec::ExprKind::kAnd, .type = DataType::Of(TypeId::kBool), .args = rest});
  }
  return Status::Ok();
}

// The one-row answer of a decorrelated aggregate without GROUP BY over no
// rows (count(*) gives 0, max() NULL): the same aggregates and select list
// over an empty input. `query` and `grouping` are the decorrelated query,
// whose only group keys are the correlation columns.
Result<exec::PlanPtr> PlanEmptyAggregate(const BoundQuery& query, const Grouping& grouping,
                                         const Scope& scope, size_t own_columns) {
  const int keys = static_cast<int>(grouping.keys.size());
  // Grouped-layout references shift down past the dropped keys.
  std::vector<int> mapping(keys + grouping.aggregates.size(), -1);
  for (size_t i = 0; i < grouping.aggregates.size(); ++i)
    mapping[keys + i] = static_cast<int>(i);
  auto shifted = [&](const ExprPtr& e) -> Result<ExprPtr> {
    std::set<int> columns;
    CollectColumns(*e, columns);
    if (!columns.empty() && *columns.begin() < keys) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "a correlated subquery's select list may not name its correlation "
                           "columns");
    }
    return RemapColumns(e, mapping);
  };
  BoundQuery empty;
  auto none = std::make_shared<LogicalValues>();
  for (const ScopeColumn& c : scope.columns)
    none->output_types.push_back(c.type);
  empty.source = std::move(none);
  empty.aggregated = true;
  empty.aggregates = grouping.aggregates;
  for (size_t i = 0; i < own_columns; ++i) {
    ASSIGN_OR_RETURN(ExprPtr p, shifted(query.projections[i]));
    empty.projections.push_back(std::move(p));
    empty.columns.push_back(query.columns[i]);
  }
  empty.visible_count = own_columns;
  if (query.having) {
    ASSIGN_OR_RETURN(empty.having, shifted(query.having));
  }
  return PlanPhysical(BuildLogical(empty));
}

}  // namespace

SelectBinder::SelectBinder(const catalog::Catalog& catalog, const exec::EvalContext& eval)
    : catalog_(catalog), eval_(eval) {}

Result<BoundRelation> SelectBinder::BindRelation(const ast::SelectStmt& select) {
  ASSIGN_OR_RETURN(BoundQuery query, Bind(select));
  return BoundRelation{.plan = BuildLogical(query),
                       .columns = query.columns,
                       .correlation = query.correlation,
                       .empty_result = query.empty_result,
                       .outer_guards = query.outer_guards};
}

Status SelectBinder::BindValues(const ast::SelectStmt& select, BoundQuery& query, Scope& scope) {
  Scope empty;
  ExprBinder binder = ClauseBinder(empty, "VALUES");
  size_t width = select.values[0].size();
  std::vector<std::vector<ExprPtr>> rows;
  for (const auto& row : select.values) {
    if (row.size() != width) {
      return Status::Error(ErrorCode::kSyntaxError, "VALUES lists must all be the same length")
          .WithPosition(row.empty() ? select.position : row[0]->position);
    }
    std::vector<ExprPtr> bound;
    for (const ast::ExprPtr& e : row) {
      ASSIGN_OR_RETURN(ExprPtr b, binder.Bind(*e));
      bound.push_back(std::move(b));
    }
    rows.push_back(std::move(bound));
  }
  auto values = std::make_shared<LogicalValues>();
  for (size_t c = 0; c < width; ++c) {
    // Column type: the first typed value decides, as PostgreSQL's VALUES does.
    DataType type = DataType::Of(TypeId::kText);
    for (const auto& row : rows) {
      if (row[c]->type.id != TypeId::kUnknown) {
        type = row[c]->type;
        break;
      }
    }
    for (size_t r = 0; r < rows.size(); ++r) {
      ASSIGN_OR_RETURN(rows[r][c],
                       CoerceTo(rows[r][c], type, eval_, select.values[r][c]->position));
    }
    values->output_types.push_back(type);
    scope.columns.push_back(ScopeColumn{
        .qualifier = "*VALUES*", .name = "column" + std::to_string(c + 1), .type = type});
  }
  values->rows = std::move(rows);
  query.source = std::move(values);
  return Status::Ok();
}

ExprBinder SelectBinder::ClauseBinder(const Scope& scope, std::string clause) {
  ExprBinder binder(scope, eval_, std::move(clause));
  binder.set_subqueries(this);
  binder.set_outer_scopes(&outer_scopes_);
  binder.set_per_row_outers(&per_row_outers_);
  return binder;
}

Result<BoundSubquery> SelectBinder::BindSubquery(const ast::SelectStmt& select, const Scope& outer,
                                                 bool per_row) {
  if (!per_row) {
    outer_scopes_.push_back(&outer);
    Result<BoundRelation> relation = BindRelation(select);
    outer_scopes_.pop_back();
    // A correlation that cannot be decorrelated answers 0A000; run per row then.
    if (relation.ok()) return Decorrelated(*relation);
    if (relation.status().code() != ErrorCode::kFeatureNotSupported) return relation.status();
    Result<BoundSubquery> fallback = BindPerRow(select, outer);
    if (!fallback.ok()) return relation.status();
    return fallback;
  }
  return BindPerRow(select, outer);
}

Result<BoundSubquery> SelectBinder::BindPerRow(const ast::SelectStmt& select, const Scope& outer) {
  per_row_outers_.push_back(PerRowOuter{.depth = outer_scopes_.size()});
  outer_scopes_.push_back(&outer);
  Result<BoundRelation> relation = BindRelation(select);
  outer_scopes_.pop_back();
  PerRowOuter frame = std::move(per_row_outers_.back());
  per_row_outers_.pop_back();
  if (!relation.ok()) return relation.status();
  BoundSubquery sub{.plan = PlanPhysical(relation->plan),
                    .correlation = std::move(frame.values),
                    .per_row = true};
  for (const ResultColumn& column : relation->columns)
    sub.types.push_back(column.type);
  return sub;
}

BoundSubquery SelectBinder::Decorrelated(const BoundRelation& relation) {
  BoundSubquery sub{.plan = PlanPhysical(relation.plan),
                    .correlation = relation.correlation,
                    .empty_result = relation.empty_result,
                    .outer_guards = relation.outer_guards};
  size_t own = relation.columns.size() - relation.correlation.size();
  for (size_t i = 0; i < own; ++i)
    sub.types.push_back(relation.columns[i].type);
  return sub;
}

namespace {

// Items PostgreSQL lets refer to the FROM items before them: LATERAL
// subqueries and functions (the size functions and show_chunks take
// constants only).
bool MayBeLateral(const ast::TableRef& ref) {
  if (ref.kind == ast::TableRef::Kind::kSubquery) return ref.lateral;
  return ref.kind == ast::TableRef::Kind::kFunction && !IsSizeTableFunction(ref.function->name) &&
         ref.function->name != "show_chunks";
}

// Renames the item's columns by its alias list (42P10 when it is longer).
Status ApplyColumnAliases(const ast::TableRef& ref, Scope& scope) {
  if (ref.column_aliases.size() > scope.columns.size()) {
    return Status::Error(ErrorCode::kInvalidColumnReference,
                         "table \"" + ref.alias + "\" has " + std::to_string(scope.columns.size()) +
                             " columns available but " + std::to_string(ref.column_aliases.size()) +
                             " columns specified")
        .WithPosition(ref.position);
  }
  for (size_t i = 0; i < ref.column_aliases.size(); ++i) {
    scope.columns[i].name = ref.column_aliases[i];
  }
  return Status::Ok();
}

}  // namespace

Result<SelectBinder::LateralItem> SelectBinder::BindLateralItem(const ast::TableRef& ref,
                                                                const Scope& left_scope,
                                                                Scope& scope) {
  // The item sees the left scope as its only enclosing query.
  std::vector<const Scope*> saved_scopes = {&left_scope};
  std::vector<PerRowOuter> saved_outers;
  saved_scopes.swap(outer_scopes_);
  saved_outers.swap(per_row_outers_);
  Result<LateralItem> item = LateralItem{};
  if (ref.kind == ast::TableRef::Kind::kSubquery) {
    item = BindLateralSubquery(ref, scope);
  } else {
    per_row_outers_.push_back(PerRowOuter{.depth = 0});
    Result<std::shared_ptr<BoundFrom>> from = BindFromItem(ref, scope);
    if (from.ok()) {
      item = LateralItem{.from = std::move(from).value(),
                         .own_columns = scope.columns.size(),
                         .per_row = true,
                         .parameters = std::move(per_row_outers_.back().values)};
    } else {
      item = from.status();
    }
  }
  saved_scopes.swap(outer_scopes_);
  saved_outers.swap(per_row_outers_);
  return item;
}

Result<SelectBinder::LateralItem> SelectBinder::BindLateralSubquery(const ast::TableRef& ref,
                                                                    Scope& scope) {
  // Equality correlations decorrelate into a join; anything else, and an
  // aggregate over no rows that must still give its one row, runs per row.
  LateralItem item;
  Result<BoundRelation> relation = BindRelation(*ref.subquery);
  if (relation.ok() && !relation->empty_result) {
    item.correlation = relation->correlation;
    item.guards = relation->outer_guards;
    item.own_columns = relation->columns.size() - relation->correlation.size();
  } else {
    if (!relation.ok() && relation.status().code() != ErrorCode::kFeatureNotSupported) {
      return relation.status();
    }
    per_row_outers_.push_back(PerRowOuter{.depth = 0});
    relation = BindRelation(*ref.subquery);
    PerRowOuter frame = std::move(per_row_outers_.back());
    per_row_outers_.pop_back();
    if (!relation.ok()) return relation.status();
    item.per_row = true;
    item.parameters = std::move(frame.values);
    item.own_columns = relation->columns.size();
  }
  item.from = std::make_shared<BoundFrom>();
  item.from->plan = relation->plan;
  for (size_t c = 0; c < item.own_columns; ++c) {
    const ResultColumn& column = relation->columns[c];
    scope.columns.push_back(
        ScopeColumn{.qualifier = ref.alias, .name = column.name, .type = column.type});
  }
  item.from->width = item.own_columns;
  RETURN_IF_ERROR(ApplyColumnAliases(ref, scope));
  return item;
}

Result<std::shared_ptr<BoundFrom>> SelectBinder::JoinLateral(std::shared_ptr<const BoundFrom> left,
                                                             const LateralItem& item,
                                                             exec::JoinType type, ExprPtr condition,
                                                             int position) {
  LogicalPtr left_rows = BuildFrom(*left);
  const LogicalPtr& right_rows = item.from->plan;
  std::vector<DataType> types = left_rows->output_types;
  types.insert(types.end(), right_rows->output_types.begin(), right_rows->output_types.end());
  std::vector<ExprPtr> conditions;
  if (condition) SplitConjuncts(condition, conditions);
  // ON true, the usual LEFT JOIN LATERAL, pairs every row.
  std::erase_if(conditions, [](const ExprPtr& c) {
    return c->kind == exec::ExprKind::kConstant && c->type.id == TypeId::kBool &&
           !c->constant.is_null() && c->constant.bool_value();
  });
  auto from = std::make_shared<BoundFrom>();
  from->width = left->width + item.own_columns;
  if (item.per_row) {
    auto lateral = std::make_shared<LogicalLateralJoin>();
    lateral->type = type;
    lateral->output_types = std::move(types);
    for (const ExprPtr& p : item.parameters)
      lateral->parameters.push_back(UnmarkOuter(p));
    lateral->conditions = std::move(conditions);
    lateral->children = {std::move(left_rows), right_rows};
    from->plan = std::move(lateral);
    return from;
  }
  // The item's correlation columns follow its own ones; the join pairs
  // them with the left values they were equated with, and a projection
  // drops them.
  const int first_correlation = static_cast<int>(left->width + item.own_columns);
  for (size_t i = 0; i < item.correlation.size(); ++i) {
    const int column = first_correlation + static_cast<int>(i);
    ASSIGN_OR_RETURN(ExprPtr equality,
                     BindEquality(UnmarkOuter(item.correlation[i]),
                                  exec::MakeColumnRef(column, types[column]), position));
    conditions.push_back(std::move(equality));
  }
  for (const ExprPtr& guard : item.guards)
    conditions.push_back(UnmarkOuter(guard));
  auto join = std::make_shared<LogicalJoin>();
  join->type = type;
  join->output_types = types;
  join->conditions = std::move(conditions);
  join->children = {std::move(left_rows), right_rows};
  std::vector<ExprPtr> visible;
  for (size_t c = 0; c < from->width; ++c)
    visible.push_back(exec::MakeColumnRef(static_cast<int>(c), types[c]));
  from->plan = ProjectOver(std::move(join), std::move(visible));
  return from;
}

Result<std::shared_ptr<BoundFrom>> SelectBinder::BindFromList(
    const std::vector<ast::TableRefPtr>& items, Scope& scope) {
  // FROM a, b is a cross join of the items, left to right.
  std::shared_ptr<BoundFrom> from;
  for (const ast::TableRefPtr& item : items) {
    Scope item_scope;
    std::shared_ptr<BoundFrom> bound;
    if (from && MayBeLateral(*item)) {
      ASSIGN_OR_RETURN(LateralItem lateral, BindLateralItem(*item, scope, item_scope));
      if (lateral.RefersToLeft()) {
        ASSIGN_OR_RETURN(from, JoinLateral(std::move(from), lateral, exec::JoinType::kInner,
                                           nullptr, item->position));
        scope = JoinScopes(scope, item_scope);
        continue;
      }
      bound = std::move(lateral.from);
    } else {
      ASSIGN_OR_RETURN(bound, BindFromItem(*item, item_scope));
    }
    if (!from) {
      from = std::move(bound);
      scope = std::move(item_scope);
      continue;
    }
    auto join = std::make_shared<BoundFrom>();
    join->kind = BoundFrom::Kind::kJoin;
    join->width = from->width + bound->width;
    join->left = std::move(from);
    join->right = std::move(bound);
    from = std::move(join);
    scope = JoinScopes(scope, item_scope);
  }
  return from;
}

Result<LogicalPtr> SelectBinder::BindFromItems(const std::vector<ast::TableRefPtr>& items,
                                               Scope& scope) {
  ASSIGN_OR_RETURN(std::shared_ptr<BoundFrom> from, BindFromList(items, scope));
  return BuildFrom(*from);
}

Status SelectBinder::BindFrom(const ast::SelectStmt& select, BoundQuery& query, Scope& scope) {
  if (select.from.empty()) {
    auto values = std::make_shared<LogicalValues>();
    values->rows.emplace_back();
    query.source = std::move(values);
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(std::shared_ptr<BoundFrom> from, BindFromList(select.from, scope));
  switch (from->kind) {
    case BoundFrom::Kind::kTable:
      query.table = from->table;
      break;
    case BoundFrom::Kind::kPlan:
      query.source = from->plan;
      break;
    case BoundFrom::Kind::kJoin:
      query.from = std::move(from);
      break;
  }
  return Status::Ok();
}

namespace {

// A subquery a semi or anti join can stand for: rows of a FROM list kept by
// a WHERE, nothing computed over them.
bool IsPlainFilter(const ast::SelectStmt& select) {
  return select.set_operation == ast::SetOperation::kNone && select.values.empty() &&
         select.with.empty() && !select.from.empty() && select.group_by.empty() && !select.having &&
         !select.limit && !select.offset && !select.distinct && select.distinct_on.empty() &&
         std::none_of(select.targets.begin(), select.targets.end(),
                      [](const ast::SelectItem& item) { return ContainsAggregate(*item.expr); });
}

}  // namespace

Result<bool> SelectBinder::BindSemiJoin(const ast::Expr& term, BoundQuery& query,
                                        const Scope& scope) {
  const ast::SelectStmt& sub = *term.subquery;
  if (!sub.where || !IsPlainFilter(sub)) return false;
  Scope inner_scope;
  std::shared_ptr<BoundFrom> inner;
  {
    // The subquery's FROM items see no outer columns.
    std::vector<const Scope*> saved;
    saved.swap(outer_scopes_);
    Result<std::shared_ptr<BoundFrom>> bound = BindFromList(sub.from, inner_scope);
    saved.swap(outer_scopes_);
    // A FROM item that reads the outer row (a function over its columns)
    // leaves the subquery to the expression path, which reports real errors.
    if (!bound.ok()) return false;
    inner = std::move(bound).value();
  }
  // The subquery's WHERE, its own names first (they hide the outer
  // query's), then in the layout of the join's pairs: the outer columns
  // followed by the subquery's.
  const int outer_width = static_cast<int>(scope.columns.size());
  ExprBinder where = ClauseBinder(inner_scope, "WHERE");
  where.set_allow_outer_references(true);
  outer_scopes_.push_back(&scope);
  Result<ExprPtr> bound_where = where.BindCondition(*sub.where);
  outer_scopes_.pop_back();
  if (!bound_where.ok()) return bound_where.status();
  // Uncorrelated: the subquery runs once as an expression instead.
  if (!ContainsOuterReference(**bound_where)) return false;
  ExprPtr condition = ToPairLayout(*bound_where, outer_width);

  // The select list must still make sense on its own.
  ExprBinder list = ClauseBinder(inner_scope, "SELECT");
  std::vector<ExprPtr> outputs;
  for (const ast::SelectItem& item : sub.targets) {
    if (item.expr->kind == ast::ExprKind::kStar) continue;
    ASSIGN_OR_RETURN(ExprPtr output, list.Bind(*item.expr));
    outputs.push_back(std::move(output));
  }
  exec::JoinType type = term.negated ? exec::JoinType::kAnti : exec::JoinType::kSemi;
  if (term.kind == ast::ExprKind::kInSubquery) {
    if (term.negated) return false;  // NOT IN's NULL rules need more than an anti join
    if (outputs.size() != 1 || sub.targets.size() != 1) {
      return Status::Error(ErrorCode::kSyntaxError, "subquery has too many columns")
          .WithPosition(term.position);
    }
    ExprBinder probe_binder = ClauseBinder(scope, "WHERE");
    ASSIGN_OR_RETURN(ExprPtr probe, probe_binder.Bind(*term.args[0]));
    std::vector<ExprPtr> shift;
    for (size_t i = 0; i < inner_scope.columns.size(); ++i) {
      shift.push_back(
          exec::MakeColumnRef(outer_width + static_cast<int>(i), inner_scope.columns[i].type));
    }
    ASSIGN_OR_RETURN(ExprPtr equal,
                     BindEquality(probe, SubstituteColumns(outputs[0], shift), term.position));
    condition = std::make_shared<const exec::Expr>(exec::Expr{.kind = exec::ExprKind::kAnd,
                                                              .type = DataType::Of(TypeId::kBool),
                                                              .args = {equal, condition}});
  }
  std::shared_ptr<BoundFrom> outer = std::const_pointer_cast<BoundFrom>(query.from);
  if (!outer) {
    outer = std::make_shared<BoundFrom>();
    outer->width = scope.columns.size();
    if (query.table) {
      outer->kind = BoundFrom::Kind::kTable;
      outer->table = std::move(query.table);
    } else {
      outer->plan = std::move(query.source);
    }
    query.table.reset();
    query.source.reset();
  }
  auto join = std::make_shared<BoundFrom>();
  join->kind = BoundFrom::Kind::kJoin;
  join->join_type = type;
  join->width = outer->width;
  join->left = std::move(outer);
  join->right = std::move(inner);
  join->condition = std::move(condition);
  query.from = std::move(join);
  return true;
}

Result<ExprPtr> SelectBinder::BindEquality(ExprPtr left, ExprPtr right, int position) {
  // Bound as `l = r` over a two-column scope, so the equality resolves its
  // operator and casts like one written in the query.
  Scope pair;
  pair.columns = {ScopeColumn{.name = "l", .type = left->type},
                  ScopeColumn{.name = "r", .type = right->type}};
  ExprBinder binder(pair, eval_, "WHERE");
  ast::Expr equality{.kind = ast::ExprKind::kBinaryOp, .position = position, .name = "="};
  for (const char* side : {"l", "r"}) {
    auto column = std::make_unique<ast::Expr>();
    column->kind = ast::ExprKind::kColumnRef;
    column->position = position;
    column->name = side;
    equality.args.push_back(std::move(column));
  }
  ASSIGN_OR_RETURN(ExprPtr bound, binder.Bind(equality));
  return SubstituteColumns(bound, {std::move(left), std::move(right)});
}

Result<std::shared_ptr<BoundFrom>> SelectBinder::BindFromItem(const ast::TableRef& ref,
                                                              Scope& scope) {
  auto node = std::make_shared<BoundFrom>();
  switch (ref.kind) {
    case ast::TableRef::Kind::kJoin:
      return BindJoin(ref, scope);
    case ast::TableRef::Kind::kFunction: {
      if (IsSizeTableFunction(ref.function->name)) {
        Scope none;
        ExprBinder binder = ClauseBinder(none, "functions in FROM");
        ASSIGN_OR_RETURN(TableFunctionRelation relation,
                         BindSizeTableFunction(*ref.function, binder, eval_));
        node->plan = std::move(relation.plan);
        const std::string& qualifier = ref.alias.empty() ? ref.function->name : ref.alias;
        for (const ResultColumn& c : relation.columns) {
          scope.columns.push_back(
              ScopeColumn{.qualifier = qualifier, .name = c.name, .type = c.type});
        }
        break;
      }
      if (ref.function->name == "show_chunks") {
        // `SELECT compress_chunk(c) FROM show_chunks('t') c`: the chunks
        // are listed now, as the statement form lists them.
        ASSIGN_OR_RETURN(std::vector<std::string> chunks,
                         ShowChunks(*ref.function, catalog_, eval_));
        auto values = std::make_shared<LogicalValues>();
        values->output_types = {DataType::Of(TypeId::kText)};
        for (std::string& chunk : chunks)
          values->rows.push_back({exec::MakeConstant(Value::Text(std::move(chunk)))});
        node->plan = std::move(values);
      } else {
        ASSIGN_OR_RETURN(node->plan, BindTableFunction(*ref.function));
      }
      // A function's single column is named after the alias, like PostgreSQL.
      const std::string& function = ref.function->name;
      scope.columns.push_back(ScopeColumn{.qualifier = ref.alias.empty() ? function : ref.alias,
                                          .name = ref.alias.empty() ? function : ref.alias,
                                          .type = node->plan->output_types[0]});
      break;
    }
    case ast::TableRef::Kind::kSubquery: {
      // A FROM subquery sees no columns of the query it is part of.
      std::vector<const Scope*> saved;
      saved.swap(outer_scopes_);
      Result<BoundRelation> sub = BindRelation(*ref.subquery);
      saved.swap(outer_scopes_);
      if (!sub.ok()) return sub.status();
      node->plan = sub->plan;
      for (const ResultColumn& c : sub->columns) {
        scope.columns.push_back(
            ScopeColumn{.qualifier = ref.alias, .name = c.name, .type = c.type});
      }
      break;
    }
    case ast::TableRef::Kind::kTable: {
      const BoundRelation* cte = nullptr;
      if (ref.schema.empty()) {
        for (auto it = ctes_.rbegin(); it != ctes_.rend(); ++it) {
          if (it->first == ref.name) {
            cte = &it->second;
            break;
          }
        }
      }
      std::string qualifier = ref.alias.empty() ? ref.name : ref.alias;
      if (cte != nullptr) {
        node->plan = cte->plan;
        for (const ResultColumn& c : cte->columns) {
          scope.columns.push_back(
              ScopeColumn{.qualifier = qualifier, .name = c.name, .type = c.type});
        }
        break;
      }
      std::optional<ts::TableSchema> table = catalog_.FindTable(ref.schema, ref.name);
      if (!table) {
        if (std::optional<catalog::ViewDefinition> view = catalog_.FindView(ref.schema, ref.name)) {
          NoteReference(referenced_oids_, view->oid());
          ASSIGN_OR_RETURN(BoundRelation relation, BindView(*view, ref.position));
          node->plan = std::move(relation.plan);
          for (const ResultColumn& c : relation.columns) {
            scope.columns.push_back(
                ScopeColumn{.qualifier = qualifier, .name = c.name, .type = c.type});
          }
          break;
        }
        if (std::optional<catalog::SequenceDefinition> sequence =
                catalog_.FindSequence(ref.schema, ref.name)) {
          NoteReference(referenced_oids_, sequence->oid());
          node->plan = SequenceRow(*sequence);
          for (size_t c = 0; c < kSequenceColumns.size(); ++c) {
            scope.columns.push_back(ScopeColumn{.qualifier = qualifier,
                                                .name = std::string(kSequenceColumns[c]),
                                                .type = node->plan->output_types[c]});
          }
          break;
        }
        std::string full = ref.schema.empty() ? ref.name : ref.schema + "." + ref.name;
        return Status::Error(ErrorCode::kUndefinedTable, "relation \"" + full + "\" does not exist")
            .WithPosition(ref.position);
      }
      if (table->table_id < catalog::kFirstSystemTableId) {
        NoteReference(referenced_oids_, catalog::UserRelationOid(table->table_id));
      }
      for (const ts::ColumnSchema& c : table->columns) {
        scope.columns.push_back(
            ScopeColumn{.qualifier = qualifier, .name = c.name, .type = c.type});
      }
      node->kind = BoundFrom::Kind::kTable;
      node->table = std::move(table);
      break;
    }
  }
  node->width = scope.columns.size();
  RETURN_IF_ERROR(ApplyColumnAliases(ref, scope));
  return node;
}

Result<BoundRelation> SelectBinder::BindView(const catalog::ViewDefinition& view, int position) {
  if (std::find(expanding_views_.begin(), expanding_views_.end(), view.name) !=
      expanding_views_.end()) {
    return Status::Error(ErrorCode::kInvalidObjectDefinition,
                         "infinite recursion detected in rules for relation \"" + view.name + "\"")
        .WithPosition(position);
  }
  std::unique_ptr<ast::SelectStmt> owned;
  ASSIGN_OR_RETURN(owned, ViewQuery(view, catalog_));
  // A view sees nothing of the query it is used in, and reads its literals
  // in the time zone it was created in, as PostgreSQL reads them once at
  // CREATE VIEW.
  exec::EvalContext view_eval = eval_;
  if (Result<TimeZone> zone = TimeZone::Lookup(view.time_zone); zone.ok()) {
    view_eval.time_zone = *zone;
  }
  SelectBinder nested(catalog_, view_eval);
  nested.expanding_views_ = expanding_views_;
  nested.expanding_views_.push_back(view.name);
  Result<BoundRelation> bound = nested.BindRelation(*owned);
  if (!bound.ok()) {
    return bound.status().WithContext("while reading view \"" + view.name + "\"");
  }
  // The columns are those the view was created with: names as then, and
  // none that `*` would find in the tables now.
  if (bound->columns.size() > view.column_names.size()) {
    std::vector<exec::ExprPtr> kept;
    for (size_t i = 0; i < view.column_names.size(); ++i) {
      kept.push_back(exec::MakeColumnRef(static_cast<int>(i), bound->columns[i].type));
    }
    bound->plan = ProjectOver(bound->plan, std::move(kept));
    bound->columns.resize(view.column_names.size());
  }
  for (size_t i = 0; i < bound->columns.size(); ++i) {
    bound->columns[i].name = view.column_names[i];
  }
  return bound;
}

Result<LogicalPtr> SelectBinder::BindUnnest(const ast::Expr& call) {
  if (call.args.size() != 1 || !call.named_args.empty() || call.star_arg) {
    return Status::Error(ErrorCode::kFeatureNotSupported, "unnest() takes exactly one array here")
        .WithPosition(call.position);
  }
  Scope none;
  ExprBinder binder = ClauseBinder(none, "FROM");
  ASSIGN_OR_RETURN(ExprPtr array, binder.Bind(*call.args[0]));
  if (array->type.id == TypeId::kUnknown) {
    return Status::Error(ErrorCode::kAmbiguousFunction, "function unnest(unknown) is not unique")
        .WithPosition(call.position)
        .WithHint(
            "Could not choose a best candidate function. You might need to add explicit type "
            "casts.");
  }
  if (array->type.id != TypeId::kArray) {
    return Status::Error(ErrorCode::kUndefinedFunction,
                         "function unnest(" + InternalTypeName(array->type) + ") does not exist")
        .WithPosition(call.position)
        .WithHint(
            "No function matches the given name and argument types. You might need to add "
            "explicit type casts.");
  }
  auto unnest = std::make_shared<LogicalSeries>();
  unnest->output_types = {array->type.ElementType()};
  unnest->array = std::move(array);
  return LogicalPtr(std::move(unnest));
}

Result<LogicalPtr> SelectBinder::BindTableFunction(const ast::Expr& call) {
  if (call.name == "unnest") return BindUnnest(call);
  if (call.name != "generate_series") {
    // Any other function in FROM is a one-row relation of its value, as a
    // scalar function in FROM is in PostgreSQL.
    Scope none;
    ExprBinder binder = ClauseBinder(none, "functions in FROM");
    ASSIGN_OR_RETURN(ExprPtr value, binder.Bind(call));
    if (value->type.id == TypeId::kUnknown) {
      ASSIGN_OR_RETURN(value, CoerceTo(value, DataType::Of(TypeId::kText), eval_, call.position));
    }
    auto row = std::make_shared<LogicalValues>();
    row->output_types = {value->type};
    row->rows = {{std::move(value)}};
    return LogicalPtr(std::move(row));
  }
  if (call.args.size() < 2 || call.args.size() > 3 || !call.named_args.empty()) {
    return Status::Error(ErrorCode::kUndefinedFunction, "function generate_series with " +
                                                            std::to_string(call.args.size()) +
                                                            " arguments does not exist")
        .WithPosition(call.position)
        .WithHint(
            "No function matches the given name and argument types. You might need to add "
            "explicit type casts.");
  }
  Scope none;
  ExprBinder binder = ClauseBinder(none, "FROM");
  std::vector<ExprPtr> args;
  for (const ast::ExprPtr& arg : call.args) {
    ASSIGN_OR_RETURN(ExprPtr bound, binder.Bind(*arg));
    args.push_back(std::move(bound));
  }
  auto is_integer = [](const ExprPtr& e) { return IsInteger(e->type.id); };
  auto is_time = [](const ExprPtr& e) {
    return IsTimestamp(e->type.id) || e->type.id == TypeId::kDate || e->type.id == TypeId::kUnknown;
  };
  DataType type;
  DataType step_type;
  if (is_integer(args[0]) && is_integer(args[1]) && (args.size() == 2 || is_integer(args[2]))) {
    bool wide = false;
    for (const ExprPtr& e : args)
      wide = wide || e->type.id == TypeId::kInt64;
    type = DataType::Of(wide ? TypeId::kInt64 : TypeId::kInt32);
    step_type = type;
  } else if (args.size() == 3 && is_time(args[0]) && is_time(args[1]) &&
             (args[2]->type.id == TypeId::kInterval || args[2]->type.id == TypeId::kUnknown)) {
    // timestamp only when both ends are; otherwise the preferred timestamptz.
    bool local = args[0]->type.id == TypeId::kTimestamp && args[1]->type.id == TypeId::kTimestamp;
    type = DataType::Of(local ? TypeId::kTimestamp : TypeId::kTimestampTz);
    step_type = DataType::Of(TypeId::kInterval);
  } else {
    std::string types;
    for (const ExprPtr& e : args)
      types += (types.empty() ? "" : ", ") + InternalTypeName(e->type);
    return Status::Error(ErrorCode::kUndefinedFunction,
                         "function generate_series(" + types + ") does not exist")
        .WithPosition(call.position)
        .WithHint(
            "No function matches the given name and argument types. You might need to add "
            "explicit type casts.");
  }
  auto series = std::make_shared<LogicalSeries>();
  series->output_types = {type};
  ASSIGN_OR_RETURN(series->start, CoerceTo(args[0], type, eval_, call.args[0]->position));
  ASSIGN_OR_RETURN(series->stop, CoerceTo(args[1], type, eval_, call.args[1]->position));
  if (args.size() == 3) {
    ASSIGN_OR_RETURN(series->step, CoerceTo(args[2], step_type, eval_, call.args[2]->position));
  }
  return LogicalPtr(std::move(series));
}

Result<std::shared_ptr<BoundFrom>> SelectBinder::BindJoin(const ast::TableRef& ref, Scope& scope) {
  Scope left_scope;
  Scope right_scope;
  ASSIGN_OR_RETURN(std::shared_ptr<BoundFrom> left, BindFromItem(*ref.left, left_scope));
  std::shared_ptr<BoundFrom> right;
  if (MayBeLateral(*ref.right)) {
    ASSIGN_OR_RETURN(LateralItem lateral, BindLateralItem(*ref.right, left_scope, right_scope));
    if (lateral.RefersToLeft())
      return BindLateralJoin(ref, left, left_scope, lateral, right_scope, scope);
    right = std::move(lateral.from);
  } else {
    ASSIGN_OR_RETURN(right, BindFromItem(*ref.right, right_scope));
  }
  auto join = std::make_shared<BoundFrom>();
  join->kind = BoundFrom::Kind::kJoin;
  switch (ref.join_kind) {
    case ast::JoinKind::kInner:
    case ast::JoinKind::kCross:
      join->join_type = exec::JoinType::kInner;
      break;
    case ast::JoinKind::kLeft:
      join->join_type = exec::JoinType::kLeft;
      break;
    case ast::JoinKind::kRight:
      join->join_type = exec::JoinType::kRight;
      break;
    case ast::JoinKind::kFull:
      join->join_type = exec::JoinType::kFull;
      break;
  }
  join->width = left->width + right->width;
  join->left = left;
  join->right = right;
  scope = JoinScopes(left_scope, right_scope);
  if (ref.natural) {
    std::vector<std::string> common = CommonColumnNames(left_scope, right_scope);
    if (!common.empty()) {
      RETURN_IF_ERROR(BindUsing(ref, common, left_scope, right_scope, scope, *join));
    }
  } else if (!ref.using_columns.empty()) {
    RETURN_IF_ERROR(BindUsing(ref, ref.using_columns, left_scope, right_scope, scope, *join));
  } else if (ref.join_condition) {
    ExprBinder on = ClauseBinder(scope, "JOIN/ON");
    ASSIGN_OR_RETURN(join->condition, on.BindCondition(*ref.join_condition));
    if (ContainsAggregate(*ref.join_condition)) {
      return Status::Error(ErrorCode::kGroupingError,
                           "aggregate functions are not allowed in JOIN conditions")
          .WithPosition(ref.join_condition->position);
    }
  }
  return join;
}

namespace {

// The left item a lateral item reads first: the qualifier of the first
// left column among its references.
std::string ReferencedItem(const std::vector<ExprPtr>& references, const Scope& left) {
  for (const ExprPtr& reference : references) {
    std::set<int> columns;
    CollectColumns(*UnmarkOuter(reference), columns);
    for (int column : columns) {
      if (static_cast<size_t>(column) < left.columns.size()) return left.columns[column].qualifier;
    }
  }
  return "";
}

}  // namespace

Result<std::shared_ptr<BoundFrom>> SelectBinder::BindLateralJoin(
    const ast::TableRef& ref, std::shared_ptr<const BoundFrom> left, const Scope& left_scope,
    const LateralItem& item, const Scope& item_scope, Scope& scope) {
  if (ref.join_kind == ast::JoinKind::kRight || ref.join_kind == ast::JoinKind::kFull) {
    std::vector<ExprPtr> references = item.parameters;
    references.insert(references.end(), item.correlation.begin(), item.correlation.end());
    references.insert(references.end(), item.guards.begin(), item.guards.end());
    return Status::Error(ErrorCode::kInvalidColumnReference,
                         "invalid reference to FROM-clause entry for table \"" +
                             ReferencedItem(references, left_scope) + "\"")
        .WithPosition(ref.right->position)
        .WithDetail("The combining JOIN type must be INNER or LEFT for a LATERAL reference.");
  }
  if (ref.natural || !ref.using_columns.empty()) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "JOIN ... USING and NATURAL JOIN with a LATERAL item that refers to the "
                         "left side are not supported; use ON")
        .WithPosition(ref.right->position);
  }
  scope = JoinScopes(left_scope, item_scope);
  ExprPtr condition;
  if (ref.join_condition) {
    ExprBinder on = ClauseBinder(scope, "JOIN/ON");
    ASSIGN_OR_RETURN(condition, on.BindCondition(*ref.join_condition));
    if (ContainsAggregate(*ref.join_condition)) {
      return Status::Error(ErrorCode::kGroupingError,
                           "aggregate functions are not allowed in JOIN conditions")
          .WithPosition(ref.join_condition->position);
    }
  }
  const exec::JoinType type =
      ref.join_kind == ast::JoinKind::kLeft ? exec::JoinType::kLeft : exec::JoinType::kInner;
  return JoinLateral(std::move(left), item, type, std::move(condition), ref.right->position);
}

namespace {

// Index of the unqualified name `name` in `scope` (merged columns numbered
// after the plain ones), -1 when absent, -2 when it appears more than once.
int FindUnqualified(const Scope& scope, const std::string& name) {
  int found = -1;
  for (size_t i = 0; i < scope.columns.size(); ++i) {
    if (scope.columns[i].merged_away || scope.columns[i].name != name) continue;
    if (found >= 0) return -2;
    found = static_cast<int>(i);
  }
  for (size_t m = 0; m < scope.merged.size(); ++m) {
    if (scope.merged[m].merged_away || scope.merged[m].name != name) continue;
    if (found >= 0) return -2;
    found = static_cast<int>(scope.columns.size() + m);
  }
  return found;
}

}  // namespace

Status SelectBinder::BindUsing(const ast::TableRef& ref, const std::vector<std::string>& names,
                               const Scope& left, const Scope& right, Scope& scope,
                               BoundFrom& join) {
  size_t offset = left.columns.size();
  size_t columns = scope.columns.size();
  // Unified index of a left / right scope entry in the joined scope.
  auto left_index = [&](int i) {
    return static_cast<size_t>(i) < offset ? i : static_cast<int>(columns + (i - offset));
  };
  auto right_index = [&](int i) {
    size_t right_columns = right.columns.size();
    return static_cast<size_t>(i) < right_columns
               ? static_cast<int>(offset + i)
               : static_cast<int>(columns + left.merged.size() + (i - right_columns));
  };
  auto value_of = [&](int unified) -> exec::ExprPtr {
    if (static_cast<size_t>(unified) < columns) {
      return exec::MakeColumnRef(unified, scope.columns[unified].type);
    }
    return scope.merged[unified - columns].value;
  };
  auto hide = [&](int unified) {
    if (static_cast<size_t>(unified) < columns) {
      scope.columns[unified].merged_away = true;
    } else {
      scope.merged[unified - columns].merged_away = true;
    }
  };
  std::vector<exec::ExprPtr> equalities;
  std::vector<int> merged_order;
  std::vector<MergedColumn> new_merged;
  for (const std::string& name : names) {
    int l = FindUnqualified(left, name);
    int r = FindUnqualified(right, name);
    for (auto [found, side] : {std::pair{l, "left"}, std::pair{r, "right"}}) {
      if (found == -1) {
        return Status::Error(ErrorCode::kUndefinedColumn,
                             "column \"" + name +
                                 "\" specified in USING clause does not exist in " + side +
                                 " table")
            .WithPosition(ref.position);
      }
      if (found == -2) {
        return Status::Error(ErrorCode::kDuplicateColumn, "common column name \"" + name +
                                                              "\" appears more than once in " +
                                                              side + " table")
            .WithPosition(ref.position);
      }
    }
    exec::ExprPtr left_value = value_of(left_index(l));
    exec::ExprPtr right_value = value_of(right_index(r));
    hide(left_index(l));
    hide(right_index(r));
    ASSIGN_OR_RETURN(exec::ExprPtr equality, BindEquality(left_value, right_value, ref.position));
    equalities.push_back(equality);
    // Both sides in the type the equality compares them in.
    DataType type = left_value->type;
    if (equality->kind == exec::ExprKind::kCall && equality->args.size() == 2) {
      type = equality->args[0]->type;
    }
    auto as_type = [&](exec::ExprPtr e) {
      return e->type == type ? e : exec::MakeCast(std::move(e), type);
    };
    exec::ExprPtr value;
    switch (join.join_type) {
      case exec::JoinType::kInner:
      case exec::JoinType::kSemi:
      case exec::JoinType::kAnti:
      case exec::JoinType::kLeft:
        value = as_type(left_value);
        break;
      case exec::JoinType::kRight:
        value = as_type(right_value);
        break;
      case exec::JoinType::kFull: {
        auto present =
            std::make_shared<const exec::Expr>(exec::Expr{.kind = exec::ExprKind::kIsNull,
                                                          .type = DataType::Of(TypeId::kBool),
                                                          .args = {left_value},
                                                          .negated = true});
        value = std::make_shared<const exec::Expr>(
            exec::Expr{.kind = exec::ExprKind::kCase,
                       .type = type,
                       .args = {present, as_type(left_value), as_type(right_value)},
                       .has_else = true});
        break;
      }
    }
    merged_order.push_back(static_cast<int>(columns + scope.merged.size() + new_merged.size()));
    new_merged.push_back(MergedColumn{.name = name, .value = std::move(value)});
  }
  // SELECT * lists the merged columns first, then the rest of each side.
  std::vector<int> order = std::move(merged_order);
  for (int entry : scope.star_order) {
    bool hidden = static_cast<size_t>(entry) < columns ? scope.columns[entry].merged_away
                                                       : scope.merged[entry - columns].merged_away;
    if (!hidden) order.push_back(entry);
  }
  for (MergedColumn& m : new_merged)
    scope.merged.push_back(std::move(m));
  scope.star_order = std::move(order);
  if (equalities.size() == 1) {
    join.condition = equalities[0];
  } else {
    join.condition = std::make_shared<const exec::Expr>(exec::Expr{
        .kind = exec::ExprKind::kAnd, .type = DataType::Of(TypeId::kBool), .args = equalities});
  }
  return Status::Ok();
}

Result<std::vector<SelectBinder::Target>> SelectBinder::ExpandTargets(const ast::SelectStmt& select,
                                                                      const Scope& scope) {
  std::vector<Target> targets;
  if (!select.values.empty() || select.set_operation != ast::SetOperation::kNone) {
    for (size_t i = 0; i < scope.columns.size(); ++i) {
      targets.push_back(Target{.scope_column = static_cast<int>(i), .name = scope.columns[i].name});
    }
    return targets;
  }
  for (const ast::SelectItem& item : select.targets) {
    const ast::Expr& e = *item.expr;
    if (e.kind != ast::ExprKind::kStar) {
      targets.push_back(Target{.expr = &e,
                               .name = item.alias.empty() ? FigureColumnName(e) : item.alias,
                               .position = e.position});
      continue;
    }
    if (select.from.empty()) {
      return Status::Error(ErrorCode::kSyntaxError,
                           "SELECT * with no tables specified is not valid")
          .WithPosition(e.position);
    }
    if (e.qualifier.empty()) {
      auto add = [&](int entry) {
        const std::string& name = static_cast<size_t>(entry) < scope.columns.size()
                                      ? scope.columns[entry].name
                                      : scope.merged[entry - scope.columns.size()].name;
        targets.push_back(Target{.scope_column = entry, .name = name, .position = e.position});
      };
      if (scope.star_order.empty()) {
        for (size_t i = 0; i < scope.columns.size(); ++i)
          add(static_cast<int>(i));
      } else {
        for (int entry : scope.star_order)
          add(entry);
      }
      continue;
    }
    bool matched = false;
    for (size_t i = 0; i < scope.columns.size(); ++i) {
      if (scope.columns[i].qualifier != e.qualifier) continue;
      matched = true;
      targets.push_back(Target{.scope_column = static_cast<int>(i),
                               .name = scope.columns[i].name,
                               .position = e.position});
    }
    if (!matched) {
      return Status::Error(ErrorCode::kUndefinedTable,
                           "missing FROM-clause entry for table \"" + e.qualifier + "\"")
          .WithPosition(e.position);
    }
  }
  return targets;
}

Result<BoundRelation> SelectBinder::BindSetOperation(const ast::SelectStmt& select) {
  keep_unknown_outputs_ = true;
  correlation_blocked_ = true;
  ASSIGN_OR_RETURN(BoundRelation left, BindRelation(*select.set_left));
  keep_unknown_outputs_ = true;
  correlation_blocked_ = true;
  ASSIGN_OR_RETURN(BoundRelation right, BindRelation(*select.set_right));
  std::string name = SetOperationName(select.set_operation);
  if (left.columns.size() != right.columns.size()) {
    return Status::Error(ErrorCode::kSyntaxError,
                         "each " + name + " query must have the same number of columns")
        .WithPosition(select.set_right->position);
  }
  // Both inputs converted to each column's common type.
  std::vector<ExprPtr> left_columns;
  std::vector<ExprPtr> right_columns;
  bool cast_left = false;
  bool cast_right = false;
  auto set_op = std::make_shared<LogicalSetOperation>();
  for (size_t c = 0; c < left.columns.size(); ++c) {
    DataType l = left.columns[c].type;
    DataType r = right.columns[c].type;
    ASSIGN_OR_RETURN(DataType common, CommonTypeOf({exec::MakeConstant(Value::Null(l)),
                                                    exec::MakeConstant(Value::Null(r))},
                                                   name, select.set_right->position));
    ExprPtr lref = exec::MakeColumnRef(static_cast<int>(c), l);
    ExprPtr rref = exec::MakeColumnRef(static_cast<int>(c), r);
    cast_left = cast_left || !(l == common);
    cast_right = cast_right || !(r == common);
    left_columns.push_back(l == common ? lref : exec::MakeCast(lref, common));
    right_columns.push_back(r == common ? rref : exec::MakeCast(rref, common));
    set_op->output_types.push_back(common);
    left.columns[c].type = common;
  }
  auto converted = [](LogicalPtr input, std::vector<ExprPtr> exprs, bool needed) {
    return needed ? ProjectOver(std::move(input), std::move(exprs)) : input;
  };
  set_op->children.push_back(converted(left.plan, std::move(left_columns), cast_left));
  set_op->children.push_back(converted(right.plan, std::move(right_columns), cast_right));
  switch (select.set_operation) {
    case ast::SetOperation::kUnion:
    case ast::SetOperation::kUnionAll:
      set_op->type = exec::SetOperationType::kUnionAll;
      break;
    case ast::SetOperation::kIntersect:
      set_op->type = select.set_all ? exec::SetOperationType::kIntersectAll
                                    : exec::SetOperationType::kIntersect;
      break;
    case ast::SetOperation::kExcept:
      set_op->type =
          select.set_all ? exec::SetOperationType::kExceptAll : exec::SetOperationType::kExcept;
      break;
    case ast::SetOperation::kNone:
      break;
  }
  LogicalPtr plan = set_op;
  if (select.set_operation == ast::SetOperation::kUnion) {
    auto distinct = std::make_shared<LogicalDistinct>();
    distinct->output_types = set_op->output_types;
    for (size_t c = 0; c < set_op->output_types.size(); ++c) {
      distinct->keys.push_back(exec::MakeColumnRef(static_cast<int>(c), set_op->output_types[c]));
    }
    distinct->children.push_back(std::move(plan));
    plan = std::move(distinct);
  }
  return BoundRelation{.plan = std::move(plan), .columns = std::move(left.columns)};
}

Result<ExprPtr> SelectBinder::BindTarget(ExprBinder& binder, const Target& target) {
  if (target.expr == nullptr) return binder.BindScopeColumn(target.scope_column, target.position);
  return binder.Bind(*target.expr);
}

Result<int> SelectBinder::ResolveSortItem(const ast::Expr& item, ExprBinder& binder,
                                          const std::vector<Target>& targets, BoundQuery& query,
                                          const char* clause) {
  if (IsIntegerLiteral(item)) {
    long ordinal = std::strtol(item.text.c_str(), nullptr, 10);
    if (ordinal < 1 || static_cast<size_t>(ordinal) > query.visible_count) {
      return Status::Error(
                 ErrorCode::kInvalidColumnReference,
                 std::string(clause) + " position " + item.text + " is not in select list")
          .WithPosition(item.position);
    }
    return static_cast<int>(ordinal - 1);
  }
  if (IsBareName(item)) {
    int found = -1;
    for (size_t i = 0; i < targets.size(); ++i) {
      if (targets[i].name != item.name) continue;
      // The same expression twice under one name is not ambiguous.
      if (found >= 0 && !ExprEquals(*query.projections[found], *query.projections[i])) {
        return Status::Error(ErrorCode::kAmbiguousColumn,
                             std::string(clause) + " \"" + item.name + "\" is ambiguous")
            .WithPosition(item.position);
      }
      if (found < 0) found = static_cast<int>(i);
    }
    if (found >= 0) return found;
  }
  ASSIGN_OR_RETURN(ExprPtr bound, binder.Bind(item));
  bound = ResolveUnknown(bound);
  for (size_t i = 0; i < query.projections.size(); ++i) {
    if (ExprEquals(*query.projections[i], *bound)) return static_cast<int>(i);
  }
  query.projections.push_back(std::move(bound));
  return static_cast<int>(query.projections.size() - 1);
}

namespace {

bool ContainsParameter(const exec::Expr& expr) {
  if (expr.kind == exec::ExprKind::kParameter) return true;
  return std::any_of(expr.args.begin(), expr.args.end(),
                     [](const ExprPtr& arg) { return ContainsParameter(*arg); });
}

}  // namespace

Result<std::optional<uint64_t>> SelectBinder::BindCount(const ast::Expr* expr, const char* clause) {
  if (expr == nullptr) return std::optional<uint64_t>();
  Scope empty;
  ExprBinder binder(empty, eval_, clause);
  ASSIGN_OR_RETURN(ExprPtr bound, binder.Bind(*expr));
  ASSIGN_OR_RETURN(bound,
                   CoerceExprTo(*expr, bound, DataType::Of(TypeId::kInt64), eval_, expr->position));
  // Describing a prepared statement: the count is only known per execution.
  if (ContainsParameter(*bound)) return std::optional<uint64_t>();
  if (bound->kind != exec::ExprKind::kConstant) {
    return Status::Error(ErrorCode::kSyntaxError,
                         std::string("argument of ") + clause + " must not contain variables")
        .WithPosition(expr->position);
  }
  if (bound->constant.is_null()) return std::optional<uint64_t>();
  int64_t n = bound->constant.int_value();
  if (n < 0) {
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         std::string(clause) + " must not be negative")
        .WithPosition(expr->position);
  }
  return std::optional<uint64_t>(static_cast<uint64_t>(n));
}

Result<BoundQuery> SelectBinder::Bind(const ast::SelectStmt& select) {
  const bool keep_unknown_outputs = keep_unknown_outputs_;
  keep_unknown_outputs_ = false;
  const bool may_correlate = !outer_scopes_.empty() && !correlation_blocked_;
  correlation_blocked_ = false;
  // CTEs are visible to later CTEs and the body, and only within this query.
  struct CteGuard {
    std::vector<std::pair<std::string, BoundRelation>>& ctes;
    size_t size;
    ~CteGuard() { ctes.resize(size); }
  } guard{ctes_, ctes_.size()};
  for (const ast::CommonTableExpr& cte : select.with) {
    // A CTE sees no columns of the query it is part of.
    std::vector<const Scope*> saved;
    saved.swap(outer_scopes_);
    Result<BoundRelation> bound = BindRelation(*cte.query);
    saved.swap(outer_scopes_);
    if (!bound.ok()) return bound.status();
    BoundRelation relation = std::move(bound).value();
    if (cte.column_aliases.size() > relation.columns.size()) {
      return Status::Error(ErrorCode::kInvalidColumnReference,
                           "WITH query \"" + cte.name + "\" has " +
                               std::to_string(relation.columns.size()) + " columns available but " +
                               std::to_string(cte.column_aliases.size()) + " columns specified")
          .WithPosition(cte.position);
    }
    for (size_t i = 0; i < cte.column_aliases.size(); ++i) {
      relation.columns[i].name = cte.column_aliases[i];
    }
    ctes_.emplace_back(cte.name, std::move(relation));
  }

  BoundQuery query;
  Scope scope;
  if (select.set_operation != ast::SetOperation::kNone) {
    ASSIGN_OR_RETURN(BoundRelation result, BindSetOperation(select));
    query.source = result.plan;
    for (const ResultColumn& c : result.columns)
      scope.columns.push_back(ScopeColumn{.name = c.name, .type = c.type});
  } else if (!select.values.empty()) {
    RETURN_IF_ERROR(BindValues(select, query, scope));
  } else {
    RETURN_IF_ERROR(BindFrom(select, query, scope));
  }
  ASSIGN_OR_RETURN(std::vector<Target> targets, ExpandTargets(select, scope));

  std::vector<ExprPtr> correlation_inner;
  if (select.where) {
    // Correlated EXISTS / IN terms become semi and anti joins; the rest of
    // WHERE filters as usual.
    std::vector<const ast::Expr*> terms;
    SplitAstConjuncts(*select.where, terms);
    std::vector<const ast::Expr*> rest;
    for (const ast::Expr* term : terms) {
      bool joined = false;
      if (term->kind == ast::ExprKind::kExists || term->kind == ast::ExprKind::kInSubquery) {
        ASSIGN_OR_RETURN(joined, BindSemiJoin(*term, query, scope));
      }
      if (!joined) rest.push_back(term);
    }
    ExprBinder where = ClauseBinder(scope, "WHERE");
    where.set_allow_outer_references(may_correlate);
    std::vector<ExprPtr> conditions;
    for (const ast::Expr* term : rest) {
      ASSIGN_OR_RETURN(ExprPtr condition, where.BindCondition(*term));
      conditions.push_back(std::move(condition));
    }
    if (conditions.size() == 1) {
      query.where = std::move(conditions[0]);
    } else if (conditions.size() > 1) {
      query.where = std::make_shared<const exec::Expr>(exec::Expr{
          .kind = exec::ExprKind::kAnd, .type = DataType::Of(TypeId::kBool), .args = conditions});
    }
    if (may_correlate && query.where) {
      RETURN_IF_ERROR(SplitCorrelation(query.where, correlation_inner, query.correlation,
                                       query.outer_guards, select.where->position));
    }
  }
  const bool correlated = !correlation_inner.empty();

  query.aggregated = !select.group_by.empty() || select.having != nullptr;
  for (const Target& t : targets) {
    if (t.expr != nullptr && ContainsAggregate(*t.expr)) query.aggregated = true;
  }
  for (const ast::OrderItem& item : select.order_by) {
    if (ContainsAggregate(*item.expr)) query.aggregated = true;
  }
  // `... ORDER BY o LIMIT 1` correlated by equalities is the first row by o
  // per correlation key: DISTINCT ON (keys) ... ORDER BY keys, o.
  bool first_per_key = false;
  if (correlated && (select.limit || select.offset || !select.distinct_on.empty())) {
    ASSIGN_OR_RETURN(std::optional<uint64_t> limit, BindCount(select.limit.get(), "LIMIT"));
    first_per_key = limit == 1 && !select.offset && select.distinct_on.empty() &&
                    !select.distinct && !query.aggregated;
    if (!first_per_key) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "LIMIT other than 1, OFFSET and DISTINCT ON are not supported in "
                           "correlated subqueries")
          .WithPosition(select.position);
    }
  }

  Grouping grouping;
  if (query.aggregated) {
    ExprBinder keys = ClauseBinder(scope, "GROUP BY");
    for (const ast::ExprPtr& item : select.group_by) {
      ExprPtr key;
      if (IsIntegerLiteral(*item)) {
        long ordinal = std::strtol(item->text.c_str(), nullptr, 10);
        if (ordinal < 1 || static_cast<size_t>(ordinal) > targets.size()) {
          return Status::Error(ErrorCode::kInvalidColumnReference,
                               "GROUP BY position " + item->text + " is not in select list")
              .WithPosition(item->position);
        }
        const Target& t = targets[ordinal - 1];
        if (t.expr != nullptr && ContainsAggregate(*t.expr)) {
          return Status::Error(ErrorCode::kGroupingError,
                               "aggregate functions are not allowed in GROUP BY")
              .WithPosition(t.position);
        }
        ASSIGN_OR_RETURN(key, BindTarget(keys, t));
      } else {
        Result<ExprPtr> direct = keys.Bind(*item);
        // An unknown bare name may be an output column alias (input columns win).
        if (!direct.ok() && direct.status().code() == ErrorCode::kUndefinedColumn &&
            IsBareName(*item)) {
          const Target* alias = nullptr;
          for (const Target& t : targets) {
            if (t.name == item->name) {
              alias = &t;
              break;
            }
          }
          if (alias == nullptr) return direct.status();
          if (alias->expr != nullptr && ContainsAggregate(*alias->expr)) {
            return Status::Error(ErrorCode::kGroupingError,
                                 "aggregate functions are not allowed in GROUP BY")
                .WithPosition(item->position);
          }
          ASSIGN_OR_RETURN(key, BindTarget(keys, *alias));
        } else {
          ASSIGN_OR_RETURN(key, std::move(direct));
        }
      }
      key = ResolveUnknown(key);
      bool duplicate = false;
      for (const ExprPtr& k : grouping.keys)
        duplicate = duplicate || ExprEquals(*k, *key);
      if (!duplicate) grouping.keys.push_back(std::move(key));
    }
  }

  // A decorrelated aggregate is grouped by its correlation columns too.
  std::vector<int> correlation_keys;
  const size_t own_keys = grouping.keys.size();
  if (correlated && query.aggregated) {
    for (const ExprPtr& inner : correlation_inner) {
      int index = -1;
      for (size_t k = 0; k < grouping.keys.size() && index < 0; ++k) {
        if (ExprEquals(*grouping.keys[k], *inner)) index = static_cast<int>(k);
      }
      if (index < 0) {
        index = static_cast<int>(grouping.keys.size());
        grouping.keys.push_back(inner);
      }
      correlation_keys.push_back(index);
    }
  }

  WindowBinder windows(select.windows, eval_);
  RETURN_IF_ERROR(windows.CheckDefinitions());
  ExprBinder list = ClauseBinder(scope, "SELECT");
  if (query.aggregated) list.set_grouping(&grouping);
  list.set_windows(&windows);
  for (const Target& t : targets) {
    ASSIGN_OR_RETURN(ExprPtr e, BindTarget(list, t));
    if (!keep_unknown_outputs) e = ResolveUnknown(e);
    query.columns.push_back(ResultColumn{.name = t.name, .type = e->type});
    query.projections.push_back(std::move(e));
  }
  const size_t own_columns = query.projections.size();
  for (size_t i = 0; i < correlation_inner.size(); ++i) {
    const ExprPtr& inner = correlation_inner[i];
    query.projections.push_back(
        query.aggregated ? exec::MakeColumnRef(correlation_keys[i], inner->type) : inner);
    query.columns.push_back(ResultColumn{.name = "?correlation?", .type = inner->type});
  }
  query.visible_count = query.projections.size();

  if (select.having) {
    ExprBinder having = ClauseBinder(scope, "HAVING");
    having.set_grouping(&grouping);
    ASSIGN_OR_RETURN(query.having, having.BindCondition(*select.having));
  }

  ExprBinder order = ClauseBinder(scope, "ORDER BY");
  if (query.aggregated) order.set_grouping(&grouping);
  order.set_windows(&windows);
  std::vector<int> order_columns;
  // Row order means nothing to the subquery's user once it is decorrelated,
  // unless it picks each key's first row.
  const std::vector<ast::OrderItem> no_order;
  for (const ast::OrderItem& item : correlated && !first_per_key ? no_order : select.order_by) {
    ASSIGN_OR_RETURN(int column, ResolveSortItem(*item.expr, order, targets, query, "ORDER BY"));
    order_columns.push_back(column);
    query.order.push_back(
        exec::SortKey{.expr = exec::MakeColumnRef(column, query.projections[column]->type),
                      .descending = item.descending,
                      .nulls_first = item.nulls_first.value_or(item.descending)});
  }

  query.distinct = select.distinct || !select.distinct_on.empty();
  if (select.distinct && select.distinct_on.empty()) {
    for (size_t i = 0; i < order_columns.size(); ++i) {
      if (static_cast<size_t>(order_columns[i]) >= query.visible_count) {
        return Status::Error(ErrorCode::kInvalidColumnReference,
                             "for SELECT DISTINCT, ORDER BY expressions must appear in select "
                             "list")
            .WithPosition(select.order_by[i].expr->position);
      }
    }
  }
  if (!select.distinct_on.empty()) {
    ExprBinder on = ClauseBinder(scope, "DISTINCT ON");
    if (query.aggregated) on.set_grouping(&grouping);
    on.set_windows(&windows);
    for (const ast::ExprPtr& item : select.distinct_on) {
      ASSIGN_OR_RETURN(int column,
                       ResolveSortItem(*item, on, targets, query, "SELECT DISTINCT ON"));
      if (std::find(query.distinct_on.begin(), query.distinct_on.end(), column) ==
          query.distinct_on.end()) {
        query.distinct_on.push_back(column);
      }
    }
    // PostgreSQL: the leading ORDER BY items must be DISTINCT ON expressions
    // until every DISTINCT ON expression has appeared.
    size_t covered = 0;
    std::vector<int> seen;
    for (size_t i = 0; i < order_columns.size() && covered < query.distinct_on.size(); ++i) {
      int column = order_columns[i];
      if (std::find(query.distinct_on.begin(), query.distinct_on.end(), column) ==
          query.distinct_on.end()) {
        return Status::Error(ErrorCode::kInvalidColumnReference,
                             "SELECT DISTINCT ON expressions must match initial ORDER BY "
                             "expressions")
            .WithPosition(select.distinct_on[0]->position);
      }
      if (std::find(seen.begin(), seen.end(), column) == seen.end()) {
        seen.push_back(column);
        ++covered;
      }
    }
  }

  ASSIGN_OR_RETURN(query.limit, BindCount(select.limit.get(), "LIMIT"));
  ASSIGN_OR_RETURN(std::optional<uint64_t> offset, BindCount(select.offset.get(), "OFFSET"));
  query.offset = offset.value_or(0);
  if (first_per_key) {
    query.limit.reset();
    query.distinct = true;
    query.order_only_picks_rows = true;
    std::vector<exec::SortKey> order;
    for (size_t i = 0; i < correlation_inner.size(); ++i) {
      const int column = static_cast<int>(own_columns + i);
      query.distinct_on.push_back(column);
      order.push_back(
          exec::SortKey{.expr = exec::MakeColumnRef(column, correlation_inner[i]->type)});
    }
    order.insert(order.end(), query.order.begin(), query.order.end());
    query.order = std::move(order);
  }

  if (!windows.empty()) {
    if (correlated) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "window functions are not supported in correlated subqueries")
          .WithPosition(select.position);
    }
    windows.Finish(query);
  }
  if ((correlated || !query.outer_guards.empty()) && query.aggregated && own_keys == 0) {
    ASSIGN_OR_RETURN(query.empty_result, PlanEmptyAggregate(query, grouping, scope, own_columns));
  }
  query.group_keys = std::move(grouping.keys);
  query.aggregates = std::move(grouping.aggregates);
  RETURN_IF_ERROR(BindGapfill(query, eval_));
  return query;
}

}  // namespace sundial::sql
