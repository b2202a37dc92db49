#include <catch2/catch.hpp>

#include "exec_test_util.h"

namespace sundial::exec::testing {
namespace {

// Input columns: [x / partition_rows, x], already in partition and x order.
PlanPtr Input(int64_t partition_rows) {
  auto scan = std::make_shared<ScanPlan>();
  scan->output_types = {kInt64};
  scan->spec.columns = {0};
  auto project = std::make_shared<ProjectPlan>();
  project->children = {scan};
  ExprPtr x = MakeColumnRef(0, kInt64);
  project->expressions = {Call("/", {x, Big(partition_rows)}), x};
  project->output_types = {kInt64, kInt64};
  return project;
}

WindowCall Aggregate(std::string_view name, std::vector<int> args, WindowFrame frame = {}) {
  return WindowAggregate(name, std::move(args), kInt64, frame);
}

std::shared_ptr<WindowPlan> WindowOver(int64_t partition_rows, std::vector<WindowCall> calls) {
  auto window = std::make_shared<WindowPlan>();
  window->children = {Input(partition_rows)};
  window->partition_columns = {0};
  window->order = {SortKey{.expr = MakeColumnRef(1, kInt64)}};
  window->output_types = {kInt64, kInt64};
  for (const WindowCall& call : calls)
    window->output_types.push_back(call.type);
  window->calls = std::move(calls);
  return window;
}

TEST_CASE("Window partitions spanning several input batches are computed whole",
          "[operator][window]") {
  CountingEngine engine(12'345);
  const int64_t partition_rows = 2500;
  WindowFrame sliding{.unit = WindowFrameUnit::kRows,
                      .start = {.kind = WindowBoundKind::kPreceding, .rows = 2},
                      .end = {.kind = WindowBoundKind::kCurrentRow}};
  auto plan = WindowOver(
      partition_rows,
      {WindowCall{.name = "row_number", .kind = WindowFunctionKind::kRowNumber, .type = kInt64},
       Aggregate("sum", {1}), Aggregate("count", {}, sliding),
       WindowCall{.name = "lag", .kind = WindowFunctionKind::kLag, .args = {1}, .type = kInt64},
       Aggregate("max", {1},
                 WindowFrame{.start = {.kind = WindowBoundKind::kUnboundedPreceding},
                             .end = {.kind = WindowBoundKind::kUnboundedFollowing}})});
  ExecContext context{.engine = &engine};
  auto rows = RunPlan(*plan, context);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 12'345);
  bool all_ok = true;
  for (size_t i = 0; i < rows->size(); ++i) {
    const auto& row = (*rows)[i];
    const int64_t x = row[1].int_value();
    const int64_t start = x / partition_rows * partition_rows;
    const int64_t end = std::min<int64_t>(start + partition_rows, 12'345);
    all_ok &= x == static_cast<int64_t>(i);
    all_ok &= row[2].int_value() == x - start + 1;
    // sum(bigint) is numeric.
    all_ok &= row[3].numeric_value() == Numeric::FromInt((x + start) * (x - start + 1) / 2);
    all_ok &= row[4].int_value() == std::min<int64_t>(3, x - start + 1);
    all_ok &= x == start ? row[5].is_null() : row[5].int_value() == x - 1;
    all_ok &= row[6].int_value() == end - 1;
  }
  CHECK(all_ok);
}

TEST_CASE("ntile spreads the remainder over the first buckets", "[operator][window]") {
  CountingEngine engine(10);
  auto input = Input(100);
  auto project = std::make_shared<ProjectPlan>();
  project->children = {input};
  project->expressions = {MakeColumnRef(0, kInt64), MakeColumnRef(1, kInt64), Int(4)};
  project->output_types = {kInt64, kInt64, kInt32};
  auto window = std::make_shared<WindowPlan>();
  window->children = {project};
  window->partition_columns = {0};
  window->order = {SortKey{.expr = MakeColumnRef(1, kInt64)}};
  window->calls = {
      WindowCall{.name = "ntile", .kind = WindowFunctionKind::kNtile, .args = {2}, .type = kInt32}};
  window->output_types = {kInt64, kInt64, kInt32, kInt32};
  ExecContext context{.engine = &engine};
  auto rows = RunPlan(*window, context);
  REQUIRE(rows.ok());
  std::vector<int64_t> buckets;
  for (const auto& row : *rows)
    buckets.push_back(row[3].int_value());
  CHECK(buckets == std::vector<int64_t>{1, 1, 1, 2, 2, 2, 3, 3, 4, 4});
}

TEST_CASE("An empty input gives no window rows", "[operator][window]") {
  CountingEngine engine(0);
  auto plan = WindowOver(
      10, {WindowCall{.name = "rank", .kind = WindowFunctionKind::kRank, .type = kInt64}});
  ExecContext context{.engine = &engine};
  auto rows = RunPlan(*plan, context);
  REQUIRE(rows.ok());
  CHECK(rows->empty());
}

}  // namespace
}  // namespace sundial::exec::testing
