#include <catch2/catch.hpp>
#include <string>

#include "sql_test_db.h"

namespace sundial::sql::testing {
namespace {

// 2,000 rows over 40 devices: level = i % 7, note = 'n' || (i % 5), flag on even rows.
void LoadReadings(TestDb& db) {
  db.Exec(
      "CREATE TABLE r (time timestamptz NOT NULL, device text, level integer, note text, "
      "flag boolean) WITH (timescaledb.hypertable, timescaledb.partition_column='time')");
  std::string insert = "INSERT INTO r VALUES ";
  for (int i = 0; i < 2000; ++i) {
    if (i > 0) insert += ",";
    insert += "('2026-01-01 00:00:00+00'::timestamptz + interval '" + std::to_string(i) +
              " seconds', 'd" + std::to_string(i % 40) + "', " + std::to_string(i % 7) + ", 'n" +
              std::to_string(i % 5) + "', " + (i % 2 == 0 ? "true" : "false") + ")";
  }
  db.Exec(insert);
}

TEST_CASE("count(DISTINCT) counts each non-NULL value once, beside plain aggregates") {
  TestDb db;
  LoadReadings(db);
  Rows rows = db.Query(
      "SELECT count(DISTINCT level), count(DISTINCT note), count(*), "
      "sum(DISTINCT level), sum(level) FROM r");
  CHECK(rows == Rows{{"7", "5", "2000", "21", "5995"}});
}

TEST_CASE("DISTINCT aggregates stay exact when the grouped aggregate spills") {
  TestDb db;
  LoadReadings(db);
  db.Exec("SET work_mem = '64kB'");
  Rows rows = db.Query(
      "SELECT device, count(DISTINCT level), string_agg(DISTINCT note, ',' ORDER "
      "BY note) FROM r GROUP BY device ORDER BY device LIMIT 2");
  CHECK(rows == Rows{{"d0", "7", "n0"}, {"d1", "7", "n1"}});
}

TEST_CASE("FILTER skips rows before their arguments are evaluated") {
  TestDb db;
  LoadReadings(db);
  Rows rows = db.Query(
      "SELECT count(*) FILTER (WHERE flag), sum(60 / level) FILTER (WHERE level "
      "<> 0) FROM r WHERE level < 3");
  CHECK(rows == Rows{{"429", "25740"}});
}

TEST_CASE("string_agg joins values in the aggregate's ORDER BY") {
  TestDb db;
  Rows rows = db.Query(
      "SELECT string_agg(v, '-' ORDER BY n DESC) FROM (VALUES ('a', 1), ('b', "
      "2), (NULL, 3), ('c', 4)) AS t(v, n)");
  CHECK(rows == Rows{{"c-b-a"}});
}

TEST_CASE("aggregate ORDER BY with several keys beyond the arguments") {
  TestDb db;
  Rows rows = db.Query(
      "SELECT string_agg(v, ',' ORDER BY k DESC NULLS LAST, n) FROM (VALUES "
      "('a', 1, 1), ('b', NULL, 2), ('c', 1, 0), ('d', 2, 3)) AS t(v, k, n)");
  CHECK(rows == Rows{{"d,c,a,b"}});
}

TEST_CASE("percentile_cont interpolates, percentile_disc and mode pick input values") {
  TestDb db;
  Rows rows = db.Query(
      "SELECT percentile_cont(0.25) WITHIN GROUP (ORDER BY v), percentile_disc(0.25) WITHIN "
      "GROUP (ORDER BY v), mode() WITHIN GROUP (ORDER BY v) FROM (VALUES (1), (2), (2), (10), "
      "(NULL)) AS t(v)");
  CHECK(rows == Rows{{"1.75", "1", "2"}});
}

TEST_CASE("a percentile outside [0, 1] fails with 22003") {
  TestDb db;
  Status status = db.Run(
      "SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY v) FROM (VALUES "
      "(1.0)) AS t(v)");
  CHECK(status.code() == ErrorCode::kNumericValueOutOfRange);
  CHECK(status.message() == "percentile value 1.5 is not between 0 and 1");
}

TEST_CASE("DISTINCT aggregate ordered by a non-argument fails with 42P10") {
  TestDb db;
  LoadReadings(db);
  CHECK(db.Run("SELECT string_agg(DISTINCT note, ',' ORDER BY level) FROM r").code() ==
        ErrorCode::kInvalidColumnReference);
  CHECK(db.Run("SELECT lower(note) FILTER (WHERE flag) FROM r").code() ==
        ErrorCode::kWrongObjectType);
}

}  // namespace
}  // namespace sundial::sql::testing
