#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <string>

#include "support/cpu_data_set.h"
#include "support/psql.h"
#include "support/query_runner.h"
#include "support/test_server.h"

namespace sundial::testing {

TEST_CASE("Each kind of bad statement gets its SQLSTATE and the session stays usable", "[errors]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, CpuDataSet::kCreateTableSql);
  RunQuery(connection,
           "INSERT INTO cpu (time, hostname, n) VALUES ('2016-01-01 00:00:00+00', 'a', 1)");

  struct Case {
    const char* sql;
    const char* sqlstate;
  };
  const Case cases[] = {
      {"SELECT * FORM cpu", "42601"},
      {"SELECT * FROM no_such_table", "42P01"},
      {"SELECT no_such_column FROM cpu", "42703"},
      {"SELECT no_such_function(1)", "42883"},
      {"SELECT n / 0 FROM cpu", "22012"},
      {"SELECT 1 / 0", "22012"},
      {"SELECT 'abc'::bigint", "22P02"},
      {"SELECT 'not a time'::timestamptz", "22007"},
      {"SELECT (SELECT (SELECT count(*) FROM cpu c WHERE c.time > a.time) FROM cpu b LIMIT 1) "
       "FROM cpu a",
       "0A000"},
  };
  for (const Case& c : cases) {
    INFO("query: " << c.sql);
    const QueryOutcome outcome = TryQuery(connection, c.sql);
    INFO("error: " << outcome.error);
    CHECK_FALSE(outcome.result.has_value());
    CHECK(outcome.sqlstate == c.sqlstate);
    CHECK(QueryValue(connection, "SELECT count(*) FROM cpu") == "1");
  }
}

TEST_CASE("psql points at the offending token of a syntax error", "[errors]") {
  TestServer server;
  const CommandResult psql = RunPsql(server.port(), {"-c", "SELECT * FORM cpu"});
  CHECK(psql.exit_code != 0);
  CHECK_THAT(psql.err, Catch::Contains("syntax error at or near \"FORM\""));
  // psql prints the statement and a caret under the position the server reported.
  CHECK_THAT(psql.err, Catch::Contains("LINE 1: SELECT * FORM cpu"));
  CHECK_THAT(psql.err, Catch::Contains("                 ^"));
}

}  // namespace sundial::testing
