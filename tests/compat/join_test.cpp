#include "compat/compat_scripts.h"
#include "compat/dimension_tables.h"

namespace sundial::testing {

TEST_CASE("Joins, set operations and subqueries answer like PostgreSQL", "[compat][joins]") {
  CompareScript("join_queries.sql", kDimensionTables);
}

TEST_CASE("Join, set operation and subquery mistakes fail like PostgreSQL",
          "[compat][joins][errors]") {
  CompareErrorScript("join_error_queries.sql", kDimensionTables);
}

}  // namespace sundial::testing
