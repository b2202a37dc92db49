#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("Math, string, regex, time functions and predicates answer like PostgreSQL",
          "[compat][functions]") {
  CompareScript("function_queries.sql");
}

TEST_CASE("Function and operator errors carry PostgreSQL's SQLSTATE", "[compat][functions]") {
  CompareErrorScript("function_error_queries.sql");
}

}  // namespace sundial::testing
