#include <catch2/catch.hpp>

#include "sql_test_db.h"

namespace sundial::sql::testing {
namespace {

void CreateCpu(TestDb& db) {
  db.Exec(
      "CREATE TABLE cpu (time timestamptz NOT NULL, hostname text, usage_user double "
      "precision)");
}

TEST_CASE("COPY text format loads rows split across writes") {
  TestDb db;
  CreateCpu(db);
  auto sink = db.Copy("COPY cpu FROM STDIN");
  CHECK(sink->column_count() == 3);
  REQUIRE(sink->Write("2026-01-01 00:00:00+00\th1\t1.5\n2026-01-01 00:0").ok());
  REQUIRE(sink->Write("1:00+00\th\\t2\t\\N\n\\.\n").ok());
  auto rows = sink->Finish();
  REQUIRE(rows.ok());
  CHECK(*rows == 2);
  CHECK(db.Query("SELECT hostname, usage_user FROM cpu ORDER BY time") ==
        Rows{{"h1", "1.5"}, {"h\t2", "NULL"}});
}

TEST_CASE("COPY csv with header, quotes and a column list") {
  TestDb db;
  CreateCpu(db);
  auto sink = db.Copy("COPY cpu (hostname, time) FROM STDIN WITH (FORMAT csv, HEADER true)");
  REQUIRE(sink->Write("hostname,time\n\"a,b\",2026-01-01T00:00:00Z\n\"\",2026-01-02\n").ok());
  auto rows = sink->Finish();
  REQUIRE(rows.ok());
  CHECK(*rows == 2);
  CHECK(db.Query("SELECT hostname, usage_user FROM cpu ORDER BY time") ==
        Rows{{"a,b", "NULL"}, {"", "NULL"}});
}

TEST_CASE("a bad COPY row anywhere stores nothing and names the line and column") {
  TestDb db;
  CreateCpu(db);
  auto sink = db.Copy("COPY cpu FROM STDIN WITH (FORMAT csv)");
  Status s = sink->Write(
      "2026-01-01 00:00:00+00,h1,1\n2026-01-01 00:00:01+00,h1,2\n2026-01-01 00:00:02+00,h1,abc\n");
  if (s.ok()) s = sink->Finish().status();
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == ErrorCode::kInvalidTextRepresentation);
  CHECK(s.message() == "invalid input syntax for type double precision: \"abc\"");
  CHECK(s.detail() == "COPY cpu, line 3, column usage_user: \"abc\"");
  CHECK(db.Query("SELECT count(*) FROM cpu") == Rows{{"0"}});
}

TEST_CASE("COPY reports missing and extra columns") {
  TestDb db;
  CreateCpu(db);
  auto sink = db.Copy("COPY cpu FROM STDIN WITH (FORMAT csv)");
  Status s = sink->Write("2026-01-01 00:00:00+00,h1\n");
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == ErrorCode::kBadCopyFileFormat);
  CHECK(s.message() == "missing data for column \"usage_user\"");

  sink = db.Copy("COPY cpu FROM STDIN");
  s = sink->Write("2026-01-01 00:00:00+00\th1\t1\t2\n");
  REQUIRE_FALSE(s.ok());
  CHECK(s.message() == "extra data after last expected column");
  CHECK(db.Query("SELECT count(*) FROM cpu") == Rows{{"0"}});
}

TEST_CASE("COPY of a NULL into a NOT NULL column fails") {
  TestDb db;
  CreateCpu(db);
  auto sink = db.Copy("COPY cpu FROM STDIN");
  Status s = sink->Write("\\N\th1\t1\n");
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == ErrorCode::kNotNullViolation);
}

TEST_CASE("unsupported COPY forms say what is unsupported") {
  TestDb db;
  CreateCpu(db);
  CHECK(db.Error("COPY cpu TO STDOUT").code() == ErrorCode::kFeatureNotSupported);
  CHECK(db.Error("COPY cpu FROM STDIN WITH (FORMAT binary)").code() ==
        ErrorCode::kFeatureNotSupported);
}

TEST_CASE("COPY inside a transaction block is applied at COMMIT") {
  TestDb db;
  CreateCpu(db);
  db.Exec("BEGIN");
  auto sink = db.Copy("COPY cpu FROM STDIN");
  REQUIRE(sink->Write("2026-01-01 00:00:00+00\th1\t1\n").ok());
  REQUIRE(sink->Finish().ok());
  db.Exec("COMMIT");
  CHECK(db.Query("SELECT count(*) FROM cpu") == Rows{{"1"}});
}

}  // namespace
}  // namespace sundial::sql::testing
