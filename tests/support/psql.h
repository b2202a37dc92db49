#pragma once

#include <string>
#include <vector>

#include "support/child_process.h"

namespace sundial::testing {

// Runs `psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p <port> -U postgres
// -d postgres <args...>` and captures what it printed and its exit code.
CommandResult RunPsql(int port, const std::vector<std::string>& args,
                      const std::string& stdin_path = "");

}  // namespace sundial::testing
