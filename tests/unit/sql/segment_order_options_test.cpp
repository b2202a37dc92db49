#include <catch2/catch.hpp>

#include "sql/segment_order_options.h"
#include "sql_test_db.h"

// TimescaleDB's segmentby / orderby options: parsing their lists, and
// ALTER TABLE SET / RESET and CREATE TABLE WITH through a session.
namespace sundial::sql::testing {
namespace {

const std::string kSegmentBy = "timescaledb.compress_segmentby";
const std::string kOrderBy = "timescaledb.compress_orderby";

std::vector<std::string> SegmentBy(std::string_view text) {
  auto parsed = ParseSegmentBy(text, kSegmentBy);
  INFO(text << " -> " << parsed.status().message());
  REQUIRE(parsed.ok());
  return *parsed;
}

std::string OrderBy(std::string_view text) {
  auto parsed = ParseOrderBy(text, kOrderBy);
  INFO(text << " -> " << parsed.status().message());
  REQUIRE(parsed.ok());
  std::string out;
  for (const OrderByItem& item : *parsed) {
    out += (out.empty() ? "" : ",") + item.column + (item.descending ? " desc" : " asc");
  }
  return out;
}

TEST_CASE("segmentby lists are column names separated by commas", "[segment_order]") {
  CHECK(SegmentBy("hostname, region") == std::vector<std::string>{"hostname", "region"});
  CHECK(SegmentBy("  HostName,\"Region Name\"") ==
        std::vector<std::string>{"hostname", "Region Name"});
  CHECK(SegmentBy("\"a\"\"b\"") == std::vector<std::string>{"a\"b"});
  CHECK(SegmentBy("").empty());
  CHECK(SegmentBy("   ").empty());
  for (std::string_view bad : {"c asc", "c nulls last", "c + 1", "random()", "c LIMIT 1", "a,",
                               ",a", "a,,b", "\"\"", "\"open", "1,2", "c; SELECT 1"}) {
    auto parsed = ParseSegmentBy(bad, kSegmentBy);
    INFO(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == ErrorCode::kSyntaxError);
    CHECK(parsed.status().message() ==
          "unable to parse segmenting option \"" + std::string(bad) + "\"");
  }
}

TEST_CASE("orderby lists take ASC, DESC and the default NULLS placement", "[segment_order]") {
  CHECK(OrderBy("time DESC, usage_user") == "time desc,usage_user asc");
  CHECK(OrderBy("a Asc NullS lAsT,b desc nulls first") == "a asc,b desc");
  CHECK(OrderBy("\"Mixed\" DESC") == "Mixed desc");
  CHECK(OrderBy("").empty());
  for (std::string_view bad :
       {"c desc nulls", "c desc nulls thirsty", "c climb nulls first", "c nulls first asC",
        "c desc nulls first asc", "c desc hurry", "c descend", "c; SELECT 1", "1,2", "c + 1",
        "random()", "c LIMIT 1", "c USING <", "t COLLATE \"en_US\"", "a,", ", a"}) {
    auto parsed = ParseOrderBy(bad, kOrderBy);
    INFO(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == ErrorCode::kSyntaxError);
    CHECK(parsed.status().message() ==
          "unable to parse ordering option \"" + std::string(bad) + "\"");
  }
  for (std::string_view other : {"a NULLS FIRST", "a ASC NULLS FIRST", "a DESC NULLS LAST"}) {
    auto parsed = ParseOrderBy(other, kOrderBy);
    INFO(other);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == ErrorCode::kFeatureNotSupported);
  }
}

TEST_CASE("Option names match under both prefixes and TimescaleDB's 2.18 names",
          "[segment_order]") {
  for (std::string key : {"timescaledb.compress_segmentby", "tsdb.compress_segmentby",
                          "timescaledb.segmentby", "tsdb.segmentby", "tsdb.segment_by"}) {
    SegmentOrderOptions options;
    INFO(key);
    CHECK(*options.Take(key, "host"));
    CHECK(options.segment_by == std::vector<std::string>{"host"});
  }
  for (std::string key : {"timescaledb.compress_orderby", "tsdb.orderby", "tsdb.order_by"}) {
    SegmentOrderOptions options;
    CHECK(*options.Take(key, "time DESC"));
    CHECK(options.sets_order_by);
  }
  SegmentOrderOptions options;
  CHECK(*options.Take("timescaledb.compress", "true"));
  CHECK(*options.Take("tsdb.enable_columnstore", "on"));
  CHECK(options.empty());
  CHECK_FALSE(*options.Take("fillfactor", "70"));
  CHECK_FALSE(*options.Take("timescaledb.compress_chunk_time_interval", "1 day"));
  CHECK_FALSE(*options.Take("segmentby", "host"));  // TimescaleDB's need a prefix
  CHECK(options.Take("timescaledb.compress", "false").status().code() ==
        ErrorCode::kFeatureNotSupported);
  CHECK(options.Take("timescaledb.compress", "maybe").status().code() ==
        ErrorCode::kInvalidParameterValue);
}

void CreateCpu(TestDb& db) {
  db.Exec(
      "CREATE TABLE cpu (time timestamptz NOT NULL, hostname text, region text, "
      "usage_user double precision, \"Zone\" int)");
  db.Exec("SELECT create_hypertable('cpu', 'time')");
}

Rows Settings(TestDb& db) {
  return db.Query(
      "SELECT hypertable, segmentby, orderby FROM "
      "timescaledb_information.hypertable_compression_settings ORDER BY 1");
}

TEST_CASE("ALTER TABLE SET and RESET change the segment order the catalog shows",
          "[segment_order][alter]") {
  TestDb db;
  CreateCpu(db);
  CHECK(Settings(db) == Rows{{"cpu", "NULL", "NULL"}});
  db.Exec(
      "ALTER TABLE cpu SET (timescaledb.compress, timescaledb.compress_segmentby = "
      "'hostname, region', timescaledb.compress_orderby = 'time DESC, usage_user')");
  CHECK(db.tag() == "ALTER TABLE");
  CHECK(Settings(db) == Rows{{"cpu", "hostname,region", "\"time\" DESC,usage_user"}});
  CHECK(db.Query("SELECT attname, segmentby_column_index, orderby_column_index, orderby_asc, "
                 "orderby_nullsfirst FROM timescaledb_information.compression_settings "
                 "WHERE hypertable_name = 'cpu'") == Rows{{"hostname", "1", "NULL", "NULL", "NULL"},
                                                          {"region", "2", "NULL", "NULL", "NULL"},
                                                          {"time", "NULL", "1", "f", "t"},
                                                          {"usage_user", "NULL", "2", "t", "f"}});
  // Naming one option keeps the other.
  db.Exec("ALTER TABLE cpu SET (tsdb.orderby = '\"Zone\" DESC')");
  CHECK(Settings(db) == Rows{{"cpu", "hostname,region", "\"Zone\" DESC"}});
  db.Exec("ALTER TABLE cpu SET (timescaledb.compress_segmentby = '')");
  CHECK(Settings(db) == Rows{{"cpu", "", "\"Zone\" DESC"}});
  db.Exec("ALTER TABLE cpu RESET (timescaledb.compress_segmentby, timescaledb.compress_orderby)");
  CHECK(Settings(db) == Rows{{"cpu", "NULL", "NULL"}});

  db.Exec("ALTER TABLE cpu SET (tsdb.segmentby = 'region', tsdb.orderby = 'usage_user DESC')");
  db.Exec("ALTER TABLE cpu DROP COLUMN region");
  db.Exec("ALTER TABLE cpu RENAME COLUMN usage_user TO usage");
  CHECK(Settings(db) == Rows{{"cpu", "", "usage DESC"}});
  db.Open();
  CHECK(Settings(db) == Rows{{"cpu", "", "usage DESC"}});
}

TEST_CASE("timescaledb_information.hypertables lists hypertables with their chunk counts",
          "[segment_order][catalog]") {
  TestDb db;
  CreateCpu(db);
  db.Exec("CREATE TABLE plain (a int)");
  const std::string query =
      "SELECT hypertable_schema, hypertable_name, owner, num_dimensions, num_chunks, "
      "compression_enabled, tablespaces FROM timescaledb_information.hypertables";
  CHECK(db.Query(query) == Rows{{"public", "cpu", "postgres", "1", "0", "t", "NULL"}});
  db.Exec(
      "INSERT INTO cpu (time, hostname) VALUES ('2024-01-01 10:00:00+00', 'a'), "
      "('2024-01-03 10:00:00+00', 'b')");
  CHECK(db.Query(query) == Rows{{"public", "cpu", "postgres", "1", "2", "t", "NULL"}});
  CHECK(db.Query("SELECT count(*) FROM timescaledb_information.hypertables h JOIN "
                 "timescaledb_information.hypertable_compression_settings s "
                 "ON s.hypertable = h.hypertable_name") == Rows{{"1"}});
}

TEST_CASE("ALTER TABLE SET answers TimescaleDB's errors and changes nothing on one",
          "[segment_order][alter]") {
  TestDb db;
  CreateCpu(db);
  db.Exec("ALTER TABLE cpu SET (timescaledb.compress_segmentby = 'hostname')");
  Status unknown = db.Error("ALTER TABLE cpu SET (timescaledb.compress_segmentby = 'nosuch')");
  CHECK(unknown.code() == ErrorCode::kUndefinedColumn);
  CHECK(unknown.message() == "column \"nosuch\" does not exist");
  CHECK(db.Error("ALTER TABLE cpu SET (timescaledb.compress_orderby = 'zone')").code() ==
        ErrorCode::kUndefinedColumn);
  Status both = db.Error("ALTER TABLE cpu SET (timescaledb.compress_orderby = 'hostname')");
  CHECK(both.code() == ErrorCode::kSyntaxError);
  CHECK(both.message() == "cannot use column \"hostname\" for both ordering and segmenting");
  CHECK(
      db.Error("ALTER TABLE cpu SET (timescaledb.compress_segmentby = 'region, region')").code() ==
      ErrorCode::kSyntaxError);
  CHECK(db.Error("ALTER TABLE cpu SET (timescaledb.compress_segmentby = 'time')").code() ==
        ErrorCode::kFeatureNotSupported);
  Status off = db.Error("ALTER TABLE cpu SET (timescaledb.compress = false)");
  CHECK(off.code() == ErrorCode::kFeatureNotSupported);
  Status interval =
      db.Error("ALTER TABLE cpu SET (timescaledb.compress_chunk_time_interval = '1 day')");
  CHECK(interval.code() == ErrorCode::kFeatureNotSupported);
  CHECK(interval.message() ==
        "table option \"timescaledb.compress_chunk_time_interval\" is not supported");
  CHECK(db.Error("ALTER TABLE cpu SET (fillfactor = 70)").message() ==
        "table option \"fillfactor\" is not supported");
  CHECK(db.Error("ALTER TABLE cpu RESET (timescaledb.compress)").code() ==
        ErrorCode::kFeatureNotSupported);
  CHECK(db.Error("ALTER TABLE cpu SET (timescaledb.compress_orderby = 'region NULLS FIRST')")
            .code() == ErrorCode::kFeatureNotSupported);
  CHECK(db.Error("ALTER TABLE cpu SET (timescaledb.compress_orderby = 'region nulls')").code() ==
        ErrorCode::kSyntaxError);
  CHECK(db.Error("ALTER TABLE nosuch SET (timescaledb.compress)").code() ==
        ErrorCode::kUndefinedTable);
  db.Exec("CREATE TABLE plain (a int, b int)");
  CHECK(db.Error("ALTER TABLE plain SET (timescaledb.compress_segmentby = 'a')").code() ==
        ErrorCode::kInvalidParameterValue);
  CHECK(Settings(db) == Rows{{"cpu", "hostname", "NULL"}});
  CHECK(db.Error("ALTER TABLE cpu SET SCHEMA other").code() == ErrorCode::kFeatureNotSupported);
}

TEST_CASE("CREATE TABLE WITH sets a hypertable's segment order", "[segment_order][ddl]") {
  TestDb db;
  db.Exec(
      "CREATE TABLE m (time timestamptz NOT NULL, hostname text, v double precision) WITH "
      "(tsdb.hypertable, tsdb.partition_column = 'time', tsdb.segmentby = 'hostname', "
      "tsdb.orderby = 'time DESC')");
  CHECK(Settings(db) == Rows{{"m", "hostname", "\"time\" DESC"}});
  CHECK(db.Error("CREATE TABLE n (time timestamptz, h text) WITH (tsdb.hypertable, "
                 "tsdb.partition_column = 'time', tsdb.segmentby = 'nosuch')")
            .code() == ErrorCode::kUndefinedColumn);
  CHECK(db.Error("CREATE TABLE n (time timestamptz, h text) WITH (tsdb.hypertable, "
                 "tsdb.partition_column = 'time', tsdb.segmentby = 'h', tsdb.orderby = 'h')")
            .code() == ErrorCode::kSyntaxError);
  CHECK(db.Error("CREATE TABLE n (time timestamptz, h text) WITH (tsdb.segmentby = 'h')").code() ==
        ErrorCode::kInvalidParameterValue);
  CHECK(db.Query("SELECT count(*) FROM pg_class WHERE relname = 'n'") == Rows{{"0"}});
}

}  // namespace
}  // namespace sundial::sql::testing
