#include <catch2/catch.hpp>

#include <algorithm>

#include "sql_test_db.h"

namespace sundial::sql::testing {
namespace {

// The plan's node headlines, top down, without indentation or details
// after the first word pair ("Partial HashAggregate", "Gather", "Scan").
std::vector<std::string> PlanNodes(TestDb& db, const std::string& query) {
  std::vector<std::string> nodes;
  for (const auto& row : db.Query("EXPLAIN " + query)) {
    std::string line = row[0].substr(row[0].find_first_not_of(" ->"));
    std::string first = line.substr(0, line.find(' '));
    if (first == "Partial" || first == "Finalize") {
      size_t second_end = line.find(' ', first.size() + 1);
      first = line.substr(0, second_end);
    }
    nodes.push_back(first);
  }
  return nodes;
}

void LoadMetrics(TestDb& db) {
  db.Exec(
      "CREATE TABLE m (time timestamptz NOT NULL, host text, v double precision, n int) "
      "WITH (timescaledb.hypertable, timescaledb.partition_column='time')");
  // 200,000 rows: 13 morsels of memtable runs, enough for two workers.
  db.Exec(
      "INSERT INTO m SELECT '2026-01-01'::timestamptz + g * interval '1 second', "
      "'h' || (g % 13), (g % 101) * 0.25, g FROM generate_series(1, 200000) g");
  db.Exec("CREATE TABLE hosts (host text, rack int)");
  db.Exec("INSERT INTO hosts SELECT 'h' || g, g % 3 FROM generate_series(0, 12) g");
}

TEST_CASE("An aggregate over a scan splits into partial aggregates per morsel under a gather",
          "[sql][parallel]") {
  TestDb db;
  LoadMetrics(db);
  CHECK(PlanNodes(db, "SELECT host, count(*), avg(v) FROM m WHERE n > 5 GROUP BY host") ==
        std::vector<std::string>{"Project", "Finalize HashAggregate", "Gather",
                                 "Partial HashAggregate", "Scan"});
  // Collected arguments would make partial states as large as the input.
  CHECK(PlanNodes(db, "SELECT count(DISTINCT host) FROM m") ==
        std::vector<std::string>{"Project", "HashAggregate", "Gather", "Scan"});
}

TEST_CASE("Scan chains run under a gather except right below a LIMIT", "[sql][parallel]") {
  TestDb db;
  LoadMetrics(db);
  CHECK(PlanNodes(db, "SELECT n * 2 FROM m WHERE v + 1 > 3") ==
        std::vector<std::string>{"Gather", "Project", "Filter", "Scan"});
  CHECK(PlanNodes(db, "SELECT n FROM m LIMIT 3") ==
        std::vector<std::string>{"Limit", "Project", "Scan"});
  // Both inputs of a join read their tables in parallel.
  std::vector<std::string> join = PlanNodes(
      db, "SELECT m.n, hosts.rack FROM m JOIN hosts ON m.host = hosts.host WHERE m.n < 10");
  CHECK(std::count(join.begin(), join.end(), "Gather") == 2);
}

TEST_CASE("Parallel plans answer exactly as one worker does", "[sql][parallel]") {
  TestDb db;
  LoadMetrics(db);
  const std::vector<std::string> queries = {
      "SELECT host, count(*), sum(n), min(v), max(v), first(n, time), last(n, time), "
      "avg(n), stddev(n), bool_and(v > 1), string_agg(n::text, ',') IS NOT NULL "
      "FROM m GROUP BY host ORDER BY host",
      "SELECT time_bucket('1 hour', time) AS b, count(*), max(v) FILTER (WHERE n % 2 = 0) "
      "FROM m WHERE v > 3 GROUP BY b ORDER BY b",
      "SELECT count(*), sum(v), min(time), max(time) FROM m",
      "SELECT count(*) FROM m WHERE n < 0",
      "SELECT n, v FROM m WHERE n % 997 = 0",
      "SELECT hosts.rack, count(*) FROM m JOIN hosts USING (host) GROUP BY 1 ORDER BY 1",
      "SELECT host, n FROM m ORDER BY v DESC, n LIMIT 5",
  };
  for (const std::string& query : queries) {
    INFO(query);
    db.Exec("SET max_parallel_workers_per_gather = 2");
    Rows parallel = db.Query(query);
    db.Exec("SET max_parallel_workers_per_gather = 0");
    Rows serial = db.Query(query);
    CHECK(parallel == serial);
    CHECK_FALSE(parallel.empty());
  }
  // Also once the rows are in segments: one morsel per row group.
  db.Exec("CHECKPOINT");
  db.Exec("SET max_parallel_workers_per_gather = 2");
  CHECK(db.Query(queries[2]) ==
        Rows{{"200000", "2499802.5", "2026-01-01 00:00:01+00", "2026-01-03 07:33:20+00"}});
}

TEST_CASE("EXPLAIN ANALYZE of a parallel aggregate shows its morsels and workers",
          "[sql][parallel]") {
  TestDb db;
  LoadMetrics(db);
  std::string text;
  for (const auto& row : db.Query("EXPLAIN ANALYZE SELECT host, count(*) FROM m GROUP BY host"))
    text += row[0] + "\n";
  INFO(text);
  CHECK(text.find("morsels=13 workers_used=") != std::string::npos);
  CHECK(text.find("Partial HashAggregate") != std::string::npos);
  CHECK(text.find("rows=200000") != std::string::npos);
}

}  // namespace
}  // namespace sundial::sql::testing
