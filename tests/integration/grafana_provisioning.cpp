#include "grafana_provisioning.h"

// Boost.JSON's implementation, compiled into this one file (header-only use).
#include <boost/json/src.hpp>
#include <catch2/catch.hpp>

#include "support/child_process.h"

namespace sundial::testing {

namespace json = boost::json;

namespace {

void CollectPanelQueries(const json::value& panels, std::vector<PanelQuery>& out) {
  if (!panels.is_array()) return;
  for (const json::value& panel : panels.as_array()) {
    if (const json::value* nested = At(panel, {"panels"})) CollectPanelQueries(*nested, out);
    const json::value* targets = At(panel, {"targets"});
    if (targets == nullptr || !targets->is_array()) continue;
    for (const json::value& target : targets->as_array()) {
      const std::string format = Text(At(target, {"format"}));
      out.push_back({.panel = Text(At(panel, {"title"})),
                     .format = format.empty() ? "time_series" : format,
                     .raw_sql = Text(At(target, {"rawSql"}))});
    }
  }
}

}  // namespace

std::string SourcePath(const std::string& relative) {
  return std::string(SUNDIAL_SOURCE_DIR) + "/" + relative;
}

json::value ReadJson(const std::string& relative) {
  const std::string text = ReadFile(SourcePath(relative));
  INFO(relative);
  REQUIRE(!text.empty());
  return json::parse(text);
}

json::value ReadYaml(const std::string& relative) {
  const CommandResult result = RunCommand(
      {"/usr/bin/python3", "-c",
       "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)",
       SourcePath(relative)});
  INFO(relative << ": " << result.err);
  REQUIRE(result.exit_code == 0);
  return json::parse(result.out);
}

const json::value* At(const json::value& root, std::initializer_list<std::string_view> path) {
  const json::value* node = &root;
  for (std::string_view key : path) {
    const json::object* object = node->if_object();
    if (object == nullptr) return nullptr;
    node = object->if_contains(key);
    if (node == nullptr) return nullptr;
  }
  return node;
}

std::string Text(const json::value* node) {
  return node != nullptr && node->is_string() ? std::string(node->as_string()) : std::string();
}

std::vector<std::string> Strings(const json::value* node) {
  std::vector<std::string> out;
  if (node != nullptr && node->is_array()) {
    for (const json::value& item : node->as_array())
      out.push_back(Text(&item));
  }
  return out;
}

std::vector<PanelQuery> PanelQueries(const json::value& dashboard) {
  std::vector<PanelQuery> out;
  if (const json::value* panels = At(dashboard, {"panels"})) CollectPanelQueries(*panels, out);
  return out;
}

std::vector<QueryVariable> QueryVariables(const json::value& dashboard) {
  std::vector<QueryVariable> out;
  const json::value* list = At(dashboard, {"templating", "list"});
  if (list == nullptr || !list->is_array()) return out;
  for (const json::value& variable : list->as_array()) {
    if (Text(At(variable, {"type"})) != "query") continue;
    const json::value* query = At(variable, {"query"});
    // Newer dashboards store {"rawSql": ...} objects, older ones the text.
    std::string sql =
        query != nullptr && query->is_object() ? Text(At(*query, {"rawSql"})) : Text(query);
    const json::value* multi = At(variable, {"multi"});
    const json::value* all = At(variable, {"includeAll"});
    out.push_back({.name = Text(At(variable, {"name"})),
                   .sql = sql,
                   .multi_valued = (multi != nullptr && multi->is_bool() && multi->as_bool()) ||
                                   (all != nullptr && all->is_bool() && all->as_bool())});
  }
  return out;
}

}  // namespace sundial::testing
