#include "compat/compat_scripts.h"

namespace sundial::testing {

// Statements prepared with PREPARE bind $n like the extended protocol does:
// the types PostgreSQL infers decide how EXECUTE's values are read.
constexpr const char* kPreparedStatements =
    "PREPARE by_host AS SELECT time, usage_user FROM cpu WHERE hostname = $1 AND time >= $2 "
    "ORDER BY time LIMIT $3;"
    "PREPARE buckets AS SELECT time_bucket($1, time) AS bucket, count(*), avg(usage_user) "
    "FROM cpu WHERE time < $2 GROUP BY 1 ORDER BY 1;"
    "PREPARE typed (bigint, text) AS SELECT $1 + 1, $2 || '!', $1 * reading FROM readings "
    "ORDER BY time, device LIMIT 3;"
    "PREPARE in_list AS SELECT device, level FROM readings WHERE level IN ($1, $2) AND flag = $3 "
    "ORDER BY time, device;"
    "PREPARE untyped AS SELECT $1 AS a, $2::int * 2 AS b;"
    "PREPARE counted AS SELECT count(*) FROM readings WHERE value > $1 OR note = $2;";

TEST_CASE("PREPARE and EXECUTE infer parameter types like PostgreSQL", "[compat][parameters]") {
  CompareScript("parameter_queries.sql", kPreparedStatements);
}

TEST_CASE("EXECUTE with bad values fails like PostgreSQL", "[compat][parameters]") {
  CompareErrorScript("parameter_error_queries.sql", kPreparedStatements);
}

}  // namespace sundial::testing
