#include <string>

#include "compat/compat_scripts.h"
#include "compat/dimension_tables.h"

namespace sundial::testing {

TEST_CASE("UPDATE changes rows as PostgreSQL does", "[compat][update]") {
  CompareScript("update_queries.sql");
}

TEST_CASE("UPDATE ... FROM and DELETE ... USING change rows as PostgreSQL does",
          "[compat][update]") {
  CompareScript("update_from_queries.sql", kDimensionTables);
}

TEST_CASE("UPDATE mistakes fail like PostgreSQL and change nothing", "[compat][update][errors]") {
  CompareErrorScript("update_error_queries.sql",
                     std::string(kDimensionTables) +
                         "CREATE TABLE ident (id int GENERATED ALWAYS AS IDENTITY, v text);"
                         "INSERT INTO ident (v) VALUES ('a');");
}

}  // namespace sundial::testing
