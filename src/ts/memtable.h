#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <unordered_map>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"

namespace sundial::ts {

// Rows per memtable block; a power of two so a row number splits into
// (block, offset) with a shift and a mask.
inline constexpr size_t kMemBlockShift = 12;
inline constexpr size_t kMemBlockRows = size_t{1} << kMemBlockShift;

// A fixed-capacity columnar block of appended rows. Rows [0, n) never change
// once a reader has been told n, so readers take no lock: the writer only
// writes past n, and publishes a new n under the table's mutex.
struct MemBlock {
  explicit MemBlock(const std::vector<DataType>& types);
  // A block of exactly chunk.size() (<= kMemBlockRows) rows that shares the
  // chunk's value buffers and strings instead of copying them: for rows that
  // are written straight to segment files and never appended to.
  explicit MemBlock(const DataChunk& chunk);
  // values[c] holds kMemBlockRows slots and owns the column's string bytes;
  // its own validity bitmap is never used (readers could race on a shared
  // word), nulls[c] has one byte per row instead (1 = NULL).
  std::vector<ColumnVector> values;
  std::vector<std::unique_ptr<uint8_t[]>> nulls;
};

// The first `rows` rows of a block, as visible to one snapshot.
struct MemRun {
  std::shared_ptr<const MemBlock> block;
  size_t rows = 0;
};

// The rows one MemTable::Insert adds to one table.
struct MemTableRows {
  uint32_t table_id = 0;
  // The table's column types; the chunks must match them (checked by the engine).
  std::vector<DataType> types;
  std::span<const DataChunk> chunks;
};

// Append buffers of every table written since the last freeze. Thread-safe.
class MemTable {
 public:
  // Appends the rows of one AppendTables call (a table may appear more than
  // once). Every table it touches is locked, in table id order, for the whole
  // insertion, so the call takes effect at one instant: a reader sees all or
  // none of its rows in each table, and one that reads the tables one after
  // another never finds them in a table it read first but misses them in a
  // later one.
  void Insert(const std::vector<MemTableRows>& tables);
  // The rows of a table visible now, in append order.
  std::vector<MemRun> Snapshot(uint32_t table_id) const;
  std::vector<uint32_t> TableIds() const;
  uint64_t RowCount(uint32_t table_id) const;
  // Bytes held by values and strings.
  size_t bytes() const { return bytes_.load(std::memory_order_relaxed); }
  bool empty() const { return bytes() == 0; }

 private:
  struct TableBuffer {
    mutable std::mutex mu;
    std::vector<std::shared_ptr<MemBlock>> blocks;  // guarded by mu
    size_t last_rows = 0;                           // rows used in blocks.back()
    uint64_t rows = 0;
  };
  std::shared_ptr<TableBuffer> Find(uint32_t table_id) const;
  // Requires table.mu: appends the chunks, returns the bytes they added.
  static size_t AppendLocked(TableBuffer& table, const std::vector<DataType>& types,
                             std::span<const DataChunk> chunks);

  mutable std::mutex mu_;
  std::unordered_map<uint32_t, std::shared_ptr<TableBuffer>> tables_;  // guarded by mu_
  std::atomic<size_t> bytes_{0};
};

}  // namespace sundial::ts
