#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/types.h"
#include "exec/expression.h"
#include "exec/plan.h"
#include "ts/engine.h"
#include "ts/table_schema.h"

namespace sundial::sql {

// The logical plan: what a query computes, as the binder states it, before
// rewrite rules (rules/) decide where each filter runs and which columns are
// read, and before the physical planner picks operators. Nodes are immutable
// and may be shared (a CTE referenced twice is one subtree): a rule that
// changes a node builds a new one. Every node states its output types;
// expressions refer to the output columns of the node's children (a join's
// left columns, then its right ones).
enum class LogicalKind : uint8_t {
  kGet,
  kValues,
  kFilter,
  kProject,
  kAggregate,
  kJoin,
  kSetOperation,
  kWindow,
  kSort,
  kLimit,
  kDistinct,
  kSeries,
  kSingleRow,
  kGapfill,
  kLateralJoin,
};

struct LogicalNode;
using LogicalPtr = std::shared_ptr<const LogicalNode>;

struct LogicalNode {
  explicit LogicalNode(LogicalKind kind) : kind(kind) {}
  virtual ~LogicalNode() = default;

  LogicalKind kind;
  std::vector<DataType> output_types;
  std::vector<LogicalPtr> children;
};

// Rows of a table: spec.columns (table column numbers) in that order. The
// store applies spec.time_range and spec.predicates exactly; `filters` are
// conditions over the output columns still to be evaluated above the scan.
// A filter may repeat what the time range says (the range only prunes).
// In a per-row plan, `parameter_terms` repeat filters that compare a
// column with the outer row's values, for the store to prune by once they
// are known (see exec::ScanPlan).
struct LogicalGet : LogicalNode {
  LogicalGet() : LogicalNode(LogicalKind::kGet) {}
  ts::TableSchema table;
  ts::ScanSpec spec;
  std::vector<exec::ExprPtr> filters;
  std::vector<exec::ScanParameterTerm> parameter_terms;
};

// Constant rows (see exec::ValuesPlan).
struct LogicalValues : LogicalNode {
  LogicalValues() : LogicalNode(LogicalKind::kValues) {}
  std::vector<std::vector<exec::ExprPtr>> rows;
};

// Rows of children[0] where every conjunct is true.
struct LogicalFilter : LogicalNode {
  LogicalFilter() : LogicalNode(LogicalKind::kFilter) {}
  std::vector<exec::ExprPtr> conjuncts;
};

struct LogicalProject : LogicalNode {
  LogicalProject() : LogicalNode(LogicalKind::kProject) {}
  std::vector<exec::ExprPtr> expressions;
};

// Group keys then aggregates, as exec::AggregatePlan.
struct LogicalAggregate : LogicalNode {
  LogicalAggregate() : LogicalNode(LogicalKind::kAggregate) {}
  std::vector<exec::ExprPtr> group_keys;
  std::vector<exec::AggregateCall> aggregates;
};

// children[0] joined with children[1] where every conjunct of `conditions`
// (over the left columns then the right ones) is true. Semi and anti joins
// output the left columns only. Which conditions become hash keys is the
// physical planner's choice.
struct LogicalJoin : LogicalNode {
  LogicalJoin() : LogicalNode(LogicalKind::kJoin) {}
  exec::JoinType type = exec::JoinType::kInner;
  std::vector<exec::ExprPtr> conditions;
};

// A LATERAL item run once per left row (see exec::LateralJoinPlan):
// children[1] reads children[0]'s row through kOuterParam slot i, whose
// value is parameters[i] over children[0]'s columns. Output: children[0]'s
// columns, then children[1]'s.
struct LogicalLateralJoin : LogicalNode {
  LogicalLateralJoin() : LogicalNode(LogicalKind::kLateralJoin) {}
  exec::JoinType type = exec::JoinType::kInner;
  std::vector<exec::ExprPtr> parameters;
  std::vector<exec::ExprPtr> conditions;
};

struct LogicalSetOperation : LogicalNode {
  LogicalSetOperation() : LogicalNode(LogicalKind::kSetOperation) {}
  exec::SetOperationType type = exec::SetOperationType::kUnionAll;
};

// Window calls over children[0], which is sorted for them (see
// exec::WindowPlan): the input columns, then one column per call.
struct LogicalWindow : LogicalNode {
  LogicalWindow() : LogicalNode(LogicalKind::kWindow) {}
  std::vector<int> partition_columns;
  std::vector<exec::SortKey> order;
  std::vector<exec::WindowCall> calls;
};

// With `limit`, only the first `limit` rows in order are needed (top-N).
struct LogicalSort : LogicalNode {
  LogicalSort() : LogicalNode(LogicalKind::kSort) {}
  std::vector<exec::SortKey> keys;
  std::optional<uint64_t> limit;
};

struct LogicalLimit : LogicalNode {
  LogicalLimit() : LogicalNode(LogicalKind::kLimit) {}
  std::optional<uint64_t> limit;
  uint64_t offset = 0;
};

// See exec::DistinctPlan.
struct LogicalDistinct : LogicalNode {
  LogicalDistinct() : LogicalNode(LogicalKind::kDistinct) {}
  std::vector<exec::ExprPtr> keys;
  std::vector<exec::SortKey> order;
};

// generate_series or unnest (see exec::SeriesPlan).
struct LogicalSeries : LogicalNode {
  LogicalSeries() : LogicalNode(LogicalKind::kSeries) {}
  exec::ExprPtr start;
  exec::ExprPtr stop;
  exec::ExprPtr step;
  exec::ExprPtr array;
};

// children[0], failing with 21000 beyond one row (a scalar subquery).
struct LogicalSingleRow : LogicalNode {
  LogicalSingleRow() : LogicalNode(LogicalKind::kSingleRow) {}
};

// time_bucket_gapfill's rows added to children[0] (see exec::GapfillPlan,
// whose fields `gapfill` holds; its children and output types are unused).
struct LogicalGapfill : LogicalNode {
  LogicalGapfill() : LogicalNode(LogicalKind::kGapfill) {}
  std::shared_ptr<const exec::GapfillPlan> gapfill;
};

template <typename Node>
const Node& As(const LogicalNode& node) {
  return static_cast<const Node&>(node);
}

// Every column of `table`, in table order, with nothing filtered.
LogicalPtr ReadTable(const ts::TableSchema& table);

// A copy of `node` (same kind and fields) to change before it is shared.
std::shared_ptr<LogicalNode> CopyNode(const LogicalNode& node);

// `node` with `children` in place of its own (`node` itself when they are
// the same).
LogicalPtr WithChildren(const LogicalPtr& node, std::vector<LogicalPtr> children);

// `plan` with `rewrite` applied to every node, children first (a node sees
// its rewritten children).
LogicalPtr RewriteBottomUp(const LogicalPtr& plan,
                           const std::function<LogicalPtr(LogicalPtr)>& rewrite);

// `child` under a new node of type Node whose output types are the child's.
template <typename Node>
std::shared_ptr<Node> Above(LogicalPtr child) {
  auto node = std::make_shared<Node>();
  node->output_types = child->output_types;
  node->children.push_back(std::move(child));
  return node;
}

// A projection of `expressions` over `child`.
LogicalPtr ProjectOver(LogicalPtr child, std::vector<exec::ExprPtr> expressions);
// `child` filtered by `conjuncts`; `child` itself when there are none.
LogicalPtr FilterOver(LogicalPtr child, std::vector<exec::ExprPtr> conjuncts);

}  // namespace sundial::sql
