#include "sql/settings.h"

#include <catch2/catch.hpp>

namespace sundial::sql {
namespace {

std::string ShowOf(const Settings& s, const std::string& name) {
  auto v = s.Show(name);
  REQUIRE(v.ok());
  return *v;
}

TEST_CASE("settings start with PostgreSQL's defaults") {
  Settings s;
  CHECK(ShowOf(s, "DateStyle") == "ISO, MDY");
  CHECK(ShowOf(s, "timezone") == "UTC");
  CHECK(ShowOf(s, "work_mem") == "4MB");
  CHECK(ShowOf(s, "search_path") == "\"$user\", public");
  CHECK(ShowOf(s, "server_version_num") == "150000");
  CHECK(s.DisplayName("timezone") == "TimeZone");
  CHECK(s.DisplayName("WORK_MEM") == "work_mem");
}

TEST_CASE("work_mem accepts units and shows PostgreSQL's normalised form") {
  Settings s;
  REQUIRE(s.Set("work_mem", {"65536"}).ok());
  CHECK(ShowOf(s, "work_mem") == "64MB");
  CHECK(s.work_mem_bytes() == 64u << 20);
  REQUIRE(s.Set("work_mem", {"1GB"}).ok());
  CHECK(ShowOf(s, "work_mem") == "1GB");
  REQUIRE(s.Set("work_mem", {"1000kB"}).ok());
  CHECK(ShowOf(s, "work_mem") == "1000kB");
  CHECK(s.Set("work_mem", {"lots"}).code() == ErrorCode::kInvalidParameterValue);
  CHECK(s.Set("work_mem", {"1"}).code() == ErrorCode::kInvalidParameterValue);
}

TEST_CASE("statement_timeout is shown with the largest exact unit") {
  Settings s;
  REQUIRE(s.Set("statement_timeout", {"5000"}).ok());
  CHECK(ShowOf(s, "statement_timeout") == "5s");
  REQUIRE(s.Set("statement_timeout", {"2min"}).ok());
  CHECK(ShowOf(s, "statement_timeout") == "2min");
  CHECK(s.statement_timeout_ms() == 120000);
}

TEST_CASE("unknown plain names are rejected, dotted names are custom parameters") {
  Settings s;
  Status bad = s.Set("foo", {"1"});
  CHECK(bad.code() == ErrorCode::kUndefinedObject);
  CHECK(bad.message() == "unrecognized configuration parameter \"foo\"");
  REQUIRE(s.Set("timescaledb.max_background_workers", {"8"}).ok());
  CHECK(ShowOf(s, "timescaledb.max_background_workers") == "8");
  CHECK(s.Show("myext.unset").status().code() == ErrorCode::kUndefinedObject);
}

TEST_CASE("time zone changes and resets to the startup value") {
  Settings s;
  REQUIRE(s.SetStartupValue("TimeZone", "Europe/Berlin").ok());
  REQUIRE(s.Set("timezone", {"America/New_York"}).ok());
  CHECK(s.time_zone().name() == "America/New_York");
  REQUIRE(s.Reset("timezone").ok());
  CHECK(ShowOf(s, "TimeZone") == "Europe/Berlin");
  CHECK(s.Set("timezone", {"Mars/Olympus"}).code() == ErrorCode::kInvalidParameterValue);
}

TEST_CASE("read-only parameters cannot be set") {
  Settings s;
  CHECK(s.Set("server_version", {"16"}).code() == ErrorCode::kObjectNotInPrerequisiteState);
}

TEST_CASE("booleans are normalised to on/off and reported parameters are listed") {
  Settings s;
  REQUIRE(s.Set("jit", {"false"}).ok());
  CHECK(ShowOf(s, "jit") == "off");
  REQUIRE(s.Set("application_name", {"grafana"}).ok());
  bool found = false;
  for (const auto& [name, value] : s.Reported()) {
    if (name == "application_name") found = value == "grafana";
  }
  CHECK(found);
}

}  // namespace
}  // namespace sundial::sql
