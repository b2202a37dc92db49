#include "sql/select_binder.h"

#include <algorithm>

#include "sql/planner.h"

namespace sundial::sql {
namespace {

using exec::ExprPtr;

bool IsIntegerLiteral(const ast::Expr& e) {
  return e.kind == ast::ExprKind::kLiteral && e.literal_kind == ast::LiteralKind::kInteger;
}

bool IsBareName(const ast::Expr& e) {
  return e.kind == ast::ExprKind::kColumnRef && e.qualifier.empty();
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

}  // namespace

SelectBinder::SelectBinder(const catalog::Catalog& catalog, const exec::EvalContext& eval)
    : catalog_(catalog), eval_(eval) {}

Result<BoundRelation> SelectBinder::BindRelation(const ast::SelectStmt& select) {
  ASSIGN_OR_RETURN(BoundQuery query, Bind(select));
  return BoundRelation{.plan = PlanQuery(query), .columns = query.columns};
}

Status SelectBinder::BindValues(const ast::SelectStmt& select, BoundQuery& query, Scope& scope) {
  Scope empty;
  ExprBinder binder(empty, eval_, "VALUES");
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
  auto values = std::make_shared<exec::ValuesPlan>();
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

Status SelectBinder::BindFrom(const ast::SelectStmt& select, BoundQuery& query, Scope& scope) {
  if (select.from.empty()) {
    auto values = std::make_shared<exec::ValuesPlan>();
    values->rows.emplace_back();
    query.source = std::move(values);
    return Status::Ok();
  }
  if (select.from.size() > 1) {
    return Status::Error(ErrorCode::kFeatureNotSupported, "JOIN is not supported")
        .WithPosition(select.from[1]->position);
  }
  const ast::TableRef& ref = *select.from[0];
  switch (ref.kind) {
    case ast::TableRef::Kind::kJoin:
      return Status::Error(ErrorCode::kFeatureNotSupported, "JOIN is not supported")
          .WithPosition(ref.position);
    case ast::TableRef::Kind::kFunction:
      return Status::Error(ErrorCode::kFeatureNotSupported, "functions in FROM are not supported")
          .WithPosition(ref.position);
    case ast::TableRef::Kind::kSubquery: {
      ASSIGN_OR_RETURN(BoundRelation sub, BindRelation(*ref.subquery));
      query.source = sub.plan;
      for (const ResultColumn& c : sub.columns) {
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
        query.source = cte->plan;
        for (const ResultColumn& c : cte->columns) {
          scope.columns.push_back(
              ScopeColumn{.qualifier = qualifier, .name = c.name, .type = c.type});
        }
        break;
      }
      std::optional<ts::TableSchema> table = catalog_.FindTable(ref.schema, ref.name);
      if (!table) {
        std::string full = ref.schema.empty() ? ref.name : ref.schema + "." + ref.name;
        return Status::Error(ErrorCode::kUndefinedTable, "relation \"" + full + "\" does not exist")
            .WithPosition(ref.position);
      }
      for (const ts::ColumnSchema& c : table->columns) {
        scope.columns.push_back(
            ScopeColumn{.qualifier = qualifier, .name = c.name, .type = c.type});
      }
      query.table = std::move(table);
      break;
    }
  }
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

Result<std::vector<SelectBinder::Target>> SelectBinder::ExpandTargets(const ast::SelectStmt& select,
                                                                      const Scope& scope) {
  std::vector<Target> targets;
  if (!select.values.empty()) {
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
    bool matched = false;
    for (size_t i = 0; i < scope.columns.size(); ++i) {
      if (!e.qualifier.empty() && scope.columns[i].qualifier != e.qualifier) continue;
      matched = true;
      targets.push_back(Target{.scope_column = static_cast<int>(i),
                               .name = scope.columns[i].name,
                               .position = e.position});
    }
    if (!matched && !e.qualifier.empty()) {
      return Status::Error(ErrorCode::kUndefinedTable,
                           "missing FROM-clause entry for table \"" + e.qualifier + "\"")
          .WithPosition(e.position);
    }
  }
  return targets;
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

Result<std::optional<uint64_t>> SelectBinder::BindCount(const ast::Expr* expr, const char* clause) {
  if (expr == nullptr) return std::optional<uint64_t>();
  Scope empty;
  ExprBinder binder(empty, eval_, clause);
  ASSIGN_OR_RETURN(ExprPtr bound, binder.Bind(*expr));
  ASSIGN_OR_RETURN(bound,
                   CoerceExprTo(*expr, bound, DataType::Of(TypeId::kInt64), eval_, expr->position));
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
  if (select.set_operation != ast::SetOperation::kNone) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         SetOperationName(select.set_operation) + " is not supported")
        .WithPosition(select.position);
  }
  // CTEs are visible to later CTEs and the body, and only within this query.
  struct CteGuard {
    std::vector<std::pair<std::string, BoundRelation>>& ctes;
    size_t size;
    ~CteGuard() { ctes.resize(size); }
  } guard{ctes_, ctes_.size()};
  for (const ast::CommonTableExpr& cte : select.with) {
    ASSIGN_OR_RETURN(BoundRelation relation, BindRelation(*cte.query));
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
  if (!select.values.empty()) {
    RETURN_IF_ERROR(BindValues(select, query, scope));
  } else {
    RETURN_IF_ERROR(BindFrom(select, query, scope));
  }
  ASSIGN_OR_RETURN(std::vector<Target> targets, ExpandTargets(select, scope));

  if (select.where) {
    ExprBinder where(scope, eval_, "WHERE");
    ASSIGN_OR_RETURN(query.where, where.BindCondition(*select.where));
  }

  query.aggregated = !select.group_by.empty() || select.having != nullptr;
  for (const Target& t : targets) {
    if (t.expr != nullptr && ContainsAggregate(*t.expr)) query.aggregated = true;
  }
  for (const ast::OrderItem& item : select.order_by) {
    if (ContainsAggregate(*item.expr)) query.aggregated = true;
  }

  Grouping grouping;
  if (query.aggregated) {
    ExprBinder keys(scope, eval_, "GROUP BY");
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

  ExprBinder list(scope, eval_, "SELECT");
  if (query.aggregated) list.set_grouping(&grouping);
  for (const Target& t : targets) {
    ASSIGN_OR_RETURN(ExprPtr e, BindTarget(list, t));
    e = ResolveUnknown(e);
    query.columns.push_back(ResultColumn{.name = t.name, .type = e->type});
    query.projections.push_back(std::move(e));
  }
  query.visible_count = query.projections.size();

  if (select.having) {
    ExprBinder having(scope, eval_, "HAVING");
    having.set_grouping(&grouping);
    ASSIGN_OR_RETURN(query.having, having.BindCondition(*select.having));
  }

  ExprBinder order(scope, eval_, "ORDER BY");
  if (query.aggregated) order.set_grouping(&grouping);
  std::vector<int> order_columns;
  for (const ast::OrderItem& item : select.order_by) {
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
    ExprBinder on(scope, eval_, "DISTINCT ON");
    if (query.aggregated) on.set_grouping(&grouping);
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

  query.group_keys = std::move(grouping.keys);
  query.aggregates = std::move(grouping.aggregates);
  return query;
}

}  // namespace sundial::sql
