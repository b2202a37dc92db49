#include <catch2/catch.hpp>

#include "sql_test_db.h"

namespace sundial::sql::testing {
namespace {

void CreateReadings(TestDb& db) {
  db.Exec(
      "CREATE TABLE readings (time timestamptz NOT NULL, device text DEFAULT 'unknown', "
      "value double precision)");
}

TEST_CASE("INSERT ... RETURNING * gives the stored rows, defaults included",
          "[sql][insert][returning]") {
  TestDb db;
  CreateReadings(db);
  CHECK(db.Query("INSERT INTO readings (time, value) VALUES ('2026-01-01 00:00:00+00', 1.5), "
                 "('2026-01-01 00:01:00+00', NULL) RETURNING *") ==
        Rows{{"2026-01-01 00:00:00+00", "unknown", "1.5"},
             {"2026-01-01 00:01:00+00", "unknown", "NULL"}});
  CHECK(db.ColumnNames() == std::vector<std::string>{"time", "device", "value"});
  CHECK(db.Query("SELECT count(*) FROM readings") == Rows{{"2"}});
}

TEST_CASE("RETURNING computes expressions over each new row and names them like a select list",
          "[sql][insert][returning]") {
  TestDb db;
  CreateReadings(db);
  CHECK(db.Query("INSERT INTO readings VALUES ('2026-01-01 00:00:00+00', 'a', 2) "
                 "RETURNING value * 2 AS doubled, upper(device), readings.device, 'x'") ==
        Rows{{"4", "A", "a", "x"}});
  CHECK(db.ColumnNames() == std::vector<std::string>{"doubled", "upper", "device", "?column?"});
  CHECK(db.Query("INSERT INTO readings SELECT time + interval '1 hour', device, value + 1 "
                 "FROM readings RETURNING device, value") == Rows{{"a", "3"}});
}

TEST_CASE("A RETURNING list that fails stores nothing", "[sql][insert][returning]") {
  TestDb db;
  CreateReadings(db);
  const char* values = "INSERT INTO readings VALUES ('2026-01-01 00:00:00+00', 'a', 0) ";
  CHECK(db.Error(std::string(values) + "RETURNING 1 / value::int").code() ==
        ErrorCode::kDivisionByZero);
  CHECK(db.Error(std::string(values) + "RETURNING nope").code() == ErrorCode::kUndefinedColumn);
  CHECK(db.Error(std::string(values) + "RETURNING count(*)").code() == ErrorCode::kGroupingError);
  CHECK(db.Error(std::string(values) + "RETURNING other.*").code() == ErrorCode::kUndefinedTable);
  CHECK(db.Query("SELECT count(*) FROM readings") == Rows{{"0"}});
}

}  // namespace
}  // namespace sundial::sql::testing
