#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ts/codec.h"
#include "ts/engine.h"
#include "ts/memtable.h"
#include "ts/row_group_pruner.h"
#include "ts/scan_predicate.h"
#include "ts/version.h"

namespace sundial::ts {

// The part of a pinned snapshot one scanner reads, in scan order: segments
// (already pruned by the time range), then memtable runs. A morsel of a
// parallel scan is either the row groups [first_row_group, end_row_group)
// of one segment or a few memtable runs; a whole scan reads every row group.
struct ScanSource {
  std::vector<std::shared_ptr<const SegmentReader>> segments;
  size_t first_row_group = 0;
  size_t end_row_group = std::numeric_limits<size_t>::max();
  std::vector<MemRun> memtable_rows;
};

// The segments of `table` that may hold rows in `range`, in scan order
// (partitions by start, segments as listed); counts the others into `pruned`.
std::vector<std::shared_ptr<const SegmentReader>> SegmentsToScan(const TableVersion& table,
                                                                 const TimeRange& range,
                                                                 ScanStatistics& pruned);

// Reads one table from a pinned snapshot: the segments of the version it
// was opened on (pruned by partition, segment and block time ranges), then
// the memtable rows that were visible when it was opened.
//
// Predicates (ScanSpec::predicates) run column by column on a shrinking
// selection of row numbers, dictionary-coded text once per distinct value;
// a column is read only once a row group still has rows that need it.
class SegmentTableScanner final : public TableScanner {
 public:
  SegmentTableScanner(std::shared_ptr<const TableVersion> table, ScanSpec spec,
                      std::vector<MemRun> memtable_rows);
  // Reads `source` alone; `pruned` is what choosing its segments left out.
  SegmentTableScanner(std::shared_ptr<const TableVersion> table, ScanSpec spec, ScanSource source,
                      ScanStatistics pruned);

  Result<bool> Next(DataChunk& out) override;
  ScanStatistics statistics() const override;
  // Next, also giving each returned row's position in its segment (see
  // DeleteMarkers). Only for scans of segments without memtable rows.
  Result<bool> NextWithPositions(DataChunk& out, std::vector<uint64_t>& positions);

 private:
  // A table column the scan reads, for output or for a predicate.
  struct Slot {
    int table_column = 0;
    DataType type;
    int position = -1;  // in the current segment, -1 when the segment lacks it
    bool loaded = false;
    std::shared_ptr<const DecodedBlock> block;  // of the current row group once loaded
    // What a segment that lacks the column reads (its missing value, NULL
    // when unset), repeated for at least the current row group's rows.
    std::optional<Value> missing_value;
    ColumnVector missing_rows;
  };

  Status Prepare();
  // For spec_.latest_per_column: a time such that the newest row of every
  // value is at or after it in the segments; nullopt when unknown.
  Result<std::optional<int64_t>> LatestFloor();
  // Whether a newest-per-value scan reads `segment`'s series summary
  // instead of its rows.
  bool ReadsSummary(const SegmentReader& segment) const;
  int SlotFor(int table_column);
  // Selects the matching rows of the next row group that has any; false at
  // the end of the segments.
  Result<bool> LoadNextRowGroup();
  Status LoadSlot(const SegmentReader& segment, size_t group, Slot& slot);
  // Fills slot.missing_rows with at least `rows` copies of its missing value.
  void FillMissing(Slot& slot, size_t rows) const;
  ColumnView SegmentView(const Slot& slot) const;
  ColumnView MemView(const MemRun& run, int table_column) const;
  void ReserveSelected(size_t rows);
  // Starts the selection of a row group with its rows that no delete
  // marker hides.
  void SelectUnmarked(const SegmentReader& segment, uint64_t first_row, size_t rows);
  // Applies the predicates to the selected rows (selected_count_ of `rows`
  // candidates, all_selected_); updates selected_ / all_selected_.
  template <typename ViewOf>
  void Select(size_t rows, size_t predicate_count, ViewOf&& view_of);
  void Emit(const std::vector<ColumnView>& views, DataChunk& out);

  std::shared_ptr<const TableVersion> table_;
  ScanSpec spec_;
  std::vector<DataType> types_;  // of spec_.columns
  std::vector<std::shared_ptr<const SegmentReader>> segments_;
  std::vector<MemRun> mem_runs_;
  bool prepared_ = false;

  std::vector<Slot> slots_;
  std::vector<int> output_slots_;              // per output column
  std::vector<CompiledPredicate> predicates_;  // text first
  size_t memtable_predicates_ = 0;             // the leading ones that also apply to memtable rows
  std::vector<int> predicate_slots_;
  std::optional<RowGroupPruner> pruner_;  // over predicates_, once prepared
  std::vector<uint8_t> all_match_;        // per predicate, for the current row group
  std::string scratch_;

  // A latest_per_column scan of the whole table: rows older than their
  // value's newest may be left out.
  bool newest_only_ = false;
  // The time every value's newest row is at or after, when LatestFloor found one.
  std::optional<int64_t> newest_floor_;
  size_t segment_ = 0;
  bool segment_started_ = false;
  bool reading_summary_ = false;  // the current segment's summary stands for its rows
  size_t next_row_group_ = 0;
  uint64_t next_group_first_row_ = 0;           // segment position of next_row_group_'s first row
  uint64_t group_first_row_ = 0;                // of the row group loaded
  std::vector<uint64_t>* positions_ = nullptr;  // NextWithPositions' output
  size_t first_row_group_ = 0;
  size_t end_row_group_ = std::numeric_limits<size_t>::max();
  // The selected rows of the current row group or memtable run.
  bool source_loaded_ = false;
  bool all_selected_ = false;
  size_t selected_count_ = 0;
  size_t emit_offset_ = 0;
  std::unique_ptr<uint32_t[]> selected_;
  size_t selected_capacity_ = 0;
  std::vector<ColumnView> views_;

  size_t mem_run_ = 0;
  ScanStatistics stats_;
  BlockReads reads_;  // added to stats_ when asked
};

}  // namespace sundial::ts
