#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("Sequences, serial and identity columns behave as in PostgreSQL", "[compat][sequences]") {
  CompareScript("sequence_queries.sql");
}

TEST_CASE("Sequence mistakes fail like PostgreSQL", "[compat][sequences][errors]") {
  CompareErrorScript("sequence_error_queries.sql",
                     "CREATE SEQUENCE taken_seq; CREATE SEQUENCE tiny MAXVALUE 2; SELECT "
                     "nextval('tiny'); SELECT nextval('tiny');"
                     "CREATE TABLE ident (id int GENERATED ALWAYS AS IDENTITY, v text);"
                     "CREATE TABLE ser (id serial, v text);");
}

}  // namespace sundial::testing
