#include <catch2/catch.hpp>

#include "sql_test_db.h"

namespace sundial::sql::testing {
namespace {

using Payloads = std::vector<std::string>;

Payloads CopyOut(TestDb& db, const std::string& sql) {
  auto payloads = db.CopyOut(sql);
  INFO(sql << " -> " << payloads.status().message());
  REQUIRE(payloads.ok());
  return std::move(payloads).value();
}

std::string Joined(const Payloads& payloads) {
  std::string all;
  for (const std::string& p : payloads)
    all += p;
  return all;
}

void CreateNotes(TestDb& db) {
  db.Exec("CREATE TABLE notes (id integer, body text, score double precision)");
  // Loaded through text COPY, whose escapes spell every control character.
  auto sink = db.Copy("COPY notes FROM STDIN");
  REQUIRE(sink->Write("1\ttab\\there\t1.5\n"
                      "2\tline\\nbreak\\rcr\t\\N\n"
                      "3\tback\\\\slash\\b\\f\\v\t-0\n"
                      "4\t\\N\tNaN\n"
                      "5\t\\x01ctl\t-Infinity\n")
              .ok());
  REQUIRE(sink->Finish().ok());
}

TEST_CASE("COPY TO text escapes like PostgreSQL, one payload per row") {
  TestDb db;
  CreateNotes(db);
  const Payloads payloads = CopyOut(db, "COPY notes TO STDOUT");
  CHECK(payloads == Payloads{"1\ttab\\there\t1.5\n", "2\tline\\nbreak\\rcr\t\\N\n",
                             "3\tback\\\\slash\\b\\f\\v\t-0\n", "4\t\\N\tNaN\n",
                             "5\t\x01"
                             "ctl\t-Infinity\n"});
  CHECK(db.tag() == "COPY 5");
}

TEST_CASE("COPY TO text with a column list, a delimiter that needs escaping and a header") {
  TestDb db;
  CreateNotes(db);
  CHECK(Joined(CopyOut(db,
                       "COPY notes (body, id) TO STDOUT WITH (DELIMITER '|', NULL 'none', "
                       "HEADER)")) ==
        "body|id\n"
        "tab\\there|1\n"
        "line\\nbreak\\rcr|2\n"
        "back\\\\slash\\b\\f\\v|3\n"
        "none|4\n"
        "\x01"
        "ctl|5\n");
  CHECK(Joined(CopyOut(db,
                       "COPY (SELECT 'a|b' AS \"x|y\", 1 AS z) TO STDOUT (DELIMITER '|', "
                       "HEADER)")) == "x\\|y|z\na\\|b|1\n");
}

TEST_CASE("COPY TO csv quotes only what needs quoting") {
  TestDb db;
  db.Exec("CREATE TABLE t (a text, b integer)");
  db.Exec(
      "INSERT INTO t VALUES ('plain', 1), ('has,comma', 2), ('say \"hi\"', 3), ('', 4), "
      "(NULL, 5), ('two\nlines', NULL)");
  CHECK(Joined(CopyOut(db, "COPY t TO STDOUT WITH (FORMAT csv, HEADER)")) ==
        "a,b\n"
        "plain,1\n"
        "\"has,comma\",2\n"
        "\"say \"\"hi\"\"\",3\n"
        "\"\",4\n"
        ",5\n"
        "\"two\nlines\",\n");
  CHECK(Joined(CopyOut(db,
                       "COPY (SELECT a, b FROM t WHERE b <= 3) TO STDOUT WITH (FORMAT csv, "
                       "QUOTE '''', ESCAPE '\\', FORCE_QUOTE (b), NULL 'N', DELIMITER ';')")) ==
        "plain;'1'\n"
        "has,comma;'2'\n"
        "say \"hi\";'3'\n");
  CHECK(Joined(CopyOut(db,
                       "COPY (SELECT 'it''s' AS q) TO STDOUT WITH (FORMAT csv, QUOTE '''', "
                       "ESCAPE '\\', FORCE_QUOTE *)")) == "'it\\'s'\n");
  // A lone \. in a one-column copy would end the data when read back.
  CHECK(Joined(CopyOut(db, "COPY (SELECT '\\.' AS x) TO STDOUT (FORMAT csv)")) == "\"\\.\"\n");
  CHECK(Joined(CopyOut(db, "COPY (SELECT '\\.' AS x, 1 AS y) TO STDOUT (FORMAT csv)")) ==
        "\\.,1\n");
}

TEST_CASE("COPY TO binary writes the header, length-prefixed fields and the trailer") {
  TestDb db;
  db.Exec("CREATE TABLE b (i integer, s text)");
  db.Exec("INSERT INTO b VALUES (258, 'hi'), (NULL, '')");
  const Payloads payloads = CopyOut(db, "COPY b TO STDOUT WITH (FORMAT binary)");
  REQUIRE(payloads.size() == 3);
  const std::string header("PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0", 19);
  CHECK(payloads[0] == header + std::string("\0\2\0\0\0\4\0\0\1\2\0\0\0\2hi", 16));
  CHECK(payloads[1] == std::string("\0\2\377\377\377\377\0\0\0\0", 10));
  CHECK(payloads[2] == "\377\377");
  CHECK(db.tag() == "COPY 2");
  // No rows: the header travels with the trailer.
  CHECK(CopyOut(db, "COPY (SELECT * FROM b WHERE i > 1000) TO STDOUT (FORMAT binary)") ==
        Payloads{header + "\377\377"});
}

TEST_CASE("COPY TO binary then COPY FROM binary reproduces every value") {
  TestDb db;
  db.Exec(
      "CREATE TABLE src (b boolean, s smallint, i integer, l bigint, r real, d double precision, "
      "dt date, ts timestamp, tz timestamptz, iv interval, t text, v varchar(8))");
  db.Exec(
      "INSERT INTO src VALUES (true, -3, 2147483647, -9223372036854775808, 1.5, -0.0, "
      "'2026-03-01', '2026-03-01 12:34:56.789', '2026-03-01 12:00:00+02', '1 mon 2 days 00:00:03', "
      "'tab\there', 'short'), (NULL, NULL, NULL, NULL, 'NaN', 'Infinity', 'infinity', "
      "'-infinity', NULL, NULL, NULL, NULL)");
  db.Exec(
      "CREATE TABLE dst (b boolean, s smallint, i integer, l bigint, r real, d double precision, "
      "dt date, ts timestamp, tz timestamptz, iv interval, t text, v varchar(8))");
  const std::string data = Joined(CopyOut(db, "COPY src TO STDOUT (FORMAT binary)"));
  auto sink = db.Copy("COPY dst FROM STDIN (FORMAT binary)");
  CHECK(sink->binary());
  // Fed a byte at a time: tuples and the header span writes.
  for (char c : data)
    REQUIRE(sink->Write(std::string_view(&c, 1)).ok());
  auto rows = sink->Finish();
  REQUIRE(rows.ok());
  CHECK(*rows == 2);
  CHECK(db.Query("SELECT * FROM dst ORDER BY i NULLS LAST") ==
        db.Query("SELECT * FROM src ORDER BY i NULLS LAST"));
}

TEST_CASE("COPY TO streams: rows before a failing batch are produced first") {
  TestDb db;
  auto payloads_or = db.session().Parse(
      "COPY (SELECT 1 / (x - 10000) FROM generate_series(1, 20000) AS x) TO STDOUT");
  REQUIRE(payloads_or.ok());
  auto result = db.session().Execute(*(*payloads_or)[0]);
  REQUIRE(result.ok());
  REQUIRE(result->copy_out != nullptr);
  size_t produced = 0;
  Status status;
  while (true) {
    std::string payload;
    auto more = result->copy_out->Next(payload);
    if (!more.ok()) {
      status = more.status();
      break;
    }
    REQUIRE(*more);
    ++produced;
  }
  CHECK(status.code() == ErrorCode::kDivisionByZero);
  CHECK(produced >= kBatchCapacity);
  CHECK(produced < 10000);
  // The session is still usable.
  CHECK(db.Query("SELECT 1") == Rows{{"1"}});
}

TEST_CASE("COPY options are checked as PostgreSQL checks them") {
  TestDb db;
  db.Exec("CREATE TABLE t (a text, b integer)");
  struct Case {
    const char* sql;
    ErrorCode code;
    const char* message;
  };
  const Case cases[] = {
      {"COPY t TO STDOUT (FORMAT binary, DELIMITER ',')", ErrorCode::kSyntaxError,
       "cannot specify DELIMITER in BINARY mode"},
      {"COPY t TO STDOUT (FORMAT binary, HEADER)", ErrorCode::kFeatureNotSupported,
       "cannot specify HEADER in BINARY mode"},
      {"COPY t TO STDOUT (FORMAT xml)", ErrorCode::kInvalidParameterValue,
       "COPY format \"xml\" not recognized"},
      {"COPY t TO STDOUT (FORMAT csv, FORMAT text)", ErrorCode::kSyntaxError,
       "conflicting or redundant options"},
      {"COPY t TO STDOUT (BOGUS 1)", ErrorCode::kSyntaxError, "option \"bogus\" not recognized"},
      {"COPY t TO STDOUT (HEADER match)", ErrorCode::kFeatureNotSupported,
       "cannot use \"match\" with HEADER in COPY TO"},
      {"COPY t TO STDOUT (QUOTE '''')", ErrorCode::kFeatureNotSupported,
       "COPY quote available only in CSV mode"},
      {"COPY t TO STDOUT (FORCE_QUOTE *)", ErrorCode::kFeatureNotSupported,
       "COPY force quote available only in CSV mode"},
      {"COPY t FROM STDIN (FORMAT csv, FORCE_QUOTE *)", ErrorCode::kFeatureNotSupported,
       "COPY force quote only available using COPY TO"},
      {"COPY t TO STDOUT (DELIMITER 'a')", ErrorCode::kInvalidParameterValue,
       "COPY delimiter cannot be \"a\""},
      {"COPY t TO STDOUT (FORMAT csv, DELIMITER '\"')", ErrorCode::kInvalidParameterValue,
       "COPY delimiter and quote must be different"},
      {"COPY t TO STDOUT (NULL 'x,y', FORMAT csv)", ErrorCode::kFeatureNotSupported,
       "COPY delimiter must not appear in the NULL specification"},
      {"COPY t TO STDOUT (FORMAT csv, FORCE_QUOTE (nope))", ErrorCode::kUndefinedColumn,
       "column \"nope\" of relation \"t\" does not exist"},
      {"COPY t (a) TO STDOUT (FORMAT csv, FORCE_QUOTE (b))", ErrorCode::kInvalidColumnReference,
       "FORCE_QUOTE column \"b\" not referenced by COPY"},
      {"COPY (SELECT 1 AS x) TO STDOUT (FORMAT csv, FORCE_QUOTE (y))", ErrorCode::kUndefinedColumn,
       "column \"y\" does not exist"},
      {"COPY nope TO STDOUT (BOGUS 1)", ErrorCode::kUndefinedTable,
       "relation \"nope\" does not exist"},
  };
  for (const Case& c : cases) {
    auto result = db.CopyOut(c.sql);
    INFO(c.sql);
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().code() == c.code);
    CHECK(result.status().message() == c.message);
  }
}

TEST_CASE("binary COPY FROM rejects malformed data with PostgreSQL's errors") {
  TestDb db;
  db.Exec("CREATE TABLE t (i integer, s text)");
  const std::string header("PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0", 19);
  const std::string tuple("\0\2\0\0\0\4\0\0\0\7\0\0\0\1x", 15);
  struct Case {
    std::string data;
    const char* message;
  };
  const Case cases[] = {
      {"PGCOPY\n\377\r\n\1", "COPY file signature not recognized"},
      {std::string("PGCOPY\n\377\r\n\0\0\1\0\0\0\0\0\0", 19),
       "invalid COPY file header (WITH OIDS)"},
      {header + std::string("\0\3", 2), "row field count is 3, expected 2"},
      {header + tuple.substr(0, 12), "unexpected EOF in COPY data"},
      {header + std::string("\0\2\377\377\377\376", 6), "invalid field size"},
      {header + tuple + "\377\377" + tuple, "received copy data after EOF marker"},
  };
  for (const Case& c : cases) {
    auto sink = db.Copy("COPY t FROM STDIN (FORMAT binary)");
    Status status = sink->Write(c.data);
    if (status.ok()) status = sink->Finish().status();
    INFO(c.message);
    REQUIRE_FALSE(status.ok());
    CHECK(status.code() == ErrorCode::kBadCopyFileFormat);
    CHECK(status.message() == c.message);
  }
  // A value of the wrong size names its line and column.
  auto sink = db.Copy("COPY t FROM STDIN (FORMAT binary)");
  Status status = sink->Write(header + tuple + std::string("\0\2\0\0\0\2\0\7\377\377\377\377", 12));
  if (status.ok()) status = sink->Finish().status();
  REQUIRE_FALSE(status.ok());
  CHECK(status.code() == ErrorCode::kInvalidBinaryRepresentation);
  CHECK(status.detail() == "COPY t, line 2, column i");
  CHECK(db.Query("SELECT count(*) FROM t") == Rows{{"0"}});
  // A clean end without the trailer is accepted.
  sink = db.Copy("COPY t FROM STDIN (FORMAT binary)");
  REQUIRE(sink->Write(header + tuple).ok());
  REQUIRE(sink->Finish().ok());
  CHECK(db.Query("SELECT i, s FROM t") == Rows{{"7", "x"}});
}

}  // namespace
}  // namespace sundial::sql::testing
