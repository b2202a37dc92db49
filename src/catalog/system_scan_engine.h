#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "ts/engine.h"

namespace sundial::catalog {

// The store as execution sees it: every call goes to the real engine,
// except that scans of system relations (table ids from
// kFirstSystemTableId) are answered from the rows the registry computes
// from a catalog snapshot taken when the scan opens. Such scans apply the
// spec's columns and predicates exactly, like the store; writes and DDL
// naming a system relation fail. Thread-safe.
class SystemScanEngine final : public ts::Engine {
 public:
  SystemScanEngine(ts::Engine& store, const Catalog& catalog) : store_(store), catalog_(catalog) {}

  Result<ts::TableSchema> CreateTable(ts::TableSchema schema) override;
  Status DropTable(const std::string& name) override;
  Result<ts::TableSchema> MakeHypertable(const std::string& name, int time_column,
                                         int64_t partition_interval_micros) override;
  Result<ts::TableSchema> AlterTable(const std::string& name,
                                     const ts::SchemaChange& change) override;
  Status TruncateTables(const std::vector<std::string>& names) override;
  Result<std::vector<int64_t>> ListPartitions(uint32_t table_id) override;
  Result<std::vector<PartitionStats>> ListPartitionStats(uint32_t table_id) override;
  Result<std::vector<int64_t>> DropPartitions(uint32_t table_id,
                                              const ts::TimeRange& range) override;
  Result<uint64_t> DeleteRows(const ts::ScanSpec& candidates, const ts::RowMatcher& matcher,
                              const ts::TimeRange& whole_partitions) override;
  Result<uint64_t> ReplaceRows(const ts::ScanSpec& candidates, const ts::RowReplacer& replacer,
                               std::vector<DataChunk> added) override;
  Result<uint64_t> MatchRowsInBlock(const ts::ScanSpec& candidates, const ts::RowReplacer& replacer,
                                    ts::BlockDeletes& deletes,
                                    std::vector<DataChunk>& replacements) override;
  Status CommitBlock(const std::vector<ts::TableAppend>& tables,
                     const std::vector<ts::BlockDeletes>& deletes) override;
  std::optional<ts::TableSchema> FindTable(const std::string& name) const override {
    return store_.FindTable(name);
  }
  std::vector<ts::TableSchema> ListTables() const override { return store_.ListTables(); }
  Status AppendTables(const std::vector<ts::TableAppend>& tables) override;
  Result<std::unique_ptr<ts::BulkLoad>> BeginBulkLoad(uint32_t table_id) override;
  Result<std::unique_ptr<ts::TableScanner>> Scan(const ts::ScanSpec& spec) override;
  Result<std::shared_ptr<const ts::MorselScan>> ScanMorsels(const ts::ScanSpec& spec) override;
  Result<TableStats> Stats(uint32_t table_id) const override;
  Status Checkpoint() override { return store_.Checkpoint(); }

 private:
  ts::Engine& store_;
  const Catalog& catalog_;
};

// The rows of a system relation that pass `spec`'s predicates, as chunks
// of spec.columns (at most kBatchCapacity rows each).
Result<std::vector<DataChunk>> ScanSystemRelation(const SystemRelation& relation,
                                                  const CatalogSnapshot& snapshot,
                                                  const ts::ScanSpec& spec);

}  // namespace sundial::catalog
