#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("time answers like PostgreSQL, stored or not", "[compat][time]") {
  CompareScript("time_of_day_queries.sql",
                "CREATE TABLE shifts (time timestamptz NOT NULL, starts time, "
                "ends time without time zone, name text);\n"
                "SELECT create_hypertable('shifts', 'time');");
}

TEST_CASE("time mistakes fail like PostgreSQL", "[compat][time][errors]") {
  CompareErrorScript("time_of_day_error_queries.sql");
}

}  // namespace sundial::testing
