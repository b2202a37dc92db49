#include "sql/planner.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <set>

#include "exec/function_registry.h"

namespace sundial::sql {
namespace {

using exec::ExprPtr;

void CollectColumns(const exec::Expr& expr, std::set<int>& out) {
  if (expr.kind == exec::ExprKind::kColumnRef) out.insert(expr.column);
  for (const ExprPtr& arg : expr.args)
    CollectColumns(*arg, out);
}

ExprPtr Remap(const ExprPtr& expr, const std::map<int, int>& mapping) {
  if (expr->kind == exec::ExprKind::kColumnRef) {
    return exec::MakeColumnRef(mapping.at(expr->column), expr->type);
  }
  if (expr->args.empty()) return expr;
  exec::Expr copy = *expr;
  for (ExprPtr& arg : copy.args)
    arg = Remap(arg, mapping);
  return std::make_shared<const exec::Expr>(std::move(copy));
}

void Conjuncts(const ExprPtr& expr, std::vector<const exec::Expr*>& out) {
  if (expr->kind == exec::ExprKind::kAnd) {
    for (const ExprPtr& arg : expr->args)
      Conjuncts(arg, out);
  } else {
    out.push_back(expr.get());
  }
}

template <typename Node>
std::shared_ptr<Node> Over(exec::PlanPtr child) {
  auto node = std::make_shared<Node>();
  node->children.push_back(std::move(child));
  return node;
}

exec::PlanPtr Project(exec::PlanPtr child, std::vector<ExprPtr> expressions) {
  auto project = Over<exec::ProjectPlan>(std::move(child));
  for (const ExprPtr& e : expressions)
    project->output_types.push_back(e->type);
  project->expressions = std::move(expressions);
  return project;
}

}  // namespace

ts::TimeRange ExtractTimeRange(const exec::Expr* predicate, const ts::TableSchema& table) {
  ts::TimeRange range;
  if (predicate == nullptr || !table.time_column) return range;
  int time_column = *table.time_column;
  DataType time_type = table.columns[time_column].type;
  std::vector<const exec::Expr*> conjuncts;
  if (predicate->kind == exec::ExprKind::kAnd) {
    for (const ExprPtr& arg : predicate->args)
      Conjuncts(arg, conjuncts);
  } else {
    conjuncts.push_back(predicate);
  }
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  for (const exec::Expr* c : conjuncts) {
    if (c->kind != exec::ExprKind::kCall || c->args.size() != 2) continue;
    std::string op = c->function->name;
    const exec::Expr* left = c->args[0].get();
    const exec::Expr* right = c->args[1].get();
    if (left->kind == exec::ExprKind::kConstant) {
      std::swap(left, right);
      if (op == "<")
        op = ">";
      else if (op == ">")
        op = "<";
      else if (op == "<=")
        op = ">=";
      else if (op == ">=")
        op = "<=";
    }
    if (left->kind != exec::ExprKind::kColumnRef || left->column != time_column ||
        right->kind != exec::ExprKind::kConstant || right->constant.is_null() ||
        !(right->type == time_type)) {
      continue;
    }
    int64_t v = right->constant.int_value();
    int64_t next = v == kMax ? kMax : v + 1;
    if (op == ">=") {
      range.begin = std::max(range.begin, v);
    } else if (op == ">") {
      range.begin = std::max(range.begin, next);
    } else if (op == "<") {
      range.end = std::min(range.end, v);
    } else if (op == "<=") {
      range.end = std::min(range.end, next);
    } else if (op == "=") {
      range.begin = std::max(range.begin, v);
      range.end = std::min(range.end, next);
    }
  }
  return range;
}

exec::PlanPtr PlanQuery(const BoundQuery& query) {
  exec::PlanPtr plan;
  ExprPtr where = query.where;
  std::vector<ExprPtr> keys = query.group_keys;
  std::vector<exec::AggregateCall> aggregates = query.aggregates;
  std::vector<ExprPtr> projections = query.projections;
  if (query.table) {
    // Read only the columns some expression over the input references.
    std::set<int> used;
    if (where) CollectColumns(*where, used);
    for (const ExprPtr& k : keys)
      CollectColumns(*k, used);
    for (const exec::AggregateCall& a : aggregates) {
      for (const ExprPtr& arg : a.args)
        CollectColumns(*arg, used);
    }
    if (!query.aggregated) {
      for (const ExprPtr& p : projections)
        CollectColumns(*p, used);
    }
    auto scan = std::make_shared<exec::ScanPlan>();
    scan->spec.table_id = query.table->table_id;
    scan->spec.time_range = ExtractTimeRange(where.get(), *query.table);
    std::map<int, int> mapping;
    for (int column : used) {
      mapping[column] = static_cast<int>(scan->spec.columns.size());
      scan->spec.columns.push_back(column);
      scan->output_types.push_back(query.table->columns[column].type);
    }
    if (where) where = Remap(where, mapping);
    for (ExprPtr& k : keys)
      k = Remap(k, mapping);
    for (exec::AggregateCall& a : aggregates) {
      for (ExprPtr& arg : a.args)
        arg = Remap(arg, mapping);
    }
    if (!query.aggregated) {
      for (ExprPtr& p : projections)
        p = Remap(p, mapping);
    }
    plan = std::move(scan);
  } else {
    plan = query.source;
  }

  if (where) {
    auto filter = Over<exec::FilterPlan>(plan);
    filter->output_types = plan->output_types;
    filter->predicate = where;
    plan = std::move(filter);
  }
  if (query.aggregated) {
    auto aggregate = Over<exec::AggregatePlan>(plan);
    for (const ExprPtr& k : keys)
      aggregate->output_types.push_back(k->type);
    for (const exec::AggregateCall& a : aggregates) {
      aggregate->output_types.push_back(a.function->return_type());
    }
    aggregate->group_keys = std::move(keys);
    aggregate->aggregates = std::move(aggregates);
    plan = std::move(aggregate);
    if (query.having) {
      auto having = Over<exec::FilterPlan>(plan);
      having->output_types = plan->output_types;
      having->predicate = query.having;
      plan = std::move(having);
    }
  }
  plan = Project(plan, projections);

  bool sorted_by_distinct = false;
  if (query.distinct) {
    auto distinct = Over<exec::DistinctPlan>(plan);
    distinct->output_types = plan->output_types;
    if (query.distinct_on.empty()) {
      for (size_t i = 0; i < query.visible_count; ++i) {
        distinct->keys.push_back(exec::MakeColumnRef(static_cast<int>(i), plan->output_types[i]));
      }
    } else {
      for (int column : query.distinct_on) {
        distinct->keys.push_back(exec::MakeColumnRef(column, plan->output_types[column]));
      }
      // The row kept per key is the first under the ORDER BY items that
      // follow the DISTINCT ON ones; the result is sorted afterwards.
      size_t skip = std::min(query.distinct_on.size(), query.order.size());
      distinct->order.assign(query.order.begin() + skip, query.order.end());
    }
    plan = std::move(distinct);
    sorted_by_distinct = query.order.empty();
  }
  if (!query.order.empty() && !sorted_by_distinct) {
    auto sort = Over<exec::SortPlan>(plan);
    sort->output_types = plan->output_types;
    sort->keys = query.order;
    if (query.limit) sort->limit = *query.limit + query.offset;
    plan = std::move(sort);
  }
  if (query.limit || query.offset > 0) {
    auto limit = Over<exec::LimitPlan>(plan);
    limit->output_types = plan->output_types;
    limit->limit = query.limit;
    limit->offset = query.offset;
    plan = std::move(limit);
  }
  if (query.projections.size() > query.visible_count) {
    std::vector<ExprPtr> visible;
    for (size_t i = 0; i < query.visible_count; ++i) {
      visible.push_back(exec::MakeColumnRef(static_cast<int>(i), plan->output_types[i]));
    }
    plan = Project(plan, std::move(visible));
  }
  return plan;
}

}  // namespace sundial::sql
