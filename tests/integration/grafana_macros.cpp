#include "grafana_macros.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <regex>
#include <string_view>

namespace sundial::testing {
namespace {

using std::chrono::days;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Go's strings.Trim(s, cutset) for a cutset of one character.
std::string TrimChar(std::string_view text, char cut) {
  while (!text.empty() && text.front() == cut)
    text.remove_prefix(1);
  while (!text.empty() && text.back() == cut)
    text.remove_suffix(1);
  return std::string(text);
}

// Each value quoted with `quote`, the characters in `escapes` replaced by
// their escape, joined by commas: the shape of Grafana's quoting formatters.
std::string QuoteEach(const std::vector<std::string>& values, char quote,
                      const std::vector<std::pair<char, std::string>>& escapes) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += quote;
    for (char c : values[i]) {
      bool escaped = false;
      for (const auto& [from, to] : escapes) {
        if (c == from) {
          out += to;
          escaped = true;
          break;
        }
      }
      if (!escaped) out += c;
    }
    out += quote;
  }
  return out;
}

std::string JoinValues(const std::vector<std::string>& values, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += separator;
    out += values[i];
  }
  return out;
}

// One variable's replacement text. A single-valued variable's value reaches
// the formatter as a string, a multi-valued one's as an array; Grafana's
// built-in formats and the PostgreSQL data source's default formatter
// (`interpolateVariable`) treat the two differently.
std::string FormatVariable(const GrafanaVariable& variable, const std::string& format) {
  const std::vector<std::string>& values = variable.values;
  const bool array = variable.multi_valued;
  const std::string single = values.empty() ? std::string() : values.front();
  if (format.empty()) {
    if (array) return QuoteEach(values, '\'', {{'\'', "''"}});
    return ReplaceAll(single, "'", "''");
  }
  if (format == "sqlstring") {
    return QuoteEach(array ? values : std::vector<std::string>{single}, '\'',
                     {{'\'', "''"}, {'"', "\\\""}});
  }
  if (format == "singlequote") {
    return QuoteEach(array ? values : std::vector<std::string>{single}, '\'', {{'\'', "\\'"}});
  }
  if (format == "doublequote") {
    return QuoteEach(array ? values : std::vector<std::string>{single}, '"', {{'"', "\\\""}});
  }
  if (format == "csv" || format == "raw") return array ? JoinValues(values, ",") : single;
  if (format == "pipe") return array ? JoinValues(values, "|") : single;
  if (format == "regex") {
    // Grafana's escapeStringForRegex, then one alternation for several values.
    std::vector<std::string> escaped;
    for (const std::string& value : array ? values : std::vector<std::string>{single}) {
      std::string text;
      for (char c : value) {
        if (std::string_view("-/\\^$*+?.()|[]{}").find(c) != std::string_view::npos) text += '\\';
        text += c;
      }
      escaped.push_back(std::move(text));
    }
    if (escaped.size() == 1) return escaped.front();
    return "(" + JoinValues(escaped, "|") + ")";
  }
  // Grafana falls back to its glob format for a name it does not know.
  if (array && values.size() > 1) return "{" + JoinValues(values, ",") + "}";
  return single;
}

// The built-in variables the dashboard passes as scoped variables. Numbers
// pass through the data source's formatter unchanged; $__interval is a
// string without quotes to escape.
std::optional<GrafanaVariable> BuiltinVariable(const std::string& name,
                                               const GrafanaQueryContext& context) {
  std::string value;
  if (name == "__interval") {
    value = FormatGrafanaInterval(context.interval);
  } else if (name == "__interval_ms") {
    value = std::to_string(context.interval.count());
  } else if (name == "__from") {
    value = std::to_string(context.range.from_ms);
  } else if (name == "__to") {
    value = std::to_string(context.range.to_ms);
  } else {
    return std::nullopt;
  }
  return GrafanaVariable{.name = name, .values = {value}};
}

// sqleng.Interpolate: plain text replacement of what the browser left.
std::string InterpolateGlobalMacros(const std::string& sql, const GrafanaQueryContext& context) {
  const int64_t from_seconds =
      std::chrono::floor<seconds>(milliseconds(context.range.from_ms)).count();
  const int64_t to_seconds = std::chrono::floor<seconds>(milliseconds(context.range.to_ms)).count();
  std::string out = ReplaceAll(sql, "$__interval_ms", std::to_string(context.interval.count()));
  out = ReplaceAll(out, "$__interval", FormatGrafanaInterval(context.interval));
  out = ReplaceAll(out, "$__unixEpochFrom()", std::to_string(from_seconds));
  return ReplaceAll(out, "$__unixEpochTo()", std::to_string(to_seconds));
}

// Go's time.ParseDuration: an optional sign, then one or more
// decimal-number-and-unit pairs; "0" alone is allowed.
std::optional<nanoseconds> ParseGoDuration(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text == "0") return nanoseconds(0);
  if (text.empty()) return std::nullopt;
  static const std::vector<std::pair<std::string_view, double>> kUnits = {
      {"ns", 1},   {"us", 1e3}, {"\xC2\xB5s", 1e3}, {"\xCE\xBCs", 1e3},
      {"ms", 1e6}, {"s", 1e9},  {"m", 60e9},        {"h", 3600e9}};
  long double total = 0;
  while (!text.empty()) {
    size_t digits = 0;
    while (digits < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.')) {
      ++digits;
    }
    const std::string number(text.substr(0, digits));
    if (number.empty() || number == ".") return std::nullopt;
    text.remove_prefix(digits);
    size_t unit_length = 0;
    while (unit_length < text.size() &&
           !std::isdigit(static_cast<unsigned char>(text[unit_length])) &&
           text[unit_length] != '.') {
      ++unit_length;
    }
    const std::string_view unit = text.substr(0, unit_length);
    text.remove_prefix(unit_length);
    double scale = 0;
    for (const auto& [name, factor] : kUnits) {
      if (unit == name) scale = factor;
    }
    if (scale == 0) return std::nullopt;
    total += std::stold(number) * scale;
  }
  const auto ns = static_cast<int64_t>(total);
  return nanoseconds(negative ? -ns : ns);
}

// time.Time.AddDate in UTC: the day overflows into the next month as Go
// normalizes it (January 31 plus one month is March 3 or 2).
std::chrono::system_clock::time_point AddCalendar(std::chrono::system_clock::time_point now,
                                                  int years, int months, int add_days) {
  const auto day = std::chrono::floor<days>(now);
  const auto time_of_day = now - day;
  const std::chrono::year_month_day date(day);
  const int month_index = static_cast<int>(unsigned(date.month())) - 1 + months;
  const int year =
      int(date.year()) + years + (month_index >= 0 ? month_index / 12 : (month_index - 11) / 12);
  const int month = ((month_index % 12) + 12) % 12 + 1;
  const std::chrono::sys_days first =
      std::chrono::year(year) / std::chrono::month(static_cast<unsigned>(month)) / 1;
  return first + days(static_cast<int>(unsigned(date.day())) - 1 + add_days) + time_of_day;
}

struct MacroResult {
  std::string text;
  std::string error;
};

class PostgresMacroEngine {
 public:
  PostgresMacroEngine(const GrafanaQueryContext& context, GrafanaExpansion& expansion)
      : context_(context), expansion_(expansion) {}

  MacroResult Evaluate(const std::string& name, const std::vector<std::string>& args) {
    const std::string from = "'" + FormatRfc3339Nano(context_.range.from_ms) + "'";
    const std::string to = "'" + FormatRfc3339Nano(context_.range.to_ms) + "'";
    if (name == "__time") return {args[0] + " AS \"time\""};
    if (name == "__timeEpoch") return {"extract(epoch from " + args[0] + ") as \"time\""};
    if (name == "__timeFilter") return {args[0] + " BETWEEN " + from + " AND " + to};
    if (name == "__timeFrom") return {from};
    if (name == "__timeTo") return {to};
    if (name == "__timeGroup" || name == "__unixEpochGroup") {
      if (args.size() < 2) {
        return {"", "macro " + name + " needs time column and interval and optional fill value"};
      }
      const auto interval = ParseGrafanaInterval(TrimChar(args[1], '\''), context_.now);
      if (!interval) return {"", "error parsing interval " + args[1]};
      if (args.size() == 3) {
        std::string error = SetupFill(*interval, args[2]);
        if (!error.empty()) return {"", error};
      }
      expansion_.group_interval = *interval;
      const double interval_seconds = std::chrono::duration<double>(*interval).count();
      const std::string width = FormatGoFloat(interval_seconds);
      if (name == "__unixEpochGroup") {
        return {"floor((" + args[0] + ")/" + width + ")*" + width};
      }
      if (context_.timescaledb) {
        char bucket[64];
        std::snprintf(bucket, sizeof(bucket), "%.3fs", interval_seconds);
        return {"time_bucket('" + std::string(bucket) + "'," + args[0] + ")"};
      }
      return {"floor(extract(epoch from " + args[0] + ")/" + width + ")*" + width};
    }
    if (name == "__timeGroupAlias" || name == "__unixEpochGroupAlias") {
      MacroResult group = Evaluate(name.substr(0, name.size() - 5), args);
      if (group.error.empty()) group.text += " AS \"time\"";
      return group;
    }
    if (name == "__unixEpochFilter") {
      return {args[0] + " >= " + std::to_string(FloorSeconds(context_.range.from_ms)) + " AND " +
              args[0] + " <= " + std::to_string(FloorSeconds(context_.range.to_ms))};
    }
    if (name == "__unixEpochNanoFilter") {
      return {args[0] + " >= " + Nanos(context_.range.from_ms) + " AND " + args[0] +
              " <= " + Nanos(context_.range.to_ms)};
    }
    if (name == "__unixEpochNanoFrom") return {Nanos(context_.range.from_ms)};
    if (name == "__unixEpochNanoTo") return {Nanos(context_.range.to_ms)};
    return {"", "unknown macro \"" + name + "\""};
  }

 private:
  static int64_t FloorSeconds(int64_t ms) {
    return std::chrono::floor<seconds>(milliseconds(ms)).count();
  }
  static std::string Nanos(int64_t ms) { return std::to_string(ms * 1'000'000); }

  // sqleng.SetupFillmode: "NULL" and "previous" are case-sensitive; anything
  // else must read as a float.
  std::string SetupFill(nanoseconds interval, const std::string& mode) {
    GrafanaFill fill{.interval = interval};
    if (mode == "NULL") {
      fill.mode = GrafanaFill::Mode::kNull;
    } else if (mode == "previous") {
      fill.mode = GrafanaFill::Mode::kPrevious;
    } else {
      fill.mode = GrafanaFill::Mode::kValue;
      double value = 0;
      const auto [end, error] = std::from_chars(mode.data(), mode.data() + mode.size(), value);
      if (error != std::errc() || end != mode.data() + mode.size() || mode.empty()) {
        return "error parsing fill value " + mode;
      }
      fill.value = value;
    }
    expansion_.fill = fill;
    return "";
  }

  const GrafanaQueryContext& context_;
  GrafanaExpansion& expansion_;
};

}  // namespace

std::string InterpolateGrafanaVariables(const std::string& sql,
                                        const GrafanaQueryContext& context) {
  // The dashboard's variable syntax: $name | [[name(:format)]] |
  // ${name(.fieldPath)(:format)}.
  static const std::regex kVariable(
      R"(\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^\}]+))?(?::([^\}]+))?\})");
  std::string out;
  size_t last = 0;
  for (auto it = std::sregex_iterator(sql.begin(), sql.end(), kVariable);
       it != std::sregex_iterator(); ++it) {
    const std::smatch& match = *it;
    const std::string name = match[1].matched   ? match[1].str()
                             : match[2].matched ? match[2].str()
                                                : match[4].str();
    const std::string format = match[3].matched ? match[3].str() : match[6].str();
    out += sql.substr(last, match.position(0) - last);
    last = match.position(0) + match.length(0);
    std::optional<GrafanaVariable> variable = BuiltinVariable(name, context);
    for (const GrafanaVariable& candidate : context.variables) {
      if (candidate.name == name) variable = candidate;
    }
    // An unknown name ($__timeFilter and the other macros) stays as written.
    out += variable ? FormatVariable(*variable, format) : match.str(0);
  }
  return out + sql.substr(last);
}

GrafanaExpansion ExpandGrafanaBackendMacros(const std::string& sql,
                                            const GrafanaQueryContext& context) {
  GrafanaExpansion expansion;
  const std::string interpolated = InterpolateGlobalMacros(sql, context);
  static const std::regex kMacro(R"(\$([_a-zA-Z0-9]+)\(([^\)]*)\))");
  PostgresMacroEngine engine(context, expansion);
  std::string out;
  size_t last = 0;
  for (auto it = std::sregex_iterator(interpolated.begin(), interpolated.end(), kMacro);
       it != std::sregex_iterator(); ++it) {
    const std::smatch& match = *it;
    std::string name = match[1].str();
    // Before Grafana 5.3 $__timeGroup added `AS "time"` itself; Grafana still
    // does when the first occurrence of the same call is followed by a comma.
    if (name == "__timeGroup") {
      const size_t first = interpolated.find(match.str(0));
      const size_t after = first + match.length(0);
      if (first != std::string::npos && after < interpolated.size() && interpolated[after] == ',') {
        name = "__timeGroupAlias";
      }
    }
    std::vector<std::string> args;
    const std::string list = match[2].str();
    for (size_t start = 0;;) {
      const size_t comma = list.find(',', start);
      args.push_back(TrimChar(list.substr(start, comma - start), ' '));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    const MacroResult result = engine.Evaluate(name, args);
    if (!result.error.empty()) {
      return GrafanaExpansion{.error = result.error};
    }
    out += interpolated.substr(last, match.position(0) - last) + result.text;
    last = match.position(0) + match.length(0);
  }
  expansion.sql = out + interpolated.substr(last);
  return expansion;
}

GrafanaExpansion ExpandGrafanaPostgresQuery(const std::string& raw_sql,
                                            const GrafanaQueryContext& context) {
  return ExpandGrafanaBackendMacros(InterpolateGrafanaVariables(raw_sql, context), context);
}

std::string FormatRfc3339Nano(int64_t ms_since_epoch) {
  const std::chrono::sys_time<milliseconds> instant{milliseconds(ms_since_epoch)};
  const auto day = std::chrono::floor<days>(instant);
  const std::chrono::year_month_day date(day);
  const std::chrono::hh_mm_ss time(instant - day);
  char text[64];
  std::snprintf(text, sizeof(text), "%04d-%02u-%02uT%02d:%02d:%02d", int(date.year()),
                unsigned(date.month()), unsigned(date.day()), int(time.hours().count()),
                int(time.minutes().count()), int(time.seconds().count()));
  std::string out = text;
  int fraction = static_cast<int>(time.subseconds().count());
  if (fraction != 0) {
    std::snprintf(text, sizeof(text), ".%03d", fraction);
    std::string digits = text;
    while (digits.back() == '0')
      digits.pop_back();
    out += digits;
  }
  return out + "Z";
}

std::string FormatGrafanaInterval(milliseconds interval) {
  const std::vector<std::pair<milliseconds, const char*>> units = {{days(365), "y"},
                                                                   {days(1), "d"},
                                                                   {std::chrono::hours(1), "h"},
                                                                   {std::chrono::minutes(1), "m"},
                                                                   {seconds(1), "s"},
                                                                   {milliseconds(1), "ms"}};
  for (const auto& [unit, suffix] : units) {
    if (interval >= unit) return std::to_string(interval / unit) + suffix;
  }
  return "1ms";
}

std::optional<nanoseconds> ParseGrafanaInterval(const std::string& text,
                                                std::chrono::system_clock::time_point now) {
  static const std::regex kDateUnit(R"(^(\d+)([dwMy])$)");
  std::smatch match;
  if (!std::regex_match(text, match, kDateUnit)) return ParseGoDuration(text);
  const int count = std::stoi(match[1].str());
  const char unit = match[2].str()[0];
  const auto later = unit == 'd'   ? AddCalendar(now, 0, 0, count)
                     : unit == 'w' ? AddCalendar(now, 0, 0, count * 7)
                     : unit == 'M' ? AddCalendar(now, 0, count, 0)
                                   : AddCalendar(now, count, 0, 0);
  return std::chrono::duration_cast<nanoseconds>(later - now);
}

std::string FormatGoFloat(double value) {
  if (value == 0) return "0";
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), std::fabs(value),
                                          std::chars_format::scientific);
  const std::string scientific(buffer, end);
  const size_t e = scientific.find('e');
  std::string digits = scientific.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int exponent = std::stoi(scientific.substr(e + 1));
  std::string out = value < 0 ? "-" : "";
  if (exponent < -4 || exponent >= 6) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char tail[16];
    std::snprintf(tail, sizeof(tail), "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return out + tail;
  }
  const int point = exponent + 1;  // digits before the decimal point
  if (point <= 0) return out + "0." + std::string(-point, '0') + digits;
  if (point >= static_cast<int>(digits.size())) {
    return out + digits + std::string(point - digits.size(), '0');
  }
  return out + digits.substr(0, point) + "." + digits.substr(point);
}

}  // namespace sundial::testing
