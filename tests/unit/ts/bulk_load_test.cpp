#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "support/temp_dir.h"
#include "ts/filenames.h"
#include "ts_test_util.h"

namespace sundial::ts {
namespace {

using testing::CpuRow;
using testing::CpuRows;
using testing::CpuSchema;
using testing::MakeCpuChunk;
using testing::ScanAll;

// Small enough that a few thousand rows spill to segment files several times.
constexpr size_t kSmallFlushBytes = 16 << 10;

std::unique_ptr<Engine> OpenEngine(const std::string& dir, size_t flush_bytes = kSmallFlushBytes) {
  auto engine = Engine::Open(EngineOptions{.data_dir = dir, .memtable_flush_bytes = flush_bytes});
  INFO(engine.status().ToString());
  REQUIRE(engine.ok());
  return std::move(engine).value();
}

uint32_t CreateHypertable(Engine& engine) {
  REQUIRE(engine.CreateTable(CpuSchema()).ok());
  auto hyper = engine.MakeHypertable("cpu", 0, kMicrosPerHour);
  REQUIRE(hyper.ok());
  return hyper->table_id;
}

// Rows [begin, end) ten seconds apart, so 4000 rows cross several hourly partitions.
std::vector<CpuRow> LoadRows(int64_t begin, int64_t end) {
  return CpuRows(begin, end, 0, 10 * kMicrosPerSecond);
}

std::vector<CpuRow> Sorted(std::vector<CpuRow> rows) {
  std::stable_sort(rows.begin(), rows.end(),
                   [](const CpuRow& a, const CpuRow& b) { return a.ts < b.ts; });
  return rows;
}

size_t SegmentFileCount(const std::string& dir) {
  size_t files = 0;
  if (!std::filesystem::exists(dir + "/tables")) return 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir + "/tables")) {
    if (entry.is_regular_file()) ++files;
  }
  return files;
}

// Adds rows [0, rows) in chunks of 500.
void AddRows(BulkLoad& load, int64_t rows) {
  for (int64_t begin = 0; begin < rows; begin += 500) {
    std::vector<DataChunk> chunks;
    chunks.push_back(MakeCpuChunk(LoadRows(begin, std::min(rows, begin + 500))));
    REQUIRE(load.Add(std::move(chunks)).ok());
  }
}

TEST_CASE("A large bulk load is invisible until Commit and then complete", "[bulk]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateHypertable(*engine);
  REQUIRE(engine->Append(id, {MakeCpuChunk(LoadRows(-10, 0))}).ok());
  auto load = engine->BeginBulkLoad(id);
  REQUIRE(load.ok());
  AddRows(**load, 4000);
  CHECK(ScanAll(*engine, id) == LoadRows(-10, 0));
  CHECK(engine->Stats(id)->row_count == 10);

  REQUIRE((*load)->Commit().ok());
  CHECK(Sorted(ScanAll(*engine, id)) == LoadRows(-10, 4000));
  CHECK(engine->Stats(id)->row_count == 4010);
  CHECK(SegmentFileCount(dir.path()) > 1);  // written ahead, not held in memory

  engine.reset();
  engine = OpenEngine(dir.path());
  CHECK(Sorted(ScanAll(*engine, id)) == LoadRows(-10, 4000));
}

TEST_CASE("A bulk load that is abandoned leaves no rows and no files", "[bulk]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateHypertable(*engine);
  {
    auto load = engine->BeginBulkLoad(id);
    REQUIRE(load.ok());
    AddRows(**load, 4000);
  }
  CHECK(ScanAll(*engine, id).empty());
  CHECK(SegmentFileCount(dir.path()) == 0);
  REQUIRE(engine->Checkpoint().ok());
  CHECK(engine->Stats(id)->row_count == 0);
}

TEST_CASE("A crash before a bulk load commits leaves nothing, after it everything", "[bulk]") {
  sundial::testing::TempDir dir;
  uint32_t id = 0;
  {
    auto engine = OpenEngine(dir.path());
    id = CreateHypertable(*engine);
  }
  for (bool commit : {false, true}) {
    // The child dies without running any destructor, like kill -9.
    pid_t child = fork();
    if (child == 0) {
      auto engine = Engine::Open(
          EngineOptions{.data_dir = dir.path(), .memtable_flush_bytes = kSmallFlushBytes});
      if (!engine.ok()) _exit(2);
      auto load = (*engine)->BeginBulkLoad(id);
      if (!load.ok()) _exit(3);
      for (int64_t begin = 0; begin < 4000; begin += 500) {
        std::vector<DataChunk> chunks;
        chunks.push_back(MakeCpuChunk(LoadRows(begin, begin + 500)));
        if (!(*load)->Add(std::move(chunks)).ok()) _exit(4);
      }
      if (commit && !(*load)->Commit().ok()) _exit(5);
      // Give the writer time to put unpublished segment files on disk.
      if (!commit) sleep(1);
      _exit(0);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    auto engine = OpenEngine(dir.path());
    if (commit) {
      CHECK(Sorted(ScanAll(*engine, id)) == LoadRows(0, 4000));
    } else {
      CHECK(ScanAll(*engine, id).empty());
      CHECK(SegmentFileCount(dir.path()) == 0);
    }
  }
}

TEST_CASE("A bulk load below the flush size commits through the WAL", "[bulk]") {
  sundial::testing::TempDir dir;
  uint32_t id = 0;
  {
    auto engine = OpenEngine(dir.path(), 64 << 20);
    id = CreateHypertable(*engine);
    auto load = engine->BeginBulkLoad(id);
    REQUIRE(load.ok());
    AddRows(**load, 1200);
    CHECK(ScanAll(*engine, id).empty());
    REQUIRE((*load)->Commit().ok());
    CHECK(ScanAll(*engine, id) == LoadRows(0, 1200));
    CHECK(SegmentFileCount(dir.path()) == 0);
  }
  auto engine = OpenEngine(dir.path(), 64 << 20);
  CHECK(ScanAll(*engine, id) == LoadRows(0, 1200));
}

TEST_CASE("A bulk load fails at Commit when its table was dropped meanwhile", "[bulk]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateHypertable(*engine);
  auto load = engine->BeginBulkLoad(id);
  REQUIRE(load.ok());
  AddRows(**load, 2000);
  REQUIRE(engine->DropTable("cpu").ok());
  Status added = Status::Ok();
  for (int i = 0; i < 4 && added.ok(); ++i) {
    std::vector<DataChunk> chunks;
    chunks.push_back(MakeCpuChunk(LoadRows(2000 + i * 500, 2500 + i * 500)));
    added = (*load)->Add(std::move(chunks));
  }
  Status committed = added.ok() ? (*load)->Commit() : added;
  CHECK_FALSE(committed.ok());
  load->reset();
  CHECK_FALSE(engine->FindTable("cpu"));
  CHECK(SegmentFileCount(dir.path()) == 0);
}

TEST_CASE("Chunks longer than a memtable block are loaded intact", "[bulk]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateHypertable(*engine);
  auto load = engine->BeginBulkLoad(id);
  REQUIRE(load.ok());
  std::vector<DataChunk> chunks;
  chunks.push_back(MakeCpuChunk(LoadRows(0, 9000)));
  chunks.push_back(MakeCpuChunk(LoadRows(9000, 9001)));
  REQUIRE((*load)->Add(std::move(chunks)).ok());
  REQUIRE((*load)->Commit().ok());
  CHECK(Sorted(ScanAll(*engine, id)) == LoadRows(0, 9001));
  CHECK(SegmentFileCount(dir.path()) > 1);
}

TEST_CASE("A bulk load rejects chunks that do not match the table", "[bulk]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateHypertable(*engine);
  auto load = engine->BeginBulkLoad(id);
  REQUIRE(load.ok());
  DataChunk chunk = MakeCpuChunk(LoadRows(0, 3));
  chunk.columns[0].SetNull(1, true);
  std::vector<DataChunk> chunks;
  chunks.push_back(std::move(chunk));
  Status added = (*load)->Add(std::move(chunks));
  CHECK(added.code() == ErrorCode::kNotNullViolation);
  CHECK(engine->BeginBulkLoad(id + 100).status().code() == ErrorCode::kUndefinedTable);
}

}  // namespace
}  // namespace sundial::ts
