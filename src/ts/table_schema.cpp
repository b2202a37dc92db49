#include "ts/table_schema.h"

#include <set>

namespace sundial::ts {

int TableSchema::FindColumn(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int TableSchema::FindColumnById(uint32_t id) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].column_id == id) return static_cast<int>(i);
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

Status CheckSegmentOrder(const TableSchema& schema) {
  auto undefined = [&](uint32_t id) {
    return Status::Error(ErrorCode::kUndefinedColumn, "column with id " + std::to_string(id) +
                                                          " of relation \"" + schema.name +
                                                          "\" does not exist");
  };
  auto duplicate = [](const std::string& name, const char* option) {
    return Status::Error(ErrorCode::kSyntaxError, "duplicate column name \"" + name + "\"")
        .WithHint(std::string("The ") + option + " option must reference distinct columns.");
  };
  std::set<uint32_t> segment_ids;
  for (uint32_t id : schema.segment_by.value_or(std::vector<uint32_t>{})) {
    int index = schema.FindColumnById(id);
    if (index < 0) return undefined(id);
    const std::string& name = schema.columns[index].name;
    if (!segment_ids.insert(id).second) return duplicate(name, "segmentby");
    if (schema.time_column && *schema.time_column == index) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "cannot segment by the time column \"" + name + "\"")
          .WithHint("Segments are already sorted by time; name it in orderby to sort it DESC.");
    }
  }
  std::set<uint32_t> order_ids;
  for (const OrderColumn& order : schema.order_by) {
    int index = schema.FindColumnById(order.column_id);
    if (index < 0) return undefined(order.column_id);
    const std::string& name = schema.columns[index].name;
    if (!order_ids.insert(order.column_id).second) return duplicate(name, "orderby");
    if (segment_ids.contains(order.column_id)) {
      return Status::Error(ErrorCode::kSyntaxError,
                           "cannot use column \"" + name + "\" for both ordering and segmenting")
          .WithHint("Use separate columns for the orderby and segmentby options.");
    }
  }
  return Status::Ok();
}

}  // namespace sundial::ts
