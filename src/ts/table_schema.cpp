#include "ts/table_schema.h"

namespace sundial::ts {

int TableSchema::FindColumn(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

bool TableSchema::SameLayout(const TableSchema& other) const {
  if (columns.size() != other.columns.size() || time_column != other.time_column ||
      partition_interval_micros != other.partition_interval_micros) {
    return false;
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].column_id != other.columns[i].column_id) return false;
  }
  return true;
}

}  // namespace sundial::ts
