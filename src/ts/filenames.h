#pragma once

#include <cstdint>
#include <optional>
#include <string>

// Names of everything in a data directory:
//   LOCK                                     flock'ed while an engine is open
//   MANIFEST, MANIFEST.tmp                   the live state; the temp file is a switch in progress
//   wal/<number>.log                         write-ahead log files, replayed from the manifest's
//   start tables/<table_id>/p<partition_start>/<number>.seg   immutable segments
//   tables/<table_id>/p<partition_start>/<number>.del   a segment's delete markers
namespace sundial::ts {

std::string LockPath(const std::string& dir);
std::string ManifestPath(const std::string& dir);
std::string ManifestTempPath(const std::string& dir);
std::string WalDirectory(const std::string& dir);
std::string WalPath(const std::string& dir, uint64_t number);
std::string TablesDirectory(const std::string& dir);
std::string TableDirectory(const std::string& dir, uint32_t table_id);
std::string PartitionDirectory(const std::string& dir, uint32_t table_id, int64_t partition_start);
std::string SegmentPath(const std::string& dir, uint32_t table_id, int64_t partition_start,
                        uint64_t number);

std::string DeleteMarkersPath(const std::string& dir, uint32_t table_id, int64_t partition_start,
                              uint64_t number);

// The number in "<number>.log", or nullopt for any other name.
std::optional<uint64_t> ParseWalFileName(const std::string& name);

}  // namespace sundial::ts
