#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <set>
#include <thread>
#include <tuple>

#include "faulty_cpu_store.h"
#include "support/fault_injecting_file_system.h"
#include "support/temp_dir.h"
#include "ts/filenames.h"
#include "ts/manifest.h"
#include "ts_test_util.h"

// Engine::ReplaceRows, the store side of UPDATE: the rows a replacer picks
// are marked deleted and their new versions, with any rows added, written
// as new segments, all published by one manifest switch.

namespace sundial::ts {
namespace {

using namespace testing;
using sundial::testing::FaultInjectingFileSystem;
using Op = FaultInjectingFileSystem::Op;

// Above every usage CpuRows gives.
constexpr double kNewUsage = 100000;

// A new host name and usage, with NULL usage turned into a value and some
// values into NULL, so that a string column and nulls change too.
CpuRow Renamed(const CpuRow& row) {
  CpuRow changed = row;
  changed.host = row.host + "-new";
  if (row.usage_null) {
    changed = CpuRow{.ts = row.ts, .host = changed.host, .usage = -1};
  } else if (static_cast<int64_t>(row.usage * 2) % 11 == 0) {
    changed.usage = 0;
    changed.usage_null = true;
  } else {
    changed.usage = row.usage + kNewUsage;
  }
  return changed;
}

uint64_t ReplaceOrFail(Engine& engine, const ScanSpec& spec, const RowReplacer& replacer,
                       std::vector<DataChunk> added = {}) {
  Result<uint64_t> replaced = engine.ReplaceRows(spec, replacer, std::move(added));
  INFO(replaced.status().ToString());
  REQUIRE(replaced.ok());
  return *replaced;
}

// Every way of reading the table and counting its rows gives `expected`.
void CheckRows(Engine& engine, uint32_t table_id, const std::vector<CpuRow>& expected) {
  CHECK(SortedCpuRows(ScanAll(engine, table_id)) == expected);
  CHECK(ReadMorsels(engine, table_id) == expected);
  auto stats = engine.Stats(table_id);
  REQUIRE(stats.ok());
  CHECK(stats->row_count == expected.size());
  auto partitions = engine.ListPartitionStats(table_id);
  REQUIRE(partitions.ok());
  uint64_t partition_rows = 0;
  for (const auto& partition : *partitions)
    partition_rows += partition.row_count;
  CHECK(partition_rows == expected.size());
}

std::vector<CpuRow> ScanWhere(Engine& engine, uint32_t table_id, ScanPredicate predicate) {
  ScanSpec spec = AllColumns(table_id);
  spec.predicates = {std::move(predicate)};
  auto scanner = engine.Scan(spec);
  REQUIRE(scanner.ok());
  return SortedCpuRows(ReadCpuRows(**scanner));
}

size_t EmptyPartitionDirectories(const std::string& dir) {
  size_t empty = 0;
  for (const auto& table : std::filesystem::directory_iterator(dir + "/tables")) {
    for (const auto& partition : std::filesystem::directory_iterator(table.path())) {
      if (partition.is_directory() && std::filesystem::is_empty(partition.path())) ++empty;
    }
  }
  return empty;
}

bool IsH2(const CpuRow& row) {
  return row.host == "h2";
}

TEST_CASE("Replacing rows changes exactly those rows, in segments and in memtables",
          "[engine][update]") {
  sundial::testing::TempDir dir;
  auto engine = OpenQuiet(dir.path());
  uint32_t id = CreateCpuHypertable(*engine);
  // Three hourly partitions in segments, then memtable rows both in a
  // partition that has segments and in a new one.
  std::vector<CpuRow> rows = CpuRows(0, 3 * 3600, 0, kMicrosPerSecond);
  REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
  REQUIRE(engine->Checkpoint().ok());
  std::vector<CpuRow> unflushed = CpuRows(0, 600, kMicrosPerHour + kMicrosPerSecond / 2);
  for (const CpuRow& row : CpuRows(3 * 3600, 3 * 3600 + 900))
    unflushed.push_back(row);
  REQUIRE(engine->Append(id, {MakeCpuChunk(unflushed)}).ok());
  rows.insert(rows.end(), unflushed.begin(), unflushed.end());

  uint64_t replaced = ReplaceOrFail(*engine, AllColumns(id), Replacing(IsH2, Renamed));
  CHECK(replaced == CountOf(rows, IsH2));
  std::vector<CpuRow> expected = Replaced(rows, IsH2, Renamed);
  CheckRows(*engine, id, expected);
  // The new segments' block statistics and dictionaries agree with their
  // rows: predicates on the changed column find the new values only.
  CHECK(ScanWhere(*engine, id, {.column = 1, .op = ScanCompare::kEq, .values = {Value::Text("h2")}})
            .empty());
  std::vector<CpuRow> renamed;
  for (const CpuRow& row : rows) {
    if (IsH2(row)) renamed.push_back(Renamed(row));
  }
  CHECK(ScanWhere(*engine, id,
                  {.column = 1, .op = ScanCompare::kEq, .values = {Value::Text("h2-new")}}) ==
        SortedCpuRows(renamed));
  std::vector<CpuRow> high = SortedCpuRows(renamed);
  std::erase_if(high, [](const CpuRow& row) { return row.usage_null || row.usage < kNewUsage; });
  CHECK(ScanWhere(*engine, id,
                  {.column = 2, .op = ScanCompare::kGe, .values = {Value::Float64(kNewUsage)}}) ==
        high);
  CHECK(Partitions(*engine, id) ==
        std::vector<int64_t>{0, kMicrosPerHour, 2 * kMicrosPerHour, 3 * kMicrosPerHour});
}

TEST_CASE("A replacement that changes a row's time moves it to its new partition",
          "[engine][update]") {
  sundial::testing::TempDir dir;
  auto engine = OpenQuiet(dir.path());
  uint32_t id = CreateCpuHypertable(*engine);
  std::vector<CpuRow> rows = CpuRows(0, 3 * 3600, 0, kMicrosPerSecond);
  REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
  REQUIRE(engine->Checkpoint().ok());

  // The first hour's h1 rows go to a partition that does not exist yet, its
  // h3 rows to the third hour's.
  auto moved = [](const CpuRow& row) {
    return row.ts < kMicrosPerHour && (row.host == "h1" || row.host == "h3");
  };
  auto later = [](const CpuRow& row) {
    CpuRow changed = row;
    changed.ts += (row.host == "h1" ? 5 : 2) * kMicrosPerHour;
    return changed;
  };
  ScanSpec first_hour = AllColumns(id);
  first_hour.time_range = {.begin = 0, .end = kMicrosPerHour};
  CHECK(ReplaceOrFail(*engine, first_hour, Replacing(moved, later)) == CountOf(rows, moved));
  std::vector<CpuRow> expected = Replaced(rows, moved, later);
  CheckRows(*engine, id, expected);
  CHECK(Partitions(*engine, id) ==
        std::vector<int64_t>{0, kMicrosPerHour, 2 * kMicrosPerHour, 5 * kMicrosPerHour});

  auto in_hour = [&](int64_t hour) {
    std::vector<CpuRow> found = SortedCpuRows(
        ScanAll(*engine, id, {.begin = hour * kMicrosPerHour, .end = (hour + 1) * kMicrosPerHour}));
    std::erase_if(found, [&](const CpuRow& row) {
      return row.ts < hour * kMicrosPerHour || row.ts >= (hour + 1) * kMicrosPerHour;
    });
    return found;
  };
  auto expected_in_hour = [&](int64_t hour) {
    std::vector<CpuRow> found = expected;
    std::erase_if(found, [&](const CpuRow& row) {
      return row.ts < hour * kMicrosPerHour || row.ts >= (hour + 1) * kMicrosPerHour;
    });
    return found;
  };
  for (int64_t hour : {0, 2, 5})
    CHECK(in_hour(hour) == expected_in_hour(hour));
  CHECK(in_hour(5).size() == CountOf(rows, [](const CpuRow& row) {
          return row.ts < kMicrosPerHour && row.host == "h1";
        }));
  for (const CpuRow& row : in_hour(0))
    CHECK((row.host != "h1" && row.host != "h3"));

  // Moving every row of a partition away leaves it out of the list.
  auto second_hour = [](const CpuRow& row) {
    return row.ts >= kMicrosPerHour && row.ts < 2 * kMicrosPerHour;
  };
  auto to_hour_seven = [](const CpuRow& row) {
    CpuRow changed = row;
    changed.ts += 6 * kMicrosPerHour;
    return changed;
  };
  CHECK(ReplaceOrFail(*engine, AllColumns(id), Replacing(second_hour, to_hour_seven)) == 3600);
  expected = Replaced(expected, second_hour, to_hour_seven);
  CheckRows(*engine, id, expected);
  CHECK(Partitions(*engine, id) ==
        std::vector<int64_t>{0, 2 * kMicrosPerHour, 5 * kMicrosPerHour, 7 * kMicrosPerHour});

  engine.reset();
  engine = OpenQuiet(dir.path());
  CheckRows(*engine, id, expected);
  CHECK(Partitions(*engine, id) ==
        std::vector<int64_t>{0, 2 * kMicrosPerHour, 5 * kMicrosPerHour, 7 * kMicrosPerHour});
  CHECK(TableFiles(dir.path()) == ManifestFiles(dir.path()));
  CHECK(EmptyPartitionDirectories(dir.path()) == 0);
}

TEST_CASE("Replaced rows stay replaced across restarts, checkpoints and merges",
          "[engine][update][merge]") {
  sundial::testing::TempDir dir;
  // Two hosts of five: the new segments are large enough beside the old
  // ones for the merge policy to merge them (and fold the markers in).
  auto picked = [](const CpuRow& row) { return row.host == "h2" || row.host == "h3"; };
  std::vector<CpuRow> rows = CpuRows(0, 3 * 3600, 0, kMicrosPerSecond);
  std::vector<CpuRow> expected;
  uint32_t id = 0;
  {
    auto engine = OpenQuiet(dir.path());
    id = CreateCpuHypertable(*engine);
    REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
    REQUIRE(engine->Checkpoint().ok());
    // Rows only in the WAL and the memtable: replay after the restart must
    // not bring back their old versions.
    std::vector<CpuRow> unflushed = CpuRows(0, 500, 2 * kMicrosPerHour + kMicrosPerSecond / 2);
    REQUIRE(engine->Append(id, {MakeCpuChunk(unflushed)}).ok());
    rows.insert(rows.end(), unflushed.begin(), unflushed.end());
    CHECK(ReplaceOrFail(*engine, AllColumns(id), Replacing(picked, Renamed)) ==
          CountOf(rows, picked));
    expected = Replaced(rows, picked, Renamed);
    // Appends made after the update are kept as well.
    std::vector<CpuRow> after = CpuRows(0, 50, 4 * kMicrosPerHour);
    REQUIRE(engine->Append(id, {MakeCpuChunk(after)}).ok());
    expected.insert(expected.end(), after.begin(), after.end());
    expected = SortedCpuRows(expected);
  }
  {
    auto engine = OpenQuiet(dir.path());
    CheckRows(*engine, id, expected);
    // Updating rows an earlier update wrote replaces them once more.
    auto renamed = [](const CpuRow& row) { return row.host.ends_with("-new"); };
    auto again = [](const CpuRow& row) {
      CpuRow changed = row;
      changed.host += "-again";
      return changed;
    };
    CHECK(ReplaceOrFail(*engine, AllColumns(id), Replacing(renamed, again)) ==
          CountOf(rows, picked));
    expected = Replaced(expected, renamed, again);
    CheckRows(*engine, id, expected);
    REQUIRE(engine->CompactTable(id).ok());
    CheckRows(*engine, id, expected);
    CHECK(FilesEndingWith(dir.path(), ".del") == 0);
  }
  // With background merges on, a checkpoint merges what the updates wrote.
  auto engine = OpenEngine(dir.path());
  REQUIRE(engine->Checkpoint().ok());
  CheckRows(*engine, id, expected);
  engine.reset();
  engine = OpenQuiet(dir.path());
  CheckRows(*engine, id, expected);
  CHECK(TableFiles(dir.path()) == ManifestFiles(dir.path()));
}

TEST_CASE("Scans see all rows old or all rows new while an update runs", "[engine][update]") {
  sundial::testing::TempDir dir;
  auto engine = OpenQuiet(dir.path());
  uint32_t id = CreateCpuHypertable(*engine);
  std::vector<CpuRow> rows = CpuRows(0, 3 * 3600, 0, kMicrosPerSecond);
  REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
  REQUIRE(engine->Checkpoint().ok());
  const uint64_t picked = CountOf(rows, IsH2);

  auto before = engine->Scan(AllColumns(id));
  REQUIRE(before.ok());
  // Catch's assertions are not thread-safe: the reader only counts.
  std::atomic<bool> done{false};
  std::atomic<int> scans{0};
  std::atomic<int> torn_scans{0};
  std::thread reader([&] {
    while (!done.load()) {
      auto scanner = engine->Scan(AllColumns(id));
      if (!scanner.ok()) {
        ++torn_scans;
        continue;
      }
      uint64_t total = 0;
      uint64_t old_rows = 0;
      uint64_t new_rows = 0;
      DataChunk chunk;
      while (true) {
        auto more = (*scanner)->Next(chunk);
        if (!more.ok()) {
          ++torn_scans;
          break;
        }
        if (!*more) break;
        for (size_t r = 0; r < chunk.size(); ++r) {
          std::string_view host = chunk.columns[1].data<std::string_view>()[r];
          old_rows += host == "h2";
          new_rows += host == "h2-new";
        }
        total += chunk.size();
      }
      bool whole = total == rows.size() &&
                   ((old_rows == picked && new_rows == 0) || (old_rows == 0 && new_rows == picked));
      if (!whole) ++torn_scans;
      ++scans;
    }
  });
  RowReplacer slow = [inner = Replacing(IsH2, Renamed)](const DataChunk& chunk,
                                                        std::vector<uint8_t>& matches,
                                                        std::vector<DataChunk>& replacements) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return inner(chunk, matches, replacements);
  };
  Result<uint64_t> replaced = engine->ReplaceRows(AllColumns(id), slow, {});
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  done = true;
  reader.join();
  REQUIRE(replaced.ok());
  CHECK(*replaced == picked);
  CHECK(scans.load() > 0);
  CHECK(torn_scans.load() == 0);
  // A scan opened before the update reads the rows as they were.
  CHECK(SortedCpuRows(ReadCpuRows(**before)) == SortedCpuRows(rows));
  CheckRows(*engine, id, Replaced(rows, IsH2, Renamed));
}

TEST_CASE("A replacer's error fails the update and changes nothing", "[engine][update]") {
  sundial::testing::TempDir dir;
  auto engine = OpenQuiet(dir.path());
  uint32_t id = CreateCpuHypertable(*engine);
  std::vector<CpuRow> rows = CpuRows(0, 3 * 3600, 0, kMicrosPerSecond);
  REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
  REQUIRE(engine->Checkpoint().ok());
  std::set<std::string> files = TableFiles(dir.path());
  // Rows of earlier chunks were picked and given new versions already.
  int chunks = 0;
  RowReplacer failing = [&, inner = Replacing(IsH2, Renamed)](
                            const DataChunk& chunk, std::vector<uint8_t>& matches,
                            std::vector<DataChunk>& replacements) -> Status {
    RETURN_IF_ERROR(inner(chunk, matches, replacements));
    if (++chunks == 4) return Status::Error(ErrorCode::kDivisionByZero, "division by zero");
    return Status::Ok();
  };
  Result<uint64_t> replaced = engine->ReplaceRows(
      AllColumns(id), failing, {MakeCpuChunk(CpuRows(0, 10, 8 * kMicrosPerHour))});
  // Neither the replacements nor the added rows are written.
  CHECK(replaced.status().code() == ErrorCode::kDivisionByZero);
  CHECK(chunks == 4);
  CheckRows(*engine, id, SortedCpuRows(rows));
  CHECK(TableFiles(dir.path()) == files);
  // Appends and updates go on afterwards.
  std::vector<CpuRow> more = CpuRows(0, 10, 5 * kMicrosPerHour);
  REQUIRE(engine->Append(id, {MakeCpuChunk(more)}).ok());
  rows.insert(rows.end(), more.begin(), more.end());
  CHECK(ReplaceOrFail(*engine, AllColumns(id), Replacing(IsH2, Renamed)) == CountOf(rows, IsH2));
  CheckRows(*engine, id, Replaced(rows, IsH2, Renamed));
  engine.reset();
  engine = OpenQuiet(dir.path());
  CheckRows(*engine, id, Replaced(rows, IsH2, Renamed));
}

TEST_CASE("A replacer that picks no row changes nothing", "[engine][update]") {
  sundial::testing::TempDir dir;
  auto engine = OpenQuiet(dir.path());
  uint32_t id = CreateCpuHypertable(*engine);
  std::vector<CpuRow> rows = CpuRows(0, 3 * 3600, 0, kMicrosPerSecond);
  REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
  REQUIRE(engine->Checkpoint().ok());
  std::set<std::string> files = TableFiles(dir.path());
  auto nothing = [](const CpuRow& row) { return row.host == "h9"; };
  CHECK(ReplaceOrFail(*engine, AllColumns(id), Replacing(nothing, Renamed)) == 0);
  // Nor when the scan itself finds no candidate.
  ScanSpec none = AllColumns(id);
  none.time_range = {.begin = 10 * kMicrosPerHour, .end = 11 * kMicrosPerHour};
  CHECK(ReplaceOrFail(*engine, none, Replacing(IsH2, Renamed)) == 0);
  CheckRows(*engine, id, SortedCpuRows(rows));
  CHECK(TableFiles(dir.path()) == files);
  engine.reset();
  engine = OpenQuiet(dir.path());
  CheckRows(*engine, id, SortedCpuRows(rows));
}

TEST_CASE("Every row of an ordinary table can be replaced", "[engine][update]") {
  sundial::testing::TempDir dir;
  auto engine = OpenQuiet(dir.path());
  REQUIRE(engine->CreateTable(CpuSchema("plain")).ok());
  uint32_t id = engine->FindTable("plain")->table_id;
  std::vector<CpuRow> rows = CpuRows(0, 1000);
  REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
  REQUIRE(engine->Checkpoint().ok());
  std::vector<CpuRow> unflushed = CpuRows(1000, 1500);
  REQUIRE(engine->Append(id, {MakeCpuChunk(unflushed)}).ok());
  rows.insert(rows.end(), unflushed.begin(), unflushed.end());

  auto every = [](const CpuRow&) { return true; };
  CHECK(ReplaceOrFail(*engine, AllColumns(id), Replacing(every, Renamed)) == rows.size());
  std::vector<CpuRow> expected = Replaced(rows, every, Renamed);
  CHECK(SortedCpuRows(ScanAll(*engine, id)) == expected);
  CHECK(ReadMorsels(*engine, id) == expected);
  auto stats = engine->Stats(id);
  REQUIRE(stats.ok());
  CHECK(stats->row_count == rows.size());
  // The old segments lost every row and went; the new rows are one segment.
  CHECK(FilesEndingWith(dir.path(), ".seg") == 1);
  CHECK(FilesEndingWith(dir.path(), ".del") == 0);
  engine.reset();
  engine = OpenQuiet(dir.path());
  CHECK(SortedCpuRows(ScanAll(*engine, id)) == expected);
}

TEST_CASE("Rows added with an update are published with it", "[engine][update]") {
  sundial::testing::TempDir dir;
  auto engine = OpenQuiet(dir.path());
  uint32_t id = CreateCpuHypertable(*engine);
  auto nothing = [](const CpuRow& row) { return row.host == "h9"; };
  // Into an empty table, as a continuous aggregate's first refresh does.
  std::vector<CpuRow> first = CpuRows(0, 100, kMicrosPerHour);
  CHECK(ReplaceOrFail(*engine, AllColumns(id), Replacing(nothing, Renamed),
                      {MakeCpuChunk(first)}) == 0);
  std::vector<CpuRow> expected = SortedCpuRows(first);
  CheckRows(*engine, id, expected);

  std::vector<CpuRow> rows = CpuRows(0, 3 * 3600, 0, kMicrosPerSecond);
  REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
  REQUIRE(engine->Checkpoint().ok());
  std::vector<CpuRow> unflushed = CpuRows(0, 300, 2 * kMicrosPerHour + kMicrosPerSecond / 2);
  REQUIRE(engine->Append(id, {MakeCpuChunk(unflushed)}).ok());
  expected.insert(expected.end(), rows.begin(), rows.end());
  expected.insert(expected.end(), unflushed.begin(), unflushed.end());

  // Nothing replaced: the added rows still go in, into an existing
  // partition and a new one, in two chunks.
  std::vector<CpuRow> second = CpuRows(0, 50, kMicrosPerHour + kMicrosPerSecond / 4);
  std::vector<CpuRow> third = CpuRows(0, 50, 4 * kMicrosPerHour);
  CHECK(ReplaceOrFail(*engine, AllColumns(id), Replacing(nothing, Renamed),
                      {MakeCpuChunk(second), MakeCpuChunk(third)}) == 0);
  expected.insert(expected.end(), second.begin(), second.end());
  expected.insert(expected.end(), third.begin(), third.end());
  expected = SortedCpuRows(expected);
  CheckRows(*engine, id, expected);
  CHECK(Partitions(*engine, id) ==
        std::vector<int64_t>{0, kMicrosPerHour, 2 * kMicrosPerHour, 4 * kMicrosPerHour});

  // Replacements and added rows together.
  std::vector<CpuRow> fourth = CpuRows(0, 20, 6 * kMicrosPerHour);
  CHECK(ReplaceOrFail(*engine, AllColumns(id), Replacing(IsH2, Renamed), {MakeCpuChunk(fourth)}) ==
        CountOf(expected, IsH2));
  expected = Replaced(expected, IsH2, Renamed);
  expected.insert(expected.end(), fourth.begin(), fourth.end());
  expected = SortedCpuRows(expected);
  CheckRows(*engine, id, expected);

  engine.reset();
  engine = OpenQuiet(dir.path());
  CheckRows(*engine, id, expected);
  CHECK(Partitions(*engine, id) == std::vector<int64_t>{0, kMicrosPerHour, 2 * kMicrosPerHour,
                                                        4 * kMicrosPerHour, 6 * kMicrosPerHour});
}

bool IsH3(const CpuRow& row) {
  return row.host == "h3";
}

Result<uint64_t> RunUpdate(Engine& engine, uint32_t table_id) {
  return engine.ReplaceRows(AllColumns(table_id), Replacing(IsH3, RenamedOrMoved(Renamed)),
                            {MakeCpuChunk(AddedRows())});
}

std::vector<CpuRow> AfterUpdate(const std::vector<CpuRow>& rows) {
  std::vector<CpuRow> expected = Replaced(rows, IsH3, RenamedOrMoved(Renamed));
  for (const CpuRow& row : AddedRows())
    expected.push_back(row);
  return SortedCpuRows(expected);
}

uint64_t UpdateOrFail(Engine& engine, uint32_t table_id) {
  Result<uint64_t> replaced = RunUpdate(engine, table_id);
  INFO(replaced.status().ToString());
  REQUIRE(replaced.ok());
  return *replaced;
}

TEST_CASE("A fault before the manifest switch fails the update and keeps the old rows",
          "[engine][update][faults]") {
  const std::vector<FaultSite> sites = FaultSites({
      {
          {.name = "marker write", .op = Op::kWrite, .path = PathsWith(".del")},
      },
      SegmentFaultSites(),
      {
          // The new partition's segment is written after those of existing ones.
          {.name = "new partition's segment write", .op = Op::kWrite, .path = InHourPartition(5)},
          {.name = "new partition's segment fsync", .op = Op::kSync, .path = InHourPartition(5)},
          {.name = "added rows' segment write", .op = Op::kWrite, .path = InHourPartition(6)},
          {.name = "new partition directory fsync",
           .op = Op::kSyncDirectory,
           .path = HourPartitionDir(5),
           .whole_path = true},
          // Synced once for the marker file, then for the new segment.
          {.name = "existing partition directory fsync",
           .op = Op::kSyncDirectory,
           .path = HourPartitionDir(1),
           .whole_path = true,
           .skip = 1},
      },
      PublishFaultSites(),
  });
  CheckFaultsLeaveStoreAsItWas(
      sites, CheckRows,
      [](FaultyCpuStore& store, const FaultSite& site, int error) {
        store.Inject(site, error);
        return RunUpdate(*store.engine, store.id).status();
      },
      [](FaultyCpuStore& store) {
        // Nor are the directories of its new partitions.
        CHECK(EmptyPartitionDirectories(store.dir.path()) == 0);

        // The same update succeeds once the fault is gone.
        CHECK(UpdateOrFail(*store.engine, store.id) == CountOf(store.rows, IsH3));
        store.CrashAndReopen();
        CheckRows(*store.engine, store.id, AfterUpdate(store.rows));
      });
}

TEST_CASE("An update acknowledged before a power loss stays", "[engine][update][faults]") {
  FaultyCpuStore store;
  CHECK(UpdateOrFail(*store.engine, store.id) == CountOf(store.rows, IsH3));
  store.CrashAndReopen();
  CheckRows(*store.engine, store.id, AfterUpdate(store.rows));
  CHECK(Partitions(*store.engine, store.id) ==
        std::vector<int64_t>{0, kMicrosPerHour, 2 * kMicrosPerHour, 5 * kMicrosPerHour,
                             6 * kMicrosPerHour});
  CHECK(TableFiles(store.dir.path()) == ManifestFiles(store.dir.path()));
}

}  // namespace
}  // namespace sundial::ts
