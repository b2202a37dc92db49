#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sundial::testing {

// One row of the integration tests' table
//   cpu (time timestamptz NOT NULL, hostname text, region text,
//        usage_user double precision, usage_system double precision, ok boolean, n bigint)
struct CpuRow {
  int64_t time_seconds = 0;            // seconds since the Unix epoch, UTC
  int host = 0;                        // hostname is "host_<host>"
  double usage_user = 0;               // two decimals, 0 .. 100
  std::optional<double> usage_system;  // NULL in about 2% of the rows
  bool ok = false;
  int64_t n = 0;

  std::string hostname() const { return "host_" + std::to_string(host); }
  std::string region() const { return "region_" + std::to_string(host % 4); }
};

// A deterministic data set: row i belongs to host i % kHosts at time
// kStartSeconds + (i / kHosts) * kIntervalSeconds, its values derived from i
// alone, so a test can recompute any answer without storing the rows.
class CpuDataSet {
 public:
  static constexpr int64_t kStartSeconds = 1451606400;  // 2016-01-01 00:00:00 UTC
  static constexpr int kHosts = 100;
  static constexpr int64_t kIntervalSeconds = 10;
  static constexpr const char* kCreateTableSql =
      "CREATE TABLE cpu (time timestamptz NOT NULL, hostname text, region text, "
      "usage_user double precision, usage_system double precision, ok boolean, n bigint)";
  static constexpr const char* kCreateHypertableSql =
      "SELECT create_hypertable('cpu', 'time', chunk_time_interval => INTERVAL '1 day')";

  explicit CpuDataSet(int64_t rows) : rows_(rows) {}

  int64_t size() const { return rows_; }
  static CpuRow Row(int64_t index);

  // The CSV line of a row (no newline): empty field = NULL, times as
  // "2016-01-01 00:00:10+00", doubles with two decimals.
  static std::string CsvLine(int64_t index);
  static constexpr const char* kCsvHeader = "time,hostname,region,usage_user,usage_system,ok,n";

  // Writes the header and every row to `path` (atomically: temp file + rename).
  void WriteCsv(const std::string& path) const;
  // The data set as a CSV with header, generated once into the test binary's
  // directory and reused by later test processes.
  std::string CachedCsv() const;

 private:
  int64_t rows_;
};

// "YYYY-MM-DD HH:MM:SS+00", PostgreSQL's timestamptz output in UTC.
std::string FormatUtcTimestamp(int64_t seconds);
// A double with exactly two decimals, the way the data set writes it.
std::string FormatHundredths(double value);

}  // namespace sundial::testing
