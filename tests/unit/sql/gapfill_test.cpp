#include <catch2/catch.hpp>

#include "sql_test_db.h"

namespace sundial::sql::testing {
namespace {

// Two hosts sampled every few minutes with holes: h1 lacks 00:01 and
// 00:03, h2 has only 00:02 (with a NULL reading) and 00:04.
void LoadMetrics(TestDb& db) {
  db.Exec("SET TimeZone = 'UTC'");
  db.Exec("CREATE TABLE m (time timestamptz NOT NULL, host text, v double precision)");
  db.Exec(
      "INSERT INTO m VALUES "
      "('2026-01-01 00:00:10+00', 'h1', 1), ('2026-01-01 00:00:20+00', 'h1', 3), "
      "('2026-01-01 00:02:00+00', 'h1', 6), ('2026-01-01 00:04:30+00', 'h1', 10), "
      "('2026-01-01 00:02:05+00', 'h2', NULL), ('2026-01-01 00:04:00+00', 'h2', 40)");
}

TEST_CASE("time_bucket_gapfill emits every bucket of the WHERE range with NULL aggregates") {
  TestDb db;
  LoadMetrics(db);
  CHECK(db.Query("SELECT time_bucket_gapfill('1 minute', time) AS t, avg(v), count(*) FROM m "
                 "WHERE host = 'h1' AND time >= '2026-01-01 00:00' AND time < '2026-01-01 00:06' "
                 "GROUP BY t ORDER BY t") == Rows{{"2026-01-01 00:00:00+00", "2", "2"},
                                                  {"2026-01-01 00:01:00+00", "NULL", "NULL"},
                                                  {"2026-01-01 00:02:00+00", "6", "1"},
                                                  {"2026-01-01 00:03:00+00", "NULL", "NULL"},
                                                  {"2026-01-01 00:04:00+00", "10", "1"},
                                                  {"2026-01-01 00:05:00+00", "NULL", "NULL"}});
}

TEST_CASE("time_bucket_gapfill over a hypertable whose scan takes the WHERE range") {
  TestDb db;
  db.Exec("SET TimeZone = 'UTC'");
  db.Exec("CREATE TABLE h (time timestamptz NOT NULL, v double precision)");
  db.Exec("SELECT create_hypertable('h', 'time', chunk_time_interval => INTERVAL '1 hour')");
  db.Exec(
      "INSERT INTO h VALUES ('2026-01-01 00:30+00', 1), ('2026-01-01 03:10+00', 3), "
      "('2026-01-01 09:00+00', 9)");
  CHECK(db.Query("SELECT time_bucket_gapfill('1 hour', time) AS t, interpolate(avg(v)) FROM h "
                 "WHERE time > '2025-12-31 23:59:59' AND time <= '2026-01-01 03:00' "
                 "GROUP BY t ORDER BY t") == Rows{{"2025-12-31 23:00:00+00", "NULL"},
                                                  {"2026-01-01 00:00:00+00", "1"},
                                                  {"2026-01-01 01:00:00+00", "NULL"},
                                                  {"2026-01-01 02:00:00+00", "NULL"},
                                                  {"2026-01-01 03:00:00+00", "NULL"}});
}

TEST_CASE("time_bucket_gapfill fills one series per value of the other group keys") {
  TestDb db;
  LoadMetrics(db);
  CHECK(db.Query("SELECT host, time_bucket_gapfill('1 minute', time) AS t, max(v) FROM m "
                 "WHERE time >= '2026-01-01 00:01' AND time < '2026-01-01 00:04' "
                 "GROUP BY host, t ORDER BY host, t") ==
        Rows{{"h1", "2026-01-01 00:01:00+00", "NULL"},
             {"h1", "2026-01-01 00:02:00+00", "6"},
             {"h1", "2026-01-01 00:03:00+00", "NULL"},
             {"h2", "2026-01-01 00:01:00+00", "NULL"},
             {"h2", "2026-01-01 00:02:00+00", "NULL"},
             {"h2", "2026-01-01 00:03:00+00", "NULL"}});
  // ORDER BY works on the filled result as on any other.
  CHECK(db.Query("SELECT time_bucket_gapfill('1 minute', time) AS t, host, max(v) AS mx FROM m "
                 "WHERE time >= '2026-01-01 00:03' AND time < '2026-01-01 00:05' "
                 "GROUP BY t, host ORDER BY t DESC, host DESC") ==
        Rows{{"2026-01-01 00:04:00+00", "h2", "40"},
             {"2026-01-01 00:04:00+00", "h1", "10"},
             {"2026-01-01 00:03:00+00", "h2", "NULL"},
             {"2026-01-01 00:03:00+00", "h1", "NULL"}});
}

TEST_CASE("locf carries the last value forward; a NULL aggregate is carried unless missing") {
  TestDb db;
  LoadMetrics(db);
  const std::string range =
      " FROM m WHERE time >= '2026-01-01 00:00' AND time < '2026-01-01 00:06' ";
  CHECK(db.Query("SELECT host, time_bucket_gapfill('1 minute', time) AS t, locf(max(v))" + range +
                 "GROUP BY host, t ORDER BY host, t") ==
        Rows{{"h1", "2026-01-01 00:00:00+00", "3"},
             {"h1", "2026-01-01 00:01:00+00", "3"},
             {"h1", "2026-01-01 00:02:00+00", "6"},
             {"h1", "2026-01-01 00:03:00+00", "6"},
             {"h1", "2026-01-01 00:04:00+00", "10"},
             {"h1", "2026-01-01 00:05:00+00", "10"},
             {"h2", "2026-01-01 00:00:00+00", "NULL"},
             {"h2", "2026-01-01 00:01:00+00", "NULL"},
             {"h2", "2026-01-01 00:02:00+00", "NULL"},
             {"h2", "2026-01-01 00:03:00+00", "NULL"},
             {"h2", "2026-01-01 00:04:00+00", "40"},
             {"h2", "2026-01-01 00:05:00+00", "40"}});
  // prev gives the value before the first bucket; treat_null_as_missing
  // fills the NULL aggregate of h2's 00:02 bucket too.
  CHECK(db.Query("SELECT host, time_bucket_gapfill('1 minute', time) AS t, "
                 "locf(max(v), 99, treat_null_as_missing => true)" +
                 range + "AND host = 'h2' GROUP BY host, t ORDER BY t") ==
        Rows{{"h2", "2026-01-01 00:00:00+00", "99"},
             {"h2", "2026-01-01 00:01:00+00", "99"},
             {"h2", "2026-01-01 00:02:00+00", "99"},
             {"h2", "2026-01-01 00:03:00+00", "99"},
             {"h2", "2026-01-01 00:04:00+00", "40"},
             {"h2", "2026-01-01 00:05:00+00", "40"}});
  CHECK(db.Query("SELECT time_bucket_gapfill('1 minute', time) AS t, locf(max(v), "
                 "prev => (SELECT min(v) FROM m))" +
                 range + "AND host = 'h1' AND time > '2026-01-01 00:01' GROUP BY t ORDER BY t") ==
        Rows{{"2026-01-01 00:01:00+00", "1"},
             {"2026-01-01 00:02:00+00", "6"},
             {"2026-01-01 00:03:00+00", "6"},
             {"2026-01-01 00:04:00+00", "10"},
             {"2026-01-01 00:05:00+00", "10"}});
}

TEST_CASE("interpolate draws a line between a series' neighbouring values, NULL at its edges") {
  TestDb db;
  LoadMetrics(db);
  CHECK(db.Query("SELECT time_bucket_gapfill('1 minute', time) AS t, interpolate(max(v)), "
                 "interpolate(count(*)) FROM m WHERE host = 'h1' AND "
                 "time >= '2026-01-01 23:58'::timestamptz - interval '1 day' AND "
                 "time <= '2026-01-01 00:06' GROUP BY t ORDER BY t") ==
        Rows{{"2025-12-31 23:58:00+00", "NULL", "NULL"},
             {"2025-12-31 23:59:00+00", "NULL", "NULL"},
             {"2026-01-01 00:00:00+00", "3", "2"},
             {"2026-01-01 00:01:00+00", "4.5", "2"},
             {"2026-01-01 00:02:00+00", "6", "1"},
             {"2026-01-01 00:03:00+00", "8", "1"},
             {"2026-01-01 00:04:00+00", "10", "1"},
             {"2026-01-01 00:05:00+00", "NULL", "NULL"},
             {"2026-01-01 00:06:00+00", "NULL", "NULL"}});
}

TEST_CASE("Window functions see the filled rows") {
  TestDb db;
  LoadMetrics(db);
  CHECK(db.Query("SELECT time_bucket_gapfill('1 minute', time) AS t, locf(max(v)) AS l, "
                 "lag(locf(max(v))) OVER (ORDER BY time_bucket_gapfill('1 minute', time)), "
                 "row_number() OVER (ORDER BY time_bucket_gapfill('1 minute', time)) FROM m "
                 "WHERE host = 'h1' AND time BETWEEN '2026-01-01 00:01' AND '2026-01-01 00:03' "
                 "GROUP BY t ORDER BY t") == Rows{{"2026-01-01 00:01:00+00", "NULL", "NULL", "1"},
                                                  {"2026-01-01 00:02:00+00", "6", "NULL", "2"},
                                                  {"2026-01-01 00:03:00+00", "6", "6", "3"}});
}

TEST_CASE("time_bucket_gapfill takes start and finish as arguments") {
  TestDb db;
  LoadMetrics(db);
  // start is aligned to its bucket; rows outside [start, finish) pass through.
  CHECK(db.Query("SELECT time_bucket_gapfill('2 minutes', time, '2026-01-01 00:01:30', "
                 "finish => '2026-01-01 00:04') AS t, sum(v) FROM m WHERE host = 'h1' "
                 "GROUP BY t ORDER BY t") == Rows{{"2026-01-01 00:00:00+00", "4"},
                                                  {"2026-01-01 00:02:00+00", "6"},
                                                  {"2026-01-01 00:04:00+00", "10"}});
  CHECK(db.Query("SELECT time_bucket_gapfill('1 hour', time, start => '2026-01-01 00:00', "
                 "finish => '2026-01-01 03:00') AS t, count(v) FROM m GROUP BY t ORDER BY t") ==
        Rows{{"2026-01-01 00:00:00+00", "5"},
             {"2026-01-01 01:00:00+00", "NULL"},
             {"2026-01-01 02:00:00+00", "NULL"}});
}

TEST_CASE("time_bucket_gapfill with a time zone fills that zone's buckets") {
  TestDb db;
  LoadMetrics(db);
  // Berlin days start at 23:00 UTC in winter; the rows fall on 1 January there.
  CHECK(db.Query("SELECT time_bucket_gapfill('1 day', time, 'Europe/Berlin', '2025-12-30', "
                 "'2026-01-02') AS d, count(*) FROM m GROUP BY d ORDER BY d") ==
        Rows{{"2025-12-29 23:00:00+00", "NULL"},
             {"2025-12-30 23:00:00+00", "NULL"},
             {"2025-12-31 23:00:00+00", "6"},
             {"2026-01-01 23:00:00+00", "NULL"}});
  CHECK(db.Query("SELECT time_bucket_gapfill('12 hours', time, timezone => 'Asia/Kolkata') AS d, "
                 "locf(max(v)) FROM m WHERE time >= '2026-01-01' AND time < '2026-01-02' "
                 "GROUP BY d ORDER BY d") == Rows{{"2025-12-31 18:30:00+00", "40"},
                                                  {"2026-01-01 06:30:00+00", "40"},
                                                  {"2026-01-01 18:30:00+00", "40"}});
}

TEST_CASE("time_bucket_gapfill over integer and date time columns") {
  TestDb db;
  db.Exec("CREATE TABLE ints (t bigint, k int, v int)");
  db.Exec("INSERT INTO ints VALUES (1, 1, 10), (2, 1, 20), (9, 1, 40), (-3, 2, 7)");
  CHECK(db.Query("SELECT k, time_bucket_gapfill(3, t) AS b, sum(v), interpolate(sum(v)) "
                 "FROM ints WHERE t > -4 AND t <= 10 GROUP BY k, b ORDER BY k, b") ==
        Rows{{"1", "-3", "NULL", "NULL"},
             {"1", "0", "30", "30"},
             {"1", "3", "NULL", "33"},
             {"1", "6", "NULL", "37"},
             {"1", "9", "40", "40"},
             {"2", "-3", "7", "7"},
             {"2", "0", "NULL", "NULL"},
             {"2", "3", "NULL", "NULL"},
             {"2", "6", "NULL", "NULL"},
             {"2", "9", "NULL", "NULL"}});
  db.Exec("CREATE TABLE days (d date, v int)");
  db.Exec("INSERT INTO days VALUES ('2026-01-01', 1), ('2026-01-04', 4)");
  CHECK(db.Query("SELECT time_bucket_gapfill('1 day', d) AS b, locf(sum(v)) FROM days "
                 "WHERE d >= '2026-01-01' AND d < '2026-01-05' GROUP BY b ORDER BY b") ==
        Rows{{"2026-01-01", "1"}, {"2026-01-02", "1"}, {"2026-01-03", "1"}, {"2026-01-04", "4"}});
  CHECK(db.Query("SELECT time_bucket_gapfill('1 month', d) AS b, count(*) FROM days "
                 "WHERE d >= '2025-11-15' AND d < '2026-02-01' GROUP BY b ORDER BY b") ==
        Rows{{"2025-11-01", "NULL"}, {"2025-12-01", "NULL"}, {"2026-01-01", "2"}});
}

TEST_CASE("time_bucket_gapfill without rows fills a single series but no keyed series") {
  TestDb db;
  LoadMetrics(db);
  CHECK(db.Query("SELECT time_bucket_gapfill('1 minute', time) AS t, max(v) FROM m "
                 "WHERE time >= '2026-02-01 00:00' AND time < '2026-02-01 00:02' GROUP BY t") ==
        Rows{{"2026-02-01 00:00:00+00", "NULL"}, {"2026-02-01 00:01:00+00", "NULL"}});
  CHECK(db.Query("SELECT host, time_bucket_gapfill('1 minute', time) AS t, max(v) FROM m "
                 "WHERE time >= '2026-02-01 00:00' AND time < '2026-02-01 00:02' "
                 "GROUP BY host, t")
            .empty());
}

TEST_CASE("EXPLAIN shows the gapfill node above a sort of the aggregate") {
  TestDb db;
  LoadMetrics(db);
  Rows plan = db.Query(
      "EXPLAIN SELECT host, time_bucket_gapfill('1 minute', time) AS t, locf(max(v)) FROM m "
      "WHERE time >= '2026-01-01' AND time < '2026-01-02' GROUP BY host, t");
  std::string text;
  for (const auto& row : plan)
    text += row[0] + "\n";
  INFO(text);
  const size_t gapfill = text.find("Gapfill time=$1 series=[$0] locf($2)");
  const size_t sort = text.find("Sort", gapfill);
  const size_t aggregate = text.find("HashAggregate", sort);
  CHECK(gapfill != std::string::npos);
  CHECK(sort != std::string::npos);
  CHECK(aggregate != std::string::npos);
}

TEST_CASE("time_bucket_gapfill reports what TimescaleDB reports") {
  TestDb db;
  LoadMetrics(db);
  Status no_start = db.Error(
      "SELECT time_bucket_gapfill('1 minute', time) AS t, max(v) FROM m "
      "WHERE time < '2026-01-02' GROUP BY t");
  CHECK(no_start.code() == ErrorCode::kInvalidParameterValue);
  CHECK(no_start.message() ==
        "missing time_bucket_gapfill argument: could not infer start from WHERE clause");
  Status no_finish = db.Error(
      "SELECT time_bucket_gapfill('1 minute', time) AS t, max(v) FROM m "
      "WHERE time >= '2026-01-01' GROUP BY t");
  CHECK(no_finish.message() ==
        "missing time_bucket_gapfill argument: could not infer finish from WHERE clause");
  CHECK(db.Error("SELECT time_bucket_gapfill('0 minutes', time, '2026-01-01', '2026-01-02') AS t, "
                 "max(v) FROM m GROUP BY t")
            .message() ==
        "invalid time_bucket_gapfill argument: bucket_width must be greater than 0");
  CHECK(db.Error("SELECT time_bucket_gapfill('1 minute', time) AS t, round(locf(max(v))) FROM m "
                 "WHERE time >= '2026-01-01' AND time < '2026-01-02' GROUP BY t")
            .code() == ErrorCode::kFeatureNotSupported);
  CHECK(db.Error("SELECT time_bucket_gapfill('1 minute', time, origin => '2026-01-01') AS t, "
                 "max(v) FROM m WHERE time >= '2026-01-01' AND time < '2026-01-02' GROUP BY t")
            .code() == ErrorCode::kFeatureNotSupported);
  CHECK(db.Error("SELECT time_bucket_gapfill('1 minute', time, NULL::text, '2026-01-01', "
                 "'2026-01-02') AS t, max(v) FROM m GROUP BY t")
            .message() == "invalid time_bucket_gapfill argument: timezone cannot be NULL");
  CHECK(db.Error("SELECT time_bucket_gapfill('1 minute', time) AS t, interpolate(max(v), NULL, "
                 "NULL) FROM m WHERE time >= '2026-01-01' AND time < '2026-01-02' GROUP BY t")
            .code() == ErrorCode::kFeatureNotSupported);
  // Outside GROUP BY it is a plain time_bucket, and locf returns its argument.
  CHECK(db.Query("SELECT time_bucket_gapfill('1 hour', time), locf(v) FROM m WHERE v = 6") ==
        Rows{{"2026-01-01 00:00:00+00", "6"}});
}

}  // namespace
}  // namespace sundial::sql::testing
