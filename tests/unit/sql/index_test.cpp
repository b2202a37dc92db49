#include <catch2/catch.hpp>

#include "sql_test_db.h"

namespace sundial::sql::testing {
namespace {

constexpr const char* kConditions =
    "CREATE TABLE conditions (time timestamptz NOT NULL, location text NOT NULL, device text, "
    "temperature double precision);"
    "SELECT create_hypertable('conditions', 'time');";

std::string SegmentBy(TestDb& db) {
  Rows rows =
      db.Query("SELECT segmentby FROM timescaledb_information.hypertable_compression_settings");
  REQUIRE(rows.size() == 1);
  return rows[0][0];
}

}  // namespace

TEST_CASE("An index on series columns then time groups each chunk by those columns",
          "[sql][indexes]") {
  TestDb db;
  REQUIRE(db.Run(kConditions).ok());
  CHECK(SegmentBy(db) == "NULL");
  REQUIRE(db.Run("CREATE INDEX ON conditions (location, time DESC)").ok());
  CHECK(db.tag() == "CREATE INDEX");
  CHECK(SegmentBy(db) == "location");
  // PostgreSQL's generated name, numbered when taken; the catalog lists both.
  REQUIRE(db.Run("CREATE INDEX ON conditions (location, time DESC)").ok());
  CHECK(db.Query("SELECT indexname FROM pg_indexes ORDER BY indexname") ==
        Rows{{"conditions_location_time_idx"}, {"conditions_location_time_idx1"}});
  // A second series index does not change the order the first one set.
  REQUIRE(db.Run("CREATE INDEX device_idx ON conditions (device, time)").ok());
  CHECK(SegmentBy(db) == "location");
  // Dropping the index that set the order resets it; others only go.
  REQUIRE(db.Run("DROP INDEX device_idx, conditions_location_time_idx1").ok());
  CHECK(SegmentBy(db) == "location");
  REQUIRE(db.Run("DROP INDEX conditions_location_time_idx").ok());
  CHECK(SegmentBy(db) == "NULL");
  // An index on a measurement, led by time, or without time leaves the
  // order alone.
  REQUIRE(db.Run("CREATE INDEX ON conditions (temperature)").ok());
  REQUIRE(db.Run("CREATE INDEX ON conditions (time DESC, location)").ok());
  REQUIRE(db.Run("CREATE INDEX ON conditions (location)").ok());
  CHECK(SegmentBy(db) == "NULL");
  // An explicit segmentby is never overridden.
  REQUIRE(db.Run("ALTER TABLE conditions SET (timescaledb.compress_segmentby = 'device')").ok());
  REQUIRE(db.Run("CREATE INDEX ON conditions (location, time)").ok());
  CHECK(SegmentBy(db) == "device");
}

TEST_CASE("Indexes survive a restart and go with their table or column", "[sql][indexes]") {
  TestDb db;
  REQUIRE(db.Run(kConditions).ok());
  REQUIRE(db.Run("CREATE INDEX by_device ON conditions USING btree (device, time DESC) "
                 "WHERE device IS NOT NULL")
              .ok());
  REQUIRE(
      db.Run("CREATE INDEX by_reading ON conditions (lower(location), (temperature * 2))").ok());
  db.Open();
  CHECK(db.Query("SELECT indexname FROM pg_indexes ORDER BY indexname") ==
        Rows{{"by_device"}, {"by_reading"}});
  CHECK(SegmentBy(db) == "device");
  REQUIRE(db.Run("ALTER TABLE conditions DROP COLUMN device").ok());
  CHECK(db.Query("SELECT indexname FROM pg_indexes") == Rows{{"by_reading"}});
  REQUIRE(db.Run("DROP TABLE conditions").ok());
  CHECK(db.Query("SELECT count(*) FROM pg_indexes") == Rows{{"0"}});
  // The name is free again.
  REQUIRE(db.Run(kConditions).ok());
  REQUIRE(db.Run("CREATE INDEX by_reading ON conditions (location)").ok());
}

TEST_CASE("Index mistakes answer PostgreSQL's SQLSTATEs", "[sql][indexes]") {
  TestDb db;
  REQUIRE(db.Run(kConditions).ok());
  REQUIRE(db.Run("CREATE VIEW v AS SELECT 1 AS one").ok());
  REQUIRE(db.Run("CREATE INDEX i ON conditions (location)").ok());
  CHECK(db.Run("CREATE INDEX ON nope (x)").code() == ErrorCode::kUndefinedTable);
  CHECK(db.Run("CREATE INDEX ON conditions (nope)").code() == ErrorCode::kUndefinedColumn);
  CHECK(db.Run("CREATE INDEX ON conditions (location) INCLUDE (nope)").code() ==
        ErrorCode::kUndefinedColumn);
  CHECK(db.Run("CREATE INDEX ON conditions (lower(nope))").code() == ErrorCode::kUndefinedColumn);
  CHECK(db.Run("CREATE INDEX i ON conditions (device)").code() == ErrorCode::kDuplicateTable);
  CHECK(db.Run("CREATE INDEX conditions ON conditions (device)").code() ==
        ErrorCode::kDuplicateTable);
  REQUIRE(db.Run("CREATE INDEX IF NOT EXISTS i ON conditions (device)").ok());
  CHECK(db.notices().size() == 1);
  CHECK(db.Run("CREATE INDEX ON conditions USING nope (device)").code() ==
        ErrorCode::kUndefinedObject);
  CHECK(db.Run("CREATE INDEX ON v (one)").code() == ErrorCode::kWrongObjectType);
  // On a continuous aggregate the index goes on its materialization table.
  REQUIRE(db.Run("CREATE MATERIALIZED VIEW hourly WITH (timescaledb.continuous) AS SELECT "
                 "time_bucket('1 hour', time) AS bucket, location, max(temperature) FROM "
                 "conditions GROUP BY bucket, location")
              .ok());
  REQUIRE(db.Run("CREATE INDEX hourly_idx ON hourly (location, bucket DESC)").ok());
  CHECK(db.Query("SELECT tablename FROM pg_indexes WHERE indexname = 'hourly_idx'") ==
        Rows{{"_materialized_hypertable_1"}});
  CHECK(db.Run("CREATE UNIQUE INDEX ON conditions (time)").code() ==
        ErrorCode::kFeatureNotSupported);
  CHECK(db.Run("DROP INDEX nope").code() == ErrorCode::kUndefinedObject);
  REQUIRE(db.Run("DROP INDEX IF EXISTS nope").ok());
  CHECK(db.Run("DROP INDEX conditions").code() == ErrorCode::kWrongObjectType);
  CHECK(db.Run("DROP INDEX v").code() == ErrorCode::kWrongObjectType);
  CHECK(db.Run("CREATE TABLE i (x int)").code() == ErrorCode::kDuplicateTable);
}

}  // namespace sundial::sql::testing
