#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ts/memtable.h"
#include "ts/table_schema.h"

namespace sundial::ts {

// A row of a list of MemRuns, addressed as (run << kMemBlockShift) | offset.
inline uint32_t RunOfRow(uint64_t row) {
  return static_cast<uint32_t>(row >> kMemBlockShift);
}
inline uint32_t OffsetOfRow(uint64_t row) {
  return static_cast<uint32_t>(row & (kMemBlockRows - 1));
}

// Reorders rows[0, n), which are stably sorted by time, into the segment
// order of `schema` (TableSchema::segment_by, order_by): a stable sort, so
// rows equal in every key column stay in time order and then append order.
// When a hypertable's schema leaves segment_by unset, the rows choose it: the text
// column with the most distinct values among those whose values repeat (at
// most half as many distinct values as rows), so that each series is stored
// together, as TimescaleDB's segment-by and ClickHouse's ORDER BY do.
// Returns the key the rows were ordered by.
SegmentSortKey OrderSegmentRows(const TableSchema& schema, const std::vector<MemRun>& runs,
                                uint64_t* rows, size_t n);

}  // namespace sundial::ts
