#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

#include "support/fault_injecting_file_system.h"
#include "support/temp_dir.h"
#include "ts/file_system.h"
#include "ts/wal_format.h"
#include "ts/wal_group.h"
#include "ts/wal_reader.h"
#include "ts/wal_writer.h"
#include "ts_test_util.h"

namespace sundial::ts {
namespace {

using testing::CpuRow;
using testing::CpuRows;
using testing::MakeCpuChunk;

constexpr size_t kSmallFragment = 1000;

// Frames with small fragments so modest groups span several records.
std::string Framed(uint32_t table_id, const std::vector<CpuRow>& rows) {
  std::vector<DataChunk> chunks = {MakeCpuChunk(rows)};
  std::string payload;
  EncodeWalGroup({{.table_id = table_id, .chunks = chunks}}, payload);
  std::string framed;
  FrameWalGroup(payload, framed, kSmallFragment);
  return framed;
}

std::vector<CpuRow> RowsOf(const std::vector<DataChunk>& chunks) {
  std::vector<CpuRow> rows;
  for (const DataChunk& chunk : chunks) {
    for (size_t r = 0; r < chunk.size(); ++r) {
      bool null = chunk.columns[2].IsNull(r);
      rows.push_back(CpuRow{.ts = chunk.columns[0].data<int64_t>()[r],
                            .host = std::string(chunk.columns[1].data<std::string_view>()[r]),
                            .usage = null ? 0 : chunk.columns[2].data<double>()[r],
                            .usage_null = null});
    }
  }
  return rows;
}

struct ReadResult {
  Result<WalReadOutcome> outcome;
  std::vector<std::vector<CpuRow>> groups;
};

ReadResult Read(const std::string& contents, bool is_last = true) {
  std::vector<std::vector<CpuRow>> groups;
  auto outcome = ReadWalContents(contents, "test.log", is_last, [&](std::string_view payload) {
    auto group = DecodeWalGroup(payload);
    if (!group.ok()) return group.status();
    REQUIRE(group->tables.size() == 1);
    groups.push_back(RowsOf(group->tables.front().chunks));
    return Status::Ok();
  });
  return ReadResult{.outcome = std::move(outcome), .groups = std::move(groups)};
}

TEST_CASE("WAL groups written by the writer are read back in order", "[wal]") {
  sundial::testing::TempDir dir;
  std::string path = dir.Join("000001.log");
  {
    auto writer = WalWriter::Create(FileSystem::Default(), path, 1, true);
    REQUIRE(writer.ok());
    REQUIRE((*writer)->AddGroup(Framed(7, CpuRows(0, 10))).ok());
    REQUIRE((*writer)->AddGroup(Framed(7, CpuRows(10, 25))).ok());
  }
  auto contents = FileSystem::Default().ReadWholeFile(path);
  REQUIRE(contents.ok());
  ReadResult read = Read(*contents);
  REQUIRE(read.outcome.ok());
  CHECK_FALSE(read.outcome->torn_tail);
  CHECK(read.outcome->valid_end == contents->size());
  REQUIRE(read.groups.size() == 2);
  CHECK(read.groups[0] == CpuRows(0, 10));
  CHECK(read.groups[1] == CpuRows(10, 25));
}

TEST_CASE("A truncated last record is a torn write: ignored and cut off", "[wal]") {
  std::string log = Framed(1, CpuRows(0, 5)) + Framed(1, CpuRows(5, 9));
  size_t first_end = Framed(1, CpuRows(0, 5)).size();
  for (size_t cut : {size_t{1}, size_t{5}, wal::kHeaderSize + 3}) {
    ReadResult read = Read(log.substr(0, log.size() - cut));
    REQUIRE(read.outcome.ok());
    CHECK(read.outcome->torn_tail);
    CHECK(read.outcome->valid_end == first_end);
    REQUIRE(read.groups.size() == 1);
    CHECK(read.groups[0] == CpuRows(0, 5));
  }
}

TEST_CASE("A flipped bit in the last record is ignored as a torn write", "[wal]") {
  std::string first = Framed(1, CpuRows(0, 5));
  std::string log = first + Framed(1, CpuRows(5, 9));
  log[first.size() + wal::kHeaderSize + 2] ^= 0x10;
  ReadResult read = Read(log);
  REQUIRE(read.outcome.ok());
  CHECK(read.outcome->torn_tail);
  CHECK(read.outcome->valid_end == first.size());
  REQUIRE(read.groups.size() == 1);
}

TEST_CASE("A flipped bit in a middle record is corruption", "[wal]") {
  std::string first = Framed(1, CpuRows(0, 5));
  std::string log = first + Framed(1, CpuRows(5, 9)) + Framed(1, CpuRows(9, 12));
  log[first.size() + wal::kHeaderSize + 2] ^= 0x01;
  ReadResult read = Read(log);
  REQUIRE_FALSE(read.outcome.ok());
  CHECK(read.outcome.status().code() == ErrorCode::kCorruption);
  // Even its length field: damage followed by valid data is never a torn tail.
  std::string log2 = first + Framed(1, CpuRows(5, 9)) + Framed(1, CpuRows(9, 12));
  log2[first.size() + 5] ^= 0x40;
  CHECK(Read(log2).outcome.status().code() == ErrorCode::kCorruption);
}

TEST_CASE("Damage in a WAL file that is not the last one is corruption", "[wal]") {
  std::string log = Framed(1, CpuRows(0, 5));
  ReadResult read = Read(log.substr(0, log.size() - 2), /*is_last=*/false);
  CHECK(read.outcome.status().code() == ErrorCode::kCorruption);
}

TEST_CASE("A multi-fragment group cut in the middle is not applied", "[wal]") {
  std::vector<CpuRow> big = CpuRows(0, 200);
  std::string small = Framed(1, CpuRows(0, 3));
  std::string group = Framed(1, big);
  REQUIRE(group.size() > 3 * kSmallFragment);  // kFirst, kMiddle..., kLast
  std::string log = small + group;
  ReadResult whole = Read(log);
  REQUIRE(whole.outcome.ok());
  REQUIRE(whole.groups.size() == 2);
  CHECK(whole.groups[1] == big);
  for (size_t keep : {kSmallFragment + 2 * wal::kHeaderSize, kSmallFragment + wal::kHeaderSize,
                      2 * (kSmallFragment + wal::kHeaderSize), group.size() - 1}) {
    ReadResult read = Read(log.substr(0, small.size() + keep));
    REQUIRE(read.outcome.ok());
    CHECK(read.outcome->torn_tail);
    CHECK(read.outcome->valid_end == small.size());
    REQUIRE(read.groups.size() == 1);
  }
}

TEST_CASE("Concurrent WAL appenders are all written exactly once", "[wal]") {
  sundial::testing::TempDir dir;
  std::string path = dir.Join("000001.log");
  {
    auto writer = WalWriter::Create(FileSystem::Default(), path, 1, true);
    REQUIRE(writer.ok());
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 25; ++i) {
          if (!(*writer)->AddGroup(Framed(static_cast<uint32_t>(t), CpuRows(i, i + 1))).ok()) {
            ++failures;
          }
        }
      });
    }
    for (auto& thread : threads)
      thread.join();
    CHECK(failures == 0);
  }
  auto contents = FileSystem::Default().ReadWholeFile(path);
  REQUIRE(contents.ok());
  ReadResult read = Read(*contents);
  REQUIRE(read.outcome.ok());
  CHECK(read.groups.size() == 100);
}

TEST_CASE("A failed WAL fsync poisons the writer and is never retried", "[wal][faults]") {
  sundial::testing::TempDir dir;
  sundial::testing::FaultInjectingFileSystem fs;
  std::string path = dir.Join("000001.log");
  auto writer = WalWriter::Create(fs, path, 1, true);
  REQUIRE(writer.ok());
  REQUIRE((*writer)->AddGroup(Framed(1, CpuRows(0, 10))).ok());
  uint64_t good_end = (*writer)->good_end();
  CHECK(good_end > 0);

  using Op = sundial::testing::FaultInjectingFileSystem::Op;
  fs.Inject({.op = Op::kSync, .path_contains = path, .error = EIO, .once = true});
  CHECK((*writer)->AddGroup(Framed(1, CpuRows(10, 20))).code() == ErrorCode::kIoError);
  CHECK((*writer)->failed());
  // The fault is gone, yet the writer fails without writing or syncing
  // again: the kernel may have dropped the pages the failed fsync covered.
  Status later = (*writer)->AddGroup(Framed(1, CpuRows(20, 30)));
  CHECK(later.code() == ErrorCode::kIoError);
  CHECK((*writer)->SyncAll().code() == ErrorCode::kIoError);
  CHECK(fs.injected_failures() == 1);
  CHECK((*writer)->good_end() == good_end);
  auto size = fs.FileSize(path);
  REQUIRE(size.ok());
  CHECK(*size > good_end);  // the failed group was written, never synced
}

TEST_CASE("A group framed in place equals the framed payload", "[wal]") {
  std::vector<DataChunk> chunks = {MakeCpuChunk(CpuRows(0, 40))};
  std::vector<DataChunk> other = {MakeCpuChunk(CpuRows(40, 45))};
  std::vector<TableAppend> tables = {{.table_id = 9, .chunks = chunks},
                                     {.table_id = 4, .chunks = other}};
  std::string payload;
  EncodeWalGroup(tables, payload);
  std::string framed;
  FrameWalGroup(payload, framed);
  CHECK(EncodeFramedWalGroup(tables) == framed);
}

TEST_CASE("A group carries the rows of several tables, in call order", "[wal]") {
  std::vector<DataChunk> first = {MakeCpuChunk(CpuRows(0, 3)), MakeCpuChunk(CpuRows(3, 9))};
  std::vector<DataChunk> second = {MakeCpuChunk(CpuRows(20, 25))};
  std::vector<DataChunk> none;
  std::string payload;
  EncodeWalGroup({{.table_id = 8, .chunks = first},
                  {.table_id = 2, .chunks = second},
                  {.table_id = 5, .chunks = none}},
                 payload);
  auto group = DecodeWalGroup(payload);
  REQUIRE(group.ok());
  REQUIRE(group->tables.size() == 3);
  CHECK(group->tables[0].table_id == 8);
  CHECK(RowsOf(group->tables[0].chunks) == CpuRows(0, 9));
  CHECK(group->tables[1].table_id == 2);
  CHECK(RowsOf(group->tables[1].chunks) == CpuRows(20, 25));
  CHECK(group->tables[2].table_id == 5);
  CHECK(group->tables[2].chunks.empty());
}

TEST_CASE("A group in the single-table layout of earlier versions decodes as one table", "[wal]") {
  std::vector<DataChunk> chunks = {MakeCpuChunk(CpuRows(0, 12))};
  std::string payload;
  EncodeWalGroup({{.table_id = 6, .chunks = chunks}}, payload);
  // That layout is the one table's part alone: no marker, no table count.
  std::string old_layout = payload.substr(8);
  auto group = DecodeWalGroup(old_layout);
  REQUIRE(group.ok());
  REQUIRE(group->tables.size() == 1);
  CHECK(group->tables[0].table_id == 6);
  CHECK(RowsOf(group->tables[0].chunks) == CpuRows(0, 12));
  for (size_t n = 0; n < old_layout.size(); ++n) {
    CHECK(DecodeWalGroup(std::string_view(old_layout).substr(0, n)).status().code() ==
          ErrorCode::kCorruption);
  }
}

TEST_CASE("A hostile table count in a group is corruption", "[wal]") {
  std::string payload;
  PutFixed<uint32_t>(payload, wal::kMultiTableGroup);
  PutFixed<uint32_t>(payload, 0x7fffffff);
  PutFixed<uint32_t>(payload, 1);
  PutFixed<uint32_t>(payload, 0);
  CHECK(DecodeWalGroup(payload).status().code() == ErrorCode::kCorruption);
}

TEST_CASE("A malformed group payload is corruption, not a crash", "[wal]") {
  std::vector<DataChunk> chunks = {MakeCpuChunk(CpuRows(0, 4))};
  std::vector<DataChunk> other = {MakeCpuChunk(CpuRows(4, 6))};
  std::string payload;
  EncodeWalGroup({{.table_id = 3, .chunks = chunks}, {.table_id = 5, .chunks = other}}, payload);
  for (size_t n = 0; n < payload.size(); ++n) {
    auto group = DecodeWalGroup(std::string_view(payload).substr(0, n));
    REQUIRE_FALSE(group.ok());
    CHECK(group.status().code() == ErrorCode::kCorruption);
  }
  REQUIRE(DecodeWalGroup(payload).ok());
}

}  // namespace
}  // namespace sundial::ts
