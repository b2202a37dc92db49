#include "compat/compat_scripts.h"
#include "compat/dimension_tables.h"

namespace sundial::testing {

TEST_CASE("LATERAL items and functions reading earlier FROM items answer like PostgreSQL",
          "[compat][lateral]") {
  CompareScript("lateral_queries.sql", kDimensionTables);
}

TEST_CASE("LATERAL mistakes fail like PostgreSQL", "[compat][lateral][errors]") {
  CompareErrorScript("lateral_error_queries.sql", kDimensionTables);
}

}  // namespace sundial::testing
