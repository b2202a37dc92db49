#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("numeric literals, casts, arithmetic and aggregates answer like PostgreSQL",
          "[compat][numeric]") {
  CompareScript("numeric_queries.sql");
}

TEST_CASE("numeric mistakes fail like PostgreSQL", "[compat][numeric][errors]") {
  CompareErrorScript("numeric_error_queries.sql");
}

TEST_CASE("numeric table columns are refused as unsupported", "[compat][numeric]") {
  DifferentialPair pair;
  for (const char* sql : {"CREATE TABLE prices (time timestamptz NOT NULL, price numeric(10, 2))",
                          "CREATE TABLE amounts (amount decimal)"}) {
    const QueryOutcome outcome = TryQuery(pair.sundial(), sql);
    INFO(sql);
    CHECK(outcome.sqlstate == "0A000");
    CHECK(outcome.error.find("columns of type numeric") != std::string::npos);
  }
  pair.ExecuteOnBoth("CREATE TABLE quotes (time timestamptz NOT NULL, bid double precision)");
  const QueryOutcome added = TryQuery(pair.sundial(), "ALTER TABLE quotes ADD COLUMN ask numeric");
  CHECK(added.sqlstate == "0A000");
  CHECK(pair.Compare("SELECT column_name FROM information_schema.columns "
                     "WHERE table_name = 'quotes' ORDER BY ordinal_position")
            .empty());
}

}  // namespace sundial::testing
