#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>

#include "exec/memory_budget.h"
#include "ts/engine.h"

namespace sundial::exec {

class Operator;
struct PlanNode;

// What one plan node did in a run (EXPLAIN ANALYZE): rows and batches it
// returned, time spent in its Next calls (including its inputs'), and the
// memory account of a blocking operator, and what a scan skipped and read.
// Below a Gather the figures add up every worker's (times are summed, so
// they may exceed the query's wall time), and memory accounts are not kept.
struct NodeProfile {
  uint64_t rows = 0;
  uint64_t batches = 0;
  int64_t nanos = 0;
  const OperatorMemory* memory = nullptr;
  std::optional<ts::ScanStatistics> scan;
  // A Gather's morsels and the threads that ran them.
  uint64_t morsels = 0;
  uint64_t workers_used = 0;
};

// The profiles of a run's plan nodes, filled by the operators BuildOperator
// wraps when ExecContext::profile is set.
class PlanProfile {
 public:
  NodeProfile& For(const PlanNode* node) { return nodes_[node]; }
  // nullptr for a node that was never built (so never ran).
  const NodeProfile* Find(const PlanNode* node) const {
    auto it = nodes_.find(node);
    return it == nodes_.end() ? nullptr : &it->second;
  }
  // Adds another run's figures (rows, batches, time, scan work) node by node.
  void Add(const PlanProfile& other);

 private:
  std::unordered_map<const PlanNode*, NodeProfile> nodes_;
};

// `inner` measured into `profile`.
std::unique_ptr<Operator> MakeProfilingOperator(std::unique_ptr<Operator> inner,
                                                NodeProfile& profile);

}  // namespace sundial::exec
