#include <algorithm>
#include <optional>
#include <string>

#include "catalog/chunk_names.h"
#include "catalog/system_relation_builder.h"
#include "common/datetime.h"
#include "common/pg_type_registry.h"
#include "common/quote_ident.h"
#include "ts/partitioning.h"

// timescaledb_information's views, as TimescaleDB 2.14 defines them, for
// what Sundial has: its hypertables, their chunks and time dimension, the
// segment order of each (TimescaleDB's compression settings; every Sundial
// segment is compressed), the policies as jobs and the continuous
// aggregates.
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
      ASSIGN_OR_RETURN(auto partitions, snapshot.partitions(schema.table_id));
      chunks = static_cast<int64_t>(partitions.size());
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

// How regtype prints a column's type.
std::string RegtypeName(const ts::ColumnSchema& column) {
  return FormatType(PgTypeOid(column.type), -1);
}

// One row per chunk of every hypertable, in the order show_chunks lists
// them. Every chunk is compressed; Sundial keeps no tablespaces and no
// chunk creation times.
Rows ChunksRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  if (!snapshot.partitions) return rows;
  for (const CatalogSnapshot::Table& table : snapshot.tables) {
    const ts::TableSchema& schema = table.schema;
    if (!schema.is_hypertable()) continue;
    const ts::ColumnSchema& time = schema.columns[*schema.time_column];
    ASSIGN_OR_RETURN(auto partitions, snapshot.partitions(schema.table_id));
    for (const ts::Engine::PartitionStats& partition : partitions) {
      RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
        row.Text("hypertable_schema", "public")
            .Text("hypertable_name", schema.name)
            .Text("chunk_schema", kChunkSchema)
            .Text("chunk_name", ChunkTableName(schema, partition.start))
            .Text("primary_dimension", time.name)
            .Text("primary_dimension_type", RegtypeName(time))
            .Int("range_start", partition.start)
            .Int("range_end", ts::SaturatingAdd(partition.start, schema.partition_interval_micros))
            .Bool("is_compressed", true);
      }));
    }
  }
  return rows;
}

// One row per hypertable: its only dimension, time, with the chunk
// interval as TimescaleDB shows it (whole days, then the rest).
Rows DimensionsRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const CatalogSnapshot::Table& table : snapshot.tables) {
    const ts::TableSchema& schema = table.schema;
    if (!schema.is_hypertable()) continue;
    const ts::ColumnSchema& time = schema.columns[*schema.time_column];
    const int64_t interval = schema.partition_interval_micros;
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
      row.Text("hypertable_schema", "public")
          .Text("hypertable_name", schema.name)
          .Int("dimension_number", 1)
          .Text("column_name", time.name)
          .Text("column_type", RegtypeName(time))
          .Text("dimension_type", "Time")
          .TimeInterval("time_interval",
                        Interval{.micros = interval % kMicrosPerDay,
                                 .days = static_cast<int32_t>(interval / kMicrosPerDay)});
    }));
  }
  return rows;
}

// One row per policy of an existing hypertable, by job id. The config is
// the JSON TimescaleDB keeps (keys in jsonb's order: shorter first); the
// schedule is the server's, not the catalog's, so those columns are NULL.
Rows JobsRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  if (!snapshot.jobs) return rows;
  std::vector<CatalogSnapshot::Job> jobs = snapshot.jobs();
  std::sort(jobs.begin(), jobs.end(),
            [](const auto& a, const auto& b) { return a.job_id < b.job_id; });
  for (const CatalogSnapshot::Job& job : jobs) {
    auto table = std::find_if(snapshot.tables.begin(), snapshot.tables.end(),
                              [&](const auto& t) { return t.schema.table_id == job.table_id; });
    if (table == snapshot.tables.end()) continue;  // dropped with its table
    std::string after;
    FormatInterval(job.after, after);
    const std::string id = "\"hypertable_id\": " + std::to_string(job.table_id);
    const std::string interval = "\"" + std::string(job.config_key) + "\": \"" + after + "\"";
    const bool id_first = std::string_view("hypertable_id").size() < job.config_key.size();
    const std::string config =
        !job.config.empty() ? job.config
                            : "{" + (id_first ? id + ", " + interval : interval + ", " + id) + "}";
    const std::string kind = job.proc_name == "policy_retention" ? "Retention Policy"
                             : job.proc_name == "policy_compression"
                                 ? "Compression Policy"
                                 : "Refresh Continuous Aggregate Policy";
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
      row.Int("job_id", job.job_id)
          .Text("application_name", kind + " [" + std::to_string(job.job_id) + "]")
          .Text("proc_schema", "_timescaledb_functions")
          .Text("proc_name", job.proc_name)
          .Text("owner", kSuperuserName)
          .Bool("scheduled", job.scheduled)
          .Text("config", config)
          .Text("hypertable_schema", "public")
          .Text("hypertable_name", table->schema.name);
    }));
  }
  return rows;
}

// The user table with that store id, or nullptr when it is gone.
const ts::TableSchema* FindUserTable(const CatalogSnapshot& snapshot, uint32_t table_id) {
  for (const CatalogSnapshot::Table& table : snapshot.tables) {
    if (table.schema.table_id == table_id) return &table.schema;
  }
  return nullptr;
}

// One row per continuous aggregate. Its materialization hypertable is a
// user table, so it is shown where pg_class lists it (public), not in
// TimescaleDB's _timescaledb_internal. compression_enabled is false:
// ALTER MATERIALIZED VIEW ... SET (timescaledb.compress) is a setting
// Sundial does not have. finalized is true: the materialization table holds
// one column per view column, final values rather than partial states.
Rows ContinuousAggregatesRows(const SystemRelation& relation, const CatalogSnapshot& snapshot) {
  std::vector<SystemRow> rows;
  for (const ViewDefinition& view : snapshot.views) {
    if (!view.continuous) continue;
    const ts::TableSchema* source = FindUserTable(snapshot, view.continuous->source_table_id);
    const ts::TableSchema* materialization =
        FindUserTable(snapshot, view.continuous->materialization_table_id);
    RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
      row.Text("view_schema", "public")
          .Text("view_name", view.name)
          .Text("view_owner", kSuperuserName)
          .Bool("materialized_only", view.continuous->materialized_only)
          .Bool("compression_enabled", false)
          .Text("view_definition", view.query)
          .Bool("finalized", true);
      if (source != nullptr) {
        row.Text("hypertable_schema", "public").Text("hypertable_name", source->name);
      }
      if (materialization != nullptr) {
        row.Text("materialization_hypertable_schema", "public")
            .Text("materialization_hypertable_name", materialization->name);
      }
    }));
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
  relations.push_back(SystemRelation{.oid = kTimescaleDbInformationNamespaceOid + 4,
                                     .namespace_oid = kTimescaleDbInformationNamespaceOid,
                                     .schema = kSchema,
                                     .name = "chunks",
                                     .kind = 'v',
                                     .columns = Columns({{"hypertable_schema", kName},
                                                         {"hypertable_name", kName},
                                                         {"chunk_schema", kName},
                                                         {"chunk_name", kName},
                                                         {"primary_dimension", kName},
                                                         {"primary_dimension_type", kText},
                                                         {"range_start", kTimestampTz},
                                                         {"range_end", kTimestampTz},
                                                         {"range_start_integer", kInt8},
                                                         {"range_end_integer", kInt8},
                                                         {"is_compressed", kBool},
                                                         {"chunk_tablespace", kName},
                                                         {"chunk_creation_time", kTimestampTz}}),
                                     .rows = ChunksRows});
  relations.push_back(SystemRelation{.oid = kTimescaleDbInformationNamespaceOid + 5,
                                     .namespace_oid = kTimescaleDbInformationNamespaceOid,
                                     .schema = kSchema,
                                     .name = "dimensions",
                                     .kind = 'v',
                                     .columns = Columns({{"hypertable_schema", kName},
                                                         {"hypertable_name", kName},
                                                         {"dimension_number", kInt8},
                                                         {"column_name", kName},
                                                         {"column_type", kText},
                                                         {"dimension_type", kText},
                                                         {"time_interval", kInterval},
                                                         {"integer_interval", kInt8},
                                                         {"integer_now_func", kName},
                                                         {"num_partitions", kInt2}}),
                                     .rows = DimensionsRows});
  // config is jsonb in TimescaleDB: text here, holding the same JSON.
  relations.push_back(SystemRelation{.oid = kTimescaleDbInformationNamespaceOid + 6,
                                     .namespace_oid = kTimescaleDbInformationNamespaceOid,
                                     .schema = kSchema,
                                     .name = "jobs",
                                     .kind = 'v',
                                     .columns = Columns({{"job_id", kInt4},
                                                         {"application_name", kName},
                                                         {"schedule_interval", kInterval},
                                                         {"max_runtime", kInterval},
                                                         {"max_retries", kInt4},
                                                         {"retry_period", kInterval},
                                                         {"proc_schema", kName},
                                                         {"proc_name", kName},
                                                         {"owner", kName},
                                                         {"scheduled", kBool},
                                                         {"fixed_schedule", kBool},
                                                         {"config", kText},
                                                         {"next_start", kTimestampTz},
                                                         {"initial_start", kTimestampTz},
                                                         {"hypertable_schema", kName},
                                                         {"hypertable_name", kName},
                                                         {"check_schema", kName},
                                                         {"check_name", kName}}),
                                     .rows = JobsRows});
  relations.push_back(
      SystemRelation{.oid = kTimescaleDbInformationNamespaceOid + 7,
                     .namespace_oid = kTimescaleDbInformationNamespaceOid,
                     .schema = kSchema,
                     .name = "continuous_aggregates",
                     .kind = 'v',
                     .columns = Columns({{"hypertable_schema", kName},
                                         {"hypertable_name", kName},
                                         {"view_schema", kName},
                                         {"view_name", kName},
                                         {"view_owner", kName},
                                         {"materialized_only", kBool},
                                         {"compression_enabled", kBool},
                                         {"materialization_hypertable_schema", kName},
                                         {"materialization_hypertable_name", kName},
                                         {"view_definition", kText},
                                         {"finalized", kBool}}),
                     .rows = ContinuousAggregatesRows});
}

}  // namespace sundial::catalog::system
