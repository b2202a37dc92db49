#include <catch2/catch.hpp>

#include "sql_test_db.h"

// Views and continuous aggregates in one session: what the differential
// scripts cannot show (time zones of sessions, transaction blocks, rows at
// infinity, views over tables that change).

namespace sundial::sql::testing {
namespace {

constexpr const char* kReadings =
    "CREATE TABLE readings (time timestamptz NOT NULL, device text, value double precision);"
    "SELECT create_hypertable('readings', 'time');"
    "INSERT INTO readings VALUES ('2023-12-31 22:30:00+00', 'a', 1), "
    "('2023-12-31 23:30:00+00', 'a', 2), ('2024-01-01 00:30:00+00', 'b', 3), "
    "('2024-01-01 15:30:00+00', 'b', 4), ('2024-01-02 00:30:00+00', 'a', 5);";

}  // namespace

TEST_CASE("A view reads its literals in the time zone it was created in", "[sql][views]") {
  TestDb db;
  REQUIRE(db.Run(kReadings).ok());
  REQUIRE(db.Run("SET TIME ZONE 'Europe/Berlin';"
                 "CREATE VIEW this_year AS SELECT count(*) AS n FROM readings "
                 "WHERE time >= '2024-01-01'")
              .ok());
  // Midnight in Berlin is 23:00 UTC, whichever zone reads the view.
  REQUIRE(db.Run("SET TIME ZONE 'UTC'").ok());
  CHECK(db.Query("SELECT n FROM this_year") == Rows{{"4"}});
}

TEST_CASE("A view keeps the columns it was created with", "[sql][views]") {
  TestDb db;
  REQUIRE(db.Run(kReadings).ok());
  REQUIRE(db.Run("CREATE VIEW everything AS SELECT * FROM readings").ok());
  REQUIRE(db.Run("ALTER TABLE readings ADD COLUMN note text DEFAULT 'x'").ok());
  REQUIRE(db.Run("SELECT * FROM everything LIMIT 1").ok());
  CHECK(db.columns().size() == 3);
}

TEST_CASE("A continuous aggregate's grid is the one its creator's time zone saw",
          "[sql][continuous_aggregates]") {
  TestDb db;
  REQUIRE(db.Run(kReadings).ok());
  REQUIRE(db.Run("SET TIME ZONE 'Asia/Tokyo'").ok());
  const std::string query =
      "SELECT time_bucket('1 day', time, origin => '2024-01-01') AS day, count(*) AS n, "
      "sum(value) AS total FROM readings GROUP BY day";
  const Rows expected = db.Query(query + " ORDER BY day");
  REQUIRE(db.Run("CREATE MATERIALIZED VIEW daily WITH (timescaledb.continuous) AS " + query +
                 " WITH NO DATA")
              .ok());
  // Refreshed from a session in another zone, as the policy scheduler does.
  REQUIRE(db.Run("SET TIME ZONE 'UTC'").ok());
  REQUIRE(db.Run("CALL refresh_continuous_aggregate('daily', NULL, NULL)").ok());
  REQUIRE(db.Run("INSERT INTO readings VALUES ('2024-01-01 14:59:00+00', 'c', 10)").ok());
  REQUIRE(db.Run("CALL refresh_continuous_aggregate('daily', NULL, NULL)").ok());
  REQUIRE(db.Run("SET TIME ZONE 'Asia/Tokyo'").ok());
  const Rows after = db.Query(query + " ORDER BY day");
  CHECK(after != expected);
  CHECK(db.Query("SELECT * FROM daily ORDER BY day") == after);
}

TEST_CASE("Rows at infinity make their bucket stale like any other",
          "[sql][continuous_aggregates]") {
  TestDb db;
  REQUIRE(db.Run(kReadings).ok());
  REQUIRE(db.Run("CREATE MATERIALIZED VIEW hourly WITH (timescaledb.continuous) AS "
                 "SELECT time_bucket('1 hour', time) AS hour, count(*) AS n FROM readings "
                 "GROUP BY hour")
              .ok());
  REQUIRE(db.Run("INSERT INTO readings VALUES ('infinity', 'z', 1)").ok());
  REQUIRE(db.Run("CALL refresh_continuous_aggregate('hourly', NULL, NULL)").ok());
  const Rows with_one = db.Query("SELECT n FROM hourly WHERE hour = 'infinity'");
  REQUIRE(db.Run("INSERT INTO readings VALUES ('infinity', 'z', 2)").ok());
  REQUIRE(db.Run("CALL refresh_continuous_aggregate('hourly', NULL, NULL)").ok());
  CHECK(db.Query("SELECT n FROM hourly WHERE hour = 'infinity'") ==
        db.Query("SELECT count(*) FROM readings WHERE time = 'infinity'"));
  CHECK(with_one != db.Query("SELECT n FROM hourly WHERE hour = 'infinity'"));
}

TEST_CASE("A continuous aggregate WITH DATA is refused inside a transaction block",
          "[sql][continuous_aggregates]") {
  TestDb db;
  REQUIRE(db.Run(kReadings).ok());
  REQUIRE(db.Run("BEGIN").ok());
  CHECK(db.Run("CREATE MATERIALIZED VIEW hourly WITH (timescaledb.continuous) AS "
               "SELECT time_bucket('1 hour', time) AS hour, count(*) FROM readings GROUP BY hour")
            .code() == ErrorCode::kActiveSqlTransaction);
  REQUIRE(db.Run("ROLLBACK").ok());
  CHECK(db.Run("SELECT * FROM hourly").code() == ErrorCode::kUndefinedTable);
  CHECK(db.Query("SELECT count(*) FROM pg_tables WHERE tablename LIKE '_materialized%'") ==
        Rows{{"0"}});
}

}  // namespace sundial::sql::testing
