#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/index_definitions.h"
#include "catalog/sequence_definitions.h"
#include "catalog/view_definitions.h"
#include "common/status.h"
#include "common/value.h"
#include "ts/engine.h"
#include "ts/table_schema.h"

namespace sundial::catalog {

// Object identifiers PostgreSQL 15 uses for the built-in objects clients
// look for, and the ranges Sundial gives its own objects.
inline constexpr uint32_t kPgCatalogNamespaceOid = 11;
inline constexpr uint32_t kPublicNamespaceOid = 2200;
// Assigned by initdb; this is what a PostgreSQL 15 cluster gets.
inline constexpr uint32_t kInformationSchemaNamespaceOid = 13207;
// The bootstrap superuser, and the role that owns `public` in PostgreSQL 15.
inline constexpr uint32_t kSuperuserOid = 10;
inline constexpr uint32_t kDatabaseOwnerRoleOid = 6171;
inline constexpr uint32_t kDatabaseOid = 5;
inline constexpr uint32_t kHeapAccessMethodOid = 2;
inline constexpr uint32_t kDefaultCollationOid = 100;
inline constexpr uint32_t kDefaultTablespaceOid = 1663;
inline constexpr uint32_t kGlobalTablespaceOid = 1664;
// Below the user range, so it never meets a table's OID.
inline constexpr uint32_t kTimescaleDbExtensionOid = 13600;
// The timescaledb_information schema; its views take the OIDs after it.
inline constexpr uint32_t kTimescaleDbInformationNamespaceOid = 13601;
// User tables get kFirstUserOid + their store table id: store ids are never
// reused, so an OID stays the table's for its whole life, across restarts.
inline constexpr uint32_t kFirstUserOid = 16384;
// pg_attrdef rows of user tables: kAttrDefOidBase + table_id * 1600 + column
// (PostgreSQL allows at most 1600 columns), far above any table OID.
inline constexpr uint32_t kAttrDefOidBase = 1u << 30;
// Store table ids at and above this one name system relations; the store
// never assigns them.
inline constexpr uint32_t kFirstSystemTableId = 0xF0000000;

inline uint32_t UserRelationOid(uint32_t table_id) {
  return kFirstUserOid + table_id;
}

// The name the catalog shows for the superuser and the single database
// (Sundial serves one database under whatever name a client connects to).
inline constexpr std::string_view kSuperuserName = "postgres";
inline constexpr std::string_view kDatabaseName = "postgres";
inline constexpr std::string_view kTimescaleDbVersion = "2.14.2";

// A role's name, or nullopt for an OID that names no role.
std::optional<std::string_view> RoleName(uint32_t oid);

// What system relations are computed from: the user tables as they were when
// the scan started.
struct CatalogSnapshot {
  struct Table {
    ts::TableSchema schema;
    // DEFAULT expressions as SQL text, by column index (nullopt: none).
    std::vector<std::optional<std::string>> defaults;
  };
  std::vector<Table> tables;
  // The partitions of a hypertable that hold rows (its chunks, with their
  // rows and bytes: ts::Engine::ListPartitionStats), asked only by relations
  // that show chunks; unset in a snapshot built without a store.
  std::function<Result<std::vector<ts::Engine::PartitionStats>>(uint32_t table_id)> partitions;
  // A TimescaleDB policy as the job timescaledb_information.jobs shows.
  struct Job {
    int32_t job_id = 0;
    std::string_view proc_name;   // policy_retention, policy_compression, policy_refresh_...
    std::string_view config_key;  // the interval's name in the config
    bool scheduled = true;        // false: the server has nothing to run for it
    uint32_t table_id = 0;
    Interval after;
    // The whole config JSON when it is not {config_key: after,
    // hypertable_id} (a continuous aggregate's refresh policy, whose
    // table_id is the materialization hypertable).
    std::string config;
  };
  // The policies, asked only by timescaledb_information.jobs; unset when
  // the catalog has none to show.
  std::function<std::vector<Job>()> jobs;
  // The views (CREATE VIEW) and continuous aggregates, by view id.
  std::vector<ViewDefinition> views;
  // The indexes (CREATE INDEX), by index id.
  std::vector<IndexDefinition> indexes;
  // The sequences (CREATE SEQUENCE, serial and identity columns), by
  // sequence id.
  std::vector<SequenceDefinition> sequences;
};

using SystemRow = std::vector<Value>;
class SystemRelation;
using SystemRowsFunction = Result<std::vector<SystemRow>> (*)(const SystemRelation&,
                                                              const CatalogSnapshot&);

// A pg_catalog or information_schema relation: its shape, and a function
// computing its rows from a snapshot. Column types follow PostgreSQL's
// where Sundial has the type; otherwise oid, regproc and xid columns are
// bigint, name and "char" columns text, pg_node_tree columns text, and
// array columns arrays of those (see README.md).
class SystemRelation {
 public:
  uint32_t oid = 0;
  uint32_t namespace_oid = 0;
  std::string_view schema;
  std::string_view name;
  char kind = 'r';  // relkind: 'r' catalog table, 'v' view
  std::vector<ts::ColumnSchema> columns;
  SystemRowsFunction rows = nullptr;
  uint32_t table_id = 0;  // kFirstSystemTableId + position in the registry

  // The shape the binder and planner see (no time column: scanned whole).
  ts::TableSchema Schema() const;
  // The rows, one Value per column, typed as the columns.
  Result<std::vector<SystemRow>> Rows(const CatalogSnapshot& snapshot) const {
    return rows(*this, snapshot);
  }
};

// The registry of system relations. Immutable after construction;
// thread-safe.
class SystemRelations {
 public:
  static const SystemRelations& Get();

  // `schema` empty looks in pg_catalog only (it is first on every search path).
  const SystemRelation* Find(std::string_view schema, std::string_view name) const;
  const SystemRelation* FindByTableId(uint32_t table_id) const;
  const SystemRelation* FindByOid(uint32_t oid) const;
  std::span<const SystemRelation> all() const { return relations_; }

 private:
  SystemRelations();
  std::vector<SystemRelation> relations_;
};

// True for a relation OID in a schema on the search path (pg_catalog and
// public); false for another existing system relation, nullopt for an OID
// that is neither a system relation nor in the user range.
std::optional<bool> RelationVisible(uint32_t oid);

}  // namespace sundial::catalog
