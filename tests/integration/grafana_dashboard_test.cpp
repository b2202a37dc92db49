#include <postgresql/libpq-fe.h>

// Boost.JSON's implementation, compiled into this one file (header-only use).
#include <boost/json/src.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "grafana_macros.h"
#include "libpq_connection.h"
#include "support/child_process.h"
#include "support/test_server.h"
#include "support/tsbs_cpu_data.h"

// docker/ as Grafana would use it, without a Docker engine: the compose file
// and the provisioning are read as Grafana and Compose read them, and every
// panel's and variable's SQL in the provisioned dashboard is expanded the way
// Grafana's PostgreSQL data source expands it and run on a live Sundial over
// the simple query protocol (what Grafana's backend uses), checking that the
// answer has the columns and types Grafana needs to draw the panel.

namespace sundial::testing {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;

std::string SourcePath(const std::string& relative) {
  return std::string(SUNDIAL_SOURCE_DIR) + "/" + relative;
}

json::value ReadJson(const std::string& relative) {
  const std::string text = ReadFile(SourcePath(relative));
  INFO(relative);
  REQUIRE(!text.empty());
  return json::parse(text);
}

// YAML through Debian's python3-yaml (scripts/install-deps.sh installs it).
json::value ReadYaml(const std::string& relative) {
  const CommandResult result = RunCommand(
      {"/usr/bin/python3", "-c",
       "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)",
       SourcePath(relative)});
  INFO(relative << ": " << result.err);
  REQUIRE(result.exit_code == 0);
  return json::parse(result.out);
}

// The value at a path of object keys, or nullptr.
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

// ---- the dashboard -------------------------------------------------------

struct PanelQuery {
  std::string panel;
  std::string format;  // "time_series" or "table"
  std::string raw_sql;
};

struct QueryVariable {
  std::string name;
  std::string sql;
  bool multi_valued = false;
};

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

// ---- answers -------------------------------------------------------------

// PostgreSQL type OIDs Grafana's pgx-based reader distinguishes.
constexpr Oid kBool = 16, kName = 19, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25, kFloat4 = 700,
              kFloat8 = 701, kBpchar = 1042, kVarchar = 1043, kDate = 1082, kTimestamp = 1114,
              kTimestamptz = 1184, kNumeric = 1700;

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

struct Answer {
  ExecStatusType status = PGRES_FATAL_ERROR;
  std::string error;
  std::vector<std::string> names;
  std::vector<Oid> types;
  std::vector<std::vector<std::optional<std::string>>> rows;

  int Column(const std::string& name) const {
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) return static_cast<int>(i);
    }
    return -1;
  }
  std::vector<std::string> Values(int column) const {
    std::vector<std::string> out;
    for (const auto& row : rows)
      out.push_back(row[column].value_or("<null>"));
    return out;
  }
};

// A simple-protocol Query, as Grafana's backend sends every panel query
// (pgconn's Exec); the last statement's result.
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

std::string Describe(const Answer& answer) {
  std::string text = answer.error;
  for (size_t i = 0; i < answer.names.size(); ++i) {
    text += (i ? ", " : "columns: ") + answer.names[i] + " (oid " +
            std::to_string(answer.types[i]) + ")";
  }
  return text + "; " + std::to_string(answer.rows.size()) + " rows";
}

// ---- what Grafana needs from an answer ------------------------------------

// A time-series answer: a `time` (or `time_sec`) column of a time type or
// epoch seconds, never NULL and ascending (Grafana turns long frames into
// wide ones only when sorted); value columns numeric; text columns become
// series labels, `metric` names the series.
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

// A table answer: rows, and columns of types Grafana reads; a hostname
// column lists exactly the selected hosts.
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

// A variable's answer: one text column (or __text / __value), no NULLs, no
// duplicates. Returns the values.
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

std::string Expand(const std::string& raw_sql, const GrafanaQueryContext& context,
                   GrafanaExpansion* expansion_out = nullptr) {
  GrafanaExpansion expansion = ExpandGrafanaPostgresQuery(raw_sql, context);
  INFO(raw_sql);
  REQUIRE(expansion.error.empty());
  if (expansion_out != nullptr) *expansion_out = expansion;
  return expansion.sql;
}

GrafanaVariable Pick(const std::string& name, std::vector<std::string> values) {
  return GrafanaVariable{.name = name, .values = std::move(values), .multi_valued = true};
}

// Runs the dashboard's variables (region, then host for the chosen regions)
// and every panel for each host selection and interval.
void CheckDashboard(PGconn* connection, GrafanaQueryContext context,
                    const std::map<std::string, std::set<std::string>>& hosts_by_region,
                    const std::vector<milliseconds>& intervals) {
  const json::value dashboard = ReadJson("docker/grafana/dashboards/tsbs-cpu.json");
  const std::vector<QueryVariable> variables = QueryVariables(dashboard);
  const std::vector<PanelQuery> panels = PanelQueries(dashboard);
  REQUIRE(variables.size() == 2);
  REQUIRE(variables[0].name == "region");
  REQUIRE(variables[1].name == "host");
  CHECK(variables[1].multi_valued);

  std::vector<std::string> all_regions;
  std::set<std::string> all_hosts;
  for (const auto& [region, hosts] : hosts_by_region) {
    all_regions.push_back(region);
    all_hosts.insert(hosts.begin(), hosts.end());
  }

  const Answer regions = Exec(connection, Expand(variables[0].sql, context));
  INFO(Describe(regions));
  REQUIRE(regions.status == PGRES_TUPLES_OK);
  CHECK(CheckVariable(regions) == all_regions);

  // Host choices offered for all regions, then for one region.
  context.variables = {Pick("region", all_regions)};
  const Answer hosts = Exec(connection, Expand(variables[1].sql, context));
  INFO(Describe(hosts));
  REQUIRE(hosts.status == PGRES_TUPLES_OK);
  const std::vector<std::string> host_choices = CheckVariable(hosts);
  CHECK(std::set<std::string>(host_choices.begin(), host_choices.end()) == all_hosts);
  CHECK(std::is_sorted(host_choices.begin(), host_choices.end()));
  const auto& [one_region, region_hosts] = *hosts_by_region.begin();
  context.variables = {Pick("region", {one_region})};
  const std::vector<std::string> one_region_hosts =
      CheckVariable(Exec(connection, Expand(variables[1].sql, context)));
  CHECK(std::set<std::string>(one_region_hosts.begin(), one_region_hosts.end()) == region_hosts);

  const std::vector<std::vector<std::string>> selections = {
      host_choices, {host_choices.front()}, {host_choices.front(), host_choices.back()}};
  for (const std::vector<std::string>& selection : selections) {
    for (const milliseconds interval : intervals) {
      context.variables = {Pick("region", all_regions), Pick("host", selection)};
      context.interval = interval;
      for (const PanelQuery& panel : panels) {
        GrafanaExpansion expansion;
        const std::string sql = Expand(panel.raw_sql, context, &expansion);
        const Answer answer = Exec(connection, sql);
        INFO("panel \"" << panel.panel << "\", interval " << FormatGrafanaInterval(interval) << ", "
                        << selection.size() << " hosts\n"
                        << sql << "\n"
                        << Describe(answer));
        REQUIRE(answer.status == PGRES_TUPLES_OK);
        const std::set<std::string> selected(selection.begin(), selection.end());
        if (panel.format == "table") {
          CheckTable(answer, selected);
        } else {
          CheckTimeSeries(answer, context, expansion, selected, panel.raw_sql);
        }
      }
    }
  }
}

void LoadTsbsCpu(PGconn* connection) {
  const Answer schema = Exec(connection, ReadFile(SourcePath("docker/sample-data/cpu-schema.sql")));
  INFO(schema.error);
  REQUIRE(schema.status == PGRES_TUPLES_OK);
  PgResult copy(PQexec(connection, "COPY cpu FROM STDIN WITH (FORMAT csv)"));
  REQUIRE(PQresultStatus(copy.get()) == PGRES_COPY_IN);
  const std::string csv = TsbsCpuData::CpuCsv();
  REQUIRE(PQputCopyData(connection, csv.data(), static_cast<int>(csv.size())) == 1);
  REQUIRE(PQputCopyEnd(connection, nullptr) == 1);
  PgResult done(PQgetResult(connection));
  INFO(PQresultErrorMessage(done.get()));
  REQUIRE(PQresultStatus(done.get()) == PGRES_COMMAND_OK);
  PgResult none(PQgetResult(connection));
  CHECK(none == nullptr);
}

PgConnection Connect(const TestServer& server) {
  // Grafana connects as the provisioned user to the provisioned database.
  const json::value datasource = ReadYaml("docker/grafana/provisioning/datasources/sundial.yml");
  const json::value& source = datasource.as_object().at("datasources").as_array().at(0);
  PgConnection connection =
      ConnectLibpq(server.ConnectionString() + " user=" + Text(At(source, {"user"})) +
                   " dbname=" + Text(At(source, {"jsonData", "database"})) + " sslmode=disable");
  INFO(PQerrorMessage(connection.get()));
  REQUIRE(PQstatus(connection.get()) == CONNECTION_OK);
  return connection;
}

// ---- the tests -----------------------------------------------------------

TEST_CASE("docker-compose runs Sundial on all interfaces with a data volume beside Grafana",
          "[grafana][docker]") {
  const json::value compose = ReadYaml("docker/docker-compose.yml");
  const json::value* sundial = At(compose, {"services", "sundial"});
  REQUIRE(sundial != nullptr);
  CHECK(Text(At(*sundial, {"build", "dockerfile"})) == "docker/Dockerfile");
  CHECK(Text(At(*sundial, {"build", "context"})) == "..");
  const std::vector<std::string> command = Strings(At(*sundial, {"command"}));
  const auto flag = [&](const std::string& name) {
    const auto it = std::find(command.begin(), command.end(), name);
    return it != command.end() && it + 1 != command.end() ? *(it + 1) : std::string();
  };
  CHECK(flag("--listen") == "0.0.0.0");
  CHECK(flag("--port") == "5432");
  const std::string data_dir = flag("--data-dir");
  REQUIRE(!data_dir.empty());
  const std::vector<std::string> volumes = Strings(At(*sundial, {"volumes"}));
  REQUIRE(volumes.size() == 1);
  const std::string volume = volumes[0].substr(0, volumes[0].find(':'));
  CHECK(volumes[0] == volume + ":" + data_dir);
  CHECK(At(compose, {"volumes", volume}) != nullptr);
  // The published port stays on the host's loopback interface.
  CHECK(Strings(At(*sundial, {"ports"})) == std::vector<std::string>{"127.0.0.1:5432:5432"});

  // The flags are the server's own: its --help lists each of them.
  const CommandResult help = RunCommand({SundialBinary(), "--help"});
  for (const std::string name : {"--listen", "--port", "--data-dir"}) {
    CHECK(help.out.find(name) != std::string::npos);
  }

  // The Dockerfile builds with the project's scripts and runs the same way.
  const std::string dockerfile = ReadFile(SourcePath("docker/Dockerfile"));
  CHECK(dockerfile.find("FROM debian:bookworm") != std::string::npos);
  CHECK(dockerfile.find("scripts/install-deps.sh") != std::string::npos);
  CHECK(dockerfile.find("scripts/sundial.sh build") != std::string::npos);
  CHECK(dockerfile.find("\"--listen\", \"0.0.0.0\"") != std::string::npos);
  CHECK(dockerfile.find("VOLUME " + data_dir) != std::string::npos);

  // Grafana mounts the provisioning and the dashboards where the provider looks.
  const json::value* grafana = At(compose, {"services", "grafana"});
  REQUIRE(grafana != nullptr);
  CHECK(Text(At(*grafana, {"image"})).rfind("grafana/grafana-oss:", 0) == 0);
  const std::vector<std::string> mounts = Strings(At(*grafana, {"volumes"}));
  CHECK(std::count(mounts.begin(), mounts.end(),
                   "./grafana/provisioning:/etc/grafana/provisioning:ro") == 1);
  const json::value provider = ReadYaml("docker/grafana/provisioning/dashboards/sundial.yml");
  const std::string dashboards_path =
      Text(At(provider.as_object().at("providers").as_array().at(0), {"options", "path"}));
  CHECK(std::count(mounts.begin(), mounts.end(),
                   "./grafana/dashboards:" + dashboards_path + ":ro") == 1);
  CHECK(Text(At(*grafana, {"depends_on", "sundial", "condition"})) == "service_healthy");

  // The sample loader talks to the sundial service and ships in the image.
  const json::value* loader = At(compose, {"services", "sample-data"});
  REQUIRE(loader != nullptr);
  CHECK(Text(At(*loader, {"environment", "PGHOST"})) == "sundial");
  CHECK(dockerfile.find("COPY docker/sample-data /opt/sundial/sample-data") != std::string::npos);
  CHECK(Strings(At(*loader, {"entrypoint"})) ==
        std::vector<std::string>{"/opt/sundial/sample-data/load-cpu.sh"});
}

// The runtime stage copies only the binary, so it must install the Debian
// package of every shared library the binary loads.
TEST_CASE("the docker runtime image installs every shared library sundial loads",
          "[grafana][docker]") {
  const std::string dockerfile = ReadFile(SourcePath("docker/Dockerfile"));
  const size_t runtime_stage = dockerfile.find("FROM ", dockerfile.find("FROM ") + 1);
  REQUIRE(runtime_stage != std::string::npos);
  const std::string runtime = dockerfile.substr(runtime_stage);
  const CommandResult ldd = RunCommand({"ldd", SundialBinary()});
  REQUIRE(ldd.exit_code == 0);
  static const std::regex kLibrary(R"(=> (/\S+))");
  std::set<std::string> packages;
  for (auto it = std::sregex_iterator(ldd.out.begin(), ldd.out.end(), kLibrary);
       it != std::sregex_iterator(); ++it) {
    const CommandResult owner = RunCommand({"dpkg", "-S", (*it)[1].str()});
    const CommandResult real_owner =
        owner.exit_code == 0
            ? owner
            : RunCommand({"sh", "-c", "dpkg -S \"$(readlink -f '" + (*it)[1].str() + "')\""});
    INFO((*it)[1].str() << ": " << real_owner.err);
    REQUIRE(real_owner.exit_code == 0);
    packages.insert(real_owner.out.substr(0, real_owner.out.find(':')));
  }
  CHECK(packages.count("libc6") == 1);
  // In every Debian image: dpkg and apt need them.
  for (const char* base : {"libc6", "libgcc-s1", "libstdc++6"})
    packages.erase(base);
  for (const std::string& package : packages) {
    INFO(package);
    CHECK(runtime.find(" " + package + " ") != std::string::npos);
  }
}

// Compose starts Grafana and the loader once the image's HEALTHCHECK passes.
TEST_CASE("the docker image's health check passes exactly while Sundial accepts connections",
          "[grafana][docker]") {
  const std::string dockerfile = ReadFile(SourcePath("docker/Dockerfile"));
  const size_t healthcheck = dockerfile.find("HEALTHCHECK");
  REQUIRE(healthcheck != std::string::npos);
  const size_t cmd = dockerfile.find("CMD ", healthcheck);
  REQUIRE(cmd != std::string::npos);
  std::string command = dockerfile.substr(cmd + 4, dockerfile.find('\n', cmd) - cmd - 4);
  const size_t port_flag = command.find("-p 5432");
  REQUIRE(port_flag != std::string::npos);

  TestServer server;
  command.replace(port_flag, 7, "-p " + std::to_string(server.port()));
  INFO(command);
  CHECK(RunCommand({"sh", "-c", command}).exit_code == 0);
  server.Stop();
  CHECK(RunCommand({"sh", "-c", command}).exit_code != 0);
}

TEST_CASE("Grafana's provisioned data source is Sundial's compose service in TimescaleDB mode",
          "[grafana][docker]") {
  const json::value compose = ReadYaml("docker/docker-compose.yml");
  const json::value provisioning = ReadYaml("docker/grafana/provisioning/datasources/sundial.yml");
  const json::array& sources = provisioning.as_object().at("datasources").as_array();
  REQUIRE(sources.size() == 1);
  const json::value& source = sources[0];
  CHECK((Text(At(source, {"type"})) == "grafana-postgresql-datasource" ||
         Text(At(source, {"type"})) == "postgres"));
  const std::string url = Text(At(source, {"url"}));
  const std::string service = url.substr(0, url.find(':'));
  CHECK(At(compose, {"services", service, "build"}) != nullptr);
  CHECK(url.substr(url.find(':') + 1) == "5432");
  CHECK(!Text(At(source, {"user"})).empty());
  CHECK(!Text(At(source, {"jsonData", "database"})).empty());
  const json::value* timescaledb = At(source, {"jsonData", "timescaledb"});
  REQUIRE(timescaledb != nullptr);
  CHECK(timescaledb->as_bool());
  CHECK(Text(At(source, {"jsonData", "sslmode"})) == "disable");
  const json::value* version = At(source, {"jsonData", "postgresVersion"});
  REQUIRE(version != nullptr);
  CHECK(version->as_int64() == 1500);

  // Every panel, target and variable of the dashboard uses this data source.
  const std::string uid = Text(At(source, {"uid"}));
  const json::value dashboard = ReadJson("docker/grafana/dashboards/tsbs-cpu.json");
  int references = 0;
  for (const json::value& panel : dashboard.as_object().at("panels").as_array()) {
    CHECK(Text(At(panel, {"datasource", "uid"})) == uid);
    for (const json::value& target : panel.as_object().at("targets").as_array()) {
      CHECK(Text(At(target, {"datasource", "uid"})) == uid);
      ++references;
    }
  }
  for (const json::value& variable : At(dashboard, {"templating", "list"})->as_array()) {
    CHECK(Text(At(variable, {"datasource", "uid"})) == uid);
  }
  CHECK(references == static_cast<int>(PanelQueries(dashboard).size()));
}

TEST_CASE("the dashboard has time-series, gap-filled and table panels filtered by host",
          "[grafana][docker]") {
  const json::value dashboard = ReadJson("docker/grafana/dashboards/tsbs-cpu.json");
  const std::vector<PanelQuery> panels = PanelQueries(dashboard);
  const auto count = [&](auto predicate) {
    return std::count_if(panels.begin(), panels.end(), predicate);
  };
  const auto uses = [](const PanelQuery& panel, const std::string& text) {
    return panel.raw_sql.find(text) != std::string::npos;
  };
  CHECK(count([&](const PanelQuery& p) {
          return p.format == "time_series" && uses(p, "$__timeGroupAlias(time, $__interval)");
        }) >= 1);
  CHECK(count([&](const PanelQuery& p) { return uses(p, "time_bucket_gapfill("); }) >= 1);
  CHECK(count([&](const PanelQuery& p) { return uses(p, "$__interval, NULL)"); }) >= 1);
  CHECK(count([&](const PanelQuery& p) { return p.format == "table"; }) >= 1);
  // Every panel follows the host picker and the dashboard's time range.
  for (const PanelQuery& panel : panels) {
    INFO(panel.panel);
    CHECK((uses(panel, "($host)") || uses(panel, "${host:")));
    CHECK(uses(panel, "$__timeFilter(time)"));
  }
  const std::vector<QueryVariable> variables = QueryVariables(dashboard);
  REQUIRE(variables.size() == 2);
  CHECK(variables[1].name == "host");
  CHECK(variables[1].sql.find("SELECT DISTINCT hostname FROM cpu") == 0);
}

TEST_CASE("every dashboard query runs on Sundial with the columns Grafana needs (TSBS data)",
          "[grafana]") {
  TestServer server;
  PgConnection connection = Connect(server);
  LoadTsbsCpu(connection.get());

  // TsbsCpuData: 20 hosts, region = one of three by host % 3.
  const std::vector<std::string> regions = {"us-east-1", "eu-central-1", "ap-northeast-1"};
  std::map<std::string, std::set<std::string>> hosts_by_region;
  for (int host = 0; host < TsbsCpuData::kHosts; ++host) {
    hosts_by_region[regions[host % 3]].insert("host_" + std::to_string(host));
  }
  GrafanaQueryContext context{// 2016-01-01 06:00:00 to 12:00:00.5 UTC, inside the data's day.
                              .range = {.from_ms = 1451628000000, .to_ms = 1451649600500},
                              .timescaledb = true};
  CheckDashboard(
      connection.get(), context, hosts_by_region,
      {milliseconds(15'000), milliseconds(60'000), milliseconds(300'000), milliseconds(3'600'000)});
  // With TimescaleDB mode off Grafana groups by floor(extract(epoch ...)):
  // epoch-second time columns.
  context.timescaledb = false;
  CheckDashboard(connection.get(), context, hosts_by_region, {milliseconds(60'000)});
}

TEST_CASE("the sample-data loader fills the dashboard's default last 6 hours", "[grafana]") {
  TestServer server;
  const CommandResult load =
      RunCommand({"env", "PGHOST=127.0.0.1", "PGPORT=" + std::to_string(server.port()),
                  "PGUSER=postgres", "SAMPLE_HOSTS=10", "SAMPLE_HOURS=8", "SAMPLE_STEP_SECONDS=10",
                  "bash", SourcePath("docker/sample-data/load-cpu.sh")});
  INFO(load.out << load.err);
  REQUIRE(load.exit_code == 0);
  CHECK(load.out.find("28800 rows in cpu") != std::string::npos);

  // A second run keeps the table rather than loading the rows twice.
  const CommandResult again =
      RunCommand({"env", "PGHOST=127.0.0.1", "PGPORT=" + std::to_string(server.port()),
                  "PGUSER=postgres", "bash", SourcePath("docker/sample-data/load-cpu.sh")});
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("table cpu exists") != std::string::npos);

  PgConnection connection = Connect(server);
  // Eight hours of 10 s steps ending at the load: the loader's own calendar
  // arithmetic (awk) must agree with the server's.
  const Answer span = Exec(connection.get(),
                           "SELECT extract(epoch from max(time)) - extract(epoch from min(time)), "
                           "extract(epoch from now() - max(time)) FROM cpu");
  INFO(Describe(span));
  REQUIRE(span.status == PGRES_TUPLES_OK);
  CHECK(std::stod(span.rows[0][0].value_or("0")) == 8 * 3600 - 10);
  const double age_seconds = std::stod(span.rows[0][1].value_or("-1"));
  CHECK(age_seconds >= 0);
  CHECK(age_seconds < 60);
  // The loader's region list, by host % 9.
  const std::vector<std::string> regions = {"us-east-1",      "us-west-1",      "us-west-2",
                                            "eu-west-1",      "eu-central-1",   "ap-southeast-1",
                                            "ap-southeast-2", "ap-northeast-1", "sa-east-1"};
  std::map<std::string, std::set<std::string>> hosts_by_region;
  for (int host = 0; host < 10; ++host) {
    hosts_by_region[regions[host % 9]].insert("host_" + std::to_string(host));
  }
  // "now-6h" to "now", with the 20 s interval Grafana picks for it on a
  // dashboard about 1000 pixels wide.
  const int64_t now_ms =
      std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  GrafanaQueryContext context{.range = {.from_ms = now_ms - 6 * 3600 * 1000, .to_ms = now_ms},
                              .timescaledb = true};
  CheckDashboard(connection.get(), context, hosts_by_region, {milliseconds(20'000)});
}

TEST_CASE("every Grafana PostgreSQL macro expands to SQL Sundial runs, TimescaleDB mode or not",
          "[grafana]") {
  TestServer server;
  PgConnection connection = Connect(server);
  LoadTsbsCpu(connection.get());
  // The macros the dashboard does not use, in the forms Grafana documents:
  // epoch and nanosecond columns, fill values, the pre-5.3 $__timeGroup.
  const std::vector<std::string> queries = {
      "SELECT $__time(time), usage_user FROM cpu\n"
      "WHERE $__timeFilter(time) AND hostname = 'host_1' ORDER BY 1",
      "SELECT $__timeGroupAlias(time, '5m', 0), avg(usage_user) AS usage_user FROM cpu\n"
      "WHERE time >= $__timeFrom() AND time <= $__timeTo() GROUP BY 1 ORDER BY 1",
      "SELECT $__timeGroup(time, 1h), count(*) AS samples FROM cpu\n"
      "WHERE $__timeFilter(time) GROUP BY 1 ORDER BY 1",
      "SELECT $__timeGroupAlias(time, $__interval), avg(usage_idle) AS usage_idle FROM cpu\n"
      "WHERE extract(epoch from time) BETWEEN $__unixEpochFrom() AND $__unixEpochTo()\n"
      "GROUP BY 1 ORDER BY 1",
      "SELECT $__unixEpochGroupAlias(ts, 10m, previous), max(v) AS usage_user\n"
      "FROM (SELECT extract(epoch from time) AS ts, usage_user AS v FROM cpu) AS samples\n"
      "WHERE $__unixEpochFilter(ts) GROUP BY 1 ORDER BY 1",
      "SELECT ns / 1000000000 AS \"time\", v AS usage_user\n"
      "FROM (SELECT (extract(epoch from time) * 1000000000)::bigint AS ns, usage_user AS v\n"
      "      FROM cpu WHERE hostname = 'host_2') AS samples\n"
      "WHERE $__unixEpochNanoFilter(ns) AND ns BETWEEN $__unixEpochNanoFrom() AND "
      "$__unixEpochNanoTo()\n"
      "ORDER BY 1",
      // The visual query builder's shape: arguments joined without spaces,
      // grouped by the same macro, a trailing space after every clause.
      "SELECT $__timeGroupAlias(time,$__interval), avg(usage_user) AS \"usage_user\" FROM cpu "
      "WHERE $__timeFilter(time) AND hostname = 'host_4' GROUP BY $__timeGroup(time,$__interval) "
      "ORDER BY $__timeGroup(time,$__interval) LIMIT 1000 ",
      "SELECT time_bucket($__interval_ms * interval '1 millisecond', time) AS \"time\",\n"
      "       max(usage_user) AS usage_user FROM cpu\n"
      "WHERE $__timeFilter(time) GROUP BY 1 ORDER BY 1",
  };
  for (const bool timescaledb : {true, false}) {
    const GrafanaQueryContext context{.range = {.from_ms = 1451628000000, .to_ms = 1451649600500},
                                      .interval = milliseconds(60'000),
                                      .timescaledb = timescaledb};
    for (const std::string& raw_sql : queries) {
      GrafanaExpansion expansion;
      const std::string sql = Expand(raw_sql, context, &expansion);
      const Answer answer = Exec(connection.get(), sql);
      INFO((timescaledb ? "TimescaleDB mode\n" : "plain PostgreSQL mode\n") << sql << "\n"
                                                                            << Describe(answer));
      REQUIRE(answer.status == PGRES_TUPLES_OK);
      CheckTimeSeries(answer, context, expansion, {}, raw_sql);
    }
  }
}

// What Grafana itself sends: "Save & test" pings through pgx (and lib/pq in
// older releases), the settings page detects the server and TimescaleDB
// versions, and the query builder lists schemas, tables and columns
// (public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts).
TEST_CASE("Sundial answers Grafana's health check and version detection", "[grafana]") {
  TestServer server;
  PgConnection connection = Connect(server);

  CHECK(Exec(connection.get(), "-- ping").status == PGRES_EMPTY_QUERY);
  CHECK(Exec(connection.get(), ";").status == PGRES_EMPTY_QUERY);
  CHECK(Exec(connection.get(), "SELECT 1").rows ==
        std::vector<std::vector<std::optional<std::string>>>{{"1"}});
  const Answer server_version = Exec(connection.get(), "SELECT version()");
  REQUIRE(server_version.rows.size() == 1);
  CHECK(server_version.rows[0][0].value_or("").rfind("PostgreSQL 15", 0) == 0);

  const json::value provisioning = ReadYaml("docker/grafana/provisioning/datasources/sundial.yml");
  const json::value& source = provisioning.as_object().at("datasources").as_array().at(0);
  const Answer version =
      Exec(connection.get(), "SELECT current_setting('server_version_num')::int/100 as version");
  INFO(Describe(version));
  REQUIRE(version.status == PGRES_TUPLES_OK);
  CHECK(version.names == std::vector<std::string>{"version"});
  CHECK(IsNumeric(version.types[0]));
  // What the settings page detects is what the provisioning declares.
  CHECK(version.Values(0) == std::vector<std::string>{std::to_string(
                                 At(source, {"jsonData", "postgresVersion"})->as_int64())});

  const Answer timescaledb =
      Exec(connection.get(), "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'");
  INFO(Describe(timescaledb));
  REQUIRE(timescaledb.status == PGRES_TUPLES_OK);
  REQUIRE(timescaledb.rows.size() == 1);
  CHECK(IsText(timescaledb.types[0]));
  CHECK(timescaledb.rows[0][0].value_or("").rfind("2.", 0) == 0);

  const Answer schemas = Exec(connection.get(),
                              "SELECT schema_name AS \"name\"\n"
                              "    FROM information_schema.schemata\n"
                              "    WHERE schema_name NOT IN ('information_schema',\n"
                              "                              'pg_catalog',\n"
                              "                              'pg_toast',\n"
                              "                              '_timescaledb_cache',\n"
                              "                              '_timescaledb_catalog',\n"
                              "                              '_timescaledb_internal',\n"
                              "                              '_timescaledb_config',\n"
                              "                              'timescaledb_information',\n"
                              "                              'timescaledb_experimental')\n"
                              "    ORDER BY schema_name");
  INFO(Describe(schemas));
  REQUIRE(schemas.status == PGRES_TUPLES_OK);
  CHECK(schemas.Values(0) == std::vector<std::string>{"public"});
}

// The search_path part of the query builder's table and column lists.
constexpr const char* kSearchPathSchemas =
    "quote_ident(table_schema) IN (\n"
    "          SELECT\n"
    "            CASE WHEN trim(s[i]) = '\"$user\"' THEN user ELSE trim(s[i]) END\n"
    "          FROM\n"
    "            generate_series(\n"
    "              array_lower(string_to_array(current_setting('search_path'),','),1),\n"
    "              array_upper(string_to_array(current_setting('search_path'),','),1)\n"
    "            ) as i,\n"
    "            string_to_array(current_setting('search_path'),',') s\n"
    "          )";

TEST_CASE("Grafana's query builder lists the cpu table and its columns", "[grafana]") {
  TestServer server;
  PgConnection connection = Connect(server);
  LoadTsbsCpu(connection.get());
  const std::string search_path = kSearchPathSchemas;
  struct EditorQuery {
    std::string what;
    std::string sql;
    std::string column;
    std::vector<std::string> expected_prefix;  // the first values of `column`
  };
  const std::vector<EditorQuery> queries = {
      {"tables of a schema",
       "SELECT quote_ident(table_name) AS \"table\"\n"
       "      FROM information_schema.tables\n"
       "      WHERE quote_ident(table_schema) = 'public'\n"
       "      ORDER BY 1",
       "table",
       {"cpu"}},
      {"tables on the search path",
       "SELECT\n    CASE WHEN " + search_path +
           "\n      THEN quote_ident(table_name)\n"
           "      ELSE quote_ident(table_schema) || '.' || quote_ident(table_name)\n"
           "    END AS \"table\"\n"
           "    FROM information_schema.tables\n"
           "    WHERE quote_ident(table_schema) NOT IN ('information_schema', 'pg_catalog',\n"
           "      '_timescaledb_cache', '_timescaledb_catalog', '_timescaledb_internal',\n"
           "      '_timescaledb_config', 'timescaledb_information', 'timescaledb_experimental')\n"
           "    ORDER BY CASE WHEN " +
           search_path + " THEN 0 ELSE 1 END, 1",
       "table",
       {"cpu"}},
      {"columns of cpu",
       "SELECT quote_ident(column_name) AS \"column\", data_type AS \"type\"\n"
       "    FROM information_schema.columns\n"
       "    WHERE\n"
       "      CASE WHEN array_length(parse_ident('cpu'),1) = 2\n"
       "        THEN quote_ident(table_schema) = (parse_ident('cpu'))[1]\n"
       "          AND quote_ident(table_name) = (parse_ident('cpu'))[2]\n"
       "        ELSE quote_ident(table_name) = 'cpu'\n"
       "          AND " +
           search_path + "\n      END",
       "type",
       {"timestamp with time zone", "text"}},
  };
  // The builder is optional (the dashboard's panels are code): each query is
  // checked when Sundial answers it and reported when it does not.
  for (const EditorQuery& query : queries) {
    const Answer answer = Exec(connection.get(), query.sql);
    if (answer.status != PGRES_TUPLES_OK) {
      WARN("Grafana's query builder (" << query.what << ") fails on Sundial: " << answer.error);
      continue;
    }
    INFO(query.what << ": " << Describe(answer));
    const int column = answer.Column(query.column);
    REQUIRE(column >= 0);
    std::vector<std::string> values = answer.Values(column);
    REQUIRE(values.size() >= query.expected_prefix.size());
    values.resize(query.expected_prefix.size());
    CHECK(values == query.expected_prefix);
  }
}

}  // namespace
}  // namespace sundial::testing
