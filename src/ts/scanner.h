#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ts/codec.h"
#include "ts/engine.h"
#include "ts/memtable.h"
#include "ts/version.h"

namespace sundial::ts {

// Work a scan did and avoided, for tests and EXPLAIN ANALYZE.
struct ScanStatistics {
  uint64_t partitions_skipped = 0;
  uint64_t segments_skipped = 0;
  uint64_t blocks_read = 0;     // column blocks read and decoded
  uint64_t blocks_skipped = 0;  // row groups pruned by the time column's min/max
};

// Reads one table from a pinned snapshot: the segments of the version it
// was opened on (pruned by partition, segment and block time ranges), then
// the memtable rows that were visible when it was opened.
class SegmentTableScanner final : public TableScanner {
 public:
  SegmentTableScanner(std::shared_ptr<const TableVersion> table, ScanSpec spec,
                      std::vector<MemRun> memtable_rows);

  Result<bool> Next(DataChunk& out) override;
  const ScanStatistics& statistics() const { return stats_; }

 private:
  // Loads the next row group that may hold rows in range; false at the end
  // of the segments.
  Result<bool> LoadNextRowGroup();
  void EmitSegmentRows(size_t n, DataChunk& out);
  void EmitMemRows(const MemRun& run, size_t offset, size_t n, DataChunk& out);

  std::shared_ptr<const TableVersion> table_;
  ScanSpec spec_;
  std::vector<DataType> types_;  // of spec_.columns
  std::vector<std::shared_ptr<const SegmentReader>> segments_;
  std::vector<MemRun> mem_runs_;

  size_t segment_ = 0;
  size_t next_row_group_ = 0;
  bool group_loaded_ = false;
  size_t group_rows_ = 0;
  size_t group_offset_ = 0;
  std::vector<int> positions_;  // per output column: position in the current segment or -1
  std::vector<DecodedBlock> decoded_;
  std::string scratch_;

  size_t mem_run_ = 0;
  size_t mem_offset_ = 0;
  ScanStatistics stats_;
};

}  // namespace sundial::ts
