#include "support/test_server.h"

#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "support/free_port.h"

namespace sundial::testing {
namespace {

constexpr std::chrono::seconds kStartTimeout{20};
constexpr std::chrono::seconds kStopTimeout{30};
// A port picked free can be taken by a concurrent test before the server binds it.
constexpr int kStartAttempts = 3;

}  // namespace

std::string SundialBinary() {
  const char* override_path = std::getenv("SUNDIAL_TEST_BINARY");
  return override_path && *override_path ? override_path : SUNDIAL_BINARY;
}

TestServer::TestServer(std::vector<std::string> extra_args)
    : extra_args_(std::move(extra_args)), data_dir_(dir_.Join("data")) {
  std::filesystem::create_directories(data_dir_);
  for (int attempt = 1; attempt <= kStartAttempts; ++attempt) {
    port_ = PickFreePort();
    if (TryStart()) return;
  }
  FailStart("it exited before accepting connections");
}

TestServer::~TestServer() {
  if (!process_ || !process_->Running()) return;
  process_->Signal(SIGTERM);
  if (!process_->WaitFor(kStopTimeout)) process_->Signal(SIGKILL);
  process_.reset();
}

std::string TestServer::ConnectionString() const {
  return "host=127.0.0.1 port=" + std::to_string(port_) +
         " user=postgres dbname=postgres connect_timeout=10";
}

bool TestServer::Running() {
  return process_ && process_->Running();
}

bool TestServer::TryStart() {
  // After a restart only the new process's output counts.
  const size_t stdout_offset = Stdout().size();
  std::vector<std::string> argv = {SundialBinary(),       "--listen",   "127.0.0.1", "--port",
                                   std::to_string(port_), "--data-dir", data_dir_};
  argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
  process_ =
      std::make_unique<ChildProcess>(argv, dir_.Join("server.stdout"), dir_.Join("server.stderr"));
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process_->Running()) return false;
    // The server prints "listening" once it is ready for queries; a port that
    // accepts connections earlier may still be recovering.
    if (Stdout().find("listening", stdout_offset) != std::string::npos &&
        PortAcceptsConnections(port_)) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FailStart("it did not print \"listening\" and accept connections within 20 s");
}

void TestServer::FailStart(const std::string& why) const {
  throw std::runtime_error("sundial on port " + std::to_string(port_) + " failed to start: " + why +
                           "\n--- stderr ---\n" + Stderr() + "\n--- stdout ---\n" + Stdout());
}

void TestServer::Stop() {
  if (!Running()) return;
  process_->Signal(SIGTERM);
  const std::optional<int> code = process_->WaitFor(kStopTimeout);
  if (!code) {
    process_->Signal(SIGKILL);
    throw std::runtime_error("sundial did not exit within 30 s of SIGTERM\n--- stderr ---\n" +
                             Stderr());
  }
  if (*code != 0) {
    throw std::runtime_error("sundial exited with status " + std::to_string(*code) +
                             " after SIGTERM\n--- stderr ---\n" + Stderr());
  }
}

void TestServer::Kill() {
  if (!Running()) return;
  process_->Signal(SIGKILL);
  process_->WaitFor(kStopTimeout);
}

void TestServer::Restart() {
  Stop();
  if (!TryStart()) FailStart("it exited before accepting connections after a restart");
}

std::string TestServer::Stdout() const {
  return ReadFile(dir_.Join("server.stdout"));
}
std::string TestServer::Stderr() const {
  return ReadFile(dir_.Join("server.stderr"));
}

}  // namespace sundial::testing
