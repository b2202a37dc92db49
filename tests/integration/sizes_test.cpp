#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "support/cpu_data_set.h"
#include "support/query_runner.h"
#include "support/test_server.h"

// TimescaleDB's size functions, chunk views and compression calls through a
// live server: rows across several chunks, sizes that add up, views that
// list what show_chunks lists, and TimescaleDB's SQLSTATEs.
namespace sundial::testing {
namespace {

int64_t Single(pqxx::connection& connection, const std::string& sql) {
  const QueryResult result = RunQuery(connection, sql);
  REQUIRE(result.rows.size() == 1);
  REQUIRE(result.rows[0].size() == 1);
  REQUIRE(result.rows[0][0].has_value());
  return std::stoll(*result.rows[0][0]);
}

std::vector<Row> Column(pqxx::connection& connection, const std::string& sql) {
  return RunQuery(connection, sql).rows;
}

}  // namespace

TEST_CASE("Chunk sizes add up to the hypertable's and the views list show_chunks' chunks",
          "[sizes]") {
  TestServer server;
  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, "SET TIME ZONE 'UTC'");
  RunQuery(connection, CpuDataSet::kCreateTableSql);
  RunQuery(connection, CpuDataSet::kCreateHypertableSql);
  // 5 days of rows, one per minute for each of 4 hosts: 5 daily chunks.
  RunQuery(connection,
           "INSERT INTO cpu SELECT TIMESTAMPTZ '2016-01-01 00:00:00+00' + (i / 4) * "
           "INTERVAL '1 minute', 'host_' || (i % 4), 'region_' || (i % 2), (i % 100) / 3.0, "
           "(i % 77) + 0.5, i % 3 = 0, i FROM generate_series(0, 28799) AS i");
  RunQuery(connection, "CHECKPOINT");

  const int64_t size = Single(connection, "SELECT hypertable_size('cpu')");
  CHECK(size > 0);
  CHECK(Single(connection, "SELECT total_bytes FROM hypertable_detailed_size('cpu')") == size);
  CHECK(Single(connection, "SELECT sum(total_bytes) FROM chunks_detailed_size('cpu')") == size);
  CHECK(Single(connection, "SELECT pg_total_relation_size('cpu')") == size);
  CHECK(Single(connection,
               "SELECT count(*) FROM chunks_detailed_size('cpu') "
               "WHERE total_bytes <= 0") == 0);
  CHECK(Single(connection, "SELECT approximate_row_count('cpu')") ==
        Single(connection, "SELECT count(*) FROM cpu"));
  CHECK(Single(connection, "SELECT approximate_row_count('cpu')") == 28800);

  const std::string view_chunks =
      "SELECT chunk_schema || '.' || chunk_name FROM timescaledb_information.chunks "
      "WHERE hypertable_name = 'cpu' ORDER BY range_start";
  const std::string size_chunks =
      "SELECT chunk_schema || '.' || chunk_name FROM chunks_detailed_size('cpu') ORDER BY 1";
  const std::vector<Row> shown = Column(connection, "SELECT show_chunks('cpu')");
  CHECK(shown.size() == 5);
  CHECK(Column(connection, view_chunks) == shown);
  CHECK(Column(connection, size_chunks) == shown);
  CHECK(Column(connection,
               "SELECT range_start, range_end, is_compressed FROM timescaledb_information.chunks "
               "ORDER BY range_start LIMIT 1") ==
        std::vector<Row>{{"2016-01-01 00:00:00+00", "2016-01-02 00:00:00+00", "t"}});
  CHECK(Column(connection,
               "SELECT column_name, column_type, time_interval FROM "
               "timescaledb_information.dimensions WHERE hypertable_name = 'cpu'") ==
        std::vector<Row>{{"time", "timestamp with time zone", "1 day"}});

  // compress_chunk over the view, as TimescaleDB scripts loop over chunks.
  CHECK(Column(connection,
               "SELECT compress_chunk(chunk_schema || '.' || chunk_name) FROM "
               "timescaledb_information.chunks ORDER BY 1") == shown);

  CHECK(Column(connection,
               "SELECT compress_chunk(c, if_not_compressed => true) FROM show_chunks('cpu', "
               "older_than => TIMESTAMPTZ '2016-01-03 00:00:00+00') c") ==
        std::vector<Row>(shown.begin(), shown.begin() + 2));

  const std::vector<Row> dropped = Column(
      connection, "SELECT drop_chunks('cpu', older_than => TIMESTAMPTZ '2016-01-03 00:00:00+00')");
  CHECK(dropped.size() == 2);
  const std::vector<Row> left(shown.begin() + 2, shown.end());
  CHECK(Column(connection, "SELECT show_chunks('cpu')") == left);
  CHECK(Column(connection, view_chunks) == left);
  CHECK(Column(connection, size_chunks) == left);
  const int64_t smaller = Single(connection, "SELECT hypertable_size('cpu')");
  CHECK(smaller < size);
  CHECK(Single(connection, "SELECT sum(total_bytes) FROM chunks_detailed_size('cpu')") == smaller);
  CHECK(Single(connection, "SELECT approximate_row_count('cpu')") ==
        Single(connection, "SELECT count(*) FROM cpu"));

  // The sizes and the compression policy outlive a restart.
  CHECK(Single(connection, "SELECT add_compression_policy('cpu', INTERVAL '7 days')") == 1000);
  server.Restart();
  pqxx::connection again(server.ConnectionString());
  CHECK(Single(again, "SELECT hypertable_size('cpu')") == smaller);
  CHECK(Column(again, "SELECT show_chunks('cpu')") == left);
  CHECK(Single(again,
               "SELECT add_compression_policy('cpu', INTERVAL '7 days', if_not_exists => true)") ==
        1000);
  CHECK(Column(again,
               "SELECT job_id, proc_name, scheduled, hypertable_name FROM "
               "timescaledb_information.jobs") ==
        std::vector<Row>{{"1000", "policy_compression", "f", "cpu"}});

  RunQuery(again, "CREATE TABLE plain (x int)");
  // Prepared with the relation as a parameter, as drivers send it.
  again.prepare("chunk_bytes",
                "SELECT chunk_name, total_bytes FROM chunks_detailed_size($1) ORDER BY 1");
  {
    pqxx::work work(again);
    const pqxx::result chunk_bytes = work.exec_prepared("chunk_bytes", "cpu");
    REQUIRE(chunk_bytes.size() == left.size());
    int64_t sum = 0;
    for (const auto& row : chunk_bytes)
      sum += row[1].as<int64_t>();
    CHECK(sum == smaller);
    CHECK(work.exec_prepared("chunk_bytes", "plain").size() == 0);
    work.commit();
  }

  struct Case {
    const char* sql;
    const char* sqlstate;
  };
  const Case cases[] = {
      {"SELECT hypertable_size('nosuch')", "42P01"},
      {"SELECT * FROM chunks_detailed_size('nosuch')", "42P01"},
      {"SELECT * FROM hypertable_detailed_size()", "42883"},
      {"SELECT hypertable_detailed_size('cpu')", "0A000"},
      {"SELECT add_compression_policy('cpu', INTERVAL '1 day')", "42710"},
      {"SELECT add_compression_policy('plain', INTERVAL '1 day')", "22023"},
      {"SELECT remove_compression_policy('plain')", "22023"},
      {"SELECT compress_chunk('_timescaledb_internal._hyper_1_0_chunk')", "42P01"},
      {"SELECT compress_chunk(show, false) FROM (SELECT "
       "'_timescaledb_internal._hyper_1_16804_chunk' AS show) s",
       "42710"},
      {"SELECT decompress_chunk('_timescaledb_internal._hyper_1_16804_chunk')", "0A000"},
  };
  for (const Case& c : cases) {
    INFO(c.sql);
    const QueryOutcome outcome = TryQuery(again, c.sql);
    INFO("error: " << outcome.error);
    CHECK_FALSE(outcome.result.has_value());
    CHECK(outcome.sqlstate == c.sqlstate);
  }
  CHECK(Column(again, "SELECT hypertable_size('plain')") == std::vector<Row>{{std::nullopt}});
  CHECK(Column(again, "SELECT remove_compression_policy('cpu')") == std::vector<Row>{{"t"}});
}

}  // namespace sundial::testing
