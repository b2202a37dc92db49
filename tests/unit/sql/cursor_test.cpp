#include <catch2/catch.hpp>

#include "sql_test_db.h"

namespace sundial::sql::testing {
namespace {

TEST_CASE("FETCH reads a declared cursor forward in pieces, MOVE skips rows") {
  TestDb db;
  db.Exec("CREATE TABLE t (time timestamptz NOT NULL, host text, v bigint)");
  db.Exec(
      "INSERT INTO t VALUES ('2024-01-01 00:00:00+00', 'a', 1), ('2024-01-01 00:00:01+00', 'b', "
      "2), ('2024-01-01 00:00:02+00', 'c', 3), ('2024-01-01 00:00:03+00', NULL, 4)");
  db.Exec("BEGIN");
  db.Exec("DECLARE c CURSOR FOR SELECT host, v FROM t ORDER BY time");
  CHECK(db.tag() == "DECLARE CURSOR");
  CHECK(db.Query("FETCH 2 FROM c") == Rows{{"a", "1"}, {"b", "2"}});
  CHECK(db.ColumnNames() == std::vector<std::string>{"host", "v"});
  CHECK(db.Query("FETCH NEXT IN c") == Rows{{"c", "3"}});
  CHECK(db.Query("FETCH FORWARD ALL FROM c") == Rows{{"NULL", "4"}});
  CHECK(db.Query("FETCH c").empty());
  db.Exec("CLOSE c");
  CHECK(db.tag() == "CLOSE CURSOR");

  db.Exec("DECLARE d NO SCROLL CURSOR WITHOUT HOLD FOR SELECT v FROM t ORDER BY v");
  db.Exec("MOVE FORWARD 3 FROM d");
  CHECK(db.tag() == "MOVE 3");
  CHECK(db.Query("FETCH ALL d") == Rows{{"4"}});
  db.Exec("MOVE ALL IN d");
  CHECK(db.tag() == "MOVE 0");
  db.Exec("COMMIT");
  // A cursor WITHOUT HOLD ends with its transaction.
  CHECK(db.Error("FETCH d").code() == ErrorCode::kInvalidCursorName);
}

TEST_CASE("A cursor streams a result larger than one batch") {
  TestDb db;
  db.Exec("BEGIN");
  db.Exec("DECLARE big CURSOR FOR SELECT g, g * 2 FROM generate_series(1, 5000) g");
  Rows first = db.Query("FETCH FORWARD 3000 FROM big");
  REQUIRE(first.size() == 3000);
  CHECK(first.back() == std::vector<std::string>{"3000", "6000"});
  Rows rest = db.Query("FETCH ALL FROM big");
  REQUIRE(rest.size() == 2000);
  CHECK(rest.front() == std::vector<std::string>{"3001", "6002"});
  CHECK(rest.back() == std::vector<std::string>{"5000", "10000"});
  db.Exec("COMMIT");
}

TEST_CASE("Cursor errors: names, transaction blocks, WITH HOLD, scrolling") {
  TestDb db;
  Status outside = db.Error("DECLARE c CURSOR FOR SELECT 1");
  CHECK(outside.code() == ErrorCode::kNoActiveSqlTransaction);
  CHECK(outside.message() == "DECLARE CURSOR can only be used in transaction blocks");
  CHECK(db.Error("FETCH 1 FROM nope").message() == "cursor \"nope\" does not exist");
  CHECK(db.Error("CLOSE nope").code() == ErrorCode::kInvalidCursorName);

  // WITH HOLD outlives the block (and may be declared outside one).
  db.Exec("DECLARE held CURSOR WITH HOLD FOR SELECT g FROM generate_series(1, 3) g");
  db.Exec("BEGIN");
  db.Exec("DECLARE held2 CURSOR WITH HOLD FOR SELECT 'x'");
  CHECK(db.Error("DECLARE held2 CURSOR FOR SELECT 1").code() == ErrorCode::kDuplicateCursor);
  db.Exec("ROLLBACK");
  CHECK(db.Query("FETCH 2 FROM held") == Rows{{"1"}, {"2"}});
  CHECK(db.Query("FETCH held2") == Rows{{"x"}});
  db.Exec("CLOSE ALL");
  CHECK(db.Error("FETCH held").code() == ErrorCode::kInvalidCursorName);

  db.Exec("BEGIN");
  CHECK(db.Error("DECLARE s SCROLL CURSOR FOR SELECT 1").code() == ErrorCode::kFeatureNotSupported);
  db.Exec("ROLLBACK");
  db.Exec("BEGIN");
  db.Exec("DECLARE c CURSOR FOR SELECT 1");
  Status backward = db.Error("FETCH BACKWARD 1 FROM c");
  CHECK(backward.code() == ErrorCode::kFeatureNotSupported);
  CHECK(backward.message() == "FETCH BACKWARD 1 (cursors only move forward) is not supported");
  db.Exec("ROLLBACK");
  // Words of the cursor statements stay usable as names.
  db.Exec("CREATE TABLE cursor (close int, hold text, forward bigint)");
  db.Exec("INSERT INTO cursor VALUES (1, 'h', 2)");
  CHECK(db.Query("SELECT close, hold, forward FROM cursor") == Rows{{"1", "h", "2"}});
}

}  // namespace
}  // namespace sundial::sql::testing
