#include "grafana_macros.h"

#include <catch2/catch.hpp>

// The expansion of Grafana's PostgreSQL macros and template variables, as
// Grafana's own macro tests describe it, so the dashboard test runs the SQL
// Grafana would send.

namespace sundial::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

// 2018-04-12 18:00:00 UTC to 18:05:00.250 UTC.
GrafanaQueryContext Context(bool timescaledb = true) {
  return GrafanaQueryContext{
      .range = {.from_ms = 1523556000000, .to_ms = 1523556300250},
      .interval = milliseconds(60'000),
      .variables = {{.name = "host", .values = {"a", "o'b"}, .multi_valued = true},
                    {.name = "one", .values = {"it's"}, .multi_valued = false}},
      .timescaledb = timescaledb,
      .now = std::chrono::sys_days(std::chrono::year(2024) / 1 / 31) + std::chrono::hours(12)};
}

std::string Expand(const std::string& sql, bool timescaledb = true) {
  GrafanaExpansion expansion = ExpandGrafanaPostgresQuery(sql, Context(timescaledb));
  INFO(expansion.error);
  REQUIRE(expansion.error.empty());
  return expansion.sql;
}

TEST_CASE("Grafana time macros expand to RFC 3339 literals in UTC", "[grafana]") {
  CHECK(Expand("WHERE $__timeFilter(time)") ==
        "WHERE time BETWEEN '2018-04-12T18:00:00Z' AND '2018-04-12T18:05:00.25Z'");
  CHECK(Expand("SELECT $__timeFrom(), $__timeTo()") ==
        "SELECT '2018-04-12T18:00:00Z', '2018-04-12T18:05:00.25Z'");
  CHECK(Expand("SELECT $__time(ts), v") == "SELECT ts AS \"time\", v");
  CHECK(Expand("SELECT $__timeEpoch(ts)") == "SELECT extract(epoch from ts) as \"time\"");
  CHECK(FormatRfc3339Nano(-1) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("Grafana $__timeGroup uses time_bucket in TimescaleDB mode, floor() otherwise",
          "[grafana]") {
  CHECK(Expand("GROUP BY $__timeGroup(time, '5m')") == "GROUP BY time_bucket('300.000s',time)");
  CHECK(Expand("SELECT $__timeGroupAlias(time, $__interval)") ==
        "SELECT time_bucket('60.000s',time) AS \"time\"");
  CHECK(Expand("SELECT $__timeGroupAlias(time, 500ms)") ==
        "SELECT time_bucket('0.500s',time) AS \"time\"");
  CHECK(Expand("GROUP BY $__timeGroup(time, '5m')", false) ==
        "GROUP BY floor(extract(epoch from time)/300)*300");
  CHECK(Expand("GROUP BY $__timeGroup(time, 1w)", false) ==
        "GROUP BY floor(extract(epoch from time)/604800)*604800");
  CHECK(Expand("GROUP BY $__timeGroup(time, 30d)", false) ==
        "GROUP BY floor(extract(epoch from time)/2.592e+06)*2.592e+06");
}

TEST_CASE("Grafana's $__timeGroup followed by a comma still aliases the column", "[grafana]") {
  CHECK(Expand("SELECT $__timeGroup(time, '1h'), avg(v)") ==
        "SELECT time_bucket('3600.000s',time) AS \"time\", avg(v)");
  // Inside a window's ORDER BY it is followed by ')' and stays bare.
  CHECK(Expand("lag(v) OVER (ORDER BY $__timeGroup(time, '1h'))") ==
        "lag(v) OVER (ORDER BY time_bucket('3600.000s',time))");
}

TEST_CASE("Grafana fill modes leave the SQL unchanged and are recorded", "[grafana]") {
  const GrafanaQueryContext context = Context();
  GrafanaExpansion null_fill =
      ExpandGrafanaPostgresQuery("$__timeGroupAlias(t, 1m, NULL)", context);
  REQUIRE(null_fill.fill);
  CHECK(null_fill.sql == "time_bucket('60.000s',t) AS \"time\"");
  CHECK(null_fill.fill->mode == GrafanaFill::Mode::kNull);
  CHECK(null_fill.fill->interval == std::chrono::minutes(1));
  GrafanaExpansion previous = ExpandGrafanaPostgresQuery("$__timeGroup(t, 1m, previous)", context);
  REQUIRE(previous.fill);
  CHECK(previous.fill->mode == GrafanaFill::Mode::kPrevious);
  GrafanaExpansion value = ExpandGrafanaPostgresQuery("$__timeGroup(t, 1m, 1.5)", context);
  REQUIRE(value.fill);
  CHECK(value.fill->mode == GrafanaFill::Mode::kValue);
  CHECK(value.fill->value == 1.5);
  CHECK(ExpandGrafanaPostgresQuery("$__timeGroup(t, 1m, null)", context).error ==
        "error parsing fill value null");
}

TEST_CASE("Grafana epoch macros use whole seconds and nanoseconds", "[grafana]") {
  CHECK(Expand("WHERE $__unixEpochFilter(ts)") == "WHERE ts >= 1523556000 AND ts <= 1523556300");
  CHECK(Expand("WHERE $__unixEpochNanoFilter(ts)") ==
        "WHERE ts >= 1523556000000000000 AND ts <= 1523556300250000000");
  CHECK(Expand("SELECT $__unixEpochFrom(), $__unixEpochTo()") == "SELECT 1523556000, 1523556300");
  CHECK(Expand("SELECT $__unixEpochNanoFrom(), $__unixEpochNanoTo()") ==
        "SELECT 1523556000000000000, 1523556300250000000");
  CHECK(Expand("SELECT $__unixEpochGroupAlias(ts, '5m')") ==
        "SELECT floor((ts)/300)*300 AS \"time\"");
}

TEST_CASE("Grafana interval variables use Grafana's interval text", "[grafana]") {
  CHECK(Expand("SELECT $__interval_ms, '$__interval', ${__interval}") == "SELECT 60000, '1m', 1m");
  CHECK(FormatGrafanaInterval(milliseconds(90'000)) == "1m");
  CHECK(FormatGrafanaInterval(milliseconds(250)) == "250ms");
  CHECK(FormatGrafanaInterval(std::chrono::hours(24 * 400)) == "1y");
}

TEST_CASE("Grafana intervals in days, weeks, months and years count on the calendar", "[grafana]") {
  const auto now = Context().now;  // 2024-01-31 12:00 UTC
  CHECK(ParseGrafanaInterval("1d", now) == std::chrono::hours(24));
  CHECK(ParseGrafanaInterval("2w", now) == std::chrono::hours(24 * 14));
  // January 31 plus one month is March 2 in a leap year: 31 days.
  CHECK(ParseGrafanaInterval("1M", now) == std::chrono::hours(24 * 31));
  CHECK(ParseGrafanaInterval("1y", now) == std::chrono::hours(24 * 366));
  CHECK(ParseGrafanaInterval("1h30m", now) == std::chrono::minutes(90));
  CHECK(ParseGrafanaInterval("1.5s", now) == milliseconds(1500));
  CHECK_FALSE(ParseGrafanaInterval("5 minutes", now));
  CHECK(ExpandGrafanaPostgresQuery("$__timeGroup(t, 'soon')", Context()).error ==
        "error parsing interval 'soon'");
}

TEST_CASE("Grafana refuses unknown macros", "[grafana]") {
  CHECK(ExpandGrafanaPostgresQuery("SELECT $__timeGrop(t, 1m)", Context()).error ==
        "unknown macro \"__timeGrop\"");
  CHECK(ExpandGrafanaPostgresQuery("SELECT $__timeGroup(t)", Context()).error ==
        "macro __timeGroup needs time column and interval and optional fill value");
}

TEST_CASE("Grafana formats template variables for PostgreSQL", "[grafana]") {
  // Multi-valued: each value a quoted literal; single: quotes doubled, no outer quotes.
  CHECK(Expand("host IN ($host)") == "host IN ('a','o''b')");
  CHECK(Expand("name = '$one'") == "name = 'it''s'");
  CHECK(Expand("host IN (${host:sqlstring})") == "host IN ('a','o''b')");
  CHECK(Expand("name = ${one:sqlstring}") == "name = 'it''s'");
  CHECK(Expand("'${host:csv}'") == "'a,o'b'");
  CHECK(Expand("[[host:raw]] [[one]]") == "a,o'b it''s");
  CHECK(Expand("${host:doublequote}") == "\"a\",\"o'b\"");
  CHECK(Expand("${host:pipe}") == "a|o'b");
  CHECK(Expand("'^${host:regex}$'") == "'^(a|o'b)$'");
  CHECK(Expand("${one:regex}") == "it's");
  GrafanaQueryContext special = Context();
  special.variables = {{.name = "v", .values = {"a.b(c)*", "x/y-z"}, .multi_valued = true}};
  CHECK(InterpolateGrafanaVariables("${v:regex}", special) == "(a\\.b\\(c\\)\\*|x\\/y\\-z)");
  // Names that are not variables stay for the backend.
  CHECK(InterpolateGrafanaVariables("$unknown $__timeFilter(t)", Context()) ==
        "$unknown $__timeFilter(t)");
}

TEST_CASE("Go float formatting switches to exponent form at 1e+06", "[grafana]") {
  CHECK(FormatGoFloat(60) == "60");
  CHECK(FormatGoFloat(0.5) == "0.5");
  CHECK(FormatGoFloat(86400) == "86400");
  CHECK(FormatGoFloat(999999) == "999999");
  CHECK(FormatGoFloat(1e6) == "1e+06");
  CHECK(FormatGoFloat(31536000) == "3.1536e+07");
  CHECK(FormatGoFloat(0.0001) == "0.0001");
  CHECK(FormatGoFloat(0.00001) == "1e-05");
}

}  // namespace
}  // namespace sundial::testing
