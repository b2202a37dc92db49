#include "compat/compat_scripts.h"

namespace sundial::testing {
namespace {

// Hosts with holes in their minutes, a NULL reading and a NULL host; an
// integer-timed table with two series.
constexpr const char* kGapfillTables =
    "CREATE TABLE gf (time timestamptz NOT NULL, host text, v double precision, n integer);\n"
    "INSERT INTO gf VALUES "
    "('2026-01-01 00:00:10+00', 'h1', 1, 1), ('2026-01-01 00:00:40+00', 'h1', 2, 2), "
    "('2026-01-01 00:02:30+00', 'h1', 7, 3), ('2026-01-01 00:06:00+00', 'h1', 4.5, 4), "
    "('2026-01-01 00:07:59+00', 'h1', 11, NULL), ('2026-01-01 00:01:00+00', 'h2', NULL, 5), "
    "('2026-01-01 00:03:00+00', 'h2', 30, 6), ('2026-01-01 00:04:00+00', 'h2', NULL, NULL), "
    "('2026-01-01 00:08:30+00', 'h2', 35, 7), ('2026-01-01 00:05:00+00', NULL, 50, 8), "
    "('2026-01-01 00:30:00+00', 'h3', 100, 9), ('2025-12-31 23:58:00+00', 'h1', -5, 10), "
    "('2025-11-02 10:00:00+00', 'h4', 1, 11);\n"
    "CREATE TABLE gfi (t bigint, k integer, v integer);\n"
    "INSERT INTO gfi VALUES (-9, 1, 5), (0, 1, 10), (3, 1, 20), (13, 1, 1), (22, 1, 4), "
    "(2, 2, 7), (17, 2, 8), (40, 2, 9)";

TEST_CASE("time_bucket signatures answer like TimescaleDB's", "[compat][time_bucket]") {
  CompareScript("time_bucket_queries.sql");
}

TEST_CASE("time_bucket errors carry TimescaleDB's SQLSTATE", "[compat][time_bucket]") {
  CompareErrorScript("time_bucket_error_queries.sql");
}

TEST_CASE("gapfill, locf and interpolate answer like hand-written PostgreSQL",
          "[compat][gapfill]") {
  CompareEquivalentScript("gapfill_queries.sql", kGapfillTables);
}

}  // namespace
}  // namespace sundial::testing
