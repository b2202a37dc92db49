#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <random>
#include <thread>
#include <tuple>

#include "support/temp_dir.h"
#include "ts/block_cache.h"
#include "ts/filenames.h"
#include "ts/manifest.h"
#include "ts/segment_merge.h"
#include "ts_test_util.h"

// Merging a partition's segments in the engine: CompactTable, the
// background merge thread, publication and recovery.

namespace sundial::ts {
namespace {

using testing::CpuRow;
using testing::CpuRows;
using testing::CpuSchema;
using testing::MakeCpuChunk;
using testing::ReadCpuRows;
using testing::ScanAll;

std::unique_ptr<Engine> OpenEngine(const std::string& dir, bool background_merge = false,
                                   uint64_t merge_row_cap = uint64_t{1} << 21) {
  return testing::OpenOrFail(EngineOptions{
      .data_dir = dir, .background_merge = background_merge, .merge_row_cap = merge_row_cap});
}

uint32_t CreateCpu(Engine& engine, int64_t interval = kMicrosPerHour) {
  return testing::CreateCpuHypertable(engine, interval);
}

// The segments the manifest on disk names for a table.
std::vector<SegmentMeta> LiveSegments(const std::string& dir, uint32_t table_id) {
  auto manifest = ReadManifest(FileSystem::Default(), dir);
  REQUIRE(manifest.ok());
  REQUIRE(manifest->has_value());
  for (const ManifestData::Table& table : (*manifest)->tables) {
    if (table.schema.table_id == table_id) return table.segments;
  }
  FAIL("table " << table_id << " is not in the manifest");
  return {};
}

// No two segments of one partition hold rows of the same time.
void CheckNoOverlap(const std::vector<SegmentMeta>& segments) {
  for (size_t a = 0; a < segments.size(); ++a) {
    for (size_t b = a + 1; b < segments.size(); ++b) {
      if (segments[a].partition_start != segments[b].partition_start) continue;
      bool overlap = segments[a].time_min <= segments[b].time_max &&
                     segments[b].time_min <= segments[a].time_max;
      CHECK(!overlap);
    }
  }
}

size_t SegmentFileCount(const std::string& dir) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir + "/tables")) {
    if (entry.is_regular_file()) ++files;
  }
  return files;
}

std::vector<CpuRow> Sorted(std::vector<CpuRow> rows) {
  std::sort(rows.begin(), rows.end(), [](const CpuRow& a, const CpuRow& b) {
    return std::tie(a.ts, a.host, a.usage_null, a.usage) <
           std::tie(b.ts, b.host, b.usage_null, b.usage);
  });
  return rows;
}

std::vector<CpuRow> ScanSorted(Engine& engine, uint32_t table_id,
                               std::vector<ScanPredicate> predicates = {}) {
  auto scanner = engine.Scan(
      ScanSpec{.table_id = table_id, .columns = {0, 1, 2}, .predicates = std::move(predicates)});
  REQUIRE(scanner.ok());
  return Sorted(ReadCpuRows(**scanner));
}

// `count` rows at random times within [0, hours) hours, each flushed in one of
// `flushes` checkpoints, so every flush writes overlapping segments.
std::vector<CpuRow> AppendShuffled(Engine& engine, uint32_t table_id, int64_t count, int flushes,
                                   int hours = 3) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int64_t> time(0, hours * kMicrosPerHour - 1);
  std::vector<CpuRow> rows = CpuRows(0, count);
  for (CpuRow& row : rows)
    row.ts = time(rng) / kMicrosPerSecond * kMicrosPerSecond;
  size_t per_flush = (rows.size() + flushes - 1) / flushes;
  for (size_t begin = 0; begin < rows.size(); begin += per_flush) {
    size_t end = std::min(rows.size(), begin + per_flush);
    std::vector<CpuRow> part(rows.begin() + begin, rows.begin() + end);
    REQUIRE(engine.Append(table_id, {MakeCpuChunk(part)}).ok());
    REQUIRE(engine.Checkpoint().ok());
  }
  return rows;
}

std::vector<ScanPredicate> HostAndHour(const std::string& host, int hour) {
  return {ScanPredicate{.column = 1, .op = ScanCompare::kEq, .values = {Value::Text(host)}},
          ScanPredicate{.column = 0,
                        .op = ScanCompare::kGe,
                        .values = {Value::TimestampTz(hour * kMicrosPerHour)}},
          ScanPredicate{.column = 0,
                        .op = ScanCompare::kLt,
                        .values = {Value::TimestampTz((hour + 1) * kMicrosPerHour)}}};
}

TEST_CASE("Rows in random time order read the same after a merge, in fewer segments",
          "[merge][engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateCpu(*engine);
  std::vector<CpuRow> rows = AppendShuffled(*engine, id, 20000, 20);
  CHECK(LiveSegments(dir.path(), id).size() == 60);  // 20 flushes x 3 hourly partitions
  std::vector<CpuRow> filtered = ScanSorted(*engine, id, HostAndHour("h2", 1));
  REQUIRE(!filtered.empty());

  // The merge reads every block once and leaves the block cache to queries.
  BlockCache::Statistics cache_before = BlockCache::Shared().statistics();
  REQUIRE(engine->CompactTable(id).ok());
  BlockCache::Statistics cache_after = BlockCache::Shared().statistics();
  CHECK(cache_after.misses > cache_before.misses);
  CHECK(cache_after.bytes <= cache_before.bytes);

  std::vector<SegmentMeta> segments = LiveSegments(dir.path(), id);
  CHECK(segments.size() == 3);
  CHECK(ScanSorted(*engine, id) == Sorted(rows));
  CHECK(ScanSorted(*engine, id, HostAndHour("h2", 1)) == filtered);
  CHECK(engine->Stats(id)->row_count == 20000);
  // Scans pruned by time still find every row of their range.
  CHECK(Sorted(ScanAll(*engine, id, TimeRange{.begin = kMicrosPerHour, .end = 2 * kMicrosPerHour}))
            .size() >= filtered.size());
  // Merged segments were written sorted: a partition's rows no longer overlap.
  for (const SegmentMeta& meta : segments) {
    CHECK(meta.time_min >= meta.partition_start);
    CHECK(meta.time_max < meta.partition_start + kMicrosPerHour);
  }
  // The replaced files are gone.
  CHECK(SegmentFileCount(dir.path()) == 3);
  // Nothing more to do.
  REQUIRE(engine->CompactTable(id).ok());
  CHECK(LiveSegments(dir.path(), id).size() == 3);
  CHECK(engine->CompactTable(id + 100).code() == ErrorCode::kUndefinedTable);
}

TEST_CASE("A merge above the row cap writes time slices that do not overlap", "[merge][engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path(), false, 1000);
  uint32_t id = CreateCpu(*engine);
  std::vector<CpuRow> rows = AppendShuffled(*engine, id, 12000, 12);
  REQUIRE(engine->CompactTable(id).ok());
  CHECK(ScanSorted(*engine, id) == Sorted(rows));
  std::vector<SegmentMeta> segments = LiveSegments(dir.path(), id);
  // 4000 rows per hourly partition, at most about 1000 per segment.
  CHECK(segments.size() >= 12);
  CHECK(segments.size() < 36);
  for (const SegmentMeta& meta : segments)
    CHECK(meta.row_count <= 1500);
  CheckNoOverlap(segments);
}

TEST_CASE("A table partitioned by a date column merges and slices by days", "[merge][engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path(), false, 300);
  auto created = engine->CreateTable(
      TableSchema{.name = "daily",
                  .columns = {{.name = "day", .type = DataType::Of(TypeId::kDate)},
                              {.name = "v", .type = DataType::Of(TypeId::kInt64)}}});
  REQUIRE(created.ok());
  auto hyper = engine->MakeHypertable("daily", 0, 1000 * kMicrosPerDay);
  REQUIRE(hyper.ok());
  uint32_t id = hyper->table_id;
  std::mt19937_64 rng(5);
  std::vector<std::pair<int32_t, int64_t>> expected;
  for (int flush = 0; flush < 6; ++flush) {
    DataChunk chunk =
        DataChunk::Make({DataType::Of(TypeId::kDate), DataType::Of(TypeId::kInt64)}, 200);
    for (size_t r = 0; r < 200; ++r) {
      int32_t day = static_cast<int32_t>(rng() % 900);
      int64_t v = flush * 1000 + static_cast<int64_t>(r);
      chunk.columns[0].data<int32_t>()[r] = day;
      chunk.columns[1].data<int64_t>()[r] = v;
      expected.push_back({day, v});
    }
    chunk.SetSize(200);
    REQUIRE(engine->Append(id, {chunk}).ok());
    REQUIRE(engine->Checkpoint().ok());
  }
  REQUIRE(engine->CompactTable(id).ok());
  std::vector<SegmentMeta> segments = LiveSegments(dir.path(), id);
  // 1200 rows in segments of at most about 300 (a pair above the cap is sliced).
  CHECK(segments.size() >= 4);
  CHECK(segments.size() <= 6);
  CheckNoOverlap(segments);
  auto scanner = engine->Scan(ScanSpec{.table_id = id, .columns = {0, 1}});
  REQUIRE(scanner.ok());
  std::vector<std::pair<int32_t, int64_t>> rows;
  DataChunk chunk;
  while (*(*scanner)->Next(chunk)) {
    for (size_t r = 0; r < chunk.size(); ++r)
      rows.push_back({chunk.columns[0].data<int32_t>()[r], chunk.columns[1].data<int64_t>()[r]});
  }
  std::sort(rows.begin(), rows.end());
  std::sort(expected.begin(), expected.end());
  CHECK(rows == expected);
}

TEST_CASE("A merge keeps every duplicate row", "[merge][engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateCpu(*engine);
  std::vector<CpuRow> once = CpuRows(0, 500);
  std::vector<CpuRow> expected;
  for (int copy = 0; copy < 4; ++copy) {
    REQUIRE(engine->Append(id, {MakeCpuChunk(once)}).ok());
    REQUIRE(engine->Checkpoint().ok());
    expected.insert(expected.end(), once.begin(), once.end());
  }
  REQUIRE(LiveSegments(dir.path(), id).size() == 4);
  REQUIRE(engine->CompactTable(id).ok());
  CHECK(LiveSegments(dir.path(), id).size() == 1);
  CHECK(ScanSorted(*engine, id) == Sorted(expected));
}

TEST_CASE("Time-adjacent flushes of an ordinary table merge by size tier", "[merge][engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  auto created = engine->CreateTable(CpuSchema("plain"));
  REQUIRE(created.ok());
  uint32_t id = created->table_id;
  for (int flush = 0; flush < 3; ++flush) {
    REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(flush * 100, flush * 100 + 100))}).ok());
    REQUIRE(engine->Checkpoint().ok());
  }
  // Three segments of one tier: not yet.
  REQUIRE(engine->CompactTable(id).ok());
  CHECK(LiveSegments(dir.path(), id).size() == 3);
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(300, 400))}).ok());
  REQUIRE(engine->Checkpoint().ok());
  REQUIRE(engine->CompactTable(id).ok());
  CHECK(LiveSegments(dir.path(), id).size() == 1);
  CHECK(ScanSorted(*engine, id) == Sorted(CpuRows(0, 400)));
}

// Rows of (ts, extra, note) with NULL as nullopt, sorted.
using SchemaRow = std::tuple<int64_t, std::optional<int64_t>, std::optional<double>>;
std::vector<SchemaRow> ScanSchemaRows(Engine& engine, uint32_t id, std::vector<int> columns) {
  auto scanner = engine.Scan(ScanSpec{.table_id = id, .columns = columns});
  REQUIRE(scanner.ok());
  std::vector<SchemaRow> rows;
  DataChunk chunk;
  while (true) {
    auto more = (*scanner)->Next(chunk);
    REQUIRE(more.ok());
    if (!*more) break;
    for (size_t r = 0; r < chunk.size(); ++r) {
      SchemaRow row{chunk.columns[0].data<int64_t>()[r], std::nullopt, std::nullopt};
      if (!chunk.columns[1].IsNull(r)) std::get<1>(row) = chunk.columns[1].data<int64_t>()[r];
      if (!chunk.columns[2].IsNull(r)) std::get<2>(row) = chunk.columns[2].data<double>()[r];
      rows.push_back(row);
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST_CASE("Merged rows keep what readers saw of added and dropped columns",
          "[merge][engine][schema]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateCpu(*engine, kMicrosPerDay);
  // Two overlapping flushes before the columns exist.
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 100, 0, 2 * kMicrosPerSecond))}).ok());
  REQUIRE(engine->Checkpoint().ok());
  REQUIRE(
      engine->Append(id, {MakeCpuChunk(CpuRows(0, 100, kMicrosPerSecond, 2 * kMicrosPerSecond))})
          .ok());
  REQUIRE(engine->Checkpoint().ok());
  auto add = [&](const std::string& name, TypeId type, std::optional<Value> missing) {
    auto altered =
        engine->AlterTable("cpu", SchemaChange{.kind = SchemaChange::Kind::kAddColumn,
                                               .column = {.name = name,
                                                          .type = DataType::Of(type),
                                                          .missing_value = std::move(missing)}});
    INFO(altered.status().ToString());
    REQUIRE(altered.ok());
  };
  add("extra", TypeId::kInt64, Value::Int64(7));
  // The old usage values must not come back under a re-added column.
  REQUIRE(engine
              ->AlterTable("cpu", SchemaChange{.kind = SchemaChange::Kind::kDropColumn,
                                               .column_name = "usage"})
              .ok());
  add("usage", TypeId::kFloat64, std::nullopt);
  // Columns now: ts, host, extra, usage. A third flush with the new shape.
  DataChunk chunk = MakeCpuChunk(CpuRows(0, 50, kMicrosPerSecond / 2, 4 * kMicrosPerSecond));
  ColumnVector extra(DataType::Of(TypeId::kInt64), chunk.size());
  ColumnVector usage(DataType::Of(TypeId::kFloat64), chunk.size());
  for (size_t r = 0; r < chunk.size(); ++r) {
    extra.data<int64_t>()[r] = 1000 + static_cast<int64_t>(r);
    usage.data<double>()[r] = 0.5;
  }
  extra.SetSize(chunk.size());
  usage.SetSize(chunk.size());
  chunk.columns[2] = std::move(extra);
  chunk.columns.push_back(std::move(usage));
  REQUIRE(engine->Append(id, {chunk}).ok());
  REQUIRE(engine->Checkpoint().ok());

  std::vector<SchemaRow> before = ScanSchemaRows(*engine, id, {0, 2, 3});
  REQUIRE(before.size() == 250);
  REQUIRE(LiveSegments(dir.path(), id).size() == 3);
  REQUIRE(engine->CompactTable(id).ok());
  REQUIRE(LiveSegments(dir.path(), id).size() == 1);
  std::vector<SchemaRow> after = ScanSchemaRows(*engine, id, {0, 2, 3});
  CHECK(after == before);
  size_t defaults = 0;
  for (const SchemaRow& row : after) {
    if (std::get<1>(row) == 7) {
      ++defaults;
      CHECK(!std::get<2>(row).has_value());
    } else {
      CHECK(std::get<2>(row) == 0.5);
    }
  }
  CHECK(defaults == 200);
  // Predicates on the added column match the merged rows as before.
  auto scanner = engine->Scan(
      ScanSpec{.table_id = id,
               .columns = {0},
               .predicates = {ScanPredicate{
                   .column = 2, .op = ScanCompare::kEq, .values = {Value::Int64(7)}}}});
  REQUIRE(scanner.ok());
  CHECK(testing::CountRows(**scanner) == 200);
}

TEST_CASE("A scan opened before a merge reads the replaced segments after it", "[merge][engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateCpu(*engine);
  std::vector<CpuRow> rows = AppendShuffled(*engine, id, 5000, 5);
  auto pinned = engine->Scan(ScanSpec{.table_id = id, .columns = {0, 1, 2}});
  REQUIRE(pinned.ok());
  size_t files_before = SegmentFileCount(dir.path());
  REQUIRE(engine->CompactTable(id).ok());
  REQUIRE(SegmentFileCount(dir.path()) < files_before);
  CHECK(Sorted(ReadCpuRows(**pinned)) == Sorted(rows));
  CHECK(ScanSorted(*engine, id) == Sorted(rows));
}

TEST_CASE("Merged segments survive a restart", "[merge][engine]") {
  sundial::testing::TempDir dir;
  uint32_t id = 0;
  std::vector<CpuRow> rows;
  {
    auto engine = OpenEngine(dir.path());
    id = CreateCpu(*engine);
    rows = AppendShuffled(*engine, id, 6000, 6);
    REQUIRE(engine->CompactTable(id).ok());
  }
  auto engine = OpenEngine(dir.path());
  CHECK(LiveSegments(dir.path(), id).size() == 3);
  CHECK(ScanSorted(*engine, id) == Sorted(rows));
  CHECK(engine->Stats(id)->row_count == 6000);
}

// Merges every segment of the first table of a closed store's manifest into
// files named by no manifest, as a merge that has not been published yet.
Result<std::vector<std::shared_ptr<const SegmentReader>>> MergeClosedTable(
    const std::string& dir, uint64_t row_cap, const std::atomic<bool>& cancel) {
  auto manifest = ReadManifest(FileSystem::Default(), dir);
  REQUIRE(manifest.ok());
  const ManifestData::Table& table = (*manifest)->tables.front();
  std::vector<std::shared_ptr<const SegmentReader>> inputs;
  for (const SegmentMeta& meta : table.segments) {
    auto reader = SegmentReader::Open(
        FileSystem::Default(),
        SegmentPath(dir, meta.table_id, meta.partition_start, meta.file_number), meta);
    REQUIRE(reader.ok());
    inputs.push_back(*reader);
  }
  REQUIRE(inputs.size() == 3);
  uint64_t number = (*manifest)->next_file_number;
  return MergeSegments(
      FileSystem::Default(), dir, table.schema, inputs, row_cap, [&] { return number++; }, cancel);
}

TEST_CASE("Files of a merge interrupted before its switch are deleted on Open",
          "[merge][engine][recovery]") {
  sundial::testing::TempDir dir;
  uint32_t id = 0;
  std::vector<CpuRow> rows;
  {
    auto engine = OpenEngine(dir.path());
    id = CreateCpu(*engine);
    rows = AppendShuffled(*engine, id, 3000, 3, 1);
  }
  // What a merge leaves when the process dies before publishing: its output
  // files, written and fsynced, named by no manifest.
  std::atomic<bool> cancel{false};
  auto outputs = MergeClosedTable(dir.path(), uint64_t{1} << 21, cancel);
  REQUIRE(outputs.ok());
  REQUIRE(outputs->size() == 1);
  const SegmentMeta& leftover = outputs->front()->meta();
  std::string leftover_path =
      SegmentPath(dir.path(), leftover.table_id, leftover.partition_start, leftover.file_number);
  REQUIRE(std::filesystem::exists(leftover_path));
  outputs->clear();

  auto engine = OpenEngine(dir.path());
  CHECK(!std::filesystem::exists(leftover_path));
  CHECK(SegmentFileCount(dir.path()) == 3);
  CHECK(ScanSorted(*engine, id) == Sorted(rows));
}

TEST_CASE("A canceled merge deletes what it wrote", "[merge][engine]") {
  sundial::testing::TempDir dir;
  {
    auto engine = OpenEngine(dir.path());
    uint32_t id = CreateCpu(*engine);
    AppendShuffled(*engine, id, 3000, 3, 1);
  }
  std::atomic<bool> cancel{true};
  auto outputs = MergeClosedTable(dir.path(), 100, cancel);
  CHECK(outputs.status().code() == ErrorCode::kQueryCanceled);
  CHECK(SegmentFileCount(dir.path()) == 3);
}

TEST_CASE("A failed merge leaves its inputs in place and writes go on", "[merge][engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateCpu(*engine, kMicrosPerDay);
  std::vector<CpuRow> rows = AppendShuffled(*engine, id, 2000, 4, 1);
  std::vector<SegmentMeta> before = LiveSegments(dir.path(), id);
  REQUIRE(before.size() == 4);
  // A directory where the merge's output file goes makes writing it fail.
  auto manifest = ReadManifest(FileSystem::Default(), dir.path());
  REQUIRE(manifest.ok());
  std::string blocked = SegmentPath(dir.path(), id, 0, (*manifest)->next_file_number);
  REQUIRE(std::filesystem::create_directory(blocked));

  Status failed = engine->CompactTable(id);
  CHECK(failed.code() == ErrorCode::kIoError);
  CHECK(LiveSegments(dir.path(), id).size() == 4);
  CHECK(SegmentFileCount(dir.path()) == 4);
  CHECK(ScanSorted(*engine, id) == Sorted(rows));
  std::vector<CpuRow> more = CpuRows(0, 10);
  REQUIRE(engine->Append(id, {MakeCpuChunk(more)}).ok());
  REQUIRE(engine->Checkpoint().ok());
  rows.insert(rows.end(), more.begin(), more.end());

  // Retried later, the merge succeeds.
  std::filesystem::remove(blocked);
  REQUIRE(engine->CompactTable(id).ok());
  // The four segments become one; the 10 rows flushed since overlap it but
  // are too few to have 2000 rows rewritten for them.
  CHECK(LiveSegments(dir.path(), id).size() == 2);
  CHECK(ScanSorted(*engine, id) == Sorted(rows));
}

TEST_CASE("TRUNCATE and drop_chunks racing a merge never bring rows back",
          "[merge][engine][truncate]") {
  for (int round = 0; round < 4; ++round) {
    sundial::testing::TempDir dir;
    uint32_t id = 0;
    {
      auto engine = OpenEngine(dir.path());
      id = CreateCpu(*engine);
      AppendShuffled(*engine, id, 8000, 16);
      Status compacted;
      std::thread merger([&] { compacted = engine->CompactTable(id); });
      if (round % 2 == 0) {
        REQUIRE(engine->TruncateTables({"cpu"}).ok());
      } else {
        // Hours 0 and 1 go; hour 2 stays.
        auto dropped = engine->DropPartitions(id, TimeRange{.end = 2 * kMicrosPerHour});
        REQUIRE(dropped.ok());
        CHECK(dropped->size() == 2);
      }
      merger.join();
      INFO(compacted.ToString());
      CHECK(compacted.ok());
      REQUIRE(engine->CompactTable(id).ok());
      for (const CpuRow& row : ScanAll(*engine, id)) {
        CHECK(row.ts >= 2 * kMicrosPerHour);
        CHECK(round % 2 == 1);
      }
    }
    auto engine = OpenEngine(dir.path());
    std::vector<CpuRow> rows = ScanAll(*engine, id);
    for (const CpuRow& row : rows)
      CHECK(row.ts >= 2 * kMicrosPerHour);
    if (round % 2 == 0) CHECK(rows.empty());
    if (round % 2 == 1) CHECK(!rows.empty());
    // No file of an abandoned merge or of a removed segment is left behind.
    CHECK(SegmentFileCount(dir.path()) == LiveSegments(dir.path(), id).size());
  }
}

TEST_CASE("The background thread merges after flushes without being asked", "[merge][engine]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path(), true);
  uint32_t id = CreateCpu(*engine, kMicrosPerDay);
  // Four time-adjacent flushes of one size tier.
  for (int flush = 0; flush < 4; ++flush) {
    REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(flush * 100, flush * 100 + 100))}).ok());
    REQUIRE(engine->Checkpoint().ok());
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (LiveSegments(dir.path(), id).size() > 1 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(LiveSegments(dir.path(), id).size() == 1);
  CHECK(ScanSorted(*engine, id) == Sorted(CpuRows(0, 400)));
  // Appends go on while merges run and after.
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(400, 410))}).ok());
  CHECK(ScanSorted(*engine, id) == Sorted(CpuRows(0, 410)));
}

TEST_CASE("Closing the engine during background merges keeps every row", "[merge][engine]") {
  sundial::testing::TempDir dir;
  uint32_t id = 0;
  std::vector<CpuRow> rows;
  {
    auto engine = OpenEngine(dir.path(), true);
    id = CreateCpu(*engine);
    rows = AppendShuffled(*engine, id, 60000, 6);
    // Destroyed at once: the merges woken by the flushes are canceled or
    // finish; either way the thread is joined.
  }
  {
    auto engine = OpenEngine(dir.path());
    CHECK(ScanSorted(*engine, id) == Sorted(rows));
    CHECK(SegmentFileCount(dir.path()) == LiveSegments(dir.path(), id).size());
    REQUIRE(engine->CompactTable(id).ok());
    // 18 flushed segments; at most the last flush's may wait beside a merged one.
    CHECK(LiveSegments(dir.path(), id).size() <= 6);
    CHECK(ScanSorted(*engine, id) == Sorted(rows));
  }
}

}  // namespace
}  // namespace sundial::ts
