#pragma once

#include <string>

namespace sundial::testing {

// The compat tests' data: TSBS's wide cpu table (10 tags, 10 usage metrics)
// for 20 hosts (host_0 .. host_19) every 60 s through 2016-01-01 UTC, and a
// small `readings` table of integers, booleans, text and NULLs for generic
// SQL. Both are generated from a fixed seed, so every run and both servers see
// the same rows.
struct TsbsCpuData {
  static constexpr int kHosts = 20;
  static constexpr int kSteps = 1440;
  static constexpr const char* kSchemaSql =
      "CREATE TABLE cpu (time timestamptz NOT NULL, hostname text, region text, datacenter text, "
      "rack text, os text, arch text, team text, service text, service_version text, "
      "service_environment text, usage_user double precision, usage_system double precision, "
      "usage_idle double precision, usage_nice double precision, usage_iowait double precision, "
      "usage_irq double precision, usage_softirq double precision, usage_steal double precision, "
      "usage_guest double precision, usage_guest_nice double precision);\n"
      "SELECT create_hypertable('cpu', 'time', chunk_time_interval => INTERVAL '6 hours');\n"
      "CREATE TABLE readings (time timestamptz NOT NULL, device text, reading bigint, "
      "level integer, flag boolean, note text, value double precision);\n"
      "SELECT create_hypertable('readings', 'time', chunk_time_interval => INTERVAL '1 day');";

  // CSV without header, columns in table order, empty field = NULL.
  static std::string CpuCsv();
  static std::string ReadingsCsv();
};

}  // namespace sundial::testing
