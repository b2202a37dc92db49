#include "sql/settings.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>

namespace sundial::sql {
namespace {

enum class Kind : uint8_t {
  kString,
  kBool,
  kInteger,
  kMemoryKb,  // integer kB, printed with the largest exact unit
  kTimeMs,    // integer ms, printed with the largest exact unit
  kTimeZone,
  kDateStyle,
  kIntervalStyle,
  kEncoding,
  kEnum,
};

struct Definition {
  std::string_view name;  // canonical spelling, as SHOW names its column
  Kind kind;
  std::string_view default_value;
  std::string_view description;
  bool reported = false;
  bool read_only = false;
  std::vector<std::string_view> choices = {};  // kEnum
  int64_t min = 0;                             // kInteger, kMemoryKb, kTimeMs
  int64_t max = INT32_MAX;
};

const std::vector<Definition>& Definitions() {
  static const std::vector<Definition> kDefinitions = {
      {.name = "application_name",
       .kind = Kind::kString,
       .default_value = "",
       .description = "Sets the application name to be reported in statistics and logs.",
       .reported = true},
      {.name = "client_encoding",
       .kind = Kind::kEncoding,
       .default_value = "UTF8",
       .description = "Sets the client's character set encoding.",
       .reported = true},
      {.name = "client_min_messages",
       .kind = Kind::kEnum,
       .default_value = "notice",
       .description = "Sets the message levels that are sent to the client.",
       .choices = {"debug5", "debug4", "debug3", "debug2", "debug1", "debug", "log", "notice",
                   "warning", "error"}},
      {.name = "DateStyle",
       .kind = Kind::kDateStyle,
       .default_value = "ISO, MDY",
       .description = "Sets the display format for date and time values.",
       .reported = true},
      {.name = "default_transaction_isolation",
       .kind = Kind::kEnum,
       .default_value = "read committed",
       .description = "Sets the transaction isolation level of each new transaction.",
       .choices = {"serializable", "repeatable read", "read committed", "read uncommitted"}},
      {.name = "default_transaction_read_only",
       .kind = Kind::kBool,
       .default_value = "off",
       .description = "Sets the default read-only status of new transactions.",
       .reported = true},
      {.name = "extra_float_digits",
       .kind = Kind::kInteger,
       .default_value = "1",
       .description = "Sets the number of digits displayed for floating-point values.",
       .min = -15,
       .max = 3},
      {.name = "idle_in_transaction_session_timeout",
       .kind = Kind::kTimeMs,
       .default_value = "0",
       .description = "Sets the maximum allowed idle time between queries, when in a "
                      "transaction."},
      {.name = "in_hot_standby",
       .kind = Kind::kBool,
       .default_value = "off",
       .description = "Shows whether hot standby is currently active.",
       .reported = true,
       .read_only = true},
      {.name = "integer_datetimes",
       .kind = Kind::kBool,
       .default_value = "on",
       .description = "Shows whether datetimes are integer based.",
       .reported = true,
       .read_only = true},
      {.name = "IntervalStyle",
       .kind = Kind::kIntervalStyle,
       .default_value = "postgres",
       .description = "Sets the display format for interval values.",
       .reported = true},
      {.name = "is_superuser",
       .kind = Kind::kBool,
       .default_value = "on",
       .description = "Shows whether the current user is a superuser.",
       .reported = true,
       .read_only = true},
      {.name = "jit",
       .kind = Kind::kBool,
       .default_value = "on",
       .description = "Allow JIT compilation."},
      {.name = "lock_timeout",
       .kind = Kind::kTimeMs,
       .default_value = "0",
       .description = "Sets the maximum allowed duration of any wait for a lock."},
      {.name = "max_identifier_length",
       .kind = Kind::kInteger,
       .default_value = "63",
       .description = "Shows the maximum identifier length.",
       .read_only = true},
      {.name = "max_parallel_workers_per_gather",
       .kind = Kind::kInteger,
       .default_value = "2",
       .description = "Sets the maximum number of parallel processes per executor node.",
       .max = 1024},
      {.name = "search_path",
       .kind = Kind::kString,
       .default_value = "\"$user\", public",
       .description = "Sets the schema search order for names that are not schema-qualified."},
      {.name = "server_encoding",
       .kind = Kind::kEncoding,
       .default_value = "UTF8",
       .description = "Shows the server (database) character set encoding.",
       .reported = true,
       .read_only = true},
      {.name = "server_version",
       .kind = Kind::kString,
       .default_value = "15.0 (Sundial)",
       .description = "Shows the server version.",
       .reported = true,
       .read_only = true},
      {.name = "server_version_num",
       .kind = Kind::kString,
       .default_value = "150000",
       .description = "Shows the server version as an integer.",
       .read_only = true},
      {.name = "session_authorization",
       .kind = Kind::kString,
       .default_value = "postgres",
       .description = "Sets the session user name.",
       .reported = true},
      {.name = "standard_conforming_strings",
       .kind = Kind::kBool,
       .default_value = "on",
       .description = "Causes '...' strings to treat backslashes literally.",
       .reported = true},
      {.name = "statement_timeout",
       .kind = Kind::kTimeMs,
       .default_value = "0",
       .description = "Sets the maximum allowed duration of any statement."},
      {.name = "synchronous_commit",
       .kind = Kind::kEnum,
       .default_value = "on",
       .description = "Sets the current transaction's synchronization level.",
       .choices = {"local", "remote_write", "remote_apply", "on", "off"}},
      {.name = "TimeZone",
       .kind = Kind::kTimeZone,
       .default_value = "UTC",
       .description = "Sets the time zone for displaying and interpreting time stamps.",
       .reported = true},
      {.name = "transaction_isolation",
       .kind = Kind::kEnum,
       .default_value = "read committed",
       .description = "Sets the current transaction's isolation level.",
       .choices = {"serializable", "repeatable read", "read committed", "read uncommitted"}},
      {.name = "transaction_read_only",
       .kind = Kind::kBool,
       .default_value = "off",
       .description = "Sets the current transaction's read-only status."},
      {.name = "work_mem",
       .kind = Kind::kMemoryKb,
       .default_value = "4MB",
       .description = "Sets the maximum memory to be used for query workspaces.",
       .min = 64},
  };
  return kDefinitions;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
    ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
    --e;
  return std::string(s.substr(b, e - b));
}

const Definition* Find(std::string_view key) {
  for (const Definition& d : Definitions()) {
    if (Lower(d.name) == key) return &d;
  }
  return nullptr;
}

Status InvalidValue(std::string_view name, std::string_view value) {
  return Status::Error(
      ErrorCode::kInvalidParameterValue,
      "invalid value for parameter \"" + std::string(name) + "\": \"" + std::string(value) + "\"");
}

struct Unit {
  std::string_view suffix;
  int64_t factor;
};

// Parses "<integer>[ ]<unit>" with the unit table of a memory or time
// setting; a bare number is in the smallest (base) unit.
bool ParseWithUnit(std::string_view text, const std::vector<Unit>& units, int64_t& out) {
  std::string t = Trim(text);
  int64_t number = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), number);
  if (ec != std::errc()) return false;
  std::string rest = Trim(std::string_view(ptr, t.data() + t.size() - ptr));
  if (rest.empty()) {
    out = number;
    return true;
  }
  for (const Unit& u : units) {
    if (rest == u.suffix) {
      out = number * u.factor;
      return true;
    }
  }
  return false;
}

std::string FormatWithUnit(int64_t value, const std::vector<Unit>& units) {
  if (value == 0) return "0";
  // Units are listed largest first; the base unit always divides.
  for (const Unit& u : units) {
    if (value % u.factor == 0) return std::to_string(value / u.factor) + std::string(u.suffix);
  }
  return std::to_string(value);
}

const std::vector<Unit>& MemoryUnits() {
  static const std::vector<Unit> kUnits = {
      {"TB", int64_t{1} << 30}, {"GB", 1 << 20}, {"MB", 1 << 10}, {"kB", 1}};
  return kUnits;
}
const std::vector<Unit>& TimeUnits() {
  static const std::vector<Unit> kUnits = {
      {"d", 86'400'000}, {"h", 3'600'000}, {"min", 60'000}, {"s", 1000}, {"ms", 1}};
  return kUnits;
}

std::optional<bool> ParseBool(std::string_view text) {
  std::string t = Lower(Trim(text));
  if (t == "on" || t == "true" || t == "yes" || t == "1" || t == "t" || t == "y") return true;
  if (t == "off" || t == "false" || t == "no" || t == "0" || t == "f" || t == "n") return false;
  return std::nullopt;
}

}  // namespace

Settings::Settings() {
  for (const Definition& d : Definitions()) {
    std::string value(d.default_value);
    values_[Lower(d.name)] = Entry{.value = value, .reset_value = value};
  }
}

Result<std::string> Settings::Normalise(const std::string& key, std::string_view raw) const {
  const Definition* def = Find(key);
  if (def == nullptr) return std::string(raw);  // a custom dotted parameter keeps its text
  switch (def->kind) {
    case Kind::kString:
      return std::string(raw);
    case Kind::kBool: {
      std::optional<bool> b = ParseBool(raw);
      if (!b) {
        return Status::Error(ErrorCode::kInvalidParameterValue,
                             "parameter \"" + key + "\" requires a Boolean value");
      }
      if (key == "standard_conforming_strings" && !*b) {
        return Status::Error(ErrorCode::kFeatureNotSupported,
                             "standard_conforming_strings = off is not supported");
      }
      return std::string(*b ? "on" : "off");
    }
    case Kind::kInteger: {
      std::string t = Trim(raw);
      int64_t v = 0;
      auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (ec != std::errc() || ptr != t.data() + t.size()) {
        return Status::Error(ErrorCode::kInvalidParameterValue,
                             "invalid value for parameter \"" + key + "\": \"" + t + "\"");
      }
      if (v < def->min || v > def->max) {
        return Status::Error(ErrorCode::kInvalidParameterValue,
                             std::to_string(v) + " is outside the valid range for parameter \"" +
                                 key + "\" (" + std::to_string(def->min) + " .. " +
                                 std::to_string(def->max) + ")");
      }
      return std::to_string(v);
    }
    case Kind::kMemoryKb:
    case Kind::kTimeMs: {
      const auto& units = def->kind == Kind::kMemoryKb ? MemoryUnits() : TimeUnits();
      int64_t v = 0;
      if (!ParseWithUnit(raw, units, v)) return InvalidValue(key, raw);
      if (v < def->min || v > def->max) {
        std::string unit = def->kind == Kind::kMemoryKb ? " kB" : " ms";
        return Status::Error(
            ErrorCode::kInvalidParameterValue,
            std::to_string(v) + unit + " is outside the valid range for parameter \"" + key +
                "\" (" + std::to_string(def->min) + " .. " + std::to_string(def->max) + ")");
      }
      return FormatWithUnit(v, units);
    }
    case Kind::kTimeZone: {
      ASSIGN_OR_RETURN(TimeZone zone, TimeZone::Lookup(Trim(raw)));
      return zone.name();
    }
    case Kind::kDateStyle: {
      std::string t = Lower(raw);
      // Only ISO output exists; the order part only matters for input.
      if (!t.starts_with("iso")) {
        return Status::Error(ErrorCode::kFeatureNotSupported,
                             "DateStyle \"" + std::string(raw) + "\" is not supported");
      }
      if (t.find("dmy") != std::string::npos) return std::string("ISO, DMY");
      if (t.find("ymd") != std::string::npos) return std::string("ISO, YMD");
      return std::string("ISO, MDY");
    }
    case Kind::kIntervalStyle: {
      if (Lower(Trim(raw)) != "postgres") {
        return Status::Error(ErrorCode::kFeatureNotSupported,
                             "IntervalStyle \"" + std::string(raw) + "\" is not supported");
      }
      return std::string("postgres");
    }
    case Kind::kEncoding: {
      std::string t = Lower(Trim(raw));
      if (t == "utf8" || t == "utf-8" || t == "unicode") return std::string("UTF8");
      if (t == "sql_ascii") return std::string("SQL_ASCII");
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "client encoding \"" + std::string(raw) + "\" is not supported");
    }
    case Kind::kEnum: {
      std::string t = Lower(Trim(raw));
      for (std::string_view c : def->choices) {
        if (c == t) return t;
      }
      return InvalidValue(key, raw);
    }
  }
  return std::string(raw);
}

Status Settings::Store(const std::string& key, std::string value, bool also_reset) {
  if (key == "timezone") {
    ASSIGN_OR_RETURN(time_zone_, TimeZone::Lookup(value));
  }
  Entry& entry = values_[key];
  entry.value = value;
  if (also_reset) entry.reset_value = std::move(value);
  return Status::Ok();
}

Status Settings::Set(std::string_view name, const std::vector<std::string>& values) {
  std::string key = Lower(name);
  const Definition* def = Find(key);
  if (def == nullptr && key.find('.') == std::string::npos) {
    return Status::Error(ErrorCode::kUndefinedObject,
                         "unrecognized configuration parameter \"" + key + "\"");
  }
  if (def != nullptr && def->read_only) {
    return Status::Error(ErrorCode::kObjectNotInPrerequisiteState,
                         "parameter \"" + key + "\" cannot be changed");
  }
  std::string joined;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) joined += ", ";
    joined += values[i];
  }
  if (def != nullptr && def->kind != Kind::kString && values.size() > 1) {
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         "SET " + key + " takes only one argument");
  }
  ASSIGN_OR_RETURN(std::string normalised, Normalise(key, joined));
  return Store(key, std::move(normalised), /*also_reset=*/false);
}

Status Settings::SetStartupValue(std::string_view name, std::string_view value) {
  std::string key = Lower(name);
  const Definition* def = Find(key);
  if (def == nullptr && key.find('.') == std::string::npos) {
    return Status::Error(ErrorCode::kUndefinedObject,
                         "unrecognized configuration parameter \"" + key + "\"");
  }
  if (def != nullptr && def->read_only) {
    return Status::Error(ErrorCode::kObjectNotInPrerequisiteState,
                         "parameter \"" + key + "\" cannot be changed");
  }
  ASSIGN_OR_RETURN(std::string normalised, Normalise(key, value));
  return Store(key, std::move(normalised), /*also_reset=*/true);
}

Status Settings::Reset(std::string_view name) {
  std::string key = Lower(name);
  if (key == "all") {
    for (auto& [k, entry] : values_) {
      const Definition* def = Find(k);
      if (def != nullptr && def->read_only) continue;
      RETURN_IF_ERROR(Store(k, entry.reset_value, false));
    }
    return Status::Ok();
  }
  auto it = values_.find(key);
  if (it == values_.end()) {
    if (key.find('.') != std::string::npos) return Status::Ok();
    return Status::Error(ErrorCode::kUndefinedObject,
                         "unrecognized configuration parameter \"" + key + "\"");
  }
  const Definition* def = Find(key);
  if (def != nullptr && def->read_only) {
    return Status::Error(ErrorCode::kObjectNotInPrerequisiteState,
                         "parameter \"" + key + "\" cannot be changed");
  }
  return Store(key, it->second.reset_value, false);
}

Result<std::string> Settings::Show(std::string_view name) const {
  std::string key = Lower(name);
  auto it = values_.find(key);
  if (it == values_.end()) {
    return Status::Error(ErrorCode::kUndefinedObject,
                         "unrecognized configuration parameter \"" + key + "\"");
  }
  return it->second.value;
}

std::string Settings::DisplayName(std::string_view name) const {
  std::string key = Lower(name);
  const Definition* def = Find(key);
  return def != nullptr ? std::string(def->name) : key;
}

std::vector<Settings::Row> Settings::All() const {
  std::vector<Row> rows;
  for (const auto& [key, entry] : values_) {
    const Definition* def = Find(key);
    rows.push_back(Row{.name = def != nullptr ? std::string(def->name) : key,
                       .setting = entry.value,
                       .description = def != nullptr ? std::string(def->description) : ""});
  }
  return rows;
}

std::vector<std::pair<std::string, std::string>> Settings::Reported() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Definition& d : Definitions()) {
    if (d.reported) out.emplace_back(std::string(d.name), values_.at(Lower(d.name)).value);
  }
  return out;
}

size_t Settings::work_mem_bytes() const {
  int64_t kb = 0;
  if (!ParseWithUnit(values_.at("work_mem").value, MemoryUnits(), kb)) return 4 << 20;
  return static_cast<size_t>(kb) * 1024;
}

int Settings::max_parallel_workers() const {
  const std::string& value = values_.at("max_parallel_workers_per_gather").value;
  int workers = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), workers);
  return error == std::errc() ? workers : 0;
}

int64_t Settings::statement_timeout_ms() const {
  int64_t ms = 0;
  if (!ParseWithUnit(values_.at("statement_timeout").value, TimeUnits(), ms)) return 0;
  return ms;
}

}  // namespace sundial::sql
