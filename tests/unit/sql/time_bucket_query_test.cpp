#include <catch2/catch.hpp>

#include "sql_test_db.h"

namespace sundial::sql::testing {
namespace {

TEST_CASE("time_bucket takes origin and offset by name") {
  TestDb db;
  db.Exec("SET TimeZone = 'UTC'");
  CHECK(db.Query("SELECT time_bucket('1 hour', '2024-01-01 10:50+00'::timestamptz, "
                 "origin => '2000-01-01 00:20+00'), "
                 "time_bucket('1 hour', '2024-01-01 10:50+00'::timestamptz, \"offset\" => "
                 "'15 minutes'), "
                 "time_bucket(bucket_width => '1 day', ts => '2024-01-01 10:50'::timestamp), "
                 "time_bucket(10, 17, \"offset\" => 5)") ==
        Rows{{"2024-01-01 10:20:00+00", "2024-01-01 10:15:00+00", "2024-01-01 00:00:00", "15"}});
  CHECK(
      db.Query("SELECT time_bucket('3 months', '2024-04-17'::date, origin => '2000-02-01'::date), "
               "time_bucket('1 year', '2024-04-17'::date), "
               "time_bucket('1 month', '2024-04-17 10:00'::timestamp, \"offset\" => '2 days')") ==
      Rows{{"2024-02-01", "2024-01-01", "2024-04-03 00:00:00"}});
  CHECK(db.Error("SELECT time_bucket('1 day', now(), origin => '2000-01-01', "
                 "\"offset\" => '1 hour')")
            .code() == ErrorCode::kUndefinedFunction);
  CHECK(db.Error("SELECT time_bucket('1 day', now(), width => '1 day')").code() ==
        ErrorCode::kUndefinedFunction);
}

TEST_CASE("time_bucket with a time zone buckets the wall clock there") {
  TestDb db;
  db.Exec("SET TimeZone = 'UTC'");
  // 01:30 in New York on the day DST starts; its day began at 05:00 UTC.
  CHECK(db.Query("SELECT time_bucket('1 day', '2024-03-10 06:30+00'::timestamptz, "
                 "'America/New_York')") == Rows{{"2024-03-10 05:00:00+00"}});
  // An untyped third argument is a zone, as in TimescaleDB.
  CHECK(db.Query("SELECT time_bucket('1 day', '2024-01-01 00:30+00'::timestamptz, "
                 "'Europe/Berlin')") == Rows{{"2023-12-31 23:00:00+00"}});
  CHECK(db.Query("SELECT time_bucket('1 day', '2024-01-01 00:30+00'::timestamptz, "
                 "'Europe/Berlin', \"offset\" => '2 hours'), "
                 "time_bucket('1 day', '2024-01-01 00:30+00'::timestamptz, timezone => "
                 "'Europe/Berlin', origin => '2000-01-01 12:00+00'), "
                 "time_bucket('1 month', '2024-01-31 20:00+00'::timestamptz, 'Asia/Tokyo')") ==
        Rows{{"2023-12-31 01:00:00+00", "2023-12-31 12:00:00+00", "2024-01-31 15:00:00+00"}});
  CHECK(db.Query("SELECT time_bucket('1 day', '2024-01-01 00:30+00'::timestamptz, NULL::text), "
                 "time_bucket('1 day', '2024-01-01 00:30+00'::timestamptz, 'UTC', NULL, NULL)") ==
        Rows{{"NULL", "2024-01-01 00:00:00+00"}});
  CHECK(db.Error("SELECT time_bucket('1 day', now(), 'No/Such_Zone')").code() ==
        ErrorCode::kInvalidParameterValue);
}

}  // namespace
}  // namespace sundial::sql::testing
