#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("The 15 TSBS cpu-only queries answer like PostgreSQL", "[compat][tsbs]") {
  CompareScript("tsbs_queries.sql");
}

TEST_CASE("The TSBS queries answer like PostgreSQL from segments ordered by host",
          "[compat][tsbs]") {
  // CHECKPOINT writes the loaded rows as segments stored host by host, with
  // series summaries and text bounds, instead of reading the memtable.
  CompareScript("tsbs_queries.sql", "CHECKPOINT");
}

TEST_CASE("Filters, grouping, ordering, CTEs and time buckets answer like PostgreSQL",
          "[compat][sql]") {
  CompareScript("queries.sql");
}

TEST_CASE("Bad queries fail with the same SQLSTATE as in PostgreSQL", "[compat][errors]") {
  CompareErrorScript("error_queries.sql");
}

}  // namespace sundial::testing
