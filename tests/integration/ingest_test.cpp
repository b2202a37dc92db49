#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <string>
#include <utility>

#include "cpu_queries.h"
#include "support/cpu_data_set.h"
#include "support/psql.h"
#include "support/query_runner.h"
#include "support/temp_dir.h"
#include "support/test_server.h"

namespace sundial::testing {
namespace {

constexpr int64_t kMillionRows = 1'000'000;

// One expected row of kIssueQuery, computed from the generator alone.
struct ExpectedBucket {
  double sum_user = 0;
  int64_t count = 0;
  std::optional<double> max_system;
  int64_t first_time = 0;
  double first_user = 0;
  int64_t last_time = 0;
  double last_user = 0;
};

using BucketKey = std::pair<int64_t, std::string>;  // (bucket start, hostname)

std::vector<std::pair<BucketKey, ExpectedBucket>> ExpectedIssueAnswer(const CpuDataSet& data) {
  const int64_t from = CpuDataSet::kStartSeconds + 6 * 3600;
  const int64_t to = CpuDataSet::kStartSeconds + 10 * 3600;
  std::map<BucketKey, ExpectedBucket> buckets;  // ordered like ORDER BY bucket, hostname
  for (int64_t i = 0; i < data.size(); ++i) {
    const CpuRow row = CpuDataSet::Row(i);
    if (row.time_seconds < from || row.time_seconds >= to) continue;
    if (row.host != 3 && row.host != 42 && row.host != 77) continue;
    // 2016-01-01 is a whole number of 5-minute buckets after the 2000-01-03 origin.
    const int64_t bucket = row.time_seconds - row.time_seconds % 300;
    ExpectedBucket& b = buckets[{bucket, row.hostname()}];
    if (b.count == 0 || row.time_seconds < b.first_time) {
      b.first_time = row.time_seconds;
      b.first_user = row.usage_user;
    }
    if (b.count == 0 || row.time_seconds > b.last_time) {
      b.last_time = row.time_seconds;
      b.last_user = row.usage_user;
    }
    b.sum_user += row.usage_user;
    ++b.count;
    if (row.usage_system) b.max_system = std::max(b.max_system.value_or(-1), *row.usage_system);
  }
  std::vector<std::pair<BucketKey, ExpectedBucket>> answer(buckets.begin(), buckets.end());
  if (answer.size() > 100) answer.resize(100);
  return answer;
}

bool Near(const std::optional<std::string>& actual, double expected) {
  if (!actual) return false;
  const double value = std::strtod(actual->c_str(), nullptr);
  return std::abs(value - expected) <= 1e-9 * std::max(1.0, std::abs(expected));
}

void CheckIssueAnswer(pqxx::connection& connection, const CpuDataSet& data) {
  const QueryResult result = RunQuery(connection, kIssueQuery);
  const auto expected = ExpectedIssueAnswer(data);
  INFO("Sundial answered:\n" << FormatResult(result));
  REQUIRE(result.columns == std::vector<std::string>{"bucket", "hostname", "avg_user", "max_system",
                                                     "samples", "first_user", "last_user"});
  REQUIRE(expected.size() == 100);
  REQUIRE(result.rows.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto& [key, bucket] = expected[i];
    const Row& row = result.rows[i];
    INFO("row " << i);
    CHECK(row[0] == FormatUtcTimestamp(key.first));
    CHECK(row[1] == key.second);
    CHECK(Near(row[2], bucket.sum_user / static_cast<double>(bucket.count)));
    if (bucket.max_system) {
      CHECK(Near(row[3], *bucket.max_system));
    } else {
      CHECK(row[3] == std::nullopt);
    }
    CHECK(row[4] == std::to_string(bucket.count));
    CHECK(Near(row[5], bucket.first_user));
    CHECK(Near(row[6], bucket.last_user));
  }
}

}  // namespace

TEST_CASE("Rows of a multi-row INSERT read back with their values and NULLs", "[ingest]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, "SET TIME ZONE 'UTC'");
  RunQuery(connection, CpuDataSet::kCreateTableSql);
  const QueryResult hypertable = RunQuery(connection, CpuDataSet::kCreateHypertableSql);
  CHECK(hypertable.rows.size() == 1);

  RunQuery(connection,
           "INSERT INTO cpu (time, hostname, region, usage_user, usage_system, ok, n) VALUES "
           "('2016-01-01 00:00:10+00', 'host_1', 'eu', 10.5, NULL, true, 1), "
           "('2016-01-01 00:00:00+00', 'host_2', NULL, 0.25, 3, false, -9000000000), "
           "('2016-01-02 12:00:00+00', 'host_1', 'eu', NULL, 99.75, NULL, NULL)");

  const QueryResult rows =
      RunQuery(connection,
               "SELECT time, hostname, region, usage_user, usage_system, ok, n FROM cpu "
               "ORDER BY time");
  INFO(FormatResult(rows));
  REQUIRE(rows.rows.size() == 3);
  CHECK(rows.rows[0] ==
        Row{"2016-01-01 00:00:00+00", "host_2", std::nullopt, "0.25", "3", "f", "-9000000000"});
  CHECK(rows.rows[1] ==
        Row{"2016-01-01 00:00:10+00", "host_1", "eu", "10.5", std::nullopt, "t", "1"});
  CHECK(rows.rows[2] == Row{"2016-01-02 12:00:00+00", "host_1", "eu", std::nullopt, "99.75",
                            std::nullopt, std::nullopt});
}

TEST_CASE("A million rows loaded with psql \\copy answer the time_bucket query exactly",
          "[ingest][copy]") {
  const CpuDataSet data(kMillionRows);
  const std::string csv = data.CachedCsv();
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, "SET TIME ZONE 'UTC'");
  CreateCpuHypertable(connection);

  const CommandResult copy =
      RunPsql(server.port(), {"-c", "\\copy cpu FROM '" + csv + "' WITH (FORMAT csv, HEADER)"});
  INFO("psql stderr: " << copy.err);
  REQUIRE(copy.exit_code == 0);

  CHECK(CountRows(connection) == kMillionRows);
  CheckIssueAnswer(connection, data);
}

TEST_CASE("A million rows streamed through libpqxx COPY answer the time_bucket query exactly",
          "[ingest][copy]") {
  const CpuDataSet data(kMillionRows);
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, "SET TIME ZONE 'UTC'");
  CreateCpuHypertable(connection);

  StreamCpuRows(connection, 0, data.size());

  CHECK(CountRows(connection) == kMillionRows);
  CheckIssueAnswer(connection, data);
}

TEST_CASE("A COPY with a malformed row names the line and loads none of its rows",
          "[ingest][copy][errors]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  CreateCpuHypertable(connection);
  StreamCpuRows(connection, 0, 10);

  TempDir dir;
  const std::string csv = dir.Join("bad.csv");
  {
    std::ofstream out(csv);
    out << CpuDataSet::kCsvHeader << '\n';
    for (int64_t i = 10; i < 1010; ++i) {
      // File line 502 (the header is line 1) carries text where a double belongs.
      out << (i == 510 ? "2016-01-01 00:00:00+00,host_1,r,not_a_number,1,true,1"
                       : CpuDataSet::CsvLine(i))
          << '\n';
    }
  }
  const CommandResult copy =
      RunPsql(server.port(), {"-c", "\\copy cpu FROM '" + csv + "' WITH (FORMAT csv, HEADER)"});
  INFO("psql stderr: " << copy.err);
  CHECK(copy.exit_code != 0);
  CHECK_THAT(copy.err, Catch::Contains("line 502"));

  CHECK(CountRows(connection) == 10);
}

}  // namespace sundial::testing
