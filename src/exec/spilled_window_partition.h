#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "exec/memory_budget.h"
#include "exec/plan.h"
#include "exec/row_ordering.h"
#include "exec/spill_file.h"
#include "exec/window_aggregate_state.h"

namespace sundial::exec {

struct ExecContext;

// One window partition larger than work_mem, kept on disk: its rows are
// appended as the (sorted) input arrives and read back sequentially.
//
// When every call's value depends only on the row's position, its peer
// group, the partition's first or last row, a frame that starts at the
// partition start and ends at the current row, its peer group or the
// partition end, or rows at most kMaxReach positions away (lag/lead, ROWS
// frames with offsets) (Streamable), the partition is computed in two
// sequential passes with bounded memory: the first finds the peer groups and
// writes, per group, its size and the values that hold for the whole group
// to a second spill file, and measures how far lag/lead reach; the second
// reads rows and groups in step, keeping the rows within reach of the
// current one, and emits the rows with their results. Other calls (RANGE
// and GROUPS offsets, frames running to the partition end from a moving
// start) need the rows at arbitrary positions: the owner reads the rows back
// with NextInput and computes the partition in memory.
class SpilledWindowPartition {
 public:
  SpilledWindowPartition(const WindowPlan& plan, const ExecContext& context,
                         OperatorMemory& memory);

  // Whether every call of `plan` can be computed in the two passes.
  static bool Streamable(const WindowPlan& plan);

  // Appends rows of the partition, in order.
  Status Append(const DataChunk& chunk);
  uint64_t row_count() const { return rows_; }

  // After the last Append, for a Streamable plan: the first pass. False
  // when lag/lead turned out to reach further than kMaxReach rows: then
  // read the rows back with NextInput.
  Result<bool> Finish();
  // The next batch of rows with their results (input columns, then one per
  // call); false after the last. After Finish.
  Result<bool> Next(DataChunk& out);

  // The rows back as appended, for a plan that is not Streamable; false
  // after the last.
  Result<bool> NextInput(DataChunk& chunk);

  // The memory the passes hold: one batch of rows, one block of groups and
  // the partition-wide values.
  size_t held_bytes() const;

 private:
  // How the second pass computes a call.
  enum class Mode : uint8_t {
    kRanking,      // from the row's position and peer group
    kRunningRows,  // aggregate over ROWS from UNBOUNDED PRECEDING to an offset
    kRowsFrame,    // a ROWS frame whose ends lie within reach
    kShift,        // lag / lead
    kGroupValue,   // the same value for the whole peer group
    kWholeValue,   // the same value for the whole partition
    kFirstRow,     // first_value: the partition's first row
    kCurrentRow,   // last_value ending at the current row (ROWS)
  };
  static bool ModeOf(const WindowCall& call, Mode& mode);
  // first_value / last_value of the partition's first or last row or the
  // peer group's last row.
  static bool EndpointValueMode(const WindowCall& call, Mode& mode);
  // A ROWS frame of the row at ordinal `row` as [first, last).
  std::pair<uint64_t, uint64_t> RowsFrame(const WindowFrame& frame, uint64_t row) const;
  // That frame without the rows EXCLUDE leaves out, as disjoint ranges.
  std::vector<std::pair<size_t, size_t>> RowsFramePieces(const WindowFrame& frame,
                                                         uint64_t row) const;
  // Reads rows until the window holds every row before `end`.
  Status LoadThrough(uint64_t end);
  // The loaded chunk and row at `ordinal` (within reach of the current row).
  std::pair<const DataChunk*, size_t> Locate(uint64_t ordinal) const;
  void AddRange(WindowAggregateState& state, const std::vector<int>& args, uint64_t first,
                uint64_t last) const;
  Status ComputeFrameValue(size_t call, const DataChunk& chunk, size_t row, ColumnVector& out);

  Status StartReading();
  Result<bool> ReadChunk(SpillFile& file, const std::vector<DataType>& types, DataChunk& chunk);
  Status AppendRecord(SpillFile& file, const std::vector<ColumnVector>& columns, size_t rows);
  Status CloseGroup(uint64_t size, const DataChunk& chunk, size_t last_row);
  Status FlushGroups();
  // Makes sure the group of the row at `ordinal` is loaded.
  Status SeekGroup(uint64_t ordinal);
  Status ComputeRow(size_t call, const DataChunk& chunk, size_t row, ColumnVector& out);
  Status Shift(const WindowCall& call, const DataChunk& chunk, size_t row, ColumnVector& out);

  const WindowPlan& plan_;
  const ExecContext& context_;
  OperatorMemory& memory_;
  std::vector<DataType> input_types_;
  RowOrdering order_ordering_;
  std::vector<Mode> modes_;
  std::vector<std::unique_ptr<WindowAggregateState>> states_;  // per aggregate call

  std::unique_ptr<SpillFile> rows_file_;
  std::string record_;
  uint64_t rows_ = 0;
  bool reading_input_ = false;

  // Rows lag/lead and ROWS frames may reach before and after the current
  // row; beyond kMaxReach the partition is computed in memory instead.
  static constexpr uint64_t kMaxReach = 8192;
  uint64_t back_ = 0;
  uint64_t ahead_ = 0;
  // The second pass's rows in reach, as read: each chunk with the ordinal of
  // its first row; rows before loaded_end_ have been read.
  struct LoadedChunk {
    DataChunk chunk;
    uint64_t first = 0;
  };
  std::deque<LoadedChunk> window_;
  uint64_t loaded_end_ = 0;
  // Per call: rows a running aggregate has taken, and the frame pieces a
  // ROWS frame aggregate was last computed over.
  std::vector<uint64_t> added_;
  std::vector<std::vector<std::pair<size_t, size_t>>> computed_pieces_;
  std::vector<uint8_t> computed_;

  // Per peer group: its size, then the group value of each kGroupValue
  // call (group_column_[call] is its column); written in blocks.
  std::unique_ptr<SpillFile> groups_file_;
  std::vector<DataType> group_types_;
  std::vector<size_t> group_column_;
  std::vector<ColumnVector> group_block_;
  size_t group_block_rows_ = 0;

  // Partition-wide values (one row per call): the whole-partition values,
  // the first row's and the last row's.
  std::vector<ColumnVector> whole_values_;
  std::vector<ColumnVector> first_row_;

  // Second pass.
  uint64_t ordinal_ = 0;
  uint64_t group_index_ = 0;
  uint64_t group_start_ = 0;
  uint64_t group_end_ = 0;
  size_t group_in_block_ = 0;
  bool group_loaded_ = false;
};

}  // namespace sundial::exec
