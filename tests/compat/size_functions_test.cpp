#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("Size functions and chunk views agree with the rows they describe",
          "[compat][chunks][sizes]") {
  CompareEquivalentScript("size_queries.sql", "CHECKPOINT");
}

}  // namespace sundial::testing
