#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/index_definitions.h"
#include "catalog/sequence_definitions.h"
#include "catalog/system_relations.h"
#include "catalog/view_definitions.h"
#include "common/status.h"
#include "ts/engine.h"
#include "ts/table_schema.h"

namespace sundial::catalog {

// Name resolution for relations. User tables are stored by the ts engine,
// which persists their schemas; the pg_catalog and information_schema
// relations are the registry's (system_relations.h), computed from a
// Snapshot when scanned. Thread-safe.
class Catalog {
 public:
  // The DEFAULT expression (SQL text) of a table column, by the column's
  // stable id (ts::ColumnSchema::column_id), if it has one.
  using ColumnDefaultFunction =
      std::function<std::optional<std::string>(uint32_t table_id, int column_id)>;

  Catalog(ts::Engine& engine, ColumnDefaultFunction column_default)
      : engine_(engine), column_default_(std::move(column_default)) {}
  // Where snapshots find the policies (TimescaleDB's jobs). Set once,
  // before the catalog is shared.
  void SetJobs(std::function<std::vector<CatalogSnapshot::Job>()> jobs) { jobs_ = std::move(jobs); }
  // Where views are kept. Set once, before the catalog is shared.
  void SetViews(ViewDefinitions& views) { views_ = &views; }
  // Requires SetViews.
  ViewDefinitions& views() const { return *views_; }
  // Where indexes are kept. Set once, before the catalog is shared.
  void SetIndexes(IndexDefinitions& indexes) { indexes_ = &indexes; }
  // Requires SetIndexes.
  IndexDefinitions& indexes() const { return *indexes_; }
  // Where sequences are kept. Set once, before the catalog is shared.
  void SetSequences(SequenceDefinitions& sequences) { sequences_ = &sequences; }
  // Requires SetSequences.
  SequenceDefinitions& sequences() const { return *sequences_; }
  // The sequence "name" or "public.name" (sequences live in public beside
  // the tables, whose names they share); nullopt before SetSequences.
  std::optional<SequenceDefinition> FindSequence(const std::string& schema,
                                                 const std::string& name) const;
  // The index with this OID; nullopt for another OID or before SetIndexes.
  std::optional<IndexDefinition> FindIndexByOid(uint32_t oid) const;
  // The view with this OID; nullopt for another OID or before SetViews.
  std::optional<ViewDefinition> FindViewByOid(uint32_t oid) const {
    return views_ == nullptr ? std::nullopt : views_->FindByOid(oid);
  }

  // Resolves "name", "public.name", "pg_catalog.name" and
  // "information_schema.name". Unquoted names arrive lower-cased. An
  // unqualified name finds pg_catalog's relations first (pg_catalog is
  // implicitly first on the search path, as in PostgreSQL), then public.
  std::optional<ts::TableSchema> FindTable(const std::string& schema,
                                           const std::string& name) const;
  // The view "name" or "public.name" (views live in public, beside the
  // tables, whose names they share), unless a system relation takes the
  // unqualified name first.
  std::optional<ViewDefinition> FindView(const std::string& schema, const std::string& name) const;
  // The OID of a relation (table, view, index or sequence) named as FindTable takes
  // it, or nullopt.
  std::optional<uint32_t> RelationOid(const std::string& schema, const std::string& name) const;
  // The OID `'text'::regclass` names: "name", "schema.name", with
  // double-quoted parts kept as written and others lower-cased.
  // kUndefinedTable when there is no such relation.
  Result<uint32_t> ParseRegclass(std::string_view text) const;
  // Bytes a relation occupies on disk (pg_table_size): the store's size of a
  // user table, 0 for a system relation, nullopt for an OID naming neither.
  std::optional<uint64_t> RelationBytes(uint32_t oid) const;
  // What TimescaleDB's size functions report of a user table: its rows and
  // bytes and, for a hypertable, those of each chunk (whose bytes add up to
  // the table's once the memtables are flushed).
  struct TableSizes {
    ts::TableSchema table;
    ts::Engine::TableStats stats;
    std::vector<ts::Engine::PartitionStats> chunks;  // empty for a plain table
  };
  // nullopt for an OID naming no user table (a system relation, or none).
  Result<std::optional<TableSizes>> UserTableSizes(uint32_t oid) const;
  // The chunk a name (as show_chunks prints it) names, as regclass prints
  // it; nullopt when no hypertable has that chunk.
  Result<std::optional<std::string>> FindChunk(std::string_view name) const;
  // How regclass prints a relation OID: its name, schema-qualified when the
  // schema is not on the search path (information_schema); nullopt for an
  // OID naming no relation.
  std::optional<std::string> RelationName(uint32_t oid) const;
  // User tables only.
  std::vector<ts::TableSchema> ListTables() const { return engine_.ListTables(); }

  // The user tables and their defaults as they are now.
  CatalogSnapshot Snapshot() const;

 private:
  ts::Engine& engine_;
  ColumnDefaultFunction column_default_;
  std::function<std::vector<CatalogSnapshot::Job>()> jobs_;
  ViewDefinitions* views_ = nullptr;
  IndexDefinitions* indexes_ = nullptr;
  SequenceDefinitions* sequences_ = nullptr;
};

}  // namespace sundial::catalog
