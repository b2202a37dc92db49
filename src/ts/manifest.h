#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "ts/segment_reader.h"
#include "ts/table_schema.h"

namespace sundial::ts {

// Everything that must survive a restart besides the WAL: the tables, their
// live segments, and where WAL replay starts.
struct ManifestData {
  uint32_t next_table_id = 1;
  uint64_t next_file_number = 1;
  // WAL files numbered below this are fully contained in segments.
  uint64_t wal_start = 0;
  struct Table {
    TableSchema schema;
    std::vector<SegmentMeta> segments;
  };
  std::vector<Table> tables;
};

std::string EncodeManifest(const ManifestData& data);
Result<ManifestData> DecodeManifest(std::string_view bytes);

// Switches MANIFEST atomically: write MANIFEST.tmp, fsync, rename over
// MANIFEST, fsync the directory. A crash at any point leaves either the old
// or the new manifest. On failure MANIFEST is still the old one, except when
// only the final directory fsync failed: then `*renamed` (when given) is set,
// MANIFEST holds `data`, and a crash may leave either.
Status WriteManifest(FileSystem& fs, const std::string& dir, const ManifestData& data,
                     bool* renamed = nullptr);
// nullopt when the directory has no manifest yet (a new store).
Result<std::optional<ManifestData>> ReadManifest(FileSystem& fs, const std::string& dir);

}  // namespace sundial::ts
