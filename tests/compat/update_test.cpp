#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("UPDATE changes rows as PostgreSQL does", "[compat][update]") {
  CompareScript("update_queries.sql");
}

TEST_CASE("UPDATE mistakes fail like PostgreSQL and change nothing", "[compat][update][errors]") {
  CompareErrorScript("update_error_queries.sql",
                     "CREATE TABLE ident (id int GENERATED ALWAYS AS IDENTITY, v text);"
                     "INSERT INTO ident (v) VALUES ('a');");
}

}  // namespace sundial::testing
