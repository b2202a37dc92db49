#include <set>

#include "sql/expr_util.h"
#include "sql/rules/rules.h"

namespace sundial::sql {
namespace {

using exec::ExprPtr;

// A node rewritten to produce fewer columns: mapping[old output column] is
// its new position, -1 when dropped.
struct Pruned {
  LogicalPtr node;
  std::vector<int> mapping;
};

Pruned Prune(const LogicalPtr& node, std::set<int> required);

std::set<int> All(const LogicalNode& node) {
  std::set<int> all;
  for (size_t i = 0; i < node.output_types.size(); ++i)
    all.insert(static_cast<int>(i));
  return all;
}

std::vector<int> Identity(size_t width) {
  std::vector<int> mapping;
  for (size_t i = 0; i < width; ++i)
    mapping.push_back(static_cast<int>(i));
  return mapping;
}

void Require(const std::vector<ExprPtr>& exprs, std::set<int>& required) {
  for (const ExprPtr& e : exprs)
    CollectColumns(*e, required);
}

void Require(const std::vector<exec::SortKey>& keys, std::set<int>& required) {
  for (const exec::SortKey& k : keys)
    CollectColumns(*k.expr, required);
}

void Remap(std::vector<ExprPtr>& exprs, const std::vector<int>& mapping) {
  for (ExprPtr& e : exprs)
    e = RemapColumns(e, mapping);
}

void Remap(std::vector<exec::SortKey>& keys, const std::vector<int>& mapping) {
  for (exec::SortKey& k : keys)
    k.expr = RemapColumns(k.expr, mapping);
}

// A node whose columns all stay, over children that produce all theirs.
Pruned KeepAll(const LogicalPtr& node) {
  std::vector<LogicalPtr> children;
  for (const LogicalPtr& child : node->children)
    children.push_back(Prune(child, All(*child)).node);
  return {WithChildren(node, std::move(children)), Identity(node->output_types.size())};
}

Pruned PruneGet(const LogicalGet& get, std::set<int> required) {
  Require(get.filters, required);
  auto pruned = std::make_shared<LogicalGet>(get);
  pruned->spec.columns.clear();
  pruned->output_types.clear();
  std::vector<int> mapping(get.output_types.size(), -1);
  for (int column : required) {
    mapping[column] = static_cast<int>(pruned->spec.columns.size());
    pruned->spec.columns.push_back(get.spec.columns[column]);
    pruned->output_types.push_back(get.output_types[column]);
  }
  Remap(pruned->filters, mapping);
  return {std::move(pruned), std::move(mapping)};
}

// Nodes whose output columns are their input's: what they read themselves
// is required of the input too.
template <typename Node>
Pruned PrunePassThrough(const Node& node, std::set<int> required,
                        const std::function<void(Node&, const std::vector<int>&)>& remap) {
  Pruned child = Prune(node.children[0], std::move(required));
  auto pruned = std::make_shared<Node>(node);
  pruned->children = {child.node};
  pruned->output_types = child.node->output_types;
  remap(*pruned, child.mapping);
  return {std::move(pruned), std::move(child.mapping)};
}

Pruned PruneProject(const LogicalProject& project, const std::set<int>& required) {
  std::vector<int> kept(required.begin(), required.end());
  // A projection keeps one column so that it still counts rows.
  if (kept.empty() && !project.expressions.empty()) kept.push_back(0);
  std::set<int> child_required;
  for (int i : kept)
    CollectColumns(*project.expressions[i], child_required);
  Pruned child = Prune(project.children[0], std::move(child_required));
  std::vector<int> mapping(project.expressions.size(), -1);
  std::vector<ExprPtr> expressions;
  for (int i : kept) {
    mapping[i] = static_cast<int>(expressions.size());
    expressions.push_back(RemapColumns(project.expressions[i], child.mapping));
  }
  return {ProjectOver(child.node, std::move(expressions)), std::move(mapping)};
}

Pruned PruneAggregate(const LogicalAggregate& aggregate, const std::set<int>& required) {
  const int keys = static_cast<int>(aggregate.group_keys.size());
  std::vector<size_t> kept;
  for (size_t a = 0; a < aggregate.aggregates.size(); ++a) {
    if (required.count(keys + static_cast<int>(a)) > 0) kept.push_back(a);
  }
  if (kept.empty() && keys == 0 && !aggregate.aggregates.empty()) kept.push_back(0);
  std::set<int> child_required;
  Require(aggregate.group_keys, child_required);
  for (size_t a : kept) {
    Require(aggregate.aggregates[a].args, child_required);
    if (aggregate.aggregates[a].filter) {
      CollectColumns(*aggregate.aggregates[a].filter, child_required);
    }
  }
  Pruned child = Prune(aggregate.children[0], std::move(child_required));
  auto pruned = std::make_shared<LogicalAggregate>();
  pruned->children = {child.node};
  pruned->group_keys = aggregate.group_keys;
  Remap(pruned->group_keys, child.mapping);
  std::vector<int> mapping = Identity(keys);
  mapping.resize(aggregate.output_types.size(), -1);
  pruned->output_types.assign(aggregate.output_types.begin(),
                              aggregate.output_types.begin() + keys);
  for (size_t a : kept) {
    exec::AggregateCall call = aggregate.aggregates[a];
    Remap(call.args, child.mapping);
    if (call.filter) call.filter = RemapColumns(call.filter, child.mapping);
    mapping[keys + a] = static_cast<int>(pruned->output_types.size());
    pruned->output_types.push_back(aggregate.output_types[keys + a]);
    pruned->aggregates.push_back(std::move(call));
  }
  return {std::move(pruned), std::move(mapping)};
}

// Both inputs of a two-input node whose output is the left columns then
// the right ones, pruned to what `required` (over that output) and
// `left_extra` (over the left columns) read; `mapping` is over the pair.
struct PrunedPair {
  Pruned left;
  Pruned right;
  std::vector<int> mapping;
};

PrunedPair PrunePair(const LogicalNode& node, const std::set<int>& required,
                     std::set<int> left_required) {
  const int left_width = static_cast<int>(node.children[0]->output_types.size());
  std::set<int> right_required;
  for (int column : required) {
    if (column < left_width) {
      left_required.insert(column);
    } else {
      right_required.insert(column - left_width);
    }
  }
  PrunedPair pair{.left = Prune(node.children[0], std::move(left_required)),
                  .right = Prune(node.children[1], std::move(right_required))};
  const int new_left_width = static_cast<int>(pair.left.node->output_types.size());
  pair.mapping = pair.left.mapping;
  for (int m : pair.right.mapping)
    pair.mapping.push_back(m < 0 ? -1 : m + new_left_width);
  return pair;
}

Pruned PruneJoin(const LogicalJoin& join, std::set<int> required) {
  Require(join.conditions, required);
  PrunedPair pair = PrunePair(join, required, {});
  auto pruned = std::make_shared<LogicalJoin>(join);
  Remap(pruned->conditions, pair.mapping);
  pruned->output_types = pair.left.node->output_types;
  const bool left_only = join.type == exec::JoinType::kSemi || join.type == exec::JoinType::kAnti;
  if (!left_only) {
    pruned->output_types.insert(pruned->output_types.end(), pair.right.node->output_types.begin(),
                                pair.right.node->output_types.end());
  }
  pruned->children = {std::move(pair.left.node), std::move(pair.right.node)};
  return {std::move(pruned), left_only ? std::move(pair.left.mapping) : std::move(pair.mapping)};
}

// As a join, and the left columns the per-row side's parameters read stay.
Pruned PruneLateral(const LogicalLateralJoin& lateral, std::set<int> required) {
  Require(lateral.conditions, required);
  std::set<int> parameter_columns;
  Require(lateral.parameters, parameter_columns);
  PrunedPair pair = PrunePair(lateral, required, std::move(parameter_columns));
  auto pruned = std::make_shared<LogicalLateralJoin>(lateral);
  Remap(pruned->parameters, pair.left.mapping);
  Remap(pruned->conditions, pair.mapping);
  pruned->output_types = pair.left.node->output_types;
  pruned->output_types.insert(pruned->output_types.end(), pair.right.node->output_types.begin(),
                              pair.right.node->output_types.end());
  pruned->children = {std::move(pair.left.node), std::move(pair.right.node)};
  return {std::move(pruned), std::move(pair.mapping)};
}

Pruned Prune(const LogicalPtr& node, std::set<int> required) {
  switch (node->kind) {
    case LogicalKind::kGet:
      return PruneGet(As<LogicalGet>(*node), std::move(required));
    case LogicalKind::kFilter: {
      const auto& filter = As<LogicalFilter>(*node);
      Require(filter.conjuncts, required);
      return PrunePassThrough<LogicalFilter>(
          filter, std::move(required),
          [](LogicalFilter& f, const std::vector<int>& m) { Remap(f.conjuncts, m); });
    }
    case LogicalKind::kProject:
      return PruneProject(As<LogicalProject>(*node), required);
    case LogicalKind::kAggregate:
      return PruneAggregate(As<LogicalAggregate>(*node), required);
    case LogicalKind::kJoin:
      return PruneJoin(As<LogicalJoin>(*node), std::move(required));
    case LogicalKind::kLateralJoin:
      return PruneLateral(As<LogicalLateralJoin>(*node), std::move(required));
    case LogicalKind::kSort: {
      const auto& sort = As<LogicalSort>(*node);
      Require(sort.keys, required);
      return PrunePassThrough<LogicalSort>(
          sort, std::move(required),
          [](LogicalSort& s, const std::vector<int>& m) { Remap(s.keys, m); });
    }
    case LogicalKind::kDistinct: {
      const auto& distinct = As<LogicalDistinct>(*node);
      Require(distinct.keys, required);
      Require(distinct.order, required);
      return PrunePassThrough<LogicalDistinct>(distinct, std::move(required),
                                               [](LogicalDistinct& d, const std::vector<int>& m) {
                                                 Remap(d.keys, m);
                                                 Remap(d.order, m);
                                               });
    }
    case LogicalKind::kLimit:
      return PrunePassThrough<LogicalLimit>(As<LogicalLimit>(*node), std::move(required),
                                            [](LogicalLimit&, const std::vector<int>&) {});
    case LogicalKind::kValues:
    case LogicalKind::kSetOperation:
    case LogicalKind::kWindow:
    case LogicalKind::kSeries:
    case LogicalKind::kSingleRow:
    case LogicalKind::kGapfill:
      break;
  }
  return KeepAll(node);
}

}  // namespace

LogicalPtr PruneColumns(LogicalPtr plan) {
  return Prune(plan, All(*plan)).node;
}

}  // namespace sundial::sql
