#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>

#include "support/temp_dir.h"
#include "ts/coding.h"
#include "ts/file_util.h"
#include "ts/segment_format.h"
#include "ts/segment_reader.h"
#include "ts/segment_writer.h"

namespace sundial::ts {
namespace {

// Writes a segment of (ts int64 = i * 10, tag text) in row groups of `group` rows.
void WriteSample(const std::string& path, size_t rows, size_t group) {
  auto writer = SegmentWriter::Create(path,
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
  auto reader = SegmentReader::Open(path, SegmentMeta{});
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

TEST_CASE("Damaged segment files are reported as corruption", "[segment][malformed]") {
  sundial::testing::TempDir dir;
  std::string path = dir.Join("1.seg");
  WriteSample(path, 300, 100);
  auto bytes = ReadWholeFile(path);
  REQUIRE(bytes.ok());
  auto write = [&](const std::string& contents) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
  };

  SECTION("truncated file") {
    for (size_t cut : {size_t{1}, segment::kTrailerSize, bytes->size() / 2, bytes->size() - 5}) {
      write(bytes->substr(0, bytes->size() - cut));
      CHECK(SegmentReader::Open(path, SegmentMeta{}).status().code() == ErrorCode::kCorruption);
    }
  }
  SECTION("flipped bit in the footer") {
    std::string damaged = *bytes;
    damaged[damaged.size() - segment::kTrailerSize - 3] ^= 0x04;
    write(damaged);
    CHECK(SegmentReader::Open(path, SegmentMeta{}).status().code() == ErrorCode::kCorruption);
  }
  SECTION("flipped bit in a block payload") {
    std::string damaged = *bytes;
    damaged[segment::kBlockHeaderSize + 5] ^= 0x01;
    write(damaged);
    auto reader = SegmentReader::Open(path, SegmentMeta{});
    REQUIRE(reader.ok());
    std::string scratch;
    DecodedBlock block;
    CHECK((*reader)->ReadBlock(0, 0, scratch, block).code() == ErrorCode::kCorruption);
    CHECK((*reader)->ReadBlock(0, 1, scratch, block).ok());
  }
  SECTION("malformed payload under a valid checksum names the file and the block") {
    auto reader = SegmentReader::Open(path, SegmentMeta{});
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
    reader = SegmentReader::Open(path, SegmentMeta{});
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
