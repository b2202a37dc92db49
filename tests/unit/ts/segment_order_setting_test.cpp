#include <catch2/catch.hpp>

#include <algorithm>

#include "support/temp_dir.h"
#include "ts/manifest.h"
#include "ts_test_util.h"

// How a table's segment order (segment_by, order_by) is set, kept in the
// manifest and kept consistent with its columns.

namespace sundial::ts {
namespace {

using testing::CpuRow;
using testing::CpuRows;
using testing::CpuSchema;
using testing::CreateCpuHypertable;
using testing::MakeCpuChunk;
using testing::OpenEngine;
using testing::ScanAll;

SchemaChange SetOrder(std::optional<std::vector<uint32_t>> segment_by,
                      std::vector<OrderColumn> order_by) {
  return SchemaChange{.kind = SchemaChange::Kind::kSetSegmentOrder,
                      .sets_segment_by = true,
                      .segment_by = std::move(segment_by),
                      .sets_order_by = true,
                      .order_by = std::move(order_by)};
}

ErrorCode AlterCode(Engine& engine, const SchemaChange& change) {
  auto result = engine.AlterTable("cpu", change);
  INFO(result.status().ToString());
  return result.ok() ? ErrorCode::kOk : result.status().code();
}

bool SameOrder(const std::vector<OrderColumn>& a, const std::vector<OrderColumn>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const OrderColumn& x, const OrderColumn& y) {
                      return x.column_id == y.column_id && x.descending == y.descending;
                    });
}

std::vector<CpuRow> Sorted(std::vector<CpuRow> rows) {
  std::sort(rows.begin(), rows.end(), [](const CpuRow& a, const CpuRow& b) {
    return std::tie(a.ts, a.host) < std::tie(b.ts, b.host);
  });
  return rows;
}

TableSchema DecodedSchema(const TableSchema& schema) {
  ManifestData data;
  data.tables.push_back({.schema = schema});
  auto decoded = DecodeManifest(EncodeManifest(data));
  INFO(decoded.status().ToString());
  REQUIRE(decoded.ok());
  return decoded->tables[0].schema;
}

TEST_CASE("The manifest keeps segment_by unset, set but empty, or set, and order_by",
          "[manifest][segment_order]") {
  TableSchema schema = CpuSchema();
  schema.time_column = 0;
  schema.partition_interval_micros = kMicrosPerDay;
  for (size_t c = 0; c < schema.columns.size(); ++c)
    schema.columns[c].column_id = static_cast<uint32_t>(c);
  schema.next_column_id = 3;

  TableSchema unset = DecodedSchema(schema);
  CHECK(!unset.segment_by);
  CHECK(unset.order_by.empty());

  schema.segment_by.emplace();
  TableSchema none = DecodedSchema(schema);
  REQUIRE(none.segment_by);
  CHECK(none.segment_by->empty());

  schema.segment_by = std::vector<uint32_t>{1};
  schema.order_by = {{.column_id = 0, .descending = true}, {.column_id = 2}};
  TableSchema set = DecodedSchema(schema);
  CHECK(set.segment_by == std::vector<uint32_t>{1});
  CHECK(SameOrder(set.order_by, schema.order_by));
}

TEST_CASE("A manifest naming a missing column in its segment order is corrupt",
          "[manifest][segment_order]") {
  TableSchema schema = CpuSchema();
  for (size_t c = 0; c < schema.columns.size(); ++c)
    schema.columns[c].column_id = static_cast<uint32_t>(c);
  schema.next_column_id = 3;
  schema.order_by = {{.column_id = 7}};
  ManifestData data;
  data.tables.push_back({.schema = schema});
  auto decoded = DecodeManifest(EncodeManifest(data));
  CHECK(decoded.status().code() == ErrorCode::kCorruption);
}

TEST_CASE("A version 2 manifest reads as unset segment_by and empty order_by",
          "[manifest][segment_order]") {
  const std::string file =
      testing::OldVersionManifest(2, {{"ts", TypeId::kTimestampTz}, {"host", TypeId::kText}});
  auto decoded = DecodeManifest(file);
  INFO(decoded.status().ToString());
  REQUIRE(decoded.ok());
  const TableSchema& schema = decoded->tables[0].schema;
  CHECK(schema.columns[1].name == "host");
  CHECK(schema.next_column_id == 2);
  CHECK(!schema.segment_by);
  CHECK(schema.order_by.empty());
}

TEST_CASE("Setting the segment order is durable and changes only what it names",
          "[engine][segment_order]") {
  sundial::testing::TempDir dir;
  {
    auto engine = OpenEngine(dir.path());
    CreateCpuHypertable(*engine);
    REQUIRE(AlterCode(*engine, SetOrder(std::vector<uint32_t>{1},
                                        {{.column_id = 0, .descending = true}})) == ErrorCode::kOk);
    // Only order_by: segment_by keeps host.
    SchemaChange order_only{.kind = SchemaChange::Kind::kSetSegmentOrder,
                            .sets_order_by = true,
                            .order_by = {{.column_id = 2}}};
    auto altered = engine->AlterTable("cpu", order_only);
    REQUIRE(altered.ok());
    CHECK(altered->segment_by == std::vector<uint32_t>{1});
    CHECK(SameOrder(altered->order_by, {{.column_id = 2}}));
  }
  auto engine = OpenEngine(dir.path());
  auto schema = engine->FindTable("cpu");
  REQUIRE(schema);
  CHECK(schema->segment_by == std::vector<uint32_t>{1});
  CHECK(SameOrder(schema->order_by, {{.column_id = 2}}));
  // Back to unset: each segment chooses again.
  REQUIRE(AlterCode(*engine, SetOrder(std::nullopt, {})) == ErrorCode::kOk);
  CHECK(!engine->FindTable("cpu")->segment_by);
  CHECK(engine->FindTable("cpu")->order_by.empty());
}

TEST_CASE("A segment order naming bad columns is refused with TimescaleDB's codes",
          "[engine][segment_order]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  CreateCpuHypertable(*engine);
  CHECK(AlterCode(*engine, SetOrder(std::vector<uint32_t>{9}, {})) == ErrorCode::kUndefinedColumn);
  CHECK(AlterCode(*engine, SetOrder(std::nullopt, {{.column_id = 9}})) ==
        ErrorCode::kUndefinedColumn);
  CHECK(AlterCode(*engine, SetOrder(std::vector<uint32_t>{1}, {{.column_id = 1}})) ==
        ErrorCode::kSyntaxError);
  CHECK(AlterCode(*engine, SetOrder(std::vector<uint32_t>{1, 1}, {})) == ErrorCode::kSyntaxError);
  CHECK(AlterCode(*engine, SetOrder(std::nullopt, {{.column_id = 2}, {.column_id = 2}})) ==
        ErrorCode::kSyntaxError);
  CHECK(AlterCode(*engine, SetOrder(std::vector<uint32_t>{0}, {})) ==
        ErrorCode::kFeatureNotSupported);
  // A refused change leaves the order as it was.
  CHECK(!engine->FindTable("cpu")->segment_by);
  // The time column may lead order_by (TimescaleDB's default is time DESC).
  CHECK(AlterCode(*engine, SetOrder(std::vector<uint32_t>{},
                                    {{.column_id = 0, .descending = true}})) == ErrorCode::kOk);

  REQUIRE(engine->CreateTable(CpuSchema("plain")).ok());
  auto plain = engine->AlterTable("plain", SetOrder(std::vector<uint32_t>{1}, {}));
  CHECK(plain.status().code() == ErrorCode::kInvalidParameterValue);
}

TEST_CASE("CreateTable keeps a valid segment order and refuses a bad one",
          "[engine][segment_order]") {
  sundial::testing::TempDir dir;
  {
    auto engine = OpenEngine(dir.path());
    TableSchema schema = CpuSchema();
    schema.time_column = 0;
    schema.partition_interval_micros = kMicrosPerDay;
    schema.order_by = {{.column_id = 7}};
    CHECK(engine->CreateTable(schema).status().code() == ErrorCode::kUndefinedColumn);
    schema.segment_by = std::vector<uint32_t>{1};
    schema.order_by = {{.column_id = 1}};
    CHECK(engine->CreateTable(schema).status().code() == ErrorCode::kSyntaxError);
    schema.order_by = {{.column_id = 2, .descending = true}};
    REQUIRE(engine->CreateTable(schema).ok());
  }
  auto engine = OpenEngine(dir.path());
  auto schema = engine->FindTable("cpu");
  REQUIRE(schema);
  CHECK(schema->segment_by == std::vector<uint32_t>{1});
  CHECK(SameOrder(schema->order_by, {{.column_id = 2, .descending = true}}));
}

TEST_CASE("Dropping a column removes it from segment_by and order_by, durably",
          "[engine][segment_order]") {
  sundial::testing::TempDir dir;
  {
    auto engine = OpenEngine(dir.path());
    CreateCpuHypertable(*engine);
    REQUIRE(AlterCode(*engine,
                      SetOrder(std::vector<uint32_t>{1}, {{.column_id = 2, .descending = true},
                                                          {.column_id = 0}})) == ErrorCode::kOk);
    REQUIRE(AlterCode(*engine, {.kind = SchemaChange::Kind::kDropColumn, .column_name = "usage"}) ==
            ErrorCode::kOk);
    REQUIRE(AlterCode(*engine, {.kind = SchemaChange::Kind::kDropColumn, .column_name = "host"}) ==
            ErrorCode::kOk);
    // Renames keep the order: it names columns by id.
    REQUIRE(AlterCode(*engine, {.kind = SchemaChange::Kind::kRenameColumn,
                                .column_name = "ts",
                                .new_name = "time"}) == ErrorCode::kOk);
  }
  auto engine = OpenEngine(dir.path());
  auto schema = engine->FindTable("cpu");
  REQUIRE(schema);
  REQUIRE(schema->segment_by);
  CHECK(schema->segment_by->empty());
  CHECK(SameOrder(schema->order_by, {{.column_id = 0}}));
}

TEST_CASE("Rows written around a segment order change all stay readable",
          "[engine][segment_order]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateCpuHypertable(*engine);
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 3000))}).ok());
  REQUIRE(AlterCode(*engine, SetOrder(std::vector<uint32_t>{1},
                                      {{.column_id = 2, .descending = true}})) == ErrorCode::kOk);
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(3000, 5000))}).ok());
  REQUIRE(engine->Checkpoint().ok());
  CHECK(Sorted(ScanAll(*engine, id)) == Sorted(CpuRows(0, 5000)));
}

}  // namespace
}  // namespace sundial::ts
