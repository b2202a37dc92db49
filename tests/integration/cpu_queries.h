#pragma once

// SQL shared by the integration tests that load the CpuDataSet.

#include <pqxx/pqxx>
#include <string>

#include "support/cpu_data_set.h"
#include "support/query_runner.h"

namespace sundial::testing {

// The question the project was started for: 5-minute buckets of a few hosts
// in a time range, with avg, max, count, first and last.
inline constexpr const char* kIssueQuery =
    "SELECT time_bucket('5 minutes', time) AS bucket, hostname,\n"
    "       avg(usage_user) AS avg_user, max(usage_system) AS max_system, count(*) AS samples,\n"
    "       first(usage_user, time) AS first_user, last(usage_user, time) AS last_user\n"
    "FROM cpu\n"
    "WHERE time >= '2016-01-01 06:00:00+00' AND time < '2016-01-01 10:00:00+00'\n"
    "  AND hostname IN ('host_3', 'host_42', 'host_77')\n"
    "GROUP BY bucket, hostname\n"
    "ORDER BY bucket, hostname\n"
    "LIMIT 100";

inline void CreateCpuHypertable(pqxx::connection& connection) {
  RunQuery(connection, CpuDataSet::kCreateTableSql);
  RunQuery(connection, CpuDataSet::kCreateHypertableSql);
}

// Streams rows [first, first + count) of the data set through COPY FROM STDIN
// (text format), the way libpqxx's stream_to sends them.
inline void StreamCpuRows(pqxx::connection& connection, int64_t first, int64_t count) {
  pqxx::work transaction(connection);
  pqxx::stream_to stream(transaction, "cpu",
                         std::vector<std::string>{"time", "hostname", "region", "usage_user",
                                                  "usage_system", "ok", "n"});
  for (int64_t i = first; i < first + count; ++i) {
    const CpuRow row = CpuDataSet::Row(i);
    const std::string system = row.usage_system ? FormatHundredths(*row.usage_system) : "";
    // libpqxx 6.4 writes a null const char* as \N, COPY's NULL.
    stream << std::make_tuple(FormatUtcTimestamp(row.time_seconds), row.hostname(), row.region(),
                              FormatHundredths(row.usage_user),
                              row.usage_system ? system.c_str() : nullptr, row.ok, row.n);
  }
  stream.complete();
  transaction.commit();
}

inline int64_t CountRows(pqxx::connection& connection) {
  return std::stoll(QueryValue(connection, "SELECT count(*) FROM cpu").value_or("-1"));
}

}  // namespace sundial::testing
