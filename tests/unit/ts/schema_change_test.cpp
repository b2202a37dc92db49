#include <catch2/catch.hpp>

#include <filesystem>

#include "support/temp_dir.h"
#include "ts/manifest.h"
#include "ts_test_util.h"

// ALTER TABLE's schema changes, TRUNCATE and partition removal in the store.

namespace sundial::ts {
namespace {

using testing::CpuRows;
using testing::CpuSchema;
using testing::CreateCpuHypertable;
using testing::MakeCpuChunk;
using testing::OpenEngine;
using testing::ScanAll;

// Every row of `columns`, as values.
std::vector<std::vector<Value>> ScanValues(Engine& engine, uint32_t table_id,
                                           std::vector<int> columns,
                                           std::vector<ScanPredicate> predicates = {}) {
  auto scanner = engine.Scan(
      ScanSpec{.table_id = table_id, .columns = columns, .predicates = std::move(predicates)});
  INFO(scanner.status().ToString());
  REQUIRE(scanner.ok());
  std::vector<std::vector<Value>> rows;
  DataChunk chunk;
  while (true) {
    auto more = (*scanner)->Next(chunk);
    REQUIRE(more.ok());
    if (!*more) break;
    for (size_t r = 0; r < chunk.size(); ++r) {
      std::vector<Value> row;
      for (const ColumnVector& column : chunk.columns)
        row.push_back(Value::FromVector(column, r));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

// A chunk of the cpu rows [begin, end) with a fourth int64 column `extra` = i * 10.
DataChunk CpuChunkWithExtra(int64_t begin, int64_t end) {
  DataChunk cpu = MakeCpuChunk(CpuRows(begin, end));
  ColumnVector extra(DataType::Of(TypeId::kInt64), cpu.size());
  for (int64_t i = begin; i < end; ++i)
    extra.data<int64_t>()[i - begin] = i * 10;
  extra.SetSize(cpu.size());
  cpu.columns.push_back(std::move(extra));
  return cpu;
}

SchemaChange AddColumn(const std::string& name, std::optional<Value> missing) {
  return SchemaChange{
      .kind = SchemaChange::Kind::kAddColumn,
      .column = {
          .name = name, .type = DataType::Of(TypeId::kInt64), .missing_value = std::move(missing)}};
}

SchemaChange Drop(const std::string& name) {
  return SchemaChange{.kind = SchemaChange::Kind::kDropColumn, .column_name = name};
}

TEST_CASE("An added column reads its default in older segments and memtable rows",
          "[engine][schema]") {
  sundial::testing::TempDir dir;
  uint32_t id = 0;
  {
    auto engine = OpenEngine(dir.path());
    id = CreateCpuHypertable(*engine);
    REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 50))}).ok());
    REQUIRE(engine->Checkpoint().ok());
    REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(50, 80))}).ok());
    auto altered = engine->AlterTable("cpu", AddColumn("extra", Value::Int64(7)));
    INFO(altered.status().ToString());
    REQUIRE(altered.ok());
    CHECK(altered->columns.size() == 4);
    CHECK(altered->columns[3].column_id == 3);
    REQUIRE(engine->Append(id, {CpuChunkWithExtra(80, 100)}).ok());
    // Rows of the old shape no longer fit.
    CHECK(!engine->Append(id, {MakeCpuChunk(CpuRows(100, 101))}).ok());
  }
  // The WAL group appended after the ALTER replays against the new schema.
  auto engine = OpenEngine(dir.path());
  auto rows = ScanValues(*engine, id, {0, 3});
  REQUIRE(rows.size() == 100);
  for (const auto& row : rows) {
    int64_t i = row[0].int_value() / kMicrosPerSecond;
    CHECK(row[1] == Value::Int64(i < 80 ? 7 : i * 10));
  }
  // Predicates on the added column test the default on rows stored without it.
  ScanPredicate seven{.column = 3, .op = ScanCompare::kEq, .values = {Value::Int64(7)}};
  CHECK(ScanValues(*engine, id, {0}, {seven}).size() == 80);
  ScanPredicate big{.column = 3, .op = ScanCompare::kGe, .values = {Value::Int64(900)}};
  CHECK(ScanValues(*engine, id, {0}, {big}).size() == 10);
  CHECK(ScanAll(*engine, id).size() == 100);
}

TEST_CASE("A dropped and re-added column never shows the old column's data", "[engine][schema]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = CreateCpuHypertable(*engine);
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 20))}).ok());
  REQUIRE(engine->AlterTable("cpu", Drop("usage")).ok());
  auto dropped = engine->FindTable("cpu");
  REQUIRE(dropped->columns.size() == 2);
  auto readded = engine->AlterTable(
      "cpu", SchemaChange{.kind = SchemaChange::Kind::kAddColumn,
                          .column = {.name = "usage", .type = DataType::Of(TypeId::kFloat64)}});
  REQUIRE(readded.ok());
  CHECK(readded->columns[2].column_id == 3);
  for (const auto& row : ScanValues(*engine, id, {0, 1, 2})) {
    CHECK(row[2].is_null());
    CHECK(row[1].text_value().starts_with("h"));
  }
  CHECK(ScanValues(*engine, id, {0, 1, 2}).size() == 20);

  // Dropping a column in front of the time column keeps the time column.
  REQUIRE(engine
              ->CreateTable(TableSchema{
                  .name = "m",
                  .columns = {{.name = "a", .type = DataType::Of(TypeId::kInt64)},
                              {.name = "t", .type = DataType::Of(TypeId::kTimestampTz)}}})
              .ok());
  REQUIRE(engine->MakeHypertable("m", 1, kMicrosPerDay).ok());
  auto m = engine->AlterTable("m", Drop("a"));
  REQUIRE(m.ok());
  CHECK(m->time_column == 0);
  CHECK(m->columns[0].name == "t");
}

TEST_CASE("Renames and schema changes survive a restart; bad changes fail with their codes",
          "[engine][schema]") {
  sundial::testing::TempDir dir;
  uint32_t id = 0;
  {
    auto engine = OpenEngine(dir.path());
    id = CreateCpuHypertable(*engine);
    REQUIRE(engine->CreateTable(CpuSchema("other")).ok());
    REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 10))}).ok());
    auto code = [&](const SchemaChange& change) {
      return engine->AlterTable("cpu", change).status().code();
    };
    CHECK(code(AddColumn("host", std::nullopt)) == ErrorCode::kDuplicateColumn);
    CHECK(code(Drop("nope")) == ErrorCode::kUndefinedColumn);
    CHECK(code(Drop("ts")) == ErrorCode::kFeatureNotSupported);
    CHECK(code({.kind = SchemaChange::Kind::kRenameColumn,
                .column_name = "host",
                .new_name = "usage"}) == ErrorCode::kDuplicateColumn);
    CHECK(code({.kind = SchemaChange::Kind::kRenameTable, .new_name = "other"}) ==
          ErrorCode::kDuplicateTable);
    SchemaChange not_null = AddColumn("required", std::nullopt);
    not_null.column.not_null = true;
    CHECK(code(not_null) == ErrorCode::kNotNullViolation);
    CHECK(engine->AlterTable("missing", Drop("x")).status().code() == ErrorCode::kUndefinedTable);

    REQUIRE(engine
                ->AlterTable("cpu", {.kind = SchemaChange::Kind::kRenameColumn,
                                     .column_name = "host",
                                     .new_name = "hostname"})
                .ok());
    REQUIRE(engine->AlterTable("cpu", AddColumn("extra", Value::Int64(-1))).ok());
    REQUIRE(
        engine->AlterTable("cpu", {.kind = SchemaChange::Kind::kRenameTable, .new_name = "cpu2"})
            .ok());
    CHECK(!engine->FindTable("cpu"));
  }
  auto engine = OpenEngine(dir.path());
  auto schema = engine->FindTable("cpu2");
  REQUIRE(schema);
  CHECK(schema->table_id == id);
  CHECK(schema->columns[1].name == "hostname");
  REQUIRE(schema->columns.size() == 4);
  CHECK(schema->columns[3].missing_value == Value::Int64(-1));
  CHECK(schema->next_column_id == 4);
  auto rows = ScanValues(*engine, id, {1, 3});
  REQUIRE(rows.size() == 10);
  CHECK(rows[0][1] == Value::Int64(-1));
}

TEST_CASE("The manifest keeps column ids and missing values of every type", "[manifest][schema]") {
  ManifestData data;
  TableSchema schema = CpuSchema();
  schema.table_id = 3;
  schema.columns[0].column_id = 4;
  schema.columns[1].column_id = 9;
  schema.columns[1].missing_value = Value::Text("idle");
  schema.columns[2].column_id = 2;
  schema.columns[2].missing_value = Value::Float64(-0.5);
  schema.columns.push_back(
      {.name = "i",
       .type = DataType::Of(TypeId::kInterval),
       .column_id = 5,
       .missing_value = Value::OfInterval(Interval{.micros = 3, .days = 2, .months = 1})});
  schema.columns.push_back({.name = "b",
                            .type = DataType::Of(TypeId::kBool),
                            .column_id = 6,
                            .missing_value = Value::Bool(true)});
  schema.next_column_id = 10;
  data.tables.push_back({.schema = schema});
  auto decoded = DecodeManifest(EncodeManifest(data));
  REQUIRE(decoded.ok());
  const TableSchema& back = decoded->tables[0].schema;
  REQUIRE(back.columns.size() == 5);
  for (size_t c = 0; c < 5; ++c) {
    CHECK(back.columns[c].column_id == schema.columns[c].column_id);
    CHECK(back.columns[c].missing_value == schema.columns[c].missing_value);
  }
  CHECK(back.next_column_id == 10);
}

TEST_CASE("A version 1 manifest reads column positions as column ids", "[manifest][schema]") {
  const std::string file =
      testing::OldVersionManifest(1, {{"ts", TypeId::kTimestampTz}, {"usage", TypeId::kFloat64}});
  auto decoded = DecodeManifest(file);
  INFO(decoded.status().ToString());
  REQUIRE(decoded.ok());
  const TableSchema& schema = decoded->tables[0].schema;
  REQUIRE(schema.columns.size() == 2);
  CHECK(schema.columns[0].column_id == 0);
  CHECK(schema.columns[1].column_id == 1);
  CHECK(!schema.columns[1].missing_value);
  CHECK(schema.next_column_id == 2);
  CHECK(schema.time_column == 0);
}

TEST_CASE("TRUNCATE empties segments and memtable rows of every named table, durably",
          "[engine][truncate]") {
  sundial::testing::TempDir dir;
  uint32_t id = 0;
  uint32_t other = 0;
  {
    auto engine = OpenEngine(dir.path());
    id = CreateCpuHypertable(*engine);
    auto created = engine->CreateTable(CpuSchema("other"));
    REQUIRE(created.ok());
    other = created->table_id;
    REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 5000))}).ok());
    REQUIRE(engine->Checkpoint().ok());
    REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(5000, 6000))}).ok());
    REQUIRE(engine->Append(other, {MakeCpuChunk(CpuRows(0, 10))}).ok());
    CHECK(engine->TruncateTables({"cpu", "missing"}).code() == ErrorCode::kUndefinedTable);
    CHECK(ScanAll(*engine, id).size() == 6000);
    REQUIRE(engine->TruncateTables({"cpu"}).ok());
    CHECK(ScanAll(*engine, id).empty());
    CHECK(engine->Stats(id)->row_count == 0);
    CHECK(engine->Stats(id)->disk_bytes == 0);
    REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(7000, 7003))}).ok());
  }
  auto engine = OpenEngine(dir.path());
  CHECK(ScanAll(*engine, id) == CpuRows(7000, 7003));
  CHECK(ScanAll(*engine, other) == CpuRows(0, 10));
}

TEST_CASE("Whole partitions inside a range are dropped; partial ones stay", "[engine][retention]") {
  sundial::testing::TempDir dir;
  uint32_t id = 0;
  {
    auto engine = OpenEngine(dir.path());
    id = CreateCpuHypertable(*engine);  // hourly partitions
    // 10 hours of rows, one a minute; hours 0-5 flushed, the rest in the memtable.
    REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 360, 0, kMicrosPerMinute))}).ok());
    REQUIRE(engine->Checkpoint().ok());
    REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(360, 600, 0, kMicrosPerMinute))}).ok());
    auto partitions = engine->ListPartitions(id);
    REQUIRE(partitions.ok());
    REQUIRE(partitions->size() == 10);
    CHECK(partitions->front() == 0);
    CHECK(partitions->back() == 9 * kMicrosPerHour);

    // Older than 2h30: hours 0 and 1 end by then; hour 2 does not.
    auto dropped =
        engine->DropPartitions(id, TimeRange{.end = 2 * kMicrosPerHour + 30 * kMicrosPerMinute});
    REQUIRE(dropped.ok());
    CHECK(*dropped == std::vector<int64_t>{0, kMicrosPerHour});
    // Newer than 7h and older than 9h: hours 7 and 8, one of them in the memtable.
    dropped = engine->DropPartitions(
        id, TimeRange{.begin = 7 * kMicrosPerHour, .end = 9 * kMicrosPerHour});
    REQUIRE(dropped.ok());
    CHECK(*dropped == std::vector<int64_t>{7 * kMicrosPerHour, 8 * kMicrosPerHour});
    CHECK(engine->DropPartitions(id, TimeRange{.end = 0})->empty());
  }
  auto engine = OpenEngine(dir.path());
  auto rows = ScanAll(*engine, id);
  CHECK(rows.size() == 600 - 4 * 60);
  for (const auto& row : rows) {
    int64_t hour = row.ts / kMicrosPerHour;
    CHECK((hour >= 2 && hour != 7 && hour != 8));
  }
  CHECK(engine->ListPartitions(id)->size() == 6);
  REQUIRE(engine->CreateTable(CpuSchema("plain")).ok());
  CHECK(engine->ListPartitions(engine->FindTable("plain")->table_id).status().code() ==
        ErrorCode::kInvalidParameterValue);
}

}  // namespace
}  // namespace sundial::ts
