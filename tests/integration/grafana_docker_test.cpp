#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "grafana_provisioning.h"
#include "support/child_process.h"
#include "support/test_server.h"

// docker/ checked as Docker and Grafana would use it, without a Docker
// engine: the compose file, the Dockerfile and Grafana's provisioning must
// agree with each other and with the sundial binary.

namespace sundial::testing {
namespace {

namespace json = boost::json;

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
  // dpkg knows a library by the path its package installed: the one ldd
  // prints or, under the merged /usr, the file that path resolves to. One
  // query for all of them (each costs a second).
  std::vector<std::string> libraries;
  for (auto it = std::sregex_iterator(ldd.out.begin(), ldd.out.end(), kLibrary);
       it != std::sregex_iterator(); ++it) {
    libraries.push_back((*it)[1].str());
  }
  REQUIRE(!libraries.empty());
  std::vector<std::string> readlink = {"readlink", "-f"};
  readlink.insert(readlink.end(), libraries.begin(), libraries.end());
  const CommandResult resolved = RunCommand(readlink);
  REQUIRE(resolved.exit_code == 0);
  std::vector<std::string> dpkg = {"dpkg", "-S"};
  dpkg.insert(dpkg.end(), libraries.begin(), libraries.end());
  std::vector<std::string> real_paths;
  for (size_t start = 0, end; (end = resolved.out.find('\n', start)) != std::string::npos;
       start = end + 1) {
    real_paths.push_back(resolved.out.substr(start, end - start));
    dpkg.push_back(real_paths.back());
  }
  REQUIRE(real_paths.size() == libraries.size());
  // dpkg fails for the paths it does not know; each library needs one of two.
  const std::string owners = RunCommand(dpkg).out;
  std::set<std::string> packages;
  for (size_t i = 0; i < libraries.size(); ++i) {
    size_t at = owners.find(": " + libraries[i] + "\n");
    if (at == std::string::npos) at = owners.find(": " + real_paths[i] + "\n");
    INFO(libraries[i] << "\n" << owners);
    REQUIRE(at != std::string::npos);
    const size_t line =
        owners.rfind('\n', at) == std::string::npos ? 0 : owners.rfind('\n', at) + 1;
    const std::string owner = owners.substr(line, at - line);
    packages.insert(owner.substr(0, owner.find(':')));
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

}  // namespace
}  // namespace sundial::testing
