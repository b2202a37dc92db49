#include "catalog/system_relation_builder.h"
#include "ts/block_cache.h"

// pg_catalog's statistics views, from what the server counts.

namespace sundial::catalog::system {
namespace {

const DataType kFloat8 = DataType::Of(TypeId::kFloat64);

// One row for the database. Blocks are the store's column blocks: a hit was
// found decoded in the block cache, a read came from a segment file. What
// Sundial does not count is NULL, not zero.
Result<std::vector<SystemRow>> StatDatabaseRows(const SystemRelation& relation,
                                                const CatalogSnapshot&) {
  ts::BlockCache::Statistics cache = ts::BlockCache::Shared().statistics();
  std::vector<SystemRow> rows;
  RETURN_IF_ERROR(AddRow(rows, RowBuilder(relation, false), [&](RowBuilder& row) {
    row.Int("datid", kDatabaseOid)
        .Text("datname", kDatabaseName)
        .Int("blks_read", static_cast<int64_t>(cache.misses))
        .Int("blks_hit", static_cast<int64_t>(cache.hits));
  }));
  return rows;
}

}  // namespace

void AddPgStatRelations(std::vector<SystemRelation>& relations) {
  relations.push_back(SystemRelation{.oid = 12100,
                                     .namespace_oid = kPgCatalogNamespaceOid,
                                     .schema = "pg_catalog",
                                     .name = "pg_stat_database",
                                     .kind = 'v',
                                     .columns = Columns({{"datid", kOid},
                                                         {"datname", kName},
                                                         {"numbackends", kInt4},
                                                         {"xact_commit", kInt8},
                                                         {"xact_rollback", kInt8},
                                                         {"blks_read", kInt8},
                                                         {"blks_hit", kInt8},
                                                         {"tup_returned", kInt8},
                                                         {"tup_fetched", kInt8},
                                                         {"tup_inserted", kInt8},
                                                         {"tup_updated", kInt8},
                                                         {"tup_deleted", kInt8},
                                                         {"conflicts", kInt8},
                                                         {"temp_files", kInt8},
                                                         {"temp_bytes", kInt8},
                                                         {"deadlocks", kInt8},
                                                         {"checksum_failures", kInt8},
                                                         {"checksum_last_failure", kTimestampTz},
                                                         {"blk_read_time", kFloat8},
                                                         {"blk_write_time", kFloat8},
                                                         {"session_time", kFloat8},
                                                         {"active_time", kFloat8},
                                                         {"idle_in_transaction_time", kFloat8},
                                                         {"sessions", kInt8},
                                                         {"sessions_abandoned", kInt8},
                                                         {"sessions_fatal", kInt8},
                                                         {"sessions_killed", kInt8},
                                                         {"stats_reset", kTimestampTz}}),
                                     .rows = StatDatabaseRows});
}

}  // namespace sundial::catalog::system
