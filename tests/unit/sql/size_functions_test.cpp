#include <catch2/catch.hpp>
#include <string>

#include "common/datetime.h"
#include "sql/statements.h"
#include "sql/table_policies.h"
#include "sql_test_db.h"

// TimescaleDB's size and chunk functions, the chunks and dimensions views,
// and the compression calls TimescaleDB scripts make, over the store.
namespace sundial::sql::testing {
namespace {

// 96 hourly rows from 2024-01-01 (day 19723 since the epoch): four daily
// chunks of table 1.
void CreateHourlyRows(TestDb& db) {
  db.Exec("SET TIME ZONE 'UTC'");
  db.Exec("CREATE TABLE m (time timestamptz NOT NULL, host text, v double precision)");
  db.Exec("SELECT create_hypertable('m', 'time', chunk_time_interval => INTERVAL '1 day')");
  db.Exec(
      "INSERT INTO m SELECT TIMESTAMPTZ '2024-01-01' + i * INTERVAL '1 hour', 'h' || (i % 3), "
      "i / 4.0 FROM generate_series(0, 95) AS i");
}

int64_t Int(const std::string& text) {
  return std::stoll(text);
}

TEST_CASE("Hypertable sizes agree with their chunks and with pg_total_relation_size", "[sizes]") {
  TestDb db;
  CreateHourlyRows(db);
  // Rows still in the memtable take no bytes on disk yet, but are counted.
  CHECK(db.Query("SELECT hypertable_size('m'), approximate_row_count('m')") == Rows{{"0", "96"}});
  CHECK(db.Query("SELECT count(*), sum(total_bytes) FROM chunks_detailed_size('m')") ==
        Rows{{"4", "0"}});
  db.Exec("CHECKPOINT");

  const Rows total = db.Query(
      "SELECT hypertable_size('m'), pg_total_relation_size('m'), pg_table_size('m'), "
      "pg_relation_size('m'::regclass), approximate_row_count('m'), (SELECT count(*) FROM m)");
  REQUIRE(total.size() == 1);
  const int64_t bytes = Int(total[0][0]);
  CHECK(bytes > 0);
  CHECK(total[0] ==
        std::vector<std::string>{total[0][0], total[0][0], total[0][0], total[0][0], "96", "96"});

  CHECK(db.Query("SELECT * FROM hypertable_detailed_size('m')") ==
        Rows{{total[0][0], "0", "0", total[0][0], "NULL"}});
  CHECK(db.ColumnNames() == std::vector<std::string>{"table_bytes", "index_bytes", "toast_bytes",
                                                     "total_bytes", "node_name"});

  const Rows chunks = db.Query("SELECT * FROM chunks_detailed_size('m') ORDER BY chunk_name");
  CHECK(db.ColumnNames() == std::vector<std::string>{"chunk_schema", "chunk_name", "table_bytes",
                                                     "index_bytes", "toast_bytes", "total_bytes",
                                                     "node_name"});
  REQUIRE(chunks.size() == 4);
  int64_t sum = 0;
  for (size_t i = 0; i < chunks.size(); ++i) {
    CHECK(chunks[i][0] == "_timescaledb_internal");
    CHECK(chunks[i][1] == "_hyper_1_" + std::to_string(19723 + i) + "_chunk");
    CHECK(Int(chunks[i][2]) > 0);
    CHECK(chunks[i][2] == chunks[i][5]);
    CHECK(chunks[i][3] == "0");
    CHECK(chunks[i][6] == "NULL");
    sum += Int(chunks[i][5]);
  }
  CHECK(sum == bytes);

  // The names match show_chunks', and the sizes join like any relation.
  CHECK(db.Query("SELECT show_chunks('m')") ==
        Rows{{"_timescaledb_internal._hyper_1_19723_chunk"},
             {"_timescaledb_internal._hyper_1_19724_chunk"},
             {"_timescaledb_internal._hyper_1_19725_chunk"},
             {"_timescaledb_internal._hyper_1_19726_chunk"}});
  CHECK(db.Query("SELECT h.hypertable_name, s.total_bytes = hypertable_size('m') "
                 "FROM timescaledb_information.hypertables h, hypertable_detailed_size('m') s") ==
        Rows{{"m", "t"}});
  CHECK(db.Query("SELECT c.chunk_name FROM chunks_detailed_size('m') c "
                 "JOIN timescaledb_information.chunks v USING (chunk_name) "
                 "WHERE c.total_bytes > 0 ORDER BY 1 LIMIT 1") == Rows{{"_hyper_1_19723_chunk"}});

  // A name known only when the statement runs is read as regclass then.
  CHECK(db.Query("SELECT hypertable_name, hypertable_size((hypertable_schema || '.' || "
                 "hypertable_name)::regclass) = hypertable_size('m') FROM "
                 "timescaledb_information.hypertables") == Rows{{"m", "t"}});
  CHECK(db.Query("SELECT approximate_row_count(hypertable_schema || '.' || hypertable_name) FROM "
                 "timescaledb_information.chunks LIMIT 1") == Rows{{"96"}});
  CHECK(db.Error("SELECT hypertable_size(chunk_name::regclass) FROM "
                 "timescaledb_information.chunks")
            .code() == ErrorCode::kUndefinedTable);
  db.Exec("PREPARE size_of AS SELECT hypertable_size($1)");
  CHECK(db.Query("EXECUTE size_of('m')") == Rows{{total[0][0]}});

  // A prepared statement is described without the relation, then executed
  // with it.
  db.Exec("PREPARE chunk_sizes AS SELECT sum(total_bytes) FROM chunks_detailed_size($1)");
  CHECK(db.Query("EXECUTE chunk_sizes('m')") == Rows{{total[0][0]}});
  db.Exec("PREPARE detailed AS SELECT total_bytes FROM hypertable_detailed_size($1)");
  CHECK(db.Query("EXECUTE detailed('public.m')") == Rows{{total[0][0]}});

  // Across a reopen the sizes are those of the same segment files.
  db.Open();
  CHECK(db.Query("SELECT hypertable_size('m'), approximate_row_count('m')") ==
        Rows{{total[0][0], "96"}});
}

TEST_CASE("Size functions of plain tables, unknown relations and misuse", "[sizes]") {
  TestDb db;
  CreateHourlyRows(db);
  db.Exec("CREATE TABLE plain (x int)");
  db.Exec("INSERT INTO plain VALUES (1), (2), (3)");
  // TimescaleDB: no detailed-size row for a relation that is no hypertable,
  // so hypertable_size is NULL; approximate_row_count counts any table.
  CHECK(db.Query("SELECT hypertable_size('plain'), approximate_row_count('plain')") ==
        Rows{{"NULL", "3"}});
  CHECK(db.Query("SELECT * FROM hypertable_detailed_size('plain')").empty());
  CHECK(db.Query("SELECT * FROM chunks_detailed_size('plain')").empty());
  CHECK(db.Query("SELECT hypertable_size(NULL), approximate_row_count('pg_class')") ==
        Rows{{"NULL", "0"}});

  CHECK(db.Error("SELECT hypertable_size('nosuch')").code() == ErrorCode::kUndefinedTable);
  CHECK(db.Error("SELECT approximate_row_count('nosuch')").code() == ErrorCode::kUndefinedTable);
  CHECK(db.Error("SELECT * FROM chunks_detailed_size('nosuch')").code() ==
        ErrorCode::kUndefinedTable);
  CHECK(db.Error("SELECT * FROM hypertable_detailed_size('m', 'm')").code() ==
        ErrorCode::kUndefinedFunction);
  // The uncompressed size of a chunk is never known: every segment is
  // written compressed.
  CHECK(db.Error("SELECT * FROM hypertable_compression_stats('m')").code() ==
        ErrorCode::kFeatureNotSupported);
  CHECK(db.Error("SELECT * FROM chunk_compression_stats('m')").code() ==
        ErrorCode::kFeatureNotSupported);
  const Status in_select = db.Error("SELECT hypertable_detailed_size('m')");
  CHECK(in_select.code() == ErrorCode::kFeatureNotSupported);
  CHECK(in_select.hint() == "SELECT * FROM hypertable_detailed_size('table')");
}

TEST_CASE("timescaledb_information.chunks and .dimensions follow the store's partitions",
          "[sizes][catalog]") {
  TestDb db;
  CreateHourlyRows(db);
  db.Exec("CREATE TABLE d (day date NOT NULL, n int)");
  db.Exec("SELECT create_hypertable('d', 'day', chunk_time_interval => INTERVAL '7 days')");
  db.Exec("INSERT INTO d VALUES ('2024-01-02', 1)");

  CHECK(db.Query("SELECT * FROM timescaledb_information.chunks ORDER BY hypertable_name, "
                 "chunk_name LIMIT 2") ==
        Rows{{"public", "d", "_timescaledb_internal", "_hyper_2_2817_chunk", "day", "date",
              "2023-12-28 00:00:00+00", "2024-01-04 00:00:00+00", "NULL", "NULL", "t", "NULL",
              "NULL"},
             {"public", "m", "_timescaledb_internal", "_hyper_1_19723_chunk", "time",
              "timestamp with time zone", "2024-01-01 00:00:00+00", "2024-01-02 00:00:00+00",
              "NULL", "NULL", "t", "NULL", "NULL"}});
  CHECK(db.Query("SELECT * FROM timescaledb_information.dimensions ORDER BY hypertable_name") ==
        Rows{{"public", "d", "1", "day", "date", "Time", "7 days", "NULL", "NULL", "NULL"},
             {"public", "m", "1", "time", "timestamp with time zone", "Time", "1 day", "NULL",
              "NULL", "NULL"}});

  // The view lists what show_chunks lists, also after drop_chunks.
  const std::string listed =
      "SELECT chunk_schema || '.' || chunk_name FROM timescaledb_information.chunks "
      "WHERE hypertable_name = 'm' ORDER BY 1";
  CHECK(db.Query(listed) == db.Query("SELECT show_chunks('m')"));
  db.Exec("SELECT drop_chunks('m', older_than => TIMESTAMPTZ '2024-01-03')");
  CHECK(db.Query(listed) == Rows{{"_timescaledb_internal._hyper_1_19725_chunk"},
                                 {"_timescaledb_internal._hyper_1_19726_chunk"}});
  CHECK(db.Query("SELECT count(*) FROM chunks_detailed_size('m')") == Rows{{"2"}});
  CHECK(db.Query("SELECT num_chunks FROM timescaledb_information.hypertables "
                 "WHERE hypertable_name = 'm'") == Rows{{"2"}});
}

TEST_CASE("compress_chunk finds every chunk compressed; decompress_chunk is refused",
          "[sizes][compression]") {
  TestDb db;
  CreateHourlyRows(db);
  CHECK(db.Query("SELECT compress_chunk('_timescaledb_internal._hyper_1_19723_chunk')") ==
        Rows{{"_timescaledb_internal._hyper_1_19723_chunk"}});
  CHECK(db.Query("SELECT compress_chunk(chunk_schema || '.' || chunk_name, true) "
                 "FROM timescaledb_information.chunks ORDER BY 1 LIMIT 2") ==
        Rows{{"_timescaledb_internal._hyper_1_19723_chunk"},
             {"_timescaledb_internal._hyper_1_19724_chunk"}});
  const Status again =
      db.Error("SELECT compress_chunk('_hyper_1_19723_chunk', if_not_compressed => false)");
  CHECK(again.code() == ErrorCode::kDuplicateObject);
  CHECK(again.message() ==
        "chunk \"_timescaledb_internal._hyper_1_19723_chunk\" is already compressed");
  CHECK(db.Error("SELECT decompress_chunk('_timescaledb_internal._hyper_1_19723_chunk')").code() ==
        ErrorCode::kFeatureNotSupported);
  for (const char* unknown :
       {"_timescaledb_internal._hyper_1_5_chunk", "_timescaledb_internal._hyper_9_19723_chunk", "m",
        "public._hyper_1_19723_chunk"}) {
    INFO(unknown);
    CHECK(db.Error(std::string("SELECT compress_chunk('") + unknown + "')").code() ==
          ErrorCode::kUndefinedTable);
  }
}

TEST_CASE("show_chunks in FROM feeds compress_chunk, as TimescaleDB scripts loop",
          "[sizes][compression]") {
  TestDb db;
  CreateHourlyRows(db);
  CHECK(db.Query("SELECT compress_chunk(c, if_not_compressed => true) "
                 "FROM show_chunks('m', older_than => TIMESTAMPTZ '2024-01-03') c") ==
        Rows{{"_timescaledb_internal._hyper_1_19723_chunk"},
             {"_timescaledb_internal._hyper_1_19724_chunk"}});
  CHECK(db.Query("SELECT count(*) FROM show_chunks('m', newer_than => TIMESTAMPTZ '2024-01-02', "
                 "older_than => TIMESTAMPTZ '2024-01-04') AS c") == Rows{{"2"}});
  CHECK(db.Query("SELECT * FROM show_chunks('m') LIMIT 1") ==
        Rows{{"_timescaledb_internal._hyper_1_19723_chunk"}});
  CHECK(db.ColumnNames() == std::vector<std::string>{"show_chunks"});
  CHECK(db.Error("SELECT * FROM show_chunks('nosuch')").code() == ErrorCode::kUndefinedTable);
  CHECK(db.Error("SELECT * FROM show_chunks('m', since => 1)").code() ==
        ErrorCode::kUndefinedFunction);
}

TEST_CASE("timescaledb_information.jobs lists the policies of existing hypertables",
          "[sizes][compression]") {
  TestDb db;
  CreateHourlyRows(db);
  db.Exec("SELECT add_retention_policy('m', INTERVAL '30 days')");
  db.Exec("SELECT add_compression_policy('m', INTERVAL '7 days')");
  const std::string jobs =
      "SELECT job_id, application_name, proc_schema, proc_name, owner, scheduled, config, "
      "hypertable_schema, hypertable_name FROM timescaledb_information.jobs ORDER BY job_id";
  CHECK(
      db.Query(jobs) ==
      Rows{{"1000", "Retention Policy [1000]", "_timescaledb_functions", "policy_retention",
            "postgres", "t", "{\"drop_after\": \"30 days\", \"hypertable_id\": 1}", "public", "m"},
           {"1001", "Compression Policy [1001]", "_timescaledb_functions", "policy_compression",
            "postgres", "f", "{\"hypertable_id\": 1, \"compress_after\": \"7 days\"}", "public",
            "m"}});
  db.Exec("SELECT remove_retention_policy('m')");
  CHECK(db.Query("SELECT job_id FROM timescaledb_information.jobs") == Rows{{"1001"}});
  db.Exec("DROP TABLE m");
  CHECK(db.Query("SELECT job_id FROM timescaledb_information.jobs").empty());
}

TEST_CASE("Compression policies are recorded, persist, and share job ids with retention",
          "[sizes][compression]") {
  TestDb db;
  CreateHourlyRows(db);
  db.Exec("CREATE TABLE plain (x int)");
  CHECK(db.Query("SELECT add_retention_policy('m', INTERVAL '30 days')") == Rows{{"1000"}});
  CHECK(db.Query("SELECT add_compression_policy('m', INTERVAL '7 days')") == Rows{{"1001"}});
  REQUIRE(db.notices().size() == 1);
  CHECK(db.notices()[0].message.find("compresses every chunk as it writes it") !=
        std::string::npos);
  const Status twice = db.Error("SELECT add_compression_policy('m', INTERVAL '1 day')");
  CHECK(twice.code() == ErrorCode::kDuplicateObject);
  CHECK(twice.message() == "compression policy already exists for hypertable \"m\"");
  CHECK(db.Query("SELECT add_compression_policy('m', compress_after => INTERVAL '1 day', "
                 "if_not_exists => true, schedule_interval => INTERVAL '1 hour')") ==
        Rows{{"1001"}});
  CHECK(db.Error("SELECT add_compression_policy('plain', INTERVAL '1 day')").code() ==
        ErrorCode::kInvalidParameterValue);
  CHECK(db.Error("SELECT add_compression_policy('nosuch', INTERVAL '1 day')").code() ==
        ErrorCode::kUndefinedTable);
  CHECK(db.Error("SELECT add_compression_policy('m', compress_after => INTERVAL '1 day', "
                 "compress_created_before => INTERVAL '2 days')")
            .code() == ErrorCode::kInvalidParameterValue);
  CHECK(db.Error("SELECT add_compression_policy('m', drop_after => INTERVAL '1 day')").code() ==
        ErrorCode::kUndefinedFunction);

  db.Open();
  auto policy = db.database().policies().Find(TablePolicies::Kind::kCompression, 1);
  REQUIRE(policy);
  CHECK(policy->job_id == 1001);
  CHECK(policy->after == Interval{.days = 7});
  CHECK(db.database().policies().Find(TablePolicies::Kind::kRetention, 1)->job_id == 1000);
  // The compression policy is not a retention policy: running retention
  // keeps every chunk younger than 30 days.
  REQUIRE(RunRetentionPolicies(db.database(), (19727 * int64_t{24}) * kMicrosPerHour).ok());
  CHECK(db.Query("SELECT count(*) FROM m") == Rows{{"96"}});

  CHECK(db.Query("SELECT remove_compression_policy('m')") == Rows{{"t"}});
  CHECK(db.Error("SELECT remove_compression_policy('m')").code() == ErrorCode::kUndefinedObject);
  CHECK(db.Query("SELECT remove_compression_policy('m', if_exists => true)") == Rows{{"f"}});
  REQUIRE(db.notices().size() == 1);
  CHECK(db.notices()[0].message == "compression policy not found for hypertable \"m\", skipping");
  db.Open();
  CHECK(!db.database().policies().Find(TablePolicies::Kind::kCompression, 1));
  CHECK(db.Query("SELECT add_compression_policy('m', compress_created_before => "
                 "INTERVAL '3 days')") == Rows{{"1002"}});
}

}  // namespace
}  // namespace sundial::sql::testing
