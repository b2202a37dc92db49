#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("uuid, json, jsonb and bytea answer like PostgreSQL, stored or not",
          "[compat][uuid][json][bytea]") {
  CompareScript("uuid_json_bytea_queries.sql",
                "CREATE TABLE devices (time timestamptz NOT NULL, id uuid, meta jsonb, raw json, "
                "blob bytea);\n"
                "SELECT create_hypertable('devices', 'time');");
}

TEST_CASE("uuid, json, jsonb and bytea mistakes fail like PostgreSQL",
          "[compat][uuid][json][bytea][errors]") {
  CompareErrorScript("uuid_json_bytea_error_queries.sql");
}

}  // namespace sundial::testing
