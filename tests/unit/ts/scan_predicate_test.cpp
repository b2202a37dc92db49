#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <map>

#include "support/temp_dir.h"
#include "ts/block_cache.h"
#include "ts/scanner.h"
#include "ts_test_util.h"

using namespace sundial;
using namespace sundial::ts;
using namespace sundial::ts::testing;

namespace {

uint32_t CreateCpu(Engine& engine, int64_t interval = kMicrosPerDay) {
  auto schema = engine.CreateTable(CpuSchema());
  REQUIRE(schema.ok());
  REQUIRE(engine.MakeHypertable("cpu", 0, interval).ok());
  return schema->table_id;
}

struct Scanned {
  std::vector<CpuRow> rows;
  ScanStatistics stats;
};

Scanned ScanWith(Engine& engine, uint32_t id, std::vector<ScanPredicate> predicates,
                 TimeRange range = {}) {
  auto scanner = engine.Scan(ScanSpec{
      .table_id = id, .columns = {0, 1, 2}, .time_range = range, .predicates = predicates});
  REQUIRE(scanner.ok());
  Scanned out;
  DataChunk chunk;
  while (true) {
    auto more = (*scanner)->Next(chunk);
    REQUIRE(more.ok());
    if (!*more) break;
    REQUIRE(chunk.size() > 0);
    for (size_t r = 0; r < chunk.size(); ++r) {
      bool null = chunk.columns[2].IsNull(r);
      out.rows.push_back(CpuRow{.ts = chunk.columns[0].data<int64_t>()[r],
                                .host = std::string(chunk.columns[1].data<std::string_view>()[r]),
                                .usage = null ? 0 : chunk.columns[2].data<double>()[r],
                                .usage_null = null});
    }
  }
  out.stats = static_cast<SegmentTableScanner&>(**scanner).statistics();
  return out;
}

template <typename Keep>
std::vector<CpuRow> Expected(const std::vector<CpuRow>& rows, Keep keep) {
  std::vector<CpuRow> out;
  for (const CpuRow& row : rows) {
    if (keep(row)) out.push_back(row);
  }
  return out;
}

ScanPredicate HostIn(std::vector<std::string> hosts) {
  ScanPredicate p{.column = 1, .op = ScanCompare::kIn};
  for (std::string& h : hosts)
    p.values.push_back(Value::Text(std::move(h)));
  return p;
}

ScanPredicate Usage(ScanCompare op, double v) {
  return ScanPredicate{.column = 2, .op = op, .values = {Value::Float64(v)}};
}

ScanPredicate Ts(ScanCompare op, int64_t v) {
  return ScanPredicate{.column = 0, .op = op, .values = {Value::TimestampTz(v)}};
}

}  // namespace

TEST_CASE("Scan predicates return exactly the matching rows from segments and memtable", "[scan]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateCpu(*engine);
  std::vector<CpuRow> flushed = CpuRows(0, 150000, 0, kMicrosPerSecond / 10);
  std::vector<CpuRow> fresh = CpuRows(150000, 151000, 0, kMicrosPerSecond / 10);
  REQUIRE(engine->Append(id, {MakeCpuChunk(flushed)}).ok());
  REQUIRE(engine->Checkpoint().ok());
  REQUIRE(engine->Append(id, {MakeCpuChunk(fresh)}).ok());
  // As the scan returns them: the segment's rows host by host, then the memtable's.
  std::vector<CpuRow> all = InSegmentOrder(flushed, kMicrosPerDay);
  all.insert(all.end(), fresh.begin(), fresh.end());

  SECTION("text IN on dictionary-coded blocks") {
    auto scanned = ScanWith(*engine, id, {HostIn({"h1", "h3"})});
    CHECK(scanned.rows ==
          Expected(all, [](const CpuRow& r) { return r.host == "h1" || r.host == "h3"; }));
  }
  SECTION("a value outside every block's text bounds reads no block") {
    auto scanned = ScanWith(*engine, id, {HostIn({"nope"})});
    CHECK(scanned.rows.empty());
    CHECK(scanned.stats.groups_filtered == 3);
    CHECK(scanned.stats.blocks_read == 0);
  }
  SECTION("a value inside a block's bounds but absent reads the host block only") {
    // Bounds per row group: [h0, h2], [h2, h4], [h4, h4].
    auto scanned = ScanWith(*engine, id, {HostIn({"h35"})});
    CHECK(scanned.rows.empty());
    CHECK(scanned.stats.groups_filtered == 3);
    CHECK(scanned.stats.blocks_read == 1);
  }
  SECTION("one host reads only the row groups holding its rows") {
    // 30000 rows per host: h0 and h1 fill most of row group 0.
    auto scanned = ScanWith(*engine, id, {HostIn({"h1"})});
    CHECK(scanned.rows == Expected(all, [](const CpuRow& r) { return r.host == "h1"; }));
    CHECK(scanned.stats.groups_filtered == 2);
  }
  SECTION("float comparison skips NULLs") {
    auto scanned = ScanWith(*engine, id, {Usage(ScanCompare::kLt, 1000.0)});
    CHECK(scanned.rows ==
          Expected(all, [](const CpuRow& r) { return !r.usage_null && r.usage < 1000.0; }));
    // Usage grows with time, so only the start of each host's run matches:
    // row group 2 holds the end of h4's run, its minimum above the bound.
    CHECK(scanned.stats.groups_filtered == 1);
  }
  SECTION("time bounds and a host combine") {
    auto scanned = ScanWith(
        *engine, id,
        {Ts(ScanCompare::kGe, 1000 * kMicrosPerSecond),
         Ts(ScanCompare::kLt, 1100 * kMicrosPerSecond),
         ScanPredicate{.column = 1, .op = ScanCompare::kEq, .values = {Value::Text("h2")}}},
        TimeRange{.begin = 1000 * kMicrosPerSecond, .end = 1100 * kMicrosPerSecond});
    auto expected = Expected(all, [](const CpuRow& r) {
      return r.ts >= 1000 * kMicrosPerSecond && r.ts < 1100 * kMicrosPerSecond && r.host == "h2";
    });
    CHECK(scanned.rows.size() == 200);
    CHECK(scanned.rows == expected);
  }
  SECTION("memtable rows are filtered too") {
    auto scanned = ScanWith(*engine, id, {Ts(ScanCompare::kGe, 15000 * kMicrosPerSecond)});
    CHECK(scanned.rows == fresh);
  }
}

TEST_CASE("Float scan predicates order NaN above every number like PostgreSQL", "[scan]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateCpu(*engine);
  double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<CpuRow> rows = {{.ts = 1, .host = "a", .usage = 1.0},
                              {.ts = 2, .host = "a", .usage = nan},
                              {.ts = 3, .host = "a", .usage = 100.0}};
  REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
  REQUIRE(engine->Checkpoint().ok());
  auto timestamps = [](const Scanned& s) {
    std::vector<int64_t> out;
    for (const CpuRow& r : s.rows)
      out.push_back(r.ts);
    return out;
  };
  CHECK(timestamps(ScanWith(*engine, id, {Usage(ScanCompare::kGt, 50.0)})) ==
        std::vector<int64_t>{2, 3});
  CHECK(timestamps(ScanWith(*engine, id, {Usage(ScanCompare::kLt, 50.0)})) ==
        std::vector<int64_t>{1});
  CHECK(timestamps(ScanWith(*engine, id, {Usage(ScanCompare::kEq, 100.0)})) ==
        std::vector<int64_t>{3});
}

TEST_CASE("Scan predicates the store cannot evaluate fail the scan", "[scan]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateCpu(*engine);
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 10))}).ok());
  auto scanner = engine->Scan(
      ScanSpec{.table_id = id,
               .columns = {1},
               .predicates = {ScanPredicate{
                   .column = 1, .op = ScanCompare::kLt, .values = {Value::Text("h2")}}}});
  REQUIRE(scanner.ok());
  DataChunk chunk;
  CHECK((*scanner)->Next(chunk).status().code() == ErrorCode::kFeatureNotSupported);
}

TEST_CASE("Repeated scans are served from the block cache", "[scan]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateCpu(*engine);
  std::vector<CpuRow> rows = InSegmentOrder(CpuRows(0, 1000), kMicrosPerDay);
  REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
  REQUIRE(engine->Checkpoint().ok());
  CHECK(ScanAll(*engine, id) == rows);
  size_t cached = BlockCache::Shared().bytes();
  CHECK(cached > 0);
  CHECK(ScanAll(*engine, id) == rows);
  CHECK(BlockCache::Shared().bytes() == cached);
}

TEST_CASE("The block cache evicts the least recently used blocks beyond its capacity", "[scan]") {
  BlockCache cache(3 * 1024);
  auto block = [] {
    auto b = std::make_shared<DecodedBlock>();
    b->Reset(TypeId::kInt64, 128);  // 1 KiB of values
    return std::shared_ptr<const DecodedBlock>(std::move(b));
  };
  for (uint64_t i = 0; i < 3; ++i)
    cache.Insert({.reader_id = 1, .block_offset = i}, block());
  CHECK(cache.Find({.reader_id = 1, .block_offset = 0}) != nullptr);  // now most recent
  cache.Insert({.reader_id = 1, .block_offset = 3}, block());
  CHECK(cache.Find({.reader_id = 1, .block_offset = 1}) == nullptr);
  CHECK(cache.Find({.reader_id = 1, .block_offset = 0}) != nullptr);
  CHECK(cache.Find({.reader_id = 1, .block_offset = 3}) != nullptr);
  CHECK(cache.bytes() <= 3 * 1024);
  // A smaller capacity (--block-cache-mb) evicts down to it at once.
  cache.SetCapacity(1024 + 512);
  CHECK(cache.bytes() <= 1024 + 512);
  CHECK(cache.Find({.reader_id = 1, .block_offset = 3}) != nullptr);
  CHECK(cache.Find({.reader_id = 1, .block_offset = 0}) == nullptr);
}

TEST_CASE("A newest-per-value scan keeps every value's newest row and skips older row groups",
          "[scan]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateCpu(*engine, 365 * kMicrosPerDay);
  // Five hosts in two segments (100000 and 50000 rows); "late" is only in
  // the memtable, with an old timestamp. Stored host by host, each segment
  // keeps its hosts' newest rows in a summary that the scan reads instead of
  // the rows; without a segment-by the rows are in time order, unsummarized.
  bool with_early = GENERATE(false, true);
  bool by_host = GENERATE(true, false);
  if (!by_host) {
    SchemaChange no_segment_by{.kind = SchemaChange::Kind::kSetSegmentOrder,
                               .sets_segment_by = true,
                               .segment_by = std::vector<uint32_t>{}};
    REQUIRE(engine->AlterTable("cpu", no_segment_by).ok());
  }
  std::vector<CpuRow> rows = CpuRows(0, 150000, 0, kMicrosPerSecond);
  if (with_early) rows[3] = CpuRow{.ts = rows[3].ts, .host = "early", .usage = 7};
  REQUIRE(engine->Append(id, {MakeCpuChunk({rows.begin(), rows.begin() + 100000})}).ok());
  REQUIRE(engine->Checkpoint().ok());
  REQUIRE(engine->Append(id, {MakeCpuChunk({rows.begin() + 100000, rows.end()})}).ok());
  REQUIRE(engine->Checkpoint().ok());
  REQUIRE(engine->Append(id, {MakeCpuChunk({CpuRow{.ts = 5, .host = "late", .usage = 9}})}).ok());

  auto scanner = engine->Scan(ScanSpec{.table_id = id, .columns = {0, 1}, .latest_per_column = 1});
  REQUIRE(scanner.ok());
  std::map<std::string, int64_t> newest;
  size_t returned = 0;
  DataChunk chunk;
  while (*(*scanner)->Next(chunk)) {
    for (size_t r = 0; r < chunk.size(); ++r) {
      std::string host(chunk.columns[1].data<std::string_view>()[r]);
      int64_t ts = chunk.columns[0].data<int64_t>()[r];
      newest[host] = std::max(newest.count(host) ? newest[host] : ts, ts);
      ++returned;
    }
  }
  std::map<std::string, int64_t> expected{{"late", 5}};
  if (with_early) expected["early"] = 3 * kMicrosPerSecond;
  for (int h = 0; h < 5; ++h) {
    int64_t last = 149999;
    while (last % 5 != h)
      --last;
    expected["h" + std::to_string(h)] = last * kMicrosPerSecond;
  }
  CHECK(newest == expected);
  if (by_host) {
    // One summary row per host and segment; without "early" the oldest
    // segment's are all older than the newest segment's oldest.
    CHECK(returned == (with_early ? 6 + 5 + 1 : 5 + 1));
  } else {
    // Without "early" only the newest segment (and the memtable) is read; a
    // value seen only in the oldest segment keeps everything from there on.
    CHECK(returned == (with_early ? 150001 : 50000 + 1));
  }
}
