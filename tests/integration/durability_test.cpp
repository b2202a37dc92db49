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

}  // namespace sundial::testing
