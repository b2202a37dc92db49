#pragma once

#include <string>
#include <vector>

#include "support/child_process.h"
#include "support/test_server.h"

namespace sundial::testing {

// Runs sundial on any free port with a fresh `data_dir` and `args`, for
// option combinations that must stop it at start: returns its exit code and
// what it printed.
inline CommandResult StartSundial(const std::string& data_dir, std::vector<std::string> args) {
  std::vector<std::string> argv = {SundialBinary(), "--port", "0", "--data-dir", data_dir};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

}  // namespace sundial::testing
