#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <string>

#include "cpu_queries.h"
#include "support/cpu_data_set.h"
#include "support/query_runner.h"
#include "support/test_server.h"

namespace sundial::testing {
namespace {

// A multi-row INSERT of data set rows [first, first + count).
std::string InsertStatement(int64_t first, int64_t count) {
  std::string sql =
      "INSERT INTO cpu (time, hostname, region, usage_user, usage_system, ok, n) VALUES ";
  for (int64_t i = first; i < first + count; ++i) {
    const CpuRow row = CpuDataSet::Row(i);
    sql += (i == first ? "(" : ", (");
    sql += "'" + FormatUtcTimestamp(row.time_seconds) + "', '" + row.hostname() + "', '" +
           row.region() + "', " + FormatHundredths(row.usage_user) + ", " +
           (row.usage_system ? FormatHundredths(*row.usage_system) : "NULL") + ", " +
           (row.ok ? "true" : "false") + ", " + std::to_string(row.n) + ")";
  }
  return sql;
}

struct Snapshot {
  int64_t count = 0;
  QueryResult issue_answer;
  QueryResult per_host;
};

Snapshot Observe(pqxx::connection& connection) {
  return Snapshot{
      .count = CountRows(connection),
      .issue_answer = RunQuery(connection, kIssueQuery),
      .per_host = RunQuery(connection,
                           "SELECT hostname, count(*), sum(n), min(time), max(time) FROM cpu "
                           "GROUP BY hostname ORDER BY hostname"),
  };
}

void CheckSame(const Snapshot& before, const Snapshot& after) {
  CHECK(after.count == before.count);
  INFO("before:\n"
       << FormatResult(before.issue_answer) << "\nafter:\n"
       << FormatResult(after.issue_answer));
  CHECK(after.issue_answer.rows == before.issue_answer.rows);
  INFO("per host before:\n"
       << FormatResult(before.per_host) << "\nafter:\n"
       << FormatResult(after.per_host));
  CHECK(after.per_host.rows == before.per_host.rows);
}

}  // namespace

TEST_CASE("A graceful restart keeps every row and gives the same answers", "[durability]") {
  TestServer server;
  Snapshot before;
  {
    pqxx::connection connection(server.ConnectionString());
    RunQuery(connection, "SET TIME ZONE 'UTC'");
    CreateCpuHypertable(connection);
    StreamCpuRows(connection, 0, 400'000);
    RunQuery(connection, InsertStatement(400'000, 500));
    before = Observe(connection);
  }
  REQUIRE(before.count == 400'500);
  REQUIRE(before.issue_answer.rows.size() == 100);

  server.Restart();

  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, "SET TIME ZONE 'UTC'");
  CheckSame(before, Observe(connection));
}

TEST_CASE("Rows acknowledged right before kill -9 are all there after the restart",
          "[durability]") {
  TestServer server;
  Snapshot before;
  {
    pqxx::connection connection(server.ConnectionString());
    RunQuery(connection, "SET TIME ZONE 'UTC'");
    CreateCpuHypertable(connection);
    StreamCpuRows(connection, 0, 400'000);
    for (int batch = 0; batch < 20; ++batch) {
      RunQuery(connection, InsertStatement(400'000 + batch * 1000, 1000));
    }
    before = Observe(connection);
    RunQuery(connection, InsertStatement(420'000, 1));
  }
  // The last INSERT was acknowledged after the snapshot; its row (host_0) is
  // outside the issue query's hosts, so only the count moves.
  server.Kill();

  server.Restart();
  {
    pqxx::connection connection(server.ConnectionString());
    RunQuery(connection, "SET TIME ZONE 'UTC'");
    const Snapshot after = Observe(connection);
    CHECK(after.count == 420'001);
    INFO("before:\n"
         << FormatResult(before.issue_answer) << "\nafter:\n"
         << FormatResult(after.issue_answer));
    CHECK(after.issue_answer.rows == before.issue_answer.rows);
    // Recovery must leave a writable table: more rows, another crash, another recovery.
    RunQuery(connection, InsertStatement(420'001, 999));
  }
  server.Kill();
  server.Restart();
  pqxx::connection connection(server.ConnectionString());
  CHECK(CountRows(connection) == 421'000);
}

TEST_CASE("numeric columns keep their values and their typmod through kill -9", "[durability]") {
  TestServer server;
  const std::string query = "SELECT time, price::text, qty::text FROM fills ORDER BY time";
  QueryResult before;
  {
    pqxx::connection connection(server.ConnectionString());
    RunQuery(connection,
             "CREATE TABLE fills (time timestamptz NOT NULL, price numeric(9, 3), qty numeric)");
    RunQuery(connection, "SELECT create_hypertable('fills', 'time')");
    RunQuery(connection, "INSERT INTO fills VALUES ('2024-01-01 00:00:00+00', 1.23456, 'NaN')");
    RunQuery(connection, "CHECKPOINT");
    // Rows only the WAL holds at the kill.
    RunQuery(connection,
             "INSERT INTO fills VALUES ('2024-01-01 00:00:01+00', -999999.9994, '-Infinity'), "
             "('2024-01-01 00:00:02+00', NULL, 12345678901234567890.0000000001)");
    before = RunQuery(connection, query);
  }
  REQUIRE(before.rows.size() == 3);
  CHECK(before.rows[0][1] == "1.235");
  server.Kill();
  server.Restart();

  pqxx::connection connection(server.ConnectionString());
  const QueryResult after = RunQuery(connection, query);
  INFO("before:\n" << FormatResult(before) << "\nafter:\n" << FormatResult(after));
  CHECK(after.rows == before.rows);
  // The column still rounds to scale 3 and bounds precision 9.
  RunQuery(connection, "INSERT INTO fills VALUES ('2024-01-01 00:00:03+00', 2.0005, 1)");
  CHECK(RunQuery(connection, "SELECT price::text FROM fills WHERE time = '2024-01-01 00:00:03+00'")
            .rows[0][0] == "2.001");
  CHECK(TryQuery(connection, "INSERT INTO fills VALUES ('2024-01-02', 1000000, 1)").sqlstate ==
        "22003");
}

}  // namespace sundial::testing
