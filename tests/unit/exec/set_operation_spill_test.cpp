#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "spill_test_util.h"

namespace sundial::exec::testing {
namespace {

// The rows of one side are drawn from a pool of distinct row numbers: side
// row i is pool row (i * multiplier) % pool_size + offset, so every pool row
// appears rows / pool_size times (give or take one). Pool row j has key j / 6
// (NULL when j % 50 == 0), x from j % 6: -0, 0, NaN, 1.5, -NaN, 2.5 (so the
// pairs -0/0 and NaN/-NaN of a key are one row), tag "tag-<j / 6 % 3>" (NULL
// when j % 7 == 3), and a column n (the side's row number) that the set
// operation does not see.
struct Side {
  size_t rows;
  int64_t pool_size;
  int64_t multiplier;
  int64_t offset;
};

std::vector<Value> PoolRow(int64_t j) {
  std::vector<Value> row;
  row.push_back(j % 50 == 0 ? Value::Null(kInt64) : Value::Int64(j / 6));
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const double xs[] = {-0.0, 0.0, kNaN, 1.5, -kNaN, 2.5};
  row.push_back(Value::Float64(xs[j % 6]));
  row.push_back(j % 7 == 3 ? Value::Null(kText) : Value::Text("tag-" + std::to_string(j / 6 % 3)));
  return row;
}

int64_t PoolIndex(const Side& side, int64_t i) {
  return (i * side.multiplier) % side.pool_size + side.offset;
}

std::vector<DataType> ScanTypes() {
  return {kInt64, kFloat64, kText, kInt64};
}

// Table 1 is the left side, table 2 the right one.
class TwoSideEngine final : public ScanOnlyEngine {
 public:
  TwoSideEngine(Side left, Side right) : sides_{left, right} {}

  Result<std::unique_ptr<ts::TableScanner>> Scan(const ts::ScanSpec& spec) override {
    return std::unique_ptr<ts::TableScanner>(std::make_unique<Scanner>(sides_[spec.table_id - 1]));
  }
  const Side& side(int s) const { return sides_[s]; }

 private:
  class Scanner final : public ts::TableScanner {
   public:
    explicit Scanner(const Side& side) : side_(side) {}
    Result<bool> Next(DataChunk& out) override {
      if (next_ >= side_.rows) return false;
      size_t n = std::min(kBatchCapacity, side_.rows - next_);
      out = DataChunk::Make(ScanTypes(), n);
      for (size_t r = 0; r < n; ++r) {
        auto i = static_cast<int64_t>(next_ + r);
        std::vector<Value> row = PoolRow(PoolIndex(side_, i));
        for (size_t c = 0; c < row.size(); ++c)
          row[c].WriteTo(out.columns[c], r);
        out.columns[3].data<int64_t>()[r] = i;
      }
      out.SetSize(n);
      next_ += n;
      return true;
    }

   private:
    const Side& side_;
    size_t next_ = 0;
  };
  Side sides_[2];
};

ExprPtr Col(int c) {
  return MakeColumnRef(c, ScanTypes()[c]);
}

// The side's first three columns; with `fail_at_row`, its key divides by
// zero on that row.
std::shared_ptr<ProjectPlan> SideInput(uint32_t table_id, std::optional<int64_t> fail_at_row) {
  auto scan = std::make_shared<ScanPlan>();
  scan->output_types = ScanTypes();
  scan->spec.table_id = table_id;
  scan->spec.columns = {0, 1, 2, 3};
  auto project = std::make_shared<ProjectPlan>();
  project->children = {scan};
  project->output_types = {kInt64, kFloat64, kText};
  ExprPtr key = Col(0);
  if (fail_at_row) {
    ExprPtr fails = Call("/", {Big(1), Call("-", {Col(3), Big(*fail_at_row)})});
    key = Call("+", {key, Call("*", {Big(0), fails})});
  }
  project->expressions = {key, Col(1), Col(2)};
  return project;
}

std::shared_ptr<SetOperationPlan> SetOp(SetOperationType type,
                                        std::optional<int64_t> right_fails_at_row = {}) {
  auto plan = std::make_shared<SetOperationPlan>();
  plan->type = type;
  plan->output_types = {kInt64, kFloat64, kText};
  plan->children = {SideInput(1, std::nullopt), SideInput(2, right_fails_at_row)};
  return plan;
}

// The answer worked out from the pools: rows counted per side with -0 as 0
// and every NaN as one, then the operation's multiplicity per row.
std::vector<std::string> ExpectedRows(const TwoSideEngine& engine, SetOperationType type) {
  std::map<std::string, uint64_t> counts[2];
  for (int s = 0; s < 2; ++s) {
    const Side& side = engine.side(s);
    for (int64_t i = 0; i < static_cast<int64_t>(side.rows); ++i) {
      std::vector<Value> row = PoolRow(PoolIndex(side, i));
      double x = row[1].float_value();
      if (x == 0) row[1] = Value::Float64(0.0);
      if (std::isnan(x)) row[1] = Value::Float64(std::numeric_limits<double>::quiet_NaN());
      ++counts[s][RowsAsText({row})[0]];
    }
  }
  std::vector<std::string> rows;
  for (const auto& [line, left] : counts[0]) {
    auto found = counts[1].find(line);
    uint64_t right = found == counts[1].end() ? 0 : found->second;
    uint64_t copies = 0;
    switch (type) {
      case SetOperationType::kIntersect:
        copies = right > 0 ? 1 : 0;
        break;
      case SetOperationType::kIntersectAll:
        copies = std::min(left, right);
        break;
      case SetOperationType::kExcept:
        copies = right == 0 ? 1 : 0;
        break;
      case SetOperationType::kExceptAll:
        copies = left > right ? left - right : 0;
        break;
      case SetOperationType::kUnionAll:
        break;
    }
    rows.insert(rows.end(), copies, line);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

constexpr SetOperationType kCountingTypes[] = {
    SetOperationType::kIntersect, SetOperationType::kIntersectAll, SetOperationType::kExcept,
    SetOperationType::kExceptAll};

void CheckEveryTypeExact(TwoSideEngine& engine) {
  for (SetOperationType type : kCountingTypes) {
    INFO("set operation " << static_cast<int>(type));
    auto plan = SetOp(type);
    SpillOutcome spilled = CheckSpillsLikeInMemory(*plan, engine, /*ordered=*/false);
    std::sort(spilled.rows.begin(), spilled.rows.end());
    std::vector<std::string> expected = ExpectedRows(engine, type);
    REQUIRE(spilled.rows.size() == expected.size());
    CHECK(spilled.rows == expected);
    CHECK(spilled.root_peak_bytes < 8 * kTinyWorkMem);
  }
}

TEST_CASE("INTERSECT and EXCEPT, with and without ALL, count every row exactly over tiny work_mem",
          "[spill][setop]") {
  // Left: 45,000 rows over 15,000 pool rows (3 copies each); right:
  // 33,000 rows over the pool rows 7,500 .. 22,499 (2 or 3 copies), so
  // half the left rows meet the right side with fewer, equal or more copies.
  TwoSideEngine engine(Side{45'000, 15'000, 7'919, 0}, Side{33'000, 15'000, 104'729, 7'500});
  CheckEveryTypeExact(engine);
}

TEST_CASE("set operations whose left side fits in work_mem do not spill for a large right side",
          "[spill][setop]") {
  // 600 left rows fit in 64 kB; the 50,000 right rows (25,000 pool rows)
  // are only looked up, never stored. Half the left pool rows are among
  // them.
  TwoSideEngine engine(Side{600, 300, 7'919, 0}, Side{50'000, 25'000, 104'729, 150});
  for (SetOperationType type : kCountingTypes) {
    INFO("set operation " << static_cast<int>(type));
    SpillOutcome outcome = RunWithWorkMem(*SetOp(type), engine, kTinyWorkMem);
    CHECK(outcome.spilled_bytes == 0);
    CHECK(outcome.root_peak_bytes < kTinyWorkMem);
    std::sort(outcome.rows.begin(), outcome.rows.end());
    CHECK(outcome.rows == ExpectedRows(engine, type));
  }
}

TEST_CASE("set operations spill when only the left side is large", "[spill][setop]") {
  TwoSideEngine engine(Side{50'000, 25'000, 7'919, 0}, Side{3'000, 3'000, 104'729, 10'000});
  CheckEveryTypeExact(engine);
}

TEST_CASE("set operations spill a large left side against an empty right side", "[spill][setop]") {
  // INTERSECT drops every partition unread; EXCEPT keeps one copy per row
  // and EXCEPT ALL every copy.
  TwoSideEngine engine(Side{36'000, 12'000, 7'919, 0}, Side{0, 1, 1, 0});
  CheckEveryTypeExact(engine);
}

TEST_CASE("spilling set operations remove their files on an error mid-way and when canceled",
          "[spill][setop]") {
  TwoSideEngine engine(Side{45'000, 15'000, 7'919, 0}, Side{33'000, 15'000, 104'729, 7'500});
  CheckStopsCleanly(*SetOp(SetOperationType::kExceptAll, 30'000), engine,
                    /*cancel_after_first_batch=*/false);
  CheckStopsCleanly(*SetOp(SetOperationType::kIntersectAll), engine,
                    /*cancel_after_first_batch=*/true);
}

}  // namespace
}  // namespace sundial::exec::testing
