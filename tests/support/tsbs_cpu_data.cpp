#include "support/tsbs_cpu_data.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <random>

#include "support/cpu_data_set.h"

namespace sundial::testing {
namespace {

constexpr int64_t kStartSeconds = 1451606400;  // 2016-01-01 00:00:00 UTC
constexpr uint64_t kSeed = 20160101;

// A value in [0, 100) with five decimals, from the generator's raw output
// (std:: distributions are not reproducible across library versions).
std::string Percent(std::mt19937_64& random) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.5f", static_cast<double>(random() % 10'000'000) / 1e5);
  return text;
}

}  // namespace

std::string TsbsCpuData::CpuCsv() {
  const std::array<const char*, 3> regions = {"us-east-1", "eu-central-1", "ap-northeast-1"};
  const std::array<const char*, 3> systems = {"Ubuntu16.04LTS", "Ubuntu15.10", "Debian8"};
  const std::array<const char*, 4> teams = {"SF", "NYC", "LON", "CHI"};
  const std::array<const char*, 3> environments = {"production", "staging", "test"};
  std::mt19937_64 random(kSeed);
  std::string csv;
  for (int step = 0; step < kSteps; ++step) {
    const std::string time = FormatUtcTimestamp(kStartSeconds + step * 60);
    for (int host = 0; host < kHosts; ++host) {
      csv += time + ",host_" + std::to_string(host) + "," + regions[host % 3] + "," +
             regions[host % 3] + (host % 2 ? "a" : "b") + "," + std::to_string(host % 7) + "," +
             systems[host % 3] + "," + (host % 2 ? "x64" : "x86") + "," + teams[host % 4] + "," +
             std::to_string(host % 5) + "," + (host % 3 == 0 ? "" : std::to_string(host % 2)) +
             "," + environments[host % 3];
      for (int metric = 0; metric < 10; ++metric) {
        const std::string value = Percent(random);
        const uint64_t dice = random() % 100;
        const bool null =
            (metric == 7 && dice < 5) || (metric == 8 && dice < 10) || (metric == 9 && host == 13);
        csv += "," + (null ? std::string() : value);
      }
      csv += "\n";
    }
  }
  return csv;
}

std::string TsbsCpuData::ReadingsCsv() {
  const std::array<const char*, 4> devices = {"alpha", "beta", "gamma", "delta"};
  const std::array<const char*, 5> notes = {"ok", "warm", "Hot", "hot spot", "cold_start"};
  std::mt19937_64 random(kSeed + 1);
  std::string csv;
  for (int i = 0; i < 240; ++i) {
    // Every 37 minutes from 2015-12-31 20:00 UTC: spans day, week and DST-free zone edges.
    const std::string time = FormatUtcTimestamp(kStartSeconds - 4 * 3600 + i * 37 * 60);
    const uint64_t dice = random();
    const int64_t reading = static_cast<int64_t>(dice % 2001) - 1000;
    csv += time + "," + (i % 11 == 5 ? "" : devices[i % 4]) + "," +
           (i % 13 == 3 ? "" : std::to_string(reading)) + "," + std::to_string((dice >> 16) % 10) +
           "," + (i % 9 == 4 ? "" : ((dice >> 24) % 2 ? "true" : "false")) + "," +
           (i % 7 == 6 ? "" : notes[(dice >> 32) % 5]) + "," +
           (i % 17 == 8 ? "" : Percent(random)) + "\n";
  }
  return csv;
}

}  // namespace sundial::testing
