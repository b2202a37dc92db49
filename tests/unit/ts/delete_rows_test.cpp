#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <thread>
#include <tuple>

#include "faulty_cpu_store.h"
#include "support/fault_injecting_file_system.h"
#include "support/temp_dir.h"
#include "ts/delete_markers.h"
#include "ts/manifest.h"
#include "ts/merge_policy.h"
#include "ts_test_util.h"

// Engine::DeleteRows: rows marked deleted in per-segment marker files, one
// manifest switch per delete; scans, stats and merges leave marked rows out.

namespace sundial::ts {
namespace {

using namespace testing;
using sundial::testing::FaultInjectingFileSystem;
using Op = FaultInjectingFileSystem::Op;

constexpr int64_t kTenMillis = kMicrosPerSecond / 100;

// A matcher over chunks of columns (ts, host, usage) picking the rows
// `removed` holds true for; counts the rows it was shown.
RowMatcher Matching(std::function<bool(const CpuRow&)> removed, uint64_t* shown = nullptr) {
  return [removed = std::move(removed), shown](const DataChunk& rows,
                                               std::vector<uint8_t>& matches) -> Status {
    REQUIRE(rows.columns.size() == 3);
    if (shown != nullptr) *shown += rows.size();
    for (size_t r = 0; r < rows.size(); ++r)
      matches[r] = removed(RowAt(rows, r)) ? 1 : 0;
    return Status::Ok();
  };
}

const TimeRange kNoPartitions{.begin = 0, .end = 0};

uint64_t DeleteOrFail(Engine& engine, const ScanSpec& spec, const RowMatcher& matcher,
                      const TimeRange& whole = kNoPartitions) {
  Result<uint64_t> deleted = engine.DeleteRows(spec, matcher, whole);
  INFO(deleted.status().ToString());
  REQUIRE(deleted.ok());
  return *deleted;
}

uint64_t StatsRows(Engine& engine, uint32_t table_id) {
  auto stats = engine.Stats(table_id);
  REQUIRE(stats.ok());
  return stats->row_count;
}

uint64_t PartitionRows(Engine& engine, uint32_t table_id) {
  auto partitions = engine.ListPartitionStats(table_id);
  REQUIRE(partitions.ok());
  uint64_t rows = 0;
  for (const auto& partition : *partitions)
    rows += partition.row_count;
  return rows;
}

// A hypertable "cpu" with hourly partitions holding `rows` in segments.
struct StoredRows {
  sundial::testing::TempDir dir;
  std::unique_ptr<Engine> engine;
  uint32_t id = 0;
  std::vector<CpuRow> rows;

  StoredRows(std::vector<CpuRow> stored, bool background_merge) : rows(std::move(stored)) {
    engine =
        OpenOrFail(EngineOptions{.data_dir = dir.path(), .background_merge = background_merge});
    id = CreateCpuHypertable(*engine);
    REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
    REQUIRE(engine->Checkpoint().ok());
  }
};

// Every way of reading the table gives `expected`.
void CheckRows(Engine& engine, uint32_t table_id, const std::vector<CpuRow>& expected) {
  CHECK(SortedCpuRows(ScanAll(engine, table_id)) == expected);
  CHECK(ReadMorsels(engine, table_id) == expected);
  CHECK(StatsRows(engine, table_id) == expected.size());
  CHECK(PartitionRows(engine, table_id) == expected.size());
}

bool EveryThird(const CpuRow& row) {
  return !row.usage_null && static_cast<int64_t>(row.usage * 2) % 3 == 0;
}

TEST_CASE("Deleted rows are left out by scans, morsel scans and row counts", "[engine][delete]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateCpuHypertable(*engine);
  // 150,000 rows in one hourly partition (three row groups, stored host by
  // host), a second partition, then rows still in the memtable.
  std::vector<CpuRow> rows = CpuRows(0, 150000, 0, kTenMillis);
  std::vector<CpuRow> later = CpuRows(0, 5000, kMicrosPerHour, kMicrosPerSecond);
  rows.insert(rows.end(), later.begin(), later.end());
  REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
  REQUIRE(engine->Checkpoint().ok());
  std::vector<CpuRow> unflushed = CpuRows(5000, 6000, kMicrosPerHour, kMicrosPerSecond);
  REQUIRE(engine->Append(id, {MakeCpuChunk(unflushed)}).ok());
  rows.insert(rows.end(), unflushed.begin(), unflushed.end());

  uint64_t deleted = DeleteOrFail(*engine, AllColumns(id), Matching(EveryThird));
  std::vector<CpuRow> expected = Without(rows, EveryThird);
  CHECK(deleted == rows.size() - expected.size());
  CheckRows(*engine, id, expected);

  // Predicates and a time range still apply to what is left.
  auto scanner = engine->Scan(ScanSpec{
      .table_id = id,
      .columns = {0, 1, 2},
      .time_range = {.begin = 0, .end = kMicrosPerHour},
      .predicates = {{.column = 1, .op = ScanCompare::kEq, .values = {Value::Text("h2")}}}});
  REQUIRE(scanner.ok());
  CHECK(SortedCpuRows(ReadCpuRows(**scanner)) == Without(rows, [](const CpuRow& row) {
          return EveryThird(row) || row.host != "h2" || row.ts >= kMicrosPerHour;
        }));
}

TEST_CASE("Only rows the spec returns are shown to the matcher", "[engine][delete]") {
  StoredRows stored(CpuRows(0, 3 * 3600, 0, kMicrosPerSecond), /*background_merge=*/true);
  auto& [dir, engine, id, rows] = stored;
  ScanSpec spec = AllColumns(id);
  spec.time_range = {.begin = kMicrosPerHour, .end = 2 * kMicrosPerHour};
  spec.predicates = {{.column = 1, .op = ScanCompare::kEq, .values = {Value::Text("h3")}},
                     {.column = 0,
                      .op = ScanCompare::kGe,
                      .values = {Value::TimestampTz(kMicrosPerHour + 60 * kMicrosPerSecond)}}};
  uint64_t shown = 0;
  uint64_t deleted =
      DeleteOrFail(*engine, spec, Matching([](const CpuRow&) { return true; }, &shown));
  auto removed = [](const CpuRow& row) {
    return row.host == "h3" && row.ts >= kMicrosPerHour + 60 * kMicrosPerSecond &&
           row.ts < 2 * kMicrosPerHour;
  };
  std::vector<CpuRow> expected = Without(rows, removed);
  CHECK(deleted == rows.size() - expected.size());
  CHECK(shown == deleted);
  CheckRows(*engine, id, expected);
}

TEST_CASE("Delete markers survive a restart and a second delete unions them", "[engine][delete]") {
  sundial::testing::TempDir dir;
  std::vector<CpuRow> rows = CpuRows(0, 3 * 3600, 0, kMicrosPerSecond);
  auto first = [](const CpuRow& row) { return row.host == "h1"; };
  auto second = [](const CpuRow& row) { return !row.usage_null && row.usage < 1000; };
  uint32_t id = 0;
  {
    auto engine = OpenQuiet(dir.path());
    id = CreateCpuHypertable(*engine);
    REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
    REQUIRE(engine->Checkpoint().ok());
    CHECK(DeleteOrFail(*engine, AllColumns(id), Matching(first)) ==
          rows.size() - Without(rows, first).size());
    CHECK(FilesEndingWith(dir.path(), ".del") == 3);
  }
  {
    auto engine = OpenQuiet(dir.path());
    CheckRows(*engine, id, Without(rows, first));
    // Rows the first delete removed are not counted again.
    auto both = [&](const CpuRow& row) { return first(row) || second(row); };
    CHECK(DeleteOrFail(*engine, AllColumns(id), Matching(second)) ==
          Without(rows, first).size() - Without(rows, both).size());
    CheckRows(*engine, id, Without(rows, both));
    // The union replaced the first marker files of the segments it touched
    // (the first partition's); the others keep theirs.
    CHECK(FilesEndingWith(dir.path(), ".del") == 3);
    // Deleting rows already deleted changes nothing.
    CHECK(DeleteOrFail(*engine, AllColumns(id), Matching(first)) == 0);
  }
  auto engine = OpenQuiet(dir.path());
  CheckRows(*engine, id,
            Without(rows, [&](const CpuRow& row) { return first(row) || second(row); }));
  auto manifest = ReadManifest(FileSystem::Default(), dir.path());
  REQUIRE(manifest.ok());
  uint64_t deleted_rows = 0;
  for (const SegmentMeta& meta : (*manifest)->tables.front().segments)
    deleted_rows += meta.deleted_rows;
  CHECK(deleted_rows == rows.size() - Without(rows, [&](const CpuRow& row) {
                                        return first(row) || second(row);
                                      }).size());
  // With merges on, the segment with most rows deleted is rewritten without them.
  engine.reset();
  engine = OpenEngine(dir.path());
  REQUIRE(engine->Checkpoint().ok());
  CHECK(FilesEndingWith(dir.path(), ".del") == 2);
  CheckRows(*engine, id,
            Without(rows, [&](const CpuRow& row) { return first(row) || second(row); }));
}

TEST_CASE("Segments left without rows and covered partitions are dropped", "[engine][delete]") {
  StoredRows stored(CpuRows(0, 4 * 3600, 0, kMicrosPerSecond), /*background_merge=*/false);
  auto& [dir, engine, id, rows] = stored;
  // Hours 1 and 2 are covered whole: the matcher never sees their rows.
  // Hour 0 loses every row by matching, hour 3 only its h0 rows.
  uint64_t shown = 0;
  auto removed = [](const CpuRow& row) { return row.ts < kMicrosPerHour || row.host == "h0"; };
  uint64_t deleted = DeleteOrFail(*engine, AllColumns(id), Matching(removed, &shown),
                                  TimeRange{.begin = kMicrosPerHour, .end = 3 * kMicrosPerHour});
  auto gone = [&](const CpuRow& row) {
    return removed(row) || (row.ts >= kMicrosPerHour && row.ts < 3 * kMicrosPerHour);
  };
  std::vector<CpuRow> expected = Without(rows, gone);
  CHECK(deleted == rows.size() - expected.size());
  CHECK(shown == 2 * 3600);
  CheckRows(*engine, id, expected);
  auto partitions = engine->ListPartitions(id);
  REQUIRE(partitions.ok());
  CHECK(*partitions == std::vector<int64_t>{3 * kMicrosPerHour});
  CHECK(FilesEndingWith(dir.path(), ".seg") == 1);
  CHECK(FilesEndingWith(dir.path(), ".del") == 1);
}

TEST_CASE("A matcher's error fails the delete and changes nothing", "[engine][delete]") {
  StoredRows stored(CpuRows(0, 3 * 3600, 0, kMicrosPerSecond), /*background_merge=*/true);
  auto& [dir, engine, id, rows] = stored;
  int chunks = 0;
  RowMatcher failing = [&](const DataChunk&, std::vector<uint8_t>& matches) -> Status {
    std::fill(matches.begin(), matches.end(), 1);
    if (++chunks == 4) return Status::Error(ErrorCode::kDivisionByZero, "division by zero");
    return Status::Ok();
  };
  Result<uint64_t> deleted = engine->DeleteRows(AllColumns(id), failing, kNoPartitions);
  CHECK(deleted.status().code() == ErrorCode::kDivisionByZero);
  CheckRows(*engine, id, SortedCpuRows(rows));
  CHECK(FilesEndingWith(dir.path(), ".del") == 0);
  // Appends go on afterwards.
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 10, 5 * kMicrosPerHour))}).ok());
}

TEST_CASE("A merge folds delete markers into its output", "[engine][delete][merge]") {
  sundial::testing::TempDir dir;
  auto engine = OpenOrFail(EngineOptions{.data_dir = dir.path(), .background_merge = false});
  uint32_t id = CreateCpuHypertable(*engine);
  // Four flushes of interleaved times: overlapping segments in each partition.
  std::vector<CpuRow> rows;
  for (int flush = 0; flush < 4; ++flush) {
    std::vector<CpuRow> part =
        CpuRows(0, 2 * 3600 / 4, flush * kMicrosPerSecond, 4 * kMicrosPerSecond);
    REQUIRE(engine->Append(id, {MakeCpuChunk(part)}).ok());
    REQUIRE(engine->Checkpoint().ok());
    rows.insert(rows.end(), part.begin(), part.end());
  }
  auto removed = [](const CpuRow& row) { return row.host == "h4" || row.usage_null; };
  DeleteOrFail(*engine, AllColumns(id), Matching(removed));
  REQUIRE(FilesEndingWith(dir.path(), ".del") == 8);
  REQUIRE(engine->CompactTable(id).ok());
  std::vector<CpuRow> expected = Without(rows, removed);
  CheckRows(*engine, id, expected);
  CHECK(FilesEndingWith(dir.path(), ".del") == 0);
  auto manifest = ReadManifest(FileSystem::Default(), dir.path());
  REQUIRE(manifest.ok());
  uint64_t stored = 0;
  for (const SegmentMeta& meta : (*manifest)->tables.front().segments) {
    CHECK(meta.deleted_rows == 0);
    stored += meta.row_count;
  }
  CHECK(stored == expected.size());
  engine.reset();
  engine = OpenEngine(dir.path());
  CheckRows(*engine, id, expected);
}

TEST_CASE("A merge that read segments before a delete marked them does not undo it",
          "[engine][delete][merge]") {
  sundial::testing::TempDir dir;
  auto engine = OpenOrFail(EngineOptions{.data_dir = dir.path(), .background_merge = false});
  uint32_t id = CreateCpuHypertable(*engine);
  std::vector<CpuRow> rows;
  for (int flush = 0; flush < 4; ++flush) {
    std::vector<CpuRow> part = CpuRows(0, 20000, flush * kTenMillis, 4 * kTenMillis);
    REQUIRE(engine->Append(id, {MakeCpuChunk(part)}).ok());
    REQUIRE(engine->Checkpoint().ok());
    rows.insert(rows.end(), part.begin(), part.end());
  }
  // The delete holds the manifest lock while its matcher runs: the merge
  // started meanwhile reads the unmarked segments and can publish only
  // after the delete did.
  std::atomic<bool> merge_started{false};
  std::thread merge;
  Status merged;
  auto removed = [](const CpuRow& row) { return row.host == "h2"; };
  RowMatcher matcher = [&](const DataChunk& chunk, std::vector<uint8_t>& matches) -> Status {
    if (!merge_started.exchange(true)) {
      merge = std::thread([&] { merged = engine->CompactTable(id); });
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    for (size_t r = 0; r < chunk.size(); ++r)
      matches[r] = removed(RowAt(chunk, r)) ? 1 : 0;
    return Status::Ok();
  };
  DeleteOrFail(*engine, AllColumns(id), matcher);
  merge.join();
  REQUIRE(merged.ok());
  std::vector<CpuRow> expected = Without(rows, removed);
  CheckRows(*engine, id, expected);
  engine.reset();
  engine = OpenEngine(dir.path());
  CheckRows(*engine, id, expected);
}

TEST_CASE("The merge policy rewrites the segment with most deleted rows past a quarter",
          "[delete][merge][policy]") {
  auto segment = [](uint64_t rows, uint64_t deleted, int64_t time) {
    return MergeCandidate{
        .rows = rows, .bytes = rows, .time_min = time, .time_max = time, .deleted_rows = deleted};
  };
  const MergePolicyOptions options;
  CHECK(ChooseMerge({segment(1000, 250, 0), segment(100, 0, 1)}, options).empty());
  CHECK(ChooseMerge({segment(1000, 251, 0), segment(100, 0, 1)}, options) ==
        std::vector<size_t>{0});
  CHECK(ChooseMerge({segment(1000, 300, 0), segment(100, 90, 1), segment(10, 1, 2)}, options) ==
        std::vector<size_t>{1});
  // Overlapping segments merge first; their merge drops the marked rows too.
  CHECK(ChooseMerge({segment(1000, 900, 0), segment(100, 0, 5), segment(100, 0, 5)}, options) ==
        std::vector<size_t>{1, 2});
}

TEST_CASE("Compaction rewrites a segment whose rows are mostly deleted",
          "[engine][delete][merge]") {
  sundial::testing::TempDir dir;
  auto engine = OpenOrFail(EngineOptions{.data_dir = dir.path(), .background_merge = false});
  uint32_t id = CreateCpuHypertable(*engine);
  std::vector<CpuRow> rows = CpuRows(0, 3000, 0, kMicrosPerSecond);
  REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
  REQUIRE(engine->Checkpoint().ok());
  auto few = [](const CpuRow& row) { return row.host == "h0"; };
  DeleteOrFail(*engine, AllColumns(id), Matching(few));
  REQUIRE(engine->CompactTable(id).ok());
  CHECK(FilesEndingWith(dir.path(), ".del") == 1);
  auto more = [&](const CpuRow& row) { return few(row) || row.host == "h1"; };
  DeleteOrFail(*engine, AllColumns(id), Matching(more));
  REQUIRE(engine->CompactTable(id).ok());
  CHECK(FilesEndingWith(dir.path(), ".del") == 0);
  CHECK(FilesEndingWith(dir.path(), ".seg") == 1);
  CheckRows(*engine, id, Without(rows, more));
  auto manifest = ReadManifest(FileSystem::Default(), dir.path());
  REQUIRE(manifest.ok());
  REQUIRE((*manifest)->tables.front().segments.size() == 1);
  CHECK((*manifest)->tables.front().segments[0].row_count == Without(rows, more).size());
}

TEST_CASE("Newest-per-value scans still find a value whose newest rows were deleted",
          "[engine][delete]") {
  StoredRows stored(CpuRows(0, 3 * 3600, 0, kMicrosPerSecond), /*background_merge=*/true);
  auto& [dir, engine, id, rows] = stored;
  // h1 keeps only its rows of the first hour; h2 loses every row.
  auto removed = [](const CpuRow& row) {
    return (row.host == "h1" && row.ts >= kMicrosPerHour) || row.host == "h2";
  };
  DeleteOrFail(*engine, AllColumns(id), Matching(removed));
  auto scanner =
      engine->Scan(ScanSpec{.table_id = id, .columns = {0, 1, 2}, .latest_per_column = 1});
  REQUIRE(scanner.ok());
  std::map<std::string, int64_t> newest;
  for (const CpuRow& row : ReadCpuRows(**scanner)) {
    CHECK(!removed(row));
    newest[row.host] = std::max(newest[row.host], row.ts);
  }
  std::map<std::string, int64_t> expected;
  for (const CpuRow& row : Without(rows, removed))
    expected[row.host] = std::max(expected[row.host], row.ts);
  CHECK(newest == expected);
  CHECK(!newest.contains("h2"));
}

TEST_CASE("An ordinary table deletes rows by marker too", "[engine][delete]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  REQUIRE(engine->CreateTable(CpuSchema("plain")).ok());
  uint32_t id = engine->FindTable("plain")->table_id;
  std::vector<CpuRow> rows = CpuRows(0, 1000);
  REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
  auto removed = [](const CpuRow& row) { return row.ts % 3 == 0; };
  CHECK(DeleteOrFail(*engine, AllColumns(id), Matching(removed),
                     TimeRange{.begin = std::numeric_limits<int64_t>::min(),
                               .end = std::numeric_limits<int64_t>::max()}) ==
        rows.size() - Without(rows, removed).size());
  CHECK(SortedCpuRows(ScanAll(*engine, id)) == Without(rows, removed));
  CHECK(StatsRows(*engine, id) == Without(rows, removed).size());
}

TEST_CASE("Marker files round-trip in both encodings and reject damage", "[delete][format]") {
  for (uint64_t marked_every : {1, 2, 997}) {
    DeleteMarkers markers(100000);
    for (uint64_t row = 5; row < 100000; row += marked_every)
      markers.Add(row);
    std::string bytes = markers.Encode(42);
    auto decoded = DeleteMarkers::Decode(bytes, 42, 100000, "x.del");
    REQUIRE(decoded.ok());
    CHECK(decoded->count() == markers.count());
    for (uint64_t row = 0; row < 100000; ++row)
      REQUIRE(decoded->Contains(row) == markers.Contains(row));
    // Sparse markers store positions, dense ones a bitmap.
    CHECK(bytes.size() <= 64 + std::min<uint64_t>(markers.count() * 4, 100000 / 8 + 8));
    CHECK(DeleteMarkers::Decode(bytes, 43, 100000, "x.del").status().code() ==
          ErrorCode::kCorruption);
    CHECK(DeleteMarkers::Decode(bytes, 42, 99999, "x.del").status().code() ==
          ErrorCode::kCorruption);
    for (size_t at : {size_t{0}, size_t{20}, bytes.size() / 2, bytes.size() - 1}) {
      std::string damaged = bytes;
      damaged[at] ^= 0x10;
      auto result = DeleteMarkers::Decode(damaged, 42, 100000, "x.del");
      CHECK(result.status().code() == ErrorCode::kCorruption);
      CHECK(result.status().message().find("x.del") != std::string::npos);
    }
    CHECK(DeleteMarkers::Decode(bytes.substr(0, bytes.size() - 5), 42, 100000, "x.del")
              .status()
              .code() == ErrorCode::kCorruption);
  }
}

TEST_CASE("Manifest entries keep their marker file and count", "[delete][format]") {
  ManifestData data;
  ManifestData::Table table{.schema = CpuSchema()};
  table.schema.table_id = 1;
  table.schema.next_column_id = 3;
  for (uint32_t c = 0; c < 3; ++c)
    table.schema.columns[c].column_id = c;
  table.segments.push_back(SegmentMeta{.table_id = 1,
                                       .file_number = 7,
                                       .row_count = 100,
                                       .file_size = 5,
                                       .markers_file_number = 9,
                                       .deleted_rows = 12});
  table.segments.push_back(SegmentMeta{.table_id = 1, .file_number = 8, .row_count = 10});
  data.tables.push_back(table);
  auto decoded = DecodeManifest(EncodeManifest(data));
  REQUIRE(decoded.ok());
  REQUIRE(decoded->tables.front().segments.size() == 2);
  CHECK(decoded->tables.front().segments[0].markers_file_number == 9);
  CHECK(decoded->tables.front().segments[0].deleted_rows == 12);
  CHECK(decoded->tables.front().segments[1].markers_file_number == 0);
  CHECK(decoded->tables.front().segments[1].deleted_rows == 0);

  // Version 3 wrote segment entries without the two fields: the same
  // manifest without the last entry's 16 bytes reads as unmarked segments.
  data.tables.front().segments = {SegmentMeta{.table_id = 1, .file_number = 8, .row_count = 10}};
  std::string encoded = EncodeManifest(data);
  std::string body = encoded.substr(16, encoded.size() - 16 - 4 - 16);
  std::string v3;
  PutFixed<uint32_t>(v3, LoadFixed<uint32_t>(encoded.data()));
  PutFixed<uint32_t>(v3, 3);
  PutFixed<uint64_t>(v3, body.size());
  v3 += body;
  PutFixed<uint32_t>(v3, Checksum32(body.data(), body.size()));
  auto old = DecodeManifest(v3);
  INFO(old.status().ToString());
  REQUIRE(old.ok());
  REQUIRE(old->tables.front().segments.size() == 1);
  CHECK(old->tables.front().segments[0].file_number == 8);
  CHECK(old->tables.front().segments[0].row_count == 10);
  CHECK(old->tables.front().segments[0].markers_file_number == 0);
  // A marked row count without a marker file is corrupt.
  data.tables.front().segments[0].deleted_rows = 3;
  CHECK(DecodeManifest(EncodeManifest(data)).status().code() == ErrorCode::kCorruption);
}

TEST_CASE("A fault before the manifest switch fails the delete and keeps every row",
          "[engine][delete][faults]") {
  struct Site {
    const char* name;
    Op op;
    std::string path;  // after the data directory
    bool whole_path = false;
  };
  const std::vector<Site> sites = {
      {.name = "marker create", .op = Op::kCreate, .path = ".del"},
      {.name = "marker write", .op = Op::kWrite, .path = ".del"},
      {.name = "marker fsync", .op = Op::kSync, .path = ".del"},
      {.name = "partition directory fsync", .op = Op::kSyncDirectory, .path = "/tables/"},
      {.name = "manifest write", .op = Op::kWrite, .path = "/MANIFEST"},
      {.name = "manifest fsync", .op = Op::kSync, .path = "/MANIFEST"},
      {.name = "manifest rename", .op = Op::kRename, .path = "/MANIFEST"},
  };
  auto removed = [](const CpuRow& row) { return row.host == "h3"; };
  for (const Site& site : sites) {
    for (int error : {ENOSPC, EIO}) {
      INFO(site.name << " errno " << error);
      FaultyCpuStore store;
      std::string path = site.path.starts_with("/") ? store.dir.path() + site.path : site.path;
      store.fs.Inject({.op = site.op, .path_contains = path, .error = error});
      Result<uint64_t> deleted =
          store.engine->DeleteRows(AllColumns(store.id), Matching(removed), kNoPartitions);
      CHECK(deleted.status().code() ==
            (error == ENOSPC ? ErrorCode::kDiskFull : ErrorCode::kIoError));
      CheckRows(*store.engine, store.id, SortedCpuRows(store.rows));
      CHECK(FilesEndingWith(store.dir.path(), ".del") == 0);

      // Once the fault clears, writes and deletes go on without a restart.
      store.fs.ClearFaults();
      REQUIRE(
          store.engine->Append(store.id, {MakeCpuChunk(CpuRows(0, 5, 9 * kMicrosPerHour))}).ok());
      std::vector<CpuRow> all = store.rows;
      for (const CpuRow& row : CpuRows(0, 5, 9 * kMicrosPerHour))
        all.push_back(row);
      CHECK(DeleteOrFail(*store.engine, AllColumns(store.id), Matching(removed)) ==
            all.size() - Without(all, removed).size());
      store.CrashAndReopen();
      CheckRows(*store.engine, store.id, Without(all, removed));
    }
  }
}

TEST_CASE("A power loss after a delete failed at its switch brings back every row",
          "[engine][delete][faults]") {
  FaultyCpuStore store;
  store.fs.Inject({.op = Op::kRename, .path_contains = store.dir.path() + "/MANIFEST"});
  auto removed = [](const CpuRow& row) { return row.host == "h0"; };
  CHECK(!store.engine->DeleteRows(AllColumns(store.id), Matching(removed), kNoPartitions).ok());
  store.CrashAndReopen();
  CheckRows(*store.engine, store.id, SortedCpuRows(store.rows));
  CHECK(FilesEndingWith(store.dir.path(), ".del") == 0);
}

TEST_CASE("A delete acknowledged before a power loss stays", "[engine][delete][faults]") {
  FaultyCpuStore store;
  auto removed = [](const CpuRow& row) {
    return row.host == "h0" || row.ts < 600 * kMicrosPerSecond;
  };
  DeleteOrFail(*store.engine, AllColumns(store.id), Matching(removed));
  store.CrashAndReopen();
  CheckRows(*store.engine, store.id, Without(store.rows, removed));
}

}  // namespace
}  // namespace sundial::ts
