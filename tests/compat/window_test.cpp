#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("Window functions answer like PostgreSQL", "[compat][window]") {
  CompareScript("window_queries.sql");
}

TEST_CASE("Window functions over a sort that spills under work_mem 64kB answer like PostgreSQL",
          "[compat][window]") {
  CompareScript("window_queries.sql", "SET work_mem = '64kB'");
}

TEST_CASE("Window function mistakes fail like PostgreSQL", "[compat][window][errors]") {
  CompareErrorScript("window_error_queries.sql");
}

}  // namespace sundial::testing
