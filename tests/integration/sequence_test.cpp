#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/query_runner.h"
#include "support/test_server.h"

// Sequences through the server: no value handed out is handed out again
// after kill -9, COPY fills serial columns, sessions drawing at once get
// distinct values, and currval / lastval belong to the session.

namespace sundial::testing {
namespace {

int64_t Value(pqxx::connection& connection, const std::string& sql) {
  return std::stoll(QueryValue(connection, sql).value());
}

void CopyNames(pqxx::connection& connection, const std::string& table, int first, int count) {
  pqxx::work transaction(connection);
  pqxx::stream_to stream(transaction, table, std::vector<std::string>{"name"});
  for (int i = first; i < first + count; ++i)
    stream << std::make_tuple("copied_" + std::to_string(i));
  stream.complete();
  transaction.commit();
}

}  // namespace

TEST_CASE("A sequence never repeats a value after kill -9", "[durability][sequences]") {
  TestServer server;
  int64_t highest_seen = 0;
  int64_t rows_before = 0;
  {
    pqxx::connection connection(server.ConnectionString());
    RunQuery(connection, "CREATE TABLE items (id bigserial, name text)");
    RunQuery(connection, "CREATE SEQUENCE tickets INCREMENT BY 7 START 100");
    RunQuery(connection, "INSERT INTO items (name) VALUES ('a'), ('b')");
    RunQuery(connection,
             "INSERT INTO items (name) SELECT 'g' || g FROM generate_series(1, 5000) g");
    CopyNames(connection, "items", 0, 3000);
    for (int i = 0; i < 5; ++i)
      highest_seen = Value(connection, "SELECT nextval('tickets')");
    REQUIRE(highest_seen == 128);
    rows_before = Value(connection, "SELECT count(*) FROM items");
    REQUIRE(rows_before == 8002);
    REQUIRE(Value(connection, "SELECT count(DISTINCT id) FROM items") == rows_before);
  }
  const int64_t max_id_before = 8002;
  server.Kill();
  server.Restart();
  pqxx::connection connection(server.ConnectionString());
  // The session is new: nothing drawn in it yet.
  CHECK(TryQuery(connection, "SELECT currval('tickets')").sqlstate == "55000");
  CHECK(TryQuery(connection, "SELECT lastval()").sqlstate == "55000");
  const int64_t next_ticket = Value(connection, "SELECT nextval('tickets')");
  CHECK(next_ticket > highest_seen);
  CHECK((next_ticket - 100) % 7 == 0);
  CHECK(Value(connection, "SELECT currval('tickets')") == next_ticket);
  CHECK(Value(connection, "SELECT lastval()") == next_ticket);

  RunQuery(connection, "INSERT INTO items (name) VALUES ('after')");
  CopyNames(connection, "items", 3000, 10);
  CHECK(Value(connection, "SELECT count(*) FROM items") == rows_before + 11);
  CHECK(Value(connection, "SELECT count(DISTINCT id) FROM items") == rows_before + 11);
  CHECK(Value(connection, "SELECT min(id) FROM items WHERE name = 'after'") > max_id_before);

  // setval is exact, and survives a restart too.
  RunQuery(connection, "SELECT setval('tickets', 1000)");
  server.Kill();
  server.Restart();
  pqxx::connection after_setval(server.ConnectionString());
  CHECK(Value(after_setval, "SELECT nextval('tickets')") == 1007);
}

TEST_CASE("Sessions drawing from one sequence at once get distinct values", "[sequences]") {
  TestServer server;
  {
    pqxx::connection connection(server.ConnectionString());
    RunQuery(connection, "CREATE TABLE shared (id serial, name text)");
  }
  constexpr int kSessions = 4;
  constexpr int kRowsEach = 2000;
  std::vector<std::thread> writers;
  std::vector<int64_t> last_values(kSessions);
  for (int s = 0; s < kSessions; ++s) {
    writers.emplace_back([&, s] {
      pqxx::connection connection(server.ConnectionString());
      for (int batch = 0; batch < 4; ++batch) {
        RunQuery(connection, "INSERT INTO shared (name) SELECT 's" + std::to_string(s) +
                                 "' FROM generate_series(1, " + std::to_string(kRowsEach / 8) +
                                 ")");
        CopyNames(connection, "shared", 0, kRowsEach / 8);
      }
      last_values[s] = Value(connection, "SELECT currval('shared_id_seq')");
    });
  }
  for (std::thread& writer : writers)
    writer.join();
  pqxx::connection connection(server.ConnectionString());
  CHECK(Value(connection, "SELECT count(*) FROM shared") == kSessions * kRowsEach);
  CHECK(Value(connection, "SELECT count(DISTINCT id) FROM shared") == kSessions * kRowsEach);
  CHECK(Value(connection, "SELECT max(id) FROM shared") == kSessions * kRowsEach);
  // Each session's currval is the last value its own statements drew.
  std::set<int64_t> distinct(last_values.begin(), last_values.end());
  CHECK(distinct.size() == kSessions);
  CHECK(*distinct.rbegin() == kSessions * kRowsEach);
}

}  // namespace sundial::testing
