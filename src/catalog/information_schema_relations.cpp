#include <string>

#include "catalog/index_text.h"
#include "catalog/system_relation_builder.h"
#include "common/numeric.h"
#include "common/pg_type_registry.h"

// information_schema's relations, computed from a catalog snapshot in the
// SQL standard's spelling (Grafana and JDBC tools read these).
namespace sundial::catalog::system {
namespace {

using Rows = Result<std::vector<SystemRow>>;

std::string_view YesNo(bool yes) {
  return yes ? "YES" : "NO";
}

Rows SchemataRows(const SystemRelation& relation, const CatalogSnapshot&) {
  struct Schema {
    std::string_view name;
    uint32_t owner;
  };
  static constexpr Schema kSchemas[] = {{"pg_catalog", kSuperuserOid},
                                        {"public", kDatabaseOwnerRoleOid},
                                        {"information_schema", kSuperuserOid},
                                        {"timescaledb_information", kSuperuserOid}};
  std::vector<SystemRow> rows;
  for (const Schema& schema : kSchemas) {
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
      row.Text("catalog_name", kDatabaseName)
          .Text("schema_name", schema.name)
          .Text("schema_owner", *RoleName(schema.owner));
    }));
  }
  return rows;
}

Rows TablesRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const RelationEntry& entry : AllRelations(snapshot)) {
    const bool user_table = entry.kind == 'r' && entry.namespace_oid == kPublicNamespaceOid;
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
      row.Text("table_catalog", kDatabaseName)
          .Text("table_schema", entry.schema)
          .Text("table_name", entry.name)
          .Text("table_type", entry.kind == 'v' ? "VIEW" : "BASE TABLE")
          .Text("is_insertable_into", YesNo(user_table))
          .Text("is_typed", "NO");
    }));
  }
  return rows;
}

// The numeric facts information_schema.columns reports per type.
void SetTypeFacts(RowBuilder& row, DataType type) {
  switch (type.id) {
    case TypeId::kInt16:
      row.Int("numeric_precision", 16).Int("numeric_precision_radix", 2).Int("numeric_scale", 0);
      break;
    case TypeId::kInt32:
      row.Int("numeric_precision", 32).Int("numeric_precision_radix", 2).Int("numeric_scale", 0);
      break;
    case TypeId::kInt64:
      row.Int("numeric_precision", 64).Int("numeric_precision_radix", 2).Int("numeric_scale", 0);
      break;
    case TypeId::kFloat32:
      row.Int("numeric_precision", 24).Int("numeric_precision_radix", 2);
      break;
    case TypeId::kFloat64:
      row.Int("numeric_precision", 53).Int("numeric_precision_radix", 2);
      break;
    case TypeId::kDate:
      row.Int("datetime_precision", 0);
      break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kInterval:
    case TypeId::kTime:
      row.Int("datetime_precision", 6);
      break;
    case TypeId::kText:
      row.Int("character_octet_length", 1073741824);
      break;
    case TypeId::kVarchar:
      if (type.max_length >= 0) {
        row.Int("character_maximum_length", type.max_length)
            .Int("character_octet_length", int64_t{type.max_length} * 4);
      } else {
        row.Int("character_octet_length", 1073741824);
      }
      break;
    case TypeId::kNumeric:
      if (type.max_length >= 0) {
        row.Int("numeric_precision", NumericTypmodPrecision(type.max_length))
            .Int("numeric_precision_radix", 10)
            .Int("numeric_scale", NumericTypmodScale(type.max_length));
      } else {
        row.Int("numeric_precision_radix", 10);
      }
      break;
    case TypeId::kBool:
    case TypeId::kUnknown:
    case TypeId::kArray:
    case TypeId::kUuid:
    case TypeId::kJson:
    case TypeId::kJsonb:
    case TypeId::kBytea:
      break;
  }
}

Rows ColumnsRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const RelationEntry& entry : AllRelations(snapshot)) {
    for (size_t i = 0; i < entry.columns->size(); ++i) {
      const ts::ColumnSchema& column = (*entry.columns)[i];
      ASSIGN_OR_RETURN(const PgType* type, ColumnPgType(column));
      const std::string position = std::to_string(i + 1);
      const SequenceDefinition* identity =
          entry.defaults != nullptr ? IdentitySequence(snapshot, entry.table_id, column.column_id)
                                    : nullptr;
      RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
        row.Text("table_catalog", kDatabaseName)
            .Text("table_schema", entry.schema)
            .Text("table_name", entry.name)
            .Text("column_name", column.name)
            .Int("ordinal_position", static_cast<int64_t>(i + 1))
            .Text("is_nullable", YesNo(!column.not_null))
            .Text("data_type", TypeName(DataType::Of(column.type.id)))
            .Text("udt_catalog", kDatabaseName)
            .Text("udt_schema", "pg_catalog")
            .Text("udt_name", type->name)
            .Text("dtd_identifier", position)
            .Text("is_self_referencing", "NO")
            .Text("is_identity", YesNo(identity != nullptr))
            .Text("identity_cycle", YesNo(identity != nullptr && identity->options.cycle))
            .Text("is_generated", "NEVER")
            .Text("is_updatable", YesNo(entry.kind == 'r' && entry.defaults != nullptr));
        if (entry.defaults != nullptr && i < entry.defaults->size() && (*entry.defaults)[i]) {
          row.Text("column_default", *(*entry.defaults)[i]);
        }
        if (IsString(column.type.id)) {
          row.Text("collation_catalog", kDatabaseName)
              .Text("collation_schema", "pg_catalog")
              .Text("collation_name", "default");
        }
        if (identity != nullptr) {
          const SequenceOptions& options = identity->options;
          row.Text("identity_generation", identity->identity == 'a' ? "ALWAYS" : "BY DEFAULT")
              .Text("identity_start", std::to_string(options.start_value))
              .Text("identity_increment", std::to_string(options.increment))
              .Text("identity_maximum", std::to_string(options.max_value))
              .Text("identity_minimum", std::to_string(options.min_value));
        }
        SetTypeFacts(row, column.type);
      }));
    }
  }
  return rows;
}

// An identity column's sequence is part of its column, not a sequence of
// its own to the SQL standard, so PostgreSQL leaves it out here (pg_class
// and pg_sequences list it). The values are text, as the standard's
// character_data.
Rows SequencesRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const SequenceDefinition& sequence : snapshot.sequences) {
    if (sequence.identity != 0) continue;
    const SequenceOptions& options = sequence.options;
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
      row.Text("sequence_catalog", kDatabaseName)
          .Text("sequence_schema", "public")
          .Text("sequence_name", sequence.name)
          .Text("data_type", TypeName(DataType::Of(options.type)))
          .Text("start_value", std::to_string(options.start_value))
          .Text("minimum_value", std::to_string(options.min_value))
          .Text("maximum_value", std::to_string(options.max_value))
          .Text("increment", std::to_string(options.increment))
          .Text("cycle_option", YesNo(options.cycle));
      SetTypeFacts(row, DataType::Of(options.type));
    }));
  }
  return rows;
}

// Sundial's views are read-only: no INSERT, UPDATE or DELETE reaches them,
// neither directly nor through triggers (PostgreSQL would call a simple
// one-table view updatable).
// The PRIMARY KEY and UNIQUE constraints (the only ones Sundial keeps
// besides NOT NULL, which PostgreSQL also lists as CHECK constraints here;
// Sundial does not), with the names every row of them starts with.
std::vector<IndexEntry> KeyConstraints(const CatalogSnapshot& snapshot) {
  std::vector<IndexEntry> keys = Indexes(snapshot);
  std::erase_if(keys, [](const IndexEntry& entry) { return entry.index->constraint == 0; });
  return keys;
}

void SetConstraintNames(RowBuilder& row, const IndexEntry& key) {
  row.Text("constraint_catalog", kDatabaseName)
      .Text("constraint_schema", "public")
      .Text("constraint_name", key.index->name)
      .Text("table_catalog", kDatabaseName)
      .Text("table_schema", "public")
      .Text("table_name", key.table->name);
}

Rows TableConstraintsRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const IndexEntry& key : KeyConstraints(snapshot)) {
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
      SetConstraintNames(row, key);
      row.Text("constraint_type", key.index->constraint == 'p' ? "PRIMARY KEY" : "UNIQUE")
          .Text("is_deferrable", "NO")
          .Text("initially_deferred", "NO")
          .Text("enforced", "YES")
          .Text("nulls_distinct", "YES");
    }));
  }
  return rows;
}

Rows KeyColumnUsageRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const IndexEntry& key : KeyConstraints(snapshot)) {
    for (size_t k = 0; k < key.attnums.size(); ++k) {
      RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
        SetConstraintNames(row, key);
        row.Text("column_name", key.table->columns[key.attnums[k] - 1].name)
            .Int("ordinal_position", static_cast<int64_t>(k + 1));
      }));
    }
  }
  return rows;
}

Rows ViewsRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const ViewDefinition& view : snapshot.views) {
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
      row.Text("table_catalog", kDatabaseName)
          .Text("table_schema", "public")
          .Text("table_name", view.name)
          .Text("view_definition", view.query)
          .Text("check_option", "NONE")
          .Text("is_updatable", "NO")
          .Text("is_insertable_into", "NO")
          .Text("is_trigger_updatable", "NO")
          .Text("is_trigger_deletable", "NO")
          .Text("is_trigger_insertable_into", "NO");
    }));
  }
  return rows;
}

}  // namespace

void AddInformationSchemaRelations(std::vector<SystemRelation>& relations) {
  // View OIDs as initdb assigns them in PostgreSQL 15.
  relations.push_back(SystemRelation{.oid = 13382,
                                     .namespace_oid = kInformationSchemaNamespaceOid,
                                     .schema = "information_schema",
                                     .name = "schemata",
                                     .kind = 'v',
                                     .columns = Columns({{"catalog_name", kName},
                                                         {"schema_name", kName},
                                                         {"schema_owner", kName},
                                                         {"default_character_set_catalog", kName},
                                                         {"default_character_set_schema", kName},
                                                         {"default_character_set_name", kName},
                                                         {"sql_path", kText}}),
                                     .rows = SchemataRows});
  relations.push_back(SystemRelation{.oid = 13386,
                                     .namespace_oid = kInformationSchemaNamespaceOid,
                                     .schema = "information_schema",
                                     .name = "sequences",
                                     .kind = 'v',
                                     .columns = Columns({{"sequence_catalog", kName},
                                                         {"sequence_schema", kName},
                                                         {"sequence_name", kName},
                                                         {"data_type", kText},
                                                         {"numeric_precision", kInt4},
                                                         {"numeric_precision_radix", kInt4},
                                                         {"numeric_scale", kInt4},
                                                         {"start_value", kText},
                                                         {"minimum_value", kText},
                                                         {"maximum_value", kText},
                                                         {"increment", kText},
                                                         {"cycle_option", kText}}),
                                     .rows = SequencesRows});
  relations.push_back(SystemRelation{.oid = 13425,
                                     .namespace_oid = kInformationSchemaNamespaceOid,
                                     .schema = "information_schema",
                                     .name = "tables",
                                     .kind = 'v',
                                     .columns = Columns({{"table_catalog", kName},
                                                         {"table_schema", kName},
                                                         {"table_name", kName},
                                                         {"table_type", kText},
                                                         {"self_referencing_column_name", kName},
                                                         {"reference_generation", kText},
                                                         {"user_defined_type_catalog", kName},
                                                         {"user_defined_type_schema", kName},
                                                         {"user_defined_type_name", kName},
                                                         {"is_insertable_into", kText},
                                                         {"is_typed", kText},
                                                         {"commit_action", kText}}),
                                     .rows = TablesRows});
  relations.push_back(SystemRelation{.oid = 13295,
                                     .namespace_oid = kInformationSchemaNamespaceOid,
                                     .schema = "information_schema",
                                     .name = "columns",
                                     .kind = 'v',
                                     .columns = Columns({{"table_catalog", kName},
                                                         {"table_schema", kName},
                                                         {"table_name", kName},
                                                         {"column_name", kName},
                                                         {"ordinal_position", kInt4},
                                                         {"column_default", kText},
                                                         {"is_nullable", kText},
                                                         {"data_type", kText},
                                                         {"character_maximum_length", kInt4},
                                                         {"character_octet_length", kInt4},
                                                         {"numeric_precision", kInt4},
                                                         {"numeric_precision_radix", kInt4},
                                                         {"numeric_scale", kInt4},
                                                         {"datetime_precision", kInt4},
                                                         {"interval_type", kText},
                                                         {"interval_precision", kInt4},
                                                         {"character_set_catalog", kName},
                                                         {"character_set_schema", kName},
                                                         {"character_set_name", kName},
                                                         {"collation_catalog", kName},
                                                         {"collation_schema", kName},
                                                         {"collation_name", kName},
                                                         {"domain_catalog", kName},
                                                         {"domain_schema", kName},
                                                         {"domain_name", kName},
                                                         {"udt_catalog", kName},
                                                         {"udt_schema", kName},
                                                         {"udt_name", kName},
                                                         {"scope_catalog", kName},
                                                         {"scope_schema", kName},
                                                         {"scope_name", kName},
                                                         {"maximum_cardinality", kInt4},
                                                         {"dtd_identifier", kName},
                                                         {"is_self_referencing", kText},
                                                         {"is_identity", kText},
                                                         {"identity_generation", kText},
                                                         {"identity_start", kText},
                                                         {"identity_increment", kText},
                                                         {"identity_maximum", kText},
                                                         {"identity_minimum", kText},
                                                         {"identity_cycle", kText},
                                                         {"is_generated", kText},
                                                         {"generation_expression", kText},
                                                         {"is_updatable", kText}}),
                                     .rows = ColumnsRows});
  relations.push_back(SystemRelation{.oid = 13483,
                                     .namespace_oid = kInformationSchemaNamespaceOid,
                                     .schema = "information_schema",
                                     .name = "views",
                                     .kind = 'v',
                                     .columns = Columns({{"table_catalog", kName},
                                                         {"table_schema", kName},
                                                         {"table_name", kName},
                                                         {"view_definition", kText},
                                                         {"check_option", kText},
                                                         {"is_updatable", kText},
                                                         {"is_insertable_into", kText},
                                                         {"is_trigger_updatable", kText},
                                                         {"is_trigger_deletable", kText},
                                                         {"is_trigger_insertable_into", kText}}),
                                     .rows = ViewsRows});
  relations.push_back(SystemRelation{.oid = 13411,
                                     .namespace_oid = kInformationSchemaNamespaceOid,
                                     .schema = "information_schema",
                                     .name = "table_constraints",
                                     .kind = 'v',
                                     .columns = Columns({{"constraint_catalog", kName},
                                                         {"constraint_schema", kName},
                                                         {"constraint_name", kName},
                                                         {"table_catalog", kName},
                                                         {"table_schema", kName},
                                                         {"table_name", kName},
                                                         {"constraint_type", kText},
                                                         {"is_deferrable", kText},
                                                         {"initially_deferred", kText},
                                                         {"enforced", kText},
                                                         {"nulls_distinct", kText}}),
                                     .rows = TableConstraintsRows});
  relations.push_back(SystemRelation{.oid = 13329,
                                     .namespace_oid = kInformationSchemaNamespaceOid,
                                     .schema = "information_schema",
                                     .name = "key_column_usage",
                                     .kind = 'v',
                                     .columns = Columns({{"constraint_catalog", kName},
                                                         {"constraint_schema", kName},
                                                         {"constraint_name", kName},
                                                         {"table_catalog", kName},
                                                         {"table_schema", kName},
                                                         {"table_name", kName},
                                                         {"column_name", kName},
                                                         {"ordinal_position", kInt4},
                                                         {"position_in_unique_constraint", kInt4}}),
                                     .rows = KeyColumnUsageRows});
}

}  // namespace sundial::catalog::system
