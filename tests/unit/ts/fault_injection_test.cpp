#include <catch2/catch.hpp>

#include <algorithm>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "support/fault_injecting_file_system.h"
#include "support/temp_dir.h"
#include "ts/filenames.h"
#include "ts_test_util.h"

// Faults injected through the FileSystem at every write, fsync and rename
// site of the WAL, flushes, merges and the manifest: the statement fails
// with 53100 (disk full) or 58030 (I/O error), reads go on, clearing the
// fault lets writes resume without reopening, and a power loss keeps every
// acknowledged row exactly once.

namespace sundial::ts {
namespace {

using namespace testing;
using sundial::testing::FaultInjectingFileSystem;
using Op = FaultInjectingFileSystem::Op;

std::vector<CpuRow> Sorted(std::vector<CpuRow> rows) {
  std::sort(rows.begin(), rows.end(), [](const CpuRow& a, const CpuRow& b) {
    return std::tie(a.ts, a.host, a.usage, a.usage_null) <
           std::tie(b.ts, b.host, b.usage, b.usage_null);
  });
  return rows;
}

// A store on a fault-injecting file system, with the rows it acknowledged.
class FaultyStore {
 public:
  explicit FaultyStore(EngineOptions extra = {}) {
    options_ = extra;
    options_.data_dir = dir_.path();
    options_.file_system = &fs_;
    options_.background_merge = false;
    engine_ = OpenOrFail(options_);
    table_id_ = CreateCpuHypertable(*engine_, kMicrosPerHour);
  }

  FaultInjectingFileSystem& fs() { return fs_; }
  Engine& engine() { return *engine_; }
  uint32_t table_id() const { return table_id_; }
  const std::string& dir() const { return dir_.path(); }

  // Appends rows [begin, end) (spread over two hourly partitions); returns
  // the outcome and remembers the rows when acknowledged.
  Status Append(int64_t begin, int64_t end) {
    std::vector<CpuRow> rows = CpuRows(begin, end, 0, kMicrosPerSecond * 5);
    Status status = engine_->Append(table_id_, {MakeCpuChunk(rows)});
    if (status.ok()) acknowledged_.insert(acknowledged_.end(), rows.begin(), rows.end());
    return status;
  }

  // Loads rows [begin, end) with a bulk load in batches of 100; returns the
  // first error, and remembers the rows when the commit succeeds.
  Status BulkLoad(int64_t begin, int64_t end) {
    std::vector<CpuRow> rows = CpuRows(begin, end, 0, kMicrosPerSecond * 5);
    ASSIGN_OR_RETURN(auto load, engine_->BeginBulkLoad(table_id_));
    for (size_t i = 0; i < rows.size(); i += 100) {
      std::vector<CpuRow> batch(rows.begin() + i, rows.begin() + std::min(rows.size(), i + 100));
      RETURN_IF_ERROR(load->Add({MakeCpuChunk(batch)}));
    }
    RETURN_IF_ERROR(load->Commit());
    acknowledged_.insert(acknowledged_.end(), rows.begin(), rows.end());
    return Status::Ok();
  }

  std::vector<CpuRow> Scan() { return Sorted(ScanAll(*engine_, table_id_)); }
  std::vector<CpuRow> Acknowledged() const { return Sorted(acknowledged_); }

  // Closes the engine and opens the store again.
  void Reopen() {
    engine_.reset();
    fs_.ClearFaults();
    engine_ = OpenOrFail(options_);
  }

  // Closes the engine, loses power, and opens the store again.
  void CrashAndReopen() {
    engine_.reset();
    fs_.ClearFaults();
    Status crashed = fs_.Crash();
    INFO(crashed.ToString());
    REQUIRE(crashed.ok());
    engine_ = OpenOrFail(options_);
  }

 private:
  sundial::testing::TempDir dir_;
  FaultInjectingFileSystem fs_;
  EngineOptions options_;
  std::unique_ptr<Engine> engine_;
  uint32_t table_id_ = 0;
  std::vector<CpuRow> acknowledged_;
};

ErrorCode CodeFor(int error) {
  return error == ENOSPC ? ErrorCode::kDiskFull : ErrorCode::kIoError;
}

// Where a fault is injected and which statement meets it.
struct Site {
  const char* name;
  Op op;
  // Relative to the data directory; whole_path when it names a directory
  // whose children must not match.
  std::string path;
  bool whole_path = false;
  bool append_fails = false;  // else Append succeeds and Checkpoint fails
};

std::vector<Site> WriteSites() {
  return {
      {.name = "WAL write", .op = Op::kWrite, .path = "/wal/", .append_fails = true},
      {.name = "WAL fsync", .op = Op::kSync, .path = "/wal/", .append_fails = true},
      {.name = "new WAL file", .op = Op::kCreate, .path = "/wal/"},
      {.name = "WAL directory fsync", .op = Op::kSyncDirectory, .path = "/wal", .whole_path = true},
      {.name = "segment create", .op = Op::kCreate, .path = "/tables/"},
      {.name = "segment write", .op = Op::kWrite, .path = "/tables/"},
      {.name = "segment fsync", .op = Op::kSync, .path = "/tables/"},
      {.name = "partition directory fsync", .op = Op::kSyncDirectory, .path = "/tables/"},
      {.name = "manifest write", .op = Op::kWrite, .path = "/MANIFEST"},
      {.name = "manifest fsync", .op = Op::kSync, .path = "/MANIFEST"},
      {.name = "manifest rename", .op = Op::kRename, .path = "/MANIFEST"},
      {.name = "manifest directory fsync",
       .op = Op::kSyncDirectory,
       .path = "",
       .whole_path = true},
  };
}

// Fails the site's operations after the first `skip` from now on, then
// runs Appends, each followed by a CHECKPOINT (freeze, flush, manifest
// switch), until a statement meets the fault; checks that it is the right
// one and fails with the right code, naming the file.
void FailAtSite(FaultyStore& store, const Site& site, int error, int skip = 0) {
  store.fs().Inject({.op = site.op,
                     .path_contains = store.dir() + site.path,
                     .whole_path = site.whole_path,
                     .skip = skip,
                     .error = error});
  for (int64_t i = 0; i < 4; ++i) {
    Status appended = store.Append(1000 + i * 100, 1100 + i * 100);
    Status status = appended.ok() ? store.engine().Checkpoint() : appended;
    if (status.ok()) continue;
    INFO(status.ToString());
    CHECK(appended.ok() != site.append_fails);
    CHECK(status.code() == CodeFor(error));
    CHECK(status.message().find(store.dir()) != std::string::npos);
    return;
  }
  FAIL("no statement met the fault");
}

TEST_CASE("A fault at any write site fails the statement, reads go on and writes resume",
          "[faults]") {
  for (auto [error, skip] : {std::pair{ENOSPC, 0}, std::pair{EIO, 0}, std::pair{ENOSPC, 1}}) {
    for (const Site& site : WriteSites()) {
      INFO(site.name << (error == ENOSPC ? " ENOSPC" : " EIO") << " after " << skip);
      FaultyStore store;
      REQUIRE(store.Append(0, 500).ok());
      REQUIRE_OK(store.engine().Checkpoint());
      REQUIRE(store.Append(500, 1000).ok());

      FailAtSite(store, site, error, skip);
      CHECK(store.fs().injected_failures() > 0);
      CHECK(store.Scan() == store.Acknowledged());
      // A second try while the disk is still full fails again, reads still go on.
      Status again = store.Append(1500, 1600);
      if (site.append_fails) CHECK(again.code() == CodeFor(error));
      CHECK(store.Scan() == store.Acknowledged());

      store.fs().ClearFaults();
      REQUIRE(store.Append(2000, 2100).ok());
      Status checkpoint = store.engine().Checkpoint();
      INFO(checkpoint.ToString());
      REQUIRE(checkpoint.ok());
      REQUIRE(store.Append(2100, 2200).ok());
      CHECK(store.Scan() == store.Acknowledged());

      store.CrashAndReopen();
      CHECK(store.Scan() == store.Acknowledged());
      REQUIRE(store.Append(3000, 3100).ok());
      CHECK(store.Scan() == store.Acknowledged());
    }
  }
}

TEST_CASE("A power loss while a fault persists keeps exactly the acknowledged rows", "[faults]") {
  for (const Site& site : WriteSites()) {
    INFO(site.name);
    FaultyStore store;
    REQUIRE(store.Append(0, 500).ok());
    REQUIRE_OK(store.engine().Checkpoint());
    REQUIRE(store.Append(500, 1000).ok());
    FailAtSite(store, site, EIO);
    store.Append(1500, 1600).IgnoreError();

    store.CrashAndReopen();
    CHECK(store.Scan() == store.Acknowledged());
    REQUIRE(store.Append(2000, 2100).ok());
    REQUIRE_OK(store.engine().Checkpoint());
    CHECK(store.Scan() == store.Acknowledged());
  }
}

TEST_CASE("A torn WAL write is cut off before the next WAL file starts", "[faults][wal]") {
  FaultyStore store;
  REQUIRE(store.Append(0, 300).ok());
  store.fs().Inject({.op = Op::kWrite,
                     .path_contains = store.dir() + "/wal/",
                     .error = ENOSPC,
                     .once = true,
                     .torn = true});
  CHECK(store.Append(300, 600).code() == ErrorCode::kDiskFull);
  // The next Append starts a new WAL file after the last good record.
  REQUIRE(store.Append(600, 900).ok());
  REQUIRE(store.Append(900, 1000).ok());
  CHECK(store.Scan() == store.Acknowledged());

  // Without a power loss too, the torn record never reaches replay: the WAL
  // file holding it is no longer the last one, where damage is corruption.
  store.CrashAndReopen();
  CHECK(store.Scan() == store.Acknowledged());
}

TEST_CASE("A failed Append's rows stay invisible after a clean restart", "[faults][wal]") {
  FaultyStore store;
  REQUIRE(store.Append(0, 300).ok());
  // The record is written whole, but its fsync fails: its outcome is not
  // acknowledged, so it is cut off when the engine closes.
  store.fs().Inject({.op = Op::kSync, .path_contains = store.dir() + "/wal/", .error = EIO});
  CHECK(store.Append(300, 600).code() == ErrorCode::kIoError);
  CHECK(store.Scan() == store.Acknowledged());
  store.Reopen();
  CHECK(store.Scan() == store.Acknowledged());
}

TEST_CASE("Writers fail instead of waiting forever when a full memtable cannot be flushed",
          "[faults][flush]") {
  FaultyStore store(EngineOptions{.memtable_flush_bytes = 1});
  REQUIRE(store.Append(0, 100).ok());
  store.fs().Inject({.op = Op::kWrite, .path_contains = store.dir() + "/tables/"});
  // Freezes the first rows (their flush fails in the background) and takes
  // these into a new memtable.
  REQUIRE(store.Append(100, 200).ok());
  // Both memtables are full and the flush keeps failing.
  CHECK(store.Append(200, 300).code() == ErrorCode::kDiskFull);
  CHECK(store.Scan() == store.Acknowledged());

  store.fs().ClearFaults();
  REQUIRE(store.Append(300, 400).ok());
  REQUIRE_OK(store.engine().Checkpoint());
  CHECK(store.Scan() == store.Acknowledged());
  store.CrashAndReopen();
  CHECK(store.Scan() == store.Acknowledged());
}

TEST_CASE("A fault while a merge writes or publishes leaves the inputs live", "[faults][merge]") {
  for (Op op : {Op::kWrite, Op::kSync, Op::kRename}) {
    for (int error : {ENOSPC, EIO}) {
      FaultyStore store;
      for (int i = 0; i < 4; ++i) {
        REQUIRE(store.Append(i * 100, i * 100 + 100).ok());
        REQUIRE_OK(store.engine().Checkpoint());
      }
      std::string path = store.dir() + (op == Op::kRename ? "/MANIFEST" : "/tables/");
      store.fs().Inject({.op = op, .path_contains = path, .error = error});
      Status merged = store.engine().CompactTable(store.table_id());
      CHECK(merged.code() == CodeFor(error));
      CHECK(store.Scan() == store.Acknowledged());

      store.fs().ClearFaults();
      REQUIRE(store.engine().CompactTable(store.table_id()).ok());
      REQUIRE(store.Append(1000, 1100).ok());
      CHECK(store.Scan() == store.Acknowledged());
      store.CrashAndReopen();
      CHECK(store.Scan() == store.Acknowledged());
    }
  }
}

TEST_CASE("Concurrent writers through WAL faults lose no acknowledged row", "[faults][wal]") {
  FaultyStore store(EngineOptions{.memtable_flush_bytes = 64 << 10});
  std::mutex mu;
  std::vector<CpuRow> acknowledged;
  int failed = 0;
  auto writer = [&](int t) {
    for (int i = 0; i < 60; ++i) {
      int64_t begin = (t * 1000 + i) * 10;
      std::vector<CpuRow> rows = CpuRows(begin, begin + 10, 0, kMicrosPerSecond);
      Status status = store.engine().Append(store.table_id(), {MakeCpuChunk(rows)});
      std::lock_guard lock(mu);
      if (status.ok()) {
        acknowledged.insert(acknowledged.end(), rows.begin(), rows.end());
      } else {
        CHECK((status.code() == ErrorCode::kDiskFull || status.code() == ErrorCode::kIoError));
        ++failed;
      }
    }
  };
  // Faults come and go while four writers append: torn writes, failed
  // fsyncs, a WAL file that cannot be created.
  const std::string wal = store.dir() + "/wal/";
  store.fs().Inject(
      {.op = Op::kWrite, .path_contains = wal, .skip = 20, .once = true, .torn = true});
  store.fs().Inject(
      {.op = Op::kSync, .path_contains = wal, .skip = 40, .error = EIO, .once = true});
  store.fs().Inject({.op = Op::kCreate, .path_contains = wal, .skip = 1, .once = true});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back(writer, t);
  for (auto& thread : threads)
    thread.join();
  CHECK(failed > 0);
  CHECK(store.Scan() == Sorted(acknowledged));
  REQUIRE_OK(store.engine().Checkpoint());
  CHECK(store.Scan() == Sorted(acknowledged));
  store.CrashAndReopen();
  CHECK(store.Scan() == Sorted(acknowledged));
}

TEST_CASE("A fault during a bulk load fails it and loads nothing", "[faults][bulk_load]") {
  for (auto [op, path] : {std::pair{Op::kWrite, "/tables/"}, std::pair{Op::kSync, "/tables/"},
                          std::pair{Op::kRename, "/MANIFEST"}}) {
    FaultyStore store(EngineOptions{.memtable_flush_bytes = 4096});
    REQUIRE(store.Append(0, 100).ok());
    store.fs().Inject({.op = op, .path_contains = store.dir() + path});
    CHECK(store.BulkLoad(1000, 3000).code() == ErrorCode::kDiskFull);
    CHECK(store.Scan() == store.Acknowledged());

    store.fs().ClearFaults();
    REQUIRE_OK(store.BulkLoad(3000, 5000));
    CHECK(store.Scan() == store.Acknowledged());
    store.CrashAndReopen();
    CHECK(store.Scan() == store.Acknowledged());
  }
}

TEST_CASE("A failed manifest switch leaves DDL undone and the old manifest live", "[faults]") {
  FaultyStore store;
  REQUIRE(store.Append(0, 100).ok());
  store.fs().Inject({.op = Op::kRename, .path_contains = store.dir() + "/MANIFEST"});
  auto created = store.engine().CreateTable(CpuSchema("other"));
  CHECK(created.status().code() == ErrorCode::kDiskFull);
  CHECK_FALSE(store.engine().FindTable("other").has_value());
  CHECK(store.Scan() == store.Acknowledged());

  store.fs().ClearFaults();
  REQUIRE(store.engine().CreateTable(CpuSchema("other")).ok());
  store.CrashAndReopen();
  CHECK(store.engine().FindTable("other").has_value());
  CHECK(store.Scan() == store.Acknowledged());
}

TEST_CASE("A simulated power loss forgets unsynced bytes, files and renames", "[faults]") {
  sundial::testing::TempDir dir;
  FaultInjectingFileSystem fs;
  {
    auto kept = fs.NewWritableFile(dir.Join("kept"));
    REQUIRE(kept.ok());
    REQUIRE((*kept)->Append("durable").ok());
    REQUIRE((*kept)->Sync().ok());
    REQUIRE((*kept)->Append(" lost").ok());
  }
  REQUIRE(fs.SyncDirectory(dir.path()).ok());
  {
    auto fresh = fs.NewWritableFile(dir.Join("fresh"));
    REQUIRE(fresh.ok());
    REQUIRE((*fresh)->Append("x").ok());
    REQUIRE((*fresh)->Sync().ok());
  }
  REQUIRE(fs.RenameFile(dir.Join("fresh"), dir.Join("kept")).ok());
  REQUIRE(fs.PathExists(dir.Join("kept")));
  REQUIRE(fs.Crash().ok());
  CHECK_FALSE(fs.PathExists(dir.Join("fresh")));
  auto contents = fs.ReadWholeFile(dir.Join("kept"));
  REQUIRE(contents.ok());
  CHECK(*contents == "durable");
}

}  // namespace
}  // namespace sundial::ts
