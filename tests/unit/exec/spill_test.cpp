#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "common/value_text.h"
#include "exec/spill_file.h"
#include "spill_test_util.h"

namespace sundial::exec::testing {
namespace {

// Columns of the generated table.
enum Column : int { kKey, kHost, kFloatKey, kValue, kTime, kNote };

// A storage engine serving `rows` generated rows in batches of 2048:
// key bigint (every 97th NULL), host text (every 101st NULL), float_key
// float8 (-0, 0, NaN among them), value bigint (the row number), time
// timestamptz (three rows per second, so first/last see ties), note text.
class GeneratedEngine final : public ScanOnlyEngine {
 public:
  GeneratedEngine(size_t rows, int64_t keys) : rows_(rows), keys_(keys) {}
  Result<std::unique_ptr<ts::TableScanner>> Scan(const ts::ScanSpec&) override {
    return std::unique_ptr<ts::TableScanner>(std::make_unique<Scanner>(rows_, keys_));
  }

  static std::vector<DataType> Types() {
    return {kInt64, kText, kFloat64, kInt64, kTimestampTz, kText};
  }

 private:
  class Scanner final : public ts::TableScanner {
   public:
    Scanner(size_t rows, int64_t keys) : rows_(rows), keys_(keys) {}
    Result<bool> Next(DataChunk& out) override {
      if (next_ >= rows_) return false;
      size_t n = std::min(kBatchCapacity, rows_ - next_);
      out = DataChunk::Make(Types(), n);
      for (size_t r = 0; r < n; ++r) {
        auto i = static_cast<int64_t>(next_ + r);
        out.columns[kKey].data<int64_t>()[r] = (i * 7919) % keys_;
        if (i % 97 == 0) out.columns[kKey].SetNull(r, true);
        std::string host = "host_" + std::to_string((i * 31) % 1000);
        out.columns[kHost].data<std::string_view>()[r] = out.columns[kHost].AddString(host);
        if (i % 101 == 0) out.columns[kHost].SetNull(r, true);
        double f = static_cast<double>(i % 50) / 4;
        if (i % 50 == 0) f = -0.0;
        if (i % 50 == 1) f = std::numeric_limits<double>::quiet_NaN();
        out.columns[kFloatKey].data<double>()[r] = f;
        out.columns[kValue].data<int64_t>()[r] = i;
        out.columns[kTime].data<int64_t>()[r] = (i / 3) * 1'000'000;
        std::string note = "n" + std::to_string(i % 13);
        out.columns[kNote].data<std::string_view>()[r] = out.columns[kNote].AddString(note);
      }
      out.SetSize(n);
      next_ += n;
      return true;
    }

   private:
    size_t rows_;
    int64_t keys_;
    size_t next_ = 0;
  };
  size_t rows_;
  int64_t keys_;
};

std::shared_ptr<ScanPlan> GeneratedScan() {
  auto scan = std::make_shared<ScanPlan>();
  scan->output_types = GeneratedEngine::Types();
  scan->spec.columns = {0, 1, 2, 3, 4, 5};
  return scan;
}

ExprPtr Col(Column c) {
  return MakeColumnRef(c, GeneratedEngine::Types()[c]);
}

void CheckSameAsInMemory(const PlanNode& plan, size_t rows, int64_t keys, bool ordered) {
  GeneratedEngine engine(rows, keys);
  CheckSpillsLikeInMemory(plan, engine, ordered);
}

void CheckStopsCleanly(const PlanNode& plan, bool cancel_after_first_batch) {
  GeneratedEngine engine(100'000, 50'000);
  testing::CheckStopsCleanly(plan, engine, cancel_after_first_batch);
}

// 1 / (value - 80000): fails on row 80,000, long after spilling started.
ExprPtr FailsLate() {
  return Call("/", {Big(1), Call("-", {Col(kValue), Big(80'000)})});
}

std::shared_ptr<AggregatePlan> GroupByKeyAndHost() {
  auto agg = std::make_shared<AggregatePlan>();
  agg->children = {GeneratedScan()};
  agg->group_keys = {Col(kKey), Col(kHost)};
  agg->aggregates = {Agg("count", {}),
                     Agg("sum", {Col(kValue)}),
                     Agg("avg", {Col(kValue)}),
                     Agg("min", {Col(kNote)}),
                     Agg("max", {Col(kHost)}),
                     Agg("first", {Col(kNote), Col(kTime)}),
                     Agg("last", {Col(kValue), Col(kTime)}),
                     Agg("sum", {Col(kFloatKey)}),
                     Agg("bool_or", {Call(">", {Col(kValue), Big(150'000)})})};
  agg->output_types = {kInt64, kText, kInt64, kInt64,   kFloat64, kText,
                       kText,  kText, kInt64, kFloat64, kBool};
  return agg;
}

TEST_CASE("hash aggregate over tiny work_mem answers like in memory", "[spill]") {
  CheckSameAsInMemory(*GroupByKeyAndHost(), 120'000, 60'000, /*ordered=*/false);
}

TEST_CASE("hash aggregate spill keeps float key -0/0 and NaN groups", "[spill]") {
  auto agg = std::make_shared<AggregatePlan>();
  agg->children = {GeneratedScan()};
  agg->group_keys = {Col(kFloatKey), Col(kKey)};
  agg->aggregates = {Agg("count", {}), Agg("first", {Col(kValue), Col(kTime)}),
                     Agg("last", {Col(kNote), Col(kTime)})};
  agg->output_types = {kFloat64, kInt64, kInt64, kInt64, kText};
  CheckSameAsInMemory(*agg, 100'000, 3'000, /*ordered=*/false);
}

TEST_CASE("spilling hash aggregate removes its files on an error mid-way", "[spill]") {
  auto agg = GroupByKeyAndHost();
  agg->aggregates.push_back(Agg("sum", {FailsLate()}));
  agg->output_types.push_back(kInt64);
  CheckStopsCleanly(*agg, /*cancel_after_first_batch=*/false);
}

TEST_CASE("spilling hash aggregate removes its files when canceled", "[spill]") {
  CheckStopsCleanly(*GroupByKeyAndHost(), /*cancel_after_first_batch=*/true);
}

std::shared_ptr<SortPlan> SortByHostThenKey() {
  auto sort = std::make_shared<SortPlan>();
  sort->children = {GeneratedScan()};
  sort->output_types = GeneratedEngine::Types();
  // Many ties on (host, float_key): stability decides the order among them.
  sort->keys = {SortKey{.expr = Col(kHost), .descending = true, .nulls_first = false},
                SortKey{.expr = Col(kFloatKey)}};
  return sort;
}

TEST_CASE("external sort over tiny work_mem is as stable as in memory", "[spill]") {
  // Every batch outgrows 64 kB, so each is a run and the last one too goes
  // to disk before the merge.
  CheckSameAsInMemory(*SortByHostThenKey(), 120'000, 1'000, /*ordered=*/true);
}

TEST_CASE("top-N stays in memory under tiny work_mem", "[spill]") {
  auto sort = SortByHostThenKey();
  sort->limit = 5'000;
  GeneratedEngine engine(100'000, 1'000);
  ExecContext context{.engine = &engine, .work_mem_bytes = kTinyWorkMem};
  auto rows = RunPlan(*sort, context);
  REQUIRE(rows.ok());
  CHECK(rows->size() == 5'000);
  CHECK(context.memory.spilled_bytes() == 0);
}

TEST_CASE("spilling sort removes its files on an error mid-way and when canceled", "[spill]") {
  CheckStopsCleanly(*SortByHostThenKey(), /*cancel_after_first_batch=*/true);
  auto sort = SortByHostThenKey();
  sort->keys.push_back(SortKey{.expr = FailsLate()});
  CheckStopsCleanly(*sort, /*cancel_after_first_batch=*/false);
}

std::shared_ptr<DistinctPlan> DistinctOf(std::vector<ExprPtr> keys, std::vector<SortKey> order) {
  auto distinct = std::make_shared<DistinctPlan>();
  distinct->children = {GeneratedScan()};
  distinct->output_types = GeneratedEngine::Types();
  distinct->keys = std::move(keys);
  distinct->order = std::move(order);
  return distinct;
}

TEST_CASE("distinct over tiny work_mem answers like in memory", "[spill]") {
  // DISTINCT ON without order keeps the first row seen per key.
  CheckSameAsInMemory(*DistinctOf({Col(kKey), Col(kHost)}, {}), 100'000, 50'000,
                      /*ordered=*/false);
  CheckSameAsInMemory(*DistinctOf({Col(kFloatKey), Col(kKey)}, {}), 100'000, 3'000,
                      /*ordered=*/false);
}

TEST_CASE("distinct on with an order over tiny work_mem keeps the same rows", "[spill]") {
  CheckSameAsInMemory(*DistinctOf({Col(kKey)}, {SortKey{.expr = Col(kNote), .descending = true}}),
                      100'000, 30'000, /*ordered=*/false);
}

TEST_CASE("spilling distinct removes its files on an error mid-way and when canceled", "[spill]") {
  CheckStopsCleanly(*DistinctOf({Col(kKey), Col(kHost)}, {}), /*cancel_after_first_batch=*/true);
  CheckStopsCleanly(*DistinctOf({Col(kKey), FailsLate()}, {}),
                    /*cancel_after_first_batch=*/false);
  CheckStopsCleanly(*DistinctOf({Col(kKey)}, {SortKey{.expr = FailsLate()}}),
                    /*cancel_after_first_batch=*/false);
}

TEST_CASE("spill file reads back its records and is removed with the object", "[spill]") {
  sundial::testing::TempDir temp;
  std::string path;
  {
    auto file = SpillFile::Create(temp.path());
    REQUIRE(file.ok());
    path = (*file)->path();
    std::string big(100'000, 'x');
    REQUIRE((*file)->Append("one").ok());
    REQUIRE((*file)->Append("").ok());
    REQUIRE((*file)->Append(big).ok());
    CHECK((*file)->bytes_written() == 3 * 4 + 3 + big.size());
    REQUIRE((*file)->StartReading().ok());
    std::string record;
    std::vector<std::string> read;
    while (true) {
      auto more = (*file)->Read(record);
      REQUIRE(more.ok());
      if (!*more) break;
      read.push_back(record);
    }
    CHECK(read == std::vector<std::string>{"one", "", big});
    CHECK(std::filesystem::exists(path));
  }
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("spill file creation in a missing directory is an I/O error", "[spill]") {
  auto file = SpillFile::Create("/nonexistent-sundial-dir/tmp");
  REQUIRE_FALSE(file.ok());
  CHECK(file.status().code() == ErrorCode::kIoError);
}

TEST_CASE("encoded columns round-trip and truncation is corruption", "[spill]") {
  std::vector<ColumnVector> columns;
  columns.emplace_back(kInt64, 3);
  columns.emplace_back(kText, 3);
  for (int i = 0; i < 3; ++i) {
    columns[0].data<int64_t>()[i] = i * 10;
    columns[1].data<std::string_view>()[i] = columns[1].AddString(std::string(i, 'a'));
  }
  columns[0].SetSize(3);
  columns[1].SetSize(3);
  columns[1].SetNull(1, true);
  std::string record;
  EncodeColumns(columns, 3, record);
  std::vector<ColumnVector> decoded;
  size_t rows = 0;
  REQUIRE(DecodeColumns(record, {kInt64, kText}, decoded, rows).ok());
  REQUIRE(rows == 3);
  for (size_t c = 0; c < 2; ++c) {
    for (size_t r = 0; r < 3; ++r)
      CHECK(Value::FromVector(decoded[c], r) == Value::FromVector(columns[c], r));
  }
  for (size_t cut = 0; cut < record.size(); ++cut) {
    Status status =
        DecodeColumns(std::string_view(record).substr(0, cut), {kInt64, kText}, decoded, rows);
    CHECK(status.code() == ErrorCode::kCorruption);
  }
}

}  // namespace
}  // namespace sundial::exec::testing
