#include "ts/filenames.h"

#include <fmt/format.h>

namespace sundial::ts {

std::string LockPath(const std::string& dir) {
  return dir + "/LOCK";
}
std::string ManifestPath(const std::string& dir) {
  return dir + "/MANIFEST";
}
std::string ManifestTempPath(const std::string& dir) {
  return dir + "/MANIFEST.tmp";
}
std::string WalDirectory(const std::string& dir) {
  return dir + "/wal";
}
std::string WalPath(const std::string& dir, uint64_t number) {
  return fmt::format("{}/wal/{:06}.log", dir, number);
}
std::string TablesDirectory(const std::string& dir) {
  return dir + "/tables";
}
std::string TableDirectory(const std::string& dir, uint32_t table_id) {
  return fmt::format("{}/tables/{}", dir, table_id);
}
std::string PartitionDirectory(const std::string& dir, uint32_t table_id, int64_t partition_start) {
  return fmt::format("{}/tables/{}/p{}", dir, table_id, partition_start);
}
std::string SegmentPath(const std::string& dir, uint32_t table_id, int64_t partition_start,
                        uint64_t number) {
  return fmt::format("{}/tables/{}/p{}/{:06}.seg", dir, table_id, partition_start, number);
}

std::string DeleteMarkersPath(const std::string& dir, uint32_t table_id, int64_t partition_start,
                              uint64_t number) {
  return fmt::format("{}/tables/{}/p{}/{:06}.del", dir, table_id, partition_start, number);
}

std::optional<uint64_t> ParseWalFileName(const std::string& name) {
  constexpr std::string_view kSuffix = ".log";
  if (name.size() <= kSuffix.size() || !name.ends_with(kSuffix)) return std::nullopt;
  uint64_t number = 0;
  for (size_t i = 0; i + kSuffix.size() < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    number = number * 10 + static_cast<uint64_t>(name[i] - '0');
  }
  return number;
}

}  // namespace sundial::ts
