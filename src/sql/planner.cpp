#include "sql/planner.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "exec/function_registry.h"
#include "sql/gapfill.h"
#include "sql/join_planner.h"
#include "sql/window_binder.h"

namespace sundial::sql {
namespace {

using exec::ExprPtr;

// The input columns the query reads above its FROM clause's own filters:
// group keys, aggregate arguments and (when not aggregated) the select list.
std::set<int> ColumnsReadAbove(const std::vector<ExprPtr>& keys,
                               const std::vector<exec::AggregateCall>& aggregates,
                               const std::vector<ExprPtr>& projections, bool aggregated) {
  std::set<int> used;
  for (const ExprPtr& k : keys)
    CollectColumns(*k, used);
  for (const exec::AggregateCall& a : aggregates) {
    for (const ExprPtr& arg : a.args)
      CollectColumns(*arg, used);
    if (a.filter) CollectColumns(*a.filter, used);
  }
  if (!aggregated) {
    for (const ExprPtr& p : projections)
      CollectColumns(*p, used);
  }
  return used;
}

// Rewrites the input-layout expressions for an input whose columns moved.
void RemapInputs(const std::vector<int>& mapping, std::vector<ExprPtr>& keys,
                 std::vector<exec::AggregateCall>& aggregates, std::vector<ExprPtr>& projections,
                 bool aggregated) {
  for (ExprPtr& k : keys)
    k = RemapColumns(k, mapping);
  for (exec::AggregateCall& a : aggregates) {
    for (ExprPtr& arg : a.args)
      arg = RemapColumns(arg, mapping);
    if (a.filter) a.filter = RemapColumns(a.filter, mapping);
  }
  if (!aggregated) {
    for (ExprPtr& p : projections)
      p = RemapColumns(p, mapping);
  }
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

bool MatchesColumnType(const Value& value, DataType column) {
  if (value.is_null()) return false;
  TypeId id = value.type().id;
  if (IsString(column.id)) return IsString(id);
  if (id != column.id) return false;
  return IsFloat(id) ? !std::isnan(value.float_value())
                     : IsTimestamp(id) || IsInteger(id) || id == TypeId::kDate;
}

// `column <op> constant` (either side) or `column IN (constants)` as a
// predicate the store evaluates exactly, or nothing.
std::optional<ts::ScanPredicate> ToScanPredicate(const exec::Expr& c,
                                                 const ts::TableSchema& table) {
  if (c.kind == exec::ExprKind::kInList) {
    if (c.negated || c.args.size() < 2 || c.args[0]->kind != exec::ExprKind::kColumnRef) {
      return std::nullopt;
    }
    int column = c.args[0]->column;
    ts::ScanPredicate p{.column = column, .op = ts::ScanCompare::kIn};
    for (size_t i = 1; i < c.args.size(); ++i) {
      const exec::Expr& item = *c.args[i];
      if (item.kind != exec::ExprKind::kConstant ||
          !MatchesColumnType(item.constant, table.columns[column].type)) {
        return std::nullopt;
      }
      p.values.push_back(item.constant);
    }
    if (!IsString(table.columns[column].type.id) && p.values.size() > 16) return std::nullopt;
    return p;
  }
  if (c.kind != exec::ExprKind::kCall || c.function == nullptr || c.args.size() != 2) {
    return std::nullopt;
  }
  const std::string& name = c.function->name;
  const exec::Expr* left = c.args[0].get();
  const exec::Expr* right = c.args[1].get();
  bool swapped = false;
  if (left->kind == exec::ExprKind::kConstant) {
    std::swap(left, right);
    swapped = true;
  }
  if (left->kind != exec::ExprKind::kColumnRef || right->kind != exec::ExprKind::kConstant) {
    return std::nullopt;
  }
  ts::ScanCompare op;
  if (name == "=") {
    op = ts::ScanCompare::kEq;
  } else if (name == "<") {
    op = swapped ? ts::ScanCompare::kGt : ts::ScanCompare::kLt;
  } else if (name == "<=") {
    op = swapped ? ts::ScanCompare::kGe : ts::ScanCompare::kLe;
  } else if (name == ">") {
    op = swapped ? ts::ScanCompare::kLt : ts::ScanCompare::kGt;
  } else if (name == ">=") {
    op = swapped ? ts::ScanCompare::kLe : ts::ScanCompare::kGe;
  } else {
    return std::nullopt;
  }
  DataType type = table.columns[left->column].type;
  if (!MatchesColumnType(right->constant, type)) return std::nullopt;
  if (IsString(type.id) && op != ts::ScanCompare::kEq) return std::nullopt;
  return ts::ScanPredicate{.column = left->column, .op = op, .values = {right->constant}};
}

// DISTINCT ON (tag) ... ORDER BY tag, time DESC over a whole hypertable
// needs only the newest rows per tag: let the store skip older row groups.
void MarkLatestPerKey(const exec::DistinctPlan& distinct, const std::vector<ExprPtr>& projections,
                      const ts::TableSchema& table, ts::ScanSpec& spec) {
  if (distinct.keys.size() != 1 || distinct.order.size() != 1 || !distinct.order[0].descending ||
      !table.time_column) {
    return;
  }
  auto scan_column = [&](const ExprPtr& projected) -> int {
    if (projected->kind != exec::ExprKind::kColumnRef || projected->column < 0 ||
        static_cast<size_t>(projected->column) >= projections.size()) {
      return -1;
    }
    const ExprPtr& source = projections[projected->column];
    if (source->kind != exec::ExprKind::kColumnRef) return -1;
    return spec.columns[source->column];
  };
  int key = scan_column(distinct.keys[0]);
  int time = scan_column(distinct.order[0].expr);
  if (key < 0 || time != *table.time_column || !IsString(table.columns[key].type.id)) return;
  spec.latest_per_column = key;
}

}  // namespace

ExprPtr PushDownPredicates(const ExprPtr& where, const ts::TableSchema& table,
                           std::vector<ts::ScanPredicate>& predicates) {
  std::vector<ExprPtr> conjuncts;
  std::function<void(const ExprPtr&)> flatten = [&](const ExprPtr& e) {
    if (e->kind == exec::ExprKind::kAnd) {
      for (const ExprPtr& arg : e->args)
        flatten(arg);
    } else {
      conjuncts.push_back(e);
    }
  };
  flatten(where);
  std::vector<ExprPtr> rest;
  for (const ExprPtr& c : conjuncts) {
    std::optional<ts::ScanPredicate> p = ToScanPredicate(*c, table);
    if (p) {
      predicates.push_back(std::move(*p));
    } else {
      rest.push_back(c);
    }
  }
  if (rest.empty()) return nullptr;
  if (rest.size() == 1) return rest[0];
  if (rest.size() == conjuncts.size()) return where;
  exec::Expr conjunction = *where;
  conjunction.args = std::move(rest);
  return std::make_shared<const exec::Expr>(std::move(conjunction));
}

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
  std::shared_ptr<exec::ScanPlan> scan_node;
  ExprPtr where = query.where;
  std::vector<ExprPtr> keys = query.group_keys;
  std::vector<exec::AggregateCall> aggregates = query.aggregates;
  // With window functions the first projection computes the windows'
  // inputs; the select list is projected over the windows' output.
  std::vector<ExprPtr> projections =
      query.windows.empty() ? query.projections : query.window_inputs;
  if (query.table) {
    auto scan = std::make_shared<exec::ScanPlan>();
    scan->spec.table_id = query.table->table_id;
    scan->spec.time_range = ExtractTimeRange(where.get(), *query.table);
    if (where) where = PushDownPredicates(where, *query.table, scan->spec.predicates);
    // Read only the columns some expression over the input references.
    std::set<int> used = ColumnsReadAbove(keys, aggregates, projections, query.aggregated);
    if (where) CollectColumns(*where, used);
    std::vector<int> mapping(query.table->columns.size(), -1);
    for (int column : used) {
      mapping[column] = static_cast<int>(scan->spec.columns.size());
      scan->spec.columns.push_back(column);
      scan->output_types.push_back(query.table->columns[column].type);
    }
    if (where) where = RemapColumns(where, mapping);
    RemapInputs(mapping, keys, aggregates, projections, query.aggregated);
    scan_node = scan;
    plan = std::move(scan);
  } else if (query.from) {
    std::vector<ExprPtr> conjuncts;
    if (where) SplitConjuncts(where, conjuncts);
    where = nullptr;
    PlannedFrom from = PlanFrom(*query.from, std::move(conjuncts),
                                ColumnsReadAbove(keys, aggregates, projections, query.aggregated));
    RemapInputs(from.mapping, keys, aggregates, projections, query.aggregated);
    plan = std::move(from.plan);
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
    if (query.gapfill) plan = PlanGapfill(std::move(plan), *query.gapfill);
  }
  plan = Project(plan, projections);
  if (!query.windows.empty()) {
    plan = Project(PlanWindows(plan, query), query.projections);
  }

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
      if (scan_node && !where && scan_node->spec.predicates.empty() && !query.aggregated &&
          query.windows.empty()) {
        MarkLatestPerKey(*distinct, projections, *query.table, scan_node->spec);
      }
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
