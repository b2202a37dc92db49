#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("ALTER TABLE and TRUNCATE answer like PostgreSQL", "[compat][alter]") {
  CompareScript("alter_table_queries.sql");
}

TEST_CASE("ALTER TABLE and TRUNCATE mistakes fail like PostgreSQL", "[compat][alter][errors]") {
  CompareErrorScript("alter_table_error_queries.sql");
}

TEST_CASE("show_chunks and drop_chunks name and remove whole chunks", "[compat][chunks]") {
  CompareEquivalentScript("chunk_queries.sql");
}

TEST_CASE("DELETE of whole chunks answers like PostgreSQL", "[compat][delete]") {
  CompareScript("delete_queries.sql");
}

}  // namespace sundial::testing
