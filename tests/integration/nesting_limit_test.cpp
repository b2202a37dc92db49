#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <string>

#include "support/query_runner.h"
#include "support/test_server.h"

namespace sundial::testing {
namespace {

std::string LongSum(int terms) {
  std::string sql = "SELECT 1";
  for (int i = 1; i < terms; ++i)
    sql += "+1";
  return sql;
}

std::string NestedParentheses(int depth) {
  return "SELECT " + std::string(depth, '(') + "1" + std::string(depth, ')');
}

std::string LongInList(int items) {
  std::string sql = "SELECT 7 IN (";
  for (int i = 0; i < items; ++i)
    sql += (i == 0 ? "" : ",") + std::to_string(i);
  return sql + ")";
}

}  // namespace

TEST_CASE("Over-deep statements answer 54001 and neither the session nor the server is lost",
          "[errors][limits]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  for (const std::string& sql : {LongSum(100000), NestedParentheses(100000)}) {
    INFO("query: " << sql.substr(0, 40) << "...");
    const QueryOutcome outcome = TryQuery(connection, sql);
    CHECK_FALSE(outcome.result.has_value());
    CHECK(outcome.sqlstate == "54001");
    CHECK_THAT(outcome.error, Catch::Contains("stack depth limit exceeded"));
    CHECK(QueryValue(connection, "SELECT 41 + 1") == "42");
  }
  REQUIRE(server.Running());
  pqxx::connection fresh(server.ConnectionString());
  CHECK(QueryValue(fresh, "SELECT 2 * 21") == "42");
}

TEST_CASE("Deep but reasonable expressions and long flat lists still run", "[limits]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  CHECK(QueryValue(connection, LongSum(1000)) == "1000");
  CHECK(QueryValue(connection, NestedParentheses(1000)) == "1");
  CHECK(QueryValue(connection, LongInList(100000)) == "t");
  std::string values = "SELECT count(*), sum(v) FROM (VALUES (0)";
  for (int i = 1; i < 100000; ++i)
    values += ",(" + std::to_string(i) + ")";
  values += ") AS t(v)";
  const QueryResult counted = RunQuery(connection, values);
  REQUIRE(counted.rows.size() == 1);
  CHECK(counted.rows[0][0] == "100000");
  CHECK(counted.rows[0][1] == "4999950000");
}

}  // namespace sundial::testing
