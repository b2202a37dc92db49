#include <catch2/catch.hpp>

#include "sql_test_db.h"

namespace sundial::sql::testing {
namespace {

TEST_CASE("IS DISTINCT FROM treats NULL as a value and is never NULL") {
  TestDb db;
  CHECK(db.Query("SELECT 1 IS DISTINCT FROM NULL, NULL IS DISTINCT FROM NULL, "
                 "2 IS NOT DISTINCT FROM 2.0, NULL::text IS NOT DISTINCT FROM 'a'") ==
        Rows{{"t", "f", "t", "f"}});
  CHECK(db.Error("SELECT 1 IS DISTINCT FROM 'x'::text").code() == ErrorCode::kUndefinedFunction);
}

TEST_CASE("BETWEEN SYMMETRIC accepts its bounds in either order") {
  TestDb db;
  CHECK(db.Query("SELECT 5 BETWEEN SYMMETRIC 10 AND 1, 5 BETWEEN 10 AND 1, "
                 "5 NOT BETWEEN SYMMETRIC 10 AND 1, 0 NOT BETWEEN SYMMETRIC 1 AND NULL, "
                 "5 BETWEEN ASYMMETRIC 1 AND 10") == Rows{{"t", "f", "f", "NULL", "t"}});
}

TEST_CASE("symmetric and asymmetric are reserved words usable as column labels") {
  TestDb db;
  CHECK(db.Query("SELECT 1 AS symmetric, 2 AS asymmetric") == Rows{{"1", "2"}});
  CHECK(db.ColumnNames() == std::vector<std::string>{"symmetric", "asymmetric"});
}

TEST_CASE("make_interval takes named arguments and defaults the rest to zero") {
  TestDb db;
  CHECK(db.Query("SELECT make_interval(hours => 2), make_interval(1, 2, days => 3), "
                 "make_interval(), make_interval(secs => 1.5, weeks => 1)") ==
        Rows{{"02:00:00", "1 year 2 mons 3 days", "00:00:00", "7 days 00:00:01.5"}});
  CHECK(db.Error("SELECT make_interval(fortnights => 1)").code() == ErrorCode::kUndefinedFunction);
  CHECK(db.Error("SELECT make_interval(2, years => 1)").code() == ErrorCode::kUndefinedFunction);
  CHECK(db.Error("SELECT make_interval(secs => 'infinity')").code() ==
        ErrorCode::kDatetimeFieldOverflow);
  CHECK(db.Error("SELECT left('abc', n => 1)").code() == ErrorCode::kFeatureNotSupported);
}

TEST_CASE("concat and concat_ws print any type and skip NULLs") {
  TestDb db;
  CHECK(db.Query("SELECT concat('a', NULL, 1, true, 2.5), concat_ws(',', 'x', NULL, 'y'), "
                 "concat_ws(NULL, 'x')") == Rows{{"a1t2.5", "x,y", "NULL"}});
}

TEST_CASE("greatest and least ignore NULLs and find a common type") {
  TestDb db;
  CHECK(db.Query("SELECT greatest(1, NULL, 3), least(2, 1.5), greatest(NULL::int), "
                 "least('b', 'a')") == Rows{{"3", "1.5", "NULL", "a"}});
  CHECK(db.Error("SELECT greatest(1, now())").code() == ErrorCode::kDatatypeMismatch);
}

TEST_CASE("AT TIME ZONE converts between timestamptz and timestamp in both directions") {
  TestDb db;
  CHECK(db.Query("SELECT timestamptz '2020-01-01 00:00+00' AT TIME ZONE 'America/New_York', "
                 "timestamp '2020-07-01 00:00' AT TIME ZONE 'Europe/Berlin', "
                 "timestamptz '2020-01-01 00:00+00' AT TIME ZONE '+05', "
                 "timestamptz '2020-07-01 00:00+00' AT TIME ZONE 'CET'") ==
        Rows{{"2019-12-31 19:00:00", "2020-06-30 22:00:00+00", "2019-12-31 19:00:00",
              "2020-07-01 01:00:00"}});
  Status unknown = db.Error("SELECT now() AT TIME ZONE 'Nowhere/Special'");
  CHECK(unknown.code() == ErrorCode::kInvalidParameterValue);
  CHECK(unknown.message() == "time zone \"Nowhere/Special\" not recognized");
}

TEST_CASE("date_bin floors to strides from the origin, also before it") {
  TestDb db;
  CHECK(db.Query("SELECT date_bin('15 minutes', timestamp '2020-02-11 15:44:17', "
                 "timestamp '2001-01-01'), date_bin('15 minutes', timestamp '1990-02-11 "
                 "15:44:17', timestamp '2001-01-01')") ==
        Rows{{"2020-02-11 15:30:00", "1990-02-11 15:30:00"}});
  CHECK(db.Error("SELECT date_bin('1 month', now(), now())").code() ==
        ErrorCode::kFeatureNotSupported);
  CHECK(db.Error("SELECT date_bin('0 s', now(), now())").code() ==
        ErrorCode::kDatetimeFieldOverflow);
}

TEST_CASE("date_trunc truncates on the wall clock of the given zone") {
  TestDb db;
  CHECK(db.Query("SELECT date_trunc('day', timestamptz '2016-01-01 03:00:00+00', "
                 "'America/New_York')") == Rows{{"2015-12-31 05:00:00+00"}});
}

TEST_CASE("age counts calendar years, months and days") {
  TestDb db;
  CHECK(db.Query("SELECT age(timestamp '2001-04-10', timestamp '1957-06-13'), "
                 "age(timestamp '1957-06-13', timestamp '2001-04-10'), "
                 "age(timestamp '2016-03-01', timestamp '2016-01-31')") ==
        Rows{{"43 years 9 mons 27 days", "-43 years -9 mons -27 days", "1 mon 1 day"}});
}

TEST_CASE("to_char formats timestamps with PostgreSQL's template patterns") {
  TestDb db;
  CHECK(db.Query("SELECT to_char(timestamp '2016-01-05 14:07:09.123456', "
                 "'YYYY-MM-DD HH24:MI:SS.MS HH12 PM'), "
                 "to_char(timestamp '2016-01-05 04:07:09', 'FMDay, FMDDth Mon YYYY')") ==
        Rows{{"2016-01-05 14:07:09.123 02 PM", "Tuesday, 5th Jan 2016"}});
  CHECK(db.Error("SELECT to_char(timestamp '2016-01-05', 'RM')").code() ==
        ErrorCode::kFeatureNotSupported);
  CHECK(db.Error("SELECT to_char(1.5, '9.9')").code() == ErrorCode::kFeatureNotSupported);
}

TEST_CASE("regular expression operators and regexp_replace") {
  TestDb db;
  CHECK(db.Query("SELECT 'abc' ~ '^a', 'abc' ~* 'B', 'abc' !~ 'b', 'abc' !~* 'X', "
                 "regexp_replace('foobarbaz', 'b(.)', '<\\1>', 'g'), "
                 "regexp_replace('abab', 'a|ab', 'X', 'g')") ==
        Rows{{"t", "t", "f", "t", "foo<a>r<a>z", "XX"}});
  CHECK(db.Error("SELECT 'a' ~ '('").code() == ErrorCode::kInvalidRegex);
  CHECK(db.Error("SELECT regexp_replace('a', 'a', 'b', 'z')").code() ==
        ErrorCode::kInvalidParameterValue);
  CHECK(db.Error("SELECT 'a' ~ '(?=a)'").code() == ErrorCode::kFeatureNotSupported);
  CHECK(db.Error("SELECT 'aa' ~ '(a)\\1'").code() == ErrorCode::kFeatureNotSupported);
}

TEST_CASE("math functions report PostgreSQL's error classes") {
  TestDb db;
  CHECK(db.Query("SELECT sign(-2.5), trunc(0.29, 2), trunc(1234.5, -2), log(2, 8), cbrt(-8), "
                 "width_bucket(5.35, 0.024, 10.06, 5)") ==
        Rows{{"-1", "0.29", "1200", "3", "-2", "3"}});
  CHECK(db.Error("SELECT log(0)").code() == ErrorCode::kInvalidLogArgument);
  CHECK(db.Error("SELECT sqrt(-1)").code() == ErrorCode::kInvalidPowerArgument);
  CHECK(db.Error("SELECT log(1, 10)").code() == ErrorCode::kDivisionByZero);
  CHECK(db.Error("SELECT width_bucket(1, 0, 10, 0)").code() ==
        ErrorCode::kInvalidWidthBucketArgument);
}

}  // namespace
}  // namespace sundial::sql::testing
