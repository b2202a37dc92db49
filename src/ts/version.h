#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "ts/manifest.h"
#include "ts/segment_reader.h"
#include "ts/table_schema.h"

namespace sundial::ts {

// The live segments of one table. Immutable once published.
struct TableVersion {
  TableSchema schema;
  // partition_start -> segments in the order they were flushed
  std::map<int64_t, std::vector<std::shared_ptr<const SegmentReader>>> partitions;
  // Rows the segments store, counting those delete markers hide.
  uint64_t segment_rows = 0;
  uint64_t disk_bytes = 0;

  // Rows a scan of the segments returns (segment_rows less marked rows).
  uint64_t LiveRows() const;

  // A copy with `segment` added.
  std::shared_ptr<const TableVersion> WithSegment(
      std::shared_ptr<const SegmentReader> segment) const;
};

// The store's published state: what the manifest says, with open segment
// readers. Immutable; a new Version is built for every change and readers
// pin the one they started with (shared_ptr<const Version>), which keeps its
// segment files readable even after a later change removes them.
struct Version {
  uint32_t next_table_id = 1;
  uint64_t wal_start = 0;
  std::map<uint32_t, std::shared_ptr<const TableVersion>> tables;

  const TableVersion* FindTable(uint32_t table_id) const;
  const TableVersion* FindTable(const std::string& name) const;
  ManifestData ToManifest(uint64_t next_file_number) const;
};

}  // namespace sundial::ts
