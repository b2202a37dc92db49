#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/types.h"

namespace sundial::ts {

struct ColumnSchema {
  std::string name;
  DataType type;
  bool not_null = false;
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

  bool is_hypertable() const { return time_column.has_value(); }
  // Index of the column named `name` (exact match), or -1.
  int FindColumn(const std::string& name) const;
};

}  // namespace sundial::ts
