#include "catalog/chunk_names.h"

#include <catch2/catch.hpp>

namespace sundial::catalog {
namespace {

ts::TableSchema Daily(uint32_t table_id) {
  return ts::TableSchema{.table_id = table_id, .partition_interval_micros = 86400000000LL};
}

TEST_CASE("Chunk names count partitions from the epoch and quote a negative index",
          "[catalog][chunks]") {
  const ts::TableSchema table = Daily(3);
  CHECK(ChunkTableName(table, 0) == "_hyper_3_0_chunk");
  CHECK(ChunkTableName(table, 19723 * 86400000000LL) == "_hyper_3_19723_chunk");
  CHECK(ChunkRegclassName(table, 19723 * 86400000000LL) ==
        "_timescaledb_internal._hyper_3_19723_chunk");
  // Partitions before 1970 round down, and '-' needs quoting in a regclass name.
  CHECK(ChunkTableName(table, -86400000000LL) == "_hyper_3_-1_chunk");
  CHECK(ChunkRegclassName(table, -86400000000LL) == "_timescaledb_internal.\"_hyper_3_-1_chunk\"");
}

TEST_CASE("Chunk names parse back to their table and partition, others do not",
          "[catalog][chunks]") {
  const ts::TableSchema table = Daily(12);
  for (int64_t day : {0, 5, -3}) {
    const int64_t start = day * 86400000000LL;
    for (const std::string& name :
         {ChunkTableName(table, start), ChunkRegclassName(table, start)}) {
      INFO(name);
      const std::optional<ChunkId> id = ParseChunkName(name);
      REQUIRE(id);
      CHECK(id->table_id == 12);
      CHECK(id->index == day);
    }
  }
  for (const char* other :
       {"", "cpu", "public._hyper_1_2_chunk", "_hyper_1_chunk", "_hyper_x_2_chunk",
        "_hyper_1_2x_chunk", "_hyper_1_2_chunks", "_timescaledb_internal.", "_hyper__2_chunk",
        "_hyper_1_99999999999999999999_chunk"}) {
    INFO(other);
    CHECK_FALSE(ParseChunkName(other));
  }
}

}  // namespace
}  // namespace sundial::catalog
