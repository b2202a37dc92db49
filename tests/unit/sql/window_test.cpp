#include <catch2/catch.hpp>

#include "sql_test_db.h"

namespace sundial::sql::testing {
namespace {

void LoadTable(TestDb& db) {
  db.Exec(
      "CREATE TABLE m (time timestamptz NOT NULL, host text, v bigint) "
      "WITH (timescaledb.hypertable, timescaledb.partition_column='time')");
  db.Exec(
      "INSERT INTO m VALUES ('2026-01-01 00:00:00+00', 'a', 1), "
      "('2026-01-01 00:30:00+00', 'a', 2), ('2026-01-01 02:00:00+00', 'a', 2), "
      "('2026-01-01 00:00:00+00', 'b', 5), ('2026-01-01 01:00:00+00', 'b', NULL)");
}

TEST_CASE("Ranking functions number rows per partition with peers", "[sql][window]") {
  TestDb db;
  LoadTable(db);
  CHECK(db.Query("SELECT host, v, row_number() OVER w, rank() OVER w, dense_rank() OVER w, "
                 "percent_rank() OVER w, cume_dist() OVER w FROM m "
                 "WINDOW w AS (PARTITION BY host ORDER BY v) ORDER BY host, v") ==
        Rows{{"a", "1", "1", "1", "1", "0", "0.3333333333333333"},
             {"a", "2", "2", "2", "2", "0.5", "1"},
             {"a", "2", "3", "2", "2", "0.5", "1"},
             {"b", "5", "1", "1", "1", "0", "0.5"},
             {"b", "NULL", "2", "2", "2", "1", "1"}});
}

TEST_CASE("The default frame runs to the current row's last peer", "[sql][window]") {
  TestDb db;
  LoadTable(db);
  CHECK(db.Query("SELECT v, sum(v) OVER (PARTITION BY host ORDER BY v), count(*) OVER (), "
                 "sum(v) OVER (PARTITION BY host) FROM m WHERE host = 'a' ORDER BY time") ==
        Rows{{"1", "1", "3", "5"}, {"2", "5", "3", "5"}, {"2", "5", "3", "5"}});
}

TEST_CASE("ROWS and RANGE frames with offsets", "[sql][window]") {
  TestDb db;
  LoadTable(db);
  CHECK(db.Query("SELECT v, sum(v) OVER (ORDER BY time ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) "
                 "FROM m WHERE host = 'a' ORDER BY time") ==
        Rows{{"1", "1"}, {"2", "3"}, {"2", "4"}});
  CHECK(db.Query("SELECT v, count(*) OVER (ORDER BY time RANGE BETWEEN INTERVAL '1 hour' "
                 "PRECEDING AND CURRENT ROW) FROM m WHERE host = 'a' ORDER BY time") ==
        Rows{{"1", "1"}, {"2", "2"}, {"2", "1"}});
  CHECK(db.Query("SELECT v, sum(v) OVER (ORDER BY v DESC RANGE BETWEEN 1 PRECEDING AND 0 "
                 "FOLLOWING) FROM m WHERE host = 'a' ORDER BY v, time") ==
        Rows{{"1", "5"}, {"2", "4"}, {"2", "4"}});
}

TEST_CASE("GROUPS frames count peer groups and EXCLUDE leaves rows out", "[sql][window]") {
  TestDb db;
  LoadTable(db);
  CHECK(db.Query(
            "SELECT v, sum(v) OVER (ORDER BY v GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW), "
            "sum(v) OVER (ORDER BY v GROUPS BETWEEN CURRENT ROW AND 1 FOLLOWING "
            "EXCLUDE CURRENT ROW), count(*) OVER (ORDER BY v ROWS BETWEEN UNBOUNDED "
            "PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE TIES), first_value(v) OVER (ORDER BY v "
            "RANGE UNBOUNDED PRECEDING EXCLUDE GROUP) FROM m WHERE host = 'a' ORDER BY v, time") ==
        Rows{{"1", "1", "4", "3", "NULL"}, {"2", "5", "2", "2", "1"}, {"2", "5", "2", "2", "1"}});
}

TEST_CASE("lag, lead and frame values", "[sql][window]") {
  TestDb db;
  LoadTable(db);
  CHECK(db.Query("SELECT v, lag(v) OVER o, lead(v, 2, -1) OVER o, first_value(v) OVER o, "
                 "last_value(v) OVER o, nth_value(v, 2) OVER o, ntile(2) OVER o FROM m "
                 "WHERE host = 'a' WINDOW o AS (ORDER BY time) ORDER BY time") ==
        Rows{{"1", "NULL", "2", "1", "1", "NULL", "1"},
             {"2", "1", "-1", "1", "2", "2", "1"},
             {"2", "2", "-1", "1", "2", "2", "2"}});
}

TEST_CASE("Window functions run after GROUP BY and HAVING", "[sql][window]") {
  TestDb db;
  LoadTable(db);
  CHECK(db.Query("SELECT host, sum(v), rank() OVER (ORDER BY sum(v) DESC), "
                 "sum(sum(v)) OVER () FROM m GROUP BY host ORDER BY host") ==
        Rows{{"a", "5", "1", "10"}, {"b", "5", "1", "10"}});
  std::string plan;
  for (const auto& row : db.Query("EXPLAIN SELECT host, row_number() OVER (PARTITION BY host "
                                  "ORDER BY time) FROM m"))
    plan += row[0] + "\n";
  INFO(plan);
  CHECK(plan.find("Window partition=[") != std::string::npos);
  CHECK(plan.find("Sort keys=[") != std::string::npos);
}

TEST_CASE("Misplaced window functions are rejected", "[sql][window]") {
  TestDb db;
  LoadTable(db);
  CHECK(db.Error("SELECT v FROM m WHERE row_number() OVER () > 1").code() ==
        ErrorCode::kWindowingError);
  CHECK(db.Error("SELECT host FROM m GROUP BY host HAVING rank() OVER () > 1").code() ==
        ErrorCode::kWindowingError);
  CHECK(db.Error("SELECT sum(row_number() OVER ()) FROM m").code() == ErrorCode::kGroupingError);
  CHECK(db.Error("SELECT row_number() FROM m").code() == ErrorCode::kWrongObjectType);
  CHECK(db.Error("SELECT lower(host) OVER () FROM m").code() == ErrorCode::kWrongObjectType);
  CHECK(
      db.Error("SELECT v, sum(v) OVER (ROWS BETWEEN -1 PRECEDING AND CURRENT ROW) FROM m").code() ==
      ErrorCode::kInvalidFrameOffset);
  CHECK(db.Error("SELECT count(*) OVER (GROUPS UNBOUNDED PRECEDING) FROM m").code() ==
        ErrorCode::kWindowingError);
  CHECK(db.Error("SELECT count(*) OVER w FROM m").code() == ErrorCode::kUndefinedObject);
  CHECK(db.Error("SELECT sum(v) OVER (ORDER BY host RANGE 1 PRECEDING) FROM m").code() ==
        ErrorCode::kFeatureNotSupported);
}

}  // namespace
}  // namespace sundial::sql::testing
