#include <catch2/catch.hpp>

#include "sql_test_db.h"

namespace sundial::sql::testing {
namespace {

void LoadCpu(TestDb& db) {
  db.Exec(
      "CREATE TABLE cpu (time timestamptz NOT NULL, hostname text, usage_user double precision) "
      "WITH (timescaledb.hypertable, timescaledb.partition_column='time')");
  db.Exec(
      "INSERT INTO cpu VALUES "
      "('2025-12-31 23:59:00+00', 'h1', 1000),"
      "('2026-01-01 00:00:00+00', 'h1', 1),"
      "('2026-01-01 00:01:00+00', 'h1', 3),"
      "('2026-01-01 00:06:00+00', 'h1', 5),"
      "('2026-01-01 00:02:00+00', 'h2', 10),"
      "('2026-01-01 00:03:00+00', 'h3', 100)");
  CHECK(db.tag() == "INSERT 0 6");
}

TEST_CASE("the dashboard query shape returns exact aggregates per bucket and host") {
  TestDb db;
  LoadCpu(db);
  Rows rows = db.Query(
      "SELECT time_bucket('5 minutes', time) AS five_min, hostname, avg(usage_user), "
      "max(usage_user), count(*), first(usage_user, time), last(usage_user, time) "
      "FROM cpu WHERE time >= '2026-01-01' AND time < '2026-01-02' AND hostname IN ('h1', 'h2') "
      "GROUP BY five_min, hostname ORDER BY five_min, hostname LIMIT 10");
  CHECK(db.ColumnNames() ==
        std::vector<std::string>{"five_min", "hostname", "avg", "max", "count", "first", "last"});
  CHECK(rows == Rows{{"2026-01-01 00:00:00+00", "h1", "2", "3", "2", "1", "3"},
                     {"2026-01-01 00:00:00+00", "h2", "10", "10", "1", "10", "10"},
                     {"2026-01-01 00:05:00+00", "h1", "5", "5", "1", "5", "5"}});
  CHECK(db.tag() == "SELECT");
}

TEST_CASE("GROUP BY accepts ordinals and output aliases") {
  TestDb db;
  LoadCpu(db);
  Rows expected = {{"h1", "4"}, {"h2", "1"}, {"h3", "1"}};
  CHECK(db.Query("SELECT hostname AS h, count(*) FROM cpu GROUP BY 1 ORDER BY 1") == expected);
  CHECK(db.Query("SELECT hostname AS h, count(*) FROM cpu GROUP BY h ORDER BY h") == expected);
  CHECK(db.Query("SELECT hostname, count(*) AS n FROM cpu GROUP BY hostname ORDER BY n DESC, "
                 "hostname LIMIT 1") == Rows{{"h1", "4"}});
}

TEST_CASE("HAVING filters groups on aggregates not in the select list") {
  TestDb db;
  LoadCpu(db);
  CHECK(db.Query("SELECT hostname FROM cpu GROUP BY hostname HAVING count(*) > 1") == Rows{{"h1"}});
  CHECK(db.Query("SELECT count(*) FROM cpu WHERE hostname = 'nobody'") == Rows{{"0"}});
}

TEST_CASE("DISTINCT ON keeps the latest row per host") {
  TestDb db;
  LoadCpu(db);
  CHECK(db.Query("SELECT DISTINCT ON (hostname) hostname, usage_user FROM cpu "
                 "ORDER BY hostname, time DESC") == Rows{{"h1", "5"}, {"h2", "10"}, {"h3", "100"}});
  CHECK(db.Query("SELECT DISTINCT hostname FROM cpu ORDER BY hostname") ==
        Rows{{"h1"}, {"h2"}, {"h3"}});
}

TEST_CASE("ORDER BY honours NULLS FIRST/LAST and PostgreSQL's defaults") {
  TestDb db;
  db.Exec("CREATE TABLE t (a integer, b text)");
  db.Exec("INSERT INTO t VALUES (1, 'x'), (NULL, 'n'), (2, 'y')");
  CHECK(db.Query("SELECT b FROM t ORDER BY a") == Rows{{"x"}, {"y"}, {"n"}});
  CHECK(db.Query("SELECT b FROM t ORDER BY a DESC") == Rows{{"n"}, {"y"}, {"x"}});
  CHECK(db.Query("SELECT b FROM t ORDER BY a NULLS FIRST") == Rows{{"n"}, {"x"}, {"y"}});
  CHECK(db.Query("SELECT b FROM t ORDER BY a DESC NULLS LAST") == Rows{{"y"}, {"x"}, {"n"}});
  CHECK(db.Query("SELECT b FROM t ORDER BY a LIMIT 1 OFFSET 1") == Rows{{"y"}});
}

TEST_CASE("CTEs and subqueries in FROM can be queried like tables") {
  TestDb db;
  LoadCpu(db);
  CHECK(db.Query("WITH per_host AS (SELECT hostname, max(usage_user) AS peak FROM cpu "
                 "GROUP BY hostname) SELECT hostname FROM per_host WHERE peak > 50") ==
        Rows{{"h1"}, {"h3"}});
  CHECK(db.Query("SELECT s.n * 2 FROM (SELECT count(*) AS n FROM cpu) AS s") == Rows{{"12"}});
}

TEST_CASE("select list naming, literals and casts follow PostgreSQL") {
  TestDb db;
  CHECK(db.Query("SELECT 1 AS a, 'x', 2.5, '1'::int, true") == Rows{{"1", "x", "2.5", "1", "t"}});
  CHECK(db.ColumnNames() == std::vector<std::string>{"a", "?column?", "?column?", "int4", "bool"});
  CHECK(db.Query("SELECT CASE WHEN 1 > 2 THEN 'a' ELSE 'b' END, 3000000000, -2147483648") ==
        Rows{{"b", "3000000000", "-2147483648"}});
  CHECK(db.ColumnNames()[0] == "case");
}

TEST_CASE("SET TIME ZONE changes how timestamptz literals are read and printed") {
  TestDb db;
  LoadCpu(db);
  db.Exec("SET TIME ZONE 'America/New_York'");
  CHECK(db.tag() == "SET");
  CHECK(db.Query("SELECT count(*) FROM cpu WHERE time >= '2025-12-31 19:00:00'") == Rows{{"5"}});
  CHECK(db.Query("SELECT time FROM cpu ORDER BY time LIMIT 1") == Rows{{"2025-12-31 18:59:00-05"}});
  CHECK(db.Query("SHOW timezone") == Rows{{"America/New_York"}});
  CHECK(db.ColumnNames() == std::vector<std::string>{"TimeZone"});
  auto changed = db.session().TakeChangedParameters();
  REQUIRE(changed.size() == 1);
  CHECK(changed[0] == std::pair<std::string, std::string>{"TimeZone", "America/New_York"});
  db.Exec("RESET timezone");
  CHECK(db.tag() == "RESET");
  CHECK(db.Query("SHOW TimeZone") == Rows{{"UTC"}});
}

TEST_CASE("SHOW and SET of work_mem and custom dotted parameters") {
  TestDb db;
  db.Exec("SET work_mem = '64MB'");
  CHECK(db.Query("SHOW work_mem") == Rows{{"64MB"}});
  db.Exec("SET work_mem = 65536");
  CHECK(db.Query("SHOW work_mem") == Rows{{"64MB"}});
  db.Exec("SET timescaledb.enable_chunk_skipping = on");
  Status bad = db.Error("SET foo = 1");
  CHECK(bad.code() == ErrorCode::kUndefinedObject);
  CHECK(db.Query("SHOW server_version") == Rows{{"15.0 (Sundial)"}});
}

TEST_CASE("name resolution errors carry SQLSTATE-level codes and positions") {
  TestDb db;
  LoadCpu(db);
  Status s = db.Error("SELECT nope FROM cpu");
  CHECK(s.code() == ErrorCode::kUndefinedColumn);
  CHECK(s.message() == "column \"nope\" does not exist");
  CHECK(s.position() == 8);
  s = db.Error("SELECT * FROM missing");
  CHECK(s.code() == ErrorCode::kUndefinedTable);
  CHECK(s.message() == "relation \"missing\" does not exist");
  CHECK(s.position() == 15);
  CHECK(db.Error("SELECT x FROM (SELECT 1 AS x, 2 AS x) s").code() == ErrorCode::kAmbiguousColumn);
  CHECK(db.Error("SELECT no_such_fn(1)").code() == ErrorCode::kUndefinedFunction);
  s = db.Error("SELECT hostname, count(*) FROM cpu");
  CHECK(s.code() == ErrorCode::kGroupingError);
  CHECK(s.message() ==
        "column \"cpu.hostname\" must appear in the GROUP BY clause or be used in an aggregate "
        "function");
  CHECK(db.Error("SELECT DISTINCT ON (hostname) * FROM cpu ORDER BY time").code() ==
        ErrorCode::kInvalidColumnReference);
  CHECK(db.Error("SELECT count(*) FROM cpu WHERE count(*) > 1").code() ==
        ErrorCode::kGroupingError);
  CHECK(db.Error("SELECT * FROM cpu a JOIN cpu b USING (nosuch)").code() ==
        ErrorCode::kUndefinedColumn);
  CHECK(db.Error("SELECT 1 UNION SELECT 1, 2").code() == ErrorCode::kSyntaxError);
  CHECK(db.Error("SELECT * FROM cpu WHERE time > 'not a time'").code() ==
        ErrorCode::kInvalidDatetimeFormat);
  // The session is still usable.
  CHECK(db.Query("SELECT count(*) FROM cpu") == Rows{{"6"}});
}

TEST_CASE("EXPLAIN returns the plan as text rows") {
  TestDb db;
  LoadCpu(db);
  Rows rows = db.Query("EXPLAIN SELECT hostname FROM cpu WHERE time >= '2026-01-01'");
  CHECK(db.ColumnNames() == std::vector<std::string>{"QUERY PLAN"});
  CHECK_FALSE(rows.empty());
}

TEST_CASE("session information functions report the session and its settings") {
  TestDb db;
  db.Exec("SET TIME ZONE 'Europe/Berlin'");
  CHECK(db.Query("SELECT current_setting('TimeZone'), current_setting('server_version_num')") ==
        Rows{{"Europe/Berlin", "150000"}});
  CHECK(db.Query("SELECT current_user, session_user, current_database(), current_schema()") ==
        Rows{{"postgres", "postgres", "postgres", "public"}});
  // Tools read the leading "PostgreSQL <major>.<minor>" to pick their dialect.
  CHECK(db.Query("SELECT version()")[0][0].rfind("PostgreSQL 15.", 0) == 0);
  CHECK(db.Run("SELECT current_setting('no_such_setting')").code() == ErrorCode::kUndefinedObject);
}

TEST_CASE("simple WHERE conjuncts are evaluated by the store and give the same rows") {
  TestDb db;
  LoadCpu(db);
  db.Exec(
      "INSERT INTO cpu VALUES ('2026-01-01 00:04:00+00', NULL, NULL), "
      "('2026-01-01 00:05:00+00', 'h2', 'NaN')");
  db.Exec("CHECKPOINT");
  db.Exec("INSERT INTO cpu VALUES ('2026-01-01 00:07:00+00', 'h2', 50)");
  std::string where =
      " WHERE hostname IN ('h1', 'h2') AND usage_user > 2 AND time >= '2026-01-01' "
      "AND '2026-01-01 00:10:00+00' > time";
  Rows plan = db.Query("EXPLAIN SELECT time, hostname, usage_user FROM cpu" + where);
  std::string text;
  for (const auto& line : plan)
    text += line[0] + "\n";
  CHECK(text.find("Filter") == std::string::npos);
  CHECK(text.find("predicates=[#1 IN ('h1', 'h2'), #2 > 2, #0 >= '2026-01-01 00:00:00+00', "
                  "#0 < '2026-01-01 00:10:00+00']") != std::string::npos);
  CHECK(db.Query("SELECT time, hostname, usage_user FROM cpu" + where + " ORDER BY time") ==
        Rows{{"2026-01-01 00:01:00+00", "h1", "3"},
             {"2026-01-01 00:02:00+00", "h2", "10"},
             {"2026-01-01 00:05:00+00", "h2", "NaN"},
             {"2026-01-01 00:06:00+00", "h1", "5"},
             {"2026-01-01 00:07:00+00", "h2", "50"}});
  // Conjuncts the store cannot evaluate stay in a filter above the scan.
  CHECK(db.Query("SELECT count(*) FROM cpu WHERE hostname IN ('h1', 'h2') AND "
                 "usage_user + 1 > 4") == Rows{{"5"}});
}

TEST_CASE("TimescaleDB functions Sundial lacks are reported as unsupported, not unknown") {
  TestDb db;
  LoadCpu(db);
  CHECK(db.Run("SELECT set_chunk_time_interval('cpu', INTERVAL '1 day')").code() ==
        ErrorCode::kFeatureNotSupported);
  // The chunk functions Sundial has are statements of their own, not expressions.
  CHECK(db.Run("SELECT 1 + drop_chunks('cpu', INTERVAL '1 day')").code() ==
        ErrorCode::kFeatureNotSupported);
  CHECK(db.Run("SELECT no_such_function(1)").code() == ErrorCode::kUndefinedFunction);
}

}  // namespace
}  // namespace sundial::sql::testing
