#include "ts/engine.h"

// What a store that keeps no schema history or partitions of its own (a test
// double, a read-only view) answers to the data-removing and schema-changing
// calls.

namespace sundial::ts {
namespace {

Status NotSupported(const std::string& what) {
  return Status::Error(ErrorCode::kFeatureNotSupported, what + " is not supported by this store");
}

}  // namespace

Result<TableSchema> Engine::AlterTable(const std::string&, const SchemaChange&) {
  return NotSupported("ALTER TABLE");
}

Status Engine::TruncateTables(const std::vector<std::string>&) {
  return NotSupported("TRUNCATE");
}

Result<std::vector<int64_t>> Engine::ListPartitions(uint32_t) {
  return NotSupported("show_chunks");
}

Result<std::vector<Engine::PartitionStats>> Engine::ListPartitionStats(uint32_t) {
  return NotSupported("chunk sizes");
}

Result<std::vector<int64_t>> Engine::DropPartitions(uint32_t, const TimeRange&) {
  return NotSupported("drop_chunks");
}

Result<uint64_t> Engine::DeleteRows(const ScanSpec&, const RowMatcher&, const TimeRange&) {
  return NotSupported("DELETE of single rows");
}

Result<uint64_t> Engine::ReplaceRows(const ScanSpec&, const RowReplacer&, std::vector<DataChunk>) {
  return NotSupported("UPDATE");
}

Result<uint64_t> Engine::MatchRowsInBlock(const ScanSpec&, const RowReplacer&, BlockDeletes&,
                                          std::vector<DataChunk>&) {
  return NotSupported("DELETE and UPDATE inside a transaction block");
}

Status Engine::CommitBlock(const std::vector<TableAppend>&, const std::vector<BlockDeletes>&) {
  return NotSupported("DELETE and UPDATE inside a transaction block");
}

Status Engine::CompactTable(uint32_t) {
  return NotSupported("merging segments");
}

}  // namespace sundial::ts
