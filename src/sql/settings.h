#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/time_zone.h"
#include "exec/expression.h"

namespace sundial::sql {

// The session's run-time parameters (PostgreSQL's GUCs): names, defaults,
// validation and the normalised text SHOW prints. Names are case-insensitive;
// dotted names ("timescaledb.foo") are accepted as custom parameters the way
// PostgreSQL accepts settings of extensions it has not loaded.
class Settings final : public exec::SettingsView {
 public:
  Settings();

  // current_setting(): the value as SHOW prints it.
  Result<std::string> Get(std::string_view name) const override { return Show(name); }

  // Validates and stores a value (values of a list setting are joined with
  // ", "). kUndefinedObject for unknown names, kInvalidParameterValue for bad
  // values, kObjectNotInPrerequisiteState for read-only parameters.
  Status Set(std::string_view name, const std::vector<std::string>& values);
  // Like Set, but also makes the value the one RESET returns to (startup
  // parameters behave this way).
  Status SetStartupValue(std::string_view name, std::string_view value);
  // Back to the reset value; "all" resets everything.
  Status Reset(std::string_view name);

  // The value as SHOW prints it.
  Result<std::string> Show(std::string_view name) const;
  // The column name SHOW uses: the canonical spelling ("TimeZone").
  std::string DisplayName(std::string_view name) const;
  // (name, setting, description) of every known parameter, for SHOW ALL.
  struct Row {
    std::string name;
    std::string setting;
    std::string description;
  };
  std::vector<Row> All() const;

  // Parameters sent to the client in ParameterStatus messages.
  std::vector<std::pair<std::string, std::string>> Reported() const;

  const TimeZone& time_zone() const { return time_zone_; }
  size_t work_mem_bytes() const;
  // max_parallel_workers_per_gather: threads one Gather may use.
  int max_parallel_workers() const;
  // statement_timeout in milliseconds; 0 disables it.
  int64_t statement_timeout_ms() const;

 private:
  struct Entry {
    std::string value;
    std::string reset_value;
  };
  Result<std::string> Normalise(const std::string& key, std::string_view value) const;
  Status Store(const std::string& key, std::string value, bool also_reset);

  std::map<std::string, Entry> values_;  // keyed by lower-case name
  TimeZone time_zone_;
};

}  // namespace sundial::sql
