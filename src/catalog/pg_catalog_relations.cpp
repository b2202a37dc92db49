#include <set>
#include <string>

#include "catalog/index_text.h"
#include "catalog/system_relation_builder.h"
#include "common/pg_type_registry.h"

// pg_catalog's relations, computed from a catalog snapshot. Relations for
// objects Sundial does not have (constraints, rules, triggers, policies,
// publications, comments, inheritance) are empty but have PostgreSQL 15's
// columns, so client queries that join them bind and run.
namespace sundial::catalog::system {
namespace {

using Rows = Result<std::vector<SystemRow>>;

// Variable-length values live out of line ('x'); fixed-width ones inline ('p').
char Storage(const PgType& type) {
  return type.length < 0 ? 'x' : 'p';
}

uint32_t TypeCollation(const PgType& type) {
  return IsString(type.id) || IsString(type.element) ? kDefaultCollationOid : 0;
}

Rows NamespaceRows(const SystemRelation& relation, const CatalogSnapshot&) {
  struct Namespace {
    uint32_t oid;
    std::string_view name;
    uint32_t owner;
  };
  static constexpr Namespace kNamespaces[] = {
      {kPgCatalogNamespaceOid, "pg_catalog", kSuperuserOid},
      {kPublicNamespaceOid, "public", kDatabaseOwnerRoleOid},
      {kInformationSchemaNamespaceOid, "information_schema", kSuperuserOid},
      {kTimescaleDbInformationNamespaceOid, "timescaledb_information", kSuperuserOid},
  };
  std::vector<SystemRow> rows;
  for (const Namespace& ns : kNamespaces) {
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
      row.Int("oid", ns.oid).Text("nspname", ns.name).Int("nspowner", ns.owner);
    }));
  }
  return rows;
}

// The OIDs of the tables that have an index (pg_class.relhasindex).
std::set<uint32_t> IndexedTableOids(const std::vector<IndexEntry>& indexes) {
  std::set<uint32_t> oids;
  for (const IndexEntry& entry : indexes)
    oids.insert(UserRelationOid(entry.index->table_id));
  return oids;
}

// The default btree operator class of a type (pg_index.indclass) where
// PostgreSQL 15 fixes its OID; initdb numbers the others itself, so they
// are 0 here.
uint32_t BtreeOperatorClass(uint32_t type_oid) {
  switch (type_oid) {
    case 20:
      return 3124;  // int8_ops
    case 21:
      return 1979;  // int2_ops
    case 23:
      return 1978;  // int4_ops
    case 25:
    case 1043:
      return 3126;  // text_ops, which varchar uses too
    case 26:
      return 1981;  // oid_ops
    case 701:
      return 3123;  // float8_ops
    case 1082:
      return 3122;  // date_ops
    case 1114:
      return 3128;  // timestamp_ops
    case 1184:
      return 3127;  // timestamptz_ops
    case 1700:
      return 3125;  // numeric_ops
    default:
      return 0;
  }
}

// The columns of a sequence's one row, as PostgreSQL stores it.
const std::vector<ts::ColumnSchema>& SequenceColumns() {
  static const std::vector<ts::ColumnSchema> columns = {
      {.name = "last_value", .type = DataType::Of(TypeId::kInt64), .not_null = true},
      {.name = "log_cnt", .type = DataType::Of(TypeId::kInt64), .not_null = true},
      {.name = "is_called", .type = DataType::Of(TypeId::kBool), .not_null = true}};
  return columns;
}

Rows ClassRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  const std::vector<IndexEntry> indexes = Indexes(snapshot);
  const std::set<uint32_t> indexed = IndexedTableOids(indexes);
  for (const RelationEntry& entry : AllRelations(snapshot)) {
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
      const bool table = entry.kind == 'r';
      row.Int("oid", entry.oid)
          .Text("relname", entry.name)
          .Int("relnamespace", entry.namespace_oid)
          .Int("relowner", kSuperuserOid)
          .Int("relam", table ? kHeapAccessMethodOid : 0)
          .Int("relfilenode", table ? entry.oid : 0)
          // PostgreSQL 15's value for a relation never vacuumed or analyzed.
          .Float("reltuples", -1)
          .Bool("relisshared", entry.shared)
          .Text("relpersistence", "p")
          .Text("relkind", std::string_view(&entry.kind, 1))
          .Int("relnatts", static_cast<int64_t>(entry.columns->size()))
          .Bool("relhasindex", indexed.contains(entry.oid))
          // A PostgreSQL view is its _RETURN rule.
          .Bool("relhasrules", !table)
          .Bool("relispopulated", true)
          .Text("relreplident", table ? "d" : "n");
    }));
  }
  for (const IndexEntry& entry : indexes) {
    const IndexDefinition& index = *entry.index;
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
      row.Int("oid", index.oid())
          .Text("relname", index.name)
          .Int("relnamespace", kPublicNamespaceOid)
          .Int("relowner", kSuperuserOid)
          .Int("relam", IndexAccessMethodOid(index.method))
          .Int("relfilenode", index.oid())
          .Float("reltuples", -1)
          .Text("relpersistence", "p")
          .Text("relkind", "i")
          .Int("relnatts", static_cast<int64_t>(index.elements.size()))
          .Bool("relispopulated", true)
          .Text("relreplident", "n");
    }));
  }
  // A sequence is stored as one row, so PostgreSQL knows its size without
  // ANALYZE: relpages and reltuples are 1 from CREATE on.
  for (const SequenceDefinition& sequence : snapshot.sequences) {
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
      row.Int("oid", sequence.oid())
          .Text("relname", sequence.name)
          .Int("relnamespace", kPublicNamespaceOid)
          .Int("relowner", kSuperuserOid)
          .Int("relfilenode", sequence.oid())
          .Int("relpages", 1)
          .Float("reltuples", 1)
          .Text("relpersistence", "p")
          .Text("relkind", "S")
          .Int("relnatts", static_cast<int64_t>(SequenceColumns().size()))
          .Bool("relispopulated", true)
          .Text("relreplident", "n");
    }));
  }
  return rows;
}

// One pg_attribute row: `column` as attribute `attnum` of relation `relid`.
Status AddAttributeRow(std::vector<SystemRow>& rows, const SystemRelation& relation, uint32_t relid,
                       const ts::ColumnSchema& column, int64_t attnum, bool not_null,
                       bool has_default, char identity = 0) {
  ASSIGN_OR_RETURN(const PgType* type, ColumnPgType(column));
  return AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
    row.Int("attrelid", relid)
        .Text("attname", column.name)
        .Int("atttypid", type->oid)
        .Int("attstattarget", -1)
        .Int("attlen", type->length)
        .Int("attnum", attnum)
        .Int("attcacheoff", -1)
        .Int("atttypmod", PgTypeModifier(column.type))
        .Bool("attbyval", type->by_value)
        .Text("attalign", std::string_view(&type->align, 1))
        .Text("attstorage", std::string(1, Storage(*type)))
        .Text("attcompression", "")
        .Bool("attnotnull", not_null)
        .Bool("atthasdef", has_default)
        .Text("attidentity", identity != 0 ? std::string(1, identity) : std::string())
        .Text("attgenerated", "")
        .Bool("attislocal", true)
        .Int("attcollation", TypeCollation(*type));
  });
}

Rows AttributeRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const RelationEntry& entry : AllRelations(snapshot)) {
    for (size_t i = 0; i < entry.columns->size(); ++i) {
      const ts::ColumnSchema& column = (*entry.columns)[i];
      const bool has_default = entry.defaults != nullptr && i < entry.defaults->size() &&
                               (*entry.defaults)[i].has_value();
      // `defaults` is set for user tables only, the one kind of relation
      // with identity columns.
      const SequenceDefinition* identity =
          entry.defaults != nullptr ? IdentitySequence(snapshot, entry.table_id, column.column_id)
                                    : nullptr;
      RETURN_IF_ERROR(AddAttributeRow(rows, relation, entry.oid, column,
                                      static_cast<int64_t>(i + 1), column.not_null, has_default,
                                      identity != nullptr ? identity->identity : 0));
    }
  }
  for (const SequenceDefinition& sequence : snapshot.sequences) {
    const std::vector<ts::ColumnSchema>& columns = SequenceColumns();
    for (size_t i = 0; i < columns.size(); ++i) {
      RETURN_IF_ERROR(AddAttributeRow(rows, relation, sequence.oid(), columns[i],
                                      static_cast<int64_t>(i + 1), true, false));
    }
  }
  // An index's attribute is its table column's, never NOT NULL (as in
  // PostgreSQL). Expression elements have none: their type is not kept.
  for (const IndexEntry& entry : Indexes(snapshot)) {
    for (size_t k = 0; k < entry.attnums.size(); ++k) {
      if (entry.attnums[k] == 0) continue;
      RETURN_IF_ERROR(AddAttributeRow(rows, relation, entry.index->oid(),
                                      entry.table->columns[entry.attnums[k] - 1],
                                      static_cast<int64_t>(k + 1), false, false));
    }
  }
  return rows;
}

// indkey, indcollation, indclass and indoption hold one entry per element;
// indexprs the expressions as written, separated as pg_get_expr prints a
// list of them.
Rows IndexRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const IndexEntry& entry : Indexes(snapshot)) {
    const IndexDefinition& index = *entry.index;
    // Only btree keeps an order, so only its elements have options.
    const bool ordered = index.method == "btree";
    std::vector<int64_t> key, collations, classes, options;
    std::string expressions;
    for (size_t k = 0; k < index.elements.size(); ++k) {
      const IndexDefinition::Element& element = index.elements[k];
      const int attnum = entry.attnums[k];
      key.push_back(attnum);
      if (attnum != 0) {
        ASSIGN_OR_RETURN(const PgType* type, ColumnPgType(entry.table->columns[attnum - 1]));
        collations.push_back(TypeCollation(*type));
        classes.push_back(ordered ? BtreeOperatorClass(type->oid) : 0);
      } else {
        if (!expressions.empty()) expressions += ", ";
        expressions += element.expression;
        // Sundial keeps no expression's type, so neither its collation nor
        // its operator class is known.
        collations.push_back(0);
        classes.push_back(0);
      }
      // INDOPTION_DESC is bit 1, INDOPTION_NULLS_FIRST bit 2.
      options.push_back(ordered ? (element.descending ? 1 : 0) | (element.nulls_first ? 2 : 0) : 0);
    }
    const auto count = static_cast<int64_t>(index.elements.size());
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
      row.Int("indexrelid", index.oid())
          .Int("indrelid", UserRelationOid(index.table_id))
          .Int("indnatts", count)
          .Int("indnkeyatts", count)
          .Bool("indisunique", index.constraint != 0)
          .Bool("indisprimary", index.constraint == 'p')
          .Bool("indimmediate", true)
          .Bool("indisvalid", true)
          .Bool("indisready", true)
          .Bool("indislive", true)
          .IntArray("indkey", key)
          .IntArray("indcollation", collations)
          .IntArray("indclass", classes)
          .IntArray("indoption", options);
      if (!expressions.empty()) row.Text("indexprs", expressions);
      if (!index.predicate.empty()) row.Text("indpred", index.predicate);
    }));
  }
  return rows;
}

// The PRIMARY KEY and UNIQUE constraints of tables, one per index made for
// one (conindid), named as the index.
Rows ConstraintRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const IndexEntry& entry : Indexes(snapshot)) {
    const IndexDefinition& index = *entry.index;
    if (index.constraint == 0) continue;
    const std::vector<int64_t> key(entry.attnums.begin(), entry.attnums.end());
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
      row.Int("oid", index.constraint_oid())
          .Text("conname", index.name)
          .Int("connamespace", kPublicNamespaceOid)
          .Text("contype", std::string(1, index.constraint))
          .Bool("condeferrable", false)
          .Bool("condeferred", false)
          .Bool("convalidated", true)
          .Int("conrelid", UserRelationOid(index.table_id))
          .Int("contypid", 0)
          .Int("conindid", index.oid())
          .Int("conparentid", 0)
          .Int("confrelid", 0)
          .Text("confupdtype", " ")
          .Text("confdeltype", " ")
          .Text("confmatchtype", " ")
          .Bool("conislocal", true)
          .Int("coninhcount", 0)
          .Bool("connoinherit", true)
          .IntArray("conkey", key);
    }));
  }
  return rows;
}

Rows TypeRows(const SystemRelation& relation, const CatalogSnapshot&) {
  std::vector<SystemRow> rows;
  for (const PgType& type : PgTypes()) {
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
      row.Int("oid", type.oid)
          .Text("typname", type.name)
          .Int("typnamespace", kPgCatalogNamespaceOid)
          .Int("typowner", kSuperuserOid)
          .Int("typlen", type.length)
          .Bool("typbyval", type.by_value)
          .Text("typtype", "b")
          .Text("typcategory", std::string_view(&type.category, 1))
          .Bool("typispreferred", type.preferred)
          .Bool("typisdefined", true)
          .Text("typdelim", ",")
          .Text("typalign", std::string_view(&type.align, 1))
          .Text("typstorage", std::string(1, Storage(type)))
          .Int("typtypmod", -1)
          .Int("typelem", type.element_oid)
          .Int("typarray", type.array_oid)
          .Int("typcollation", TypeCollation(type));
    }));
  }
  return rows;
}

Rows DatabaseRows(const SystemRelation& relation, const CatalogSnapshot&) {
  std::vector<SystemRow> rows;
  RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
    row.Int("oid", kDatabaseOid)
        .Text("datname", kDatabaseName)
        .Int("datdba", kSuperuserOid)
        .Int("encoding", 6)  // UTF8
        .Text("datlocprovider", "c")
        .Bool("datallowconn", true)
        .Int("datconnlimit", -1)
        .Text("datcollate", "C")
        .Text("datctype", "C");
  }));
  return rows;
}

struct Role {
  uint32_t oid;
  bool superuser;
};
constexpr Role kRoles[] = {{kSuperuserOid, true}, {kDatabaseOwnerRoleOid, false}};

// pg_authid and pg_roles have the same role columns (pg_roles hides the password).
void SetRoleColumns(RowBuilder& row, const Role& role) {
  row.Int("oid", role.oid)
      .Text("rolname", *RoleName(role.oid))
      .Bool("rolsuper", role.superuser)
      .Bool("rolinherit", true)
      .Bool("rolcreaterole", role.superuser)
      .Bool("rolcreatedb", role.superuser)
      .Bool("rolcanlogin", role.superuser)
      .Bool("rolreplication", role.superuser)
      .Bool("rolbypassrls", role.superuser)
      .Int("rolconnlimit", -1);
}

Rows AuthIdRows(const SystemRelation& relation, const CatalogSnapshot&) {
  std::vector<SystemRow> rows;
  for (const Role& role : kRoles) {
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true),
                           [&](RowBuilder& row) { SetRoleColumns(row, role); }));
  }
  return rows;
}

Rows RolesRows(const SystemRelation& relation, const CatalogSnapshot&) {
  std::vector<SystemRow> rows;
  for (const Role& role : kRoles) {
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
      SetRoleColumns(row, role);
      row.Text("rolpassword", "********");
    }));
  }
  return rows;
}

Rows UserRows(const SystemRelation& relation, const CatalogSnapshot&) {
  std::vector<SystemRow> rows;
  for (const Role& role : kRoles) {
    if (!role.superuser) continue;  // pg_user lists the roles that can log in
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
      row.Text("usename", *RoleName(role.oid))
          .Int("usesysid", role.oid)
          .Bool("usecreatedb", true)
          .Bool("usesuper", true)
          .Bool("userepl", true)
          .Bool("usebypassrls", true)
          .Text("passwd", "********");
    }));
  }
  return rows;
}

Rows AccessMethodRows(const SystemRelation& relation, const CatalogSnapshot&) {
  std::vector<SystemRow> rows;
  RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
    row.Int("oid", kHeapAccessMethodOid).Text("amname", "heap").Text("amtype", "t");
  }));
  for (const IndexAccessMethod& method : IndexAccessMethods()) {
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
      row.Int("oid", method.oid).Text("amname", method.name).Text("amtype", "i");
    }));
  }
  return rows;
}

Rows AttrDefRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const CatalogSnapshot::Table& table : snapshot.tables) {
    for (size_t i = 0; i < table.defaults.size(); ++i) {
      if (!table.defaults[i]) continue;
      RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
        row.Int("oid", kAttrDefOidBase + table.schema.table_id * 1600 + static_cast<uint32_t>(i))
            .Int("adrelid", UserRelationOid(table.schema.table_id))
            .Int("adnum", static_cast<int64_t>(i + 1))
            // pg_get_expr() prints adbin; Sundial keeps the expression as SQL.
            .Text("adbin", *table.defaults[i]);
      }));
    }
  }
  return rows;
}

// A sequence owned by a column depends on it automatically ('a'), or, for
// an identity column, internally ('i'): what psql's `\d sequence` reads for
// its "Owned by" line.
Rows DependRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  constexpr int64_t kPgClassOid = 1259;
  std::vector<SystemRow> rows;
  for (const SequenceDefinition& sequence : snapshot.sequences) {
    if (sequence.owner_table_id == 0) continue;
    for (const CatalogSnapshot::Table& table : snapshot.tables) {
      if (table.schema.table_id != sequence.owner_table_id) continue;
      for (size_t i = 0; i < table.schema.columns.size(); ++i) {
        if (static_cast<int>(table.schema.columns[i].column_id) != sequence.owner_column_id) {
          continue;
        }
        RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
          row.Int("classid", kPgClassOid)
              .Int("objid", sequence.oid())
              .Int("objsubid", 0)
              .Int("refclassid", kPgClassOid)
              .Int("refobjid", UserRelationOid(table.schema.table_id))
              .Int("refobjsubid", static_cast<int64_t>(i + 1))
              .Text("deptype", sequence.identity != 0 ? "i" : "a");
        }));
      }
    }
  }
  return rows;
}

Rows CollationRows(const SystemRelation& relation, const CatalogSnapshot&) {
  struct Collation {
    uint32_t oid;
    std::string_view name;
    std::string_view provider;
  };
  // Text compares byte-wise, which is what all three mean here.
  static constexpr Collation kCollations[] = {
      {kDefaultCollationOid, "default", "d"}, {950, "C", "c"}, {951, "POSIX", "c"}};
  std::vector<SystemRow> rows;
  for (const Collation& collation : kCollations) {
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
      row.Int("oid", collation.oid)
          .Text("collname", collation.name)
          .Int("collnamespace", kPgCatalogNamespaceOid)
          .Int("collowner", kSuperuserOid)
          .Text("collprovider", collation.provider)
          .Bool("collisdeterministic", true)
          .Int("collencoding", -1);
      if (collation.oid != kDefaultCollationOid) {
        row.Text("collcollate", collation.name).Text("collctype", collation.name);
      }
    }));
  }
  return rows;
}

Rows ExtensionRows(const SystemRelation& relation, const CatalogSnapshot&) {
  std::vector<SystemRow> rows;
  RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
    row.Int("oid", kTimescaleDbExtensionOid)
        .Text("extname", "timescaledb")
        .Int("extowner", kSuperuserOid)
        .Int("extnamespace", kPublicNamespaceOid)
        .Text("extversion", kTimescaleDbVersion);
  }));
  return rows;
}

Rows TablesRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  const std::set<uint32_t> indexed = IndexedTableOids(Indexes(snapshot));
  for (const RelationEntry& entry : AllRelations(snapshot)) {
    if (entry.kind != 'r') continue;
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
      row.Text("schemaname", entry.schema)
          .Text("tablename", entry.name)
          .Text("tableowner", kSuperuserName)
          .Bool("hasindexes", indexed.contains(entry.oid))
          .Bool("hasrules", false)
          .Bool("hastriggers", false)
          .Bool("rowsecurity", false);
    }));
  }
  return rows;
}

// The definition is the query as written; PostgreSQL prints its own
// deparse of the stored rule instead.
Rows ViewsRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const ViewDefinition& view : snapshot.views) {
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
      row.Text("schemaname", "public")
          .Text("viewname", view.name)
          .Text("viewowner", kSuperuserName)
          .Text("definition", view.query);
    }));
  }
  return rows;
}

// indexdef is pg_get_indexdef's text, with the expressions and predicate as
// written.
Rows IndexesRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const IndexEntry& entry : Indexes(snapshot)) {
    std::optional<std::string> definition = IndexDefText(*entry.index, *entry.table);
    if (!definition) continue;
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
      row.Text("schemaname", "public")
          .Text("tablename", entry.table->name)
          .Text("indexname", entry.index->name)
          .Text("indexdef", *definition);
    }));
  }
  return rows;
}

Rows SequenceRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const SequenceDefinition& sequence : snapshot.sequences) {
    const SequenceOptions& options = sequence.options;
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
      row.Int("seqrelid", sequence.oid())
          .Int("seqtypid", PgTypeOid(DataType::Of(options.type)))
          .Int("seqstart", options.start_value)
          .Int("seqincrement", options.increment)
          .Int("seqmax", options.max_value)
          .Int("seqmin", options.min_value)
          .Int("seqcache", options.cache)
          .Bool("seqcycle", options.cycle);
    }));
  }
  return rows;
}

// last_value is NULL until nextval hands out a value, as
// pg_sequence_last_value answers while is_called is false (after CREATE,
// RESTART or setval(..., false)).
Rows SequencesRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const SequenceDefinition& sequence : snapshot.sequences) {
    const SequenceOptions& options = sequence.options;
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
      row.Text("schemaname", "public")
          .Text("sequencename", sequence.name)
          .Text("sequenceowner", kSuperuserName)
          .Text("data_type", TypeName(DataType::Of(options.type)))
          .Int("start_value", options.start_value)
          .Int("min_value", options.min_value)
          .Int("max_value", options.max_value)
          .Int("increment_by", options.increment)
          .Bool("cycle", options.cycle)
          .Int("cache_size", options.cache);
      if (sequence.is_called) row.Int("last_value", sequence.last_value);
    }));
  }
  return rows;
}

Rows TablespaceRows(const SystemRelation& relation, const CatalogSnapshot&) {
  struct Tablespace {
    uint32_t oid;
    std::string_view name;
  };
  static constexpr Tablespace kTablespaces[] = {{kDefaultTablespaceOid, "pg_default"},
                                                {kGlobalTablespaceOid, "pg_global"}};
  std::vector<SystemRow> rows;
  for (const Tablespace& tablespace : kTablespaces) {
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, true), [&](RowBuilder& row) {
      row.Int("oid", tablespace.oid)
          .Text("spcname", tablespace.name)
          .Int("spcowner", kSuperuserOid);
    }));
  }
  return rows;
}

struct Definition {
  uint32_t oid;
  std::string_view name;
  char kind;
  SystemRowsFunction rows;
};

}  // namespace

void AddPgCatalogRelations(std::vector<SystemRelation>& relations) {
  auto add = [&](Definition definition, std::vector<ts::ColumnSchema> columns) {
    relations.push_back(SystemRelation{.oid = definition.oid,
                                       .namespace_oid = kPgCatalogNamespaceOid,
                                       .schema = "pg_catalog",
                                       .name = definition.name,
                                       .kind = definition.kind,
                                       .columns = std::move(columns),
                                       .rows = definition.rows});
  };
  add({1247, "pg_type", 'r', TypeRows},
      Columns({{"oid", kOid},           {"typname", kName},     {"typnamespace", kOid},
               {"typowner", kOid},      {"typlen", kInt2},      {"typbyval", kBool},
               {"typtype", kChar},      {"typcategory", kChar}, {"typispreferred", kBool},
               {"typisdefined", kBool}, {"typdelim", kChar},    {"typrelid", kOid},
               {"typsubscript", kOid},  {"typelem", kOid},      {"typarray", kOid},
               {"typinput", kOid},      {"typoutput", kOid},    {"typreceive", kOid},
               {"typsend", kOid},       {"typmodin", kOid},     {"typmodout", kOid},
               {"typanalyze", kOid},    {"typalign", kChar},    {"typstorage", kChar},
               {"typnotnull", kBool},   {"typbasetype", kOid},  {"typtypmod", kInt4},
               {"typndims", kInt4},     {"typcollation", kOid}, {"typdefaultbin", kNodeTree},
               {"typdefault", kText},   {"typacl", kTextArray}}));
  add({1249, "pg_attribute", 'r', AttributeRows}, Columns({{"attrelid", kOid},
                                                           {"attname", kName},
                                                           {"atttypid", kOid},
                                                           {"attstattarget", kInt4},
                                                           {"attlen", kInt2},
                                                           {"attnum", kInt2},
                                                           {"attndims", kInt4},
                                                           {"attcacheoff", kInt4},
                                                           {"atttypmod", kInt4},
                                                           {"attbyval", kBool},
                                                           {"attalign", kChar},
                                                           {"attstorage", kChar},
                                                           {"attcompression", kChar},
                                                           {"attnotnull", kBool},
                                                           {"atthasdef", kBool},
                                                           {"atthasmissing", kBool},
                                                           {"attidentity", kChar},
                                                           {"attgenerated", kChar},
                                                           {"attisdropped", kBool},
                                                           {"attislocal", kBool},
                                                           {"attinhcount", kInt4},
                                                           {"attcollation", kOid},
                                                           {"attacl", kTextArray},
                                                           {"attoptions", kTextArray},
                                                           {"attfdwoptions", kTextArray},
                                                           {"attmissingval", kNodeTree}}));
  add({1259, "pg_class", 'r', ClassRows}, Columns({{"oid", kOid},
                                                   {"relname", kName},
                                                   {"relnamespace", kOid},
                                                   {"reltype", kOid},
                                                   {"reloftype", kOid},
                                                   {"relowner", kOid},
                                                   {"relam", kOid},
                                                   {"relfilenode", kOid},
                                                   {"reltablespace", kOid},
                                                   {"relpages", kInt4},
                                                   {"reltuples", kFloat4},
                                                   {"relallvisible", kInt4},
                                                   {"reltoastrelid", kOid},
                                                   {"relhasindex", kBool},
                                                   {"relisshared", kBool},
                                                   {"relpersistence", kChar},
                                                   {"relkind", kChar},
                                                   {"relnatts", kInt2},
                                                   {"relchecks", kInt2},
                                                   {"relhasrules", kBool},
                                                   {"relhastriggers", kBool},
                                                   {"relhassubclass", kBool},
                                                   {"relrowsecurity", kBool},
                                                   {"relforcerowsecurity", kBool},
                                                   {"relispopulated", kBool},
                                                   {"relreplident", kChar},
                                                   {"relispartition", kBool},
                                                   {"relrewrite", kOid},
                                                   {"relfrozenxid", kOid},
                                                   {"relminmxid", kOid},
                                                   {"relacl", kTextArray},
                                                   {"reloptions", kTextArray},
                                                   {"relpartbound", kNodeTree}}));
  add({1260, "pg_authid", 'r', AuthIdRows}, Columns({{"oid", kOid},
                                                     {"rolname", kName},
                                                     {"rolsuper", kBool},
                                                     {"rolinherit", kBool},
                                                     {"rolcreaterole", kBool},
                                                     {"rolcreatedb", kBool},
                                                     {"rolcanlogin", kBool},
                                                     {"rolreplication", kBool},
                                                     {"rolbypassrls", kBool},
                                                     {"rolconnlimit", kInt4},
                                                     {"rolpassword", kText},
                                                     {"rolvaliduntil", kTimestampTz}}));
  // Sundial's functions are built in, like PostgreSQL's own in pg_catalog,
  // which clients list apart from user functions; there are no user ones.
  add({1255, "pg_proc", 'r', NoRows}, Columns({{"oid", kOid},
                                               {"proname", kName},
                                               {"pronamespace", kOid},
                                               {"proowner", kOid},
                                               {"prolang", kOid},
                                               {"procost", kFloat4},
                                               {"prorows", kFloat4},
                                               {"provariadic", kOid},
                                               {"prosupport", kOid},
                                               {"prokind", kChar},
                                               {"prosecdef", kBool},
                                               {"proleakproof", kBool},
                                               {"proisstrict", kBool},
                                               {"proretset", kBool},
                                               {"provolatile", kChar},
                                               {"proparallel", kChar},
                                               {"pronargs", kInt2},
                                               {"pronargdefaults", kInt2},
                                               {"prorettype", kOid},
                                               {"proargtypes", kOidArray},
                                               {"proallargtypes", kOidArray},
                                               {"proargmodes", kTextArray},
                                               {"proargnames", kTextArray},
                                               {"proargdefaults", kNodeTree},
                                               {"protrftypes", kOidArray},
                                               {"prosrc", kText},
                                               {"probin", kText},
                                               {"prosqlbody", kNodeTree},
                                               {"proconfig", kTextArray},
                                               {"proacl", kTextArray}}));
  add({1261, "pg_auth_members", 'r', NoRows},
      Columns({{"roleid", kOid}, {"member", kOid}, {"grantor", kOid}, {"admin_option", kBool}}));
  add({1262, "pg_database", 'r', DatabaseRows}, Columns({{"oid", kOid},
                                                         {"datname", kName},
                                                         {"datdba", kOid},
                                                         {"encoding", kInt4},
                                                         {"datlocprovider", kChar},
                                                         {"datistemplate", kBool},
                                                         {"datallowconn", kBool},
                                                         {"datconnlimit", kInt4},
                                                         {"datfrozenxid", kOid},
                                                         {"datminmxid", kOid},
                                                         {"dattablespace", kOid},
                                                         {"datcollate", kText},
                                                         {"datctype", kText},
                                                         {"daticulocale", kText},
                                                         {"datcollversion", kText},
                                                         {"datacl", kTextArray}}));
  add({2601, "pg_am", 'r', AccessMethodRows},
      Columns({{"oid", kOid}, {"amname", kName}, {"amhandler", kOid}, {"amtype", kChar}}));
  add({2604, "pg_attrdef", 'r', AttrDefRows},
      Columns({{"oid", kOid}, {"adrelid", kOid}, {"adnum", kInt2}, {"adbin", kNodeTree}}));
  add({2224, "pg_sequence", 'r', SequenceRows}, Columns({{"seqrelid", kOid},
                                                         {"seqtypid", kOid},
                                                         {"seqstart", kInt8},
                                                         {"seqincrement", kInt8},
                                                         {"seqmax", kInt8},
                                                         {"seqmin", kInt8},
                                                         {"seqcache", kInt8},
                                                         {"seqcycle", kBool}}));
  add({2606, "pg_constraint", 'r', ConstraintRows}, Columns({{"oid", kOid},
                                                             {"conname", kName},
                                                             {"connamespace", kOid},
                                                             {"contype", kChar},
                                                             {"condeferrable", kBool},
                                                             {"condeferred", kBool},
                                                             {"convalidated", kBool},
                                                             {"conrelid", kOid},
                                                             {"contypid", kOid},
                                                             {"conindid", kOid},
                                                             {"conparentid", kOid},
                                                             {"confrelid", kOid},
                                                             {"confupdtype", kChar},
                                                             {"confdeltype", kChar},
                                                             {"confmatchtype", kChar},
                                                             {"conislocal", kBool},
                                                             {"coninhcount", kInt4},
                                                             {"connoinherit", kBool},
                                                             {"conkey", kInt2Array},
                                                             {"confkey", kInt2Array},
                                                             {"conpfeqop", kOidArray},
                                                             {"conppeqop", kOidArray},
                                                             {"conffeqop", kOidArray},
                                                             {"confdelsetcols", kInt2Array},
                                                             {"conexclop", kOidArray},
                                                             {"conbin", kNodeTree}}));
  add({2609, "pg_description", 'r', NoRows},
      Columns({{"objoid", kOid}, {"classoid", kOid}, {"objsubid", kInt4}, {"description", kText}}));
  add({2610, "pg_index", 'r', IndexRows},
      Columns(
          {{"indexrelid", kOid},      {"indrelid", kOid},          {"indnatts", kInt2},
           {"indnkeyatts", kInt2},    {"indisunique", kBool},      {"indnullsnotdistinct", kBool},
           {"indisprimary", kBool},   {"indisexclusion", kBool},   {"indimmediate", kBool},
           {"indisclustered", kBool}, {"indisvalid", kBool},       {"indcheckxmin", kBool},
           {"indisready", kBool},     {"indislive", kBool},        {"indisreplident", kBool},
           {"indkey", kInt2Array},    {"indcollation", kOidArray}, {"indclass", kOidArray},
           {"indoption", kInt2Array}, {"indexprs", kNodeTree},     {"indpred", kNodeTree}}));
  add({2611, "pg_inherits", 'r', NoRows}, Columns({{"inhrelid", kOid},
                                                   {"inhparent", kOid},
                                                   {"inhseqno", kInt4},
                                                   {"inhdetachpending", kBool}}));
  add({2615, "pg_namespace", 'r', NamespaceRows},
      Columns({{"oid", kOid}, {"nspname", kName}, {"nspowner", kOid}, {"nspacl", kTextArray}}));
  add({2618, "pg_rewrite", 'r', NoRows}, Columns({{"oid", kOid},
                                                  {"rulename", kName},
                                                  {"ev_class", kOid},
                                                  {"ev_type", kChar},
                                                  {"ev_enabled", kChar},
                                                  {"is_instead", kBool},
                                                  {"ev_qual", kNodeTree},
                                                  {"ev_action", kNodeTree}}));
  add({2620, "pg_trigger", 'r', NoRows}, Columns({{"oid", kOid},
                                                  {"tgrelid", kOid},
                                                  {"tgparentid", kOid},
                                                  {"tgname", kName},
                                                  {"tgfoid", kOid},
                                                  {"tgtype", kInt2},
                                                  {"tgenabled", kChar},
                                                  {"tgisinternal", kBool},
                                                  {"tgconstrrelid", kOid},
                                                  {"tgconstrindid", kOid},
                                                  {"tgconstraint", kOid},
                                                  {"tgdeferrable", kBool},
                                                  {"tginitdeferred", kBool},
                                                  {"tgnargs", kInt2},
                                                  {"tgattr", kInt2Array},
                                                  {"tgargs", kTextArray},
                                                  {"tgqual", kNodeTree},
                                                  {"tgoldtable", kName},
                                                  {"tgnewtable", kName}}));
  add({3079, "pg_extension", 'r', ExtensionRows}, Columns({{"oid", kOid},
                                                           {"extname", kName},
                                                           {"extowner", kOid},
                                                           {"extnamespace", kOid},
                                                           {"extrelocatable", kBool},
                                                           {"extversion", kText},
                                                           {"extconfig", kOidArray},
                                                           {"extcondition", kTextArray}}));
  add({3256, "pg_policy", 'r', NoRows}, Columns({{"oid", kOid},
                                                 {"polname", kName},
                                                 {"polrelid", kOid},
                                                 {"polcmd", kChar},
                                                 {"polpermissive", kBool},
                                                 {"polroles", kOidArray},
                                                 {"polqual", kNodeTree},
                                                 {"polwithcheck", kNodeTree}}));
  add({3381, "pg_statistic_ext", 'r', NoRows}, Columns({{"oid", kOid},
                                                        {"stxrelid", kOid},
                                                        {"stxname", kName},
                                                        {"stxnamespace", kOid},
                                                        {"stxowner", kOid},
                                                        {"stxstattarget", kInt4},
                                                        {"stxkeys", kInt2Array},
                                                        {"stxkind", kTextArray},
                                                        {"stxexprs", kNodeTree}}));
  add({3456, "pg_collation", 'r', CollationRows}, Columns({{"oid", kOid},
                                                           {"collname", kName},
                                                           {"collnamespace", kOid},
                                                           {"collowner", kOid},
                                                           {"collprovider", kChar},
                                                           {"collisdeterministic", kBool},
                                                           {"collencoding", kInt4},
                                                           {"collcollate", kText},
                                                           {"collctype", kText},
                                                           {"colliculocale", kText},
                                                           {"collversion", kText}}));
  add({6104, "pg_publication", 'r', NoRows}, Columns({{"oid", kOid},
                                                      {"pubname", kName},
                                                      {"pubowner", kOid},
                                                      {"puballtables", kBool},
                                                      {"pubinsert", kBool},
                                                      {"pubupdate", kBool},
                                                      {"pubdelete", kBool},
                                                      {"pubtruncate", kBool},
                                                      {"pubviaroot", kBool}}));
  add({6106, "pg_publication_rel", 'r', NoRows}, Columns({{"oid", kOid},
                                                          {"prpubid", kOid},
                                                          {"prrelid", kOid},
                                                          {"prqual", kNodeTree},
                                                          {"prattrs", kInt2Array}}));
  add({6237, "pg_publication_namespace", 'r', NoRows},
      Columns({{"oid", kOid}, {"pnpubid", kOid}, {"pnnspid", kOid}}));
  add({1213, "pg_tablespace", 'r', TablespaceRows}, Columns({{"oid", kOid},
                                                             {"spcname", kName},
                                                             {"spcowner", kOid},
                                                             {"spcacl", kTextArray},
                                                             {"spcoptions", kTextArray}}));
  add({2608, "pg_depend", 'r', DependRows}, Columns({{"classid", kOid},
                                                     {"objid", kOid},
                                                     {"objsubid", kInt4},
                                                     {"refclassid", kOid},
                                                     {"refobjid", kOid},
                                                     {"refobjsubid", kInt4},
                                                     {"deptype", kChar}}));
  add({3501, "pg_enum", 'r', NoRows},
      Columns(
          {{"oid", kOid}, {"enumtypid", kOid}, {"enumsortorder", kFloat4}, {"enumlabel", kName}}));
  add({3541, "pg_range", 'r', NoRows}, Columns({{"rngtypid", kOid},
                                                {"rngsubtype", kOid},
                                                {"rngmultitypid", kOid},
                                                {"rngcollation", kOid},
                                                {"rngsubopc", kOid},
                                                {"rngcanonical", kOid},
                                                {"rngsubdiff", kOid}}));
  add({12028, "pg_views", 'v', ViewsRows}, Columns({{"schemaname", kName},
                                                    {"viewname", kName},
                                                    {"viewowner", kName},
                                                    {"definition", kText}}));
  add({12038, "pg_matviews", 'v', NoRows}, Columns({{"schemaname", kName},
                                                    {"matviewname", kName},
                                                    {"matviewowner", kName},
                                                    {"tablespace", kName},
                                                    {"hasindexes", kBool},
                                                    {"ispopulated", kBool},
                                                    {"definition", kText}}));
  add({12043, "pg_indexes", 'v', IndexesRows}, Columns({{"schemaname", kName},
                                                        {"tablename", kName},
                                                        {"indexname", kName},
                                                        {"tablespace", kName},
                                                        {"indexdef", kText}}));
  // data_type is a regtype in PostgreSQL, which prints as this text.
  add({12048, "pg_sequences", 'v', SequencesRows}, Columns({{"schemaname", kName},
                                                            {"sequencename", kName},
                                                            {"sequenceowner", kName},
                                                            {"data_type", kText},
                                                            {"start_value", kInt8},
                                                            {"min_value", kInt8},
                                                            {"max_value", kInt8},
                                                            {"increment_by", kInt8},
                                                            {"cycle", kBool},
                                                            {"cache_size", kInt8},
                                                            {"last_value", kInt8}}));
  // Views: their OIDs are the ones initdb gives them in PostgreSQL 15.
  add({12000, "pg_roles", 'v', RolesRows}, Columns({{"rolname", kName},
                                                    {"rolsuper", kBool},
                                                    {"rolinherit", kBool},
                                                    {"rolcreaterole", kBool},
                                                    {"rolcreatedb", kBool},
                                                    {"rolcanlogin", kBool},
                                                    {"rolreplication", kBool},
                                                    {"rolconnlimit", kInt4},
                                                    {"rolpassword", kText},
                                                    {"rolvaliduntil", kTimestampTz},
                                                    {"rolbypassrls", kBool},
                                                    {"rolconfig", kTextArray},
                                                    {"oid", kOid}}));
  add({12014, "pg_user", 'v', UserRows}, Columns({{"usename", kName},
                                                  {"usesysid", kOid},
                                                  {"usecreatedb", kBool},
                                                  {"usesuper", kBool},
                                                  {"userepl", kBool},
                                                  {"usebypassrls", kBool},
                                                  {"passwd", kText},
                                                  {"valuntil", kTimestampTz},
                                                  {"useconfig", kTextArray}}));
  add({12033, "pg_tables", 'v', TablesRows}, Columns({{"schemaname", kName},
                                                      {"tablename", kName},
                                                      {"tableowner", kName},
                                                      {"tablespace", kName},
                                                      {"hasindexes", kBool},
                                                      {"hasrules", kBool},
                                                      {"hastriggers", kBool},
                                                      {"rowsecurity", kBool}}));
}

}  // namespace sundial::catalog::system
