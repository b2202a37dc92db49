#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/types.h"
#include "ts/codec.h"
#include "ts/file_system.h"
#include "ts/segment_format.h"
#include "ts/series_summary.h"
#include "ts/table_schema.h"

namespace sundial::ts {

// Writes one segment file: row groups of column blocks, then the footer and
// trailer. The file is fsynced by Finish; until then it is an unnamed
// leftover that recovery deletes.
class SegmentWriter {
 public:
  struct Column {
    uint32_t table_column = 0;
    TypeId type = TypeId::kUnknown;
  };

  // `sort_key` is the order the caller adds rows in, recorded in the footer.
  static Result<std::unique_ptr<SegmentWriter>> Create(FileSystem& fs, const std::string& path,
                                                       std::vector<Column> columns, int time_column,
                                                       SegmentSortKey sort_key = {});
  SegmentWriter(std::unique_ptr<WritableFile> file, std::vector<Column> columns, int time_column,
                SegmentSortKey sort_key);

  // Adds the next row group of `rows` rows (<= segment::kMaxBlockRows);
  // blocks[i] holds column i's values.
  Status AddRowGroup(const std::vector<BlockValues>& blocks, size_t rows);
  // Writes footer and trailer and syncs. Returns the file size.
  Result<uint64_t> Finish();

 private:
  struct BlockEntry {
    uint64_t offset = 0;
    uint32_t size = 0;
    uint32_t null_count = 0;
    uint64_t min = 0;
    uint64_t max = 0;
    // Text columns: the smallest and largest value by bytes, when the
    // largest fits the footer (segment::kMaxTextBoundBytes).
    bool has_text_bounds = false;
    std::string text_min;
    std::string text_max;
  };
  // Encodes one block into the write buffer; `has_minmax` tells whether
  // a numeric block held a non-NULL value.
  Result<BlockEntry> EncodeBlockEntry(size_t column, const BlockValues& values, bool& has_minmax);
  Status WriteBlock(size_t column, const BlockValues& values);
  // Writes the newest-row-per-series summary's blocks, when worth keeping.
  Status WriteSummary();
  static void PutBlockEntry(std::string& footer, segment::MinMaxKind kind, const BlockEntry& b);

  std::unique_ptr<WritableFile> file_;
  std::vector<Column> columns_;
  int time_column_;  // position in columns_, or -1
  std::vector<uint32_t> row_group_rows_;
  std::vector<std::vector<BlockEntry>> blocks_;   // per column
  std::vector<segment::MinMaxKind> minmax_kind_;  // per column
  SegmentSortKey sort_key_;
  std::unique_ptr<SeriesSummaryBuilder> summary_;  // when rows are grouped by a text key
  uint32_t summary_key_id_ = 0;
  std::vector<uint32_t> summary_group_rows_;
  std::vector<std::vector<BlockEntry>> summary_blocks_;  // per column, once written
  std::string buffer_;                                   // pending bytes, written in large appends
  uint64_t offset_ = 0;
  uint64_t row_count_ = 0;
  int64_t time_min_ = INT64_MAX;
  int64_t time_max_ = INT64_MIN;
};

// Whether blocks of this type carry min/max, and how they are compared.
bool HasIntegerMinMax(TypeId type);
bool HasFloatMinMax(TypeId type);

}  // namespace sundial::ts
