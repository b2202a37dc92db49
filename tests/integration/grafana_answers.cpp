#include "grafana_answers.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <regex>

#include "libpq_connection.h"

namespace sundial::testing {
namespace {

using std::chrono::milliseconds;

// The text pgx (Grafana's driver) decodes for timestamptz and timestamp:
// ISO date and time, up to microseconds, and for timestamptz a +hh[:mm[:ss]]
// offset.
bool IsPgxTimeText(const std::string& text, Oid type) {
  static const std::regex kTimestamptzText(
      R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2})");
  static const std::regex kTimestampText(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?)");
  static const std::regex kDateText(R"(\d{4}-\d{2}-\d{2})");
  if (type == kTimestamptz) return std::regex_match(text, kTimestamptzText);
  if (type == kTimestamp) return std::regex_match(text, kTimestampText);
  if (type == kDate) return std::regex_match(text, kDateText);
  return true;
}

// Milliseconds since the epoch of timestamptz text ("2016-01-01 06:00:00+00",
// fractions and "+hh:mm" offsets allowed) or of epoch seconds.
std::optional<int64_t> TimeMs(const std::string& text, Oid type) {
  if (IsNumeric(type)) return static_cast<int64_t>(std::stod(text) * 1000 + 0.5);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, consumed = 0;
  double second = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%lf%n", &year, &month, &day, &hour, &minute,
                  &second, &consumed) < 6) {
    return std::nullopt;
  }
  int64_t offset_minutes = 0;
  const std::string zone = text.substr(consumed);
  if (!zone.empty()) {
    int zone_hours = 0, zone_minutes = 0;
    std::sscanf(zone.c_str() + 1, "%d:%d", &zone_hours, &zone_minutes);
    offset_minutes = (zone[0] == '-' ? -1 : 1) * (zone_hours * 60 + zone_minutes);
  }
  const std::chrono::sys_days date = std::chrono::year(year) /
                                     std::chrono::month(static_cast<unsigned>(month)) /
                                     std::chrono::day(static_cast<unsigned>(day));
  const int64_t day_ms = std::chrono::duration_cast<milliseconds>(date.time_since_epoch()).count();
  return day_ms + ((hour * 60 + minute - offset_minutes) * 60) * 1000 +
         static_cast<int64_t>(second * 1000 + 0.5);
}

}  // namespace

bool IsNumeric(Oid type) {
  return type == kInt2 || type == kInt4 || type == kInt8 || type == kFloat4 || type == kFloat8 ||
         type == kNumeric;
}
bool IsText(Oid type) {
  return type == kText || type == kVarchar || type == kBpchar || type == kName;
}
bool IsTime(Oid type) {
  return type == kTimestamptz || type == kTimestamp || type == kDate;
}

int Answer::Column(const std::string& name) const {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> Answer::Values(int column) const {
  std::vector<std::string> out;
  for (const auto& row : rows)
    out.push_back(row[column].value_or("<null>"));
  return out;
}

Answer Exec(PGconn* connection, const std::string& sql) {
  PgResult result(PQexec(connection, sql.c_str()));
  Answer answer;
  answer.status = PQresultStatus(result.get());
  answer.error = PQresultErrorMessage(result.get());
  for (int column = 0; column < PQnfields(result.get()); ++column) {
    answer.names.emplace_back(PQfname(result.get(), column));
    answer.types.push_back(PQftype(result.get(), column));
  }
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    std::vector<std::optional<std::string>> values;
    for (int column = 0; column < PQnfields(result.get()); ++column) {
      values.push_back(PQgetisnull(result.get(), row, column)
                           ? std::nullopt
                           : std::optional<std::string>(PQgetvalue(result.get(), row, column)));
    }
    answer.rows.push_back(std::move(values));
  }
  return answer;
}

std::string Describe(const Answer& answer) {
  std::string text = answer.error;
  for (size_t i = 0; i < answer.names.size(); ++i) {
    text += (i ? ", " : "columns: ") + answer.names[i] + " (oid " +
            std::to_string(answer.types[i]) + ")";
  }
  return text + "; " + std::to_string(answer.rows.size()) + " rows";
}

void CheckTimeSeries(const Answer& answer, const GrafanaQueryContext& context,
                     const GrafanaExpansion& expansion, const std::set<std::string>& hosts,
                     const std::string& sql) {
  int time = answer.Column("time");
  if (time < 0) time = answer.Column("time_sec");
  REQUIRE(time >= 0);
  const Oid time_type = answer.types[time];
  CHECK((IsTime(time_type) || IsNumeric(time_type)));
  int numeric_values = 0;
  for (size_t i = 0; i < answer.types.size(); ++i) {
    if (static_cast<int>(i) == time) continue;
    INFO("column " << answer.names[i]);
    CHECK((IsNumeric(answer.types[i]) || IsText(answer.types[i])));
    if (answer.names[i] == "metric") CHECK(IsText(answer.types[i]));
    if (IsNumeric(answer.types[i])) ++numeric_values;
  }
  CHECK(numeric_values > 0);
  REQUIRE(!answer.rows.empty());

  const int64_t interval_ms =
      expansion.group_interval
          ? std::chrono::duration_cast<milliseconds>(*expansion.group_interval).count()
          : context.interval.count();
  const bool bucketed =
      expansion.group_interval.has_value() || sql.find("time_bucket") != std::string::npos;
  const int64_t earliest = bucketed ? context.range.from_ms - context.range.from_ms % interval_ms
                                    : context.range.from_ms;
  std::set<int64_t> times;
  int64_t previous = INT64_MIN;
  for (const auto& row : answer.rows) {
    REQUIRE(row[time].has_value());
    const std::optional<int64_t> ms = TimeMs(*row[time], time_type);
    INFO("time " << *row[time]);
    REQUIRE(ms.has_value());
    CHECK(IsPgxTimeText(*row[time], time_type));
    CHECK(*ms >= previous);
    CHECK(*ms >= earliest);
    CHECK(*ms <= context.range.to_ms);
    if (bucketed) CHECK(*ms % interval_ms == 0);
    previous = *ms;
    times.insert(*ms);
  }
  // A gap-filled query has every bucket of the range, data or not.
  if (sql.find("time_bucket_gapfill") != std::string::npos) {
    for (int64_t bucket = earliest; bucket < context.range.to_ms; bucket += interval_ms) {
      INFO("bucket at " << bucket);
      CHECK(times.count(bucket) == 1);
    }
  }
  // One series per selected host.
  const int metric = answer.Column("metric");
  if (metric >= 0) {
    const std::vector<std::string> values = answer.Values(metric);
    CHECK(std::set<std::string>(values.begin(), values.end()) == hosts);
  }
}

void CheckTable(const Answer& answer, const std::set<std::string>& hosts) {
  REQUIRE(!answer.rows.empty());
  for (size_t i = 0; i < answer.types.size(); ++i) {
    INFO("column " << answer.names[i]);
    const Oid type = answer.types[i];
    CHECK((IsNumeric(type) || IsText(type) || IsTime(type) || type == kBool));
  }
  const int hostname = answer.Column("hostname");
  if (hostname >= 0) {
    const std::vector<std::string> values = answer.Values(hostname);
    CHECK(std::set<std::string>(values.begin(), values.end()) == hosts);
    CHECK(values.size() == hosts.size());
  }
}

std::vector<std::string> CheckVariable(const Answer& answer) {
  int column = answer.Column("__value");
  if (column < 0) {
    REQUIRE(answer.names.size() == 1);
    column = 0;
  }
  CHECK(IsText(answer.types[column]));
  std::vector<std::string> values;
  for (const auto& row : answer.rows) {
    REQUIRE(row[column].has_value());
    values.push_back(*row[column]);
  }
  CHECK(std::set<std::string>(values.begin(), values.end()).size() == values.size());
  return values;
}

}  // namespace sundial::testing
