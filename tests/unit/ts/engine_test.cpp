#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <thread>

#include "support/temp_dir.h"
#include "ts/file_system.h"
#include "ts/filenames.h"
#include "ts/scanner.h"
#include "ts_test_util.h"

namespace sundial::ts {
namespace {

using testing::CpuRow;
using testing::CpuRows;
using testing::CpuSchema;
using testing::MakeCpuChunk;
using testing::ScanAll;

std::unique_ptr<Engine> OpenEngine(const std::string& dir, size_t flush_bytes = 64 << 20) {
  auto engine = Engine::Open(EngineOptions{.data_dir = dir, .memtable_flush_bytes = flush_bytes});
  INFO(engine.status().ToString());
  REQUIRE(engine.ok());
  return std::move(engine).value();
}

uint32_t CreateHypertable(Engine& engine, const std::string& name = "cpu",
                          int64_t interval = kMicrosPerDay) {
  auto schema = engine.CreateTable(CpuSchema(name));
  REQUIRE(schema.ok());
  auto hyper = engine.MakeHypertable(name, 0, interval);
  REQUIRE(hyper.ok());
  return hyper->table_id;
}

std::vector<CpuRow> SortedByTime(std::vector<CpuRow> rows) {
  std::stable_sort(rows.begin(), rows.end(),
                   [](const CpuRow& a, const CpuRow& b) { return a.ts < b.ts; });
  return rows;
}

std::vector<std::string> SegmentFiles(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir + "/tables")) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  return files;
}

TEST_CASE("Rows survive closing and reopening the engine", "[engine]") {
  sundial::testing::TempDir dir;
  uint32_t id = 0;
  {
    auto engine = OpenEngine(dir.path());
    id = CreateHypertable(*engine);
    REQUIRE(
        engine->Append(id, {MakeCpuChunk(CpuRows(0, 100)), MakeCpuChunk(CpuRows(100, 150))}).ok());
    CHECK(ScanAll(*engine, id) == CpuRows(0, 150));
  }
  auto engine = OpenEngine(dir.path());
  auto schema = engine->FindTable("cpu");
  REQUIRE(schema);
  CHECK(schema->table_id == id);
  CHECK(schema->is_hypertable());
  CHECK(ScanAll(*engine, id) == CpuRows(0, 150));
  auto stats = engine->Stats(id);
  REQUIRE(stats.ok());
  CHECK(stats->row_count == 150);
}

TEST_CASE("A checkpoint writes each partition's segment sorted by series, then time", "[engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateHypertable(*engine, "cpu", kMicrosPerHour);
  // Out of order: later hours first, and rows inside an hour reversed.
  std::vector<CpuRow> rows = CpuRows(0, 3000, 0, 3 * kMicrosPerSecond);
  std::reverse(rows.begin(), rows.end());
  std::vector<CpuRow> negative = CpuRows(0, 50, -kMicrosPerHour + 10, kMicrosPerSecond);
  REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
  REQUIRE(engine->Append(id, {MakeCpuChunk(negative)}).ok());
  REQUIRE(engine->Checkpoint().ok());

  std::vector<CpuRow> all = rows;
  all.insert(all.end(), negative.begin(), negative.end());
  std::vector<CpuRow> expected = InSegmentOrder(all, kMicrosPerHour);
  CHECK(ScanAll(*engine, id) == expected);
  // 3000 rows * 3 s span 2.5 hours, plus one partition before the epoch.
  CHECK(std::filesystem::exists(PartitionDirectory(dir.path(), id, -kMicrosPerHour)));
  CHECK(SegmentFiles(dir.path()).size() == 4);
  CHECK(engine->Stats(id)->disk_bytes > 0);
  CHECK(engine->Stats(id)->row_count == 3050);

  // The WAL was truncated: reopening replays nothing and reads the segments.
  engine.reset();
  engine = OpenEngine(dir.path());
  CHECK(ScanAll(*engine, id) == expected);
}

TEST_CASE("Rows of one series at one instant keep their append order after a flush", "[engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateHypertable(*engine);
  // All at the same instant, two hosts interleaved.
  std::vector<CpuRow> rows = CpuRows(0, 20, 1000, 0, 2);
  REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
  REQUIRE(engine->Checkpoint().ok());
  std::vector<CpuRow> expected = rows;
  std::stable_partition(expected.begin(), expected.end(),
                        [](const CpuRow& row) { return row.host == "h0"; });
  CHECK(ScanAll(*engine, id) == expected);
}

TEST_CASE("Rows at +-infinity stay visible after a flush and a reopen, in every table",
          "[engine]") {
  sundial::testing::TempDir dir;
  constexpr int64_t kInfinity = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMinusInfinity = std::numeric_limits<int64_t>::min();
  const std::vector<CpuRow> rows = {{.ts = kMinusInfinity, .host = "past", .usage = 1},
                                    {.ts = 1'000'000, .host = "now", .usage = 2},
                                    {.ts = kInfinity, .host = "future", .usage = 3}};
  uint32_t first = 0;
  uint32_t second = 0;
  {
    auto engine = OpenEngine(dir.path());
    first = CreateHypertable(*engine, "first");
    second = CreateHypertable(*engine, "second");
    REQUIRE(engine->Append(first, {MakeCpuChunk(rows)}).ok());
    REQUIRE(engine->Append(second, {MakeCpuChunk(rows)}).ok());
    REQUIRE(engine->Checkpoint().ok());
    CHECK(ScanAll(*engine, first) == rows);
    // A range from infinity holds the rows at infinity.
    CHECK(ScanAll(*engine, second, TimeRange{.begin = kInfinity}) == std::vector<CpuRow>{rows[2]});
  }
  auto engine = OpenEngine(dir.path());
  CHECK(ScanAll(*engine, first) == rows);
  CHECK(ScanAll(*engine, second) == rows);
}

TEST_CASE("Scans prune partitions and blocks outside the time range", "[engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateHypertable(*engine, "cpu", kMicrosPerHour);
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 7200))}).ok());  // two hours
  REQUIRE(engine->Checkpoint().ok());

  auto scan = [&](TimeRange range, ScanStatistics& stats) {
    auto scanner = engine->Scan(ScanSpec{.table_id = id, .columns = {0, 2}, .time_range = range});
    REQUIRE(scanner.ok());
    size_t rows = 0;
    DataChunk chunk;
    while (*(*scanner)->Next(chunk))
      rows += chunk.size();
    stats = static_cast<SegmentTableScanner&>(**scanner).statistics();
    return rows;
  };
  ScanStatistics stats;
  CHECK(scan(TimeRange{.begin = 10 * kMicrosPerHour, .end = 11 * kMicrosPerHour}, stats) == 0);
  CHECK(stats.blocks_read == 0);
  CHECK(stats.partitions_skipped == 2);

  CHECK(scan(TimeRange{.begin = kMicrosPerHour, .end = 2 * kMicrosPerHour}, stats) == 3600);
  CHECK(stats.partitions_skipped == 1);
  CHECK(stats.blocks_read == 2);  // one row group, two columns

  CHECK(scan(TimeRange{.begin = 10, .end = 20}, stats) == 3600);  // block granularity
  CHECK(scan(TimeRange{}, stats) == 7200);
}

TEST_CASE("Block pruning skips row groups inside one large segment", "[engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateHypertable(*engine, "cpu", 365 * kMicrosPerDay);
  // One series, so the segment is in time order.
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 140000, 0, 1, 1))}).ok());
  REQUIRE(engine->Checkpoint().ok());
  auto scanner = engine->Scan(
      ScanSpec{.table_id = id, .columns = {0}, .time_range = {.begin = 70000, .end = 70010}});
  REQUIRE(scanner.ok());
  size_t rows = 0;
  DataChunk chunk;
  while (*(*scanner)->Next(chunk))
    rows += chunk.size();
  const ScanStatistics stats = static_cast<SegmentTableScanner&>(**scanner).statistics();
  CHECK(stats.blocks_read == 1);
  CHECK(stats.blocks_skipped == 2);
  CHECK(rows == 65536);
}

TEST_CASE("A scan sees exactly the rows appended before it was opened", "[engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateHypertable(*engine);
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 10))}).ok());
  auto scanner = engine->Scan(ScanSpec{.table_id = id, .columns = {0}});
  REQUIRE(scanner.ok());
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(10, 20))}).ok());
  REQUIRE(engine->Checkpoint().ok());
  REQUIRE(engine->DropTable("cpu").ok());
  size_t rows = 0;
  DataChunk chunk;
  while (*(*scanner)->Next(chunk))
    rows += chunk.size();
  CHECK(rows == 10);
}

TEST_CASE("Count-only scans return row counts without columns", "[engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateHypertable(*engine);
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 5000))}).ok());
  REQUIRE(engine->Checkpoint().ok());
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(5000, 5100))}).ok());
  auto scanner = engine->Scan(ScanSpec{.table_id = id});
  REQUIRE(scanner.ok());
  size_t rows = 0;
  DataChunk chunk;
  while (*(*scanner)->Next(chunk)) {
    CHECK(chunk.columns.empty());
    rows += chunk.size();
  }
  CHECK(rows == 5100);
}

TEST_CASE("Small memtables flush in the background and writers wait instead of failing",
          "[engine]") {
  sundial::testing::TempDir dir;
  std::vector<CpuRow> expected;
  uint32_t id = 0;
  {
    auto engine = OpenEngine(dir.path(), 64 << 10);
    id = CreateHypertable(*engine);
    for (int i = 0; i < 40; ++i) {
      std::vector<CpuRow> rows = CpuRows(i * 500, (i + 1) * 500);
      REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
      expected.insert(expected.end(), rows.begin(), rows.end());
    }
    std::vector<CpuRow> got = ScanAll(*engine, id);
    CHECK(SortedByTime(got) == expected);
    CHECK(SegmentFiles(dir.path()).size() > 2);
  }
  auto engine = OpenEngine(dir.path(), 64 << 10);
  CHECK(SortedByTime(ScanAll(*engine, id)) == expected);
}

TEST_CASE("Concurrent appenders from several threads are all durable", "[engine]") {
  sundial::testing::TempDir dir;
  uint32_t id = 0;
  {
    auto engine = OpenEngine(dir.path(), 256 << 10);
    id = CreateHypertable(*engine);
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 50; ++i) {
          int64_t base = (t * 50 + i) * 100;
          if (!engine->Append(id, {MakeCpuChunk(CpuRows(base, base + 100))}).ok()) ++failures;
        }
      });
    }
    for (auto& thread : threads)
      thread.join();
    CHECK(failures == 0);
    CHECK(engine->Stats(id)->row_count == 20000);
  }
  auto engine = OpenEngine(dir.path());
  CHECK(SortedByTime(ScanAll(*engine, id)) == CpuRows(0, 20000));
}

TEST_CASE("Dropping a table removes it, its files, and never reuses its id", "[engine]") {
  sundial::testing::TempDir dir;
  uint32_t dropped = 0;
  {
    auto engine = OpenEngine(dir.path());
    dropped = CreateHypertable(*engine);
    REQUIRE(engine->Append(dropped, {MakeCpuChunk(CpuRows(0, 100))}).ok());
    REQUIRE(engine->Checkpoint().ok());
    REQUIRE(engine->Append(dropped, {MakeCpuChunk(CpuRows(100, 110))}).ok());
    REQUIRE(engine->DropTable("cpu").ok());
    CHECK_FALSE(engine->FindTable("cpu"));
    CHECK(engine->DropTable("cpu").code() == ErrorCode::kUndefinedTable);
    CHECK(engine->Scan(ScanSpec{.table_id = dropped}).status().code() ==
          ErrorCode::kUndefinedTable);
    CHECK(SegmentFiles(dir.path()).empty());
  }
  auto engine = OpenEngine(dir.path());
  CHECK(engine->ListTables().empty());
  uint32_t again = CreateHypertable(*engine);
  CHECK(again != dropped);
  CHECK(ScanAll(*engine, again).empty());
}

TEST_CASE("Creating a duplicate table or partitioning a non-empty table fails", "[engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  auto plain = engine->CreateTable(CpuSchema());
  REQUIRE(plain.ok());
  CHECK(engine->CreateTable(CpuSchema()).status().code() == ErrorCode::kDuplicateTable);
  REQUIRE(engine->Append(plain->table_id, {MakeCpuChunk(CpuRows(0, 3))}).ok());
  auto hyper = engine->MakeHypertable("cpu", 0, kMicrosPerDay);
  REQUIRE_FALSE(hyper.ok());
  CHECK(hyper.status().code() == ErrorCode::kObjectNotInPrerequisiteState);
  CHECK(hyper.status().message() == "table \"cpu\" is not empty");
  // An ordinary table keeps append order in its single partition.
  REQUIRE(engine->Checkpoint().ok());
  CHECK(ScanAll(*engine, plain->table_id) == CpuRows(0, 3));
  CHECK(engine->Append(plain->table_id, {DataChunk::Make({DataType::Of(TypeId::kInt64)}, 1)})
            .code() != ErrorCode::kOk);
}

TEST_CASE("A second Open of a locked data directory fails", "[engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  auto second = Engine::Open(EngineOptions{.data_dir = dir.path()});
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == ErrorCode::kObjectNotInPrerequisiteState);
  CHECK(second.status().message().find("is locked by another Sundial process") !=
        std::string::npos);

  pid_t child = fork();
  if (child == 0) {
    auto other = Engine::Open(EngineOptions{.data_dir = dir.path()});
    _exit(!other.ok() && other.status().code() == ErrorCode::kObjectNotInPrerequisiteState ? 0 : 1);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("An unusable data directory is an I/O error naming it", "[engine]") {
  sundial::testing::TempDir dir;
  std::string file = dir.Join("not-a-dir");
  std::ofstream(file) << "x";
  auto engine = Engine::Open(EngineOptions{.data_dir = file});
  REQUIRE_FALSE(engine.ok());
  CHECK(engine.status().code() == ErrorCode::kIoError);
  CHECK(engine.status().message().find(file) != std::string::npos);
}

TEST_CASE("Open deletes files the manifest does not name", "[engine]") {
  sundial::testing::TempDir dir;
  uint32_t id = 0;
  {
    auto engine = OpenEngine(dir.path());
    id = CreateHypertable(*engine);
    REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 10))}).ok());
    REQUIRE(engine->Checkpoint().ok());
  }
  std::vector<std::string> live = SegmentFiles(dir.path());
  REQUIRE(live.size() == 1);
  std::string stray_segment = PartitionDirectory(dir.path(), id, 0) + "/999999.seg";
  std::string stray_partition = PartitionDirectory(dir.path(), id, 86400000000) + "/000777.seg";
  std::string stray_table = TableDirectory(dir.path(), 42) + "/p0/000001.seg";
  for (const std::string& path : {stray_segment, stray_partition, stray_table}) {
    REQUIRE(FileSystem::Default()
                .CreateDirectories(std::filesystem::path(path).parent_path().string())
                .ok());
    std::ofstream(path) << "leftover of an interrupted flush";
  }
  std::ofstream(ManifestTempPath(dir.path())) << "half-written";
  auto engine = OpenEngine(dir.path());
  CHECK(SegmentFiles(dir.path()) == live);
  CHECK_FALSE(std::filesystem::exists(TableDirectory(dir.path(), 42)));
  CHECK_FALSE(std::filesystem::exists(ManifestTempPath(dir.path())));
  CHECK(ScanAll(*engine, id) == InSegmentOrder(CpuRows(0, 10), kMicrosPerDay));
}

std::string OnlyWalFile(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(WalDirectory(dir))) {
    if (std::filesystem::file_size(entry.path()) > 0) files.push_back(entry.path().string());
  }
  REQUIRE(files.size() == 1);
  return files[0];
}

TEST_CASE("Reopen after a torn WAL tail keeps every complete append", "[engine]") {
  sundial::testing::TempDir dir;
  uint32_t id = 0;
  {
    auto engine = OpenEngine(dir.path());
    id = CreateHypertable(*engine);
    REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 10))}).ok());
    REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(10, 20))}).ok());
  }
  std::string wal = OnlyWalFile(dir.path());
  uint64_t size = *FileSystem::Default().FileSize(wal);
  REQUIRE(FileSystem::Default().TruncateFile(wal, size - 7).ok());
  {
    auto engine = OpenEngine(dir.path());
    CHECK(ScanAll(*engine, id) == CpuRows(0, 10));
    REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(30, 40))}).ok());
  }
  // The torn bytes were cut away, so later appends are not behind damage.
  auto engine = OpenEngine(dir.path());
  std::vector<CpuRow> expected = CpuRows(0, 10);
  for (const CpuRow& row : CpuRows(30, 40))
    expected.push_back(row);
  CHECK(ScanAll(*engine, id) == expected);
}

TEST_CASE("Damage in the middle of the WAL makes Open fail with corruption", "[engine]") {
  sundial::testing::TempDir dir;
  {
    auto engine = OpenEngine(dir.path());
    uint32_t id = CreateHypertable(*engine);
    REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 10))}).ok());
    REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(10, 20))}).ok());
  }
  std::string wal = OnlyWalFile(dir.path());
  auto bytes = FileSystem::Default().ReadWholeFile(wal);
  REQUIRE(bytes.ok());
  std::string damaged = *bytes;
  damaged[30] ^= 0x08;
  std::ofstream(wal, std::ios::binary | std::ios::trunc) << damaged;
  auto engine = Engine::Open(EngineOptions{.data_dir = dir.path()});
  REQUIRE_FALSE(engine.ok());
  CHECK(engine.status().code() == ErrorCode::kCorruption);
}

TEST_CASE("Date-partitioned tables partition by whole days", "[engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  TableSchema schema{.name = "daily",
                     .columns = {{.name = "day", .type = DataType::Of(TypeId::kDate)},
                                 {.name = "n", .type = DataType::Of(TypeId::kInt32)}},
                     .time_column = 0,
                     .partition_interval_micros = 7 * kMicrosPerDay};
  auto created = engine->CreateTable(schema);
  REQUIRE(created.ok());
  DataChunk chunk =
      DataChunk::Make({DataType::Of(TypeId::kDate), DataType::Of(TypeId::kInt32)}, 30);
  for (int i = 0; i < 30; ++i) {
    chunk.columns[0].data<int32_t>()[i] = 29 - i - 10;  // days -10 .. 19, reversed
    chunk.columns[1].data<int32_t>()[i] = i;
  }
  chunk.SetSize(30);
  REQUIRE(engine->Append(created->table_id, {chunk}).ok());
  REQUIRE(engine->Checkpoint().ok());
  auto scanner = engine->Scan(ScanSpec{
      .table_id = created->table_id, .columns = {0}, .time_range = {.begin = 0, .end = 7}});
  REQUIRE(scanner.ok());
  std::vector<int32_t> days;
  DataChunk out;
  while (*(*scanner)->Next(out)) {
    for (size_t r = 0; r < out.size(); ++r)
      days.push_back(out.columns[0].data<int32_t>()[r]);
  }
  REQUIRE(!days.empty());
  CHECK(std::is_sorted(days.begin(), days.end()));
  CHECK(days.front() == 0);  // the partition [0, 7) only
  CHECK(days.back() == 6);
}

}  // namespace
}  // namespace sundial::ts

namespace sundial::ts {
namespace {

TEST_CASE("A table without columns still counts its rows through a flush", "[engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  auto table = engine->CreateTable(TableSchema{.name = "empty"});
  REQUIRE(table.ok());
  DataChunk rows;
  rows.row_count_without_columns = 3;
  REQUIRE(engine->Append(table->table_id, {rows}).ok());
  REQUIRE(engine->Checkpoint().ok());
  engine.reset();
  engine = OpenEngine(dir.path());
  auto stats = engine->Stats(table->table_id);
  REQUIRE(stats.ok());
  CHECK(stats->row_count == 3);
}

}  // namespace
}  // namespace sundial::ts

namespace sundial::ts {
namespace {

TEST_CASE("Rows appended while a table becomes a hypertable never break reopening", "[engine]") {
  // Appends of rows with a NULL time race the switch to a hypertable. Each
  // append either lands before the switch (and the switch then fails: the
  // table is not empty) or is refused; a WAL holding NULL-time rows of a
  // hypertable would make the next Open fail.
  sundial::testing::TempDir dir;
  {
    auto engine = OpenEngine(dir.path());
    REQUIRE(engine->CreateTable(CpuSchema("cpu")).ok());
    uint32_t id = engine->FindTable("cpu")->table_id;
    std::thread writer([&] {
      for (int i = 0; i < 200; ++i) {
        DataChunk chunk = MakeCpuChunk({CpuRow{.ts = 0, .host = "h", .usage = 1}});
        chunk.columns[0].SetNull(0, true);
        std::vector<DataChunk> chunks;
        chunks.push_back(std::move(chunk));
        Status appended = engine->Append(id, chunks);
        if (!appended.ok()) {
          CHECK(appended.code() != ErrorCode::kCorruption);
        }
      }
    });
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    auto hyper = engine->MakeHypertable("cpu", 0, kMicrosPerDay);
    writer.join();
    if (hyper.ok()) {
      // The switch won the race, so the table was empty then, and every later
      // append of a NULL time was refused.
      CHECK(ScanAll(*engine, id).empty());
    }
  }
  auto reopened = Engine::Open(EngineOptions{.data_dir = dir.path()});
  INFO(reopened.status().ToString());
  CHECK(reopened.ok());
}

}  // namespace
}  // namespace sundial::ts
