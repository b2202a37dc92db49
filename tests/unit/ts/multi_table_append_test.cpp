#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "support/fault_injecting_file_system.h"
#include "support/temp_dir.h"
#include "ts/filenames.h"
#include "ts/wal_format.h"
#include "ts/wal_group.h"
#include "ts_test_util.h"

// Engine::AppendTables: the rows of several tables as one WAL group, applied
// on replay completely or not at all, failing as a whole, and published to
// readers at one instant.

namespace sundial::ts {
namespace {

using namespace testing;
using sundial::testing::FaultInjectingFileSystem;
using Op = FaultInjectingFileSystem::Op;

// Two hypertables "a" and "b" (CpuSchema, hourly partitions) in a store of
// its own.
struct TwoTables {
  explicit TwoTables(EngineOptions extra = {}) {
    options = extra;
    options.data_dir = dir.path();
    options.background_merge = false;
    engine = OpenOrFail(options);
    a = CreateCpuHypertable(*engine, kMicrosPerHour, "a");
    b = CreateCpuHypertable(*engine, kMicrosPerHour, "b");
  }

  // Appends rows [a_begin, a_end) to a and [b_begin, b_end) to b in one call.
  Status AppendBoth(int64_t a_begin, int64_t a_end, int64_t b_begin, int64_t b_end) {
    std::vector<DataChunk> a_chunks = {MakeCpuChunk(CpuRows(a_begin, a_end))};
    std::vector<DataChunk> b_chunks = {MakeCpuChunk(CpuRows(b_begin, b_end))};
    return engine->AppendTables(
        {{.table_id = a, .chunks = a_chunks}, {.table_id = b, .chunks = b_chunks}});
  }

  void Reopen() {
    engine.reset();
    engine = OpenOrFail(options);
  }

  sundial::testing::TempDir dir;
  EngineOptions options;
  std::unique_ptr<Engine> engine;
  uint32_t a = 0;
  uint32_t b = 0;
};

std::vector<CpuRow> Sorted(std::vector<CpuRow> rows) {
  std::sort(rows.begin(), rows.end(), [](const CpuRow& x, const CpuRow& y) {
    return std::tie(x.ts, x.host, x.usage, x.usage_null) <
           std::tie(y.ts, y.host, y.usage, y.usage_null);
  });
  return rows;
}

std::vector<CpuRow> Scan(Engine& engine, uint32_t table_id) {
  return Sorted(ScanAll(engine, table_id));
}

std::vector<CpuRow> Concat(std::vector<CpuRow> first, const std::vector<CpuRow>& second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

// The WAL file appends go to: the highest-numbered one.
std::string LastWalFile(const std::string& dir) {
  std::string last;
  for (const auto& entry : std::filesystem::directory_iterator(WalDirectory(dir))) {
    if (last.empty() || entry.path().string() > last) last = entry.path().string();
  }
  REQUIRE_FALSE(last.empty());
  return last;
}

void AppendToFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

TEST_CASE("Rows appended to several tables in one call all replay after a restart",
          "[engine][wal][atomic]") {
  TwoTables store;
  REQUIRE_OK(store.AppendBoth(0, 50, 100, 130));
  REQUIRE_OK(store.engine->Append(store.a, {MakeCpuChunk(CpuRows(50, 60))}));
  CHECK(Scan(*store.engine, store.a) == Sorted(CpuRows(0, 60)));
  CHECK(Scan(*store.engine, store.b) == Sorted(CpuRows(100, 130)));
  store.Reopen();
  CHECK(Scan(*store.engine, store.a) == Sorted(CpuRows(0, 60)));
  CHECK(Scan(*store.engine, store.b) == Sorted(CpuRows(100, 130)));
  // Tables without rows in a call are left out of its group.
  REQUIRE_OK(store.AppendBoth(60, 60, 130, 140));
  // A table named twice gets both parts, in call order.
  std::vector<DataChunk> first = {MakeCpuChunk(CpuRows(60, 65))};
  std::vector<DataChunk> second = {MakeCpuChunk(CpuRows(65, 70))};
  REQUIRE_OK(store.engine->AppendTables(
      {{.table_id = store.a, .chunks = first}, {.table_id = store.a, .chunks = second}}));
  CHECK(ScanAll(*store.engine, store.a).back() == CpuRows(69, 70).front());
  store.Reopen();
  CHECK(Scan(*store.engine, store.a) == Sorted(CpuRows(0, 70)));
  CHECK(Scan(*store.engine, store.b) == Sorted(CpuRows(100, 140)));
}

TEST_CASE("A group torn anywhere, even after its first table's rows, applies to no table",
          "[engine][wal][atomic]") {
  // Framed in small fragments, so the cuts below fall after a's rows are
  // complete in the file but before b's.
  std::vector<DataChunk> a_rows = {MakeCpuChunk(CpuRows(5, 200))};
  std::vector<DataChunk> b_rows = {MakeCpuChunk(CpuRows(0, 200))};
  std::string payload;
  EncodeWalGroup({{.table_id = 1, .chunks = a_rows}, {.table_id = 2, .chunks = b_rows}}, payload);
  std::string group;
  FrameWalGroup(payload, group, 1000);
  // a's part ends where a group of a alone ends; in the file each 1000
  // payload bytes have a record header before them.
  std::string a_alone;
  EncodeWalGroup({{.table_id = 1, .chunks = a_rows}}, a_alone);
  REQUIRE(a_alone.size() + 2000 < payload.size());
  size_t a_end_in_file = a_alone.size() + (a_alone.size() / 1000 + 1) * wal::kHeaderSize;

  for (size_t keep : {a_end_in_file + 10, group.size() / 2 + 100, group.size() - 1}) {
    INFO("bytes of the group kept: " << keep);
    TwoTables store;
    REQUIRE(store.a == 1);
    REQUIRE(store.b == 2);
    REQUIRE_OK(store.engine->Append(store.a, {MakeCpuChunk(CpuRows(0, 5))}));
    store.engine.reset();
    AppendToFile(LastWalFile(store.dir.path()), std::string_view(group).substr(0, keep));

    store.Reopen();
    CHECK(Scan(*store.engine, store.a) == Sorted(CpuRows(0, 5)));
    CHECK(Scan(*store.engine, store.b).empty());
    // The torn group was cut off: what follows is not behind damage.
    REQUIRE_OK(store.AppendBoth(300, 310, 300, 320));
    store.Reopen();
    CHECK(Scan(*store.engine, store.a) == Sorted(Concat(CpuRows(0, 5), CpuRows(300, 310))));
    CHECK(Scan(*store.engine, store.b) == Sorted(CpuRows(300, 320)));
  }
}

TEST_CASE("WAL groups in the single-table layout of earlier versions still replay",
          "[engine][wal][atomic]") {
  TwoTables store;
  REQUIRE_OK(store.engine->Append(store.a, {MakeCpuChunk(CpuRows(0, 10))}));
  store.engine.reset();
  // The earlier layout is the current one's only table part without the
  // marker and the table count before it.
  std::vector<DataChunk> rows = {MakeCpuChunk(CpuRows(10, 40))};
  std::string payload;
  EncodeWalGroup({{.table_id = store.b, .chunks = rows}}, payload);
  std::string old_layout = payload.substr(8);
  std::string framed;
  FrameWalGroup(old_layout, framed);
  AppendToFile(LastWalFile(store.dir.path()), framed);

  store.Reopen();
  CHECK(Scan(*store.engine, store.a) == Sorted(CpuRows(0, 10)));
  CHECK(Scan(*store.engine, store.b) == Sorted(CpuRows(10, 40)));
  // Both layouts in one WAL file, and a checkpoint of what they replayed.
  REQUIRE_OK(store.AppendBoth(10, 20, 40, 50));
  store.Reopen();
  REQUIRE_OK(store.engine->Checkpoint());
  store.Reopen();
  CHECK(Scan(*store.engine, store.a) == Sorted(CpuRows(0, 20)));
  CHECK(Scan(*store.engine, store.b) == Sorted(CpuRows(10, 50)));
}

TEST_CASE("A group naming a dropped table replays the other tables' rows",
          "[engine][wal][atomic]") {
  TwoTables store;
  REQUIRE_OK(store.AppendBoth(0, 30, 0, 40));
  REQUIRE_OK(store.engine->DropTable("b"));
  uint32_t c = CreateCpuHypertable(*store.engine, kMicrosPerHour, "c");
  CHECK(c != store.b);
  store.Reopen();
  CHECK(Scan(*store.engine, store.a) == Sorted(CpuRows(0, 30)));
  CHECK_FALSE(store.engine->FindTable("b").has_value());
  CHECK(Scan(*store.engine, c).empty());
}

TEST_CASE("An append whose rows do not fit one of its tables changes no table",
          "[engine][atomic]") {
  TwoTables store;
  REQUIRE_OK(store.AppendBoth(0, 10, 0, 10));
  std::vector<DataChunk> good = {MakeCpuChunk(CpuRows(10, 20))};
  // b's chunk lacks the usage column.
  DataChunk narrow = MakeCpuChunk(CpuRows(10, 20));
  narrow.columns.pop_back();
  std::vector<DataChunk> bad;
  bad.push_back(std::move(narrow));
  Status status = store.engine->AppendTables(
      {{.table_id = store.a, .chunks = good}, {.table_id = store.b, .chunks = bad}});
  CHECK_FALSE(status.ok());
  status = store.engine->AppendTables(
      {{.table_id = store.a, .chunks = good}, {.table_id = 999, .chunks = good}});
  CHECK(status.code() == ErrorCode::kUndefinedTable);
  CHECK(Scan(*store.engine, store.a) == Sorted(CpuRows(0, 10)));
  CHECK(Scan(*store.engine, store.b) == Sorted(CpuRows(0, 10)));
  store.Reopen();
  CHECK(Scan(*store.engine, store.a) == Sorted(CpuRows(0, 10)));
  CHECK(Scan(*store.engine, store.b) == Sorted(CpuRows(0, 10)));
}

TEST_CASE("A WAL fault during a multi-table append changes no table; later appends work",
          "[engine][faults][atomic]") {
  struct Case {
    const char* name;
    Op op;
    int error;
    bool torn;
  };
  for (const Case& c :
       {Case{"write", Op::kWrite, ENOSPC, false}, Case{"torn write", Op::kWrite, EIO, true},
        Case{"fsync", Op::kSync, EIO, false}}) {
    INFO("failing WAL " << c.name);
    FaultInjectingFileSystem fs;
    TwoTables store(EngineOptions{.file_system = &fs});
    REQUIRE_OK(store.AppendBoth(0, 100, 0, 50));
    fs.Inject({.op = c.op,
               .path_contains = store.dir.path() + "/wal/",
               .error = c.error,
               .once = true,
               .torn = c.torn});
    Status failed = store.AppendBoth(100, 300, 50, 250);
    CHECK(failed.code() == (c.error == ENOSPC ? ErrorCode::kDiskFull : ErrorCode::kIoError));
    CHECK(Scan(*store.engine, store.a) == Sorted(CpuRows(0, 100)));
    CHECK(Scan(*store.engine, store.b) == Sorted(CpuRows(0, 50)));

    REQUIRE_OK(store.AppendBoth(300, 310, 250, 260));
    std::vector<CpuRow> a_rows = Sorted(Concat(CpuRows(0, 100), CpuRows(300, 310)));
    std::vector<CpuRow> b_rows = Sorted(Concat(CpuRows(0, 50), CpuRows(250, 260)));
    CHECK(Scan(*store.engine, store.a) == a_rows);
    CHECK(Scan(*store.engine, store.b) == b_rows);

    // A power loss keeps exactly the acknowledged commits.
    store.engine.reset();
    fs.ClearFaults();
    REQUIRE_OK(fs.Crash());
    store.engine = OpenOrFail(store.options);
    CHECK(Scan(*store.engine, store.a) == a_rows);
    CHECK(Scan(*store.engine, store.b) == b_rows);
  }
}

TEST_CASE("Multi-table appends through many flushes keep every row exactly once",
          "[engine][flush][atomic]") {
  // Every few appends fill the memtable: freezes, flushes and writers
  // waiting for them all happen between multi-table groups.
  TwoTables store(EngineOptions{.memtable_flush_bytes = 16 << 10});
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int t = 0; t < 3; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        int64_t base = (t * 40 + i) * 100;
        if (!store.AppendBoth(base, base + 100, base, base + 50).ok()) ++failures;
      }
    });
  }
  for (std::thread& writer : writers)
    writer.join();
  CHECK(failures == 0);
  std::vector<CpuRow> a_rows;
  std::vector<CpuRow> b_rows;
  for (int64_t base = 0; base < 120 * 100; base += 100) {
    a_rows = Concat(std::move(a_rows), CpuRows(base, base + 100));
    b_rows = Concat(std::move(b_rows), CpuRows(base, base + 50));
  }
  CHECK(Scan(*store.engine, store.a) == Sorted(a_rows));
  CHECK(Scan(*store.engine, store.b) == Sorted(b_rows));
  store.Reopen();
  CHECK(Scan(*store.engine, store.a) == Sorted(a_rows));
  CHECK(Scan(*store.engine, store.b) == Sorted(b_rows));
}

TEST_CASE("A reader scanning one table after the other never sees half of a multi-table append",
          "[engine][atomic]") {
  TwoTables store;
  constexpr int kAppends = 300;
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::thread writer([&] {
    for (int i = 0; i < kAppends; ++i) {
      if (!store.AppendBoth(i, i + 1, i, i + 1).ok()) ++failures;
    }
    done = true;
  });
  auto count = [&](uint32_t table_id) {
    auto scanner = store.engine->Scan(ScanSpec{.table_id = table_id});
    REQUIRE(scanner.ok());
    return CountRows(**scanner);
  };
  int observations = 0;
  int halves_seen = 0;
  while (!done || observations == 0) {
    // Every append a scan of a saw had reached b too when b was scanned.
    size_t a_first = count(store.a);
    size_t b_then = count(store.b);
    if (b_then < a_first) ++halves_seen;
    ++observations;
  }
  CHECK(halves_seen == 0);
  writer.join();
  CHECK(failures == 0);
  CHECK(count(store.a) == kAppends);
  CHECK(count(store.b) == kAppends);
}

}  // namespace
}  // namespace sundial::ts
