#pragma once

// docker/ read as Docker Compose and Grafana read it: YAML (through Debian's
// python3-yaml) and the dashboard JSON, with the few accessors the Grafana
// packaging tests need.

#include <boost/json.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace sundial::testing {

// A path inside the source tree, e.g. "docker/docker-compose.yml".
std::string SourcePath(const std::string& relative);

// The file as JSON; fails the test when it is missing or not JSON.
boost::json::value ReadJson(const std::string& relative);
// The YAML file as the equivalent JSON; fails the test when it does not parse.
boost::json::value ReadYaml(const std::string& relative);

// The value at a path of object keys, or nullptr.
const boost::json::value* At(const boost::json::value& root,
                             std::initializer_list<std::string_view> path);
// The string at `node`, or "" when there is none.
std::string Text(const boost::json::value* node);
// The strings of an array, or none.
std::vector<std::string> Strings(const boost::json::value* node);

struct PanelQuery {
  std::string panel;
  std::string format;  // "time_series" or "table"
  std::string raw_sql;
};

struct QueryVariable {
  std::string name;
  std::string sql;
  bool multi_valued = false;  // multi-select or include-All
};

// Every target's SQL, rows' nested panels included.
std::vector<PanelQuery> PanelQueries(const boost::json::value& dashboard);
// The dashboard's query variables, in their order.
std::vector<QueryVariable> QueryVariables(const boost::json::value& dashboard);

}  // namespace sundial::testing
