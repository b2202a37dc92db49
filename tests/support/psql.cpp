#include "support/psql.h"

namespace sundial::testing {

CommandResult RunPsql(int port, const std::vector<std::string>& args,
                      const std::string& stdin_path) {
  std::vector<std::string> argv = {"psql",
                                   "-X",
                                   "-q",
                                   "-A",
                                   "-t",
                                   "-v",
                                   "ON_ERROR_STOP=1",
                                   "-h",
                                   "127.0.0.1",
                                   "-p",
                                   std::to_string(port),
                                   "-U",
                                   "postgres",
                                   "-d",
                                   "postgres"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, stdin_path);
}

}  // namespace sundial::testing
