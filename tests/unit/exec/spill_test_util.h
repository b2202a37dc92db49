#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "common/value_text.h"
#include "exec_test_util.h"
#include "support/temp_dir.h"

namespace sundial::exec::testing {

inline constexpr size_t kTinyWorkMem = 64 * 1024;
inline constexpr size_t kHugeWorkMem = size_t{1} << 34;

// Rows as text lines, one per row ("<null>" for NULL), in result order.
inline std::vector<std::string> RowsAsText(const std::vector<std::vector<Value>>& rows) {
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    std::string line;
    for (const Value& v : row)
      line += (v.is_null() ? "<null>" : FormatValue(v, TimeZone::Utc())) + "|";
    out.push_back(std::move(line));
  }
  return out;
}

inline bool DirectoryEmpty(const std::string& path) {
  return std::filesystem::is_empty(path);
}

struct SpillOutcome {
  std::vector<std::string> rows;
  size_t spilled_bytes = 0;
  // Peak footprint of the plan's root operator's account (the last one).
  size_t root_peak_bytes = 0;
  // The same without spilling (CheckSpillsLikeInMemory).
  size_t in_memory_root_peak_bytes = 0;
};

// Runs `plan` over `engine` with the given work_mem and a temp dir that must
// be empty afterwards.
inline SpillOutcome RunWithWorkMem(const PlanNode& plan, ts::Engine& engine, size_t work_mem) {
  sundial::testing::TempDir temp;
  SpillOutcome outcome;
  {
    ExecContext context{.engine = &engine, .work_mem_bytes = work_mem, .temp_dir = temp.path()};
    auto result = RunPlan(plan, context);
    INFO(result.status().message());
    REQUIRE(result.ok());
    outcome.rows = RowsAsText(*result);
    outcome.spilled_bytes = context.memory.spilled_bytes();
    if (!context.memory.operators().empty())
      outcome.root_peak_bytes = context.memory.operators().back().peak_bytes();
  }
  CHECK(DirectoryEmpty(temp.path()));
  return outcome;
}

// The plan answers the same under a tiny work_mem (spilling) as in memory
// (not spilling); `ordered` compares in result order, else as multisets.
inline SpillOutcome CheckSpillsLikeInMemory(const PlanNode& plan, ts::Engine& engine,
                                            bool ordered) {
  SpillOutcome in_memory = RunWithWorkMem(plan, engine, kHugeWorkMem);
  SpillOutcome spilled = RunWithWorkMem(plan, engine, kTinyWorkMem);
  CHECK(in_memory.spilled_bytes == 0);
  CHECK(spilled.spilled_bytes > 0);
  if (!ordered) {
    std::sort(in_memory.rows.begin(), in_memory.rows.end());
    std::sort(spilled.rows.begin(), spilled.rows.end());
  }
  REQUIRE(in_memory.rows.size() == spilled.rows.size());
  CHECK(in_memory.rows == spilled.rows);
  spilled.in_memory_root_peak_bytes = in_memory.root_peak_bytes;
  return spilled;
}

// Pulls one batch, then cancels, or (`cancel_after_first_batch` false) runs
// until the plan fails with division by zero; it must have spilled, and the
// spill files must be gone once the operators are.
inline void CheckStopsCleanly(const PlanNode& plan, ts::Engine& engine,
                              bool cancel_after_first_batch) {
  sundial::testing::TempDir temp;
  std::atomic<bool> cancel{false};
  {
    ExecContext context{.engine = &engine,
                        .work_mem_bytes = kTinyWorkMem,
                        .temp_dir = temp.path(),
                        .cancel_requested = &cancel};
    auto op = BuildOperator(plan, context);
    REQUIRE(op.ok());
    DataChunk chunk;
    Result<bool> more = (*op)->Next(chunk);
    if (cancel_after_first_batch) {
      INFO(more.status().message());
      REQUIRE(more.ok());
      INFO("first batch " << *more << " rows " << chunk.size());
      CHECK(!DirectoryEmpty(temp.path()));
      cancel = true;
      while (more.ok() && *more)
        more = (*op)->Next(chunk);
      REQUIRE_FALSE(more.ok());
      CHECK(more.status().code() == ErrorCode::kQueryCanceled);
    } else {
      while (more.ok() && *more)
        more = (*op)->Next(chunk);
      REQUIRE_FALSE(more.ok());
      CHECK(more.status().code() == ErrorCode::kDivisionByZero);
    }
    CHECK(context.memory.spilled_bytes() > 0);
  }
  CHECK(DirectoryEmpty(temp.path()));
}

}  // namespace sundial::exec::testing
