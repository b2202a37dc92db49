#include <catch2/catch.hpp>

#include "sql_test_db.h"

namespace sundial::sql::testing {
namespace {

TEST_CASE("CREATE TABLE reports duplicates, bad types and IF NOT EXISTS") {
  TestDb db;
  db.Exec("CREATE TABLE cpu (time timestamptz, v double precision)");
  CHECK(db.tag() == "CREATE TABLE");
  Status s = db.Error("CREATE TABLE cpu (a int)");
  CHECK(s.code() == ErrorCode::kDuplicateTable);
  db.Exec("CREATE TABLE IF NOT EXISTS cpu (a int)");
  REQUIRE(db.notices().size() == 1);
  CHECK(db.notices()[0].code == ErrorCode::kDuplicateTable);
  CHECK(db.notices()[0].message == "relation \"cpu\" already exists, skipping");
  CHECK(db.Error("CREATE TABLE t2 (a int, a text)").code() == ErrorCode::kDuplicateColumn);
  s = db.Error("CREATE TABLE t2 (a numeric(0))");
  CHECK(s.code() == ErrorCode::kInvalidParameterValue);
  s = db.Error("CREATE TABLE t2 (a money)");
  CHECK(s.code() == ErrorCode::kFeatureNotSupported);
  CHECK(s.message() == "type \"money\" is not supported");
  s = db.Error("CREATE TABLE t2 (a foo)");
  CHECK(s.code() == ErrorCode::kUndefinedObject);
  CHECK(s.message() == "type \"foo\" does not exist");
}

TEST_CASE("DROP TABLE with and without IF EXISTS") {
  TestDb db;
  db.Exec("CREATE TABLE t (a int)");
  db.Exec("DROP TABLE t");
  CHECK(db.tag() == "DROP TABLE");
  Status s = db.Error("DROP TABLE t");
  CHECK(s.code() == ErrorCode::kUndefinedTable);
  CHECK(s.message() == "table \"t\" does not exist");
  db.Exec("DROP TABLE IF EXISTS t");
  REQUIRE(db.notices().size() == 1);
  CHECK(db.notices()[0].message == "table \"t\" does not exist, skipping");
}

TEST_CASE("create_hypertable returns TimescaleDB's row and validates its arguments") {
  TestDb db;
  db.Exec("CREATE TABLE cpu (time timestamptz, hostname text)");
  Rows rows =
      db.Query("SELECT create_hypertable('cpu', 'time', chunk_time_interval => INTERVAL '1 day')");
  CHECK(db.ColumnNames() == std::vector<std::string>{"create_hypertable"});
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0].ends_with(",public,cpu,t)"));
  // The time column became NOT NULL.
  CHECK(db.Error("INSERT INTO cpu (hostname) VALUES ('h')").code() == ErrorCode::kNotNullViolation);
  rows = db.Query("SELECT create_hypertable('cpu', 'time', if_not_exists => true)");
  CHECK(rows[0][0].ends_with(",public,cpu,f)"));

  db.Exec("CREATE TABLE m (ts timestamp, v int)");
  rows = db.Query("SELECT create_hypertable('m', by_range('ts', INTERVAL '1 hour'))");
  CHECK(rows[0][0].ends_with(",t)"));
  CHECK(rows[0][0].find("public") == std::string::npos);

  db.Exec("CREATE TABLE x (ts timestamptz, name text)");
  CHECK(db.Error("SELECT create_hypertable('x', 'nope')").code() == ErrorCode::kUndefinedColumn);
  CHECK(db.Error("SELECT create_hypertable('x', 'name')").code() == ErrorCode::kDatatypeMismatch);
  CHECK(db.Error("SELECT create_hypertable('nope', 'ts')").code() == ErrorCode::kUndefinedTable);
  db.Exec("INSERT INTO x VALUES (now(), 'a')");
  CHECK(db.Error("SELECT create_hypertable('x', 'ts')").code() ==
        ErrorCode::kObjectNotInPrerequisiteState);
}

TEST_CASE("INSERT applies defaults, column lists and PostgreSQL's assignment errors") {
  TestDb db;
  db.Exec(
      "CREATE TABLE t (id int NOT NULL, name varchar(3), score double precision DEFAULT 1.5, "
      "small smallint)");
  db.Exec("INSERT INTO t (id) VALUES (1)");
  db.Exec("INSERT INTO t VALUES (2, 'ab', DEFAULT, 7), (3, NULL, 4, NULL)");
  CHECK(db.tag() == "INSERT 0 2");
  CHECK(db.Query("SELECT id, name, score, small FROM t ORDER BY id") ==
        Rows{{"1", "NULL", "1.5", "NULL"}, {"2", "ab", "1.5", "7"}, {"3", "NULL", "4", "NULL"}});

  Status s = db.Error("INSERT INTO t (name) VALUES ('x')");
  CHECK(s.code() == ErrorCode::kNotNullViolation);
  CHECK(s.message() ==
        "null value in column \"id\" of relation \"t\" violates not-null constraint");
  s = db.Error("INSERT INTO t (id) VALUES ('abc')");
  CHECK(s.code() == ErrorCode::kInvalidTextRepresentation);
  CHECK(s.message() == "invalid input syntax for type integer: \"abc\"");
  CHECK(db.Error("INSERT INTO t (id) VALUES (3000000000)").code() ==
        ErrorCode::kNumericValueOutOfRange);
  CHECK(db.Error("INSERT INTO t (id, small) VALUES (1, 70000)").code() ==
        ErrorCode::kNumericValueOutOfRange);
  CHECK(db.Error("INSERT INTO t (id, name) VALUES (1, 'abcd')").code() ==
        ErrorCode::kStringDataRightTruncation);
  s = db.Error("INSERT INTO t (id) VALUES (1, 2)");
  CHECK(s.code() == ErrorCode::kSyntaxError);
  CHECK(s.message() == "INSERT has more expressions than target columns");
  CHECK(db.Error("INSERT INTO t (nope) VALUES (1)").code() == ErrorCode::kUndefinedColumn);
  CHECK(db.Query("INSERT INTO t (id) VALUES (4) RETURNING id") == Rows{{"4"}});
  // A failed multi-row INSERT stores nothing.
  CHECK(db.Error("INSERT INTO t (id) VALUES (10), (NULL)").code() == ErrorCode::kNotNullViolation);
  CHECK(db.Query("SELECT count(*) FROM t") == Rows{{"4"}});
}

TEST_CASE("INSERT ... SELECT copies rows with casts") {
  TestDb db;
  db.Exec("CREATE TABLE a (x int, y text)");
  db.Exec("CREATE TABLE b (y text, x bigint)");
  db.Exec("INSERT INTO a VALUES (1, 'one'), (2, 'two')");
  db.Exec("INSERT INTO b (x, y) SELECT x, y FROM a WHERE x > 1");
  CHECK(db.tag() == "INSERT 0 1");
  CHECK(db.Query("SELECT y, x FROM b") == Rows{{"two", "2"}});
}

TEST_CASE("column defaults survive reopening the database") {
  TestDb db;
  db.Exec("CREATE TABLE t (id int, note text DEFAULT 'it''s', at timestamptz DEFAULT now())");
  db.Open();
  db.Exec("INSERT INTO t (id) VALUES (1)");
  CHECK(db.Query("SELECT note, at IS NOT NULL FROM t") == Rows{{"it's", "t"}});
}

TEST_CASE("transaction blocks buffer writes until COMMIT") {
  TestDb db;
  db.Exec("CREATE TABLE t (a int)");
  db.Exec("BEGIN");
  CHECK(db.session().transaction_state() == TransactionState::kInBlock);
  db.Exec("INSERT INTO t VALUES (1)");
  db.Exec("COMMIT");
  CHECK(db.tag() == "COMMIT");
  CHECK(db.session().transaction_state() == TransactionState::kIdle);
  CHECK(db.Query("SELECT a FROM t") == Rows{{"1"}});

  db.Exec("BEGIN; INSERT INTO t VALUES (2); ROLLBACK");
  CHECK(db.tag() == "ROLLBACK");
  CHECK(db.Query("SELECT count(*) FROM t") == Rows{{"1"}});
}

TEST_CASE("statements inside a block read the block's own writes") {
  TestDb db;
  db.Exec(
      "CREATE TABLE m (time timestamptz NOT NULL, host text, v double precision) "
      "WITH (timescaledb.hypertable, timescaledb.partition_column='time')");
  db.Exec("INSERT INTO m VALUES ('2026-01-01 00:00:00+00', 'a', 1)");
  db.Exec("BEGIN");
  db.Exec(
      "INSERT INTO m VALUES ('2026-01-01 00:01:00+00', 'b', 2), "
      "('2026-01-02 00:00:00+00', 'a', 3)");
  CHECK(db.Query("SELECT count(*), sum(v) FROM m") == Rows{{"3", "6"}});
  // Filters the store applies (text equality, time range) apply to them too.
  CHECK(db.Query("SELECT v FROM m WHERE host = 'a' AND time >= '2026-01-02'") == Rows{{"3"}});
  db.Exec("INSERT INTO m SELECT time + INTERVAL '1 hour', host, v * 10 FROM m WHERE host = 'b'");
  CHECK(db.Query("SELECT v FROM m WHERE host = 'b' ORDER BY v") == Rows{{"2"}, {"20"}});
  db.Exec("ROLLBACK");
  CHECK(db.Query("SELECT count(*) FROM m") == Rows{{"1"}});
}

TEST_CASE("an error inside a block aborts it until ROLLBACK or COMMIT") {
  TestDb db;
  db.Exec("CREATE TABLE t (a int)");
  db.Exec("BEGIN");
  db.Exec("INSERT INTO t VALUES (1)");
  CHECK(db.Error("SELECT nope FROM t").code() == ErrorCode::kUndefinedColumn);
  CHECK(db.session().transaction_state() == TransactionState::kFailed);
  Status s = db.Error("SELECT 1");
  CHECK(s.code() == ErrorCode::kInFailedTransaction);
  db.Exec("COMMIT");
  CHECK(db.tag() == "ROLLBACK");
  CHECK(db.session().transaction_state() == TransactionState::kIdle);
  CHECK(db.Query("SELECT count(*) FROM t") == Rows{{"0"}});
}

TEST_CASE("statement_timeout cancels a long query with 57014 and the session goes on") {
  TestDb db;
  db.Exec("SET statement_timeout = '50ms'");
  Status s = db.Error("SELECT count(*) FROM generate_series(1, 2000000000)");
  CHECK(s.code() == ErrorCode::kQueryCanceled);
  CHECK(s.message() == "canceling statement due to statement timeout");
  CHECK(db.Query("SELECT count(*) FROM generate_series(1, 10)") == Rows{{"10"}});
  db.Exec("SET statement_timeout = 0");
  CHECK(db.Query("SELECT count(*) FROM generate_series(1, 100000)") == Rows{{"100000"}});
}

TEST_CASE("COMMIT outside a block and BEGIN inside one only warn") {
  TestDb db;
  db.Exec("COMMIT");
  REQUIRE(db.notices().size() == 1);
  CHECK(db.notices()[0].severity == "WARNING");
  CHECK(db.notices()[0].message == "there is no transaction in progress");
  CHECK(db.notices()[0].code == ErrorCode::kNoActiveSqlTransaction);
  db.Exec("BEGIN; BEGIN");
  REQUIRE(db.notices().size() == 1);
  CHECK(db.notices()[0].message == "there is already a transaction in progress");
  CHECK(db.notices()[0].code == ErrorCode::kActiveSqlTransaction);
  db.Exec("ROLLBACK");
}

TEST_CASE("SET inside a rolled back block is undone, SET LOCAL ends with the block") {
  TestDb db;
  db.Exec("BEGIN; SET work_mem = '8MB'; ROLLBACK");
  CHECK(db.Query("SHOW work_mem") == Rows{{"4MB"}});
  db.Exec("BEGIN; SET LOCAL work_mem = '8MB'");
  CHECK(db.Query("SHOW work_mem") == Rows{{"8MB"}});
  db.Exec("COMMIT");
  CHECK(db.Query("SHOW work_mem") == Rows{{"4MB"}});
}

TEST_CASE("SET SESSION CHARACTERISTICS sets the defaults that SHOW TRANSACTION shows") {
  TestDb db;
  db.Exec("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE");
  CHECK(db.tag() == "SET");
  CHECK(db.Query("SHOW default_transaction_isolation") == Rows{{"serializable"}});
  CHECK(db.Query("SHOW TRANSACTION ISOLATION LEVEL") == Rows{{"serializable"}});
  db.Exec("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
  CHECK(db.Query("SHOW transaction_read_only") == Rows{{"on"}});
  db.Exec("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
  CHECK(db.Query("SHOW default_transaction_read_only") == Rows{{"off"}});
  CHECK(db.Error("SET SESSION CHARACTERISTICS AS TRANSACTION DEFERRABLE").code() ==
        ErrorCode::kFeatureNotSupported);
}

}  // namespace
}  // namespace sundial::sql::testing
