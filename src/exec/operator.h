#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "common/column_vector.h"
#include "common/status.h"
#include "exec/expression.h"
#include "exec/memory_budget.h"
#include "exec/plan.h"
#include "ts/engine.h"

namespace sundial::exec {

class PlanProfile;
class SubqueryResults;

// Everything a running plan may use. Outlives the operators built from it.
struct ExecContext {
  ts::Engine* engine = nullptr;
  EvalContext eval;
  // Memory each blocking operator (aggregate, sort, distinct) may use
  // before spilling.
  size_t work_mem_bytes = 4 << 20;
  // Directory for spill files (the system temp directory when empty). Each
  // file is removed by its owner on success, error and cancel.
  std::string temp_dir;
  // Set by another thread to cancel; operators check it per batch and fail
  // with kQueryCanceled.
  const std::atomic<bool>* cancel_requested = nullptr;
  // statement_timeout: past this instant operators fail with kQueryCanceled.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  // A transaction block's own uncommitted appends, per table id: scans of
  // those tables read them too.
  std::map<uint32_t, std::vector<DataChunk>> uncommitted_rows;
  // The block's deletions of committed rows, per table id: scans leave them out.
  std::map<uint32_t, std::shared_ptr<const ts::BlockDeletes>> block_deletes;
  // Answers of the statement's uncorrelated subqueries; eval.subqueries
  // points here once StartPlan has computed them.
  std::shared_ptr<SubqueryResults> subquery_results;
  // One account per blocking operator: its footprint and bytes spilled.
  MemoryBudget memory;
  // Set for EXPLAIN ANALYZE: every operator built reports into it.
  PlanProfile* profile = nullptr;
  // Worker threads one Gather may use (max_parallel_workers_per_gather);
  // at most 1, a Gather runs its morsels one after the other on the
  // calling thread.
  int max_parallel_workers = 2;
  // Set in the copy of a Gather's subplan that reads one morsel: its scan
  // reads morsel `morsel` of `morsel_scan` instead of opening a scan.
  const ts::MorselScan* morsel_scan = nullptr;
  size_t morsel = 0;
};

// What a scan of `plan` reads in this run: its spec with the parameter
// terms' values added as predicates, and the statement's uncommitted rows of
// the table.
Result<ts::ScanSpec> ResolveScanSpec(const ScanPlan& plan, const ExecContext& context);

// A running operator: pull-based, one batch at a time.
class Operator {
 public:
  virtual ~Operator() = default;
  // Fills `out` with the next non-empty batch (at most kBatchCapacity rows).
  // Returns false when exhausted.
  virtual Result<bool> Next(DataChunk& out) = 0;
};

// Builds the operator tree for a plan. The plan must outlive the operators.
Result<std::unique_ptr<Operator>> BuildOperator(const PlanNode& plan, ExecContext& context);

// What a statement runs: computes the plan's uncorrelated subqueries once
// (errors such as 21000 belong to the statement's start), then builds the
// operator tree.
Result<std::unique_ptr<Operator>> StartPlan(const PlanNode& plan, ExecContext& context);

}  // namespace sundial::exec
