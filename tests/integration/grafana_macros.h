#pragma once

// What Grafana does to a PostgreSQL panel's SQL before the database sees it,
// written from reading Grafana's sources (the dashboard's template service,
// `sqleng.Interpolate` and the PostgreSQL data source's macro engine, both
// with TimescaleDB mode on and off). Three steps, in Grafana's order:
//   1. the browser replaces template variables ($var, ${var}, ${var:format},
//      [[var]], [[var:format]]; formats sqlstring, csv, raw, pipe, regex,
//      singlequote, doublequote, glob) and the built-ins $__interval,
//      $__interval_ms, $__from, $__to;
//   2. the backend replaces $__interval_ms, $__interval, $__unixEpochFrom()
//      and $__unixEpochTo() wherever they remain;
//   3. the PostgreSQL macro engine rewrites every `$name(args)`:
//      $__time, $__timeEpoch, $__timeFilter, $__timeFrom, $__timeTo,
//      $__timeGroup, $__timeGroupAlias, $__unixEpochFilter,
//      $__unixEpochNanoFilter, $__unixEpochNanoFrom, $__unixEpochNanoTo,
//      $__unixEpochGroup, $__unixEpochGroupAlias; any other name is an error.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sundial::testing {

// A dashboard time range, in milliseconds since the Unix epoch (the browser
// sends milliseconds).
struct GrafanaTimeRange {
  int64_t from_ms = 0;
  int64_t to_ms = 0;
};

// A template variable and what the user picked. `multi_valued` is true for a
// multi-select or include-All variable: Grafana then hands the formatter an
// array even when one value is picked.
struct GrafanaVariable {
  std::string name;
  std::vector<std::string> values;
  bool multi_valued = false;
};

// How Grafana fills missing intervals after the query ran ($__timeGroup's
// optional third argument). The SQL itself is unchanged by it.
struct GrafanaFill {
  enum class Mode { kNull, kPrevious, kValue };
  Mode mode = Mode::kNull;
  double value = 0;
  std::chrono::nanoseconds interval{0};
};

struct GrafanaQueryContext {
  GrafanaTimeRange range;
  std::chrono::milliseconds interval{0};  // what Grafana computed for the panel
  std::vector<GrafanaVariable> variables;
  bool timescaledb = true;
  // The wall clock for intervals given in days, weeks, months or years
  // (Grafana counts them on the calendar from now, in UTC).
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
};

struct GrafanaExpansion {
  std::string sql;
  std::optional<GrafanaFill> fill;
  // The bucket width of the last $__timeGroup / $__unixEpochGroup.
  std::optional<std::chrono::nanoseconds> group_interval;
  std::string error;  // Grafana's refusal (unknown macro, bad interval); sql is then empty
};

// Step 1 alone: the browser's template variable replacement.
std::string InterpolateGrafanaVariables(const std::string& sql, const GrafanaQueryContext& context);
// Steps 2 and 3: what Grafana's backend does with the SQL it receives.
GrafanaExpansion ExpandGrafanaBackendMacros(const std::string& sql,
                                            const GrafanaQueryContext& context);
// All three steps: the SQL Grafana sends for a panel's rawSql.
GrafanaExpansion ExpandGrafanaPostgresQuery(const std::string& raw_sql,
                                            const GrafanaQueryContext& context);

// Go's time.Format(time.RFC3339Nano) of a UTC instant: fraction digits
// without trailing zeros, none when whole, and a `Z`.
std::string FormatRfc3339Nano(int64_t ms_since_epoch);
// Grafana's interval text (gtime.FormatInterval): the largest unit that fits,
// truncated ("90s" becomes "1m").
std::string FormatGrafanaInterval(std::chrono::milliseconds interval);
// Grafana's interval parser (gtime.ParseInterval): Go durations ("1m30s",
// "0.5h", "250ms") or a count of d, w, M, y counted on the calendar from now.
std::optional<std::chrono::nanoseconds> ParseGrafanaInterval(
    const std::string& text, std::chrono::system_clock::time_point now);
// Go's fmt "%v" of a float64: the shortest digits that read back the same,
// in exponent form ("1e+06") when the decimal exponent is below -4 or at least 6.
std::string FormatGoFloat(double value);

}  // namespace sundial::testing
