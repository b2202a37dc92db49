#include <catch2/catch.hpp>

#include <filesystem>

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
  CHECK(db.Error("COPY cpu TO '/tmp/cpu.txt'").code() == ErrorCode::kFeatureNotSupported);
  CHECK(db.Error("COPY cpu FROM '/tmp/cpu.txt'").code() == ErrorCode::kFeatureNotSupported);
  CHECK(db.Error("COPY cpu TO PROGRAM 'cat'").code() == ErrorCode::kFeatureNotSupported);
}

TEST_CASE("COPY csv FORCE_NOT_NULL and FORCE_NULL change what reads as NULL") {
  TestDb db;
  db.Exec("CREATE TABLE f (a text, b text, c integer)");
  auto sink = db.Copy("COPY f FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (a), FORCE_NULL (b, c))");
  REQUIRE(sink->Write(",,\n\"\",\"\",\"\"\nx,\"\",1\n").ok());
  auto rows = sink->Finish();
  REQUIRE(rows.ok());
  CHECK(*rows == 3);
  CHECK(db.Query("SELECT a IS NULL, b IS NULL, c FROM f ORDER BY c NULLS FIRST, a") ==
        Rows{{"f", "t", "NULL"}, {"f", "t", "NULL"}, {"f", "t", "1"}});
  CHECK(db.Error("COPY f (a) FROM STDIN WITH (FORMAT csv, FORCE_NULL (b))").code() ==
        ErrorCode::kInvalidColumnReference);
  CHECK(db.Error("COPY f FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (z))").code() ==
        ErrorCode::kUndefinedColumn);
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

// Rows ten seconds apart from 2026-01-01, `bad_line` (1-based) with a bad usage value.
std::string CpuCsv(int rows, int bad_line = 0) {
  std::string csv;
  for (int i = 0; i < rows; ++i) {
    int64_t seconds = int64_t{i} * 10;
    csv += "2026-01-01 " + std::string(seconds / 3600 < 10 ? "0" : "") +
           std::to_string(seconds / 3600) + ":" + std::to_string(seconds / 60 % 60 / 10) +
           std::to_string(seconds / 60 % 10) + ":" + std::to_string(seconds % 60 / 10) + "0,host_" +
           std::to_string(i % 7) + "," + (i + 1 == bad_line ? "x1" : std::to_string(i % 100)) +
           "\n";
  }
  return csv;
}

size_t SegmentFileCount(const std::string& dir) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir + "/tables")) {
    if (entry.is_regular_file()) ++files;
  }
  return files;
}

Status CopyInPieces(TestDb& db, const std::string& data) {
  auto sink = db.Copy("COPY cpu FROM STDIN WITH (FORMAT csv)");
  for (size_t at = 0; at < data.size(); at += 7001) {
    Status written = sink->Write(std::string_view(data).substr(at, 7001));
    if (!written.ok()) return written;
  }
  return sink->Finish().status();
}

TEST_CASE("a COPY larger than the flush size streams to segment files and loads every row") {
  TestDb db(16 << 10);
  CreateCpu(db);
  db.Exec("SELECT create_hypertable('cpu', 'time', chunk_time_interval => INTERVAL '1 hour')");
  REQUIRE(CopyInPieces(db, CpuCsv(6000)).ok());
  CHECK(SegmentFileCount(db.data_dir()) > 1);
  CHECK(db.Query("SELECT count(*), sum(usage_user), min(time), max(time) FROM cpu") ==
        Rows{{"6000", "297000", "2026-01-01 00:00:00+00", "2026-01-01 16:39:50+00"}});
  CHECK(db.Query("SELECT hostname, usage_user FROM cpu WHERE time = '2026-01-01 10:00:00+00'") ==
        Rows{{"host_2", "0"}});
  db.Open();
  CHECK(db.Query("SELECT count(*) FROM cpu") == Rows{{"6000"}});
}

TEST_CASE("a bad row late in a streamed COPY stores nothing") {
  TestDb db(16 << 10);
  CreateCpu(db);
  Status s = CopyInPieces(db, CpuCsv(6000, 5999));
  REQUIRE_FALSE(s.ok());
  CHECK(s.detail() == "COPY cpu, line 5999, column usage_user: \"x1\"");
  CHECK(db.Query("SELECT count(*) FROM cpu") == Rows{{"0"}});
  CHECK(SegmentFileCount(db.data_dir()) == 0);
}

TEST_CASE("a large COPY inside a transaction block is undone by ROLLBACK") {
  TestDb db(16 << 10);
  CreateCpu(db);
  db.Exec("BEGIN");
  REQUIRE(CopyInPieces(db, CpuCsv(3000)).ok());
  db.Exec("ROLLBACK");
  CHECK(db.Query("SELECT count(*) FROM cpu") == Rows{{"0"}});
  db.Exec("BEGIN");
  REQUIRE(CopyInPieces(db, CpuCsv(3000)).ok());
  db.Exec("COMMIT");
  CHECK(db.Query("SELECT count(*) FROM cpu") == Rows{{"3000"}});
}

}  // namespace
}  // namespace sundial::sql::testing
