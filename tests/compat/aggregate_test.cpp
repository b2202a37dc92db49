#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("DISTINCT, FILTER, ORDER BY and ordered-set aggregates answer like PostgreSQL",
          "[compat][aggregates]") {
  CompareScript("aggregate_queries.sql");
}

TEST_CASE(
    "DISTINCT, ORDER BY and ordered-set aggregates that spill under work_mem 64kB answer "
    "like PostgreSQL",
    "[compat][aggregates][spill]") {
  CompareScript("aggregate_queries.sql", "SET work_mem = '64kB'");
}

TEST_CASE("Aggregate mistakes fail like PostgreSQL", "[compat][aggregates][errors]") {
  CompareErrorScript("aggregate_error_queries.sql");
}

}  // namespace sundial::testing
