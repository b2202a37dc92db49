#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("DELETE and UPDATE inside transaction blocks behave as in PostgreSQL",
          "[compat][transactions]") {
  CompareScript("transaction_dml_queries.sql");
}

}  // namespace sundial::testing
