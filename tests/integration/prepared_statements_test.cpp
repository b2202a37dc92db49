#include <postgresql/libpq-fe.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "libpq_connection.h"
#include "support/query_runner.h"
#include "support/test_server.h"

// Prepared statements and $n parameters as libpq-based clients use them:
// libpqxx's prepare/exec_prepared and exec_params, and raw libpq for what
// pgx, pgjdbc and psycopg 3 do (declared or inferred parameter types, binary
// parameters, binary results).

namespace sundial::testing {
namespace {

constexpr const char* kSchema =
    "CREATE TABLE m (ts timestamptz NOT NULL, host text, cnt bigint, v double precision); "
    "INSERT INTO m VALUES ('2024-01-01 00:00:00+00', 'a', 10, 1.5), "
    "('2024-01-01 00:01:00+00', 'b', 20, 2.5), ('2024-01-01 00:02:00+00', 'a', 30, 3.5)";

using PgConn = PgConnection;

PgConn Connect(const TestServer& server) {
  PgConn conn = ConnectLibpq(server.ConnectionString());
  REQUIRE(PQstatus(conn.get()) == CONNECTION_OK);
  return conn;
}

std::string Sqlstate(const PgResult& result) {
  const char* state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
  return state == nullptr ? "" : state;
}

std::string BigEndian(uint64_t v, int bytes) {
  std::string out;
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
  return out;
}

std::string Value(const PgResult& result, int row, int column) {
  return std::string(PQgetvalue(result.get(), row, column), PQgetlength(result.get(), row, column));
}

TEST_CASE("libpqxx prepared statements run with different parameters each time", "[prepared]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, kSchema);
  connection.prepare("by_host", "SELECT count(*), sum(cnt) FROM m WHERE host = $1 AND ts >= $2");
  connection.prepare("add", "INSERT INTO m (ts, host, cnt, v) VALUES ($1, $2, $3, $4)");
  pqxx::nontransaction work(connection);
  pqxx::result a = work.exec_prepared("by_host", "a", "2024-01-01 00:00:00+00");
  REQUIRE(a.size() == 1);
  CHECK(a[0][0].as<std::string>() == "2");
  CHECK(a[0][1].as<std::string>() == "40");
  pqxx::result later = work.exec_prepared("by_host", "a", "2024-01-01T00:01:00.000+00:00");
  CHECK(later[0][0].as<std::string>() == "1");

  pqxx::result inserted = work.exec_prepared("add", "2024-01-01 00:03:00+00", "b", 40, 4.5);
  CHECK(inserted.affected_rows() == 1);
  pqxx::result b = work.exec_prepared("by_host", "b", "2024-01-01 00:00:00+00");
  CHECK(b[0][0].as<std::string>() == "2");
  CHECK(b[0][1].as<std::string>() == "60");
}

TEST_CASE("libpqxx exec_params binds the select list, WHERE and LIMIT", "[prepared]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, kSchema);
  pqxx::nontransaction work(connection);
  pqxx::result rows = work.exec_params(
      "SELECT $1 || host, cnt * $2 FROM m WHERE v > $3 ORDER BY ts LIMIT $4", "host ", 2, 2.0, 1);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0].as<std::string>() == "host b");
  CHECK(rows[0][1].as<std::string>() == "40");
  // A NULL parameter compares as NULL.
  pqxx::result none = work.exec_params("SELECT count(*) FROM m WHERE host = $1", nullptr);
  CHECK(none[0][0].as<std::string>() == "0");
}

TEST_CASE("describing a prepared statement reports inferred parameter types and runs nothing",
          "[prepared]") {
  TestServer server;
  PgConn conn = Connect(server);
  PgResult created(PQexec(conn.get(), kSchema));
  REQUIRE(PQresultStatus(created.get()) == PGRES_COMMAND_OK);

  PgResult prepared(PQprepare(
      conn.get(), "q", "SELECT host, v FROM m WHERE cnt > $1 AND ts < $2 LIMIT $3", 0, nullptr));
  REQUIRE(PQresultStatus(prepared.get()) == PGRES_COMMAND_OK);
  PgResult described(PQdescribePrepared(conn.get(), "q"));
  REQUIRE(PQresultStatus(described.get()) == PGRES_COMMAND_OK);
  REQUIRE(PQnparams(described.get()) == 3);
  CHECK(PQparamtype(described.get(), 0) == 20);
  CHECK(PQparamtype(described.get(), 1) == 1184);
  CHECK(PQparamtype(described.get(), 2) == 20);
  REQUIRE(PQnfields(described.get()) == 2);
  CHECK(std::string(PQfname(described.get(), 0)) == "host");
  CHECK(PQftype(described.get(), 0) == 25);
  CHECK(PQftype(described.get(), 1) == 701);

  PgResult table(PQexec(conn.get(), "CREATE TABLE h (ts timestamptz NOT NULL, v int)"));
  REQUIRE(PQresultStatus(table.get()) == PGRES_COMMAND_OK);
  PgResult ddl(PQprepare(conn.get(), "ddl", "SELECT create_hypertable('h', 'ts')", 0, nullptr));
  REQUIRE(PQresultStatus(ddl.get()) == PGRES_COMMAND_OK);
  PgResult ddl_described(PQdescribePrepared(conn.get(), "ddl"));
  REQUIRE(PQresultStatus(ddl_described.get()) == PGRES_COMMAND_OK);
  CHECK(PQnfields(ddl_described.get()) == 1);
  // Only now does h become a hypertable: describing did not run it.
  PgResult ran(PQexecPrepared(conn.get(), "ddl", 0, nullptr, nullptr, nullptr, 0));
  CHECK(PQresultStatus(ran.get()) == PGRES_TUPLES_OK);
  PgResult again(PQexecPrepared(conn.get(), "ddl", 0, nullptr, nullptr, nullptr, 0));
  CHECK(Sqlstate(again) == "55000");
}

TEST_CASE("binary parameters and binary results round-trip through libpq", "[prepared]") {
  TestServer server;
  PgConn conn = Connect(server);
  PgResult created(PQexec(conn.get(), kSchema));
  REQUIRE(PQresultStatus(created.get()) == PGRES_COMMAND_OK);

  // psycopg 3 sends a small Python int as int2 against an int8 column, and
  // an aware datetime as timestamptz, both binary.
  const Oid types[] = {21, 1184};
  const std::string cnt = BigEndian(15, 2);
  const std::string ts = BigEndian(757382400000000ULL, 8);  // 2024-01-01 00:00 UTC
  const char* values[] = {cnt.data(), ts.data()};
  const int lengths[] = {static_cast<int>(cnt.size()), static_cast<int>(ts.size())};
  const int formats[] = {1, 1};
  PgResult result(PQexecParams(conn.get(),
                               "SELECT ts, host, cnt, v FROM m WHERE cnt > $1 AND ts > $2 "
                               "ORDER BY ts",
                               2, types, values, lengths, formats, 1));
  REQUIRE(PQresultStatus(result.get()) == PGRES_TUPLES_OK);
  REQUIRE(PQntuples(result.get()) == 2);
  CHECK(PQfformat(result.get(), 0) == 1);
  CHECK(Value(result, 0, 0) == BigEndian(757382460000000ULL, 8));
  CHECK(Value(result, 0, 1) == "b");
  CHECK(Value(result, 0, 2) == BigEndian(20, 8));
  CHECK(Value(result, 0, 3) == BigEndian(0x4004000000000000ULL, 8));  // 2.5
  CHECK(Value(result, 1, 2) == BigEndian(30, 8));

  // pgx: prepare without types, read the described types, send binary.
  PgResult prepared(PQprepare(conn.get(), "pgx",
                              "SELECT count(*) FROM m WHERE v >= $1 AND host = $2", 0, nullptr));
  REQUIRE(PQresultStatus(prepared.get()) == PGRES_COMMAND_OK);
  PgResult described(PQdescribePrepared(conn.get(), "pgx"));
  REQUIRE(PQparamtype(described.get(), 0) == 701);
  REQUIRE(PQparamtype(described.get(), 1) == 25);
  const std::string v = BigEndian(0x4000000000000000ULL, 8);  // 2.0
  const char* pgx_values[] = {v.data(), "a"};
  const int pgx_lengths[] = {8, 1};
  const int pgx_formats[] = {1, 0};
  PgResult counted(PQexecPrepared(conn.get(), "pgx", 2, pgx_values, pgx_lengths, pgx_formats, 1));
  REQUIRE(PQresultStatus(counted.get()) == PGRES_TUPLES_OK);
  CHECK(Value(counted, 0, 0) == BigEndian(1, 8));
}

TEST_CASE("bad parameters are errors and the session carries on", "[prepared]") {
  TestServer server;
  PgConn conn = Connect(server);
  PgResult created(PQexec(conn.get(), kSchema));
  REQUIRE(PQresultStatus(created.get()) == PGRES_COMMAND_OK);
  PgResult prepared(
      PQprepare(conn.get(), "q", "SELECT count(*) FROM m WHERE cnt = $1", 0, nullptr));
  REQUIRE(PQresultStatus(prepared.get()) == PGRES_COMMAND_OK);

  const char* two[] = {"1", "2"};
  PgResult too_many(PQexecPrepared(conn.get(), "q", 2, two, nullptr, nullptr, 0));
  CHECK(Sqlstate(too_many) == "08P01");
  const char* bad[] = {"ten"};
  PgResult bad_text(PQexecPrepared(conn.get(), "q", 1, bad, nullptr, nullptr, 0));
  CHECK(Sqlstate(bad_text) == "22P02");
  // pgjdbc's setString declares varchar.
  const Oid varchar[] = {1043};
  const char* host[] = {"b"};
  PgResult by_host(PQexecParams(conn.get(), "SELECT count(*) FROM m WHERE host = $1", 1, varchar,
                                host, nullptr, nullptr, 0));
  REQUIRE(PQresultStatus(by_host.get()) == PGRES_TUPLES_OK);
  CHECK(Value(by_host, 0, 0) == "1");
  const char* twenty[] = {"20"};
  PgResult ok(PQexecPrepared(conn.get(), "q", 1, twenty, nullptr, nullptr, 0));
  REQUIRE(PQresultStatus(ok.get()) == PGRES_TUPLES_OK);
  CHECK(Value(ok, 0, 0) == "1");
}

}  // namespace
}  // namespace sundial::testing

namespace sundial::testing {
namespace {

TEST_CASE("A cursor made by DECLARE is a portal Describe and FETCH can read", "[prepared]") {
  // psycopg 3's named cursors: DECLARE with $n parameters, Describe of the
  // cursor's portal for the columns, then FETCH with binary results.
  TestServer server;
  PgConn conn = Connect(server);
  PgResult setup(PQexec(conn.get(), kSchema));
  REQUIRE(PQresultStatus(setup.get()) == PGRES_COMMAND_OK);
  PgResult begin(PQexec(conn.get(), "BEGIN"));
  const char* host = "a";
  PgResult declared(PQexecParams(conn.get(),
                                 "DECLARE c CURSOR FOR SELECT ts, cnt FROM m WHERE host = $1 "
                                 "ORDER BY ts",
                                 1, nullptr, &host, nullptr, nullptr, 0));
  INFO(PQresultErrorMessage(declared.get()));
  REQUIRE(PQresultStatus(declared.get()) == PGRES_COMMAND_OK);
  CHECK(std::string(PQcmdStatus(declared.get())) == "DECLARE CURSOR");

  PgResult described(PQdescribePortal(conn.get(), "c"));
  REQUIRE(PQresultStatus(described.get()) == PGRES_COMMAND_OK);
  REQUIRE(PQnfields(described.get()) == 2);
  CHECK(std::string(PQfname(described.get(), 1)) == "cnt");
  CHECK(PQftype(described.get(), 0) == 1184);
  CHECK(PQftype(described.get(), 1) == 20);

  PgResult fetched(
      PQexecParams(conn.get(), "FETCH FORWARD 5 FROM c", 0, nullptr, nullptr, nullptr, nullptr, 1));
  REQUIRE(PQresultStatus(fetched.get()) == PGRES_TUPLES_OK);
  REQUIRE(PQntuples(fetched.get()) == 2);
  CHECK(Value(fetched, 0, 1) == BigEndian(10, 8));
  CHECK(Value(fetched, 1, 1) == BigEndian(30, 8));
  CHECK(std::string(PQcmdStatus(fetched.get())) == "FETCH 2");

  PgResult missing(PQdescribePortal(conn.get(), "nope"));
  CHECK(Sqlstate(missing) == "34000");
}

}  // namespace
}  // namespace sundial::testing
