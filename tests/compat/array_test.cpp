#include "compat/compat_scripts.h"
#include "compat/dimension_tables.h"

namespace sundial::testing {

TEST_CASE("Arrays, ANY, unnest, array_agg and per-row subqueries answer like PostgreSQL",
          "[compat][arrays]") {
  CompareScript("array_queries.sql", kDimensionTables);
}

TEST_CASE("Array mistakes fail like PostgreSQL", "[compat][arrays][errors]") {
  CompareErrorScript("array_error_queries.sql", kDimensionTables);
}

}  // namespace sundial::testing
