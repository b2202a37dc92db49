#include "clients/client_script.h"

#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "support/child_process.h"
#include "support/temp_dir.h"
#include "support/test_server.h"

namespace sundial::testing {
namespace {

// Generous for a cold Go build cache on two busy cores; a warm run takes seconds.
constexpr std::chrono::seconds kScriptTimeout{180};

std::string Substitute(std::string word, int port, const std::string& scratch) {
  const auto replace = [&word](std::string_view key, const std::string& value) {
    for (size_t at = word.find(key); at != std::string::npos;
         at = word.find(key, at + value.size()))
      word.replace(at, key.size(), value);
  };
  replace("{port}", std::to_string(port));
  replace("{scratch}", scratch);
  return word;
}

std::vector<std::string> SubstituteAll(const std::vector<std::string>& words, int port,
                                       const std::string& scratch) {
  std::vector<std::string> out;
  for (const std::string& word : words)
    out.push_back(Substitute(word, port, scratch));
  return out;
}

bool ToolExists(const std::string& tool) {
  if (tool.find('/') != std::string::npos) return access(tool.c_str(), X_OK) == 0;
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/bin:/bin";
  while (!dirs.empty()) {
    const size_t colon = dirs.find(':');
    const std::string dir(dirs.substr(0, colon));
    if (!dir.empty() && access((dir + "/" + tool).c_str(), X_OK) == 0) return true;
    dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
  }
  return false;
}

std::string Join(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words)
    text += (text.empty() ? "" : " ") + word;
  return text;
}

// False when something the script needs is missing (already reported).
bool ToolingPresent(const ClientScript& script) {
  std::vector<std::string> missing;
  for (const std::string& tool : script.required_tools)
    if (!ToolExists(tool)) missing.push_back(tool);
  for (const std::string& file : script.required_files)
    if (!std::filesystem::exists(file)) missing.push_back(file);
  if (missing.empty()) return true;
  const std::string message = script.client + " cannot run, missing: " + Join(missing) +
                              " (scripts/install-deps.sh installs them)";
  const char* ci = std::getenv("CI");
  if (ci && std::string_view(ci) == "true") FAIL(message);
  WARN(message);
  return false;
}

}  // namespace

std::string ClientFile(const std::string& relative) {
  return std::string(SUNDIAL_SOURCE_DIR) + "/tests/clients/" + relative;
}

void RunClientScript(const ClientScript& script) {
  if (!ToolingPresent(script)) return;
  TempDir scratch;
  for (const std::vector<std::string>& step : script.setup) {
    const std::vector<std::string> argv = SubstituteAll(step, 0, scratch.path());
    const CommandResult result = RunCommand(argv);
    INFO("setup `" << Join(argv) << "` printed:\n" << result.out << result.err);
    REQUIRE(result.exit_code == 0);
  }

  TestServer server;
  const std::vector<std::string> argv =
      SubstituteAll(script.command, server.port(), scratch.path());
  const std::string out_path = scratch.Join("client.out");
  std::optional<int> exit_code;
  {
    ChildProcess client(argv, out_path, out_path);
    exit_code = client.WaitFor(kScriptTimeout);
    // The destructor kills a client that is still running.
  }
  INFO(script.client << ": `" << Join(argv) << "` printed:\n" << ReadFile(out_path));
  INFO("--- sundial stderr ---\n" << server.Stderr());
  if (!exit_code)
    FAIL(script.client << " did not finish within " << kScriptTimeout.count() << " s");
  CHECK(*exit_code == 0);
  CHECK(server.Running());  // a client must never bring the server down
  server.Stop();
}

}  // namespace sundial::testing
