#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <string>

#include "support/query_runner.h"
#include "support/test_server.h"

namespace sundial::testing {
namespace {

void CreateTables(pqxx::connection& connection) {
  for (const char* name : {"a", "b", "c"}) {
    RunQuery(connection, std::string("CREATE TABLE ") + name +
                             " (time timestamptz NOT NULL, v bigint) "
                             "WITH (timescaledb.hypertable, timescaledb.partition_column='time')");
  }
}

std::string Count(pqxx::connection& connection, const std::string& table) {
  return QueryValue(connection, "SELECT count(*) FROM " + table).value_or("NULL");
}

}  // namespace

TEST_CASE("A COMMIT of a block that wrote several tables is all or nothing", "[transaction]") {
  TestServer server;
  pqxx::connection writer(server.ConnectionString());
  pqxx::connection other(server.ConnectionString());
  CreateTables(writer);

  SECTION("a committed block's rows appear in every table together, also after kill -9") {
    RunQuery(writer, "BEGIN");
    RunQuery(writer,
             "INSERT INTO a VALUES ('2024-01-01 00:00:00+00', 1), "
             "('2024-01-02 00:00:00+00', 2)");
    RunQuery(writer, "INSERT INTO b VALUES ('2024-01-01 00:00:00+00', 3)");
    RunQuery(writer, "INSERT INTO c SELECT time, v * 10 FROM a");
    CHECK(Count(other, "a") == "0");
    CHECK(Count(other, "c") == "0");
    RunQuery(writer, "COMMIT");
    CHECK(Count(other, "a") == "2");
    CHECK(Count(other, "b") == "1");
    CHECK(Count(other, "c") == "2");
    server.Kill();
    server.Restart();
    pqxx::connection after(server.ConnectionString());
    CHECK(Count(after, "a") == "2");
    CHECK(Count(after, "b") == "1");
    CHECK(QueryValue(after, "SELECT sum(v) FROM c") == "30");
  }

  SECTION("a block whose COMMIT cannot append to one table appends to none") {
    RunQuery(writer, "INSERT INTO a VALUES ('2024-01-01 00:00:00+00', 100)");
    RunQuery(writer, "BEGIN");
    RunQuery(writer, "INSERT INTO a VALUES ('2024-01-01 00:00:01+00', 1)");
    RunQuery(writer, "INSERT INTO c VALUES ('2024-01-01 00:00:01+00', 1)");
    RunQuery(writer, "INSERT INTO b VALUES ('2024-01-01 00:00:01+00', 2)");
    // b changes shape under the open block: its buffered rows no longer fit.
    RunQuery(other, "ALTER TABLE b ADD COLUMN note text");
    const QueryOutcome commit = TryQuery(writer, "COMMIT");
    CHECK_FALSE(commit.result.has_value());
    // Applied table by table, a (created first) would have kept its row.
    CHECK(Count(other, "a") == "1");
    CHECK(Count(other, "b") == "0");
    CHECK(Count(other, "c") == "0");

    // The block is over; the session and the tables work on.
    RunQuery(writer, "BEGIN");
    RunQuery(writer, "INSERT INTO a VALUES ('2024-01-01 00:00:02+00', 3)");
    RunQuery(writer, "INSERT INTO b VALUES ('2024-01-01 00:00:02+00', 4, 'x')");
    RunQuery(writer, "COMMIT");
    server.Kill();
    server.Restart();
    pqxx::connection after(server.ConnectionString());
    CHECK(QueryValue(after, "SELECT sum(v) FROM a") == "103");
    CHECK(QueryValue(after, "SELECT string_agg(v::text || note, ',') FROM b") == "4x");
    CHECK(Count(after, "c") == "0");
  }

  SECTION("a block whose table was dropped before COMMIT appends to none") {
    RunQuery(writer, "BEGIN");
    RunQuery(writer, "INSERT INTO a VALUES ('2024-01-01 00:00:01+00', 1)");
    RunQuery(writer, "INSERT INTO c VALUES ('2024-01-01 00:00:01+00', 1)");
    RunQuery(other, "DROP TABLE c");
    CHECK_FALSE(TryQuery(writer, "COMMIT").result.has_value());
    CHECK(Count(other, "a") == "0");
  }
}

}  // namespace sundial::testing
