#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/types.h"
#include "ts/codec.h"
#include "ts/delete_markers.h"
#include "ts/file_system.h"
#include "ts/segment_format.h"
#include "ts/table_schema.h"

namespace sundial::ts {

class ByteReader;

// Where a segment belongs, as recorded in the manifest.
struct SegmentMeta {
  uint32_t table_id = 0;
  int64_t partition_start = 0;
  uint64_t file_number = 0;
  uint64_t row_count = 0;
  uint64_t file_size = 0;
  int64_t time_min = 0;  // of the time column; meaningless without one
  int64_t time_max = 0;
  // The segment's delete marker file (0: none) and the rows it marks.
  uint64_t markers_file_number = 0;
  uint64_t deleted_rows = 0;
};

// What reading blocks through the cache cost.
struct BlockReads {
  uint64_t cache_hits = 0;
  uint64_t cache_misses = 0;
  uint64_t bytes_read = 0;  // from the file, on misses
};

// An open, immutable segment: only the footer index is held in memory;
// blocks are read on demand with pread. Thread-safe (const). Holding the
// reader keeps the file's data readable even after it is unlinked.
class SegmentReader {
 public:
  struct Block {
    uint64_t offset = 0;
    uint32_t size = 0;
    uint32_t null_count = 0;
    int64_t min = 0;  // integer-like columns
    int64_t max = 0;
    double min_float = 0;  // float columns
    double max_float = 0;
    // Text columns: the smallest and largest non-NULL value by bytes (the
    // smallest possibly cut to a prefix), when the writer stored them.
    bool has_text_bounds = false;
    std::string text_min;
    std::string text_max;
  };
  struct Column {
    uint32_t table_column = 0;
    TypeId type = TypeId::kUnknown;
    bool has_minmax = false;  // numeric min/max, or text bounds where a block has them
    segment::MinMaxKind minmax_kind = segment::MinMaxKind::kNone;
    std::vector<Block> blocks;          // one per row group
    std::vector<Block> summary_blocks;  // one per summary group
  };

  static Result<std::shared_ptr<const SegmentReader>> Open(FileSystem& fs, const std::string& path,
                                                           SegmentMeta meta);
  SegmentReader(std::unique_ptr<RandomAccessFile> file, SegmentMeta meta);

  const SegmentMeta& meta() const { return meta_; }
  uint64_t row_count() const { return row_count_; }
  // The rows DELETE marked (nullptr: none); scans skip them.
  const DeleteMarkers* markers() const { return markers_.get(); }
  // Rows a scan returns: row_count() less the marked ones.
  uint64_t live_rows() const { return row_count_ - (markers_ ? markers_->count() : 0); }
  // This segment (the same open file and cached blocks) read with `markers`,
  // stored in marker file `markers_file_number`.
  std::shared_ptr<const SegmentReader> WithMarkers(std::shared_ptr<const DeleteMarkers> markers,
                                                   uint64_t markers_file_number) const;
  const std::vector<uint32_t>& row_group_rows() const { return row_group_rows_; }
  // Position of a table column in this segment, or -1 when it was written
  // before the column existed (read as NULL).
  int FindColumn(uint32_t table_column) const;
  const Column& column(int position) const { return columns_[position]; }
  int time_column() const { return time_column_; }
  // The order the rows were written in after time partitioning (empty key:
  // time order).
  const SegmentSortKey& sort_key() const { return sort_key_; }

  // The newest row of each series (segment_format.h, version 3): when
  // summary_group_rows() is not empty, for every value of the column with
  // id summary_key_column() (NULL included) the summary holds one row with
  // that value's greatest time (a NULL time counting as greatest), in
  // groups of rows read like row groups by ReadCachedSummaryBlock.
  const std::vector<uint32_t>& summary_group_rows() const { return summary_group_rows_; }
  uint32_t summary_key_column() const { return summary_key_column_; }

  // Reads and decodes one block; `scratch` is a reusable read buffer.
  Status ReadBlock(int position, size_t row_group, std::string& scratch, DecodedBlock& out) const;
  // The block through the shared BlockCache, text kept as dictionary codes
  // (DecodedBlock::set_keep_codes); reads and decodes it on a miss, and
  // then adds it to the cache unless `fill_cache` is false (a merge, which
  // reads every block once). Counts into `reads` when given.
  Result<std::shared_ptr<const DecodedBlock>> ReadCachedBlock(int position, size_t row_group,
                                                              std::string& scratch,
                                                              BlockReads* reads = nullptr,
                                                              bool fill_cache = true) const;
  // A summary group's block, as ReadCachedBlock reads a row group's.
  Result<std::shared_ptr<const DecodedBlock>> ReadCachedSummaryBlock(int position, size_t group,
                                                                     std::string& scratch,
                                                                     BlockReads* reads = nullptr,
                                                                     bool fill_cache = true) const;

 private:
  Status ParseFooter();
  Status ReadBlockEntry(ByteReader& in, segment::MinMaxKind kind, uint64_t data_end,
                        Block& b) const;
  Status ReadBlockAt(int position, const Block& block, uint32_t rows, const char* where,
                     size_t index, std::string& scratch, DecodedBlock& out) const;
  Result<std::shared_ptr<const DecodedBlock>> ReadCached(int position, const Block& block,
                                                         uint32_t rows, const char* where,
                                                         size_t index, std::string& scratch,
                                                         BlockReads* reads, bool fill_cache) const;
  Status Corrupt(const std::string& why) const;

  // Shared by the copies WithMarkers makes.
  std::shared_ptr<RandomAccessFile> file_;
  SegmentMeta meta_;
  std::shared_ptr<const DeleteMarkers> markers_;
  uint64_t cache_id_ = 0;  // process-unique, never reused: keys BlockCache entries
  uint64_t row_count_ = 0;
  int time_column_ = -1;
  std::vector<uint32_t> row_group_rows_;
  std::vector<Column> columns_;
  SegmentSortKey sort_key_;
  uint32_t summary_key_column_ = 0;
  std::vector<uint32_t> summary_group_rows_;
};

}  // namespace sundial::ts
