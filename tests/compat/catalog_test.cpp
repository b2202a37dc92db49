#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/postgres_oracle.h"
#include "support/psql.h"
#include "support/test_server.h"

// psql 15's describe commands and catalog queries against Sundial and a
// PostgreSQL 15 holding the same tables: the output must be the same.
namespace sundial::testing {
namespace {

constexpr const char* kTables =
    "CREATE TABLE cpu (time timestamptz NOT NULL, host text, usage_user double precision, "
    "n int DEFAULT 0, v varchar(32), b boolean, s smallint, big bigint, d date, r real);"
    "SELECT create_hypertable('cpu', 'time');"
    "CREATE TABLE hosts (id int NOT NULL, name text);";

class PsqlPair {
 public:
  PsqlPair() {
    for (int port : {oracle_.port(), server_.port()}) {
      const CommandResult setup = RunPsql(port, {"-c", kTables});
      INFO("psql stderr: " << setup.err);
      REQUIRE(setup.exit_code == 0);
    }
    // The schema of TimescaleDB's information views, which Sundial has as
    // the extension would have installed it.
    const CommandResult schema =
        RunPsql(oracle_.port(), {"-c", "CREATE SCHEMA timescaledb_information"});
    INFO("psql stderr: " << schema.err);
    REQUIRE(schema.exit_code == 0);
  }

  // psql's output for `args` on Sundial, checked against PostgreSQL's.
  std::string Same(const std::vector<std::string>& args) {
    const CommandResult postgres = RunPsql(oracle_.port(), args);
    const CommandResult sundial = RunPsql(server_.port(), args);
    INFO("PostgreSQL stderr: " << postgres.err);
    INFO("Sundial stderr: " << sundial.err);
    REQUIRE(postgres.exit_code == 0);
    CHECK(sundial.exit_code == 0);
    CHECK(sundial.out == postgres.out);
    return sundial.out;
  }

  TestServer& server() { return server_; }

 private:
  PostgresOracle oracle_;
  TestServer server_;
};

TEST_CASE("psql's \\dt, \\d, \\dn and \\db list what PostgreSQL lists", "[compat][catalog]") {
  PsqlPair pair;
  const std::string tables = pair.Same({"-c", "\\dt"});
  CHECK(tables == "public|cpu|table|postgres\npublic|hosts|table|postgres\n");
  CHECK(pair.Same({"-c", "\\d"}) == tables);
  CHECK(pair.Same({"-c", "\\dn"}) ==
        "public|pg_database_owner\ntimescaledb_information|postgres\n");
  CHECK(pair.Same({"-c", "\\db"}) == "pg_default|postgres|\npg_global|postgres|\n");
  // Patterns go through OPERATOR(pg_catalog.~) on relname.
  CHECK(pair.Same({"-c", "\\dt cp*"}) == "public|cpu|table|postgres\n");
  CHECK(pair.Same({"-c", "\\dt nosuch"}).empty());
}

TEST_CASE("catalog queries describe columns, types and defaults as PostgreSQL does",
          "[compat][catalog]") {
  PsqlPair pair;
  // psql's \d column query, without its collation subquery.
  const std::string columns = pair.Same(
      {"-c",
       "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
       "(SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) FROM pg_catalog.pg_attrdef d "
       "WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef), a.attnotnull, "
       "a.attidentity, a.attgenerated FROM pg_catalog.pg_attribute a "
       "WHERE a.attrelid = (SELECT c.oid FROM pg_catalog.pg_class c "
       "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
       "WHERE c.relname OPERATOR(pg_catalog.~) '^(cpu)$' COLLATE pg_catalog.default "
       "AND pg_catalog.pg_table_is_visible(c.oid)) "
       "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"});
  CHECK(columns ==
        "time|timestamp with time zone||t||\n"
        "host|text||f||\n"
        "usage_user|double precision||f||\n"
        "n|integer|0|f||\n"
        "v|character varying(32)||f||\n"
        "b|boolean||f||\n"
        "s|smallint||f||\n"
        "big|bigint||f||\n"
        "d|date||f||\n"
        "r|real||f||\n");
  pair.Same({"-c",
             "SELECT table_schema, table_name, column_name, ordinal_position, data_type, "
             "is_nullable, column_default, character_maximum_length, numeric_precision, "
             "datetime_precision, udt_name FROM information_schema.columns "
             "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"});
  pair.Same({"-c",
             "SELECT table_catalog, table_schema, table_name, table_type FROM "
             "information_schema.tables WHERE table_schema = 'public' ORDER BY 3"});
  pair.Same({"-c",
             "SELECT schema_name FROM information_schema.schemata "
             "WHERE schema_name <> 'pg_toast' ORDER BY 1"});
  pair.Same({"-c",
             "SELECT schemaname, tablename, tableowner, hasindexes FROM pg_tables "
             "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 2"});
  pair.Same({"-c",
             "SELECT c.relname, c.relkind, c.relnatts, c.relpersistence, am.amname, "
             "pg_catalog.pg_get_userbyid(c.relowner) FROM pg_catalog.pg_class c "
             "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
             "LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam "
             "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v') ORDER BY 1"});
  pair.Same({"-c",
             "SELECT t.typname, t.typlen, t.typcategory, t.typbyval FROM pg_catalog.pg_type t "
             "JOIN pg_catalog.pg_attribute a ON a.atttypid = t.oid JOIN pg_catalog.pg_class c "
             "ON c.oid = a.attrelid WHERE c.relname = 'cpu' AND a.attnum > 0 ORDER BY a.attnum"});
  pair.Same({"-c",
             "SELECT count(*) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c "
             "ON c.oid = i.indrelid WHERE c.relname = 'cpu'"});
  pair.Same({"-c",
             "SELECT d.datname, pg_catalog.pg_encoding_to_char(d.encoding), d.datcollate "
             "FROM pg_catalog.pg_database d WHERE d.datname = current_database()"});
  pair.Same({"-c",
             "SELECT x, pg_size_pretty(x) FROM (VALUES (0::bigint), (10239::bigint), "
             "(10240::bigint), (1536::bigint), (15728640::bigint), (20971519::bigint), "
             "(-10240::bigint), (9223372036854775807::bigint), "
             "(-9223372036854775807::bigint - 1)) v(x)"});
  // A constant relation name cast to regclass is its OID.
  CHECK(pair.Same({"-c",
                   "SELECT 'pg_class'::regclass::oid, "
                   "'pg_catalog.pg_extension'::pg_catalog.regclass::oid"}) == "1259|3079\n");
  CHECK(
      pair.Same({"-c",
                 "SELECT relname, relnatts FROM pg_catalog.pg_class "
                 "WHERE oid = '\"cpu\"'::regclass OR oid = 'public.HOSTS'::regclass ORDER BY 1"}) ==
      "cpu|10\nhosts|2\n");
  pair.Same({"-c",
             "SELECT rolname, rolsuper, rolcanlogin FROM pg_roles "
             "WHERE rolname !~ '^pg_' ORDER BY 1"});
}

TEST_CASE("psql's \\dx lists timescaledb 2.x, \\dt+ shows sizes, \\dv \\di \\ds find nothing",
          "[compat][catalog]") {
  PsqlPair pair;
  CHECK(RunPsql(pair.server().port(), {"-c", "\\dx"}).out == "timescaledb|2.14.2|public|\n");
  for (const char* command : {"\\dv", "\\di", "\\ds"}) {
    INFO(command);
    const CommandResult sundial = RunPsql(pair.server().port(), {"-c", command});
    CHECK(sundial.exit_code == 0);
    CHECK(sundial.out.empty());
  }
  // \dt+ adds persistence, access method, size and description.
  const CommandResult verbose = RunPsql(pair.server().port(), {"-c", "\\dt+ hosts"});
  CHECK(verbose.exit_code == 0);
  CHECK_THAT(verbose.out, Catch::Matches("public\\|hosts\\|table\\|postgres\\|permanent\\|heap\\|"
                                         "[0-9]+ bytes\\|\n"));
  const CommandResult missing = RunPsql(pair.server().port(), {"-c", "SELECT 'nosuch'::regclass"});
  CHECK(missing.exit_code != 0);
  CHECK_THAT(missing.err, Catch::Contains("relation \"nosuch\" does not exist"));
}

TEST_CASE("psql's \\d table, \\d+ table, \\l, \\du and \\df show what PostgreSQL shows",
          "[compat][catalog]") {
  PsqlPair pair;
  // \d runs a dozen catalog queries: reg* casts, arrays, ARRAY(subquery),
  // correlated subqueries with non-equality terms, unnest over an outer column.
  const std::string hosts = pair.Same({"-c", "\\d hosts"});
  CHECK_THAT(hosts, Catch::Contains("id|integer||not null|"));
  const std::string cpu = pair.Same({"-c", "\\d cpu"});
  CHECK_THAT(cpu, Catch::Contains("v|character varying(32)|||"));
  CHECK_THAT(cpu, Catch::Contains("n|integer|||0"));
  pair.Same({"-c", "\\d+ hosts"});
  const std::string roles = pair.Same({"-c", "\\du"});
  CHECK_THAT(roles, Catch::StartsWith("postgres|"));
  // The oracle lists its time_bucket/first/last emulation; Sundial has no
  // user functions.
  const CommandResult functions = RunPsql(pair.server().port(), {"-c", "\\df"});
  CHECK(functions.exit_code == 0);
  CHECK(functions.out.empty());
  const CommandResult databases = RunPsql(pair.server().port(), {"-c", "\\l"});
  CHECK(databases.exit_code == 0);
  CHECK_THAT(databases.out, Catch::Contains("postgres|postgres|UTF8|"));
}

TEST_CASE("psql's \\d shows PRIMARY KEY and UNIQUE constraints as PostgreSQL does",
          "[compat][catalog][constraints]") {
  PsqlPair pair;
  pair.Same({"-c",
             "CREATE TABLE keyed (id serial PRIMARY KEY, code text UNIQUE, name text, "
             "CONSTRAINT keyed_name_uq UNIQUE (name, code))"});
  // Footers (the Indexes: list) print only outside tuples-only mode.
  const std::string described = pair.Same({"-c", "\\pset tuples_only off", "-c", "\\d keyed"});
  CHECK_THAT(described, Catch::Contains("\"keyed_pkey\" PRIMARY KEY, btree (id)"));
  CHECK_THAT(described, Catch::Contains("\"keyed_name_uq\" UNIQUE CONSTRAINT, btree (name, code)"));
  pair.Same({"-c", "\\pset tuples_only off", "-c", "\\d keyed_pkey"});
  pair.Same({"-c", "\\di"});
}

TEST_CASE("system relations cannot be written or dropped", "[compat][catalog]") {
  PsqlPair pair;
  const CommandResult insert =
      RunPsql(pair.server().port(), {"-c", "INSERT INTO pg_namespace (oid) VALUES (1)"});
  CHECK(insert.exit_code != 0);
  CHECK_THAT(insert.err, Catch::Contains("cannot change system relation \"pg_namespace\""));
  const CommandResult drop = RunPsql(pair.server().port(), {"-c", "DROP TABLE pg_class"});
  CHECK(drop.exit_code != 0);
  CHECK_THAT(drop.err, Catch::Contains("ERROR"));
  CHECK(RunPsql(pair.server().port(), {"-c", "SELECT count(*) > 5 FROM pg_class"}).out == "t\n");
}

}  // namespace
}  // namespace sundial::testing
