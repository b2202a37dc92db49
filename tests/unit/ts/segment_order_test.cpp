#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "ts/segment_order.h"
#include "ts/segment_reader.h"
#include "ts/segment_writer.h"
#include "ts_test_util.h"

namespace sundial::ts {
namespace {

using testing::CpuRow;
using testing::CpuRows;
using testing::CpuSchema;
using testing::MakeCpuChunk;

TableSchema CpuHypertable() {
  TableSchema schema = CpuSchema();
  for (size_t c = 0; c < schema.columns.size(); ++c)
    schema.columns[c].column_id = static_cast<uint32_t>(c);
  schema.time_column = 0;
  schema.partition_interval_micros = kMicrosPerDay;
  return schema;
}

// Orders `rows` (given in time order) as a segment of `schema` would store
// them; returns them in that order and the key used.
std::vector<CpuRow> Order(const TableSchema& schema, const std::vector<CpuRow>& rows,
                          SegmentSortKey* key_out = nullptr) {
  std::vector<MemRun> runs;
  std::vector<uint64_t> ids;
  for (size_t begin = 0; begin < rows.size(); begin += kBatchCapacity) {
    size_t end = std::min(rows.size(), begin + kBatchCapacity);
    DataChunk chunk = MakeCpuChunk({rows.begin() + begin, rows.begin() + end});
    auto block = std::make_shared<MemBlock>(chunk);
    for (size_t i = 0; i < end - begin; ++i)
      ids.push_back((uint64_t{runs.size()} << kMemBlockShift) | i);
    runs.push_back(MemRun{.block = std::move(block), .rows = end - begin});
  }
  SegmentSortKey key = OrderSegmentRows(schema, runs, ids.data(), ids.size());
  if (key_out != nullptr) *key_out = key;
  std::vector<CpuRow> out;
  for (uint64_t id : ids) {
    size_t run = RunOfRow(id);
    size_t index = run * kBatchCapacity + OffsetOfRow(id);
    out.push_back(rows[index]);
  }
  return out;
}

TEST_CASE("A hypertable's segment keeps each series together by its repeating text column",
          "[segment_order]") {
  std::vector<CpuRow> rows = CpuRows(0, 5000, 0, kMicrosPerSecond, 7);
  SegmentSortKey key;
  std::vector<CpuRow> ordered = Order(CpuHypertable(), rows, &key);
  CHECK(key.segment_by == std::vector<uint32_t>{1});
  CHECK(key.order_by.empty());
  CHECK(ordered == testing::InSegmentOrder(rows, kMicrosPerDay));
}

TEST_CASE("Series written in the same order at every timestamp are recognised as series",
          "[segment_order]") {
  // 100 hosts per instant and 102400 rows: a sample every 100th row would
  // see one host only.
  std::vector<CpuRow> rows = CpuRows(0, 102400, 0, 1, 100);
  SegmentSortKey key;
  std::vector<CpuRow> ordered = Order(CpuHypertable(), rows, &key);
  CHECK(key.segment_by == std::vector<uint32_t>{1});
  CHECK(ordered == testing::InSegmentOrder(rows, kMicrosPerDay));
}

TEST_CASE("A text column with a value per row is not chosen to order a segment",
          "[segment_order]") {
  std::vector<CpuRow> rows = CpuRows(0, 3000);
  for (size_t i = 0; i < rows.size(); ++i)
    rows[i].host = "id-" + std::to_string(rows.size() - i);  // unique, descending
  SegmentSortKey key;
  CHECK(Order(CpuHypertable(), rows, &key) == rows);
  CHECK(key.segment_by.empty());

  TableSchema ordinary = CpuHypertable();
  ordinary.time_column.reset();
  std::vector<CpuRow> repeating = CpuRows(0, 100);
  CHECK(Order(ordinary, repeating, &key) == repeating);  // append order kept
  CHECK(key.segment_by.empty());
}

TEST_CASE("Explicit segment-by and order-by columns order a segment, NULLs as PostgreSQL sorts",
          "[segment_order]") {
  std::vector<CpuRow> rows = CpuRows(0, 400, 0, kMicrosPerSecond, 3);
  rows[5].usage = -std::numeric_limits<double>::infinity();
  rows[6].usage = std::numeric_limits<double>::quiet_NaN();
  TableSchema schema = CpuHypertable();
  schema.segment_by = std::vector<uint32_t>{1};
  schema.order_by = {OrderColumn{.column_id = 2, .descending = true}};
  SegmentSortKey key;
  std::vector<CpuRow> ordered = Order(schema, rows, &key);
  CHECK(key.segment_by == std::vector<uint32_t>{1});
  REQUIRE(key.order_by.size() == 1);
  CHECK(key.order_by[0].descending);

  // Expected: host ascending, then usage descending with NULLs first and
  // NaN above every number, then time.
  auto rank = [](const CpuRow& r) {
    if (r.usage_null) return 0;
    return std::isnan(r.usage) ? 1 : 2;
  };
  std::vector<CpuRow> expected = rows;
  std::stable_sort(expected.begin(), expected.end(), [&](const CpuRow& a, const CpuRow& b) {
    if (a.host != b.host) return a.host < b.host;
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    if (rank(a) == 2 && a.usage != b.usage) return a.usage > b.usage;
    return a.ts < b.ts;
  });
  REQUIRE(ordered.size() == expected.size());
  for (size_t i = 0; i < ordered.size(); ++i) {
    INFO("row " << i);
    CHECK(ordered[i].ts == expected[i].ts);
  }

  schema.segment_by = std::vector<uint32_t>{};  // set to none: time order
  schema.order_by.clear();
  std::vector<CpuRow> unordered = Order(schema, rows, &key);
  REQUIRE(unordered.size() == rows.size());
  for (size_t i = 0; i < rows.size(); ++i)
    CHECK(unordered[i].ts == rows[i].ts);
  CHECK(key.segment_by.empty());
}

TEST_CASE("A segment records its sort key and text bounds per block", "[segment_order]") {
  sundial::testing::TempDir dir;
  std::string path = dir.Join("1.seg");
  SegmentSortKey key{.segment_by = {1}, .order_by = {{.column_id = 2, .descending = true}}};
  auto writer = SegmentWriter::Create(FileSystem::Default(), path,
                                      {{.table_column = 0, .type = TypeId::kTimestampTz},
                                       {.table_column = 1, .type = TypeId::kText},
                                       {.table_column = 2, .type = TypeId::kText}},
                                      0, key);
  REQUIRE(writer.ok());
  std::string long_value(300, 'z');
  std::vector<int64_t> ts = {1, 2, 3, 4};
  std::vector<std::string_view> hosts = {"b", "a", "", "c"};
  std::vector<uint8_t> host_nulls = {0, 0, 1, 0};
  std::vector<std::string_view> notes = {"x", long_value, "y", "w"};
  REQUIRE(
      (*writer)
          ->AddRowGroup({BlockValues{.type = TypeId::kTimestampTz, .values = ts.data(), .count = 4},
                         BlockValues{.type = TypeId::kText,
                                     .values = hosts.data(),
                                     .nulls = host_nulls.data(),
                                     .count = 4,
                                     .null_count = 1},
                         BlockValues{.type = TypeId::kText, .values = notes.data(), .count = 4}},
                        4)
          .ok());
  REQUIRE((*writer)->Finish().ok());
  auto reader = SegmentReader::Open(FileSystem::Default(), path, SegmentMeta{});
  REQUIRE(reader.ok());
  const SegmentReader& segment = **reader;
  CHECK(segment.sort_key().segment_by == std::vector<uint32_t>{1});
  REQUIRE(segment.sort_key().order_by.size() == 1);
  CHECK(segment.sort_key().order_by[0].column_id == 2);
  CHECK(segment.sort_key().order_by[0].descending);
  const SegmentReader::Block& host_block = segment.column(1).blocks[0];
  CHECK(host_block.has_text_bounds);
  CHECK(host_block.text_min == "a");  // the NULL row's slot is not a value
  CHECK(host_block.text_max == "c");
  // A largest value too long for the footer leaves the block unbounded.
  CHECK_FALSE(segment.column(2).blocks[0].has_text_bounds);
}

}  // namespace
}  // namespace sundial::ts
