#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("Indexes look like PostgreSQL's to clients", "[compat][indexes]") {
  CompareScript("index_queries.sql");
}

TEST_CASE("Index mistakes fail like PostgreSQL", "[compat][indexes][errors]") {
  CompareErrorScript("index_error_queries.sql", "CREATE INDEX taken_idx ON cpu (region);");
}

}  // namespace sundial::testing
