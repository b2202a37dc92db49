#include <postgresql/libpq-fe.h>

#include <catch2/catch.hpp>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "libpq_connection.h"
#include "support/query_runner.h"
#include "support/test_server.h"

// COPY ... TO STDOUT and binary COPY FROM STDIN as libpq clients drive them:
// libpqxx's stream_from (which reads one row per CopyData message) and raw
// libpq's PQgetCopyData / PQputCopyData, as psycopg and pgx do.

namespace sundial::testing {
namespace {

constexpr const char* kSchema =
    "CREATE TABLE m (ts timestamptz NOT NULL, host text, cnt bigint); "
    "INSERT INTO m VALUES ('2024-01-01 00:00:00+00', 'a', 10), "
    "('2024-01-01 00:01:00+00', 'tab\there', NULL), ('2024-01-01 00:02:00+00', NULL, 30)";

using PgConn = PgConnection;

PgConn Connect(const TestServer& server) {
  PgConn conn = ConnectLibpq(server.ConnectionString());
  REQUIRE(PQstatus(conn.get()) == CONNECTION_OK);
  return conn;
}

// Runs a COPY TO STDOUT; returns its CopyData messages and the final result.
std::pair<std::vector<std::string>, PgResult> CopyOut(PGconn* conn, const std::string& sql) {
  PgResult started(PQexec(conn, sql.c_str()));
  REQUIRE(PQresultStatus(started.get()) == PGRES_COPY_OUT);
  std::vector<std::string> messages;
  while (true) {
    char* buffer = nullptr;
    const int length = PQgetCopyData(conn, &buffer, 0);
    if (length < 0) break;
    messages.emplace_back(buffer, length);
    PQfreemem(buffer);
  }
  PgResult finished(PQgetResult(conn));
  // The COPY is the Query's last result.
  PgResult none(PQgetResult(conn));
  CHECK(none == nullptr);
  return {std::move(messages), std::move(finished)};
}

TEST_CASE("libpqxx stream_from reads a table through COPY TO STDOUT", "[copy]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, kSchema);
  pqxx::work work(connection);
  pqxx::stream_from stream(work, "m", std::vector<std::string>{"host", "cnt"});
  std::string line;
  std::vector<std::string> lines;
  while (stream.get_raw_line(line))
    lines.push_back(line);
  stream.complete();
  // A line per CopyData message, as libpqxx reads them.
  CHECK(lines == std::vector<std::string>{"a\t10\n", "tab\\there\t\\N\n", "\\N\t30\n"});
}

TEST_CASE("libpq receives one CopyData per row and the COPY n tag", "[copy]") {
  TestServer server;
  PgConn conn = Connect(server);
  PgResult schema(PQexec(conn.get(), kSchema));
  REQUIRE(PQresultStatus(schema.get()) == PGRES_COMMAND_OK);
  auto [messages, result] =
      CopyOut(conn.get(),
              "COPY (SELECT cnt, host FROM m ORDER BY ts) TO STDOUT (FORMAT csv, "
              "HEADER)");
  CHECK(messages == std::vector<std::string>{"cnt,host\n", "10,a\n", ",tab\there\n", "30,\n"});
  REQUIRE(PQresultStatus(result.get()) == PGRES_COMMAND_OK);
  CHECK(std::string(PQcmdTuples(result.get())) == "3");
}

TEST_CASE("an error inside COPY TO reaches libpq and the session carries on", "[copy]") {
  TestServer server;
  PgConn conn = Connect(server);
  auto [messages, result] = CopyOut(
      conn.get(), "COPY (SELECT 100 / (x - 4000) FROM generate_series(1, 8000) AS x) TO STDOUT");
  CHECK(messages.size() >= 2048);
  CHECK(messages.size() < 4000);
  REQUIRE(PQresultStatus(result.get()) == PGRES_FATAL_ERROR);
  CHECK(std::string(PQresultErrorField(result.get(), PG_DIAG_SQLSTATE)) == "22012");
  PgResult after(PQexec(conn.get(), "SELECT 1"));
  REQUIRE(PQresultStatus(after.get()) == PGRES_TUPLES_OK);
  CHECK(std::string(PQgetvalue(after.get(), 0, 0)) == "1");
}

TEST_CASE("binary COPY out and back in through libpq keeps every row", "[copy]") {
  TestServer server;
  PgConn conn = Connect(server);
  PgResult schema(PQexec(conn.get(), kSchema));
  REQUIRE(PQresultStatus(schema.get()) == PGRES_COMMAND_OK);
  PgResult target(PQexec(conn.get(),
                         "CREATE TABLE n (ts timestamptz NOT NULL, host text, "
                         "cnt bigint)"));
  REQUIRE(PQresultStatus(target.get()) == PGRES_COMMAND_OK);
  auto [messages, result] = CopyOut(conn.get(), "COPY m TO STDOUT (FORMAT binary)");
  REQUIRE(PQresultStatus(result.get()) == PGRES_COMMAND_OK);
  PgResult in(PQexec(conn.get(), "COPY n FROM STDIN (FORMAT binary)"));
  REQUIRE(PQresultStatus(in.get()) == PGRES_COPY_IN);
  for (const std::string& message : messages) {
    REQUIRE(PQputCopyData(conn.get(), message.data(), static_cast<int>(message.size())) == 1);
  }
  REQUIRE(PQputCopyEnd(conn.get(), nullptr) == 1);
  PgResult loaded(PQgetResult(conn.get()));
  INFO(PQresultErrorMessage(loaded.get()));
  REQUIRE(PQresultStatus(loaded.get()) == PGRES_COMMAND_OK);
  CHECK(std::string(PQcmdTuples(loaded.get())) == "3");
  PgResult none(PQgetResult(conn.get()));
  auto [copied, copied_result] = CopyOut(conn.get(), "COPY n TO STDOUT");
  auto [original, original_result] = CopyOut(conn.get(), "COPY m TO STDOUT");
  CHECK(copied == original);
  CHECK(copied.size() == 3);
}

}  // namespace
}  // namespace sundial::testing
