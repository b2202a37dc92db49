#include <postgresql/libpq-fe.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "support/child_process.h"
#include "support/free_port.h"
#include "support/psql.h"
#include "support/query_runner.h"
#include "support/temp_dir.h"
#include "support/test_server.h"

namespace sundial::testing {
namespace {

// Runs a server that is expected to give up at once; returns its exit code,
// or nullopt (after killing it) when it is still running after 20 s.
struct BriefRun {
  std::optional<int> exit_code;
  std::string err;
};

BriefRun RunExpectingExit(int port, const std::string& data_dir) {
  TempDir logs;
  ChildProcess process({SundialBinary(), "--listen", "127.0.0.1", "--port", std::to_string(port),
                        "--data-dir", data_dir},
                       logs.Join("stdout"), logs.Join("stderr"));
  BriefRun run{.exit_code = process.WaitFor(std::chrono::seconds(20))};
  run.err = ReadFile(logs.Join("stderr")) + ReadFile(logs.Join("stdout"));
  return run;
}

}  // namespace

TEST_CASE("sundial --help lists its flags and exits 0", "[lifecycle]") {
  const CommandResult help = RunCommand({SundialBinary(), "--help"});
  CHECK(help.exit_code == 0);
  const std::string text = help.out + help.err;
  CHECK_THAT(text, Catch::Contains("--port") && Catch::Contains("--data-dir") &&
                       Catch::Contains("--listen"));
}

TEST_CASE("The server announces it is listening and exits 0 on SIGTERM", "[lifecycle]") {
  TestServer server;
  {
    pqxx::connection connection(server.ConnectionString());
    CHECK(QueryValue(connection, "SELECT 1") == "1");
  }
  REQUIRE_NOTHROW(server.Stop());
  CHECK_FALSE(server.Running());
  CHECK_THAT(server.Stdout(), Catch::Contains("listening"));
}

TEST_CASE("A second server on the same data directory is refused", "[lifecycle]") {
  TestServer first;
  const BriefRun second = RunExpectingExit(PickFreePort(), first.data_dir());
  INFO("second server said: " << second.err);
  REQUIRE(second.exit_code.has_value());
  CHECK(*second.exit_code != 0);
  CHECK_FALSE(second.err.empty());

  pqxx::connection connection(first.ConnectionString());
  CHECK(QueryValue(connection, "SELECT 1") == "1");
}

TEST_CASE("A server on a port that is already taken exits with an error", "[lifecycle]") {
  TestServer first;
  TempDir other_data;
  const BriefRun second = RunExpectingExit(first.port(), other_data.path());
  INFO("second server said: " << second.err);
  REQUIRE(second.exit_code.has_value());
  CHECK(*second.exit_code != 0);
  CHECK_FALSE(second.err.empty());

  pqxx::connection connection(first.ConnectionString());
  CHECK(QueryValue(connection, "SELECT 1") == "1");
}

TEST_CASE("Empty queries get an EmptyQueryResponse, as Grafana's '-- ping' expects",
          "[lifecycle][protocol]") {
  TestServer server;

  const CommandResult semicolon = RunPsql(server.port(), {"-c", ";"});
  INFO("psql stderr: " << semicolon.err);
  CHECK(semicolon.exit_code == 0);

  std::unique_ptr<PGconn, decltype(&PQfinish)> connection(
      PQconnectdb(server.ConnectionString().c_str()), &PQfinish);
  REQUIRE(PQstatus(connection.get()) == CONNECTION_OK);
  for (const char* query : {"-- ping", "", ";", "  ;  ; "}) {
    INFO("query: '" << query << "'");
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(connection.get(), query), &PQclear);
    CHECK(PQresultStatus(result.get()) == PGRES_EMPTY_QUERY);
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> after(PQexec(connection.get(), "SELECT 2"),
                                                      &PQclear);
  REQUIRE(PQresultStatus(after.get()) == PGRES_TUPLES_OK);
  CHECK(std::string(PQgetvalue(after.get(), 0, 0)) == "2");
}

}  // namespace sundial::testing
