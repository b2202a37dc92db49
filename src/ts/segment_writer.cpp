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

}  // namespace

bool HasIntegerMinMax(TypeId type) {
  return type == TypeId::kBool || IsInteger(type) || type == TypeId::kDate || IsTimestamp(type);
}

bool HasFloatMinMax(TypeId type) {
  return IsFloat(type);
}

Result<std::unique_ptr<SegmentWriter>> SegmentWriter::Create(const std::string& path,
                                                             std::vector<Column> columns,
                                                             int time_column) {
  ASSIGN_OR_RETURN(auto file, WritableFile::Create(path));
  return std::make_unique<SegmentWriter>(std::move(file), std::move(columns), time_column);
}

SegmentWriter::SegmentWriter(std::unique_ptr<WritableFile> file, std::vector<Column> columns,
                             int time_column)
    : file_(std::move(file)),
      columns_(std::move(columns)),
      time_column_(time_column),
      blocks_(columns_.size()),
      has_minmax_(columns_.size()) {
  for (size_t c = 0; c < columns_.size(); ++c) {
    has_minmax_[c] = HasIntegerMinMax(columns_[c].type) || HasFloatMinMax(columns_[c].type);
  }
}

Status SegmentWriter::WriteBlock(size_t column, const BlockValues& values) {
  size_t header_at = buffer_.size();
  buffer_.resize(header_at + segment::kBlockHeaderSize);
  CodecId codec = EncodeBlock(values, buffer_);
  size_t payload_size = buffer_.size() - header_at - segment::kBlockHeaderSize;
  BlockEntry entry{.offset = offset_ + header_at,
                   .size = static_cast<uint32_t>(segment::kBlockHeaderSize + payload_size),
                   .null_count = static_cast<uint32_t>(values.null_count)};
  bool any = false;
  if (has_minmax_[column]) ComputeMinMax(values, entry.min, entry.max, any);
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
  blocks_[column].push_back(entry);
  if (static_cast<int>(column) == time_column_ && any) {
    time_min_ = std::min(time_min_, static_cast<int64_t>(entry.min));
    time_max_ = std::max(time_max_, static_cast<int64_t>(entry.max));
  }
  if (buffer_.size() >= kWriteBufferBytes) {
    RETURN_IF_ERROR(file_->Append(buffer_));
    offset_ += buffer_.size();
    buffer_.clear();
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
  row_group_rows_.push_back(static_cast<uint32_t>(rows));
  row_count_ += rows;
  return Status::Ok();
}

Result<uint64_t> SegmentWriter::Finish() {
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
    footer.push_back(has_minmax_[c] ? 1 : 0);
    for (const BlockEntry& b : blocks_[c]) {
      PutFixed<uint64_t>(footer, b.offset);
      PutFixed<uint32_t>(footer, b.size);
      PutFixed<uint32_t>(footer, b.null_count);
      PutFixed<uint64_t>(footer, b.min);
      PutFixed<uint64_t>(footer, b.max);
    }
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
