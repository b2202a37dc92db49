#include <catch2/catch.hpp>

#include "common/datetime.h"
#include "common/time_zone.h"

namespace sundial {
namespace {

TEST_CASE("zone names resolve case-insensitively and SHOW prints the canonical spelling",
          "[time_zone]") {
  struct Case {
    const char* in;
    const char* shown;
  };
  const Case cases[] = {
      {"UTC", "UTC"},
      {"utc", "UTC"},
      {"Etc/UTC", "Etc/UTC"},
      {"GMT", "GMT"},
      {"Europe/Berlin", "Europe/Berlin"},
      {"europe/berlin", "Europe/Berlin"},
      {"Etc/GMT+3", "Etc/GMT+3"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    auto zone = TimeZone::Lookup(c.in);
    REQUIRE(zone.ok());
    CHECK(zone->name() == c.shown);
  }
  CHECK(TimeZone().name() == "UTC");
}

TEST_CASE("numeric zones count hours east, POSIX strings count hours west", "[time_zone]") {
  struct Case {
    const char* in;
    const char* shown;
    int32_t offset_east;
  };
  const Case cases[] = {
      {"-8", "<-08>+08", -8 * 3600},
      {"5.5", "<+05:30>-05:30", 5 * 3600 + 1800},
      {"0", "<+00>-00", 0},
      {"UTC+3", "UTC+3", -3 * 3600},
      {"+05:30", "+05:30", -(5 * 3600 + 1800)},
      {"<+07>-07", "<+07>-07", 7 * 3600},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    auto zone = TimeZone::Lookup(c.in);
    REQUIRE(zone.ok());
    CHECK(zone->name() == c.shown);
    CHECK(zone->OffsetAt(0) == c.offset_east);
  }
}

TEST_CASE("unknown zones are 22023 invalid parameter values", "[time_zone]") {
  for (const char* name : {"Foo/Bar", "Z", "", "Europe/Nowhere"}) {
    INFO(name);
    auto zone = TimeZone::Lookup(name);
    REQUIRE_FALSE(zone.ok());
    CHECK(zone.status().code() == ErrorCode::kInvalidParameterValue);
  }
  CHECK(TimeZone::Lookup("Foo/Bar").status().message() ==
        "invalid value for parameter \"TimeZone\": \"Foo/Bar\"");
}

TEST_CASE("offsets follow daylight saving transitions", "[time_zone]") {
  auto berlin = TimeZone::Lookup("Europe/Berlin");
  REQUIRE(berlin.ok());
  // 2024-03-31 01:00 UTC is the switch to CEST.
  int64_t spring = 1'711'846'800 * kMicrosPerSecond;
  CHECK(berlin->OffsetAt(spring - 1) == 3600);
  CHECK(berlin->OffsetAt(spring) == 7200);
  CHECK(berlin->OffsetAt(kTimestampInfinity) == 3600);
  CHECK(berlin->OffsetAt(kTimestampMinusInfinity) == 3208);
  CHECK(TimeZone::Utc().OffsetAt(spring) == 0);
}

TEST_CASE("local wall-clock times convert to UTC", "[time_zone]") {
  auto berlin = TimeZone::Lookup("Europe/Berlin");
  REQUIRE(berlin.ok());
  int64_t local_noon = DaysFromCivil(2024, 7, 1) * kMicrosPerDay + 12 * kMicrosPerHour;
  CHECK(berlin->LocalToUtc(local_noon) == local_noon - 2 * kMicrosPerHour);
  auto fixed = TimeZone::Lookup("-8");
  REQUIRE(fixed.ok());
  CHECK(fixed->LocalToUtc(0) == 8 * kMicrosPerHour);
}

}  // namespace
}  // namespace sundial
