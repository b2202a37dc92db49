#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "support/child_process.h"
#include "support/query_runner.h"
#include "support/test_server.h"

namespace sundial::testing {
namespace {

TEST_CASE("A memory budget sizes the memtables and the block cache", "[memory_budget]") {
  TestServer server({"--memory-budget", "16MiB"});
  CHECK_THAT(server.Stdout(),
             Catch::Contains(
                 "Memory budget 16 MiB: memtables 2 x 2 MiB, block cache 4 MiB, merges 4 MiB"));

  // Far more rows than the memtables hold: writers wait for flushes instead
  // of failing, and every row is there, also after a restart.
  const std::string totals = "SELECT count(*), count(DISTINCT host), sum(v)::bigint FROM m";
  const std::vector<Row> expected = {{"400000", "50", "79999800000"}};
  {
    pqxx::connection connection(server.ConnectionString());
    RunQuery(connection,
             "CREATE TABLE m (time timestamptz NOT NULL, host text, v double precision) "
             "WITH (timescaledb.hypertable, timescaledb.partition_column='time')");
    for (int batch = 0; batch < 4; ++batch) {
      RunQuery(connection,
               "INSERT INTO m SELECT TIMESTAMPTZ '2026-01-01' + i * INTERVAL '1 second', "
               "'host_' || (i % 50), i FROM generate_series(" +
                   std::to_string(batch * 100000) + ", " + std::to_string(batch * 100000 + 99999) +
                   ") AS i");
    }
    CHECK(RunQuery(connection, totals).rows == expected);
  }
  server.Restart();
  pqxx::connection reopened(server.ConnectionString());
  CHECK(RunQuery(reopened, totals).rows == expected);
}

TEST_CASE("A memory budget that is not a size stops the server with a message", "[memory_budget]") {
  const CommandResult run =
      RunCommand({SundialBinary(), "--port", "0", "--memory-budget", "12 parsecs"});
  CHECK(run.exit_code != 0);
  CHECK_THAT(run.err, Catch::Contains("--memory-budget") && Catch::Contains("12 parsecs"));
}

}  // namespace
}  // namespace sundial::testing
