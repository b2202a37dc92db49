#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("Continuous aggregates answer like the queries that define them",
          "[compat][continuous_aggregates]") {
  CompareEquivalentScript(
      "continuous_aggregate_queries.sql",
      "CREATE TABLE meter (ts timestamp NOT NULL, site integer, kwh numeric(10, 2));\n"
      "SELECT create_hypertable('meter', 'ts', chunk_time_interval => INTERVAL '1 day');\n"
      "INSERT INTO meter SELECT '2024-01-01'::timestamp + (i * 7 || ' minutes')::interval, i % 3, "
      "(i % 17) * 1.25 FROM generate_series(1, 1200) AS i;");
}

}  // namespace sundial::testing
