#pragma once

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "support/fault_injecting_file_system.h"
#include "support/temp_dir.h"
#include "ts/filenames.h"
#include "ts_test_util.h"

namespace sundial::ts::testing {

// The path a fault matches, given the data directory and the table id: the
// names of new files and partitions are only known once the store exists.
using FaultPath = std::function<std::string(const std::string& dir, uint32_t table_id)>;

using FaultOp = sundial::testing::FaultInjectingFileSystem::Op;

// One step of a change that a fault test fails.
struct FaultSite {
  const char* name;
  FaultOp op;
  FaultPath path;
  bool whole_path = false;
  int skip = 0;
  bool torn = false;
  // When the manifest may already name the new files, they are left for
  // the next Open to remove.
  bool files_may_remain = false;
};

// Every path holding `text`, such as a file suffix.
inline FaultPath PathsWith(std::string text) {
  return [text](const std::string&, uint32_t) { return text; };
}

// The directory of the partition starting at `hour`; for whole_path sites.
inline FaultPath HourPartitionDir(int64_t hour) {
  return [hour](const std::string& dir, uint32_t id) {
    return PartitionDirectory(dir, id, hour * kMicrosPerHour);
  };
}

// The files in the partition starting at `hour`.
inline FaultPath InHourPartition(int64_t hour) {
  return [hour](const std::string& dir, uint32_t id) {
    return PartitionDirectory(dir, id, hour * kMicrosPerHour) + "/";
  };
}

inline std::string TablesDir(const std::string& dir, uint32_t) {
  return TablesDirectory(dir);
}

// A prefix, so the manifest's temporary file matches too.
inline std::string ManifestPaths(const std::string& dir, uint32_t) {
  return dir + "/MANIFEST";
}

inline std::string DataDir(const std::string& dir, uint32_t) {
  return dir;
}

// Every change writing segments takes these steps, wherever the segments go.
inline std::vector<FaultSite> SegmentFaultSites() {
  return {
      {.name = "segment create", .op = FaultOp::kCreate, .path = PathsWith(".seg")},
      {.name = "segment write", .op = FaultOp::kWrite, .path = PathsWith(".seg")},
      {.name = "torn segment write",
       .op = FaultOp::kWrite,
       .path = PathsWith(".seg"),
       .torn = true},
      {.name = "segment fsync", .op = FaultOp::kSync, .path = PathsWith(".seg")},
  };
}

// Every change adding partitions ends with these steps, once its files are
// durable: the new partitions' entries, then the manifest switch.
inline std::vector<FaultSite> PublishFaultSites() {
  return {
      {.name = "tables directory fsync",
       .op = FaultOp::kSyncDirectory,
       .path = TablesDir,
       .whole_path = true},
      {.name = "manifest write", .op = FaultOp::kWrite, .path = ManifestPaths},
      {.name = "manifest fsync", .op = FaultOp::kSync, .path = ManifestPaths},
      {.name = "manifest rename", .op = FaultOp::kRename, .path = ManifestPaths},
      {.name = "data directory fsync after the manifest rename",
       .op = FaultOp::kSyncDirectory,
       .path = DataDir,
       .whole_path = true,
       .files_may_remain = true},
  };
}

inline std::vector<FaultSite> FaultSites(std::initializer_list<std::vector<FaultSite>> parts) {
  std::vector<FaultSite> sites;
  for (const std::vector<FaultSite>& part : parts)
    sites.insert(sites.end(), part.begin(), part.end());
  return sites;
}

// A store on a fault-injecting file system holding three hours of rows in
// segments.
struct FaultyCpuStore {
  sundial::testing::TempDir dir;
  sundial::testing::FaultInjectingFileSystem fs;
  EngineOptions options;
  std::unique_ptr<Engine> engine;
  uint32_t id = 0;
  std::vector<CpuRow> rows = CpuRows(0, 3 * 3600, 0, kMicrosPerSecond);

  FaultyCpuStore() {
    options = EngineOptions{.data_dir = dir.path(), .file_system = &fs, .background_merge = false};
    engine = OpenOrFail(options);
    id = CreateCpuHypertable(*engine);
    REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
    REQUIRE(engine->Checkpoint().ok());
  }

  void Inject(const FaultSite& site, int error) {
    fs.Inject({.op = site.op,
               .path_contains = site.path(dir.path(), id),
               .whole_path = site.whole_path,
               .skip = site.skip,
               .error = error,
               .torn = site.torn});
  }

  void CrashAndReopen() {
    engine.reset();
    fs.ClearFaults();
    Status crashed = fs.Crash();
    INFO(crashed.ToString());
    REQUIRE(crashed.ok());
    engine = OpenOrFail(options);
  }
};

// The change the fault tests make renames h3 rows with a test's own
// `renamed` and moves those of the first hour to a partition of their own,
// and adds AddedRows in another, so that it writes marker files, segments in
// existing partitions and two new partitions.
inline RowChange RenamedOrMoved(RowChange renamed) {
  return [renamed = std::move(renamed)](const CpuRow& row) {
    CpuRow changed = renamed(row);
    if (row.ts < kMicrosPerHour) changed.ts += 5 * kMicrosPerHour;
    return changed;
  };
}

inline std::vector<CpuRow> AddedRows() {
  return CpuRows(0, 100, 6 * kMicrosPerHour);
}

using RowCheck = std::function<void(Engine&, uint32_t, const std::vector<CpuRow>&)>;

// For each site, with a full disk and with an I/O error, on a fresh store:
// `fail(store, site, error)` makes the change with the fault injected
// (FaultyCpuStore::Inject) where the test means it to hit, and returns its
// status. The change must fail with that error and leave the rows,
// partitions and files as they were, read by `check_rows`, and so must a
// power loss right after, which takes the fault away. `after_crash(store)`
// then goes on from the reopened store.
template <typename Fail, typename AfterCrash>
void CheckFaultsLeaveStoreAsItWas(const std::vector<FaultSite>& sites, const RowCheck& check_rows,
                                  Fail fail, AfterCrash after_crash) {
  for (const FaultSite& site : sites) {
    for (int error : {ENOSPC, EIO}) {
      INFO(site.name << " errno " << error);
      FaultyCpuStore store;
      const std::string& dir = store.dir.path();
      const std::vector<int64_t> partitions = Partitions(*store.engine, store.id);
      Status failed = fail(store, site, error);
      REQUIRE(store.fs.injected_failures() > 0);
      INFO(failed.ToString());
      CHECK(failed.code() == (error == ENOSPC ? ErrorCode::kDiskFull : ErrorCode::kIoError));
      check_rows(*store.engine, store.id, SortedCpuRows(store.rows));
      CHECK(Partitions(*store.engine, store.id) == partitions);
      if (!site.files_may_remain) CHECK(TableFiles(dir) == ManifestFiles(dir));

      store.CrashAndReopen();
      check_rows(*store.engine, store.id, SortedCpuRows(store.rows));
      CHECK(Partitions(*store.engine, store.id) == partitions);
      CHECK(TableFiles(dir) == ManifestFiles(dir));
      after_crash(store);
    }
  }
}

}  // namespace sundial::ts::testing
