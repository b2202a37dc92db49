#include <catch2/catch.hpp>

#include <string>

#include "common/datetime.h"

namespace sundial {
namespace {

std::string Normalized(const char* text) {
  auto parsed = ParseInterval(text);
  REQUIRE(parsed.ok());
  std::string out;
  FormatInterval(*parsed, out);
  return out;
}

// Every expected output was produced by PostgreSQL 15 (IntervalStyle postgres).
TEST_CASE("interval input forms print as PostgreSQL prints them", "[interval]") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"5 minutes", "00:05:00"},
      {"1 day 02:00:00", "1 day 02:00:00"},
      {"3600 seconds", "01:00:00"},
      {"300", "00:05:00"},
      {"1h", "01:00:00"},
      {"100ms", "00:00:00.1"},
      {"300.000s", "00:05:00"},
      {"1.5 hours", "01:30:00"},
      {"1 mon", "1 mon"},
      {"2 years 3 mons", "2 years 3 mons"},
      {"-1 week", "-7 days"},
      {"1 day ago", "-1 days"},
      {"@ 1 hour", "01:00:00"},
      {"@ 1 hour ago", "-01:00:00"},
      {"1 day 2 hours ago", "-1 days -02:00:00"},
      {"PT5M", "00:05:00"},
      {"P1DT2H", "1 day 02:00:00"},
      {"P1Y2M3DT4H5M6S", "1 year 2 mons 3 days 04:05:06"},
      {"P2W", "14 days"},
      {"PT0.5S", "00:00:00.5"},
      {"P1.5D", "1 day 12:00:00"},
      {"10 us", "00:00:00.00001"},
      {"1.5 ms", "00:00:00.0015"},
      {"1 microsecond", "00:00:00.000001"},
      {"2 msec", "00:00:00.002"},
      {"3 secs", "00:00:03"},
      {"4 mins", "00:04:00"},
      {"5 hrs", "05:00:00"},
      {"6 d", "6 days"},
      {"7 w", "49 days"},
      {"8 y", "8 years"},
      {"2 decades", "20 years"},
      {"1.5 centuries", "150 years"},
      {"1 millennium", "1000 years"},
      {"1 day -1", "1 day -00:00:01"},
      {"+1 day", "1 day"},
      {"1:30", "01:30:00"},
      {"-1:30:15.25", "-01:30:15.25"},
      {"25:00:00", "25:00:00"},
      {"1-2", "1 year 2 mons"},
      {"   5 minutes  ", "00:05:00"},
      {"1 hour 30 minutes 15 seconds", "01:30:15"},
      {"1 second 500 ms", "00:00:01.5"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    CHECK(Normalized(c.in) == c.out);
  }
}

TEST_CASE("fractional interval units spill into smaller units", "[interval]") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"1.5 days", "1 day 12:00:00"},
      {"1.5 mons", "1 mon 15 days"},
      {"1.75 mons", "1 mon 22 days 12:00:00"},
      {"0.1 mons", "3 days"},
      {"1.5 years", "1 year 6 mons"},
      {"1.01 years", "1 year"},
      {"1.3 years", "1 year 4 mons"},
      {"1.5 weeks", "10 days 12:00:00"},
      {"-1.5 days", "-1 days -12:00:00"},
      {"-1.5 mons", "-1 mons -15 days"},
      {".5 day", "12:00:00"},
      {"-0.5 seconds", "-00:00:00.5"},
      {"0.0000005 seconds", "00:00:00"},
      {"0.0000015 seconds", "00:00:00.000001"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    CHECK(Normalized(c.in) == c.out);
  }
}

TEST_CASE("interval output signs each part like IntervalStyle postgres", "[interval]") {
  struct Case {
    Interval in;
    const char* out;
  };
  const Case cases[] = {
      {{}, "00:00:00"},
      {{.days = 1}, "1 day"},
      {{.days = -1}, "-1 days"},
      {{.micros = -kMicrosPerSecond}, "-00:00:01"},
      {{.micros = 4 * kMicrosPerHour + 5 * kMicrosPerMinute + 6'700'000, .days = 3, .months = 14},
       "1 year 2 mons 3 days 04:05:06.7"},
      {{.micros = -2 * kMicrosPerHour, .days = 1}, "1 day -02:00:00"},
      {{.micros = 2 * kMicrosPerHour, .days = -1}, "-1 days +02:00:00"},
      {{.days = 2, .months = -12}, "-1 years +2 days"},
      {{.months = 11}, "11 mons"},
      {{.days = -1, .months = -1}, "-1 mons -1 days"},
      {{.micros = 100 * kMicrosPerHour}, "100:00:00"},
      {{.micros = INT64_MAX}, "2562047788:00:54.775807"},
  };
  for (const Case& c : cases) {
    INFO(c.out);
    std::string out;
    FormatInterval(c.in, out);
    CHECK(out == c.out);
  }
}

TEST_CASE("malformed intervals are 22007 naming the text", "[interval]") {
  for (const char* text :
       {"x", "1 foo", "", "P", "pt5m", "1 hour 1 hour", "-1 -2", "5 minutes x"}) {
    INFO(text);
    auto parsed = ParseInterval(text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == ErrorCode::kInvalidDatetimeFormat);
    CHECK(parsed.status().message() ==
          std::string("invalid input syntax for type interval: \"") + text + "\"");
  }
  auto overflow = ParseInterval("2147483648 days");
  REQUIRE_FALSE(overflow.ok());
  CHECK(overflow.status().code() == ErrorCode::kDatetimeFieldOverflow);
}

}  // namespace
}  // namespace sundial
