#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <string>

#include "cpu_queries.h"
#include "support/cpu_data_set.h"
#include "support/query_runner.h"
#include "support/test_server.h"

// DELETE of single rows through the server: acknowledged deletes survive
// kill -9, rows they did not match stay.

namespace sundial::testing {
namespace {

int64_t Count(pqxx::connection& connection, const std::string& where) {
  return std::stoll(
      QueryValue(connection, "SELECT count(*) FROM cpu WHERE " + where).value_or("-1"));
}

// Runs a DELETE and returns the row count its command tag reports.
int64_t Delete(pqxx::connection& connection, const std::string& where) {
  pqxx::nontransaction work(connection);
  return work.exec("DELETE FROM cpu WHERE " + where).affected_rows();
}

QueryResult PerHost(pqxx::connection& connection) {
  return RunQuery(connection,
                  "SELECT hostname, count(*), sum(n), min(time), max(time), "
                  "count(usage_system) FROM cpu GROUP BY hostname ORDER BY hostname");
}

}  // namespace

TEST_CASE("Deleted rows stay deleted after kill -9 and the rest remain", "[durability][delete]") {
  TestServer server;
  QueryResult before;
  int64_t remaining = 0;
  int64_t again = 0;
  const std::string host = "hostname = 'host_3'";
  const std::string partial =
      "usage_system IS NULL AND time >= '2016-01-01 02:30:00+00' AND time < "
      "'2016-01-01 05:00:00+00'";
  {
    pqxx::connection connection(server.ConnectionString());
    RunQuery(connection, "SET TIME ZONE 'UTC'");
    CreateCpuHypertable(connection);
    StreamCpuRows(connection, 0, 200'000);
    RunQuery(connection, "CHECKPOINT");
    // More rows that are still in the memtable when the DELETE runs.
    StreamCpuRows(connection, 200'000, 2'000);
    const int64_t total = CountRows(connection);
    REQUIRE(total == 202'000);
    const int64_t of_host = Count(connection, host);
    const int64_t of_partial = Count(connection, partial + " AND NOT (" + host + ")");
    REQUIRE(of_host > 0);
    REQUIRE(of_partial > 0);
    CHECK(Delete(connection, host) == of_host);
    CHECK(Delete(connection, partial) == of_partial);
    CHECK(Delete(connection, host) == 0);
    remaining = total - of_host - of_partial;
    CHECK(CountRows(connection) == remaining);
    before = PerHost(connection);
  }
  server.Kill();
  server.Restart();
  {
    pqxx::connection connection(server.ConnectionString());
    RunQuery(connection, "SET TIME ZONE 'UTC'");
    CHECK(CountRows(connection) == remaining);
    CHECK(Count(connection, host) == 0);
    CHECK(Count(connection, partial) == 0);
    const QueryResult after = PerHost(connection);
    INFO("before:\n" << FormatResult(before) << "\nafter:\n" << FormatResult(after));
    CHECK(after.rows == before.rows);
    // The store still takes writes and deletes after recovery.
    StreamCpuRows(connection, 202'000, 1'000);
    again = Count(connection, host);
    CHECK(again > 0);
    CHECK(Delete(connection, host) == again);
  }
  server.Kill();
  server.Restart();
  pqxx::connection connection(server.ConnectionString());
  CHECK(Count(connection, host) == 0);
  CHECK(CountRows(connection) == remaining + 1'000 - again);
}

TEST_CASE("A driver's transaction DELETEs at commit and not when aborted",
          "[integration][delete]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  CreateCpuHypertable(connection);
  StreamCpuRows(connection, 0, 1'000);
  const int64_t of_host = Count(connection, "hostname = 'host_1'");
  REQUIRE(of_host > 0);
  {
    pqxx::work transaction(connection);
    const pqxx::result deleted = transaction.exec("DELETE FROM cpu WHERE hostname = 'host_1'");
    CHECK(deleted.affected_rows() == static_cast<size_t>(of_host));
    // Left without commit: libpqxx rolls the block back.
  }
  CHECK(CountRows(connection) == 1'000);
  {
    pqxx::work transaction(connection);
    transaction.exec("DELETE FROM cpu WHERE hostname = 'host_1'");
    transaction.commit();
  }
  CHECK(Count(connection, "hostname = 'host_1'") == 0);
  CHECK(CountRows(connection) == 1'000 - of_host);
}

TEST_CASE("DELETE ... RETURNING with parameters returns the deleted rows",
          "[integration][delete]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  CreateCpuHypertable(connection);
  StreamCpuRows(connection, 0, 1'000);
  const int64_t of_host = std::stoll(
      QueryValue(connection, "SELECT count(*) FROM cpu WHERE hostname = 'host_2'").value_or("-1"));
  REQUIRE(of_host > 0);
  connection.prepare("delete_host", "DELETE FROM cpu WHERE hostname = $1 RETURNING hostname, n");
  {
    pqxx::nontransaction work(connection);
    const pqxx::result deleted = work.exec_prepared("delete_host", "host_2");
    CHECK(deleted.affected_rows() == static_cast<size_t>(of_host));
    REQUIRE(deleted.size() == static_cast<size_t>(of_host));
    REQUIRE(deleted.columns() == 2);
    CHECK(std::string(deleted.column_name(1)) == "n");
    for (const auto& row : deleted)
      CHECK(row[0].as<std::string>() == "host_2");
    CHECK(work.exec_prepared("delete_host", "host_2").empty());
  }
  CHECK(CountRows(connection) == 1'000 - of_host);
}

}  // namespace sundial::testing
