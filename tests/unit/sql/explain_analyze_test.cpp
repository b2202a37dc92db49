#include <catch2/catch.hpp>

#include "sql_test_db.h"

namespace sundial::sql::testing {
namespace {

std::string Explain(TestDb& db, const std::string& statement) {
  std::string text;
  for (const auto& row : db.Query(statement))
    text += row[0] + "\n";
  return text;
}

TEST_CASE("EXPLAIN ANALYZE runs the query and reports rows per plan node", "[sql][explain]") {
  TestDb db;
  db.Exec("CREATE TABLE t (k integer, v double precision)");
  db.Exec(
      "INSERT INTO t SELECT x % 7, x FROM (VALUES (1), (2), (3), (4), (5), (6), (7), (8)) s(x)");
  std::string plan =
      Explain(db, "EXPLAIN ANALYZE SELECT k, count(*) FROM t WHERE v > 2 GROUP BY k ORDER BY k");
  INFO(plan);
  // Six rows pass the filter (3..8), in six groups (3, 4, 5, 6, 0, 1).
  CHECK(plan.find("HashAggregate") != std::string::npos);
  CHECK(plan.find("rows=6 ") != std::string::npos);
  CHECK(plan.find("Scan table=") != std::string::npos);
  CHECK(plan.find("actual time=") != std::string::npos);
  CHECK(plan.find("Execution Time: ") != std::string::npos);
  // A plain EXPLAIN runs nothing.
  CHECK(Explain(db, "EXPLAIN SELECT k FROM t").find("actual") == std::string::npos);
}

// t(k): the integers 0 .. 19,999, far more than 64kB of rows.
void CreateIntegers(TestDb& db) {
  db.Exec("CREATE TABLE t (k integer)");
  std::string values = "INSERT INTO t VALUES (0)";
  for (int i = 1; i < 20000; ++i)
    values += ", (" + std::to_string(i) + ")";
  db.Exec(values);
}

TEST_CASE("EXPLAIN ANALYZE shows what a blocking operator spilled under work_mem",
          "[sql][explain]") {
  TestDb db;
  CreateIntegers(db);
  db.Exec("SET work_mem = '64kB'");
  std::string plan = Explain(db, "EXPLAIN ANALYZE SELECT k, count(*) FROM t GROUP BY k");
  INFO(plan);
  CHECK(plan.find("rows=20000 ") != std::string::npos);
  CHECK(plan.find("spilled=") != std::string::npos);
  db.Exec("RESET work_mem");
  CHECK(Explain(db, "EXPLAIN ANALYZE SELECT k, count(*) FROM t GROUP BY k").find("spilled=") ==
        std::string::npos);
}

TEST_CASE("EXPLAIN ANALYZE shows the partitions and row groups a scan skipped", "[sql][explain]") {
  TestDb db;
  db.Exec(
      "CREATE TABLE m (time timestamptz NOT NULL, host text, v double precision) "
      "WITH (timescaledb.hypertable, timescaledb.partition_column='time')");
  db.Exec(
      "INSERT INTO m VALUES ('2026-01-01 01:00:00+00', 'a', 1), ('2026-01-02 01:00:00+00', 'b', "
      "2), "
      "('2026-01-03 01:00:00+00', 'a', 3)");
  db.Exec("CHECKPOINT");
  std::string plan = Explain(db, "EXPLAIN ANALYZE SELECT v FROM m WHERE time >= '2026-01-03'");
  INFO(plan);
  // Three one-day partitions on disk; the time range needs only the last.
  CHECK(plan.find("skipped: partitions=2 ") != std::string::npos);
  CHECK(plan.find("rows=1 ") != std::string::npos);
  plan = Explain(db, "EXPLAIN ANALYZE SELECT v FROM m WHERE host = 'zzz'");
  INFO(plan);
  // No block's host bounds admit that host: no block is decoded.
  CHECK(plan.find("skipped: partitions=0 segments=0 row_groups=3; blocks_read=0 cache_hits=0 "
                  "cache_misses=0 read=0kB)") != std::string::npos);
  plan = Explain(db, "EXPLAIN ANALYZE SELECT v FROM m WHERE host = 'a'");
  INFO(plan);
  // The first and last days hold only host a: their bounds [a, a] match
  // without decoding the host blocks, so only v is read; the second day is
  // skipped. The last day's v block is still cached from the first query.
  CHECK(plan.find("skipped: partitions=0 segments=0 row_groups=1; blocks_read=2 cache_hits=1 "
                  "cache_misses=1 read=1kB)") != std::string::npos);
  plan = Explain(db, "EXPLAIN ANALYZE SELECT v FROM m WHERE host = 'a'");
  INFO(plan);
  CHECK(plan.find("blocks_read=2 cache_hits=2 cache_misses=0 read=0kB)") != std::string::npos);
}

TEST_CASE("pg_stat_database counts block cache hits and block reads", "[sql][explain]") {
  TestDb db;
  db.Exec("CREATE TABLE m (time timestamptz NOT NULL, host text, v double precision)");
  db.Exec("INSERT INTO m VALUES ('2026-01-01 01:00:00+00', 'a', 1), ('2026-01-02', 'b', 2)");
  db.Exec("CHECKPOINT");
  auto counters = [&] {
    Rows rows = db.Query("SELECT blks_read, blks_hit, xact_commit FROM pg_stat_database");
    REQUIRE(rows.size() == 1);
    // What Sundial does not count reads as NULL, not as zero.
    CHECK(rows[0][2] == "NULL");
    return std::pair(std::stoll(rows[0][0]), std::stoll(rows[0][1]));
  };
  auto [read_before, hit_before] = counters();
  db.Query("SELECT v FROM m WHERE v > 1.5");  // the one v block: read from the file
  auto [read_after, hit_after] = counters();
  CHECK(read_after - read_before == 1);
  db.Query("SELECT v FROM m WHERE v > 1.5");  // now decoded in the cache
  auto [read_again, hit_again] = counters();
  CHECK(read_again == read_after);
  CHECK(hit_again - hit_after == 1);
}

// The line of the plan node whose headline starts with `node`.
std::string NodeLine(const std::string& plan, const std::string& node) {
  size_t start = 0;
  while (start < plan.size()) {
    size_t end = plan.find('\n', start);
    std::string line = plan.substr(start, end - start);
    size_t at = line.find_first_not_of(" ->");
    if (at != std::string::npos && line.compare(at, node.size(), node) == 0) return line;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return "";
}

TEST_CASE("EXPLAIN ANALYZE shows the memory and spill of hash joins and windows",
          "[sql][explain]") {
  TestDb db;
  CreateIntegers(db);
  const std::string join = "EXPLAIN ANALYZE SELECT count(*) FROM t a JOIN t b ON a.k = b.k";
  const std::string window = "EXPLAIN ANALYZE SELECT k, sum(k) OVER (ORDER BY k) FROM t";
  std::string in_memory = Explain(db, join) + Explain(db, window);
  INFO(in_memory);
  CHECK(NodeLine(in_memory, "HashJoin").find("memory=") != std::string::npos);
  CHECK(NodeLine(in_memory, "Window").find("memory=") != std::string::npos);
  CHECK(in_memory.find("spilled=") == std::string::npos);
  db.Exec("SET work_mem = '64kB'");
  std::string spilled = Explain(db, join) + Explain(db, window);
  INFO(spilled);
  CHECK(NodeLine(spilled, "HashJoin").find("spilled=") != std::string::npos);
  CHECK(NodeLine(spilled, "Window").find("spilled=") != std::string::npos);
}

}  // namespace
}  // namespace sundial::sql::testing
