#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <string>

#include "cpu_queries.h"
#include "support/query_runner.h"
#include "support/test_server.h"

// DELETE and UPDATE inside transaction blocks through the server: other
// sessions see nothing before COMMIT, a kill -9 before COMMIT loses the
// block whole and one after it loses nothing, a failed block changes
// nothing, a continuous aggregate sees the committed change, and a block
// whose rows another session deleted meanwhile fails with 40001.

namespace sundial::testing {
namespace {

std::string Value(pqxx::connection& connection, const std::string& sql) {
  return QueryValue(connection, sql).value_or("<null>");
}

constexpr const char* kSummary =
    "SELECT hostname, count(*), round(sum(usage_user)::numeric, 4) FROM cpu GROUP BY hostname "
    "ORDER BY hostname";

}  // namespace

TEST_CASE("A block's DELETE and UPDATE are invisible to others until COMMIT and survive kill -9",
          "[durability][transactions]") {
  TestServer server;
  QueryResult committed;
  std::string total;
  {
    pqxx::connection writer(server.ConnectionString());
    pqxx::connection reader(server.ConnectionString());
    CreateCpuHypertable(writer);
    StreamCpuRows(writer, 0, 20'000);
    RunQuery(writer, "CHECKPOINT");
    // These stay in the memtable until the block's first DELETE.
    StreamCpuRows(writer, 20'000, 5'000);
    const QueryResult before = RunQuery(reader, kSummary);
    total = Value(reader, "SELECT count(*) FROM cpu");
    const std::string host_3 = Value(reader, "SELECT count(*) FROM cpu WHERE hostname = 'host_3'");
    REQUIRE(host_3 != "0");

    RunQuery(writer, "BEGIN");
    RunQuery(writer, "DELETE FROM cpu WHERE hostname = 'host_3'");
    RunQuery(writer, "UPDATE cpu SET usage_user = usage_user + 1000 WHERE hostname = 'host_4'");
    RunQuery(writer,
             "INSERT INTO cpu (time, hostname, usage_user) VALUES ('2016-02-01', 'host_x', 7)");
    // The block sees its own changes; the other session does not.
    CHECK(Value(writer, "SELECT count(*) FROM cpu WHERE hostname = 'host_3'") == "0");
    CHECK(Value(writer, "SELECT min(usage_user) >= 1000 FROM cpu WHERE hostname = 'host_4'") ==
          "t");
    CHECK(RunQuery(reader, kSummary).rows == before.rows);
    // Appends and a checkpoint by others meanwhile do not disturb the block;
    // the rows they add were not there for its DELETE and UPDATE to meet.
    const std::string host_3_count = "SELECT count(*) FROM cpu WHERE hostname = 'host_3'";
    const std::string host_4_low =
        "SELECT count(*) FROM cpu WHERE hostname = 'host_4' AND usage_user < 1000";
    const int host_3_old = std::stoi(Value(reader, host_3_count));
    const int host_4_old = std::stoi(Value(reader, host_4_low));
    StreamCpuRows(reader, 25'000, 1'000);
    RunQuery(reader, "CHECKPOINT");
    const int host_3_added = std::stoi(Value(reader, host_3_count)) - host_3_old;
    const int host_4_added = std::stoi(Value(reader, host_4_low)) - host_4_old;
    RunQuery(writer, "COMMIT");

    CHECK(std::stoi(Value(reader, host_3_count)) == host_3_added);
    CHECK(std::stoi(Value(reader, host_4_low)) == host_4_added);
    CHECK(Value(reader, "SELECT count(*) FROM cpu WHERE hostname = 'host_x'") == "1");
    committed = RunQuery(reader, kSummary);
    total = Value(reader, "SELECT count(*) FROM cpu");

    // A block killed before COMMIT leaves nothing behind.
    RunQuery(writer, "BEGIN");
    RunQuery(writer, "DELETE FROM cpu WHERE hostname = 'host_5'");
    RunQuery(writer, "UPDATE cpu SET usage_user = 0");
    REQUIRE(Value(writer, "SELECT count(*) FROM cpu WHERE hostname = 'host_5'") == "0");
  }
  server.Kill();
  server.Restart();
  pqxx::connection connection(server.ConnectionString());
  const QueryResult recovered = RunQuery(connection, kSummary);
  INFO("committed:\n"
       << FormatResult(committed) << "\nafter the kill:\n"
       << FormatResult(recovered));
  CHECK(recovered.rows == committed.rows);
  CHECK(Value(connection, "SELECT count(*) FROM cpu") == total);
}

TEST_CASE("A failed block's DELETE and UPDATE change nothing", "[transactions]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  CreateCpuHypertable(connection);
  StreamCpuRows(connection, 0, 5'000);
  const QueryResult before = RunQuery(connection, kSummary);
  RunQuery(connection, "BEGIN");
  RunQuery(connection, "DELETE FROM cpu WHERE hostname = 'host_1'");
  RunQuery(connection, "UPDATE cpu SET usage_user = -1 WHERE hostname = 'host_2'");
  CHECK(TryQuery(connection, "SELECT 1 / 0").sqlstate == "22012");
  CHECK(TryQuery(connection, "DELETE FROM cpu").sqlstate == "25P02");
  RunQuery(connection, "COMMIT");
  CHECK(RunQuery(connection, kSummary).rows == before.rows);

  // An UPDATE whose new rows fail a check leaves the block as it was.
  RunQuery(connection, "BEGIN");
  RunQuery(connection, "SAVEPOINT s");
  CHECK(TryQuery(connection, "UPDATE cpu SET time = NULL WHERE hostname = 'host_1'").sqlstate ==
        "23502");
  RunQuery(connection, "ROLLBACK TO SAVEPOINT s");
  RunQuery(connection, "DELETE FROM cpu WHERE hostname = 'host_2'");
  RunQuery(connection, "COMMIT");
  CHECK(Value(connection, "SELECT count(*) FROM cpu WHERE hostname = 'host_2'") == "0");
  CHECK(Value(connection, "SELECT count(*) FROM cpu WHERE hostname = 'host_1'") != "0");
}

TEST_CASE("A block whose deleted rows another session deleted first fails with 40001",
          "[transactions]") {
  TestServer server;
  pqxx::connection first(server.ConnectionString());
  pqxx::connection second(server.ConnectionString());
  CreateCpuHypertable(first);
  StreamCpuRows(first, 0, 5'000);
  const std::string total = Value(first, "SELECT count(*) FROM cpu");
  RunQuery(first, "BEGIN");
  RunQuery(first, "UPDATE cpu SET usage_user = 1 WHERE hostname = 'host_1'");
  RunQuery(second, "DELETE FROM cpu WHERE hostname = 'host_1' AND usage_user > 50");
  const std::string after_second = Value(second, "SELECT count(*) FROM cpu");
  REQUIRE(after_second != total);
  const QueryOutcome commit = TryQuery(first, "COMMIT");
  CHECK(commit.sqlstate == "40001");
  // The block is gone; the session goes on, and the other delete stands.
  CHECK(Value(first, "SELECT count(*) FROM cpu") == after_second);
  CHECK(Value(first, "SELECT count(*) FROM cpu WHERE hostname = 'host_1' AND usage_user = 1") ==
        Value(second, "SELECT count(*) FROM cpu WHERE hostname = 'host_1' AND usage_user = 1"));
}

TEST_CASE("A committed block's DELETE makes a continuous aggregate's buckets stale",
          "[transactions][continuous_aggregates]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, "SET TIME ZONE 'UTC'");
  CreateCpuHypertable(connection);
  StreamCpuRows(connection, 0, 10'000);
  const std::string query =
      "SELECT time_bucket('1 hour', time) AS bucket, hostname, count(*) AS samples FROM cpu "
      "GROUP BY bucket, hostname";
  RunQuery(connection, "CREATE MATERIALIZED VIEW cpu_1h WITH (timescaledb.continuous) AS " + query);
  RunQuery(connection, "BEGIN");
  RunQuery(connection, "DELETE FROM cpu WHERE hostname = 'host_2'");
  RunQuery(connection, "COMMIT");
  RunQuery(connection, "CALL refresh_continuous_aggregate('cpu_1h', NULL, NULL)");
  CHECK(RunQuery(connection, "SELECT * FROM cpu_1h ORDER BY bucket, hostname").rows ==
        RunQuery(connection, query + " ORDER BY bucket, hostname").rows);
  CHECK(Value(connection, "SELECT count(*) FROM cpu_1h WHERE hostname = 'host_2'") == "0");
}

}  // namespace sundial::testing
