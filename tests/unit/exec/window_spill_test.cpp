#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "spill_test_util.h"

namespace sundial::exec::testing {
namespace {

// Input columns, in partition and order: part = x / partition_rows,
// ord = x / 3 (peer groups of three), x, buckets = 7 (int4, for ntile),
// label = 'row-' || x (text), far = 9000 (int4, beyond the reach kept on
// disk).
// With `fails_at`, x is 1 / (x - fails_at) * 0 + x: division by zero at
// that row.
PlanPtr Input(int64_t partition_rows, std::optional<int64_t> fails_at = std::nullopt) {
  auto scan = std::make_shared<ScanPlan>();
  scan->output_types = {kInt64};
  scan->spec.columns = {0};
  auto project = std::make_shared<ProjectPlan>();
  project->children = {scan};
  ExprPtr x = MakeColumnRef(0, kInt64);
  if (fails_at) {
    x = Call("+", {Call("*", {Call("/", {Big(1), Call("-", {x, Big(*fails_at)})}), Big(0)}), x});
  }
  project->expressions = {Call("/", {x, Big(partition_rows)}),
                          Call("/", {x, Big(3)}),
                          x,
                          Int(7),
                          Call("||", {Txt("row-"), MakeCast(x, kText)}),
                          Int(9000)};
  project->output_types = {kInt64, kInt64, kInt64, kInt32, kText, kInt32};
  return project;
}

enum Column : int { kPart, kOrd, kX, kBuckets, kLabel, kFar };

WindowCall Ranking(WindowFunctionKind kind, DataType type, std::vector<int> args = {}) {
  return WindowCall{.name = "ranking", .kind = kind, .args = std::move(args), .type = type};
}

WindowCall Value(WindowFunctionKind kind, int column, DataType type, WindowFrame frame = {}) {
  return WindowCall{.name = "value", .kind = kind, .args = {column}, .type = type, .frame = frame};
}

const WindowFrame kRowsRunning{.unit = WindowFrameUnit::kRows,
                               .start = {.kind = WindowBoundKind::kUnboundedPreceding},
                               .end = {.kind = WindowBoundKind::kCurrentRow}};
const WindowFrame kGroupsRunning{.unit = WindowFrameUnit::kGroups,
                                 .start = {.kind = WindowBoundKind::kUnboundedPreceding},
                                 .end = {.kind = WindowBoundKind::kCurrentRow}};
const WindowFrame kWholePartition{.start = {.kind = WindowBoundKind::kUnboundedPreceding},
                                  .end = {.kind = WindowBoundKind::kUnboundedFollowing}};
const WindowFrame kPeersOnly{.start = {.kind = WindowBoundKind::kCurrentRow},
                             .end = {.kind = WindowBoundKind::kCurrentRow}};
const WindowFrame kSliding{.unit = WindowFrameUnit::kRows,
                           .start = {.kind = WindowBoundKind::kPreceding, .rows = 2},
                           .end = {.kind = WindowBoundKind::kFollowing, .rows = 1}};
const WindowFrame kSlidingWithoutPeers{.unit = WindowFrameUnit::kRows,
                                       .start = {.kind = WindowBoundKind::kPreceding, .rows = 3},
                                       .end = {.kind = WindowBoundKind::kFollowing, .rows = 3},
                                       .exclusion = WindowExclusion::kGroup};
const WindowFrame kAhead{.unit = WindowFrameUnit::kRows,
                         .start = {.kind = WindowBoundKind::kFollowing, .rows = 1},
                         .end = {.kind = WindowBoundKind::kFollowing, .rows = 2500}};
const WindowFrame kRunningAhead{.unit = WindowFrameUnit::kRows,
                                .start = {.kind = WindowBoundKind::kUnboundedPreceding},
                                .end = {.kind = WindowBoundKind::kFollowing, .rows = 5}};
const WindowFrame kOpenWithoutSelf{.unit = WindowFrameUnit::kRows,
                                   .start = {.kind = WindowBoundKind::kUnboundedPreceding},
                                   .end = {.kind = WindowBoundKind::kCurrentRow},
                                   .exclusion = WindowExclusion::kCurrentRow};
const WindowFrame kToTheEnd{.unit = WindowFrameUnit::kRows,
                            .start = {.kind = WindowBoundKind::kCurrentRow},
                            .end = {.kind = WindowBoundKind::kUnboundedFollowing}};

// Calls whose values need only sequential passes over a partition.
std::vector<WindowCall> StreamableCalls() {
  return {Ranking(WindowFunctionKind::kRowNumber, kInt64),
          Ranking(WindowFunctionKind::kRank, kInt64),
          Ranking(WindowFunctionKind::kDenseRank, kInt64),
          Ranking(WindowFunctionKind::kPercentRank, kFloat64),
          Ranking(WindowFunctionKind::kCumeDist, kFloat64),
          Ranking(WindowFunctionKind::kNtile, kInt32, {kBuckets}),
          WindowAggregate("sum", {kX}, kInt64),
          WindowAggregate("count", {kX}, kInt64, kRowsRunning),
          WindowAggregate("avg", {kX}, kInt64, kGroupsRunning),
          WindowAggregate("max", {kLabel}, kText, kWholePartition),
          Value(WindowFunctionKind::kFirstValue, kLabel, kText),
          Value(WindowFunctionKind::kLastValue, kLabel, kText),
          Value(WindowFunctionKind::kLastValue, kX, kInt64, kRowsRunning),
          Value(WindowFunctionKind::kLastValue, kLabel, kText, kWholePartition),
          Value(WindowFunctionKind::kLastValue, kX, kInt64, kPeersOnly),
          Value(WindowFunctionKind::kLag, kX, kInt64),
          WindowCall{.name = "lead",
                     .kind = WindowFunctionKind::kLead,
                     .args = {kLabel, kBuckets, kLabel},
                     .type = kText},
          WindowAggregate("sum", {kX}, kInt64, kSliding),
          WindowAggregate("count", {kX}, kInt64, kSlidingWithoutPeers),
          WindowAggregate("max", {kX}, kInt64, kAhead),
          WindowAggregate("sum", {kX}, kInt64, kRunningAhead),
          Value(WindowFunctionKind::kFirstValue, kLabel, kText, kSliding),
          Value(WindowFunctionKind::kFirstValue, kX, kInt64, kOpenWithoutSelf),
          Value(WindowFunctionKind::kLastValue, kX, kInt64, kOpenWithoutSelf),
          Value(WindowFunctionKind::kLastValue, kLabel, kText, kSlidingWithoutPeers),
          WindowCall{.name = "nth_value",
                     .kind = WindowFunctionKind::kNthValue,
                     .args = {kX, kBuckets},
                     .type = kInt64,
                     .frame = kAhead}};
}

// partition_rows 0: no PARTITION BY, the whole input is one partition.
std::shared_ptr<WindowPlan> WindowOver(int64_t partition_rows, std::vector<WindowCall> calls,
                                       std::optional<int64_t> fails_at = std::nullopt) {
  auto window = std::make_shared<WindowPlan>();
  window->children = {Input(std::max<int64_t>(partition_rows, 1), fails_at)};
  if (partition_rows > 0) window->partition_columns = {kPart};
  window->order = {SortKey{.expr = MakeColumnRef(kOrd, kInt64)}};
  window->output_types = {kInt64, kInt64, kInt64, kInt32, kText, kInt32};
  for (const WindowCall& call : calls)
    window->output_types.push_back(call.type);
  window->calls = std::move(calls);
  return window;
}

TEST_CASE("window partitions larger than work_mem are computed from disk like in memory",
          "[spill][window]") {
  CountingEngine engine(120'000);
  SpillOutcome spilled =
      CheckSpillsLikeInMemory(*WindowOver(50'000, StreamableCalls()), engine, /*ordered=*/true);
  // The passes hold a batch, the rows within reach (2,500 ahead for one
  // frame) and a block of peer groups: far less than a partition.
  CHECK(spilled.root_peak_bytes < 8 * kTinyWorkMem);
  CHECK(spilled.root_peak_bytes * 10 < spilled.in_memory_root_peak_bytes);
}

TEST_CASE("a window over the whole input larger than work_mem streams from disk",
          "[spill][window]") {
  CountingEngine engine(100'000);
  SpillOutcome spilled =
      CheckSpillsLikeInMemory(*WindowOver(0, StreamableCalls()), engine, /*ordered=*/true);
  CHECK(spilled.root_peak_bytes < 8 * kTinyWorkMem);
  CHECK(spilled.root_peak_bytes * 10 < spilled.in_memory_root_peak_bytes);
}

TEST_CASE("window calls needing random access read a spilled partition back exactly",
          "[spill][window]") {
  CountingEngine engine(60'000);
  // A frame from the current row to the partition end.
  std::vector<WindowCall> calls = StreamableCalls();
  calls.push_back(WindowAggregate("sum", {kX}, kInt64, kToTheEnd));
  CheckSpillsLikeInMemory(*WindowOver(25'000, calls), engine, /*ordered=*/true);
  // lag reaching further back than the rows kept while streaming.
  calls = StreamableCalls();
  calls.push_back(WindowCall{
      .name = "lag", .kind = WindowFunctionKind::kLag, .args = {kX, kFar}, .type = kInt64});
  CheckSpillsLikeInMemory(*WindowOver(25'000, calls), engine, /*ordered=*/true);
}

TEST_CASE("small window partitions are computed as they complete, without spilling",
          "[spill][window]") {
  CountingEngine engine(100'000);
  SpillOutcome outcome = RunWithWorkMem(*WindowOver(40, StreamableCalls()), engine, kTinyWorkMem);
  CHECK(outcome.rows.size() == 100'000);
  CHECK(outcome.spilled_bytes == 0);
  // A batch of computed rows (with their 15 results) at a time.
  CHECK(outcome.root_peak_bytes < 1'000'000);
}

TEST_CASE("spilling window removes its files when canceled or failing mid-way", "[spill][window]") {
  CountingEngine engine(100'000);
  CheckStopsCleanly(*WindowOver(0, StreamableCalls()), engine,
                    /*cancel_after_first_batch=*/true);
  // The input fails at row 80,000, long after the partition went to disk.
  CheckStopsCleanly(*WindowOver(0, StreamableCalls(), 80'000), engine,
                    /*cancel_after_first_batch=*/false);
}

}  // namespace
}  // namespace sundial::exec::testing
