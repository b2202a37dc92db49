#include <catch2/catch.hpp>

#include "support/temp_dir.h"
#include "ts_test_util.h"

// ListPartitionStats: what the size functions report per chunk.
namespace sundial::ts::testing {
namespace {

TEST_CASE("Partition stats count memtable rows without bytes and segment rows with their files",
          "[engine][sizes]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  const uint32_t id = CreateCpuHypertable(*engine);  // hourly partitions
  // 3 hours of rows, one per second, and 10 rows in the fifth hour.
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 3 * 3600))}).ok());
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 10, 4 * kMicrosPerHour))}).ok());

  auto in_memory = engine->ListPartitionStats(id);
  REQUIRE(in_memory.ok());
  REQUIRE(in_memory->size() == 4);
  for (const Engine::PartitionStats& partition : *in_memory)
    CHECK(partition.disk_bytes == 0);
  CHECK((*in_memory)[0].row_count == 3600);
  CHECK((*in_memory)[3].start == 4 * kMicrosPerHour);
  CHECK((*in_memory)[3].row_count == 10);

  REQUIRE(engine->Checkpoint().ok());
  auto flushed = engine->ListPartitionStats(id);
  REQUIRE(flushed.ok());
  auto stats = engine->Stats(id);
  REQUIRE(stats.ok());
  uint64_t rows = 0;
  uint64_t bytes = 0;
  std::vector<int64_t> starts;
  for (const Engine::PartitionStats& partition : *flushed) {
    CHECK(partition.disk_bytes > 0);
    rows += partition.row_count;
    bytes += partition.disk_bytes;
    starts.push_back(partition.start);
  }
  CHECK(rows == stats->row_count);
  CHECK(rows == 3 * 3600 + 10);
  CHECK(bytes == stats->disk_bytes);
  CHECK(starts == *engine->ListPartitions(id));

  REQUIRE(engine->DropPartitions(id, TimeRange{.end = kMicrosPerHour}).ok());
  CHECK(engine->ListPartitionStats(id)->size() == 3);
  CHECK(engine->Stats(id)->disk_bytes == bytes - (*flushed)[0].disk_bytes);
}

TEST_CASE("Partition stats refuse a plain table and an unknown one", "[engine][sizes]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  REQUIRE(engine->CreateTable(CpuSchema("plain")).ok());
  CHECK(engine->ListPartitionStats(engine->FindTable("plain")->table_id).status().code() ==
        ErrorCode::kInvalidParameterValue);
  CHECK(engine->ListPartitionStats(99).status().code() == ErrorCode::kUndefinedTable);
}

}  // namespace
}  // namespace sundial::ts::testing
