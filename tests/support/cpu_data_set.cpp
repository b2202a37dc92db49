#include "support/cpu_data_set.h"

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace sundial::testing {
namespace {

// SplitMix64: a well-mixed 64-bit value from a counter, fixed for all time.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double Hundredths(uint64_t random) {
  return static_cast<double>(random % 10001) / 100.0;
}

std::string ExecutableDirectory() {
  return std::filesystem::read_symlink("/proc/self/exe").parent_path().string();
}

}  // namespace

std::string FormatUtcTimestamp(int64_t seconds) {
  const time_t t = static_cast<time_t>(seconds);
  tm fields{};
  gmtime_r(&t, &fields);
  char text[40];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02d %02d:%02d:%02d+00", fields.tm_year + 1900,
                fields.tm_mon + 1, fields.tm_mday, fields.tm_hour, fields.tm_min, fields.tm_sec);
  return text;
}

std::string FormatHundredths(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.2f", value);
  return text;
}

CpuRow CpuDataSet::Row(int64_t index) {
  const uint64_t i = static_cast<uint64_t>(index);
  CpuRow row{
      .time_seconds = kStartSeconds + (index / kHosts) * kIntervalSeconds,
      .host = static_cast<int>(index % kHosts),
      .usage_user = Hundredths(Mix(i * 4 + 1)),
      .ok = (Mix(i * 4 + 2) & 1) != 0,
      .n = index * 7 - 1000,
  };
  if (Mix(i * 4 + 3) % 50 != 0) row.usage_system = Hundredths(Mix(i * 4 + 4));
  return row;
}

std::string CpuDataSet::CsvLine(int64_t index) {
  const CpuRow row = Row(index);
  return FormatUtcTimestamp(row.time_seconds) + "," + row.hostname() + "," + row.region() + "," +
         FormatHundredths(row.usage_user) + "," +
         (row.usage_system ? FormatHundredths(*row.usage_system) : "") + "," +
         (row.ok ? "true" : "false") + "," + std::to_string(row.n);
}

void CpuDataSet::WriteCsv(const std::string& path) const {
  const std::string temp_path = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    out << kCsvHeader << '\n';
    for (int64_t i = 0; i < rows_; ++i)
      out << CsvLine(i) << '\n';
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + temp_path);
  }
  std::filesystem::rename(temp_path, path);
}

std::string CpuDataSet::CachedCsv() const {
  const std::filesystem::path dir = std::filesystem::path(ExecutableDirectory()) / "test-data";
  std::filesystem::create_directories(dir);
  // The version tag changes whenever the generator does, so a stale cache is never read.
  const std::string path = (dir / ("cpu_v1_" + std::to_string(rows_) + ".csv")).string();
  if (!std::filesystem::exists(path)) WriteCsv(path);
  return path;
}

}  // namespace sundial::testing
