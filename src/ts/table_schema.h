#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/types.h"
#include "common/value.h"

namespace sundial::ts {

// Whether a persisted type byte (WAL, segment footer, manifest) names a type
// the store keeps: every scalar type; arrays are not stored.
inline bool IsStoredTypeByte(uint8_t raw) {
  return raw >= static_cast<uint8_t>(TypeId::kBool) && raw <= static_cast<uint8_t>(TypeId::kTime) &&
         raw != static_cast<uint8_t>(TypeId::kArray);
}

struct ColumnSchema {
  std::string name;
  DataType type;
  bool not_null = false;
  // Stable identity of the column within its table, assigned by the engine
  // and never reused: segments name their columns by it, so a dropped and
  // re-added column of the same name never sees the old column's data.
  uint32_t column_id = 0;
  // What rows stored before the column was added read (ALTER TABLE ADD
  // COLUMN ... DEFAULT constant); unset reads NULL.
  std::optional<Value> missing_value;
};

// A column of a segment's sort order after its segment-by columns
// (TimescaleDB's compress_orderby).
struct OrderColumn {
  uint32_t column_id = 0;
  bool descending = false;
};

// The order a segment's rows were written in, recorded in its footer: by
// the segment-by columns, then order_by, then time ascending.
struct SegmentSortKey {
  std::vector<uint32_t> segment_by;  // column ids
  std::vector<OrderColumn> order_by;
};

// The stored shape of a table. A table with a time_column is partitioned by
// time into partitions of partition_interval_micros (a hypertable); without
// one it is an ordinary table kept in a single partition.
struct TableSchema {
  uint32_t table_id = 0;  // assigned by the engine, never reused
  std::string name;
  std::vector<ColumnSchema> columns;
  std::optional<int> time_column;         // index into columns; kTimestampTz/kTimestamp/kDate
  int64_t partition_interval_micros = 0;  // > 0 when time_column is set
  uint32_t next_column_id = 0;            // the id the next added column gets
  // How flush and merge order the rows of a segment: by the segment-by
  // columns (ascending, NULLs last), then by order_by, then by time
  // ascending; rows equal in all of them keep their append order. Unset
  // segment_by lets each segment choose from its rows (segment_order.h);
  // set but empty means none. Both name columns by column_id.
  std::optional<std::vector<uint32_t>> segment_by;
  std::vector<OrderColumn> order_by;

  bool is_hypertable() const { return time_column.has_value(); }
  // Index of the column named `name` (exact match), or -1.
  int FindColumn(const std::string& name) const;
  // Index of the column whose column_id is `id`, or -1.
  int FindColumnById(uint32_t id) const;
  // Whether rows shaped for `other` (same columns by id, same partitioning)
  // fit this schema.
  bool SameLayout(const TableSchema& other) const;
};

// One metadata-only change of a table's schema (ALTER TABLE). Segments are
// never rewritten: they name columns by id.
struct SchemaChange {
  enum class Kind : uint8_t {
    kAddColumn,
    kDropColumn,
    kRenameColumn,
    kRenameTable,
    kSetSegmentOrder
  };
  Kind kind = Kind::kAddColumn;
  // kAddColumn: the new column (its id is assigned; missing_value, when set,
  // is what existing rows read).
  ColumnSchema column;
  // kDropColumn / kRenameColumn: the column's current name.
  std::string column_name;
  // kRenameColumn / kRenameTable: the new name.
  std::string new_name;
  // kSetSegmentOrder: the new segment_by (when sets_segment_by) and order_by
  // (when sets_order_by); what is not set keeps its value, as an ALTER TABLE
  // SET naming only one of the options does.
  bool sets_segment_by = false;
  std::optional<std::vector<uint32_t>> segment_by;
  bool sets_order_by = false;
  std::vector<OrderColumn> order_by;
};

// Whether `schema`'s segment_by and order_by name existing columns, each at
// most once and none in both lists, and leave the time column out of
// segment_by (segmenting by time would make every timestamp a series).
// kUndefinedColumn, kSyntaxError (TimescaleDB's code for the list errors),
// kFeatureNotSupported (the time column in segment_by).
Status CheckSegmentOrder(const TableSchema& schema);

}  // namespace sundial::ts
