#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <string>

#include "cpu_queries.h"
#include "support/query_runner.h"
#include "support/test_server.h"

// UPDATE through the server: what it commits survives kill -9 whether its
// rows were in memtables or segments, and a continuous aggregate over the
// table sees the buckets of both the old and the new rows go stale.

namespace sundial::testing {
namespace {

std::string Value(pqxx::connection& connection, const std::string& sql) {
  return QueryValue(connection, sql).value_or("<null>");
}

constexpr const char* kSummary =
    "SELECT hostname, count(*), round(sum(usage_user)::numeric, 4), count(usage_system) "
    "FROM cpu GROUP BY hostname ORDER BY hostname";

}  // namespace

TEST_CASE("UPDATEd rows survive kill -9, from segments and memtables alike",
          "[durability][update]") {
  TestServer server;
  QueryResult after_updates;
  std::string total_before;
  {
    pqxx::connection connection(server.ConnectionString());
    CreateCpuHypertable(connection);
    StreamCpuRows(connection, 0, 20'000);
    RunQuery(connection, "CHECKPOINT");
    // These rows stay in the memtable until the kill.
    StreamCpuRows(connection, 20'000, 5'000);
    total_before = Value(connection, "SELECT count(*) FROM cpu");
    REQUIRE(Value(connection, "SELECT count(*) FROM cpu WHERE hostname = 'host_3'") != "0");
    RunQuery(connection, "UPDATE cpu SET usage_user = usage_user + 1000 WHERE hostname = 'host_3'");
    RunQuery(connection, "UPDATE cpu SET usage_system = NULL WHERE usage_user < 1");
    RunQuery(connection,
             "UPDATE cpu SET time = time + interval '7 days' WHERE hostname = 'host_5'");
    after_updates = RunQuery(connection, kSummary);
    REQUIRE(Value(connection, "SELECT count(*) FROM cpu") == total_before);
  }
  server.Kill();
  server.Restart();
  pqxx::connection connection(server.ConnectionString());
  const QueryResult recovered = RunQuery(connection, kSummary);
  INFO("before the kill:\n"
       << FormatResult(after_updates) << "\nafter:\n"
       << FormatResult(recovered));
  CHECK(recovered.rows == after_updates.rows);
  CHECK(Value(connection, "SELECT count(*) FROM cpu") == total_before);
  CHECK(Value(connection,
              "SELECT count(*) FROM cpu WHERE hostname = 'host_3' AND "
              "usage_user < 1000") == "0");
  CHECK(Value(connection,
              "SELECT min(time) >= '2016-01-08 00:00:00+00' FROM cpu WHERE "
              "hostname = 'host_5'") == "t");
}

TEST_CASE("An UPDATE makes the buckets of a continuous aggregate it touches stale",
          "[update][continuous_aggregates]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, "SET TIME ZONE 'UTC'");
  CreateCpuHypertable(connection);
  StreamCpuRows(connection, 0, 20'000);
  const std::string query =
      "SELECT time_bucket('1 hour', time) AS bucket, hostname, max(usage_user) AS peak, "
      "count(*) AS samples FROM cpu GROUP BY bucket, hostname";
  RunQuery(connection, "CREATE MATERIALIZED VIEW cpu_1h WITH (timescaledb.continuous) AS " + query);
  const std::string materialized = "SELECT * FROM cpu_1h ORDER BY bucket, hostname";
  const std::string direct = query + " ORDER BY bucket, hostname";
  REQUIRE(RunQuery(connection, materialized).rows == RunQuery(connection, direct).rows);

  // One row moves two hours later and gets a new peak: both its old and its
  // new bucket must be recomputed by the next refresh.
  const std::string first =
      Value(connection, "SELECT min(time)::text FROM cpu WHERE hostname = 'host_1'");
  RunQuery(connection,
           "UPDATE cpu SET usage_user = 5000, time = time + interval '2 hours' WHERE time = '" +
               first + "' AND hostname = 'host_1'");
  const QueryResult stale = RunQuery(connection, materialized);
  CHECK(stale.rows != RunQuery(connection, direct).rows);
  RunQuery(connection, "CALL refresh_continuous_aggregate('cpu_1h', NULL, NULL)");
  CHECK(RunQuery(connection, materialized).rows == RunQuery(connection, direct).rows);
  CHECK(Value(connection, "SELECT max(peak) FROM cpu_1h") == "5000");
}

}  // namespace sundial::testing
