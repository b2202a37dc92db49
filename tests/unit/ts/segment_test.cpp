#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>
#include <limits>

#include "support/temp_dir.h"
#include "ts/coding.h"
#include "ts/file_system.h"
#include "ts/segment_format.h"
#include "ts/segment_reader.h"
#include "ts/segment_writer.h"

namespace sundial::ts {
namespace {

// Writes a segment of (ts int64 = i * 10, tag text) in row groups of `group` rows.
void WriteSample(const std::string& path, size_t rows, size_t group) {
  auto writer = SegmentWriter::Create(FileSystem::Default(), path,
                                      {{.table_column = 0, .type = TypeId::kTimestampTz},
                                       {.table_column = 1, .type = TypeId::kText}},
                                      0);
  REQUIRE(writer.ok());
  for (size_t begin = 0; begin < rows; begin += group) {
    size_t n = std::min(group, rows - begin);
    std::vector<int64_t> ts(n);
    std::vector<std::string_view> tags(n);
    for (size_t i = 0; i < n; ++i) {
      ts[i] = static_cast<int64_t>((begin + i) * 10);
      tags[i] = (begin + i) % 2 ? "odd" : "even";
    }
    REQUIRE((*writer)
                ->AddRowGroup(
                    {BlockValues{.type = TypeId::kTimestampTz, .values = ts.data(), .count = n},
                     BlockValues{.type = TypeId::kText, .values = tags.data(), .count = n}},
                    n)
                .ok());
  }
  REQUIRE((*writer)->Finish().ok());
}

TEST_CASE("A segment's footer indexes every block with its time range", "[segment]") {
  sundial::testing::TempDir dir;
  std::string path = dir.Join("1.seg");
  WriteSample(path, 2500, 1000);
  auto reader = SegmentReader::Open(FileSystem::Default(), path, SegmentMeta{});
  REQUIRE(reader.ok());
  const SegmentReader& segment = **reader;
  CHECK(segment.row_count() == 2500);
  REQUIRE(segment.row_group_rows() == std::vector<uint32_t>{1000, 1000, 500});
  CHECK(segment.time_column() == 0);
  CHECK(segment.column(0).blocks[1].min == 10000);
  CHECK(segment.column(0).blocks[1].max == 19990);
  CHECK(segment.FindColumn(1) == 1);
  CHECK(segment.FindColumn(5) == -1);

  std::string scratch;
  DecodedBlock block;
  REQUIRE(segment.ReadBlock(1, 2, scratch, block).ok());
  CHECK(block.count() == 500);
  CHECK(block.values<std::string_view>()[0] == "even");
  CHECK(block.values<std::string_view>()[499] == "odd");
  REQUIRE(segment.ReadBlock(0, 2, scratch, block).ok());
  CHECK(block.values<int64_t>()[499] == 24990);
}

TEST_CASE("Every column type reads back bit for bit from compressed blocks", "[segment]") {
  sundial::testing::TempDir dir;
  std::string path = dir.Join("2.seg");
  constexpr size_t kRows = 5000;
  std::vector<int64_t> times(kRows), counters(kRows);
  std::vector<int32_t> days(kRows);
  std::vector<int16_t> smalls(kRows);
  std::vector<uint8_t> flags(kRows), nulls(kRows);
  std::vector<double> readings(kRows);
  std::vector<std::string_view> hosts(kRows);
  const char* names[] = {"host_0", "host_1", "host_2", "host_3"};
  for (size_t i = 0; i < kRows; ++i) {
    times[i] = 1451606400000000 + static_cast<int64_t>(i / 4) * 10000000;  // runs of 4
    counters[i] = i % 97 == 0 ? INT64_MIN : static_cast<int64_t>(i * i);
    days[i] = 16000 + static_cast<int32_t>(i);
    smalls[i] = static_cast<int16_t>(i % 5 == 0 ? -32768 : i % 300);
    flags[i] = (i / 50) % 2;
    nulls[i] = i % 7 == 3;
    readings[i] = i % 101 == 0 ? -0.0 : static_cast<double>(i % 1000) / 100;
    hosts[i] = names[i % 4];
  }
  readings[5] = std::numeric_limits<double>::quiet_NaN();
  readings[6] = std::numeric_limits<double>::denorm_min();
  for (size_t i = 0; i < kRows; ++i) {
    if (!nulls[i]) continue;
    counters[i] = 0;
    readings[i] = 0;
    hosts[i] = {};
  }
  size_t null_count = kRows / 7 + 1;
  std::vector<BlockValues> blocks = {
      {.type = TypeId::kTimestampTz, .values = times.data(), .count = kRows},
      {.type = TypeId::kInt64,
       .values = counters.data(),
       .nulls = nulls.data(),
       .count = kRows,
       .null_count = null_count},
      {.type = TypeId::kDate, .values = days.data(), .count = kRows},
      {.type = TypeId::kInt16, .values = smalls.data(), .count = kRows},
      {.type = TypeId::kBool, .values = flags.data(), .count = kRows},
      {.type = TypeId::kFloat64,
       .values = readings.data(),
       .nulls = nulls.data(),
       .count = kRows,
       .null_count = null_count},
      {.type = TypeId::kText,
       .values = hosts.data(),
       .nulls = nulls.data(),
       .count = kRows,
       .null_count = null_count},
  };
  std::vector<SegmentWriter::Column> columns;
  for (size_t c = 0; c < blocks.size(); ++c)
    columns.push_back({.table_column = static_cast<uint32_t>(c), .type = blocks[c].type});
  auto writer = SegmentWriter::Create(FileSystem::Default(), path, columns, 0);
  REQUIRE(writer.ok());
  REQUIRE((*writer)->AddRowGroup(blocks, kRows).ok());
  REQUIRE((*writer)->Finish().ok());

  auto reader = SegmentReader::Open(FileSystem::Default(), path, SegmentMeta{});
  REQUIRE(reader.ok());
  // Plain blocks would take about 5000 * (8+8+4+2+1+8+4) bytes.
  auto bytes = FileSystem::Default().ReadWholeFile(path);
  REQUIRE(bytes.ok());
  CHECK(bytes->size() < 5000 * 35 / 4);
  std::string scratch;
  for (size_t c = 0; c < blocks.size(); ++c) {
    DecodedBlock block;
    REQUIRE((*reader)->ReadBlock(static_cast<int>(c), 0, scratch, block).ok());
    INFO("column " << c);
    REQUIRE(block.count() == kRows);
    size_t mismatches = 0;
    for (size_t i = 0; i < kRows; ++i) {
      bool is_null = blocks[c].nulls != nullptr && nulls[i];
      bool valid = block.validity() == nullptr || ((block.validity()[i >> 6] >> (i & 63)) & 1);
      if (valid == is_null) ++mismatches;
      if (blocks[c].type == TypeId::kText) {
        // A dictionary's NULL slots read as some entry: only valid text counts.
        if (valid && block.values<std::string_view>()[i] != hosts[i]) ++mismatches;
        continue;
      }
      size_t width = PhysicalSize(blocks[c].type);
      const char* expected = static_cast<const char*>(blocks[c].values) + i * width;
      if (std::memcmp(block.raw_values() + i * width, expected, width) != 0) ++mismatches;
    }
    CHECK(mismatches == 0);
  }
}

TEST_CASE("Damaged segment files are reported as corruption", "[segment][malformed]") {
  sundial::testing::TempDir dir;
  std::string path = dir.Join("1.seg");
  WriteSample(path, 300, 100);
  auto bytes = FileSystem::Default().ReadWholeFile(path);
  REQUIRE(bytes.ok());
  auto write = [&](const std::string& contents) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
  };

  SECTION("truncated file") {
    for (size_t cut : {size_t{1}, segment::kTrailerSize, bytes->size() / 2, bytes->size() - 5}) {
      write(bytes->substr(0, bytes->size() - cut));
      CHECK(SegmentReader::Open(FileSystem::Default(), path, SegmentMeta{}).status().code() ==
            ErrorCode::kCorruption);
    }
  }
  SECTION("flipped bit in the footer") {
    std::string damaged = *bytes;
    damaged[damaged.size() - segment::kTrailerSize - 3] ^= 0x04;
    write(damaged);
    CHECK(SegmentReader::Open(FileSystem::Default(), path, SegmentMeta{}).status().code() ==
          ErrorCode::kCorruption);
  }
  SECTION("flipped bit in a block payload") {
    std::string damaged = *bytes;
    damaged[segment::kBlockHeaderSize + 5] ^= 0x01;
    write(damaged);
    auto reader = SegmentReader::Open(FileSystem::Default(), path, SegmentMeta{});
    REQUIRE(reader.ok());
    std::string scratch;
    DecodedBlock block;
    CHECK((*reader)->ReadBlock(0, 0, scratch, block).code() == ErrorCode::kCorruption);
    CHECK((*reader)->ReadBlock(0, 1, scratch, block).ok());
  }
  SECTION("malformed payload under a valid checksum names the file and the block") {
    auto reader = SegmentReader::Open(FileSystem::Default(), path, SegmentMeta{});
    REQUIRE(reader.ok());
    const SegmentReader::Block& target = (*reader)->column(0).blocks[1];
    std::string damaged = *bytes;
    char* header = damaged.data() + target.offset;
    REQUIRE(static_cast<uint8_t>(header[0]) == static_cast<uint8_t>(CodecId::kDelta));
    // The delta payload is validity u8, first i64, base i64, then the width.
    char* payload = header + segment::kBlockHeaderSize;
    payload[17] = 65;
    uint32_t checksum = Checksum32(payload, target.size - segment::kBlockHeaderSize);
    std::memcpy(header + 16, &checksum, 4);
    write(damaged);
    reader = SegmentReader::Open(FileSystem::Default(), path, SegmentMeta{});
    REQUIRE(reader.ok());
    std::string scratch;
    DecodedBlock block;
    Status status = (*reader)->ReadBlock(0, 1, scratch, block);
    CHECK(status.code() == ErrorCode::kCorruption);
    CHECK(status.message().find(path) != std::string::npos);
    CHECK(status.message().find("row group 1") != std::string::npos);
    CHECK(status.message().find("bit width") != std::string::npos);
    CHECK((*reader)->ReadBlock(0, 0, scratch, block).ok());
  }
}

}  // namespace
}  // namespace sundial::ts
