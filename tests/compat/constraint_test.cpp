#include "compat/compat_scripts.h"
#include "compat/dimension_tables.h"

namespace sundial::testing {

TEST_CASE("PRIMARY KEY and UNIQUE constraints show in the catalogs as in PostgreSQL",
          "[compat][constraints]") {
  CompareScript("constraint_queries.sql");
}

TEST_CASE("PRIMARY KEY and UNIQUE mistakes fail like PostgreSQL", "[compat][constraints][errors]") {
  CompareErrorScript("constraint_error_queries.sql",
                     std::string(kDimensionTables) + "CREATE TABLE keyed (id int PRIMARY KEY);");
}

}  // namespace sundial::testing
