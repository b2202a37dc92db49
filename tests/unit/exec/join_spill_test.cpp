#include <catch2/catch.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "spill_test_util.h"

namespace sundial::exec::testing {
namespace {

// A key per row number; nullopt is a NULL key.
using KeyOf = std::function<std::optional<int64_t>(int64_t)>;

// Two generated tables: table 1 is the probe side, table 2 the build side.
// Columns: key bigint (from the side's KeyOf), val bigint (the row number),
// pad text (a few dozen bytes, so rows weigh something).
class TwoTableEngine final : public ScanOnlyEngine {
 public:
  TwoTableEngine(size_t probe_rows, KeyOf probe_key, size_t build_rows, KeyOf build_key)
      : sides_{Side{probe_rows, std::move(probe_key)}, Side{build_rows, std::move(build_key)}} {}

  Result<std::unique_ptr<ts::TableScanner>> Scan(const ts::ScanSpec& spec) override {
    return std::unique_ptr<ts::TableScanner>(std::make_unique<Scanner>(sides_[spec.table_id - 1]));
  }
  static std::vector<DataType> Types() { return {kInt64, kInt64, kText}; }

 private:
  struct Side {
    size_t rows;
    KeyOf key;
  };
  class Scanner final : public ts::TableScanner {
   public:
    explicit Scanner(const Side& side) : side_(side) {}
    Result<bool> Next(DataChunk& out) override {
      if (next_ >= side_.rows) return false;
      size_t n = std::min(kBatchCapacity, side_.rows - next_);
      out = DataChunk::Make(Types(), n);
      for (size_t r = 0; r < n; ++r) {
        auto i = static_cast<int64_t>(next_ + r);
        std::optional<int64_t> key = side_.key(i);
        out.columns[0].data<int64_t>()[r] = key.value_or(0);
        if (!key) out.columns[0].SetNull(r, true);
        out.columns[1].data<int64_t>()[r] = i;
        std::string pad = "pad-" + std::to_string(i % 1000) + "-abcdefghijklmnopqrstuvwxyz";
        out.columns[2].data<std::string_view>()[r] = out.columns[2].AddString(pad);
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

std::shared_ptr<ScanPlan> TableScan(uint32_t table_id) {
  auto scan = std::make_shared<ScanPlan>();
  scan->output_types = TwoTableEngine::Types();
  scan->spec.table_id = table_id;
  scan->spec.columns = {0, 1, 2};
  return scan;
}

// Probe columns 0-2, build columns 3-5.
ExprPtr ProbeCol(int c) {
  return MakeColumnRef(c, TwoTableEngine::Types()[c]);
}
ExprPtr BuildCol(int c) {
  return MakeColumnRef(3 + c, TwoTableEngine::Types()[c]);
}

std::shared_ptr<JoinPlan> JoinOf(JoinType type, bool keyed, ExprPtr condition) {
  auto join = std::make_shared<JoinPlan>();
  join->type = type;
  join->children = {TableScan(1), TableScan(2)};
  join->output_types = TwoTableEngine::Types();
  if (type != JoinType::kSemi && type != JoinType::kAnti) {
    for (const DataType& type : TwoTableEngine::Types())
      join->output_types.push_back(type);
  }
  if (keyed) {
    join->probe_keys = {MakeColumnRef(0, kInt64)};
    join->build_keys = {MakeColumnRef(0, kInt64)};
  }
  join->condition = std::move(condition);
  return join;
}

AggregateCall CountStar() {
  auto resolved = FunctionRegistry::Instance().ResolveAggregate("count", {});
  REQUIRE(resolved.ok());
  return AggregateCall{.function = resolved->function};
}

constexpr JoinType kAllTypes[] = {JoinType::kInner, JoinType::kLeft, JoinType::kRight,
                                  JoinType::kFull,  JoinType::kSemi, JoinType::kAnti};

// probe.val % 3 <> build.val % 5: drops some pairs of equal keys.
ExprPtr SomePairs() {
  return Call("<>", {Call("%", {ProbeCol(1), Big(3)}), Call("%", {BuildCol(1), Big(5)})});
}

// Every join type, keyed, with and without a condition: spilled like in
// memory, and joined a partition at a time, far below the build side's size.
void CheckEveryTypeWithAndWithoutCondition(TwoTableEngine& engine) {
  for (JoinType type : kAllTypes) {
    for (bool with_condition : {false, true}) {
      INFO("join type " << static_cast<int>(type) << " condition " << with_condition);
      auto join = JoinOf(type, /*keyed=*/true, with_condition ? SomePairs() : nullptr);
      SpillOutcome spilled = CheckSpillsLikeInMemory(*join, engine, /*ordered=*/false);
      CHECK(spilled.root_peak_bytes < 4 * kTinyWorkMem);
    }
  }
}

TEST_CASE("grace hash join answers every join type like in memory, with duplicate and NULL keys",
          "[spill][join]") {
  TwoTableEngine engine(
      40'000,
      [](int64_t i) -> std::optional<int64_t> {
        if (i % 53 == 0) return std::nullopt;
        return (i * 7919) % 15'000;
      },
      30'000,
      [](int64_t i) -> std::optional<int64_t> {
        if (i % 61 == 0) return std::nullopt;
        return (i * 104'729) % 20'000;
      });
  CheckEveryTypeWithAndWithoutCondition(engine);
}

TEST_CASE("grace hash join with one key holding most build rows joins it block by block",
          "[spill][join]") {
  // 90% of the build rows have key 7; a few probe rows do too.
  TwoTableEngine engine(
      20'000, [](int64_t i) -> std::optional<int64_t> { return i % 4'000 == 0 ? 7 : i; }, 30'000,
      [](int64_t i) -> std::optional<int64_t> { return i % 10 == 0 ? i : 7; });
  CheckEveryTypeWithAndWithoutCondition(engine);
}

TEST_CASE(
    "grace hash join keeps unmatched NULL-key rows of preserved sides when most keys are NULL",
    "[spill][join]") {
  TwoTableEngine engine(
      10'000,
      [](int64_t i) -> std::optional<int64_t> {
        if (i % 3 == 0) return std::nullopt;
        return i % 500;
      },
      30'000,
      [](int64_t i) -> std::optional<int64_t> {
        if (i % 10 != 0) return std::nullopt;
        return i % 700;
      });
  for (JoinType type : kAllTypes) {
    INFO("join type " << static_cast<int>(type));
    auto join = JoinOf(type, /*keyed=*/true, nullptr);
    SpillOutcome spilled = CheckSpillsLikeInMemory(*join, engine, /*ordered=*/false);
    if (type == JoinType::kRight || type == JoinType::kFull) {
      // Every NULL-key build row comes out once, padded with NULLs.
      size_t padded_null_keys = std::count_if(
          spilled.rows.begin(), spilled.rows.end(),
          [](const std::string& row) { return row.rfind("<null>|<null>|<null>|<null>|", 0) == 0; });
      CHECK(padded_null_keys == 27'000);
    }
  }
}

TEST_CASE("grace hash join splits partitions that are still too big again", "[spill][join]") {
  // 200,000 distinct build keys: a level-0 partition (1/16) is still far
  // over 64 kB, but fits in 1 MB.
  TwoTableEngine engine(
      50'000, [](int64_t i) -> std::optional<int64_t> { return (i * 13) % 250'000; }, 200'000,
      [](int64_t i) -> std::optional<int64_t> { return i; });
  auto join = JoinOf(JoinType::kFull, /*keyed=*/true, nullptr);
  SpillOutcome tiny = CheckSpillsLikeInMemory(*join, engine, /*ordered=*/false);
  SpillOutcome one_level = RunWithWorkMem(*join, engine, 1 << 20);
  CHECK(one_level.spilled_bytes > 0);
  // Recursion wrote the rows a second time.
  CHECK(tiny.spilled_bytes > one_level.spilled_bytes * 3 / 2);
  CHECK(tiny.root_peak_bytes < 4 * kTinyWorkMem);
}

TEST_CASE("nested loop join without keys spills its build side and stays exact", "[spill][join]") {
  TwoTableEngine engine(
      1'000, [](int64_t i) -> std::optional<int64_t> { return i; }, 4'000,
      [](int64_t i) -> std::optional<int64_t> { return i; });
  // build.val / 3 = probe.val, except for probe rows divisible by 7.
  ExprPtr condition = std::make_shared<const Expr>(
      Expr{.kind = ExprKind::kAnd,
           .type = kBool,
           .args = {Call("=", {Call("/", {BuildCol(1), Big(3)}), ProbeCol(1)}),
                    Call("<>", {Call("%", {ProbeCol(1), Big(7)}), Big(0)})}});
  for (JoinType type : kAllTypes) {
    INFO("join type " << static_cast<int>(type));
    SpillOutcome spilled =
        CheckSpillsLikeInMemory(*JoinOf(type, /*keyed=*/false, condition), engine, false);
    CHECK(spilled.root_peak_bytes < 4 * kTinyWorkMem);
  }
}

TEST_CASE("nested loop join over inputs without columns counts every pair when spilled",
          "[spill][join]") {
  TwoTableEngine engine(
      300, [](int64_t i) -> std::optional<int64_t> { return i; }, 5'000,
      [](int64_t i) -> std::optional<int64_t> { return i; });
  // SELECT count(*) FROM probe, build: both sides pruned to no columns.
  auto no_columns = [](uint32_t table_id) {
    auto project = std::make_shared<ProjectPlan>();
    project->children = {TableScan(table_id)};
    return project;
  };
  for (JoinType type : {JoinType::kInner, JoinType::kFull, JoinType::kSemi}) {
    INFO("join type " << static_cast<int>(type));
    auto join = std::make_shared<JoinPlan>();
    join->type = type;
    join->children = {no_columns(1), no_columns(2)};
    auto count = std::make_shared<AggregatePlan>();
    count->children = {join};
    count->aggregates = {CountStar()};
    count->output_types = {kInt64};
    SpillOutcome spilled = CheckSpillsLikeInMemory(*count, engine, /*ordered=*/true);
    REQUIRE(spilled.rows.size() == 1);
    CHECK(spilled.rows[0] == (type == JoinType::kSemi ? "300|" : "1500000|"));
  }
}

TEST_CASE("spilling hash join removes its files when canceled or failing mid-way",
          "[spill][join]") {
  TwoTableEngine engine(
      50'000, [](int64_t i) -> std::optional<int64_t> { return i % 30'000; }, 50'000,
      [](int64_t i) -> std::optional<int64_t> { return i; });
  CheckStopsCleanly(*JoinOf(JoinType::kInner, /*keyed=*/true, nullptr), engine,
                    /*cancel_after_first_batch=*/true);
  // 1 / (probe.val - 45000) fails once that probe row is joined.
  auto failing =
      JoinOf(JoinType::kLeft, /*keyed=*/true,
             Call(">", {Call("/", {Big(1), Call("-", {ProbeCol(1), Big(45'000)})}), Big(-5)}));
  CheckStopsCleanly(*failing, engine, /*cancel_after_first_batch=*/false);
}

}  // namespace
}  // namespace sundial::exec::testing
