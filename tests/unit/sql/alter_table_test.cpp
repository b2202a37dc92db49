#include <catch2/catch.hpp>

#include "common/datetime.h"
#include "sql/statements.h"
#include "sql/table_policies.h"
#include "sql_test_db.h"

// ALTER TABLE, TRUNCATE, show_chunks and drop_chunks through a session.
namespace sundial::sql::testing {
namespace {

// Hypertable m (time, v) with daily chunks and rows v = 0..95 hourly from
// 2024-01-01 (UTC): four full chunks.
void CreateHourlyRows(TestDb& db) {
  db.Exec("SET TIME ZONE 'UTC'");
  db.Exec("CREATE TABLE m (time timestamptz NOT NULL, v int)");
  db.Exec("SELECT create_hypertable('m', 'time', chunk_time_interval => INTERVAL '1 day')");
  db.Exec(
      "INSERT INTO m SELECT TIMESTAMPTZ '2024-01-01' + i * INTERVAL '1 hour', i "
      "FROM generate_series(0, 95) AS i");
}

TEST_CASE("ALTER TABLE changes columns without losing rows, also across a reopen", "[alter]") {
  TestDb db;
  db.Exec("SET TIME ZONE 'UTC'");
  db.Exec("CREATE TABLE m (time timestamptz NOT NULL, host text, v int DEFAULT 1)");
  db.Exec("SELECT create_hypertable('m', 'time')");
  db.Exec(
      "INSERT INTO m VALUES ('2024-01-01 00:00:00+00', 'a', 10), "
      "('2024-01-02 00:00:00+00', 'b', 20)");
  db.Exec("ALTER TABLE m ADD COLUMN w bigint DEFAULT 7");
  CHECK(db.tag() == "ALTER TABLE");
  db.Exec("INSERT INTO m (time, host) VALUES ('2024-01-03 00:00:00+00', 'c')");
  db.Exec("INSERT INTO m (time, host, w) VALUES ('2024-01-04 00:00:00+00', 'd', 8)");
  db.Exec("ALTER TABLE m DROP COLUMN v");
  db.Exec("ALTER TABLE m ADD COLUMN v int");
  db.Exec("ALTER TABLE m RENAME COLUMN host TO hostname");
  const Rows expected = {{"2024-01-01 00:00:00+00", "a", "7", "NULL"},
                         {"2024-01-02 00:00:00+00", "b", "7", "NULL"},
                         {"2024-01-03 00:00:00+00", "c", "7", "NULL"},
                         {"2024-01-04 00:00:00+00", "d", "8", "NULL"}};
  CHECK(db.Query("SELECT * FROM m ORDER BY time") == expected);
  // The dropped column's DEFAULT 1 does not come back with the new v.
  db.Exec("INSERT INTO m (time, hostname) VALUES ('2024-01-05 00:00:00+00', 'e')");
  CHECK(db.Query("SELECT w, v FROM m WHERE hostname = 'e'") == Rows{{"7", "NULL"}});

  db.Open();
  db.Exec("SET TIME ZONE 'UTC'");
  CHECK(db.Query("SELECT * FROM m WHERE time < '2024-01-05' ORDER BY time") == expected);
  CHECK(db.Query("SELECT column_name, column_default FROM information_schema.columns "
                 "WHERE table_name = 'm' ORDER BY ordinal_position") ==
        Rows{{"time", "NULL"}, {"hostname", "NULL"}, {"w", "7"}, {"v", "NULL"}});
  db.Exec("ALTER TABLE m RENAME TO m2");
  CHECK(db.Query("SELECT count(*) FROM m2") == Rows{{"5"}});
  CHECK(db.Error("SELECT * FROM m").code() == ErrorCode::kUndefinedTable);
}

TEST_CASE("ALTER TABLE rejects what it cannot do with the right SQLSTATE", "[alter]") {
  TestDb db;
  db.Exec("CREATE TABLE m (time timestamptz NOT NULL, host text)");
  db.Exec("SELECT create_hypertable('m', 'time')");
  Status type = db.Error("ALTER TABLE m ALTER COLUMN host TYPE varchar(10)");
  CHECK(type.code() == ErrorCode::kFeatureNotSupported);
  CHECK(type.message() == "ALTER TABLE ALTER COLUMN is not supported");
  CHECK(db.Error("ALTER TABLE m ADD CONSTRAINT c CHECK (host <> '')").code() ==
        ErrorCode::kFeatureNotSupported);
  Status time = db.Error("ALTER TABLE m DROP COLUMN time");
  CHECK(time.code() == ErrorCode::kFeatureNotSupported);
  CHECK(time.message() == "cannot drop column named in partition key");
  CHECK(db.Error("ALTER TABLE pg_class ADD COLUMN x int").code() ==
        ErrorCode::kFeatureNotSupported);
  CHECK(db.Error("TRUNCATE pg_class").code() == ErrorCode::kFeatureNotSupported);
  db.Exec("ALTER TABLE IF EXISTS nosuch RENAME TO other");
  REQUIRE(db.notices().size() == 1);
  CHECK(db.notices()[0].message == "relation \"nosuch\" does not exist, skipping");
  db.Exec("ALTER TABLE m DROP COLUMN IF EXISTS nosuch");
  REQUIRE(db.notices().size() == 1);
  CHECK(db.notices()[0].message == "column \"nosuch\" of relation \"m\" does not exist, skipping");
}

TEST_CASE("TRUNCATE empties every named table", "[alter][truncate]") {
  TestDb db;
  db.Exec("CREATE TABLE a (x int)");
  db.Exec("CREATE TABLE b (x int)");
  db.Exec("INSERT INTO a VALUES (1), (2)");
  db.Exec("INSERT INTO b VALUES (3)");
  CHECK(db.Error("TRUNCATE a, nosuch").code() == ErrorCode::kUndefinedTable);
  CHECK(db.Query("SELECT count(*) FROM a") == Rows{{"2"}});
  db.Exec("TRUNCATE a, b");
  CHECK(db.tag() == "TRUNCATE TABLE");
  CHECK(db.Query("SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b)") == Rows{{"0", "0"}});
  db.Exec("INSERT INTO a VALUES (4)");
  db.Open();
  CHECK(db.Query("SELECT x FROM a") == Rows{{"4"}});
}

TEST_CASE("show_chunks and drop_chunks work on whole chunks", "[alter][chunks]") {
  TestDb db;
  CreateHourlyRows(db);
  // 2024-01-01 is day 19723 since the epoch; m is table 1.
  CHECK(db.Query("SELECT show_chunks('m')") ==
        Rows{{"_timescaledb_internal._hyper_1_19723_chunk"},
             {"_timescaledb_internal._hyper_1_19724_chunk"},
             {"_timescaledb_internal._hyper_1_19725_chunk"},
             {"_timescaledb_internal._hyper_1_19726_chunk"}});
  CHECK(db.Query("SELECT show_chunks('m', older_than => TIMESTAMPTZ '2024-01-02 12:00:00+00', "
                 "newer_than => TIMESTAMPTZ '2024-01-01 00:00:00+00')") ==
        Rows{{"_timescaledb_internal._hyper_1_19723_chunk"}});
  CHECK(db.Error("SELECT drop_chunks('m')").code() == ErrorCode::kInvalidParameterValue);
  CHECK(db.Error("SELECT drop_chunks('nosuch', INTERVAL '1 day')").code() ==
        ErrorCode::kUndefinedTable);
  db.Exec("CREATE TABLE plain (x int)");
  CHECK(db.Error("SELECT show_chunks('plain')").code() == ErrorCode::kInvalidParameterValue);
  CHECK(db.Query("SELECT drop_chunks('m', TIMESTAMPTZ '2024-01-03 00:00:00+00')") ==
        Rows{{"_timescaledb_internal._hyper_1_19723_chunk"},
             {"_timescaledb_internal._hyper_1_19724_chunk"}});
  CHECK(db.Query("SELECT count(*), min(v) FROM m") == Rows{{"48", "48"}});
  db.Open();
  CHECK(db.Query("SELECT count(*), min(v) FROM m") == Rows{{"48", "48"}});
}

TEST_CASE("DELETE removes exactly the rows its condition matches", "[alter][delete]") {
  TestDb db;
  CreateHourlyRows(db);
  // Part of the first chunk, then whole chunks plus part of another.
  db.Exec("DELETE FROM m WHERE time < '2024-01-01 12:00:00+00'");
  CHECK(db.tag() == "DELETE 12");
  db.Exec("DELETE FROM m WHERE time >= '2024-01-02' AND time < '2024-01-03 06:00'");
  CHECK(db.tag() == "DELETE 30");
  CHECK(db.Query("SELECT count(*), min(v), max(v) FROM m") == Rows{{"54", "12", "95"}});
  // Any condition: values, OR, expressions, NULL checks.
  db.Exec("DELETE FROM m WHERE v % 10 = 3 OR v IN (90, 91)");
  CHECK(db.tag() == "DELETE 8");
  db.Exec("INSERT INTO m VALUES ('2024-01-05 00:00:00+00', NULL)");
  db.Exec("DELETE FROM m WHERE v IS NULL");
  CHECK(db.tag() == "DELETE 1");
  db.Exec("DELETE FROM m WHERE v > 1000");
  CHECK(db.tag() == "DELETE 0");
  CHECK(db.Query("SELECT count(*), sum(v) FROM m") == Rows{{"46", "2810"}});
  // A range over parts of chunks that holds no rows deletes nothing.
  db.Exec(
      "DELETE FROM m WHERE time > '2024-01-03 23:00:00+00' AND time < '2024-01-04 00:00:00+00'");
  CHECK(db.tag() == "DELETE 0");

  db.Open();
  CHECK(db.Query("SELECT count(*), sum(v) FROM m") == Rows{{"46", "2810"}});
  CHECK(db.Error("DELETE FROM m WHERE nosuch = 1").code() == ErrorCode::kUndefinedColumn);
  CHECK(db.Error("DELETE FROM m WHERE v / 0 = 1").code() == ErrorCode::kDivisionByZero);
  CHECK(db.Error("DELETE FROM m WHERE v").code() == ErrorCode::kDatatypeMismatch);
  CHECK(db.Error("DELETE FROM nosuch").code() == ErrorCode::kUndefinedTable);
  CHECK(db.Query("SELECT count(*), sum(v) FROM m") == Rows{{"46", "2810"}});

  db.Exec("CREATE TABLE plain (x int)");
  db.Exec("INSERT INTO plain VALUES (1), (2), (3)");
  db.Exec("DELETE FROM plain WHERE x = 1");
  CHECK(db.tag() == "DELETE 1");
  CHECK(db.Query("SELECT x FROM plain ORDER BY x") == Rows{{"2"}, {"3"}});
  db.Exec("DELETE FROM plain");
  CHECK(db.tag() == "DELETE 2");
  CHECK(db.Query("SELECT count(*) FROM plain") == Rows{{"0"}});
}

TEST_CASE("DELETE ... RETURNING returns the deleted rows", "[alter][delete]") {
  TestDb db;
  CreateHourlyRows(db);
  CHECK(db.Query("DELETE FROM m WHERE v % 30 = 7 RETURNING v, v * 2 AS twice") ==
        Rows{{"7", "14"}, {"37", "74"}, {"67", "134"}});
  CHECK(db.tag() == "DELETE");
  CHECK(db.ColumnNames() == std::vector<std::string>{"v", "twice"});
  CHECK(db.Query("DELETE FROM m WHERE v = 8 RETURNING *") == Rows{{"2024-01-01 08:00:00+00", "8"}});
  // A chunk the condition covers whole is read to return its rows.
  CHECK(db.Query("DELETE FROM m WHERE time >= '2024-01-04' RETURNING v").size() == 24);
  // An error computing RETURNING deletes nothing.
  CHECK(db.Error("DELETE FROM m WHERE v < 40 RETURNING 1 / (v - 20)").code() ==
        ErrorCode::kDivisionByZero);
  CHECK(db.Query("SELECT count(*) FROM m") == Rows{{"68"}});
  CHECK(db.Query("DELETE FROM m RETURNING v").size() == 68);
  CHECK(db.Query("SELECT count(*) FROM m") == Rows{{"0"}});
}

TEST_CASE("DELETE inside a transaction block is seen by the block and undone by ROLLBACK",
          "[alter][delete]") {
  TestDb db;
  CreateHourlyRows(db);
  const Rows deleted = db.Query("SELECT count(*) FROM m WHERE v = 1");
  REQUIRE(deleted != Rows{{"0"}});
  const std::string remaining = std::to_string(96 - std::stoi(deleted[0][0]));
  db.Exec("BEGIN");
  CHECK(db.Query("DELETE FROM m WHERE v = 1 RETURNING v").size() ==
        static_cast<size_t>(std::stoi(deleted[0][0])));
  CHECK(db.Query("SELECT count(*) FROM m") == Rows{{remaining}});
  db.Exec("ROLLBACK");
  CHECK(db.Query("SELECT count(*) FROM m") == Rows{{"96"}});
  db.Exec("BEGIN");
  db.Exec("DELETE FROM m WHERE v = 1");
  db.Exec("COMMIT");
  CHECK(db.Query("SELECT count(*) FROM m") == Rows{{remaining}});
  CHECK(db.Query("SELECT count(*) FROM m WHERE v = 1") == Rows{{"0"}});
}

TEST_CASE("Retention policies persist and drop the chunks older than drop_after",
          "[alter][retention]") {
  TestDb db;
  CreateHourlyRows(db);  // 2024-01-01 .. 2024-01-04, daily chunks
  CHECK(db.Error("SELECT remove_retention_policy('m')").code() == ErrorCode::kUndefinedObject);
  CHECK(db.Query("SELECT add_retention_policy('m', drop_after => INTERVAL '2 days')") ==
        Rows{{"1000"}});
  Status twice = db.Error("SELECT add_retention_policy('m', INTERVAL '1 day')");
  CHECK(twice.code() == ErrorCode::kDuplicateObject);
  CHECK(twice.message() == "retention policy already exists for hypertable \"m\"");
  CHECK(db.Query("SELECT add_retention_policy('m', INTERVAL '1 day', if_not_exists => true)") ==
        Rows{{"1000"}});
  db.Exec("CREATE TABLE plain (x int)");
  CHECK(db.Error("SELECT add_retention_policy('plain', INTERVAL '1 day')").code() ==
        ErrorCode::kInvalidParameterValue);

  db.Open();
  REQUIRE(db.database().policies().Find(TablePolicies::Kind::kRetention, 1));
  // At 2024-01-05 12:00 UTC, two days back is 2024-01-03 12:00: the chunks
  // of January 1 and 2 end by then, January 3's does not.
  const int64_t now = (19727 * int64_t{24} + 12) * kMicrosPerHour;
  REQUIRE(RunRetentionPolicies(db.database(), now).ok());
  CHECK(db.Query("SELECT count(*), min(v) FROM m") == Rows{{"48", "48"}});

  CHECK(db.Query("SELECT remove_retention_policy('m')") == Rows{{""}});
  db.Exec("SELECT remove_retention_policy('m', if_exists => true)");
  REQUIRE(db.notices().size() == 1);
  REQUIRE(RunRetentionPolicies(db.database(), now + 10 * kMicrosPerDay).ok());
  CHECK(db.Query("SELECT count(*) FROM m") == Rows{{"48"}});
  db.Open();
  CHECK(!db.database().policies().Find(TablePolicies::Kind::kRetention, 1));
}

}  // namespace
}  // namespace sundial::sql::testing
