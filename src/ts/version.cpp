#include "ts/version.h"

namespace sundial::ts {

std::shared_ptr<const TableVersion> TableVersion::WithSegment(
    std::shared_ptr<const SegmentReader> segment) const {
  auto copy = std::make_shared<TableVersion>(*this);
  copy->segment_rows += segment->meta().row_count;
  copy->disk_bytes += segment->meta().file_size;
  copy->partitions[segment->meta().partition_start].push_back(std::move(segment));
  return copy;
}

uint64_t TableVersion::LiveRows() const {
  uint64_t rows = segment_rows;
  for (const auto& [start, segments] : partitions) {
    for (const auto& segment : segments)
      rows -= segment->row_count() - segment->live_rows();
  }
  return rows;
}

const TableVersion* Version::FindTable(uint32_t table_id) const {
  auto it = tables.find(table_id);
  return it == tables.end() ? nullptr : it->second.get();
}

const TableVersion* Version::FindTable(const std::string& name) const {
  for (const auto& [id, table] : tables) {
    if (table->schema.name == name) return table.get();
  }
  return nullptr;
}

ManifestData Version::ToManifest(uint64_t next_file_number) const {
  ManifestData data{
      .next_table_id = next_table_id, .next_file_number = next_file_number, .wal_start = wal_start};
  for (const auto& [id, table] : tables) {
    ManifestData::Table entry{.schema = table->schema};
    for (const auto& [start, segments] : table->partitions) {
      for (const auto& segment : segments)
        entry.segments.push_back(segment->meta());
    }
    data.tables.push_back(std::move(entry));
  }
  return data;
}

}  // namespace sundial::ts
