#include "catalog/system_relations.h"

#include <catch2/catch.hpp>
#include <set>

#include "catalog/catalog.h"
#include "catalog/index_text.h"
#include "catalog/system_relation_builder.h"
#include "catalog/system_scan_engine.h"
#include "common/pg_type_registry.h"
#include "support/temp_dir.h"
#include "ts/engine.h"

namespace sundial::catalog {
namespace {

// A store holding one hypertable and one plain table, and a catalog over it
// whose only default is cpu.usage = 0.
struct Fixture {
  Fixture() {
    auto opened = ts::Engine::Open(ts::EngineOptions{.data_dir = dir.path()});
    REQUIRE(opened.ok());
    store = std::move(opened).value();
    auto cpu = store->CreateTable(ts::TableSchema{
        .name = "cpu",
        .columns = {{.name = "time", .type = DataType::Of(TypeId::kTimestampTz), .not_null = true},
                    {.name = "host", .type = DataType::Varchar(32)},
                    {.name = "usage", .type = DataType::Of(TypeId::kFloat64)}},
        .time_column = 0,
        .partition_interval_micros = 86400000000LL});
    REQUIRE(cpu.ok());
    cpu_id = cpu->table_id;
    auto hosts = store->CreateTable(ts::TableSchema{
        .name = "hosts", .columns = {{.name = "id", .type = DataType::Of(TypeId::kInt32)}}});
    REQUIRE(hosts.ok());
    catalog = std::make_unique<Catalog>(
        *store, [this](uint32_t table_id, int column) -> std::optional<std::string> {
          if (table_id == cpu_id && column == 2) return "0";
          return std::nullopt;
        });
  }

  std::vector<SystemRow> Rows(std::string_view schema, std::string_view name) {
    const SystemRelation* relation = SystemRelations::Get().Find(schema, name);
    REQUIRE(relation != nullptr);
    auto rows = relation->Rows(catalog->Snapshot());
    REQUIRE(rows.ok());
    return std::move(rows).value();
  }

  testing::TempDir dir;
  std::unique_ptr<ts::Engine> store;
  std::unique_ptr<Catalog> catalog;
  uint32_t cpu_id = 0;
};

int Column(std::string_view schema, std::string_view relation, std::string_view column) {
  const SystemRelation* r = SystemRelations::Get().Find(schema, relation);
  REQUIRE(r != nullptr);
  for (size_t i = 0; i < r->columns.size(); ++i) {
    if (r->columns[i].name == column) return static_cast<int>(i);
  }
  FAIL("no column " << column);
  return -1;
}

// The rows of `relation` whose column `key` is the text `value`.
std::vector<SystemRow> Where(const std::vector<SystemRow>& rows, int key, std::string_view value) {
  std::vector<SystemRow> out;
  for (const SystemRow& row : rows) {
    if (!row[key].is_null() && row[key].text_value() == value) out.push_back(row);
  }
  return out;
}

void CheckRowsTyped(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  INFO(relation.schema << "." << relation.name);
  auto rows = relation.Rows(snapshot);
  REQUIRE(rows.ok());
  for (const SystemRow& row : *rows) {
    REQUIRE(row.size() == relation.columns.size());
    for (size_t i = 0; i < row.size(); ++i) {
      CHECK(row[i].type().id == relation.columns[i].type.id);
    }
  }
}

TEST_CASE("every system relation computes rows typed as its columns", "[catalog]") {
  Fixture f;
  std::set<uint32_t> oids;
  std::set<uint32_t> table_ids;
  for (const SystemRelation& relation : SystemRelations::Get().all()) {
    INFO(relation.schema << "." << relation.name);
    CHECK(oids.insert(relation.oid).second);
    CHECK(table_ids.insert(relation.table_id).second);
    CHECK(relation.table_id >= kFirstSystemTableId);
    CHECK(relation.oid < kFirstUserOid);
    CheckRowsTyped(relation, f.catalog->Snapshot());
  }
}

TEST_CASE("system relations resolve by schema, pg_catalog first for bare names", "[catalog]") {
  Fixture f;
  const SystemRelations& registry = SystemRelations::Get();
  REQUIRE(registry.Find("", "pg_class") != nullptr);
  CHECK(registry.Find("", "pg_class") == registry.Find("pg_catalog", "pg_class"));
  CHECK(registry.Find("pg_catalog", "pg_class")->oid == 1259);
  CHECK(registry.Find("information_schema", "tables") != nullptr);
  // information_schema is not on the search path.
  CHECK(registry.Find("", "tables") == nullptr);
  CHECK(registry.FindByOid(2615)->name == "pg_namespace");

  CHECK(f.catalog->FindTable("", "pg_class")->table_id == registry.Find("", "pg_class")->table_id);
  CHECK(f.catalog->FindTable("pg_catalog", "pg_namespace").has_value());
  CHECK(f.catalog->FindTable("information_schema", "columns").has_value());
  CHECK_FALSE(f.catalog->FindTable("public", "pg_class").has_value());
  CHECK_FALSE(f.catalog->FindTable("pg_catalog", "cpu").has_value());
  CHECK(f.catalog->FindTable("", "cpu")->table_id == f.cpu_id);
  CHECK(f.catalog->FindTable("public", "cpu")->table_id == f.cpu_id);
}

TEST_CASE("pg_class lists user tables in public with stable OIDs", "[catalog]") {
  Fixture f;
  const std::vector<SystemRow> rows = f.Rows("pg_catalog", "pg_class");
  const std::vector<SystemRow> cpu = Where(rows, Column("", "pg_class", "relname"), "cpu");
  REQUIRE(cpu.size() == 1);
  auto at = [&](std::string_view column) { return cpu[0][Column("", "pg_class", column)]; };
  CHECK(at("oid").int_value() == kFirstUserOid + f.cpu_id);
  CHECK(at("relnamespace").int_value() == kPublicNamespaceOid);
  CHECK(at("relkind").text_value() == "r");
  CHECK(at("relnatts").int_value() == 3);
  CHECK(at("relowner").int_value() == kSuperuserOid);
  CHECK(at("relam").int_value() == kHeapAccessMethodOid);
  CHECK(at("relpersistence").text_value() == "p");

  const std::vector<SystemRow> tables = Where(rows, Column("", "pg_class", "relname"), "tables");
  REQUIRE(tables.size() == 1);
  CHECK(tables[0][Column("", "pg_class", "relkind")].text_value() == "v");
  CHECK(tables[0][Column("", "pg_class", "relnamespace")].int_value() ==
        kInformationSchemaNamespaceOid);
}

TEST_CASE("pg_attribute describes columns with PostgreSQL type OIDs and typmods", "[catalog]") {
  Fixture f;
  const int attrelid = Column("", "pg_attribute", "attrelid");
  std::vector<SystemRow> cpu;
  for (const SystemRow& row : f.Rows("", "pg_attribute")) {
    if (row[attrelid].int_value() == kFirstUserOid + f.cpu_id) cpu.push_back(row);
  }
  REQUIRE(cpu.size() == 3);
  auto at = [&](size_t row, std::string_view column) {
    return cpu[row][Column("", "pg_attribute", column)];
  };
  CHECK(at(0, "attname").text_value() == "time");
  CHECK(at(0, "attnum").int_value() == 1);
  CHECK(at(0, "atttypid").int_value() == 1184);
  CHECK(at(0, "attnotnull").bool_value());
  CHECK(at(1, "atttypid").int_value() == 1043);
  CHECK(at(1, "atttypmod").int_value() == 36);
  CHECK(at(1, "attcollation").int_value() == kDefaultCollationOid);
  CHECK_FALSE(at(1, "attnotnull").bool_value());
  CHECK(at(2, "atttypid").int_value() == 701);
  CHECK(at(2, "atthasdef").bool_value());
  CHECK_FALSE(at(0, "atthasdef").bool_value());
  CHECK_FALSE(at(2, "attisdropped").bool_value());

  const std::vector<SystemRow> defaults = f.Rows("", "pg_attrdef");
  REQUIRE(defaults.size() == 1);
  CHECK(defaults[0][Column("", "pg_attrdef", "adrelid")].int_value() == kFirstUserOid + f.cpu_id);
  CHECK(defaults[0][Column("", "pg_attrdef", "adnum")].int_value() == 3);
  CHECK(defaults[0][Column("", "pg_attrdef", "adbin")].text_value() == "0");
}

TEST_CASE("namespaces, roles, database and extension rows", "[catalog]") {
  Fixture f;
  const std::vector<SystemRow> namespaces = f.Rows("", "pg_namespace");
  const int nspname = Column("", "pg_namespace", "nspname");
  REQUIRE(Where(namespaces, nspname, "public").size() == 1);
  CHECK(Where(namespaces, nspname, "public")[0][0].int_value() == kPublicNamespaceOid);
  CHECK(Where(namespaces, nspname, "pg_catalog")[0][0].int_value() == kPgCatalogNamespaceOid);
  CHECK(Where(namespaces, nspname, "information_schema").size() == 1);
  CHECK(Where(namespaces, nspname, "timescaledb_information")[0][0].int_value() ==
        kTimescaleDbInformationNamespaceOid);

  const std::vector<SystemRow> roles = f.Rows("", "pg_roles");
  const std::vector<SystemRow> superuser =
      Where(roles, Column("", "pg_roles", "rolname"), kSuperuserName);
  REQUIRE(superuser.size() == 1);
  CHECK(superuser[0][Column("", "pg_roles", "rolsuper")].bool_value());
  CHECK(superuser[0][Column("", "pg_roles", "oid")].int_value() == kSuperuserOid);
  CHECK(f.Rows("", "pg_user").size() == 1);

  const std::vector<SystemRow> databases = f.Rows("", "pg_database");
  REQUIRE(databases.size() == 1);
  CHECK(databases[0][Column("", "pg_database", "encoding")].int_value() == 6);

  CHECK(Where(f.Rows("", "pg_tablespace"), Column("", "pg_tablespace", "spcname"), "pg_default")
            .size() == 1);
  CHECK(f.Rows("information_schema", "views").empty());
  CHECK(f.Rows("information_schema", "table_constraints").empty());
  CHECK(f.Rows("information_schema", "sequences").empty());

  const std::vector<SystemRow> extensions = f.Rows("", "pg_extension");
  REQUIRE(extensions.size() == 1);
  CHECK(extensions[0][Column("", "pg_extension", "extname")].text_value() == "timescaledb");
  CHECK(extensions[0][Column("", "pg_extension", "extversion")].text_value().starts_with("2."));

  for (std::string_view empty :
       {"pg_index", "pg_constraint", "pg_inherits", "pg_policy", "pg_statistic_ext",
        "pg_publication", "pg_trigger", "pg_views", "pg_matviews", "pg_indexes", "pg_depend",
        "pg_sequence", "pg_sequences"}) {
    INFO(empty);
    CHECK(f.Rows("", empty).empty());
  }
}

TEST_CASE("information_schema spells types the SQL standard way", "[catalog]") {
  Fixture f;
  const std::vector<SystemRow> columns =
      Where(f.Rows("information_schema", "columns"),
            Column("information_schema", "columns", "table_name"), "cpu");
  REQUIRE(columns.size() == 3);
  auto at = [&](size_t row, std::string_view column) {
    return columns[row][Column("information_schema", "columns", column)];
  };
  CHECK(at(0, "data_type").text_value() == "timestamp with time zone");
  CHECK(at(0, "is_nullable").text_value() == "NO");
  CHECK(at(0, "udt_name").text_value() == "timestamptz");
  CHECK(at(1, "data_type").text_value() == "character varying");
  CHECK(at(1, "character_maximum_length").int_value() == 32);
  CHECK(at(2, "data_type").text_value() == "double precision");
  CHECK(at(2, "column_default").text_value() == "0");
  CHECK(at(2, "ordinal_position").int_value() == 3);

  const std::vector<SystemRow> tables =
      Where(f.Rows("information_schema", "tables"),
            Column("information_schema", "tables", "table_schema"), "public");
  REQUIRE(tables.size() == 2);
  CHECK(tables[0][Column("information_schema", "tables", "table_type")].text_value() ==
        "BASE TABLE");
  CHECK(Where(f.Rows("information_schema", "schemata"),
              Column("information_schema", "schemata", "schema_name"), "public")
            .size() == 1);
}

// The fixture's tables, a plain view over cpu and a continuous aggregate of
// cpu materialized in its own hypertable.
struct ViewFixture : Fixture {
  ViewFixture() {
    auto materialization = store->CreateTable(
        ts::TableSchema{.name = "_materialized_hypertable_3",
                        .columns = {{.name = "bucket",
                                     .type = DataType::Of(TypeId::kTimestampTz),
                                     .not_null = true},
                                    {.name = "avg", .type = DataType::Of(TypeId::kFloat64)}},
                        .time_column = 0,
                        .partition_interval_micros = 86400000000LL});
    REQUIRE(materialization.ok());
    snapshot = catalog->Snapshot();
    snapshot.views.push_back(
        ViewDefinition{.view_id = 1,
                       .name = "busy",
                       .query = "SELECT host, usage FROM cpu WHERE usage > 90",
                       .column_names = {"host", "usage"},
                       .column_types = {DataType::Varchar(32), DataType::Of(TypeId::kFloat64)}});
    snapshot.views.push_back(ViewDefinition{
        .view_id = 2,
        .name = "cpu_hourly",
        .query = "SELECT time_bucket('1 hour', time) AS bucket, avg(usage) FROM cpu GROUP BY 1",
        .column_names = {"bucket", "avg"},
        .column_types = {DataType::Of(TypeId::kTimestampTz), DataType::Of(TypeId::kFloat64)},
        .continuous = ContinuousAggregate{.source_table_id = cpu_id,
                                          .materialization_table_id = materialization->table_id,
                                          .bucket_width_micros = 3600000000LL,
                                          .materialized_only = false}});
  }

  std::vector<SystemRow> ViewRows(std::string_view schema, std::string_view name) {
    const SystemRelation* relation = SystemRelations::Get().Find(schema, name);
    REQUIRE(relation != nullptr);
    auto rows = relation->Rows(snapshot);
    REQUIRE(rows.ok());
    return std::move(rows).value();
  }

  CatalogSnapshot snapshot;
};

TEST_CASE("every system relation computes rows typed as its columns with views", "[catalog]") {
  ViewFixture f;
  for (const SystemRelation& relation : SystemRelations::Get().all()) {
    CheckRowsTyped(relation, f.snapshot);
  }
}

TEST_CASE("pg_class and pg_attribute list views in public as relkind v", "[catalog]") {
  ViewFixture f;
  const std::vector<SystemRow> classes = f.ViewRows("", "pg_class");
  const std::vector<SystemRow> busy = Where(classes, Column("", "pg_class", "relname"), "busy");
  REQUIRE(busy.size() == 1);
  auto at = [&](std::string_view column) { return busy[0][Column("", "pg_class", column)]; };
  CHECK(at("oid").int_value() == kFirstViewOid + 1);
  CHECK(at("relkind").text_value() == "v");
  CHECK(at("relnamespace").int_value() == kPublicNamespaceOid);
  CHECK(at("relowner").int_value() == kSuperuserOid);
  CHECK(at("relam").int_value() == 0);
  CHECK(at("relfilenode").int_value() == 0);
  CHECK(at("reltuples").float_value() == -1);
  CHECK(at("relnatts").int_value() == 2);
  CHECK(at("relpersistence").text_value() == "p");
  CHECK_FALSE(at("relhasindex").bool_value());
  CHECK(at("relhasrules").bool_value());
  CHECK(at("relreplident").text_value() == "n");
  // A continuous aggregate is a plain view to clients, as in TimescaleDB.
  const std::vector<SystemRow> cagg =
      Where(classes, Column("", "pg_class", "relname"), "cpu_hourly");
  REQUIRE(cagg.size() == 1);
  CHECK(cagg[0][Column("", "pg_class", "relkind")].text_value() == "v");
  CHECK(cagg[0][Column("", "pg_class", "oid")].int_value() == kFirstViewOid + 2);

  const int attrelid = Column("", "pg_attribute", "attrelid");
  std::vector<SystemRow> columns;
  for (const SystemRow& row : f.ViewRows("", "pg_attribute")) {
    if (row[attrelid].int_value() == kFirstViewOid + 1) columns.push_back(row);
  }
  REQUIRE(columns.size() == 2);
  auto attribute = [&](size_t row, std::string_view column) {
    return columns[row][Column("", "pg_attribute", column)];
  };
  CHECK(attribute(0, "attname").text_value() == "host");
  CHECK(attribute(0, "attnum").int_value() == 1);
  CHECK(attribute(0, "atttypid").int_value() == 1043);
  CHECK(attribute(0, "atttypmod").int_value() == 36);
  CHECK_FALSE(attribute(0, "attnotnull").bool_value());
  CHECK_FALSE(attribute(0, "atthasdef").bool_value());
  CHECK(attribute(1, "attname").text_value() == "usage");
  CHECK(attribute(1, "attnum").int_value() == 2);
  CHECK(attribute(1, "atttypid").int_value() == 701);
  CHECK_FALSE(attribute(1, "attisdropped").bool_value());

  CHECK(Where(f.ViewRows("", "pg_tables"), Column("", "pg_tables", "tablename"), "busy").empty());
}

TEST_CASE("pg_views and information_schema show each view's query as written", "[catalog]") {
  ViewFixture f;
  const std::vector<SystemRow> pg_views = f.ViewRows("", "pg_views");
  REQUIRE(pg_views.size() == 2);
  auto view = [&](std::string_view column) { return pg_views[0][Column("", "pg_views", column)]; };
  CHECK(view("schemaname").text_value() == "public");
  CHECK(view("viewname").text_value() == "busy");
  CHECK(view("viewowner").text_value() == kSuperuserName);
  CHECK(view("definition").text_value() == "SELECT host, usage FROM cpu WHERE usage > 90");

  const std::vector<SystemRow> views = f.ViewRows("information_schema", "views");
  REQUIRE(views.size() == 2);
  auto info = [&](std::string_view column) {
    return views[1][Column("information_schema", "views", column)];
  };
  CHECK(info("table_catalog").text_value() == kDatabaseName);
  CHECK(info("table_schema").text_value() == "public");
  CHECK(info("table_name").text_value() == "cpu_hourly");
  CHECK(info("view_definition").text_value() == f.snapshot.views[1].query);
  CHECK(info("check_option").text_value() == "NONE");
  for (std::string_view no : {"is_updatable", "is_insertable_into", "is_trigger_updatable",
                              "is_trigger_deletable", "is_trigger_insertable_into"}) {
    INFO(no);
    CHECK(info(no).text_value() == "NO");
  }

  const std::vector<SystemRow> tables =
      Where(f.ViewRows("information_schema", "tables"),
            Column("information_schema", "tables", "table_name"), "busy");
  REQUIRE(tables.size() == 1);
  CHECK(tables[0][Column("information_schema", "tables", "table_type")].text_value() == "VIEW");
  CHECK(tables[0][Column("information_schema", "tables", "is_insertable_into")].text_value() ==
        "NO");

  const std::vector<SystemRow> columns =
      Where(f.ViewRows("information_schema", "columns"),
            Column("information_schema", "columns", "table_name"), "busy");
  REQUIRE(columns.size() == 2);
  auto column = [&](size_t row, std::string_view name) {
    return columns[row][Column("information_schema", "columns", name)];
  };
  CHECK(column(0, "column_name").text_value() == "host");
  CHECK(column(0, "data_type").text_value() == "character varying");
  CHECK(column(0, "character_maximum_length").int_value() == 32);
  CHECK(column(0, "is_nullable").text_value() == "YES");
  CHECK(column(0, "is_updatable").text_value() == "NO");
  CHECK(column(1, "ordinal_position").int_value() == 2);
  CHECK(column(1, "column_default").is_null());
}

TEST_CASE("continuous_aggregates lists each cagg with its hypertables", "[catalog]") {
  ViewFixture f;
  const std::vector<SystemRow> rows =
      f.ViewRows("timescaledb_information", "continuous_aggregates");
  REQUIRE(rows.size() == 1);
  auto at = [&](std::string_view column) {
    return rows[0][Column("timescaledb_information", "continuous_aggregates", column)];
  };
  CHECK(at("hypertable_schema").text_value() == "public");
  CHECK(at("hypertable_name").text_value() == "cpu");
  CHECK(at("view_schema").text_value() == "public");
  CHECK(at("view_name").text_value() == "cpu_hourly");
  CHECK(at("view_owner").text_value() == kSuperuserName);
  CHECK_FALSE(at("materialized_only").bool_value());
  CHECK_FALSE(at("compression_enabled").bool_value());
  CHECK(at("materialization_hypertable_schema").text_value() == "public");
  CHECK(at("materialization_hypertable_name").text_value() == "_materialized_hypertable_3");
  CHECK(at("view_definition").text_value() == f.snapshot.views[1].query);
  CHECK(at("finalized").bool_value());
}

// The fixture's tables and two indexes on cpu: (host, "time" DESC), and
// (lower(host), (usage * 100) DESC NULLS LAST) WHERE usage > 0.
struct IndexFixture : Fixture {
  IndexFixture() {
    snapshot = catalog->Snapshot();
    const ts::TableSchema& cpu = snapshot.tables[0].schema;
    REQUIRE(cpu.name == "cpu");
    snapshot.indexes.push_back(IndexDefinition{.index_id = 1,
                                               .name = "cpu_host_time_idx",
                                               .table_id = cpu_id,
                                               .elements = {{.column_id = cpu.columns[1].column_id},
                                                            {.column_id = cpu.columns[0].column_id,
                                                             .descending = true,
                                                             .nulls_first = true}},
                                               .sets_segment_by = true});
    snapshot.indexes.push_back(IndexDefinition{
        .index_id = 2,
        .name = "cpu_expr_idx",
        .table_id = cpu_id,
        .elements = {{.expression = "lower(host)"},
                     {.expression = "usage * 100", .descending = true, .nulls_first = false}},
        .predicate = "usage > 0"});
  }

  std::vector<SystemRow> IndexRows(std::string_view schema, std::string_view name) {
    const SystemRelation* relation = SystemRelations::Get().Find(schema, name);
    REQUIRE(relation != nullptr);
    auto rows = relation->Rows(snapshot);
    REQUIRE(rows.ok());
    return std::move(rows).value();
  }

  const ts::TableSchema& cpu() const { return snapshot.tables[0].schema; }

  CatalogSnapshot snapshot;
};

TEST_CASE("every system relation computes rows typed as its columns with indexes", "[catalog]") {
  IndexFixture f;
  for (const SystemRelation& relation : SystemRelations::Get().all()) {
    CheckRowsTyped(relation, f.snapshot);
  }
}

TEST_CASE("pg_class lists indexes as relkind i and marks their table", "[catalog]") {
  IndexFixture f;
  const std::vector<SystemRow> classes = f.IndexRows("", "pg_class");
  const int relname = Column("", "pg_class", "relname");
  const std::vector<SystemRow> index = Where(classes, relname, "cpu_host_time_idx");
  REQUIRE(index.size() == 1);
  auto at = [&](std::string_view column) { return index[0][Column("", "pg_class", column)]; };
  CHECK(at("oid").int_value() == kFirstIndexOid + 1);
  CHECK(at("relkind").text_value() == "i");
  CHECK(at("relam").int_value() == 403);
  CHECK(at("relnamespace").int_value() == kPublicNamespaceOid);
  CHECK(at("relowner").int_value() == kSuperuserOid);
  CHECK(at("relnatts").int_value() == 2);
  CHECK(at("reltuples").float_value() == -1);
  CHECK(at("relpersistence").text_value() == "p");
  CHECK_FALSE(at("relhasindex").bool_value());
  CHECK(at("relispopulated").bool_value());
  CHECK(Where(classes, relname, "cpu_expr_idx").size() == 1);

  const int relhasindex = Column("", "pg_class", "relhasindex");
  CHECK(Where(classes, relname, "cpu")[0][relhasindex].bool_value());
  CHECK_FALSE(Where(classes, relname, "hosts")[0][relhasindex].bool_value());
  const std::vector<SystemRow> tables = f.IndexRows("", "pg_tables");
  const int tablename = Column("", "pg_tables", "tablename");
  const int hasindexes = Column("", "pg_tables", "hasindexes");
  CHECK(Where(tables, tablename, "cpu")[0][hasindexes].bool_value());
  CHECK_FALSE(Where(tables, tablename, "hosts")[0][hasindexes].bool_value());

  const std::vector<SystemRow> btree =
      Where(f.IndexRows("", "pg_am"), Column("", "pg_am", "amname"), "btree");
  REQUIRE(btree.size() == 1);
  CHECK(btree[0][Column("", "pg_am", "oid")].int_value() == 403);
  CHECK(btree[0][Column("", "pg_am", "amtype")].text_value() == "i");

  // A plain column's attribute is the table column's, never NOT NULL.
  const int attrelid = Column("", "pg_attribute", "attrelid");
  std::vector<SystemRow> attributes;
  for (const SystemRow& row : f.IndexRows("", "pg_attribute")) {
    if (row[attrelid].int_value() == kFirstIndexOid + 1) attributes.push_back(row);
  }
  REQUIRE(attributes.size() == 2);
  auto attribute = [&](size_t row, std::string_view column) {
    return attributes[row][Column("", "pg_attribute", column)];
  };
  CHECK(attribute(0, "attname").text_value() == "host");
  CHECK(attribute(0, "attnum").int_value() == 1);
  CHECK(attribute(0, "atttypid").int_value() == 1043);
  CHECK(attribute(1, "attname").text_value() == "time");
  CHECK(attribute(1, "attnum").int_value() == 2);
  CHECK_FALSE(attribute(1, "attnotnull").bool_value());
}

TEST_CASE("pg_index describes each index element as PostgreSQL does", "[catalog]") {
  IndexFixture f;
  const std::vector<SystemRow> rows = f.IndexRows("", "pg_index");
  REQUIRE(rows.size() == 2);
  auto at = [&](size_t row, std::string_view column) {
    return rows[row][Column("", "pg_index", column)];
  };
  CHECK(at(0, "indexrelid").int_value() == kFirstIndexOid + 1);
  CHECK(at(0, "indrelid").int_value() == kFirstUserOid + f.cpu_id);
  CHECK(at(0, "indnatts").int_value() == 2);
  CHECK(at(0, "indnkeyatts").int_value() == 2);
  for (std::string_view no : {"indisunique", "indisprimary", "indisexclusion", "indisclustered",
                              "indcheckxmin", "indisreplident", "indnullsnotdistinct"}) {
    INFO(no);
    CHECK_FALSE(at(0, no).bool_value());
  }
  for (std::string_view yes : {"indimmediate", "indisvalid", "indisready", "indislive"}) {
    INFO(yes);
    CHECK(at(0, yes).bool_value());
  }
  // host is the table's second column, time its first.
  CHECK(at(0, "indkey").text_value() == "{2,1}");
  CHECK(at(0, "indkey").type() == DataType::ArrayOf(TypeId::kInt16));
  CHECK(at(0, "indcollation").text_value() == "{100,0}");
  CHECK(at(0, "indclass").text_value() == "{3126,3127}");
  // DESC (1) with its default NULLS FIRST (2).
  CHECK(at(0, "indoption").text_value() == "{0,3}");
  CHECK(at(0, "indexprs").is_null());
  CHECK(at(0, "indpred").is_null());

  CHECK(at(1, "indexrelid").int_value() == kFirstIndexOid + 2);
  CHECK(at(1, "indkey").text_value() == "{0,0}");
  CHECK(at(1, "indcollation").text_value() == "{0,0}");
  CHECK(at(1, "indoption").text_value() == "{0,1}");
  CHECK(at(1, "indexprs").text_value() == "lower(host), usage * 100");
  CHECK(at(1, "indpred").text_value() == "usage > 0");
}

TEST_CASE("pg_indexes shows each index's pg_get_indexdef", "[catalog]") {
  IndexFixture f;
  const std::vector<SystemRow> rows = f.IndexRows("", "pg_indexes");
  REQUIRE(rows.size() == 2);
  auto at = [&](size_t row, std::string_view column) {
    return rows[row][Column("", "pg_indexes", column)];
  };
  CHECK(at(0, "schemaname").text_value() == "public");
  CHECK(at(0, "tablename").text_value() == "cpu");
  CHECK(at(0, "indexname").text_value() == "cpu_host_time_idx");
  CHECK(at(0, "tablespace").is_null());
  CHECK(at(0, "indexdef").text_value() ==
        "CREATE INDEX cpu_host_time_idx ON public.cpu USING btree (host, \"time\" DESC)");
  // Operator expressions get the parentheses of PostgreSQL's deparse too.
  CHECK(at(1, "indexdef").text_value() ==
        "CREATE INDEX cpu_expr_idx ON public.cpu USING btree (lower(host), ((usage * 100)) DESC "
        "NULLS LAST) WHERE (usage > 0)");

  // An index whose table the snapshot lacks (dropped after it listed the
  // tables) is in no relation.
  f.snapshot.indexes[1].table_id = f.cpu_id + 100;
  CHECK(f.IndexRows("", "pg_indexes").size() == 1);
  CHECK(f.IndexRows("", "pg_index").size() == 1);
}

TEST_CASE("index definitions print as pg_get_indexdef does", "[catalog]") {
  IndexFixture f;
  const IndexDefinition& plain = f.snapshot.indexes[0];
  const IndexDefinition& expressions = f.snapshot.indexes[1];
  // psql's \d prints what follows USING of the pretty form.
  CHECK(*IndexDefText(plain, f.cpu(), 0, true) ==
        "CREATE INDEX cpu_host_time_idx ON public.cpu USING btree (host, \"time\" DESC)");
  CHECK(*IndexDefText(expressions, f.cpu(), 0, true) ==
        "CREATE INDEX cpu_expr_idx ON public.cpu USING btree (lower(host), (usage * 100) DESC "
        "NULLS LAST) WHERE usage > 0");
  // A column alone, without its ordering; "" past the last.
  CHECK(*IndexDefText(plain, f.cpu(), 1, true) == "host");
  CHECK(*IndexDefText(plain, f.cpu(), 2, false) == "\"time\"");
  CHECK(*IndexDefText(plain, f.cpu(), 3, true) == "");
  CHECK(*IndexDefText(plain, f.cpu(), -1, true) == "");
  CHECK(*IndexDefText(expressions, f.cpu(), 1, true) == "lower(host)");
  CHECK(*IndexDefText(expressions, f.cpu(), 2, true) == "(usage * 100)");
  CHECK(*IndexDefText(expressions, f.cpu(), 2, false) == "((usage * 100))");

  IndexDefinition other{
      .name = "Host Index",
      .table_id = f.cpu_id,
      .elements = {{.column_id = f.cpu().columns[1].column_id, .nulls_first = true},
                   {.expression = "(CAST(usage AS int))"}},
      .predicate = "(host IS NOT NULL)"};
  CHECK(*IndexDefText(other, f.cpu()) ==
        "CREATE INDEX \"Host Index\" ON public.cpu USING btree (host NULLS FIRST, "
        "(CAST(usage AS int))) WHERE (host IS NOT NULL)");
  CHECK(*IndexDefText(other, f.cpu(), 0, true) ==
        "CREATE INDEX \"Host Index\" ON public.cpu USING btree (host NULLS FIRST, "
        "(CAST(usage AS int))) WHERE host IS NOT NULL");
  // Only btree keeps an order.
  other.method = "hash";
  other.elements[0].descending = true;
  CHECK(IndexDefText(other, f.cpu())
            ->starts_with("CREATE INDEX \"Host Index\" ON public.cpu "
                          "USING hash (host, "));
  // A column the table no longer has.
  other.elements[0].column_id = 999;
  CHECK_FALSE(IndexDefText(other, f.cpu()).has_value());
}

TEST_CASE("pg_get_indexdef finds an index by OID once the catalog has indexes", "[catalog]") {
  Fixture f;
  const uint32_t oid = kFirstIndexOid + 1;
  CHECK_FALSE(IndexDefText(*f.catalog, oid).has_value());

  IndexDefinitions indexes(f.dir.Join("indexes"));
  f.catalog->SetIndexes(indexes);
  CHECK_FALSE(IndexDefText(*f.catalog, oid).has_value());
  const ts::TableSchema cpu = *f.catalog->FindTable("", "cpu");
  auto created =
      indexes.Create(IndexDefinition{.name = "cpu_host_idx",
                                     .table_id = f.cpu_id,
                                     .elements = {{.column_id = cpu.columns[1].column_id}}});
  REQUIRE(created.ok());
  CHECK(*IndexDefText(*f.catalog, created->oid()) ==
        "CREATE INDEX cpu_host_idx ON public.cpu USING btree (host)");
  CHECK(*IndexDefText(*f.catalog, created->oid(), 1, true) == "host");
  // A table's OID names no index.
  CHECK_FALSE(IndexDefText(*f.catalog, kFirstUserOid + f.cpu_id).has_value());
  CHECK(f.catalog->Snapshot().indexes.size() == 1);
}

// The fixture's tables and two sequences: orders_seq (CREATE SEQUENCE
// orders_seq AS smallint INCREMENT 5 MINVALUE 3 MAXVALUE 100 START 10 CACHE 4
// CYCLE, never used) and hosts_id_seq, behind hosts.id GENERATED ALWAYS AS
// IDENTITY (START 7 INCREMENT 2), which has handed out 7 and 9.
struct SequenceFixture : Fixture {
  SequenceFixture() {
    snapshot = catalog->Snapshot();
    const ts::TableSchema& hosts = snapshot.tables[1].schema;
    REQUIRE(hosts.name == "hosts");
    snapshot.sequences.push_back(SequenceDefinition{.sequence_id = 1,
                                                    .name = "orders_seq",
                                                    .options = {.type = TypeId::kInt16,
                                                                .increment = 5,
                                                                .min_value = 3,
                                                                .max_value = 100,
                                                                .start_value = 10,
                                                                .cache = 4,
                                                                .cycle = true},
                                                    .last_value = 10,
                                                    .is_called = false});
    snapshot.sequences.push_back(
        SequenceDefinition{.sequence_id = 2,
                           .name = "hosts_id_seq",
                           .options = {.type = TypeId::kInt32,
                                       .increment = 2,
                                       .min_value = 1,
                                       .max_value = 2147483647,
                                       .start_value = 7},
                           .owner_table_id = hosts.table_id,
                           .owner_column_id = static_cast<int>(hosts.columns[0].column_id),
                           .identity = 'a',
                           .last_value = 9,
                           .is_called = true});
  }

  std::vector<SystemRow> SequenceRows(std::string_view schema, std::string_view name) {
    const SystemRelation* relation = SystemRelations::Get().Find(schema, name);
    REQUIRE(relation != nullptr);
    auto rows = relation->Rows(snapshot);
    REQUIRE(rows.ok());
    return std::move(rows).value();
  }

  CatalogSnapshot snapshot;
};

TEST_CASE("every system relation computes rows typed as its columns with sequences", "[catalog]") {
  SequenceFixture f;
  for (const SystemRelation& relation : SystemRelations::Get().all()) {
    CheckRowsTyped(relation, f.snapshot);
  }
  const SystemRelations& registry = SystemRelations::Get();
  CHECK(registry.Find("", "pg_sequence")->oid == 2224);
  CHECK(registry.Find("", "pg_sequences")->oid == 12048);
  CHECK(registry.Find("information_schema", "sequences")->oid == 13386);
}

TEST_CASE("pg_class lists sequences as one-row relations of kind S", "[catalog]") {
  SequenceFixture f;
  const std::vector<SystemRow> classes = f.SequenceRows("", "pg_class");
  const int relname = Column("", "pg_class", "relname");
  const std::vector<SystemRow> orders = Where(classes, relname, "orders_seq");
  REQUIRE(orders.size() == 1);
  auto at = [&](std::string_view column) { return orders[0][Column("", "pg_class", column)]; };
  CHECK(at("oid").int_value() == kFirstSequenceOid + 1);
  CHECK(at("relkind").text_value() == "S");
  CHECK(at("relnamespace").int_value() == kPublicNamespaceOid);
  CHECK(at("relowner").int_value() == kSuperuserOid);
  CHECK(at("relam").int_value() == 0);
  CHECK(at("relfilenode").int_value() == kFirstSequenceOid + 1);
  CHECK(at("relpages").int_value() == 1);
  CHECK(at("reltuples").float_value() == 1);
  CHECK(at("relnatts").int_value() == 3);
  CHECK(at("relpersistence").text_value() == "p");
  CHECK_FALSE(at("relhasindex").bool_value());
  CHECK_FALSE(at("relhasrules").bool_value());
  CHECK(at("relispopulated").bool_value());
  CHECK(at("relreplident").text_value() == "n");
  // An identity column's sequence is a relation of its own too.
  const std::vector<SystemRow> identity = Where(classes, relname, "hosts_id_seq");
  REQUIRE(identity.size() == 1);
  CHECK(identity[0][Column("", "pg_class", "relkind")].text_value() == "S");
  CHECK(identity[0][Column("", "pg_class", "oid")].int_value() == kFirstSequenceOid + 2);

  // Its one row's columns, as PostgreSQL stores a sequence.
  const int attrelid = Column("", "pg_attribute", "attrelid");
  std::vector<SystemRow> attributes;
  for (const SystemRow& row : f.SequenceRows("", "pg_attribute")) {
    if (row[attrelid].int_value() == kFirstSequenceOid + 1) attributes.push_back(row);
  }
  REQUIRE(attributes.size() == 3);
  auto attribute = [&](size_t row, std::string_view column) {
    return attributes[row][Column("", "pg_attribute", column)];
  };
  CHECK(attribute(0, "attname").text_value() == "last_value");
  CHECK(attribute(0, "atttypid").int_value() == 20);
  CHECK(attribute(1, "attname").text_value() == "log_cnt");
  CHECK(attribute(2, "attname").text_value() == "is_called");
  CHECK(attribute(2, "atttypid").int_value() == 16);
  CHECK(attribute(2, "attnum").int_value() == 3);
  CHECK(attribute(2, "attnotnull").bool_value());

  // Neither a table nor anything information_schema calls one.
  CHECK(Where(f.SequenceRows("", "pg_tables"), Column("", "pg_tables", "tablename"), "orders_seq")
            .empty());
  CHECK(Where(f.SequenceRows("information_schema", "tables"),
              Column("information_schema", "tables", "table_name"), "orders_seq")
            .empty());
  CHECK(Where(f.SequenceRows("information_schema", "columns"),
              Column("information_schema", "columns", "table_name"), "orders_seq")
            .empty());
}

TEST_CASE("pg_sequence and pg_sequences show each sequence's options", "[catalog]") {
  SequenceFixture f;
  const std::vector<SystemRow> sequence = f.SequenceRows("", "pg_sequence");
  REQUIRE(sequence.size() == 2);
  auto seq = [&](size_t row, std::string_view column) {
    return sequence[row][Column("", "pg_sequence", column)];
  };
  CHECK(seq(0, "seqrelid").int_value() == kFirstSequenceOid + 1);
  CHECK(seq(0, "seqtypid").int_value() == 21);
  CHECK(seq(0, "seqstart").int_value() == 10);
  CHECK(seq(0, "seqincrement").int_value() == 5);
  CHECK(seq(0, "seqmax").int_value() == 100);
  CHECK(seq(0, "seqmin").int_value() == 3);
  CHECK(seq(0, "seqcache").int_value() == 4);
  CHECK(seq(0, "seqcycle").bool_value());
  CHECK(seq(1, "seqrelid").int_value() == kFirstSequenceOid + 2);
  CHECK(seq(1, "seqtypid").int_value() == 23);
  CHECK(seq(1, "seqmax").int_value() == 2147483647);
  CHECK_FALSE(seq(1, "seqcycle").bool_value());

  const std::vector<SystemRow> sequences = f.SequenceRows("", "pg_sequences");
  REQUIRE(sequences.size() == 2);
  auto view = [&](size_t row, std::string_view column) {
    return sequences[row][Column("", "pg_sequences", column)];
  };
  CHECK(view(0, "schemaname").text_value() == "public");
  CHECK(view(0, "sequencename").text_value() == "orders_seq");
  CHECK(view(0, "sequenceowner").text_value() == kSuperuserName);
  CHECK(view(0, "data_type").text_value() == "smallint");
  CHECK(view(0, "start_value").int_value() == 10);
  CHECK(view(0, "min_value").int_value() == 3);
  CHECK(view(0, "max_value").int_value() == 100);
  CHECK(view(0, "increment_by").int_value() == 5);
  CHECK(view(0, "cycle").bool_value());
  CHECK(view(0, "cache_size").int_value() == 4);
  // No nextval yet.
  CHECK(view(0, "last_value").is_null());
  CHECK(view(1, "sequencename").text_value() == "hosts_id_seq");
  CHECK(view(1, "data_type").text_value() == "integer");
  CHECK(view(1, "last_value").int_value() == 9);

  f.snapshot.sequences[0].options.type = TypeId::kInt64;
  CHECK(
      f.SequenceRows("", "pg_sequences")[0][Column("", "pg_sequences", "data_type")].text_value() ==
      "bigint");
  CHECK(f.SequenceRows("", "pg_sequence")[0][Column("", "pg_sequence", "seqtypid")].int_value() ==
        20);
}

TEST_CASE("information_schema.sequences lists sequences that are not identities", "[catalog]") {
  SequenceFixture f;
  const std::vector<SystemRow> rows = f.SequenceRows("information_schema", "sequences");
  REQUIRE(rows.size() == 1);
  auto at = [&](std::string_view column) {
    return rows[0][Column("information_schema", "sequences", column)];
  };
  CHECK(at("sequence_catalog").text_value() == kDatabaseName);
  CHECK(at("sequence_schema").text_value() == "public");
  CHECK(at("sequence_name").text_value() == "orders_seq");
  CHECK(at("data_type").text_value() == "smallint");
  CHECK(at("numeric_precision").int_value() == 16);
  CHECK(at("numeric_precision_radix").int_value() == 2);
  CHECK(at("numeric_scale").int_value() == 0);
  CHECK(at("start_value").text_value() == "10");
  CHECK(at("minimum_value").text_value() == "3");
  CHECK(at("maximum_value").text_value() == "100");
  CHECK(at("increment").text_value() == "5");
  CHECK(at("cycle_option").text_value() == "YES");

  // A serial column's sequence is owned by its column but is no identity.
  f.snapshot.sequences[1].identity = 0;
  const std::vector<SystemRow> with_serial = f.SequenceRows("information_schema", "sequences");
  REQUIRE(with_serial.size() == 2);
  auto serial = [&](std::string_view column) {
    return with_serial[1][Column("information_schema", "sequences", column)];
  };
  CHECK(serial("sequence_name").text_value() == "hosts_id_seq");
  CHECK(serial("numeric_precision").int_value() == 32);
  CHECK(serial("maximum_value").text_value() == "2147483647");
  CHECK(serial("cycle_option").text_value() == "NO");
}

TEST_CASE("identity columns show their generation and sequence options", "[catalog]") {
  SequenceFixture f;
  const uint32_t hosts_oid = kFirstUserOid + f.snapshot.tables[1].schema.table_id;
  auto attidentity = [&](uint32_t relid) {
    const int attrelid = Column("", "pg_attribute", "attrelid");
    std::vector<std::string> out;
    for (const SystemRow& row : f.SequenceRows("", "pg_attribute")) {
      if (row[attrelid].int_value() == relid) {
        out.emplace_back(row[Column("", "pg_attribute", "attidentity")].text_value());
      }
    }
    return out;
  };
  CHECK(attidentity(hosts_oid) == std::vector<std::string>{"a"});
  CHECK(attidentity(kFirstUserOid + f.cpu_id) == std::vector<std::string>{"", "", ""});

  auto columns_of = [&](std::string_view table) {
    return Where(f.SequenceRows("information_schema", "columns"),
                 Column("information_schema", "columns", "table_name"), table);
  };
  const std::vector<SystemRow> hosts = columns_of("hosts");
  REQUIRE(hosts.size() == 1);
  auto at = [&](std::string_view column) {
    return hosts[0][Column("information_schema", "columns", column)];
  };
  CHECK(at("is_identity").text_value() == "YES");
  CHECK(at("identity_generation").text_value() == "ALWAYS");
  CHECK(at("identity_start").text_value() == "7");
  CHECK(at("identity_increment").text_value() == "2");
  CHECK(at("identity_maximum").text_value() == "2147483647");
  CHECK(at("identity_minimum").text_value() == "1");
  CHECK(at("identity_cycle").text_value() == "NO");
  CHECK(at("column_default").is_null());

  const std::vector<SystemRow> cpu = columns_of("cpu");
  REQUIRE(cpu.size() == 3);
  auto plain = [&](std::string_view column) {
    return cpu[1][Column("information_schema", "columns", column)];
  };
  CHECK(plain("is_identity").text_value() == "NO");
  CHECK(plain("identity_generation").is_null());
  CHECK(plain("identity_start").is_null());
  CHECK(plain("identity_cycle").text_value() == "NO");

  f.snapshot.sequences[1].identity = 'd';
  f.snapshot.sequences[1].options.cycle = true;
  CHECK(attidentity(hosts_oid) == std::vector<std::string>{"d"});
  const std::vector<SystemRow> by_default = columns_of("hosts");
  REQUIRE(by_default.size() == 1);
  CHECK(
      by_default[0][Column("information_schema", "columns", "identity_generation")].text_value() ==
      "BY DEFAULT");
  CHECK(by_default[0][Column("information_schema", "columns", "identity_cycle")].text_value() ==
        "YES");

  // A sequence a column merely owns (serial, OWNED BY) makes no identity.
  f.snapshot.sequences[1].identity = 0;
  CHECK(attidentity(hosts_oid) == std::vector<std::string>{""});
  CHECK(
      columns_of("hosts")[0][Column("information_schema", "columns", "is_identity")].text_value() ==
      "NO");
}

TEST_CASE("format_type prints PostgreSQL's spelling", "[catalog]") {
  CHECK(FormatType(1043, 36) == "character varying(32)");
  CHECK(FormatType(1043, -1) == "character varying");
  CHECK(FormatType(1184, -1) == "timestamp with time zone");
  CHECK(FormatType(701, -1) == "double precision");
  CHECK(FormatType(23, -1) == "integer");
  CHECK(FormatType(424242, -1) == "???");
  CHECK(PgTypeOid(DataType::Of(TypeId::kInt16)) == 21);
  CHECK(PgTypeModifier(DataType::Varchar(10)) == 14);
}

TEST_CASE("system relation scans project columns and apply predicates exactly", "[catalog]") {
  Fixture f;
  const SystemRelation& pg_class = *SystemRelations::Get().Find("", "pg_class");
  const int relname = Column("", "pg_class", "relname");
  const int relkind = Column("", "pg_class", "relkind");
  const int relnamespace = Column("", "pg_class", "relnamespace");
  ts::ScanSpec spec{.table_id = pg_class.table_id, .columns = {relname}};
  spec.predicates.push_back(ts::ScanPredicate{.column = relkind,
                                              .op = ts::ScanCompare::kIn,
                                              .values = {Value::Text("r"), Value::Text("p")}});
  spec.predicates.push_back(ts::ScanPredicate{.column = relnamespace,
                                              .op = ts::ScanCompare::kEq,
                                              .values = {Value::Int64(kPublicNamespaceOid)}});
  auto chunks = ScanSystemRelation(pg_class, f.catalog->Snapshot(), spec);
  REQUIRE(chunks.ok());
  std::vector<std::string> names;
  for (const DataChunk& chunk : *chunks) {
    REQUIRE(chunk.columns.size() == 1);
    for (size_t i = 0; i < chunk.size(); ++i) {
      names.emplace_back(chunk.columns[0].data<std::string_view>()[i]);
    }
  }
  CHECK(names == std::vector<std::string>{"cpu", "hosts"});

  // count(*) reads no column.
  ts::ScanSpec count{.table_id = pg_class.table_id};
  auto all = ScanSystemRelation(pg_class, f.catalog->Snapshot(), count);
  REQUIRE(all.ok());
  size_t rows = 0;
  for (const DataChunk& chunk : *all)
    rows += chunk.size();
  CHECK(rows == SystemRelations::Get().all().size() + 2);
}

TEST_CASE("the engine decorator serves system scans and refuses writes to them", "[catalog]") {
  Fixture f;
  SystemScanEngine engine(*f.store, *f.catalog);
  const SystemRelation& pg_namespace = *SystemRelations::Get().Find("", "pg_namespace");
  auto scanner = engine.Scan(ts::ScanSpec{.table_id = pg_namespace.table_id, .columns = {1}});
  REQUIRE(scanner.ok());
  DataChunk chunk;
  auto more = (*scanner)->Next(chunk);
  REQUIRE(more.ok());
  REQUIRE(*more);
  CHECK(chunk.size() == 4);  // pg_catalog, public, information_schema, timescaledb_information

  DataChunk row;
  Status append = engine.Append(pg_namespace.table_id, {row});
  CHECK(append.code() == ErrorCode::kFeatureNotSupported);
  CHECK(engine.DropTable("pg_class").code() == ErrorCode::kFeatureNotSupported);
  CHECK(engine.DropTable("hosts").ok());
  CHECK_FALSE(f.catalog->FindTable("", "hosts").has_value());
}

}  // namespace
}  // namespace sundial::catalog

namespace sundial::catalog::system {
namespace {

TEST_CASE("a row naming a column the relation lacks is an internal error", "[catalog]") {
  const SystemRelation& pg_am = *SystemRelations::Get().Find("", "pg_am");
  RowBuilder misnamed(pg_am, true);
  misnamed.Text("amnme", "heap");
  auto row = misnamed.Finish();
  REQUIRE_FALSE(row.ok());
  CHECK(row.status().code() == ErrorCode::kInternal);
  CHECK_THAT(row.status().message(), Catch::Contains("pg_am.amnme does not exist"));

  RowBuilder mistyped(pg_am, true);
  mistyped.Int("amname", 2);
  CHECK_FALSE(mistyped.Finish().ok());

  RowBuilder good(pg_am, true);
  auto built = good.Text("amname", "heap").Finish();
  REQUIRE(built.ok());
  CHECK((*built)[0].int_value() == 0);  // fixed-width columns start at zero
  CHECK((*built)[1].text_value() == "heap");
  CHECK((*built)[3].is_null());
}

}  // namespace
}  // namespace sundial::catalog::system

namespace sundial::catalog {
namespace {

TEST_CASE("regclass text names relations as PostgreSQL parses identifiers", "[catalog]") {
  Fixture f;
  const uint32_t cpu = kFirstUserOid + f.cpu_id;
  CHECK(*f.catalog->ParseRegclass("cpu") == cpu);
  CHECK(*f.catalog->ParseRegclass("CPU") == cpu);
  CHECK(*f.catalog->ParseRegclass("public.cpu") == cpu);
  CHECK(*f.catalog->ParseRegclass("\"cpu\"") == cpu);
  CHECK(*f.catalog->ParseRegclass("pg_class") == 1259);
  CHECK(*f.catalog->ParseRegclass("pg_catalog.pg_extension") == 3079);
  CHECK(*f.catalog->ParseRegclass("information_schema.tables") == 13425);
  CHECK(f.catalog->ParseRegclass("\"CPU\"").status().code() == ErrorCode::kUndefinedTable);
  CHECK(f.catalog->ParseRegclass("tables").status().code() == ErrorCode::kUndefinedTable);
  CHECK(f.catalog->ParseRegclass("a.b.c").status().code() == ErrorCode::kInvalidTextRepresentation);
  CHECK(f.catalog->ParseRegclass("\"cpu").status().code() == ErrorCode::kInvalidTextRepresentation);
}

}  // namespace
}  // namespace sundial::catalog
