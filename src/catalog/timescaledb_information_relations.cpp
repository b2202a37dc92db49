#include <optional>
#include <string>

#include "catalog/system_relation_builder.h"
#include "common/quote_ident.h"

// timescaledb_information's views, as TimescaleDB 2.14 defines them, for
// what Sundial has: its hypertables and the segment order of each
// (TimescaleDB's compression settings; every Sundial segment is compressed).
namespace sundial::catalog::system {
namespace {

using Rows = Result<std::vector<SystemRow>>;

constexpr std::string_view kSchema = "timescaledb_information";

// The name of a column by its store id.
const std::string& ColumnName(const ts::TableSchema& schema, uint32_t column_id) {
  return schema.columns[schema.FindColumnById(column_id)].name;
}

// One row per hypertable; every Sundial segment is compressed.
Rows HypertablesRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const CatalogSnapshot::Table& table : snapshot.tables) {
    const ts::TableSchema& schema = table.schema;
    if (!schema.is_hypertable()) continue;
    std::optional<int64_t> chunks;
    if (snapshot.partitions) {
      ASSIGN_OR_RETURN(std::vector<int64_t> starts, snapshot.partitions(schema.table_id));
      chunks = static_cast<int64_t>(starts.size());
    }
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
      row.Text("hypertable_schema", "public")
          .Text("hypertable_name", schema.name)
          .Text("owner", kSuperuserName)
          .Int("num_dimensions", 1)
          .Bool("compression_enabled", true);
      if (chunks) row.Int("num_chunks", *chunks);
    }));
  }
  return rows;
}

// One row per hypertable: segmentby as the names joined by commas (NULL
// while each segment chooses, '' for none); orderby as an ORDER BY list
// with quoted names where needed (NULL when only time orders the rows).
Rows HypertableCompressionSettingsRows(const SystemRelation& relation,
                                       const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const CatalogSnapshot::Table& table : snapshot.tables) {
    const ts::TableSchema& schema = table.schema;
    if (!schema.is_hypertable()) continue;
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
      row.Text("hypertable", QuoteIdent(schema.name));
      if (schema.segment_by) {
        std::string segment_by;
        for (uint32_t id : *schema.segment_by) {
          if (!segment_by.empty()) segment_by += ',';
          segment_by += ColumnName(schema, id);
        }
        row.Text("segmentby", segment_by);
      }
      if (!schema.order_by.empty()) {
        std::string order_by;
        for (const ts::OrderColumn& column : schema.order_by) {
          if (!order_by.empty()) order_by += ',';
          order_by += QuoteIdent(ColumnName(schema, column.column_id));
          if (column.descending) order_by += " DESC";
        }
        row.Text("orderby", order_by);
      }
    }));
  }
  return rows;
}

// The view before 2.14: one row per segmentby or orderby column.
Rows CompressionSettingsRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const CatalogSnapshot::Table& table : snapshot.tables) {
    const ts::TableSchema& schema = table.schema;
    if (!schema.is_hypertable()) continue;
    auto start = [&](RowBuilder& row, uint32_t column_id) -> RowBuilder& {
      return row.Text("hypertable_schema", "public")
          .Text("hypertable_name", schema.name)
          .Text("attname", ColumnName(schema, column_id));
    };
    int64_t index = 0;
    for (uint32_t id : schema.segment_by.value_or(std::vector<uint32_t>{})) {
      RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
        start(row, id).Int("segmentby_column_index", ++index);
      }));
    }
    index = 0;
    for (const ts::OrderColumn& column : schema.order_by) {
      RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
        start(row, column.column_id)
            .Int("orderby_column_index", ++index)
            .Bool("orderby_asc", !column.descending)
            .Bool("orderby_nullsfirst", column.descending);
      }));
    }
  }
  return rows;
}

}  // namespace

void AddTimescaleDbInformationRelations(std::vector<SystemRelation>& relations) {
  relations.push_back(SystemRelation{.oid = kTimescaleDbInformationNamespaceOid + 1,
                                     .namespace_oid = kTimescaleDbInformationNamespaceOid,
                                     .schema = kSchema,
                                     .name = "hypertables",
                                     .kind = 'v',
                                     .columns = Columns({{"hypertable_schema", kName},
                                                         {"hypertable_name", kName},
                                                         {"owner", kName},
                                                         {"num_dimensions", kInt2},
                                                         {"num_chunks", kInt8},
                                                         {"compression_enabled", kBool},
                                                         {"tablespaces", kTextArray}}),
                                     .rows = HypertablesRows});
  // regclass columns are text holding the name as regclass prints it.
  relations.push_back(SystemRelation{.oid = kTimescaleDbInformationNamespaceOid + 2,
                                     .namespace_oid = kTimescaleDbInformationNamespaceOid,
                                     .schema = kSchema,
                                     .name = "hypertable_compression_settings",
                                     .kind = 'v',
                                     .columns = Columns({{"hypertable", kText},
                                                         {"segmentby", kText},
                                                         {"orderby", kText},
                                                         {"compress_interval_length", kText}}),
                                     .rows = HypertableCompressionSettingsRows});
  relations.push_back(SystemRelation{.oid = kTimescaleDbInformationNamespaceOid + 3,
                                     .namespace_oid = kTimescaleDbInformationNamespaceOid,
                                     .schema = kSchema,
                                     .name = "compression_settings",
                                     .kind = 'v',
                                     .columns = Columns({{"hypertable_schema", kName},
                                                         {"hypertable_name", kName},
                                                         {"attname", kName},
                                                         {"segmentby_column_index", kInt2},
                                                         {"orderby_column_index", kInt2},
                                                         {"orderby_asc", kBool},
                                                         {"orderby_nullsfirst", kBool}}),
                                     .rows = CompressionSettingsRows});
}

}  // namespace sundial::catalog::system
