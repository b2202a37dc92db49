#include <catch2/catch.hpp>

#include "sql_test_db.h"

// Queries over pg_catalog and information_schema bind, plan and run like
// queries over tables.
namespace sundial::sql::testing {
namespace {

TEST_CASE("system relations join, filter and aggregate with user tables' metadata", "[catalog]") {
  TestDb db;
  db.Exec("CREATE TABLE cpu (time timestamptz NOT NULL, host varchar(16), n int DEFAULT 7)");
  CHECK(db.Query("SELECT c.relname, n.nspname, c.relkind, c.relnatts FROM pg_catalog.pg_class c "
                 "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                 "WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'pg_catalog' "
                 "AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 1") ==
        Rows{{"cpu", "public", "r", "3"}});
  CHECK(db.Query("SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                 "(SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
                 "WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum) "
                 "FROM pg_attribute a WHERE a.attrelid = 'cpu'::regclass ORDER BY a.attnum") ==
        Rows{{"time", "timestamp with time zone", "t", "NULL"},
             {"host", "character varying(16)", "f", "NULL"},
             {"n", "integer", "f", "7"}});
  CHECK(db.Query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'cpu'") ==
        Rows{{"3"}});
  CHECK(db.Query("SELECT pg_get_userbyid(relowner), relname FROM pg_class "
                 "WHERE oid = 'pg_catalog.pg_class'::regclass") == Rows{{"postgres", "pg_class"}});
  // The OIDs stay the table's: a new table gets the next one.
  const Rows cpu_oid = db.Query("SELECT 'cpu'::regclass");
  db.Exec("CREATE TABLE hosts (id int)");
  CHECK(db.Query("SELECT 'hosts'::regclass::oid - 'cpu'::regclass::oid, '" + cpu_oid[0][0] +
                 "'::oid = 'cpu'::regclass") == Rows{{"1", "t"}});
}

TEST_CASE("regclass needs an existing relation, named by a constant or a value", "[catalog]") {
  TestDb db;
  Status missing = db.Error("SELECT 'nosuch'::regclass");
  CHECK(missing.code() == ErrorCode::kUndefinedTable);
  db.Exec("CREATE TABLE hosts (id int)");
  CHECK(db.Query("SELECT relname::regclass = oid FROM pg_class WHERE relname IN ('hosts', "
                 "'pg_class')") == Rows{{"t"}, {"t"}});
  // As in PostgreSQL, a name off the search path does not resolve
  // (information_schema.tables is listed in pg_class as "tables").
  Status column = db.Error("SELECT relname::regclass FROM pg_class");
  CHECK(column.code() == ErrorCode::kUndefinedTable);
  // information_schema is not on the search path.
  CHECK(db.Error("SELECT * FROM tables").code() == ErrorCode::kUndefinedTable);
}

}  // namespace
}  // namespace sundial::sql::testing
