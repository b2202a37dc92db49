#include <catch2/catch.hpp>
#include <chrono>
#include <pqxx/pqxx>
#include <string>
#include <thread>

#include "support/query_runner.h"
#include "support/test_server.h"

// ALTER TABLE, TRUNCATE and drop_chunks through a kill -9 and a restart.
namespace sundial::testing {
namespace {

constexpr const char* kSchema =
    "SET TIME ZONE 'UTC';"
    "CREATE TABLE m (time timestamptz NOT NULL, host text, v double precision);"
    "SELECT create_hypertable('m', 'time', chunk_time_interval => INTERVAL '1 hour');";

std::string InsertRows(int first, int count, bool with_extra) {
  std::string sql = with_extra ? "INSERT INTO m (time, host, v, extra) VALUES "
                               : "INSERT INTO m (time, host, v) VALUES ";
  for (int i = first; i < first + count; ++i) {
    sql += i == first ? "(" : ", (";
    sql += "TIMESTAMPTZ '2024-01-01 00:00:00+00' + " + std::to_string(i) + " * INTERVAL '1 minute'";
    sql += ", 'h" + std::to_string(i % 3) + "', " + std::to_string(i) + ".5";
    if (with_extra) sql += ", " + std::to_string(i * 2);
    sql += ")";
  }
  return sql;
}

const std::string kAnswer =
    "SELECT hostname, count(*), sum(extra), count(v), min(time), max(time), min(site) FROM m2 "
    "GROUP BY hostname ORDER BY hostname";

}  // namespace

TEST_CASE("Schema changes survive kill -9 with WAL written before and after them",
          "[durability][alter]") {
  TestServer server;
  QueryResult before;
  {
    pqxx::connection connection(server.ConnectionString());
    RunQuery(connection, kSchema);
    RunQuery(connection, InsertRows(0, 100, false));
    RunQuery(connection, "CHECKPOINT");
    // These rows are only in the WAL and the memtable when the ALTER comes.
    RunQuery(connection, InsertRows(100, 50, false));
    RunQuery(connection, "ALTER TABLE m ADD COLUMN extra integer DEFAULT 5");
    RunQuery(connection, InsertRows(150, 30, true));
    RunQuery(connection, "ALTER TABLE m DROP COLUMN v");
    RunQuery(connection, "ALTER TABLE m ADD COLUMN v text");
    RunQuery(connection, "ALTER TABLE m RENAME COLUMN host TO hostname");
    RunQuery(connection, "ALTER TABLE m RENAME TO m2");
    RunQuery(connection, "ALTER TABLE m2 ADD COLUMN site text DEFAULT 'x'");
    RunQuery(connection,
             "INSERT INTO m2 (time, hostname) VALUES ('2024-01-01 05:00:00+00', 'late')");
    before = RunQuery(connection, kAnswer);
    // Rows 0..149 and the late row read the ADD COLUMN default 5; rows
    // 150..179 hold 2i: 151 * 5 + 2 * (150 + ... + 179).
    CHECK(RunQuery(connection, "SELECT sum(extra), count(*) FROM m2").rows ==
          std::vector<Row>{{"10625", "181"}});
  }
  REQUIRE(before.rows.size() == 4);
  server.Kill();
  server.Restart();

  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, "SET TIME ZONE 'UTC'");
  QueryResult after = RunQuery(connection, kAnswer);
  INFO("before:\n" << FormatResult(before) << "\nafter:\n" << FormatResult(after));
  CHECK(after.rows == before.rows);
  // The re-added v never shows the dropped column's values.
  CHECK(RunQuery(connection, "SELECT count(v) FROM m2").rows[0][0] == "0");
  // The default still applies to new rows after the restart.
  RunQuery(connection, "INSERT INTO m2 (time, hostname) VALUES ('2024-01-01 06:00:00+00', 'z')");
  CHECK(RunQuery(connection, "SELECT extra, site FROM m2 WHERE hostname = 'z'").rows ==
        std::vector<Row>{{"5", "x"}});
}

TEST_CASE("TRUNCATE and drop_chunks survive kill -9", "[durability][retention]") {
  TestServer server;
  {
    pqxx::connection connection(server.ConnectionString());
    RunQuery(connection, kSchema);
    RunQuery(connection, InsertRows(0, 300, false));  // five hourly chunks
    RunQuery(connection, "CREATE TABLE t (a int)");
    RunQuery(connection, "INSERT INTO t VALUES (1), (2)");
    QueryResult dropped = RunQuery(
        connection, "SELECT drop_chunks('m', older_than => TIMESTAMPTZ '2024-01-01 02:30:00+00')");
    CHECK(dropped.rows.size() == 2);
    RunQuery(connection, "TRUNCATE t");
  }
  server.Kill();
  server.Restart();
  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, "SET TIME ZONE 'UTC'");
  CHECK(RunQuery(connection, "SELECT count(*), min(time) FROM m").rows ==
        std::vector<Row>{{"180", "2024-01-01 02:00:00+00"}});
  CHECK(RunQuery(connection, "SELECT count(*) FROM t").rows == std::vector<Row>{{"0"}});
  CHECK(RunQuery(connection, "SELECT show_chunks('m')").rows.size() == 3);
}

namespace {

// Polls `sql` until it answers `expected` or 20 seconds pass.
bool Eventually(pqxx::connection& connection, const std::string& sql, const std::string& expected) {
  for (int i = 0; i < 200; ++i) {
    if (RunQuery(connection, sql).rows == std::vector<Row>{{expected}}) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

constexpr const char* kOldAndNewRows =
    "INSERT INTO m SELECT TIMESTAMPTZ '2020-01-01' + i * INTERVAL '1 hour', 'old', i "
    "FROM generate_series(0, 47) AS i;"
    "INSERT INTO m SELECT now() - i * INTERVAL '1 minute', 'new', i FROM generate_series(0, 9) AS "
    "i";

}  // namespace

TEST_CASE("The server's scheduler runs persisted retention policies", "[durability][retention]") {
  TestServer server({"--retention-check-seconds", "1"});
  {
    pqxx::connection connection(server.ConnectionString());
    RunQuery(connection, kSchema);
    RunQuery(connection, kOldAndNewRows);
    CHECK(RunQuery(connection, "SELECT add_retention_policy('m', INTERVAL '30 days')").rows ==
          std::vector<Row>{{"1000"}});
    CHECK(Eventually(connection, "SELECT count(*) FROM m", "10"));
  }
  server.Kill();
  server.Restart();
  pqxx::connection connection(server.ConnectionString());
  RunQuery(connection, kOldAndNewRows);
  CHECK(Eventually(connection, "SELECT count(*) FROM m", "20"));
  CHECK(RunQuery(connection, "SELECT count(*) FROM m WHERE host = 'old'").rows ==
        std::vector<Row>{{"0"}});
}

}  // namespace sundial::testing
