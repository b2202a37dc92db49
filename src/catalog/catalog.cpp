#include "catalog/catalog.h"

#include <algorithm>
#include <cctype>

#include "catalog/chunk_names.h"
#include "common/datetime.h"

namespace sundial::catalog {

std::optional<ts::TableSchema> Catalog::FindTable(const std::string& schema,
                                                  const std::string& name) const {
  if (schema.empty() || schema == "pg_catalog" || schema == "information_schema" ||
      schema == "timescaledb_information") {
    if (const SystemRelation* relation = SystemRelations::Get().Find(schema, name)) {
      return relation->Schema();
    }
  }
  if (!schema.empty() && schema != "public") return std::nullopt;
  return engine_.FindTable(name);
}

std::optional<ViewDefinition> Catalog::FindView(const std::string& schema,
                                                const std::string& name) const {
  if (views_ == nullptr || (!schema.empty() && schema != "public")) return std::nullopt;
  if (schema.empty() && SystemRelations::Get().Find(schema, name) != nullptr) return std::nullopt;
  return views_->Find(name);
}

std::optional<SequenceDefinition> Catalog::FindSequence(const std::string& schema,
                                                        const std::string& name) const {
  if (sequences_ == nullptr || (!schema.empty() && schema != "public")) return std::nullopt;
  if (schema.empty() && SystemRelations::Get().Find(schema, name) != nullptr) return std::nullopt;
  return sequences_->Find(name);
}

std::optional<IndexDefinition> Catalog::FindIndexByOid(uint32_t oid) const {
  if (indexes_ == nullptr) return std::nullopt;
  for (IndexDefinition& index : indexes_->List()) {
    if (index.oid() == oid) return std::move(index);
  }
  return std::nullopt;
}

std::optional<uint32_t> Catalog::RelationOid(const std::string& schema,
                                             const std::string& name) const {
  std::optional<ts::TableSchema> table = FindTable(schema, name);
  if (!table) {
    if (std::optional<ViewDefinition> view = FindView(schema, name)) return view->oid();
    if (indexes_ != nullptr && (schema.empty() || schema == "public")) {
      if (std::optional<IndexDefinition> index = indexes_->Find(name)) return index->oid();
    }
    if (std::optional<SequenceDefinition> sequence = FindSequence(schema, name)) {
      return sequence->oid();
    }
    return std::nullopt;
  }
  if (const SystemRelation* relation = SystemRelations::Get().FindByTableId(table->table_id)) {
    return relation->oid;
  }
  return UserRelationOid(table->table_id);
}

Result<uint32_t> Catalog::ParseRegclass(std::string_view text) const {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      if (quoted && i + 1 < text.size() && text[i + 1] == '"') {
        parts.back().push_back('"');
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == '.' && !quoted) {
      parts.emplace_back();
    } else {
      parts.back().push_back(
          quoted ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  const std::string name(text);
  if (quoted || parts.size() > 2 || parts.back().empty()) {
    return Status::Error(ErrorCode::kInvalidTextRepresentation,
                         "invalid name syntax: \"" + name + "\"");
  }
  const std::string schema = parts.size() == 2 ? parts[0] : "";
  std::optional<uint32_t> oid = RelationOid(schema, parts.back());
  if (!oid) {
    return Status::Error(ErrorCode::kUndefinedTable, "relation \"" + name + "\" does not exist");
  }
  return *oid;
}

std::optional<uint64_t> Catalog::RelationBytes(uint32_t oid) const {
  if (SystemRelations::Get().FindByOid(oid) != nullptr) return 0;
  if (oid < kFirstUserOid || oid >= kAttrDefOidBase) return std::nullopt;
  // Views and indexes take no space of their own.
  if (oid >= kFirstViewOid) return RelationName(oid) ? std::optional<uint64_t>(0) : std::nullopt;
  Result<ts::Engine::TableStats> stats = engine_.Stats(oid - kFirstUserOid);
  if (!stats.ok()) return std::nullopt;  // no such table (any more)
  return stats->disk_bytes;
}

Result<std::optional<Catalog::TableSizes>> Catalog::UserTableSizes(uint32_t oid) const {
  using NoSizes = std::optional<TableSizes>;
  if (oid < kFirstUserOid || oid >= kAttrDefOidBase) return NoSizes();
  const uint32_t table_id = oid - kFirstUserOid;
  std::optional<TableSizes> sizes;
  for (ts::TableSchema& table : engine_.ListTables()) {
    if (table.table_id == table_id) sizes = TableSizes{.table = std::move(table)};
  }
  if (!sizes) return NoSizes();
  Result<ts::Engine::TableStats> stats = engine_.Stats(table_id);
  if (stats.status().code() == ErrorCode::kUndefinedTable) return NoSizes();  // just dropped
  RETURN_IF_ERROR(stats.status());
  sizes->stats = *stats;
  if (sizes->table.is_hypertable()) {
    Result<std::vector<ts::Engine::PartitionStats>> chunks = engine_.ListPartitionStats(table_id);
    if (chunks.status().code() == ErrorCode::kUndefinedTable) return NoSizes();
    RETURN_IF_ERROR(chunks.status());
    sizes->chunks = std::move(chunks).value();
  }
  return sizes;
}

Result<std::optional<std::string>> Catalog::FindChunk(std::string_view name) const {
  std::optional<ChunkId> id = ParseChunkName(name);
  if (!id) return std::optional<std::string>();
  ASSIGN_OR_RETURN(std::optional<TableSizes> sizes, UserTableSizes(UserRelationOid(id->table_id)));
  if (!sizes) return std::optional<std::string>();
  for (const ts::Engine::PartitionStats& chunk : sizes->chunks) {
    if (FloorDiv(chunk.start, sizes->table.partition_interval_micros) == id->index) {
      return std::optional<std::string>(ChunkRegclassName(sizes->table, chunk.start));
    }
  }
  return std::optional<std::string>();
}

std::optional<std::string> Catalog::RelationName(uint32_t oid) const {
  if (const SystemRelation* relation = SystemRelations::Get().FindByOid(oid)) {
    if (relation->namespace_oid == kPgCatalogNamespaceOid) return std::string(relation->name);
    return std::string(relation->schema) + "." + std::string(relation->name);
  }
  if (oid < kFirstUserOid || oid >= kAttrDefOidBase) return std::nullopt;
  if (oid >= kFirstIndexOid) {
    if (std::optional<IndexDefinition> index = FindIndexByOid(oid)) return index->name;
    return std::nullopt;
  }
  if (oid >= kFirstSequenceOid) {
    if (sequences_ == nullptr) return std::nullopt;
    if (std::optional<SequenceDefinition> sequence = sequences_->FindByOid(oid)) {
      return sequence->name;
    }
    return std::nullopt;
  }
  if (oid >= kFirstViewOid) {
    if (views_ == nullptr) return std::nullopt;
    if (std::optional<ViewDefinition> view = views_->FindByOid(oid)) return view->name;
    return std::nullopt;
  }
  for (const ts::TableSchema& table : engine_.ListTables()) {
    if (table.table_id == oid - kFirstUserOid) return table.name;
  }
  return std::nullopt;
}

CatalogSnapshot Catalog::Snapshot() const {
  CatalogSnapshot snapshot;
  std::vector<ts::TableSchema> tables = engine_.ListTables();
  std::sort(tables.begin(), tables.end(), [](const ts::TableSchema& a, const ts::TableSchema& b) {
    return a.table_id < b.table_id;
  });
  for (ts::TableSchema& schema : tables) {
    CatalogSnapshot::Table table;
    for (const ts::ColumnSchema& column : schema.columns) {
      table.defaults.push_back(
          column_default_(schema.table_id, static_cast<int>(column.column_id)));
    }
    table.schema = std::move(schema);
    snapshot.tables.push_back(std::move(table));
  }
  snapshot.partitions = [&engine = engine_](uint32_t table_id) {
    return engine.ListPartitionStats(table_id);
  };
  snapshot.jobs = jobs_;
  if (views_ != nullptr) snapshot.views = views_->List();
  if (indexes_ != nullptr) snapshot.indexes = indexes_->List();
  if (sequences_ != nullptr) snapshot.sequences = sequences_->List();
  return snapshot;
}

}  // namespace sundial::catalog
