#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sql/continuous_aggregate_ranges.h"
#include "ts/engine.h"

namespace sundial::sql {

// The store with continuous aggregates kept honest: every append, bulk load
// commit, delete and truncate holds ContinuousAggregateRanges::HoldWrites()
// until its rows are visible and, for a table that feeds a continuous
// aggregate, first takes the written rows' buckets out of the aggregate's
// current ranges (durably). Everything else goes straight to the store.
// Thread-safe.
class InvalidatingEngine final : public ts::Engine {
 public:
  InvalidatingEngine(ts::Engine& store, ContinuousAggregateRanges& ranges)
      : store_(store), ranges_(ranges) {}

  Result<ts::TableSchema> CreateTable(ts::TableSchema schema) override {
    return store_.CreateTable(std::move(schema));
  }
  Status DropTable(const std::string& name) override { return store_.DropTable(name); }
  Result<ts::TableSchema> MakeHypertable(const std::string& name, int time_column,
                                         int64_t partition_interval_micros) override {
    return store_.MakeHypertable(name, time_column, partition_interval_micros);
  }
  Result<ts::TableSchema> AlterTable(const std::string& name,
                                     const ts::SchemaChange& change) override {
    return store_.AlterTable(name, change);
  }
  Status TruncateTables(const std::vector<std::string>& names) override;
  Result<std::vector<int64_t>> ListPartitions(uint32_t table_id) override {
    return store_.ListPartitions(table_id);
  }
  Result<std::vector<PartitionStats>> ListPartitionStats(uint32_t table_id) override {
    return store_.ListPartitionStats(table_id);
  }
  // Dropping chunks keeps the aggregates' rows, as TimescaleDB's retention
  // does: that is what lets an aggregate outlive its raw data.
  Result<std::vector<int64_t>> DropPartitions(uint32_t table_id,
                                              const ts::TimeRange& range) override {
    return store_.DropPartitions(table_id, range);
  }
  Result<uint64_t> DeleteRows(const ts::ScanSpec& candidates, const ts::RowMatcher& matcher,
                              const ts::TimeRange& whole_partitions) override;
  // The buckets of the replaced rows and of their new versions.
  Result<uint64_t> ReplaceRows(const ts::ScanSpec& candidates, const ts::RowReplacer& replacer,
                               std::vector<DataChunk> added) override;
  // A block's removed and new rows: their times are gathered into `deletes`
  // (nothing is published yet) and invalidated by CommitBlock.
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
  Result<std::unique_ptr<ts::TableScanner>> Scan(const ts::ScanSpec& spec) override {
    return store_.Scan(spec);
  }
  Result<std::shared_ptr<const ts::MorselScan>> ScanMorsels(const ts::ScanSpec& spec) override {
    return store_.ScanMorsels(spec);
  }
  Result<TableStats> Stats(uint32_t table_id) const override { return store_.Stats(table_id); }
  Status Checkpoint() override { return store_.Checkpoint(); }
  Status CompactTable(uint32_t table_id) override { return store_.CompactTable(table_id); }

 private:
  // The times of appended rows of aggregated hypertables.
  Status InvalidateAppended(const std::vector<ts::TableAppend>& tables);
  // The table's time column when it feeds a continuous aggregate.
  std::optional<int> AggregatedTimeColumn(uint32_t table_id) const;

  ts::Engine& store_;
  ContinuousAggregateRanges& ranges_;
};

}  // namespace sundial::sql
