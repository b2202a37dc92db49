#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "faulty_cpu_store.h"
#include "support/fault_injecting_file_system.h"
#include "support/temp_dir.h"
#include "ts/filenames.h"
#include "ts/manifest.h"
#include "ts_test_util.h"

// Engine::MatchRowsInBlock and Engine::CommitBlock, the store side of DELETE
// and UPDATE inside a transaction block: the rows a statement removes are
// kept as the block's own delete markers, which only its scans apply, and
// COMMIT publishes them with the block's new rows in one manifest switch.
// Conflicts are per row: another statement deleting or replacing other rows
// of the same segments meanwhile commits beside the block; one deleting or
// replacing one of the block's rows fails the block's next read, statement
// or COMMIT with 40001, and one removing a segment the block deleted from
// fails its COMMIT.

namespace sundial::ts {
namespace {

using namespace testing;
using sundial::testing::FaultInjectingFileSystem;
using Op = FaultInjectingFileSystem::Op;

std::vector<CpuRow> Concat(std::vector<CpuRow> rows, const std::vector<CpuRow>& more) {
  rows.insert(rows.end(), more.begin(), more.end());
  return rows;
}

RowReplacer Deleting(RowPredicate picked) {
  return Replacing(std::move(picked));
}

// A matcher picking the rows `picked` holds true for, as another session's
// DELETE does.
RowMatcher Matching(RowPredicate picked) {
  return
      [picked = std::move(picked)](const DataChunk& rows, std::vector<uint8_t>& matches) -> Status {
        for (size_t r = 0; r < rows.size(); ++r)
          matches[r] = picked(RowAt(rows, r));
        return Status::Ok();
      };
}

// Above every usage CpuRows gives.
constexpr double kNewUsage = 100000;

CpuRow Renamed(const CpuRow& row) {
  CpuRow changed = row;
  changed.host = row.host + "-new";
  if (!row.usage_null) changed.usage = row.usage + kNewUsage;
  return changed;
}

bool IsH2(const CpuRow& row) {
  return row.host == "h2";
}

bool IsH3(const CpuRow& row) {
  return row.host == "h3";
}

bool IsH4(const CpuRow& row) {
  return row.host == "h4";
}

RowPredicate InHour(int64_t hour) {
  return [hour](const CpuRow& row) {
    return row.ts >= hour * kMicrosPerHour && row.ts < (hour + 1) * kMicrosPerHour;
  };
}

ScanSpec HourColumns(uint32_t table_id, int64_t hour) {
  ScanSpec spec = AllColumns(table_id);
  spec.time_range = {.begin = hour * kMicrosPerHour, .end = (hour + 1) * kMicrosPerHour};
  return spec;
}

uint64_t MatchOrFail(Engine& engine, const ScanSpec& spec, const RowReplacer& replacer,
                     BlockDeletes& deletes, std::vector<DataChunk>& replacements) {
  Result<uint64_t> matched = engine.MatchRowsInBlock(spec, replacer, deletes, replacements);
  INFO(matched.status().ToString());
  REQUIRE(matched.ok());
  return *matched;
}

std::vector<CpuRow> ScanRows(Engine& engine, const ScanSpec& spec) {
  auto scanner = engine.Scan(spec);
  REQUIRE(scanner.ok());
  return SortedCpuRows(ReadCpuRows(**scanner));
}

// The table as the block sees it: its deletions applied, its own rows added.
ScanSpec InBlock(uint32_t table_id, std::shared_ptr<const BlockDeletes> deletes,
                 std::vector<DataChunk> uncommitted = {}) {
  ScanSpec spec = AllColumns(table_id);
  spec.block_deletes = std::move(deletes);
  spec.uncommitted_rows = std::move(uncommitted);
  return spec;
}

// Every way of reading the table and counting its rows, outside any
// block, gives `expected`.
void CheckRows(Engine& engine, uint32_t table_id, const std::vector<CpuRow>& expected) {
  CHECK(ScanRows(engine, AllColumns(table_id)) == expected);
  CHECK(ReadMorsels(engine, AllColumns(table_id)) == expected);
  auto stats = engine.Stats(table_id);
  REQUIRE(stats.ok());
  CHECK(stats->row_count == expected.size());
}

// The segments the manifest on disk names for a table.
std::vector<SegmentMeta> LiveSegments(const std::string& dir, uint32_t table_id) {
  auto manifest = ReadManifest(FileSystem::Default(), dir);
  REQUIRE(manifest.ok());
  REQUIRE(manifest->has_value());
  for (const ManifestData::Table& table : (*manifest)->tables) {
    if (table.schema.table_id == table_id) return table.segments;
  }
  return {};
}

std::set<uint64_t> FileNumbers(const std::vector<SegmentMeta>& segments) {
  std::set<uint64_t> numbers;
  for (const SegmentMeta& meta : segments)
    numbers.insert(meta.file_number);
  return numbers;
}

// The newest time of each host among `rows`.
std::map<std::string, int64_t> NewestPerHost(const std::vector<CpuRow>& rows) {
  std::map<std::string, int64_t> newest;
  for (const CpuRow& row : rows) {
    auto [it, inserted] = newest.emplace(row.host, row.ts);
    if (!inserted) it->second = std::max(it->second, row.ts);
  }
  return newest;
}

// The n-th of four flushes of rows over two hours at interleaved times: each
// writes a segment per partition overlapping the earlier ones, which the
// merge policy merges.
std::vector<CpuRow> FlushOverlapping(Engine& engine, uint32_t table_id, int n) {
  std::vector<CpuRow> part = CpuRows(0, 2 * 3600 / 4, n * kMicrosPerSecond, 4 * kMicrosPerSecond);
  REQUIRE(engine.Append(table_id, {MakeCpuChunk(part)}).ok());
  REQUIRE(engine.Checkpoint().ok());
  return part;
}

// The POSIX file system, except that the first segment file created after
// Arm is held until Release: a merge held there has made the checks it makes
// when it starts and is writing its output.
class SegmentWriteGate final : public FileSystem {
 public:
  void Arm() {
    std::lock_guard lock(mu_);
    armed_ = true;
  }
  // Whether a creation is held now, after waiting a while for one.
  bool WaitUntilHeld() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(60), [&] { return held_; });
  }
  void Release() {
    {
      std::lock_guard lock(mu_);
      released_ = true;
    }
    cv_.notify_all();
  }

  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) override {
    {
      std::unique_lock lock(mu_);
      if (armed_ && path.ends_with(".seg")) {
        armed_ = false;
        held_ = true;
        cv_.notify_all();
        cv_.wait(lock, [&] { return released_; });
      }
    }
    return base_.NewWritableFile(path);
  }
  Result<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(const std::string& path) override {
    return base_.NewRandomAccessFile(path);
  }
  Status CreateDirectories(const std::string& path) override {
    return base_.CreateDirectories(path);
  }
  Status SyncDirectory(const std::string& path) override { return base_.SyncDirectory(path); }
  Status RemoveFile(const std::string& path) override { return base_.RemoveFile(path); }
  Status RemoveTree(const std::string& path) override { return base_.RemoveTree(path); }
  Status RenameFile(const std::string& from, const std::string& to) override {
    return base_.RenameFile(from, to);
  }
  Status TruncateFile(const std::string& path, uint64_t size) override {
    return base_.TruncateFile(path, size);
  }
  bool PathExists(const std::string& path) override { return base_.PathExists(path); }
  Result<uint64_t> FileSize(const std::string& path) override { return base_.FileSize(path); }
  Result<std::vector<DirEntry>> ListDirectory(const std::string& path) override {
    return base_.ListDirectory(path);
  }
  Result<std::unique_ptr<FileLock>> LockFile(const std::string& path) override {
    return base_.LockFile(path);
  }

 private:
  FileSystem& base_ = FileSystem::Default();
  std::mutex mu_;
  std::condition_variable cv_;
  bool armed_ = false;
  bool held_ = false;
  bool released_ = false;
};

// CompactTable on another thread, held by `gate` as it creates its first
// output file. Declared after the engine, so that a failed REQUIRE still
// lets the merge finish before the engine closes.
class HeldCompaction {
 public:
  HeldCompaction(SegmentWriteGate& gate, Engine& engine, uint32_t table_id) : gate_(gate) {
    gate_.Arm();
    thread_ =
        std::thread([this, &engine, table_id] { compacted_ = engine.CompactTable(table_id); });
  }
  ~HeldCompaction() { Finish().IgnoreError(); }
  HeldCompaction(const HeldCompaction&) = delete;
  HeldCompaction& operator=(const HeldCompaction&) = delete;

  bool held() { return gate_.WaitUntilHeld(); }
  // Lets the merge go on and returns how the compaction ended.
  Status Finish() {
    gate_.Release();
    if (thread_.joinable()) thread_.join();
    return compacted_;
  }

 private:
  SegmentWriteGate& gate_;
  std::thread thread_;
  Status compacted_;
};

TEST_CASE("Rows a block deletes are hidden from its own scans only, until it commits",
          "[ts][block_deletes]") {
  sundial::testing::TempDir dir;
  auto engine = OpenQuiet(dir.path());
  uint32_t id = CreateCpuHypertable(*engine);
  // Three hourly partitions in segments, then memtable rows both in a
  // partition that has segments and in a new one.
  std::vector<CpuRow> rows = CpuRows(0, 3 * 3600, 0, kMicrosPerSecond);
  REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
  REQUIRE(engine->Checkpoint().ok());
  std::vector<CpuRow> unflushed = Concat(CpuRows(0, 600, kMicrosPerHour + kMicrosPerSecond / 2),
                                         CpuRows(3 * 3600, 3 * 3600 + 900));
  REQUIRE(engine->Append(id, {MakeCpuChunk(unflushed)}).ok());
  const std::vector<CpuRow> before = SortedCpuRows(Concat(rows, unflushed));

  auto deletes = std::make_shared<BlockDeletes>();
  std::vector<DataChunk> replacements;
  CHECK(MatchOrFail(*engine, AllColumns(id), Deleting(IsH2), *deletes, replacements) ==
        CountOf(before, IsH2));
  CHECK(replacements.empty());
  // The block no longer sees the rows, in segments or in what was the
  // memtable; everyone else still does.
  CHECK(ScanRows(*engine, InBlock(id, deletes)) == Without(before, IsH2));
  CHECK(ReadMorsels(*engine, InBlock(id, deletes)) == Without(before, IsH2));
  CheckRows(*engine, id, before);
  // Predicates still apply to what the block sees.
  ScanSpec h2_or_h3 = InBlock(id, deletes);
  h2_or_h3.predicates = {
      {.column = 1, .op = ScanCompare::kIn, .values = {Value::Text("h2"), Value::Text("h3")}}};
  CHECK(ScanRows(*engine, h2_or_h3) ==
        Without(before, [](const CpuRow& row) { return !IsH3(row); }));
  // Newest-per-value scans (DISTINCT ON) lose the host the block deleted.
  ScanSpec newest = InBlock(id, deletes);
  newest.latest_per_column = 1;
  CHECK(NewestPerHost(ScanRows(*engine, newest)) == NewestPerHost(Without(before, IsH2)));
  newest.block_deletes = nullptr;
  CHECK(NewestPerHost(ScanRows(*engine, newest)).contains("h2"));

  // Rows committed after the statement matched are not the block's to hide.
  const std::vector<CpuRow> later = CpuRows(0, 50, 5 * kMicrosPerHour);
  REQUIRE(engine->Append(id, {MakeCpuChunk(later)}).ok());
  const std::vector<CpuRow> everything = SortedCpuRows(Concat(before, later));
  CHECK(ScanRows(*engine, InBlock(id, deletes)) ==
        SortedCpuRows(Concat(Without(before, IsH2), later)));

  // A second statement of the block counts only rows it had not deleted:
  // the first hour's other hosts and the later h2 rows.
  auto gone = [first_hour = InHour(0)](const CpuRow& row) { return IsH2(row) || first_hour(row); };
  CHECK(MatchOrFail(*engine, AllColumns(id), Deleting(gone), *deletes, replacements) ==
        CountOf(everything, gone) - CountOf(before, IsH2));
  CHECK(MatchOrFail(*engine, AllColumns(id), Deleting(IsH2), *deletes, replacements) == 0);
  CHECK(MatchOrFail(*engine, HourColumns(id, 0), Deleting(InHour(0)), *deletes, replacements) == 0);
  CHECK(replacements.empty());
  const std::vector<CpuRow> expected = Without(everything, gone);
  CHECK(ScanRows(*engine, InBlock(id, deletes)) == expected);
  CheckRows(*engine, id, everything);

  REQUIRE_OK(engine->CommitBlock({}, {*deletes}));
  CheckRows(*engine, id, expected);
  // The first hour lost every row, and its partition with them.
  CHECK(Partitions(*engine, id) == std::vector<int64_t>{kMicrosPerHour, 2 * kMicrosPerHour,
                                                        3 * kMicrosPerHour, 5 * kMicrosPerHour});
  deletes.reset();
  engine.reset();
  engine = OpenQuiet(dir.path());
  CheckRows(*engine, id, expected);
  CHECK(TableFiles(dir.path()) == ManifestFiles(dir.path()));
}

TEST_CASE("A block's new row versions, appended rows and other tables' rows commit together",
          "[ts][block_deletes]") {
  FaultyCpuStore store;
  Engine& engine = *store.engine;
  uint32_t other = CreateCpuHypertable(engine, kMicrosPerHour, "other");
  const std::vector<CpuRow> other_rows = CpuRows(0, 100);
  REQUIRE(engine.Append(other, {MakeCpuChunk(other_rows)}).ok());

  auto deletes = std::make_shared<BlockDeletes>();
  std::vector<DataChunk> replacements;
  CHECK(MatchOrFail(engine, AllColumns(store.id), Replacing(IsH3, Renamed), *deletes,
                    replacements) == CountOf(store.rows, IsH3));
  const std::vector<CpuRow> added = CpuRows(0, 100, 6 * kMicrosPerHour);
  std::vector<DataChunk> block_rows = replacements;
  block_rows.push_back(MakeCpuChunk(added));
  const std::vector<CpuRow> other_added = CpuRows(0, 200, 2 * kMicrosPerHour);
  const std::vector<DataChunk> other_block_rows = {MakeCpuChunk(other_added)};

  const std::vector<CpuRow> expected =
      SortedCpuRows(Concat(Replaced(store.rows, IsH3, Renamed), added));
  // The block reads its own changes before it commits; nobody else does.
  CHECK(ScanRows(engine, InBlock(store.id, deletes, block_rows)) == expected);
  CheckRows(engine, store.id, SortedCpuRows(store.rows));
  CheckRows(engine, other, SortedCpuRows(other_rows));

  REQUIRE_OK(engine.CommitBlock({TableAppend{.table_id = store.id, .chunks = block_rows},
                                 TableAppend{.table_id = other, .chunks = other_block_rows}},
                                {*deletes}));
  CheckRows(engine, store.id, expected);
  CheckRows(engine, other, SortedCpuRows(Concat(other_rows, other_added)));
  CHECK(Partitions(engine, store.id) ==
        std::vector<int64_t>{0, kMicrosPerHour, 2 * kMicrosPerHour, 6 * kMicrosPerHour});
  // The changed host's old values are gone from predicate scans too: only
  // the appended rows have it.
  ScanSpec h3 = AllColumns(store.id);
  h3.predicates = {{.column = 1, .op = ScanCompare::kEq, .values = {Value::Text("h3")}}};
  CHECK(ScanRows(engine, h3) == Without(added, [](const CpuRow& row) { return !IsH3(row); }));

  // Acknowledged means durable: a power loss right after keeps it all.
  deletes.reset();
  store.CrashAndReopen();
  CheckRows(*store.engine, store.id, expected);
  CheckRows(*store.engine, other, SortedCpuRows(Concat(other_rows, other_added)));
  CHECK(TableFiles(store.dir.path()) == ManifestFiles(store.dir.path()));
}

// The file numbers of the segments the manifest on disk names in the
// partition starting at `start`.
std::set<uint64_t> PartitionSegments(const std::string& dir, uint32_t table_id, int64_t start) {
  std::set<uint64_t> numbers;
  for (const SegmentMeta& meta : LiveSegments(dir, table_id)) {
    if (meta.partition_start == start) numbers.insert(meta.file_number);
  }
  return numbers;
}

// The new versions `changed` gives the rows `picked` holds true for.
std::vector<CpuRow> NewVersions(const std::vector<CpuRow>& rows, const RowPredicate& picked,
                                const RowChange& changed) {
  std::vector<CpuRow> versions;
  for (const CpuRow& row : rows) {
    if (picked(row)) versions.push_back(changed(row));
  }
  return versions;
}

void CheckSerializationFailure(const Status& status) {
  INFO(status.ToString());
  CHECK(status.code() == ErrorCode::kSerializationFailure);
}

// Another session's change to hour 2's segment, which the block deleted
// from: makes it and returns the rows the table then holds.
using OtherChange =
    std::function<std::vector<CpuRow>(Engine&, uint32_t, const std::vector<CpuRow>&)>;

OtherChange DeletingInHourTwo(RowPredicate picked) {
  return [picked = std::move(picked)](Engine& engine, uint32_t id,
                                      const std::vector<CpuRow>& rows) {
    auto deleted =
        engine.DeleteRows(HourColumns(id, 2), Matching(picked), TimeRange{.begin = 0, .end = 0});
    REQUIRE(deleted.ok());
    CHECK(*deleted == CountOf(rows, picked));
    return Without(rows, picked);
  };
}

OtherChange UpdatingInHourTwo(RowPredicate picked) {
  return
      [picked = std::move(picked)](Engine& engine, uint32_t id, const std::vector<CpuRow>& rows) {
        auto replaced = engine.ReplaceRows(HourColumns(id, 2), Replacing(picked, Renamed), {});
        REQUIRE(replaced.ok());
        CHECK(*replaced == CountOf(rows, picked));
        return Replaced(rows, picked, Renamed);
      };
}

TEST_CASE("Changes by others to other rows of a block's segments commit together with it",
          "[ts][block_deletes]") {
  struct Scenario {
    const char* name;
    // The rows of hour 2 the other session deletes or replaces, none of
    // them the block's.
    RowPredicate touched;
    OtherChange change;
    // Whether the two together remove every row of the segment.
    bool empties_segment = false;
  };
  auto in_hour_two = InHour(2);
  auto h4_in_hour_two = [in_hour_two](const CpuRow& row) { return IsH4(row) && in_hour_two(row); };
  auto others_in_hour_two = [in_hour_two](const CpuRow& row) {
    return !IsH2(row) && in_hour_two(row);
  };
  const std::vector<Scenario> scenarios = {
      {.name = "a DELETE of other rows",
       .touched = h4_in_hour_two,
       .change = DeletingInHourTwo(h4_in_hour_two)},
      {.name = "an UPDATE of other rows",
       .touched = h4_in_hour_two,
       .change = UpdatingInHourTwo(h4_in_hour_two)},
      {.name = "a DELETE of every row the block left in the segment",
       .touched = others_in_hour_two,
       .change = DeletingInHourTwo(others_in_hour_two),
       .empties_segment = true},
  };
  for (const Scenario& scenario : scenarios) {
    INFO(scenario.name);
    FaultyCpuStore store;
    Engine& engine = *store.engine;
    const std::set<uint64_t> hour_two =
        PartitionSegments(store.dir.path(), store.id, 2 * kMicrosPerHour);
    REQUIRE(!hour_two.empty());
    // The block updates h2 rows in every hour, then the other session
    // changes hour 2's segment under it.
    auto deletes = std::make_shared<BlockDeletes>();
    std::vector<DataChunk> replacements;
    CHECK(MatchOrFail(engine, AllColumns(store.id), Replacing(IsH2, Renamed), *deletes,
                      replacements) == CountOf(store.rows, IsH2));
    const std::vector<CpuRow> committed = scenario.change(engine, store.id, store.rows);
    CheckRows(engine, store.id, committed);

    const std::vector<CpuRow> added = CpuRows(0, 50, 6 * kMicrosPerHour);
    std::vector<DataChunk> block_rows = replacements;
    block_rows.push_back(MakeCpuChunk(added));
    const std::vector<CpuRow> expected =
        SortedCpuRows(Concat(Replaced(committed, IsH2, Renamed), added));
    // The block reads the segment with both statements' changes: each row
    // once, as the other session left it, less the block's own.
    CHECK(ScanRows(engine, InBlock(store.id, deletes, block_rows)) == expected);
    CHECK(ReadMorsels(engine, InBlock(store.id, deletes, block_rows)) == expected);
    // Its next statement sees the same: neither the rows it removed nor
    // those the other session removed are there to match again.
    std::vector<DataChunk> more;
    auto gone = [&](const CpuRow& row) { return IsH2(row) || scenario.touched(row); };
    CHECK(MatchOrFail(engine, HourColumns(store.id, 2), Deleting(gone), *deletes, more) == 0);
    CHECK(more.empty());

    // The other session's change stands together with the block's.
    REQUIRE_OK(
        engine.CommitBlock({TableAppend{.table_id = store.id, .chunks = block_rows}}, {*deletes}));
    CheckRows(engine, store.id, expected);
    CHECK(TableFiles(store.dir.path()) == ManifestFiles(store.dir.path()));
    // A segment whose rows the two removed between them is dropped; one
    // with rows left keeps its file.
    const std::set<uint64_t> live = FileNumbers(LiveSegments(store.dir.path(), store.id));
    for (uint64_t file_number : hour_two)
      CHECK(live.contains(file_number) == !scenario.empties_segment);

    deletes.reset();
    store.CrashAndReopen();
    CheckRows(*store.engine, store.id, expected);
    CHECK(TableFiles(store.dir.path()) == ManifestFiles(store.dir.path()));
  }
}

TEST_CASE("A block whose rows others deleted, replaced or dropped fails and changes nothing",
          "[ts][block_deletes]") {
  struct Scenario {
    const char* name;
    OtherChange change;
    // Whether the segment the block deleted from is still there, with some
    // of the block's rows marked by the other session; otherwise it is gone.
    bool segment_remains;
  };
  auto in_hour_two = InHour(2);
  // Some of the h2 rows of hour 2, which the block updates: those of its
  // first ten minutes.
  auto some_block_rows = [](const CpuRow& row) {
    return IsH2(row) && row.ts >= 2 * kMicrosPerHour &&
           row.ts < 2 * kMicrosPerHour + 600 * kMicrosPerSecond;
  };
  const std::vector<Scenario> scenarios = {
      {.name = "a DELETE of some of the block's rows",
       .change = DeletingInHourTwo(some_block_rows),
       .segment_remains = true},
      {.name = "an UPDATE of some of the block's rows",
       .change = UpdatingInHourTwo(some_block_rows),
       .segment_remains = true},
      {.name = "a DELETE of every row of the segment",
       .change =
           [&](Engine& engine, uint32_t id, const std::vector<CpuRow>& rows) {
             auto deleted = engine.DeleteRows(
                 HourColumns(id, 2),
                 [](const DataChunk&, std::vector<uint8_t>& matches) -> Status {
                   std::fill(matches.begin(), matches.end(), 1);
                   return Status::Ok();
                 },
                 TimeRange{.begin = 0, .end = 0});
             REQUIRE(deleted.ok());
             CHECK(*deleted == CountOf(rows, in_hour_two));
             return Without(rows, in_hour_two);
           },
       .segment_remains = false},
      {.name = "drop_chunks of its partition",
       .change =
           [&](Engine& engine, uint32_t id, const std::vector<CpuRow>& rows) {
             auto dropped = engine.DropPartitions(
                 id, TimeRange{.begin = 2 * kMicrosPerHour, .end = 3 * kMicrosPerHour});
             REQUIRE(dropped.ok());
             CHECK(*dropped == std::vector<int64_t>{2 * kMicrosPerHour});
             return Without(rows, in_hour_two);
           },
       .segment_remains = false},
      {.name = "TRUNCATE",
       .change =
           [&](Engine& engine, uint32_t, const std::vector<CpuRow>&) {
             REQUIRE_OK(engine.TruncateTables({"cpu"}));
             return std::vector<CpuRow>{};
           },
       .segment_remains = false},
  };
  for (const Scenario& scenario : scenarios) {
    INFO(scenario.name);
    FaultyCpuStore store;
    Engine& engine = *store.engine;
    // The block updates h2 rows in every hour, the changed one last, so the
    // commit has written marker files for the others when it finds the
    // conflict.
    auto deletes = std::make_shared<BlockDeletes>();
    std::vector<DataChunk> replacements;
    CHECK(MatchOrFail(engine, AllColumns(store.id), Replacing(IsH2, Renamed), *deletes,
                      replacements) == CountOf(store.rows, IsH2));
    const std::vector<CpuRow> expected = scenario.change(engine, store.id, store.rows);
    CheckRows(engine, store.id, expected);

    const std::vector<CpuRow> added = CpuRows(0, 50, 6 * kMicrosPerHour);
    std::vector<DataChunk> block_rows = replacements;
    block_rows.push_back(MakeCpuChunk(added));
    if (scenario.segment_remains) {
      // The block would read the other session's version of a row beside
      // its own: its next read and its next statement fail instead.
      CheckSerializationFailure(engine.Scan(InBlock(store.id, deletes, block_rows)).status());
      CheckSerializationFailure(
          engine.ScanMorsels(InBlock(store.id, deletes, block_rows)).status());
      std::vector<DataChunk> more;
      CheckSerializationFailure(
          engine.MatchRowsInBlock(HourColumns(store.id, 2), Deleting(IsH3), *deletes, more)
              .status());
    } else {
      // The block's rows went with the segment: it reads the rest, its own
      // new rows included.
      CHECK(ScanRows(engine, InBlock(store.id, deletes, block_rows)) ==
            SortedCpuRows(Concat(Without(expected, IsH2),
                                 Concat(NewVersions(store.rows, IsH2, Renamed), added))));
    }

    // Neither the block's deletions nor its rows are published; the other
    // statement's change stands, and no file the commit wrote is left.
    CheckSerializationFailure(
        engine.CommitBlock({TableAppend{.table_id = store.id, .chunks = block_rows}}, {*deletes}));
    CheckRows(engine, store.id, expected);
    CHECK(TableFiles(store.dir.path()) == ManifestFiles(store.dir.path()));
    deletes.reset();
    store.CrashAndReopen();
    CheckRows(*store.engine, store.id, expected);
    CHECK(TableFiles(store.dir.path()) == ManifestFiles(store.dir.path()));
  }
}

TEST_CASE("A block's reads keep rows others deleted or replaced out of sight",
          "[ts][block_deletes]") {
  FaultyCpuStore store;
  Engine& engine = *store.engine;
  auto deletes = std::make_shared<BlockDeletes>();
  std::vector<DataChunk> replacements;
  CHECK(MatchOrFail(engine, AllColumns(store.id), Deleting(IsH2), *deletes, replacements) ==
        CountOf(store.rows, IsH2));

  SECTION("Other rows of its segments changed: each row is read once and both changes commit") {
    // Another session changes segments the block deleted from: it deletes
    // hour 1's h3 rows and gives hour 2's h4 rows new versions.
    auto h3_in_hour_one = [in_hour_one = InHour(1)](const CpuRow& row) {
      return IsH3(row) && in_hour_one(row);
    };
    auto h4_in_hour_two = [in_hour_two = InHour(2)](const CpuRow& row) {
      return IsH4(row) && in_hour_two(row);
    };
    auto deleted = engine.DeleteRows(HourColumns(store.id, 1), Matching(h3_in_hour_one),
                                     TimeRange{.begin = 0, .end = 0});
    REQUIRE(deleted.ok());
    CHECK(*deleted == CountOf(store.rows, h3_in_hour_one));
    auto replaced =
        engine.ReplaceRows(HourColumns(store.id, 2), Replacing(h4_in_hour_two, Renamed), {});
    REQUIRE(replaced.ok());
    CHECK(*replaced == CountOf(store.rows, h4_in_hour_two));
    const std::vector<CpuRow> committed =
        Replaced(Without(store.rows, h3_in_hour_one), h4_in_hour_two, Renamed);
    CheckRows(engine, store.id, committed);

    // The block's markers predate the other session's, yet the rows that
    // session removed or replaced must not come back beside their
    // replacements: each row is seen once, as committed, less the block's
    // own deletions.
    CHECK(ScanRows(engine, InBlock(store.id, deletes)) == Without(committed, IsH2));
    CHECK(ReadMorsels(engine, InBlock(store.id, deletes)) == Without(committed, IsH2));
    // Its next statement finds only the rows still there: the old h4
    // versions of hour 2 are gone, the new ones are another host.
    CHECK(MatchOrFail(engine, AllColumns(store.id), Deleting(IsH4), *deletes, replacements) ==
          CountOf(committed, IsH4));
    CHECK(replacements.empty());
    const std::vector<CpuRow> expected =
        Without(committed, [](const CpuRow& row) { return IsH2(row) || IsH4(row); });
    CHECK(ScanRows(engine, InBlock(store.id, deletes)) == expected);

    // Neither removed a row the other did: the commit keeps the other
    // session's changes with the block's, durably.
    REQUIRE_OK(engine.CommitBlock({}, {*deletes}));
    CheckRows(engine, store.id, expected);
    CHECK(TableFiles(store.dir.path()) == ManifestFiles(store.dir.path()));
    deletes.reset();
    store.CrashAndReopen();
    CheckRows(*store.engine, store.id, expected);
  }

  SECTION("One of its own rows replaced: its next read fails") {
    // Another session gives a single row the block deleted, hour 1's first
    // h2 row, a new version.
    auto that_row = [](const CpuRow& row) {
      return row.ts == kMicrosPerHour + 2 * kMicrosPerSecond;
    };
    const std::vector<CpuRow> old_version =
        Without(store.rows, [&](const CpuRow& row) { return !that_row(row); });
    REQUIRE(old_version.size() == 1);
    REQUIRE(IsH2(old_version[0]));
    auto replaced = engine.ReplaceRows(HourColumns(store.id, 1), Replacing(that_row, Renamed), {});
    REQUIRE(replaced.ok());
    CHECK(*replaced == 1);
    const std::vector<CpuRow> committed = Replaced(store.rows, that_row, Renamed);
    CheckRows(engine, store.id, committed);

    // The block deleted the row, yet its reads would show the other
    // session's new version of it: no view of the table is right for the
    // block, so its next read fails, and so do its next statement and its
    // commit, which publishes nothing.
    CheckSerializationFailure(engine.Scan(InBlock(store.id, deletes)).status());
    CheckSerializationFailure(engine.ScanMorsels(InBlock(store.id, deletes)).status());
    CheckSerializationFailure(
        engine.MatchRowsInBlock(AllColumns(store.id), Deleting(IsH4), *deletes, replacements)
            .status());
    CheckSerializationFailure(engine.CommitBlock({}, {*deletes}));
    CheckRows(engine, store.id, committed);
    CHECK(TableFiles(store.dir.path()) == ManifestFiles(store.dir.path()));
  }
}

TEST_CASE("Changes to segments a block has not deleted from do not conflict with it",
          "[ts][block_deletes]") {
  FaultyCpuStore store;
  Engine& engine = *store.engine;
  auto in_hour_zero = InHour(0);
  auto in_hour_one = InHour(1);
  auto h4_after_hour_zero = [in_hour_zero](const CpuRow& row) {
    return IsH4(row) && !in_hour_zero(row);
  };
  BlockDeletes deletes;
  std::vector<DataChunk> replacements;
  auto h2_in_hour_zero = [in_hour_zero](const CpuRow& row) {
    return IsH2(row) && in_hour_zero(row);
  };
  CHECK(MatchOrFail(engine, HourColumns(store.id, 0), Deleting(IsH2), deletes, replacements) ==
        CountOf(store.rows, h2_in_hour_zero));
  // Another session deletes rows of hours 1 and 2 and appends rows that are
  // flushed to new segments.
  auto deleted = engine.DeleteRows(AllColumns(store.id), Matching(h4_after_hour_zero),
                                   TimeRange{.begin = 0, .end = 0});
  REQUIRE(deleted.ok());
  const std::vector<CpuRow> appended = CpuRows(0, 100, kMicrosPerHour + kMicrosPerSecond / 2);
  REQUIRE(engine.Append(store.id, {MakeCpuChunk(appended)}).ok());
  REQUIRE(engine.Checkpoint().ok());
  // The block's next statement deletes in hour 1 after that delete committed
  // there: it starts from the segment as it is now.
  auto h2_in_hour_one = [in_hour_one](const CpuRow& row) { return IsH2(row) && in_hour_one(row); };
  const std::vector<CpuRow> all = SortedCpuRows(Concat(store.rows, appended));
  CHECK(MatchOrFail(engine, HourColumns(store.id, 1), Deleting(IsH2), deletes, replacements) ==
        CountOf(all, h2_in_hour_one));

  REQUIRE_OK(engine.CommitBlock({}, {deletes}));
  // The appended rows came after the other session's delete.
  auto gone = [&](const CpuRow& row) {
    return h2_in_hour_zero(row) || h2_in_hour_one(row) || h4_after_hour_zero(row);
  };
  const std::vector<CpuRow> expected =
      SortedCpuRows(Concat(Without(store.rows, gone), Without(appended, h2_in_hour_one)));
  CheckRows(engine, store.id, expected);
  store.CrashAndReopen();
  CheckRows(*store.engine, store.id, expected);
}

TEST_CASE("A table's segments are not merged while a block holds deletions in it",
          "[ts][block_deletes][merge]") {
  sundial::testing::TempDir dir;
  auto engine = OpenOrFail(EngineOptions{.data_dir = dir.path(), .background_merge = true});
  uint32_t id = CreateCpuHypertable(*engine);
  uint32_t other = CreateCpuHypertable(*engine, kMicrosPerHour, "other");
  std::vector<CpuRow> first = FlushOverlapping(*engine, id, 0);
  REQUIRE(LiveSegments(dir.path(), id).size() == 2);

  auto deletes = std::make_shared<BlockDeletes>();
  std::vector<DataChunk> replacements;
  CHECK(MatchOrFail(*engine, AllColumns(id), Deleting(IsH2), *deletes, replacements) ==
        CountOf(first, IsH2));
  std::vector<CpuRow> rows = first;
  for (int n = 1; n < 4; ++n) {
    rows = Concat(rows, FlushOverlapping(*engine, id, n));
    FlushOverlapping(*engine, other, n);
  }
  REQUIRE_OK(engine->CompactTable(id));
  REQUIRE_OK(engine->CompactTable(other));
  // Neither the checkpoints' merges nor compaction touched the held table;
  // the other table merged as usual.
  std::vector<SegmentMeta> held = LiveSegments(dir.path(), id);
  CHECK(held.size() == 8);
  const std::set<uint64_t> live = FileNumbers(held);
  for (const auto& [file_number, segment] : deletes->segments)
    CHECK(live.contains(file_number));
  CHECK(LiveSegments(dir.path(), other).size() < 6);
  // Only the rows the block matched are hidden, not the h2 rows written since.
  const std::vector<CpuRow> expected = Without(rows, [&](const CpuRow& row) {
    return IsH2(row) && std::find(first.begin(), first.end(), row) != first.end();
  });
  CHECK(ScanRows(*engine, InBlock(id, deletes)) == expected);

  REQUIRE_OK(engine->CommitBlock({}, {*deletes}));
  CheckRows(*engine, id, expected);
  // Still held while the block's deletions live.
  REQUIRE(engine->Checkpoint().ok());
  CHECK(LiveSegments(dir.path(), id).size() == 8);

  deletes.reset();
  REQUIRE(engine->Checkpoint().ok());
  CHECK(LiveSegments(dir.path(), id).size() < 8);
  CheckRows(*engine, id, expected);
  engine.reset();
  engine = OpenQuiet(dir.path());
  CheckRows(*engine, id, expected);
}

TEST_CASE("A merge running when a block deletes gives way to the block",
          "[ts][block_deletes][merge]") {
  sundial::testing::TempDir dir;
  SegmentWriteGate gate;
  auto engine = OpenOrFail(
      EngineOptions{.data_dir = dir.path(), .file_system = &gate, .background_merge = false});
  uint32_t id = CreateCpuHypertable(*engine);
  std::vector<CpuRow> rows;
  for (int n = 0; n < 4; ++n)
    rows = Concat(rows, FlushOverlapping(*engine, id, n));
  const std::set<uint64_t> unmerged = FileNumbers(LiveSegments(dir.path(), id));

  // The merge began before the block held merges off, so only its
  // publication can give way.
  HeldCompaction merge(gate, *engine, id);
  REQUIRE(merge.held());
  auto deletes = std::make_shared<BlockDeletes>();
  std::vector<DataChunk> replacements;
  CHECK(MatchOrFail(*engine, AllColumns(id), Deleting(IsH2), *deletes, replacements) ==
        CountOf(rows, IsH2));
  const std::vector<CpuRow> expected = Without(rows, IsH2);
  CHECK(ScanRows(*engine, InBlock(id, deletes)) == expected);
  REQUIRE_OK(merge.Finish());

  // Published, the merge's output would have replaced the segments the
  // block's markers name: the block would see its deleted rows again and
  // fail to commit for a change nobody made.
  CHECK(FileNumbers(LiveSegments(dir.path(), id)) == unmerged);
  CHECK(TableFiles(dir.path()) == ManifestFiles(dir.path()));
  CHECK(ScanRows(*engine, InBlock(id, deletes)) == expected);
  CheckRows(*engine, id, SortedCpuRows(rows));
  REQUIRE_OK(engine->CommitBlock({}, {*deletes}));
  CheckRows(*engine, id, expected);

  // The merge given up is not lost for good: with the block gone it runs.
  deletes.reset();
  REQUIRE_OK(engine->CompactTable(id));
  CHECK(LiveSegments(dir.path(), id).size() < unmerged.size());
  CheckRows(*engine, id, expected);
  CHECK(TableFiles(dir.path()) == ManifestFiles(dir.path()));
}

Status RunBlock(Engine& engine, uint32_t table_id) {
  BlockDeletes deletes;
  std::vector<DataChunk> rows;
  Result<uint64_t> matched = engine.MatchRowsInBlock(
      AllColumns(table_id), Replacing(IsH3, RenamedOrMoved(Renamed)), deletes, rows);
  INFO(matched.status().ToString());
  REQUIRE(matched.ok());
  rows.push_back(MakeCpuChunk(AddedRows()));
  return engine.CommitBlock({TableAppend{.table_id = table_id, .chunks = rows}}, {deletes});
}

std::vector<CpuRow> AfterBlock(const std::vector<CpuRow>& rows) {
  return SortedCpuRows(Concat(Replaced(rows, IsH3, RenamedOrMoved(Renamed)), AddedRows()));
}

TEST_CASE("A fault while a block commits publishes none of it", "[ts][block_deletes][faults]") {
  const std::vector<FaultSite> sites = FaultSites({
      {
          {.name = "marker create", .op = Op::kCreate, .path = PathsWith(".del")},
          {.name = "marker write", .op = Op::kWrite, .path = PathsWith(".del")},
          {.name = "torn marker write", .op = Op::kWrite, .path = PathsWith(".del"), .torn = true},
          {.name = "marker fsync", .op = Op::kSync, .path = PathsWith(".del")},
          // Hour 0 gets a marker file only.
          {.name = "marker's partition directory fsync",
           .op = Op::kSyncDirectory,
           .path = HourPartitionDir(0),
           .whole_path = true},
      },
      SegmentFaultSites(),
      {
          {.name = "new partition's segment write", .op = Op::kWrite, .path = InHourPartition(5)},
          {.name = "added rows' segment fsync", .op = Op::kSync, .path = InHourPartition(6)},
          {.name = "new partition directory fsync",
           .op = Op::kSyncDirectory,
           .path = HourPartitionDir(5),
           .whole_path = true},
          // Synced once for the marker file, then for the new segment.
          {.name = "existing partition directory fsync for its new segment",
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
        // The fault hits the commit: matching reads the segments only.
        BlockDeletes deletes;
        std::vector<DataChunk> rows;
        CHECK(MatchOrFail(*store.engine, AllColumns(store.id),
                          Replacing(IsH3, RenamedOrMoved(Renamed)), deletes,
                          rows) == CountOf(store.rows, IsH3));
        rows.push_back(MakeCpuChunk(AddedRows()));
        store.Inject(site, error);
        return store.engine->CommitBlock({TableAppend{.table_id = store.id, .chunks = rows}},
                                         {deletes});
      },
      [](FaultyCpuStore& store) {
        // The same block commits once the fault is gone.
        REQUIRE_OK(RunBlock(*store.engine, store.id));
        store.CrashAndReopen();
        CheckRows(*store.engine, store.id, AfterBlock(store.rows));
      });
}

}  // namespace
}  // namespace sundial::ts
