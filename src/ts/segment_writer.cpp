#include "ts/segment_writer.h"

#include <cstring>
#include <limits>

#include "ts/coding.h"
#include "ts/segment_format.h"

namespace sundial::ts {

namespace {

constexpr size_t kWriteBufferBytes = 1 << 20;

template <typename T>
void MinMaxInt(const BlockValues& in, uint64_t& min_out, uint64_t& max_out, bool& any) {
  const T* v = static_cast<const T*>(in.values);
  int64_t lo = std::numeric_limits<int64_t>::max();
  int64_t hi = std::numeric_limits<int64_t>::min();
  for (size_t i = 0; i < in.count; ++i) {
    if (in.nulls != nullptr && in.nulls[i]) continue;
    int64_t x = static_cast<int64_t>(v[i]);
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    any = true;
  }
  std::memcpy(&min_out, &lo, 8);
  std::memcpy(&max_out, &hi, 8);
}

template <typename T>
void MinMaxFloat(const BlockValues& in, uint64_t& min_out, uint64_t& max_out, bool& any) {
  const T* v = static_cast<const T*>(in.values);
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  bool nan = false;
  for (size_t i = 0; i < in.count; ++i) {
    if (in.nulls != nullptr && in.nulls[i]) continue;
    double x = static_cast<double>(v[i]);
    if (x != x) {
      nan = true;
      continue;
    }
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    any = true;
  }
  // PostgreSQL sorts NaN above every number, so a block with NaN has max NaN.
  if (nan) {
    hi = std::numeric_limits<double>::quiet_NaN();
    any = true;
  }
  std::memcpy(&min_out, &lo, 8);
  std::memcpy(&max_out, &hi, 8);
}

void ComputeMinMax(const BlockValues& in, uint64_t& min_out, uint64_t& max_out, bool& any) {
  switch (in.type) {
    case TypeId::kBool:
      return MinMaxInt<uint8_t>(in, min_out, max_out, any);
    case TypeId::kInt16:
      return MinMaxInt<int16_t>(in, min_out, max_out, any);
    case TypeId::kInt32:
    case TypeId::kDate:
      return MinMaxInt<int32_t>(in, min_out, max_out, any);
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return MinMaxInt<int64_t>(in, min_out, max_out, any);
    case TypeId::kFloat32:
      return MinMaxFloat<float>(in, min_out, max_out, any);
    case TypeId::kFloat64:
      return MinMaxFloat<double>(in, min_out, max_out, any);
    default:
      return;
  }
}

// The smallest and largest non-NULL text value by bytes. Sorted blocks
// repeat a value for many rows, so a row equal to its predecessor is skipped.
void ComputeTextBounds(const BlockValues& in, std::string& min_out, std::string& max_out,
                       bool& bounded) {
  const auto* v = static_cast<const std::string_view*>(in.values);
  std::string_view lo;
  std::string_view hi;
  bool any = false;
  for (size_t i = 0; i < in.count; ++i) {
    if (in.nulls != nullptr && in.nulls[i]) continue;
    if (any && v[i] == v[i - 1] && !(in.nulls != nullptr && in.nulls[i - 1])) {
      continue;
    }
    if (!any) {
      lo = hi = v[i];
      any = true;
    } else if (v[i] < lo) {
      lo = v[i];
    } else if (v[i] > hi) {
      hi = v[i];
    }
  }
  bounded = any && hi.size() <= segment::kMaxTextBoundBytes;
  if (!bounded) return;
  // Any prefix of the smallest value is still a lower bound.
  min_out.assign(lo.substr(0, segment::kMaxTextBoundBytes));
  max_out.assign(hi);
}

}  // namespace

void SegmentWriter::PutBlockEntry(std::string& footer, segment::MinMaxKind kind,
                                  const BlockEntry& b) {
  PutFixed<uint64_t>(footer, b.offset);
  PutFixed<uint32_t>(footer, b.size);
  PutFixed<uint32_t>(footer, b.null_count);
  PutFixed<uint64_t>(footer, b.min);
  PutFixed<uint64_t>(footer, b.max);
  if (kind != segment::MinMaxKind::kText) return;
  footer.push_back(b.has_text_bounds ? 1 : 0);
  if (!b.has_text_bounds) return;
  for (const std::string* bound : {&b.text_min, &b.text_max}) {
    footer.push_back(static_cast<char>(bound->size()));
    footer += *bound;
  }
}

bool HasIntegerMinMax(TypeId type) {
  return type == TypeId::kBool || IsInteger(type) || type == TypeId::kDate || IsTimestamp(type) ||
         type == TypeId::kTime;
}

bool HasFloatMinMax(TypeId type) {
  return IsFloat(type);
}

Result<std::unique_ptr<SegmentWriter>> SegmentWriter::Create(FileSystem& fs,
                                                             const std::string& path,
                                                             std::vector<Column> columns,
                                                             int time_column,
                                                             SegmentSortKey sort_key) {
  ASSIGN_OR_RETURN(auto file, fs.NewWritableFile(path));
  return std::make_unique<SegmentWriter>(std::move(file), std::move(columns), time_column,
                                         std::move(sort_key));
}

SegmentWriter::SegmentWriter(std::unique_ptr<WritableFile> file, std::vector<Column> columns,
                             int time_column, SegmentSortKey sort_key)
    : file_(std::move(file)),
      columns_(std::move(columns)),
      time_column_(time_column),
      blocks_(columns_.size()),
      minmax_kind_(columns_.size(), segment::MinMaxKind::kNone),
      sort_key_(std::move(sort_key)) {
  for (size_t c = 0; c < columns_.size(); ++c) {
    TypeId type = columns_[c].type;
    if (HasIntegerMinMax(type) || HasFloatMinMax(type)) {
      minmax_kind_[c] = segment::MinMaxKind::kNumber;
    } else if (HasStringHeap(type)) {
      minmax_kind_[c] = segment::MinMaxKind::kText;
    }
  }
  // Rows grouped by a leading text segment-by column are series: keep each
  // one's newest row.
  if (time_column_ < 0 || sort_key_.segment_by.empty()) return;
  std::vector<TypeId> types;
  int key = -1;
  for (size_t c = 0; c < columns_.size(); ++c) {
    types.push_back(columns_[c].type);
    if (columns_[c].table_column == sort_key_.segment_by[0] && IsString(columns_[c].type)) {
      key = static_cast<int>(c);
    }
  }
  if (key < 0) return;
  summary_key_id_ = sort_key_.segment_by[0];
  summary_ = std::make_unique<SeriesSummaryBuilder>(std::move(types), key, time_column_);
}

Result<SegmentWriter::BlockEntry> SegmentWriter::EncodeBlockEntry(size_t column,
                                                                  const BlockValues& values,
                                                                  bool& has_minmax) {
  size_t header_at = buffer_.size();
  buffer_.resize(header_at + segment::kBlockHeaderSize);
  CodecId codec = EncodeBlock(values, buffer_);
  size_t payload_size = buffer_.size() - header_at - segment::kBlockHeaderSize;
  BlockEntry entry{.offset = offset_ + header_at,
                   .size = static_cast<uint32_t>(segment::kBlockHeaderSize + payload_size),
                   .null_count = static_cast<uint32_t>(values.null_count)};
  has_minmax = false;
  if (minmax_kind_[column] == segment::MinMaxKind::kNumber) {
    ComputeMinMax(values, entry.min, entry.max, has_minmax);
  } else if (minmax_kind_[column] == segment::MinMaxKind::kText) {
    ComputeTextBounds(values, entry.text_min, entry.text_max, entry.has_text_bounds);
  }
  char* h = buffer_.data() + header_at;
  std::memset(h, 0, segment::kBlockHeaderSize);
  h[0] = static_cast<char>(codec);
  uint32_t count = static_cast<uint32_t>(values.count);
  uint32_t payload32 = static_cast<uint32_t>(payload_size);
  uint32_t checksum = Checksum32(h + segment::kBlockHeaderSize, payload_size);
  std::memcpy(h + 4, &count, 4);
  std::memcpy(h + 8, &entry.null_count, 4);
  std::memcpy(h + 12, &payload32, 4);
  std::memcpy(h + 16, &checksum, 4);
  std::memcpy(h + 20, &entry.min, 8);
  std::memcpy(h + 28, &entry.max, 8);
  if (buffer_.size() >= kWriteBufferBytes) {
    RETURN_IF_ERROR(file_->Append(buffer_));
    offset_ += buffer_.size();
    buffer_.clear();
  }
  return entry;
}

Status SegmentWriter::WriteBlock(size_t column, const BlockValues& values) {
  bool has_minmax = false;
  ASSIGN_OR_RETURN(BlockEntry entry, EncodeBlockEntry(column, values, has_minmax));
  if (static_cast<int>(column) == time_column_ && has_minmax) {
    time_min_ = std::min(time_min_, static_cast<int64_t>(entry.min));
    time_max_ = std::max(time_max_, static_cast<int64_t>(entry.max));
  }
  blocks_[column].push_back(std::move(entry));
  return Status::Ok();
}

Status SegmentWriter::WriteSummary() {
  if (!summary_ || !summary_->worthwhile()) return Status::Ok();
  SeriesSummaryBuilder::Columns summary = summary_->Take();
  summary_blocks_.resize(columns_.size());
  for (size_t begin = 0; begin < summary.rows; begin += segment::kMaxBlockRows) {
    size_t count = std::min(summary.rows - begin, segment::kMaxBlockRows);
    for (size_t c = 0; c < columns_.size(); ++c) {
      BlockValues part = summary.blocks[c];
      size_t width = PhysicalSize(part.type);
      part.values = static_cast<const char*>(part.values) + begin * width;
      part.count = count;
      part.null_count = 0;
      if (part.nulls != nullptr) {
        part.nulls += begin;
        for (size_t i = 0; i < count; ++i)
          part.null_count += part.nulls[i];
        if (part.null_count == 0) part.nulls = nullptr;
      }
      bool has_minmax = false;
      ASSIGN_OR_RETURN(BlockEntry entry, EncodeBlockEntry(c, part, has_minmax));
      summary_blocks_[c].push_back(std::move(entry));
    }
    summary_group_rows_.push_back(static_cast<uint32_t>(count));
  }
  return Status::Ok();
}

Status SegmentWriter::AddRowGroup(const std::vector<BlockValues>& blocks, size_t rows) {
  if (blocks.size() != columns_.size()) {
    return Status::Error(ErrorCode::kInternal, "segment row group has the wrong column count");
  }
  if (rows == 0 || rows > segment::kMaxBlockRows) {
    return Status::Error(ErrorCode::kInternal, "segment row group has a bad row count");
  }
  for (size_t c = 0; c < blocks.size(); ++c) {
    if (blocks[c].count != rows || blocks[c].type != columns_[c].type) {
      return Status::Error(ErrorCode::kInternal, "segment row group columns disagree");
    }
    RETURN_IF_ERROR(WriteBlock(c, blocks[c]));
  }
  if (summary_) summary_->Add(blocks, rows);
  row_group_rows_.push_back(static_cast<uint32_t>(rows));
  row_count_ += rows;
  return Status::Ok();
}

Result<uint64_t> SegmentWriter::Finish() {
  RETURN_IF_ERROR(WriteSummary());
  std::string footer;
  PutFixed<uint64_t>(footer, row_count_);
  PutFixed<int32_t>(footer, time_column_);
  PutFixed<int64_t>(footer, time_min_);
  PutFixed<int64_t>(footer, time_max_);
  PutFixed<uint32_t>(footer, static_cast<uint32_t>(row_group_rows_.size()));
  for (uint32_t rows : row_group_rows_)
    PutFixed<uint32_t>(footer, rows);
  PutFixed<uint32_t>(footer, static_cast<uint32_t>(columns_.size()));
  for (size_t c = 0; c < columns_.size(); ++c) {
    PutFixed<uint32_t>(footer, columns_[c].table_column);
    footer.push_back(static_cast<char>(columns_[c].type));
    footer.push_back(static_cast<char>(minmax_kind_[c]));
    for (const BlockEntry& b : blocks_[c])
      PutBlockEntry(footer, minmax_kind_[c], b);
  }
  PutFixed<uint32_t>(footer, static_cast<uint32_t>(sort_key_.segment_by.size()));
  for (uint32_t column_id : sort_key_.segment_by)
    PutFixed<uint32_t>(footer, column_id);
  PutFixed<uint32_t>(footer, static_cast<uint32_t>(sort_key_.order_by.size()));
  for (const OrderColumn& order : sort_key_.order_by) {
    PutFixed<uint32_t>(footer, order.column_id);
    footer.push_back(order.descending ? 1 : 0);
  }
  PutFixed<uint32_t>(footer, summary_key_id_);
  PutFixed<uint32_t>(footer, static_cast<uint32_t>(summary_group_rows_.size()));
  for (uint32_t rows : summary_group_rows_)
    PutFixed<uint32_t>(footer, rows);
  for (size_t c = 0; c < summary_blocks_.size(); ++c) {
    for (const BlockEntry& b : summary_blocks_[c])
      PutBlockEntry(footer, minmax_kind_[c], b);
  }
  uint64_t footer_offset = offset_ + buffer_.size();
  buffer_ += footer;
  PutFixed<uint64_t>(buffer_, footer_offset);
  PutFixed<uint32_t>(buffer_, static_cast<uint32_t>(footer.size()));
  PutFixed<uint32_t>(buffer_, Checksum32(footer.data(), footer.size()));
  PutFixed<uint32_t>(buffer_, segment::kVersion);
  PutFixed<uint32_t>(buffer_, segment::kMagic);
  RETURN_IF_ERROR(file_->Append(buffer_));
  offset_ += buffer_.size();
  buffer_.clear();
  buffer_.shrink_to_fit();
  RETURN_IF_ERROR(file_->Sync());
  return offset_;
}

}  // namespace sundial::ts
