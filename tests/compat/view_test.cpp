#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("Views answer like PostgreSQL", "[compat][views]") {
  CompareScript("view_queries.sql");
}

TEST_CASE("View mistakes fail like PostgreSQL", "[compat][views][errors]") {
  CompareErrorScript("view_error_queries.sql",
                     "CREATE VIEW v_base AS SELECT hostname, usage_user FROM cpu;\n"
                     "CREATE VIEW v_top AS SELECT hostname FROM v_base;");
}

}  // namespace sundial::testing
