#include <fstream>

#include "compat/compat_scripts.h"
#include "support/psql.h"

// COPY ... TO STDOUT through psql, whose output is the COPY data itself:
// the bytes from Sundial must be PostgreSQL's.

namespace sundial::testing {
namespace {

// Every type, their special values, and text that needs escaping or quoting
// (tab, newline, carriage return, backslash, quotes, the delimiters, a
// control character, a lone \., non-ASCII).
const char* const kTypesSql =
    "CREATE TABLE types (i integer, b boolean, s smallint, l bigint, r real, d double precision, "
    "dt date, ts timestamp, tz timestamptz, iv interval, t text, v varchar(12));"
    "INSERT INTO types VALUES "
    "(1, true, 1, 1, 1.5, 0.1, '2026-01-01', '2026-01-01 12:00:00', "
    "'2026-01-01 12:00:00.123456+00', '1 year 2 mons 3 days 04:05:06.789', 'plain', 'v'),"
    "(2, false, -32768, -9223372036854775808, 'NaN', 'NaN', 'infinity', 'infinity', "
    "'-infinity', '-1 days +02:00:00', 'tab\there', 'a,b'),"
    "(3, NULL, 32767, 9223372036854775807, 'Infinity', 'Infinity', '-infinity', '-infinity', "
    "'infinity', '00:00:00', 'line\nbreak', 'q\"uote'),"
    "(4, true, 0, 0, '-Infinity', '-Infinity', '0044-03-15 BC', '2000-02-29 23:59:59.999999', "
    "'1900-06-01 00:00:00+00', '-3 mons -00:00:01', 'cr\rhere', ''),"
    "(5, false, -1, -1, '-0', '-0', '1999-12-31', '1970-01-01 00:00:00', "
    "'2026-07-01 08:30:00-07', '1000000 hours', 'back\\slash', NULL),"
    "(6, NULL, NULL, NULL, 3.4e38, 1e300, NULL, NULL, NULL, NULL, 'say \"hi\", ok', 'x;y'),"
    "(7, true, 7, 7, 1e-7, 1.234e-06, '2026-12-31', '2026-12-31 23:59:59', "
    "'2026-12-31 23:59:59.5+00', '1 mon', '', 'é☃'),"
    "(8, false, 8, 8, 123456.7, 123456789012345678, '2000-01-01', '2000-01-01 00:00:00', "
    "'2000-01-01 00:00:00+00', '-1 years', NULL, '\\.'),"
    "(9, true, 9, 9, 0.1, -1.5e-300, '2000-01-02', '1999-12-31 23:59:59.999999', "
    "'1999-12-31 23:59:59.999999+00', '1 day -1 second', '\\.', 'x'),"
    "(10, NULL, 10, 10, 2, 2, '2001-01-01', '2001-01-01 01:01:01', '2001-01-01 01:01:01+00', "
    "'2 days', 'it''s', 'v'),"
    "(11, false, 11, 11, 11, 11, '2011-11-11', '2011-11-11 11:11:11', '2011-11-11 11:11:11+00', "
    "'11 mins', 'héllo ☃ wörld', 'v'),"
    "(12, true, 12, 12, 12, 12, '2012-12-12', '2012-12-12 12:12:12', '2012-12-12 12:12:12+00', "
    "'12 secs', '\x01"
    "ctl', 'v');"
    "CREATE TABLE plain (a integer, b text);"
    "INSERT INTO plain VALUES (1, 'one'), (2, NULL), (3, ''), (-4, 'minus four');";

// psql's COPY output and errors, from a fresh session in UTC.
CommandResult CopyThroughPsql(int port, const std::string& sql) {
  return RunPsql(port, {"-c", "SET TimeZone = 'UTC'", "-c", sql});
}

TEST_CASE("COPY TO STDOUT gives PostgreSQL's bytes in text, csv and binary", "[compat][copy]") {
  LoadedPair pair;
  pair->ExecuteOnBoth(kTypesSql);
  const auto statements =
      ReadScript(std::string(SUNDIAL_SOURCE_DIR) + "/tests/compat/copy_out_queries.sql");
  REQUIRE_FALSE(statements.empty());
  int matching = 0;
  for (const ScriptStatement& statement : statements) {
    const CommandResult postgres = CopyThroughPsql(pair->postgres_port(), statement.sql);
    const CommandResult sundial = CopyThroughPsql(pair->sundial_port(), statement.sql);
    INFO("[" << statement.label << "] " << statement.sql);
    REQUIRE(postgres.exit_code == 0);
    // An empty copy would compare equal for the wrong reason.
    CHECK_FALSE(postgres.out.empty());
    if (sundial.exit_code == 0 && sundial.out == postgres.out) {
      ++matching;
      continue;
    }
    size_t at = 0;
    while (at < sundial.out.size() && at < postgres.out.size() &&
           sundial.out[at] == postgres.out[at])
      ++at;
    FAIL_CHECK("Sundial (exit " << sundial.exit_code << ", " << sundial.err << ") differs at byte "
                                << at << "\nSundial:\n"
                                << sundial.out.substr(at > 80 ? at - 80 : 0, 240)
                                << "\nPostgreSQL:\n"
                                << postgres.out.substr(at > 80 ? at - 80 : 0, 240));
  }
  CHECK(matching == static_cast<int>(statements.size()));
}

// Runs psql's \copy (data through the client) against the server on `port`.
void ClientCopy(int port, const std::string& copy) {
  const CommandResult result = RunPsql(port, {"-c", "\\copy " + copy});
  INFO(copy << "\n" << result.err);
  REQUIRE(result.exit_code == 0);
}

TEST_CASE("binary COPY moves every type between Sundial and PostgreSQL both ways",
          "[compat][copy]") {
  LoadedPair pair;
  pair->ExecuteOnBoth(kTypesSql);
  const std::string columns =
      " (i integer, b boolean, s smallint, l bigint, r real, d double precision, dt date, "
      "ts timestamp, tz timestamptz, iv interval, t text, v varchar(12))";
  pair->ExecuteOnBoth("CREATE TABLE from_sundial" + columns + "; CREATE TABLE from_postgres" +
                      columns);
  TempDir dir;
  const std::string sundial_file = dir.Join("sundial.bin");
  const std::string postgres_file = dir.Join("postgres.bin");
  ClientCopy(pair->sundial_port(), "types TO '" + sundial_file + "' WITH (FORMAT binary)");
  ClientCopy(pair->postgres_port(), "types TO '" + postgres_file + "' WITH (FORMAT binary)");
  for (int port : {pair->sundial_port(), pair->postgres_port()}) {
    ClientCopy(port, "from_sundial FROM '" + sundial_file + "' WITH (FORMAT binary)");
    ClientCopy(port, "from_postgres FROM '" + postgres_file + "' (FORMAT binary)");
  }
  // Every copy, on either side, holds PostgreSQL's original rows.
  for (const char* table : {"from_sundial", "from_postgres"}) {
    CHECK(pair->CompareEquivalent("SELECT * FROM " + std::string(table) + " ORDER BY i",
                                  "SELECT * FROM types ORDER BY i")
              .empty());
    CHECK(pair->Compare("SELECT * FROM " + std::string(table) + " ORDER BY i").empty());
  }
}

TEST_CASE("csv COPY FROM with FORCE_NOT_NULL and FORCE_NULL reads NULLs as PostgreSQL does",
          "[compat][copy]") {
  LoadedPair pair;
  pair->ExecuteOnBoth("CREATE TABLE forced (a text, b text, c integer, d text)");
  TempDir dir;
  const std::string empty_null = dir.Join("empty_null.csv");
  std::ofstream(empty_null) << ",,,\n\"\",\"\",\"\",\"\"\nx,\"\",1,\n";
  const std::string word_null = dir.Join("word_null.csv");
  std::ofstream(word_null) << "\"NULL\",NULL,2,NULL\nNULL,\"NULL\",3,\"\"\n";
  const std::pair<std::string, std::string> loads[] = {
      {empty_null, "FORMAT csv, FORCE_NOT_NULL (a), FORCE_NULL (b, c)"},
      {word_null, "FORMAT csv, NULL 'NULL', FORCE_NOT_NULL (d), FORCE_NULL (a)"}};
  for (int port : {pair->sundial_port(), pair->postgres_port()}) {
    for (const auto& [path, options] : loads) {
      const CommandResult in =
          RunPsql(port, {"-c", "\\copy forced FROM '" + path + "' WITH (" + options + ")"});
      INFO(in.err);
      REQUIRE(in.exit_code == 0);
    }
  }
  CHECK(pair->Compare("SELECT a, b, c, d, a IS NULL AS an, b IS NULL AS bn, d IS NULL AS dn "
                      "FROM forced ORDER BY c, a, b, d")
            .empty());
}

TEST_CASE("COPY options PostgreSQL rejects fail with its SQLSTATEs", "[compat][copy]") {
  CompareErrorScript("copy_out_error_queries.sql");
}

}  // namespace
}  // namespace sundial::testing
