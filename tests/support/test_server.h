#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/child_process.h"
#include "support/temp_dir.h"

namespace sundial::testing {

// The sundial binary the tests run: $SUNDIAL_TEST_BINARY when set (to test an
// installed build), else the one this build produced.
std::string SundialBinary();

// The real sundial binary as a process on 127.0.0.1, on a free port, with a
// fresh data directory that lives as long as this object. The constructor
// returns once the server accepts connections; the destructor always stops
// the process (SIGTERM, then SIGKILL), also when the test failed.
class TestServer {
 public:
  explicit TestServer(std::vector<std::string> extra_args = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  // A libpq connection string for this server.
  std::string ConnectionString() const;
  bool Running();

  // SIGTERM and wait: throws unless the server exits with status 0.
  void Stop();
  // SIGKILL and wait, like a crash or kill -9.
  void Kill();
  // Stops the server if it runs, then starts it again on the same port and
  // data directory and waits until it accepts connections.
  void Restart();

  // Everything the server printed since it was first started.
  std::string Stdout() const;
  std::string Stderr() const;

 private:
  // Starts the process and waits up to 20 s for it to accept connections;
  // false when it exited first (e.g. the port was taken meanwhile).
  bool TryStart();
  [[noreturn]] void FailStart(const std::string& why) const;

  std::vector<std::string> extra_args_;
  TempDir dir_;
  std::string data_dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace sundial::testing
