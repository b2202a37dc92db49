#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "support/cpu_data_set.h"
#include "support/query_runner.h"
#include "support/test_server.h"

// TimescaleDB's segmentby / orderby settings through a live server: set,
// shown by timescaledb_information, kept across a restart, reset, refused
// with TimescaleDB's SQLSTATEs, and never changing a query's answer.
namespace sundial::testing {
namespace {

// Rows [first, first + count) of a cpu table: 10 hosts, one row each per
// 10 seconds, usage_system NULL for every 50th row.
std::string InsertRows(int first, int count) {
  return "INSERT INTO cpu SELECT TIMESTAMPTZ '2016-01-01 00:00:00+00' + (i / 10) * INTERVAL '10 "
         "seconds', 'host_' || (i % 10), 'region_' || (i % 4), (i % 1000) / 10.0, "
         "CASE WHEN i % 50 = 0 THEN NULL ELSE (i % 77) + 0.5 END, i % 3 = 0, i "
         "FROM generate_series(" +
         std::to_string(first) + ", " + std::to_string(first + count - 1) + ") AS i";
}

// Queries whose answers do not depend on the order rows are stored in
// (integer sums, counts, min/max, first/last by unique time per host).
const std::vector<std::string> kQueries = {
    "SELECT * FROM cpu ORDER BY time, hostname LIMIT 25",
    "SELECT hostname, count(*), sum(n), min(usage_user), max(usage_system), "
    "first(n, time), last(usage_user, time), count(usage_system) FROM cpu GROUP BY 1 ORDER BY 1",
    "SELECT time_bucket('1 hour', time) AS b, region, count(*), sum(n), max(usage_user) "
    "FROM cpu GROUP BY 1, 2 ORDER BY 1, 2",
    "SELECT count(*), sum(n) FROM cpu WHERE hostname = 'host_3' AND time >= "
    "'2016-01-01 01:00:00+00' AND usage_user > 50",
    "SELECT time, hostname, n FROM cpu WHERE usage_system IS NULL ORDER BY time DESC, hostname "
    "LIMIT 10",
    "SELECT hostname, time, usage_user FROM cpu ORDER BY usage_user DESC, time, hostname LIMIT 10",
    "SELECT DISTINCT region FROM cpu ORDER BY 1",
};

std::vector<QueryResult> Answers(pqxx::connection& connection) {
  std::vector<QueryResult> answers;
  for (const std::string& query : kQueries)
    answers.push_back(RunQuery(connection, query));
  return answers;
}

void CheckSameAnswers(const std::vector<QueryResult>& expected,
                      const std::vector<QueryResult>& actual) {
  REQUIRE(actual.size() == expected.size());
  for (size_t q = 0; q < expected.size(); ++q) {
    INFO(kQueries[q] << "\nexpected:\n"
                     << FormatResult(expected[q]) << "\nactual:\n"
                     << FormatResult(actual[q]));
    CHECK(actual[q].rows == expected[q].rows);
  }
}

std::vector<Row> Settings(pqxx::connection& connection) {
  return RunQuery(connection,
                  "SELECT hypertable, segmentby, orderby FROM "
                  "timescaledb_information.hypertable_compression_settings ORDER BY 1")
      .rows;
}

}  // namespace

TEST_CASE("Segment order settings persist, show in the catalog and leave answers unchanged",
          "[segment_order]") {
  TestServer server;
  std::vector<QueryResult> expected;
  {
    pqxx::connection connection(server.ConnectionString());
    RunQuery(connection, "SET TIME ZONE 'UTC'");
    RunQuery(connection, CpuDataSet::kCreateTableSql);
    RunQuery(connection, CpuDataSet::kCreateHypertableSql);
    CHECK(Settings(connection) == std::vector<Row>{{"cpu", std::nullopt, std::nullopt}});
    // Segments written before the setting keep the order they chose.
    RunQuery(connection, InsertRows(0, 30000));
    RunQuery(connection, "CHECKPOINT");
    RunQuery(connection,
             "ALTER TABLE cpu SET (timescaledb.compress, timescaledb.compress_segmentby = "
             "'hostname, region', timescaledb.compress_orderby = 'time DESC, usage_user')");
    RunQuery(connection, InsertRows(30000, 30000));
    expected = Answers(connection);
    // Now the memtable's rows go to segments in the new order.
    RunQuery(connection, "CHECKPOINT");
    CheckSameAnswers(expected, Answers(connection));
    CHECK(Settings(connection) ==
          std::vector<Row>{{"cpu", "hostname,region", "\"time\" DESC,usage_user"}});
  }
  server.Restart();

  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, "SET TIME ZONE 'UTC'");
  CHECK(Settings(connection) ==
        std::vector<Row>{{"cpu", "hostname,region", "\"time\" DESC,usage_user"}});
  CHECK(RunQuery(connection,
                 "SELECT attname, segmentby_column_index, orderby_column_index, orderby_asc "
                 "FROM timescaledb_information.compression_settings ORDER BY 2, 3")
            .rows == std::vector<Row>{{"hostname", "1", std::nullopt, std::nullopt},
                                      {"region", "2", std::nullopt, std::nullopt},
                                      {"time", std::nullopt, "1", "f"},
                                      {"usage_user", std::nullopt, "2", "t"}});
  CheckSameAnswers(expected, Answers(connection));

  struct Case {
    const char* sql;
    const char* sqlstate;
  };
  const Case cases[] = {
      {"ALTER TABLE cpu SET (timescaledb.compress_segmentby = 'nosuch')", "42703"},
      {"ALTER TABLE cpu SET (tsdb.orderby = 'nosuch DESC')", "42703"},
      {"ALTER TABLE cpu SET (timescaledb.compress_orderby = 'hostname')", "42601"},
      {"ALTER TABLE cpu SET (timescaledb.compress_orderby = 'usage_user desc hurry')", "42601"},
      {"ALTER TABLE cpu SET (timescaledb.compress = false)", "0A000"},
      {"ALTER TABLE cpu SET (timescaledb.compress_chunk_time_interval = '1 day')", "0A000"},
      {"ALTER TABLE cpu SET (fillfactor = 70)", "0A000"},
      {"ALTER TABLE cpu SET (timescaledb.compress_orderby = 'n ASC NULLS FIRST')", "0A000"},
  };
  for (const Case& c : cases) {
    INFO(c.sql);
    const QueryOutcome outcome = TryQuery(connection, c.sql);
    INFO("error: " << outcome.error);
    CHECK_FALSE(outcome.result.has_value());
    CHECK(outcome.sqlstate == c.sqlstate);
  }
  CHECK(Settings(connection) ==
        std::vector<Row>{{"cpu", "hostname,region", "\"time\" DESC,usage_user"}});

  RunQuery(connection,
           "ALTER TABLE cpu RESET (timescaledb.compress_segmentby, timescaledb.compress_orderby)");
  CHECK(Settings(connection) == std::vector<Row>{{"cpu", std::nullopt, std::nullopt}});
  RunQuery(connection, "CHECKPOINT");
  CheckSameAnswers(expected, Answers(connection));
  server.Restart();
  pqxx::connection again(server.ConnectionString());
  CHECK(Settings(again) == std::vector<Row>{{"cpu", std::nullopt, std::nullopt}});
}

}  // namespace sundial::testing
