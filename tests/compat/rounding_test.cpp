#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("round() and casts to integers round halves like PostgreSQL", "[compat][rounding]") {
  CompareScript("rounding_queries.sql",
                "CREATE TABLE rounding (i integer, s smallint, b bigint);"
                "INSERT INTO rounding VALUES (2.5, -2.5, 0.5), (-3.5, 1.5, 12345678901.5),"
                " (16.5::float8, 2.5::float8, -0.5)");
}

}  // namespace sundial::testing
