#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ts/file_system.h"

namespace sundial::ts {

// The rows of one segment that DELETE removed: a bitmap over the segment's
// row positions (0 .. row_count-1, in the order the segment stores them,
// row groups one after the other). Immutable once built and shared by every
// version that lists the segment with these markers.
class DeleteMarkers {
 public:
  explicit DeleteMarkers(uint64_t row_count);

  uint64_t row_count() const { return row_count_; }
  // Rows marked deleted.
  uint64_t count() const { return count_; }
  bool Contains(uint64_t row) const { return (words_[row >> 6] >> (row & 63)) & 1; }
  // Marks `row` (< row_count); false when it was marked already.
  bool Add(uint64_t row);
  void AddAll(const DeleteMarkers& other);
  // Unmarks every row `other` marks.
  void RemoveAll(const DeleteMarkers& other);
  // Whether some row is marked in both.
  bool Intersects(const DeleteMarkers& other) const;
  // Whether any of rows [first, first + rows) is marked.
  bool AnyIn(uint64_t first, uint64_t rows) const;
  // Writes the unmarked offsets r (< rows) of rows [first, first + rows) to
  // `out` (room for `rows`), ascending; returns how many.
  size_t Unmarked(uint64_t first, uint32_t rows, uint32_t* out) const;

  // The marker file's bytes (README "Delete markers") for the segment
  // numbered `segment_number`.
  std::string Encode(uint64_t segment_number) const;
  // Checks magic, version, checksum, and that the file belongs to segment
  // `segment_number` of `row_count` rows; kCorruption naming `path` if not.
  static Result<DeleteMarkers> Decode(std::string_view bytes, uint64_t segment_number,
                                      uint64_t row_count, const std::string& path);

 private:
  uint64_t row_count_ = 0;
  uint64_t count_ = 0;
  std::vector<uint64_t> words_;
};

// Creates `path` holding `markers` and fsyncs it (not its directory).
Status WriteDeleteMarkers(FileSystem& fs, const std::string& path, const DeleteMarkers& markers,
                          uint64_t segment_number);
Result<std::shared_ptr<const DeleteMarkers>> ReadDeleteMarkers(FileSystem& fs,
                                                               const std::string& path,
                                                               uint64_t segment_number,
                                                               uint64_t row_count);

}  // namespace sundial::ts
