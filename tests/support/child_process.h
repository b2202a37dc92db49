#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sundial::testing {

// What a finished command left behind.
struct CommandResult {
  int exit_code = -1;  // the exit status, or 128 + signal number when killed
  std::string out;
  std::string err;
};

// Runs argv (argv[0] looked up in PATH) to completion with stdin from
// `stdin_path` (/dev/null when empty) and captures its output.
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& stdin_path = "");

// A process started in the background with its stdout and stderr appended to
// files. The destructor kills and reaps it if it is still running, so a
// failing test never leaves a process behind.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::string& stdout_path,
               const std::string& stderr_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Reaps the process if it has exited since the last look.
  bool Running();
  void Signal(int signal_number);
  // The exit code (see CommandResult) once the process ended within
  // `timeout`, nullopt when it is still running.
  std::optional<int> WaitFor(std::chrono::milliseconds timeout);
  std::optional<int> exit_code() const { return exit_code_; }

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

// The whole content of a file, or "" when it cannot be read.
std::string ReadFile(const std::string& path);

}  // namespace sundial::testing
