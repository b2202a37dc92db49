#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <string>

#include "support/psql.h"
#include "support/query_runner.h"
#include "support/test_server.h"

namespace sundial::testing {

TEST_CASE("SET TIME ZONE changes how timestamptz values are printed", "[session]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, "CREATE TABLE events (time timestamptz NOT NULL, name text)");
  RunQuery(connection, "INSERT INTO events VALUES ('2016-07-01 12:00:00+00', 'summer')");
  const std::string literal = "SELECT '2016-01-01 07:47:52 +0000'::timestamptz";

  RunQuery(connection, "SET TIME ZONE 'UTC'");
  CHECK(QueryValue(connection, literal) == "2016-01-01 07:47:52+00");
  CHECK(QueryValue(connection, "SELECT time FROM events") == "2016-07-01 12:00:00+00");

  RunQuery(connection, "SET TIME ZONE 'Europe/Berlin'");
  CHECK(QueryValue(connection, literal) == "2016-01-01 08:47:52+01");
  CHECK(QueryValue(connection, "SELECT time FROM events") == "2016-07-01 14:00:00+02");
  CHECK(QueryValue(connection, "SHOW TIME ZONE") == "Europe/Berlin");

  RunQuery(connection, "SET TIME ZONE 'America/New_York'");
  CHECK(QueryValue(connection, literal) == "2016-01-01 02:47:52-05");

  // Another session keeps the server's default.
  pqxx::connection other(server.ConnectionString());
  RunQuery(other, "SET TIME ZONE 'UTC'");
  CHECK(QueryValue(other, "SELECT time FROM events") == "2016-07-01 12:00:00+00");
}

TEST_CASE("pg_backend_pid() is the process id the client got in BackendKeyData", "[session]") {
  TestServer server;
  pqxx::connection first(server.ConnectionString());
  pqxx::connection second(server.ConnectionString());
  CHECK(QueryValue(first, "SELECT pg_backend_pid()") == std::to_string(first.backendpid()));
  CHECK(QueryValue(second, "SELECT pg_backend_pid()") == std::to_string(second.backendpid()));
  CHECK(first.backendpid() != second.backendpid());
}

TEST_CASE("Several statements in one query run in order", "[session]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  const QueryResult last =
      RunQuery(connection,
               "CREATE TABLE t (time timestamptz NOT NULL, v bigint); "
               "INSERT INTO t VALUES ('2016-01-01 00:00:00+00', 1); "
               "INSERT INTO t VALUES ('2016-01-01 00:00:01+00', 2), ('2016-01-01 00:00:02+00', 3); "
               "SELECT count(*), sum(v) FROM t");
  REQUIRE(last.rows.size() == 1);
  CHECK(last.rows[0] == Row{"3", "6"});

  // psql shows the result of every statement of a -c string.
  const CommandResult psql = RunPsql(server.port(), {"-c", "SELECT 1; SELECT 'two'; SELECT 3"});
  INFO("psql stderr: " << psql.err);
  CHECK(psql.exit_code == 0);
  CHECK(psql.out == "1\ntwo\n3\n");
}

TEST_CASE("INSERT ... RETURNING sends the rows and a tag that counts them", "[session]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, "CREATE TABLE events (time timestamptz NOT NULL, name text)");
  pqxx::nontransaction tx(connection);
  pqxx::result returned = tx.exec(
      "INSERT INTO events VALUES ('2016-07-01 12:00:00+00', 'a'), ('2016-07-02 12:00:00+00', 'b') "
      "RETURNING upper(name) AS shout");
  REQUIRE(returned.size() == 2);
  CHECK(returned.column_name(0) == std::string("shout"));
  CHECK(returned[1][0].as<std::string>() == "B");
  CHECK(returned.affected_rows() == 2);
  CHECK(tx.exec("SELECT count(*) FROM events")[0][0].as<int>() == 2);
}

}  // namespace sundial::testing
