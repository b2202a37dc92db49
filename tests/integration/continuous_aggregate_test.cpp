#include <catch2/catch.hpp>
#include <chrono>
#include <pqxx/pqxx>
#include <string>
#include <thread>

#include "cpu_queries.h"
#include "support/cpu_data_set.h"
#include "support/query_runner.h"
#include "support/test_server.h"

// Continuous aggregates through the server: what refreshes materialize
// survives restarts and kill -9, late rows (INSERT, COPY, DELETE) make
// their buckets stale until a refresh, and misuse fails with TimescaleDB's
// or PostgreSQL's SQLSTATEs.

namespace sundial::testing {
namespace {

constexpr const char* kDefinition =
    "SELECT time_bucket('15 minutes', time) AS bucket, hostname, count(*) AS samples, "
    "max(usage_user) AS peak, sum(n) AS total, first(usage_system, time) AS opening "
    "FROM cpu GROUP BY bucket, hostname";

QueryResult Materialized(pqxx::connection& connection) {
  return RunQuery(connection, "SELECT * FROM cpu_15m ORDER BY bucket, hostname");
}

QueryResult Direct(pqxx::connection& connection) {
  return RunQuery(connection, std::string(kDefinition) + " ORDER BY bucket, hostname");
}

void RequireSame(const QueryResult& ours, const QueryResult& expected) {
  INFO("continuous aggregate:\n"
       << FormatResult(ours) << "\nits query:\n"
       << FormatResult(expected));
  REQUIRE(ours.columns == expected.columns);
  REQUIRE(ours.rows == expected.rows);
}

std::string SqlState(pqxx::connection& connection, const std::string& sql) {
  return TryQuery(connection, sql).sqlstate;
}

}  // namespace

TEST_CASE("A continuous aggregate keeps its rows through kill -9 and refreshes late rows",
          "[durability][continuous_aggregates]") {
  TestServer server;
  QueryResult refreshed;
  std::string first_time;
  {
    pqxx::connection connection(server.ConnectionString());
    RunQuery(connection, "SET TIME ZONE 'UTC'");
    CreateCpuHypertable(connection);
    StreamCpuRows(connection, 0, 30'000);
    RunQuery(connection, "CREATE MATERIALIZED VIEW cpu_15m WITH (timescaledb.continuous) AS " +
                             std::string(kDefinition));
    refreshed = Materialized(connection);
    REQUIRE(refreshed.rows.size() > 10);
    RequireSame(refreshed, Direct(connection));
    first_time = QueryValue(connection, "SELECT min(time)::text FROM cpu").value();
  }
  server.Kill();
  server.Restart();
  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, "SET TIME ZONE 'UTC'");
  RequireSame(Materialized(connection), refreshed);

  // Late rows in the first bucket, by INSERT and by COPY, and newer rows:
  // the materialized rows stay as they were until a refresh.
  RunQuery(connection, "INSERT INTO cpu (time, hostname, usage_user, usage_system, n) VALUES ('" +
                           first_time + "', 'host_late', 99.5, 1.5, 7)");
  StreamCpuRows(connection, 30'000, 5'000);
  RequireSame(Materialized(connection), refreshed);
  CHECK(Materialized(connection).rows != Direct(connection).rows);
  RunQuery(connection, "CALL refresh_continuous_aggregate('cpu_15m', NULL, NULL)");
  RequireSame(Materialized(connection), Direct(connection));

  // A DELETE makes its buckets stale too; a window refreshes only its buckets.
  RunQuery(connection, "DELETE FROM cpu WHERE hostname = 'host_late'");
  const QueryResult before_delete_refresh = Materialized(connection);
  RunQuery(connection, "CALL refresh_continuous_aggregate('cpu_15m', '" + first_time +
                           "'::timestamptz + interval '15 minutes', NULL)");
  RequireSame(Materialized(connection), before_delete_refresh);
  RunQuery(connection, "CALL refresh_continuous_aggregate('cpu_15m', '" + first_time +
                           "'::timestamptz - interval '1 hour', NULL)");
  const QueryResult final_rows = Materialized(connection);
  RequireSame(final_rows, Direct(connection));

  // What is current is remembered: a graceful restart needs no refresh, and
  // a refresh after it finds nothing to do.
  server.Restart();
  pqxx::connection again(server.ConnectionString());
  RunQuery(again, "SET TIME ZONE 'UTC'");
  RequireSame(Materialized(again), final_rows);
  RunQuery(again, "INSERT INTO cpu (time, hostname, usage_user, usage_system, n) VALUES ('" +
                      first_time + "', 'host_after_restart', 1, 1, 1)");
  RunQuery(again, "CALL refresh_continuous_aggregate('cpu_15m', NULL, NULL)");
  RequireSame(Materialized(again), Direct(again));
}

TEST_CASE("A refresh policy keeps a continuous aggregate current in the background",
          "[continuous_aggregates][policies]") {
  TestServer server({"--retention-check-seconds", "1"});
  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, "SET TIME ZONE 'UTC'");
  CreateCpuHypertable(connection);
  StreamCpuRows(connection, 0, 5'000);
  RunQuery(connection, "CREATE MATERIALIZED VIEW cpu_15m WITH (timescaledb.continuous) AS " +
                           std::string(kDefinition) + " WITH NO DATA");
  REQUIRE(Materialized(connection).rows.empty());
  const std::string job = QueryValue(connection,
                                     "SELECT add_continuous_aggregate_policy('cpu_15m', NULL, "
                                     "NULL, schedule_interval => INTERVAL '1 second')")
                              .value_or("");
  CHECK(QueryValue(connection,
                   "SELECT proc_name FROM timescaledb_information.jobs WHERE job_id = " + job) ==
        "policy_refresh_continuous_aggregate");
  // The scheduler checks every second; give it a generous minute.
  auto wait_until_current = [&] {
    for (int attempt = 0; attempt < 600; ++attempt) {
      if (Materialized(connection).rows == Direct(connection).rows) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  };
  CHECK(wait_until_current());
  RunQuery(connection,
           "INSERT INTO cpu (time, hostname, usage_user, usage_system, n) SELECT "
           "min(time), 'host_late', 1, 1, 1 FROM cpu");
  CHECK(wait_until_current());
  // Without the policy, late rows stay unmaterialized.
  RunQuery(connection, "SELECT remove_continuous_aggregate_policy('cpu_15m')");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  RunQuery(connection,
           "INSERT INTO cpu (time, hostname, usage_user, usage_system, n) SELECT "
           "min(time), 'host_later', 1, 1, 1 FROM cpu");
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  CHECK(Materialized(connection).rows != Direct(connection).rows);
}

TEST_CASE("Continuous aggregate misuse fails with the right SQLSTATE",
          "[continuous_aggregates][errors]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  CreateCpuHypertable(connection);
  StreamCpuRows(connection, 0, 2'000);
  RunQuery(connection, "CREATE TABLE plain (time timestamptz NOT NULL, v double precision)");
  RunQuery(connection, "CREATE MATERIALIZED VIEW cpu_15m WITH (timescaledb.continuous) AS " +
                           std::string(kDefinition) + " WITH NO DATA");

  // Definitions TimescaleDB refuses, and plain materialized views.
  CHECK(SqlState(connection,
                 "CREATE MATERIALIZED VIEW bad WITH (timescaledb.continuous) AS SELECT "
                 "time_bucket('1 hour', time) AS b, max(v) FROM plain GROUP BY b") == "0A000");
  CHECK(SqlState(connection,
                 "CREATE MATERIALIZED VIEW bad WITH (timescaledb.continuous) AS SELECT hostname, "
                 "max(usage_user) FROM cpu GROUP BY hostname") == "0A000");
  CHECK(SqlState(connection,
                 "CREATE MATERIALIZED VIEW bad WITH (timescaledb.continuous) AS SELECT "
                 "time_bucket('1 month', time) AS b, max(usage_user) FROM cpu GROUP BY b") ==
        "0A000");
  CHECK(SqlState(connection, "CREATE MATERIALIZED VIEW bad AS SELECT 1") == "0A000");
  CHECK(SqlState(connection,
                 "CREATE MATERIALIZED VIEW bad WITH (timescaledb.continuous, bogus = 1) AS "
                 "SELECT time_bucket('1 hour', time) AS b, count(*) FROM cpu GROUP BY b") ==
        "22023");
  CHECK(SqlState(connection, "CREATE MATERIALIZED VIEW cpu_15m WITH (timescaledb.continuous) AS " +
                                 std::string(kDefinition)) == "42P07");

  // Refreshes: windows below one bucket, relations that are not continuous
  // aggregates, unknown procedures, transaction blocks.
  CHECK(SqlState(connection,
                 "CALL refresh_continuous_aggregate('cpu_15m', '2016-01-01 00:05:00+00', "
                 "'2016-01-01 00:20:00+00')") == "22023");
  CHECK(SqlState(connection, "CALL refresh_continuous_aggregate('plain', NULL, NULL)") == "22023");
  CHECK(SqlState(connection, "CALL refresh_continuous_aggregate('nope', NULL, NULL)") == "42P01");
  CHECK(SqlState(connection, "CALL no_such_procedure()") == "42883");
  CHECK(SqlState(connection, "BEGIN; CALL refresh_continuous_aggregate('cpu_15m', NULL, NULL)") ==
        "25001");
  RunQuery(connection, "ROLLBACK");

  // Dropping: the right statement for the kind, dependents protected.
  CHECK(SqlState(connection, "DROP VIEW cpu_15m") == "42809");
  CHECK(SqlState(connection, "DROP TABLE cpu") == "2BP01");
  const std::string materialization =
      QueryValue(connection,
                 "SELECT materialization_hypertable_name FROM "
                 "timescaledb_information.continuous_aggregates WHERE view_name = 'cpu_15m'")
          .value_or("");
  REQUIRE(!materialization.empty());
  CHECK(SqlState(connection, "DROP TABLE " + materialization) == "2BP01");
  CHECK(QueryValue(connection, "SELECT count(*) FROM cpu_15m") == "0");
  // Dropping the materialization table with CASCADE drops the aggregate.
  RunQuery(connection, "DROP TABLE " + materialization + " CASCADE");
  CHECK(SqlState(connection, "SELECT * FROM cpu_15m") == "42P01");
  RunQuery(connection, "CREATE MATERIALIZED VIEW cpu_15m WITH (timescaledb.continuous) AS " +
                           std::string(kDefinition));
  CHECK(QueryValue(connection, "SELECT count(*) > 0 FROM cpu_15m") == "t");
  RunQuery(connection, "DROP TABLE cpu CASCADE");
  CHECK(SqlState(connection, "SELECT * FROM cpu_15m") == "42P01");
  CHECK(SqlState(connection, "SELECT * FROM " + materialization) == "42P01");
  // The session is still usable.
  CHECK(QueryValue(connection, "SELECT count(*) FROM plain") == "0");
}

}  // namespace sundial::testing
