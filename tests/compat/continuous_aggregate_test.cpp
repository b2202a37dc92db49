#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("Continuous aggregates answer like the queries that define them",
          "[compat][continuous_aggregates]") {
  CompareEquivalentScript("continuous_aggregate_queries.sql");
}

}  // namespace sundial::testing
