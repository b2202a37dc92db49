#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ts/table_schema.h"

// TimescaleDB's names for the store's partitions: the partition of a
// hypertable starting at `start` is the chunk
// `_timescaledb_internal._hyper_<table id>_<n>_chunk`, n = start / chunk
// interval rounded down (counted from the Unix epoch), so a chunk keeps its
// name across restarts and the name says which time range it covers.
namespace sundial::catalog {

inline constexpr std::string_view kChunkSchema = "_timescaledb_internal";

// The chunk's table name, unquoted (it holds a '-' when n < 0).
std::string ChunkTableName(const ts::TableSchema& table, int64_t partition_start);
// The chunk as regclass prints it: schema-qualified, quoted where needed.
std::string ChunkRegclassName(const ts::TableSchema& table, int64_t partition_start);

// A chunk name split into its table id and partition index: `[schema.]name`
// as ChunkTableName or ChunkRegclassName writes it, the schema (if given)
// being kChunkSchema. nullopt for anything else.
struct ChunkId {
  uint32_t table_id = 0;
  int64_t index = 0;
};
std::optional<ChunkId> ParseChunkName(std::string_view name);

}  // namespace sundial::catalog
