#include "common/logging.h"

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace sundial {
namespace {

void Log(std::string_view level, std::string_view message) {
  static std::mutex mu;
  auto now =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  std::string line = fmt::format("{:%Y-%m-%d %H:%M:%S} UTC {}: {}\n", now, level, message);
  std::lock_guard lock(mu);
  std::fputs(line.c_str(), stderr);
}

}  // namespace

void LogWarning(std::string_view message) {
  Log("WARNING", message);
}
void LogInfo(std::string_view message) {
  Log("LOG", message);
}

}  // namespace sundial
