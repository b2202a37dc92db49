#pragma once

#include <string>
#include <vector>

namespace sundial::testing {

// A client script run against a live Sundial: the script's own assertions
// decide, its exit status is the verdict.
struct ClientScript {
  // Shown in failures: "psycopg2", "pgjdbc", ...
  std::string client;
  // Tools that must be on PATH (or absolute paths) for the script to run.
  std::vector<std::string> required_tools;
  // Files (absolute paths) the client needs besides its tools, e.g. a driver jar.
  std::vector<std::string> required_files;
  // Commands run once before the script, in a scratch directory given as
  // "{scratch}" in their words, e.g. compiling a Java class. Each must exit 0.
  std::vector<std::vector<std::string>> setup;
  // The script's command line; "{port}" and "{scratch}" are replaced.
  std::vector<std::string> command;
};

// Starts Sundial on a free 127.0.0.1 port with a fresh data directory, runs
// `script` with a timeout, stops the server and CHECKs that the script exited
// 0, printing its output otherwise. A missing tool or file fails the test
// when CI=true; elsewhere it is reported as a warning and the test ends.
void RunClientScript(const ClientScript& script);

// The absolute path of a file under tests/clients/.
std::string ClientFile(const std::string& relative);

}  // namespace sundial::testing
