#include <catch2/catch.hpp>

#include <string>

#include "common/datetime.h"
#include "common/time_zone.h"

namespace sundial {
namespace {

TimeZone Zone(const char* name) {
  auto zone = TimeZone::Lookup(name);
  REQUIRE(zone.ok());
  return *zone;
}

std::string RoundTripTz(const char* text, const TimeZone& zone) {
  auto parsed = ParseTimestampTz(text, zone);
  REQUIRE(parsed.ok());
  std::string out;
  FormatTimestampTz(*parsed, zone, out);
  return out;
}

std::string RoundTrip(const char* text) {
  auto parsed = ParseTimestamp(text);
  REQUIRE(parsed.ok());
  std::string out;
  FormatTimestamp(*parsed, out);
  return out;
}

std::string DateRoundTrip(const char* text) {
  auto parsed = ParseDate(text);
  REQUIRE(parsed.ok());
  std::string out;
  FormatDate(*parsed, out);
  return out;
}

TEST_CASE("timestamptz input shapes are read as PostgreSQL reads them", "[datetime]") {
  TimeZone utc = TimeZone::Utc();
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"2016-01-01 07:47:52 +0000", "2016-01-01 07:47:52+00"},
      {"2026-01-01 00:00:05+00", "2026-01-01 00:00:05+00"},
      {"2026-01-01", "2026-01-01 00:00:00+00"},
      {"2024-01-01T00:00:00.123Z", "2024-01-01 00:00:00.123+00"},
      {"2024-01-02 03:04:05.678901+05:30", "2024-01-01 21:34:05.678901+00"},
      {"2024-01-02 03:04:05+0530", "2024-01-01 21:34:05+00"},
      {"2024-01-02 03:04:05-08", "2024-01-02 11:04:05+00"},
      {"2026-01-01 00:00:00 UTC", "2026-01-01 00:00:00+00"},
      {"2026-01-01 00:00:00 Europe/Berlin", "2025-12-31 23:00:00+00"},
      {"2026-07-01 00:00:00 europe/berlin", "2026-06-30 22:00:00+00"},
      {"2024-01-01 00:00:00 PST", "2024-01-01 08:00:00+00"},
      {"  2024-01-01 10:00  ", "2024-01-01 10:00:00+00"},
      {"2024-1-1 1:2:3", "2024-01-01 01:02:03+00"},
      {"20240102", "2024-01-02 00:00:00+00"},
      {"1/2/2024", "2024-01-02 00:00:00+00"},
      {"2024-01-01 00:00:00 +05:30:15", "2023-12-31 18:29:45+00"},
      {"2024-01-01 00:00:00 Etc/GMT+3", "2024-01-01 03:00:00+00"},
      {"2024-01-01 00:00:59.9999999+00", "2024-01-01 00:01:00+00"},
      {"2024-01-01 00:00:00.0000005+00", "2024-01-01 00:00:00+00"},
      {"2024-01-01 00:00:00.0000015+00", "2024-01-01 00:00:00.000002+00"},
      {"2024-01-01 23:59:60+00", "2024-01-02 00:00:00+00"},
      {"2024-01-01 24:00:00+00", "2024-01-02 00:00:00+00"},
      {"1969-12-31 23:59:59.5+00", "1969-12-31 23:59:59.5+00"},
      {"1900-06-15 12:34:56.789+00", "1900-06-15 12:34:56.789+00"},
      {"0001-01-01 00:00:00+00 BC", "0001-01-01 00:00:00+00 BC"},
      {"4714-11-24 00:00:00+00 BC", "4714-11-24 00:00:00+00 BC"},
      {"infinity", "infinity"},
      {"-infinity", "-infinity"},
      {"epoch", "1970-01-01 00:00:00+00"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    CHECK(RoundTripTz(c.in, utc) == c.out);
  }
}

TEST_CASE("timestamptz output uses the session zone's offset at that instant", "[datetime]") {
  TimeZone berlin = Zone("Europe/Berlin");
  CHECK(RoundTripTz("2024-01-02 03:04:05.678901+00", berlin) == "2024-01-02 04:04:05.678901+01");
  CHECK(RoundTripTz("2024-07-01 12:00:00+00", berlin) == "2024-07-01 14:00:00+02");
  // Local mean time before 1893 has a seconds offset.
  CHECK(RoundTripTz("1800-01-01 00:00:00+00", berlin) == "1800-01-01 00:53:28+00:53:28");
  // Beyond the zone file's last transition (2037) the TZif footer rule applies.
  CHECK(RoundTripTz("2100-07-01 12:00:00+00", berlin) == "2100-07-01 14:00:00+02");
  CHECK(RoundTripTz("2100-01-01 12:00:00+00", berlin) == "2100-01-01 13:00:00+01");
  CHECK(RoundTripTz("2040-07-01 12:00:00+00", Zone("Australia/Sydney")) ==
        "2040-07-01 22:00:00+10");
  CHECK(RoundTripTz("2024-01-01 00:00:00+00", Zone("Asia/Kolkata")) == "2024-01-01 05:30:00+05:30");
  CHECK(RoundTripTz("2024-01-01 00:00:00+00", Zone("America/New_York")) ==
        "2023-12-31 19:00:00-05");
}

TEST_CASE("local times in DST gaps and overlaps resolve like PostgreSQL", "[datetime]") {
  TimeZone berlin = Zone("Europe/Berlin");
  // 02:30 does not exist on 2024-03-31: read with the earlier offset, so it lands after the gap.
  CHECK(RoundTripTz("2024-03-31 02:30:00", berlin) == "2024-03-31 03:30:00+02");
  // 02:30 happens twice on 2024-10-27: the later (standard time) reading wins.
  CHECK(RoundTripTz("2024-10-27 02:30:00", berlin) == "2024-10-27 02:30:00+01");
  CHECK(RoundTripTz("2024-10-27 01:30:00", berlin) == "2024-10-27 01:30:00+02");
  CHECK(RoundTripTz("2024-10-27 03:30:00", berlin) == "2024-10-27 03:30:00+01");
  CHECK(RoundTripTz("2024-07-01 12:00:00", berlin) == "2024-07-01 12:00:00+02");
}

TEST_CASE("pre-1970 instants are stored as negative microseconds", "[datetime]") {
  auto parsed = ParseTimestampTz("1969-12-31 23:59:59.5+00", TimeZone::Utc());
  REQUIRE(parsed.ok());
  CHECK(*parsed == -500'000);
  auto moon = ParseTimestamp("1969-07-20 20:17:40");
  REQUIRE(moon.ok());
  CHECK(*moon == -14'182'940 * kMicrosPerSecond);
  CHECK(RoundTrip("1969-07-20 20:17:40") == "1969-07-20 20:17:40");
}

TEST_CASE("timestamp without time zone ignores offsets in the text", "[datetime]") {
  CHECK(RoundTrip("2024-01-01 00:00:00+05") == "2024-01-01 00:00:00");
  CHECK(RoundTrip("2024-01-01 00:00:00 Europe/Berlin") == "2024-01-01 00:00:00");
  CHECK(RoundTrip("2024-01-02 03:04:05.678901") == "2024-01-02 03:04:05.678901");
  CHECK(RoundTrip("2024-01-02 03:04:05.5") == "2024-01-02 03:04:05.5");
  CHECK(RoundTrip("0001-01-01 00:00:00 BC") == "0001-01-01 00:00:00 BC");
  CHECK(RoundTrip("infinity") == "infinity");
}

TEST_CASE("dates parse and print, including BC and infinity", "[datetime]") {
  CHECK(DateRoundTrip("2024-01-02") == "2024-01-02");
  CHECK(DateRoundTrip("  2024-01-01  ") == "2024-01-01");
  CHECK(DateRoundTrip("2024-01-01 00:00:00+00") == "2024-01-01");
  CHECK(DateRoundTrip("0001-01-01 BC") == "0001-01-01 BC");
  CHECK(DateRoundTrip("1960-02-29") == "1960-02-29");
  CHECK(DateRoundTrip("5874897-12-31") == "5874897-12-31");
  CHECK(DateRoundTrip("infinity") == "infinity");
  CHECK(DateRoundTrip("-infinity") == "-infinity");
  CHECK(DateRoundTrip("epoch") == "1970-01-01");
  auto days = ParseDate("2000-01-01");
  REQUIRE(days.ok());
  CHECK(*days == kPostgresEpochDays);
}

TEST_CASE("malformed datetimes are 22007 naming the type and the text", "[datetime]") {
  auto tz = ParseTimestampTz("abc", TimeZone::Utc());
  REQUIRE_FALSE(tz.ok());
  CHECK(tz.status().code() == ErrorCode::kInvalidDatetimeFormat);
  CHECK(tz.status().message() == "invalid input syntax for type timestamp with time zone: \"abc\"");
  auto ts = ParseTimestamp("2024-01-01 12");
  REQUIRE_FALSE(ts.ok());
  CHECK(ts.status().message() == "invalid input syntax for type timestamp: \"2024-01-01 12\"");
  auto date = ParseDate("");
  REQUIRE_FALSE(date.ok());
  CHECK(date.status().code() == ErrorCode::kInvalidDatetimeFormat);
  CHECK(date.status().message() == "invalid input syntax for type date: \"\"");
}

TEST_CASE("out-of-range datetime fields are 22008", "[datetime]") {
  struct Case {
    const char* in;
    const char* message;
  };
  const Case cases[] = {
      {"2026-13-01", "date/time field value out of range: \"2026-13-01\""},
      {"2024-02-30", "date/time field value out of range: \"2024-02-30\""},
      {"2023-02-29", "date/time field value out of range: \"2023-02-29\""},
      {"2024-01-01 25:00:00", "date/time field value out of range: \"2024-01-01 25:00:00\""},
      {"2024-01-01 24:00:01", "date/time field value out of range: \"2024-01-01 24:00:01\""},
      {"99-01-01", "date/time field value out of range: \"99-01-01\""},
      {"2024-01-01 00:00+16", "time zone displacement out of range: \"2024-01-01 00:00+16\""},
      {"4714-11-23 00:00:00 BC", "timestamp out of range: \"4714-11-23 00:00:00 BC\""},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    auto parsed = ParseTimestampTz(c.in, TimeZone::Utc());
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == ErrorCode::kDatetimeFieldOverflow);
    CHECK(parsed.status().message() == c.message);
  }
  auto date = ParseDate("0000-01-01");
  REQUIRE_FALSE(date.ok());
  CHECK(date.status().code() == ErrorCode::kDatetimeFieldOverflow);
  auto far = ParseDate("5874898-01-01");
  REQUIRE_FALSE(far.ok());
  CHECK(far.status().message() == "date out of range: \"5874898-01-01\"");
}

TEST_CASE("bulk-load shaped timestamps read exactly like any other spelling", "[datetime]") {
  // A leading space takes the general parser, so both paths are compared.
  TimeZone zones[] = {TimeZone::Utc(), Zone("America/New_York")};
  const char* texts[] = {
      "2016-01-01 00:00:00",        "2016-01-01T23:59:59",        "2024-02-29 12:30:45.5",
      "2024-02-29 12:30:45.123456", "2026-03-08 02:30:00",        "2026-11-01 01:30:00.000001",
      "1969-12-31 23:59:59.999999", "0001-01-01 00:00:00",        "2016-01-01 24:00:00",
      "2023-02-29 00:00:00",        "2016-13-01 00:00:00",        "2016-01-01 00:60:00",
      "0000-01-01 00:00:00",        "2016-01-01 00:00:00.1234567"};
  for (const TimeZone& zone : zones) {
    for (const char* text : texts) {
      INFO(text);
      auto fast = ParseTimestampTz(text, zone);
      auto general = ParseTimestampTz(std::string(" ") + text, zone);
      REQUIRE(fast.ok() == general.ok());
      if (fast.ok()) {
        CHECK(*fast == *general);
      } else {
        CHECK(fast.status().code() == general.status().code());
      }
      auto local = ParseTimestamp(text);
      auto local_general = ParseTimestamp(std::string(" ") + text);
      REQUIRE(local.ok() == local_general.ok());
      if (local.ok()) CHECK(*local == *local_general);
    }
  }
  CHECK(RoundTripTz("2016-01-01 10:11:12.5", TimeZone::Utc()) == "2016-01-01 10:11:12.5+00");
}

TEST_CASE("an unknown zone name in timestamptz input is reported by name", "[datetime]") {
  auto parsed = ParseTimestampTz("2024-01-01 00:00 Foo/Bar", TimeZone::Utc());
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.status().code() == ErrorCode::kInvalidParameterValue);
  CHECK(parsed.status().message() == "time zone \"foo/bar\" not recognized");
}

TEST_CASE("civil day numbers agree with the calendar", "[datetime]") {
  CHECK(DaysFromCivil(1970, 1, 1) == 0);
  CHECK(DaysFromCivil(2000, 1, 1) == kPostgresEpochDays);
  CHECK(DaysFromCivil(1969, 12, 31) == -1);
  CHECK(DaysFromCivil(0, 3, 1) == -719468);
  for (int64_t days : {-2440588LL, -719469LL, -1LL, 0LL, 59LL, 11016LL, 2932896LL}) {
    int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    CivilFromDays(days, year, month, day);
    CHECK(DaysFromCivil(year, month, day) == days);
  }
}

}  // namespace
}  // namespace sundial
