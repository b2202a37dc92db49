#include <postgresql/libpq-fe.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "grafana_answers.h"
#include "grafana_macros.h"
#include "grafana_provisioning.h"
#include "libpq_connection.h"
#include "support/child_process.h"
#include "support/test_server.h"
#include "support/tsbs_cpu_data.h"

// Every panel's and variable's SQL in the provisioned dashboard, expanded the
// way Grafana's PostgreSQL data source expands it and run on a live Sundial
// over the simple query protocol (what Grafana's backend uses), must answer
// with the columns and types Grafana needs to draw the panel; and Sundial
// must answer what Grafana sends on its own (health check, version and
// TimescaleDB detection, the query builder's lists).

namespace sundial::testing {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;

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
  for (const EditorQuery& query : queries) {
    const Answer answer = Exec(connection.get(), query.sql);
    INFO(query.what << ": " << answer.error);
    REQUIRE(answer.status == PGRES_TUPLES_OK);
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
