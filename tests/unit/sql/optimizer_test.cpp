#include <catch2/catch.hpp>

#include "sql_test_db.h"

namespace sundial::sql::testing {
namespace {

// The EXPLAIN text of a query, one line per plan node.
std::string Explain(TestDb& db, const std::string& query) {
  std::string text;
  for (const auto& row : db.Query("EXPLAIN " + query))
    text += row[0] + "\n";
  return text;
}

void LoadTables(TestDb& db) {
  db.Exec(
      "CREATE TABLE cpu (time timestamptz NOT NULL, hostname text, usage double precision) "
      "WITH (timescaledb.hypertable, timescaledb.partition_column='time')");
  db.Exec("CREATE TABLE hosts (hostname text, owner text, rack integer)");
  db.Exec(
      "INSERT INTO cpu VALUES ('2026-01-01 00:00:00+00', 'h1', 1), "
      "('2026-01-01 00:01:00+00', 'h2', 2), ('2026-01-02 00:00:00+00', 'h1', 3)");
  db.Exec("INSERT INTO hosts VALUES ('h1', 'ann', 1), ('h3', 'bob', 2)");
}

TEST_CASE("WHERE terms over one table of an inner join reach that table's scan",
          "[sql][optimizer]") {
  TestDb db;
  LoadTables(db);
  std::string plan = Explain(db,
                             "SELECT c.usage, h.owner FROM cpu c JOIN hosts h USING (hostname) "
                             "WHERE c.time >= '2026-01-02' AND h.owner = 'ann'");
  INFO(plan);
  // The time range prunes the fact scan; the owner test is a store predicate
  // of the dimension scan; the equality became the hash key.
  CHECK(plan.find("HashJoin Inner") != std::string::npos);
  CHECK(plan.find("time_range=[") != std::string::npos);
  CHECK(plan.find("predicates=[#1 = 'ann']") != std::string::npos);
  CHECK(plan.find("Filter") == std::string::npos);
  CHECK(db.Query("SELECT c.usage, h.owner FROM cpu c JOIN hosts h USING (hostname) "
                 "WHERE c.time >= '2026-01-02' AND h.owner = 'ann'") == Rows{{"3", "ann"}});
}

TEST_CASE("WHERE terms over the padded side of an outer join stay above the join",
          "[sql][optimizer]") {
  TestDb db;
  LoadTables(db);
  const std::string query =
      "SELECT c.hostname, h.owner FROM cpu c LEFT JOIN hosts h USING (hostname) "
      "WHERE h.owner IS NULL ORDER BY 1";
  std::string plan = Explain(db, query);
  INFO(plan);
  size_t filter = plan.find("Filter");
  size_t join = plan.find("HashJoin Left");
  REQUIRE(filter != std::string::npos);
  REQUIRE(join != std::string::npos);
  CHECK(filter < join);
  CHECK(db.Query(query) == Rows{{"h2", "NULL"}});
}

TEST_CASE("ON terms over the padded side filter that side before a left join", "[sql][optimizer]") {
  TestDb db;
  LoadTables(db);
  const std::string query =
      "SELECT c.hostname, h.owner FROM cpu c LEFT JOIN hosts h "
      "ON c.hostname = h.hostname AND h.rack > 1 ORDER BY 1, 2";
  std::string plan = Explain(db, query);
  INFO(plan);
  CHECK(plan.find("predicates=[#2 > 1]") != std::string::npos);
  CHECK(db.Query(query) == Rows{{"h1", "NULL"}, {"h1", "NULL"}, {"h2", "NULL"}});
}

TEST_CASE("A join without an equality runs as a nested loop", "[sql][optimizer]") {
  TestDb db;
  LoadTables(db);
  const std::string query =
      "SELECT h.owner, c.usage FROM hosts h JOIN cpu c ON c.usage > h.rack ORDER BY 1, 2";
  CHECK(Explain(db, query).find("NestedLoopJoin Inner") != std::string::npos);
  CHECK(db.Query(query) == Rows{{"ann", "2"}, {"ann", "3"}, {"bob", "3"}});
}

TEST_CASE("Correlated EXISTS and IN in WHERE become semi and anti joins", "[sql][optimizer]") {
  TestDb db;
  LoadTables(db);
  const std::string exists =
      "SELECT hostname FROM hosts h WHERE EXISTS "
      "(SELECT 1 FROM cpu c WHERE c.hostname = h.hostname AND c.usage > h.rack)";
  std::string plan = Explain(db, exists);
  INFO(plan);
  CHECK(plan.find("HashJoin Semi") != std::string::npos);
  CHECK(db.Query(exists) == Rows{{"h1"}});
  CHECK(db.Query("SELECT hostname FROM hosts h WHERE NOT EXISTS "
                 "(SELECT 1 FROM cpu c WHERE c.usage > h.rack * 2) ORDER BY 1") == Rows{{"h3"}});
  CHECK(db.Query("SELECT hostname FROM hosts h WHERE rack IN "
                 "(SELECT c.usage::int FROM cpu c WHERE c.hostname <> h.hostname)") ==
        Rows{{"h3"}});
}

TEST_CASE("Only the columns a join query reads are scanned", "[sql][optimizer]") {
  TestDb db;
  LoadTables(db);
  std::string plan =
      Explain(db, "SELECT count(*) FROM cpu c JOIN hosts h ON c.hostname = h.hostname");
  INFO(plan);
  // cpu's hostname (column 1) and hosts' hostname (column 0) only.
  CHECK(plan.find("columns=[1]") != std::string::npos);
  CHECK(plan.find("columns=[0]") != std::string::npos);
}

TEST_CASE("WHERE terms over a CTE or a FROM subquery reach the table's scan", "[sql][optimizer]") {
  TestDb db;
  LoadTables(db);
  const std::string query =
      "WITH readings AS (SELECT time, hostname, usage * 2 AS doubled FROM cpu) "
      "SELECT r.hostname, r.doubled FROM (SELECT * FROM readings) r "
      "WHERE r.time >= '2026-01-02' AND r.hostname = 'h1'";
  std::string plan = Explain(db, query);
  INFO(plan);
  CHECK(plan.find("time_range=[") != std::string::npos);
  CHECK(plan.find("predicates=[#0 >= ") != std::string::npos);
  CHECK(plan.find("#1 = 'h1'") != std::string::npos);
  CHECK(plan.find("Filter") == std::string::npos);
  CHECK(db.Query(query) == Rows{{"h1", "6"}});
}

TEST_CASE("A dimension table written before the facts still becomes the hash table",
          "[sql][optimizer]") {
  TestDb db;
  LoadTables(db);
  const std::string query =
      "SELECT h.owner, c.usage FROM hosts h JOIN cpu c ON c.hostname = h.hostname ORDER BY 2";
  std::string plan = Explain(db, query);
  INFO(plan);
  // The build side (the join's second input, printed last) is the hosts
  // scan, which reads hostname and owner (columns 0 and 1).
  CHECK(plan.find("HashJoin Inner") != std::string::npos);
  CHECK(plan.substr(plan.rfind("Scan")).find("columns=[0, 1]") != std::string::npos);
  CHECK(db.Query(query) == Rows{{"ann", "1"}, {"ann", "3"}});
}

TEST_CASE("Correlated subqueries decorrelate on equalities and run per outer row otherwise",
          "[sql][subquery]") {
  TestDb db;
  LoadTables(db);
  CHECK(db.Query("SELECT h.hostname, (SELECT count(*) FROM cpu c WHERE c.hostname = h.hostname) "
                 "FROM hosts h ORDER BY 1") == Rows{{"h1", "2"}, {"h3", "0"}});
  CHECK(db.Query("SELECT hostname FROM hosts h WHERE NOT EXISTS "
                 "(SELECT 1 FROM cpu c WHERE c.hostname = h.hostname)") == Rows{{"h3"}});
  // usage 1, 2, 3 against racks 1 and 2.
  CHECK(db.Query("SELECT h.hostname, (SELECT count(*) FROM cpu c WHERE c.usage > h.rack) "
                 "FROM hosts h ORDER BY 1") == Rows{{"h1", "2"}, {"h3", "1"}});
  CHECK(db.Query("SELECT h.hostname, (SELECT c.usage FROM cpu c WHERE c.hostname = h.hostname "
                 "ORDER BY c.usage DESC LIMIT 1) FROM hosts h ORDER BY 1") ==
        Rows{{"h1", "3"}, {"h3", "NULL"}});
  // Two levels out stays unsupported.
  CHECK(db.Error("SELECT (SELECT (SELECT count(*) FROM cpu c WHERE c.usage > h.rack) "
                 "FROM hosts x LIMIT 1) FROM hosts h")
            .code() == ErrorCode::kFeatureNotSupported);
}

TEST_CASE("A LATERAL item correlated by equalities becomes a hash join", "[sql][lateral]") {
  TestDb db;
  LoadTables(db);
  const std::string query =
      "SELECT h.owner, x.usage FROM hosts h, LATERAL (SELECT usage FROM cpu c "
      "WHERE c.hostname = h.hostname AND c.usage > 1) x ORDER BY 1, 2";
  std::string plan = Explain(db, query);
  INFO(plan);
  CHECK(plan.find("HashJoin Inner") != std::string::npos);
  CHECK(plan.find("LateralJoin") == std::string::npos);
  CHECK(db.Query(query) == Rows{{"ann", "3"}});
}

TEST_CASE("A LATERAL newest row per key reads only each key's newest rows", "[sql][lateral]") {
  TestDb db;
  LoadTables(db);
  const std::string query =
      "SELECT h.hostname, x.time, x.usage FROM hosts h LEFT JOIN LATERAL (SELECT time, usage "
      "FROM cpu c WHERE c.hostname = h.hostname ORDER BY time DESC LIMIT 1) x ON true ORDER BY 1";
  std::string plan = Explain(db, query);
  INFO(plan);
  // DISTINCT ON (hostname) ... ORDER BY time DESC over the whole hypertable,
  // joined on the host: the store's newest-per-value scan answers it.
  CHECK(plan.find("HashDistinct") != std::string::npos);
  CHECK(plan.find("newest_per=#1") != std::string::npos);
  CHECK(plan.find("LateralJoin") == std::string::npos);
  CHECK(db.Query(query) == Rows{{"h1", "2026-01-02 00:00:00+00", "3"}, {"h3", "NULL", "NULL"}});
}

TEST_CASE("A LATERAL item that must see each row runs once per row, serially", "[sql][lateral]") {
  TestDb db;
  LoadTables(db);
  // An aggregate over no rows still gives h3 its row; the inequality and
  // the function's bound cannot become join keys.
  const std::string counts =
      "SELECT h.hostname, x.n FROM hosts h, LATERAL (SELECT count(*) AS n FROM cpu c "
      "WHERE c.hostname = h.hostname) x ORDER BY 1";
  std::string plan = Explain(db, counts);
  INFO(plan);
  REQUIRE(plan.find("LateralJoin Inner parameters=[$0]") != std::string::npos);
  // Only the left side is split across workers.
  CHECK(plan.find("Gather", plan.find("LateralJoin")) < plan.find("HashAggregate"));
  CHECK(plan.find("Gather", plan.find("HashAggregate")) == std::string::npos);
  CHECK(db.Query(counts) == Rows{{"h1", "2"}, {"h3", "0"}});

  CHECK(db.Query("SELECT h.hostname, x.n FROM hosts h, LATERAL (SELECT count(*) AS n FROM cpu c "
                 "WHERE c.usage > h.rack) x ORDER BY 1") == Rows{{"h1", "2"}, {"h3", "1"}});
  const std::string series =
      "SELECT h.hostname, s FROM hosts h, generate_series(h.rack, 2) s ORDER BY 1, 2";
  CHECK(Explain(db, series).find("LateralJoin") != std::string::npos);
  CHECK(db.Query(series) == Rows{{"h1", "1"}, {"h1", "2"}, {"h3", "2"}});
  CHECK(db.Query("SELECT h.hostname, s FROM hosts h LEFT JOIN LATERAL generate_series(1, "
                 "h.rack - 1) s ON s > 0 ORDER BY 1") == Rows{{"h1", "NULL"}, {"h3", "1"}});
}

}  // namespace
}  // namespace sundial::sql::testing
