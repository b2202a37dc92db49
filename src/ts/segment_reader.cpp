#include "ts/segment_reader.h"

#include <atomic>
#include <cstring>

#include "ts/block_cache.h"

#include "ts/coding.h"
#include "ts/segment_format.h"

namespace sundial::ts {

namespace {

Status ReadTextBounds(ByteReader& in, SegmentReader::Block& block) {
  uint8_t present = 0;
  RETURN_IF_ERROR(in.Read(present));
  block.has_text_bounds = present != 0;
  if (!block.has_text_bounds) return Status::Ok();
  for (std::string* bound : {&block.text_min, &block.text_max}) {
    uint8_t length = 0;
    std::string_view bytes;
    RETURN_IF_ERROR(in.Read(length));
    RETURN_IF_ERROR(in.ReadBytes(length, bytes));
    bound->assign(bytes);
  }
  if (block.text_max < block.text_min) return in.Malformed("text bounds out of order");
  return Status::Ok();
}

}  // namespace

Result<std::shared_ptr<const SegmentReader>> SegmentReader::Open(FileSystem& fs,
                                                                 const std::string& path,
                                                                 SegmentMeta meta) {
  ASSIGN_OR_RETURN(auto file, fs.NewRandomAccessFile(path));
  auto reader = std::make_shared<SegmentReader>(std::move(file), meta);
  RETURN_IF_ERROR(reader->ParseFooter());
  return std::shared_ptr<const SegmentReader>(std::move(reader));
}

SegmentReader::SegmentReader(std::unique_ptr<RandomAccessFile> file, SegmentMeta meta)
    : file_(std::move(file)), meta_(meta) {
  static std::atomic<uint64_t> next_id{1};
  cache_id_ = next_id.fetch_add(1, std::memory_order_relaxed);
}

std::shared_ptr<const SegmentReader> SegmentReader::WithMarkers(
    std::shared_ptr<const DeleteMarkers> markers, uint64_t markers_file_number) const {
  auto copy = std::make_shared<SegmentReader>(*this);
  copy->meta_.markers_file_number = markers_file_number;
  copy->meta_.deleted_rows = markers ? markers->count() : 0;
  copy->markers_ = std::move(markers);
  return copy;
}

Status SegmentReader::Corrupt(const std::string& why) const {
  return Status::Error(ErrorCode::kCorruption,
                       "segment file \"" + file_->path() + "\" is corrupt: " + why);
}

Status SegmentReader::ParseFooter() {
  uint64_t size = file_->size();
  if (size < segment::kTrailerSize) return Corrupt("shorter than its trailer");
  char trailer[segment::kTrailerSize];
  RETURN_IF_ERROR(file_->Read(size - segment::kTrailerSize, segment::kTrailerSize, trailer));
  uint64_t footer_offset = LoadFixed<uint64_t>(trailer);
  uint32_t footer_size = LoadFixed<uint32_t>(trailer + 8);
  uint32_t footer_checksum = LoadFixed<uint32_t>(trailer + 12);
  uint32_t version = LoadFixed<uint32_t>(trailer + 16);
  uint32_t magic = LoadFixed<uint32_t>(trailer + 20);
  if (magic != segment::kMagic) return Corrupt("bad magic");
  if (version != segment::kVersion && version != segment::kVersionWithoutSummary &&
      version != segment::kVersionWithoutSortKey)
    return Corrupt("unsupported version " + std::to_string(version));
  if (footer_offset + footer_size != size - segment::kTrailerSize)
    return Corrupt("bad footer position");
  std::string footer(footer_size, '\0');
  RETURN_IF_ERROR(file_->Read(footer_offset, footer_size, footer.data()));
  if (Checksum32(footer.data(), footer.size()) != footer_checksum)
    return Corrupt("footer checksum mismatch");

  ByteReader in(footer, "segment footer");
  uint32_t row_groups = 0;
  uint32_t column_count = 0;
  int64_t time_min = 0;
  int64_t time_max = 0;
  RETURN_IF_ERROR(in.Read(row_count_));
  RETURN_IF_ERROR(in.Read(time_column_));
  RETURN_IF_ERROR(in.Read(time_min));
  RETURN_IF_ERROR(in.Read(time_max));
  RETURN_IF_ERROR(in.Read(row_groups));
  if (row_groups > in.remaining() / 4) return Corrupt("row group count exceeds the footer");
  row_group_rows_.resize(row_groups);
  uint64_t total = 0;
  for (uint32_t& rows : row_group_rows_) {
    RETURN_IF_ERROR(in.Read(rows));
    if (rows > segment::kMaxBlockRows) return Corrupt("row group too large");
    total += rows;
  }
  if (total != row_count_) return Corrupt("row groups do not add up to the row count");
  RETURN_IF_ERROR(in.Read(column_count));
  if (column_count > in.remaining() / 6) return Corrupt("column count exceeds the footer");
  columns_.resize(column_count);
  for (Column& column : columns_) {
    uint8_t type = 0;
    uint8_t minmax = 0;
    RETURN_IF_ERROR(in.Read(column.table_column));
    RETURN_IF_ERROR(in.Read(type));
    RETURN_IF_ERROR(in.Read(minmax));
    if (!IsStoredTypeByte(type)) {
      return Corrupt("unknown column type");
    }
    column.type = static_cast<TypeId>(type);
    if (minmax > static_cast<uint8_t>(segment::MinMaxKind::kText)) {
      return Corrupt("unknown min/max kind");
    }
    auto kind = static_cast<segment::MinMaxKind>(minmax);
    column.minmax_kind = kind;
    column.has_minmax = kind != segment::MinMaxKind::kNone;
    if (size_t{row_groups} * 32 > in.remaining()) return Corrupt("block index is truncated");
    column.blocks.resize(row_groups);
    for (Block& b : column.blocks)
      RETURN_IF_ERROR(ReadBlockEntry(in, kind, footer_offset, b));
  }
  if (time_column_ >= static_cast<int>(column_count)) return Corrupt("bad time column");
  if (version == segment::kVersionWithoutSortKey) return Status::Ok();
  uint32_t segment_by_count = 0;
  RETURN_IF_ERROR(in.Read(segment_by_count));
  if (segment_by_count > in.remaining() / 4) return Corrupt("sort key exceeds the footer");
  sort_key_.segment_by.resize(segment_by_count);
  for (uint32_t& column_id : sort_key_.segment_by)
    RETURN_IF_ERROR(in.Read(column_id));
  uint32_t order_by_count = 0;
  RETURN_IF_ERROR(in.Read(order_by_count));
  if (order_by_count > in.remaining() / 5) return Corrupt("sort key exceeds the footer");
  sort_key_.order_by.resize(order_by_count);
  for (OrderColumn& order : sort_key_.order_by) {
    uint8_t descending = 0;
    RETURN_IF_ERROR(in.Read(order.column_id));
    RETURN_IF_ERROR(in.Read(descending));
    order.descending = descending != 0;
  }
  if (version == segment::kVersionWithoutSummary) return Status::Ok();
  uint32_t summary_groups = 0;
  RETURN_IF_ERROR(in.Read(summary_key_column_));
  RETURN_IF_ERROR(in.Read(summary_groups));
  if (summary_groups > in.remaining() / 4) return Corrupt("summary exceeds the footer");
  summary_group_rows_.resize(summary_groups);
  for (uint32_t& rows : summary_group_rows_) {
    RETURN_IF_ERROR(in.Read(rows));
    if (rows == 0 || rows > segment::kMaxBlockRows) return Corrupt("bad summary row group");
  }
  for (Column& column : columns_) {
    column.summary_blocks.resize(summary_groups);
    for (Block& b : column.summary_blocks)
      RETURN_IF_ERROR(ReadBlockEntry(in, column.minmax_kind, footer_offset, b));
  }
  if (summary_groups > 0 && FindColumn(summary_key_column_) < 0) {
    return Corrupt("summary key is not a column");
  }
  return Status::Ok();
}

Status SegmentReader::ReadBlockEntry(ByteReader& in, segment::MinMaxKind kind, uint64_t data_end,
                                     Block& b) const {
  uint64_t min_bits = 0;
  uint64_t max_bits = 0;
  RETURN_IF_ERROR(in.Read(b.offset));
  RETURN_IF_ERROR(in.Read(b.size));
  RETURN_IF_ERROR(in.Read(b.null_count));
  RETURN_IF_ERROR(in.Read(min_bits));
  RETURN_IF_ERROR(in.Read(max_bits));
  if (b.offset + b.size > data_end || b.size < segment::kBlockHeaderSize) {
    return Corrupt("block outside the data area");
  }
  std::memcpy(&b.min, &min_bits, 8);
  std::memcpy(&b.max, &max_bits, 8);
  std::memcpy(&b.min_float, &min_bits, 8);
  std::memcpy(&b.max_float, &max_bits, 8);
  if (kind == segment::MinMaxKind::kText) {
    Status status = ReadTextBounds(in, b);
    if (!status.ok()) return Corrupt(status.message());
  }
  return Status::Ok();
}

int SegmentReader::FindColumn(uint32_t table_column) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].table_column == table_column) return static_cast<int>(i);
  }
  return -1;
}

Status SegmentReader::ReadBlock(int position, size_t row_group, std::string& scratch,
                                DecodedBlock& out) const {
  return ReadBlockAt(position, columns_[position].blocks[row_group], row_group_rows_[row_group],
                     "row group", row_group, scratch, out);
}

Status SegmentReader::ReadBlockAt(int position, const Block& block, uint32_t rows,
                                  const char* where, size_t index, std::string& scratch,
                                  DecodedBlock& out) const {
  if (scratch.size() < block.size) scratch.resize(block.size);
  RETURN_IF_ERROR(file_->Read(block.offset, block.size, scratch.data()));
  const char* h = scratch.data();
  uint8_t codec_id = static_cast<uint8_t>(h[0]);
  uint32_t count = LoadFixed<uint32_t>(h + 4);
  uint32_t payload_size = LoadFixed<uint32_t>(h + 12);
  uint32_t checksum = LoadFixed<uint32_t>(h + 16);
  if (count != rows) return Corrupt("block value count mismatch");
  if (payload_size != block.size - segment::kBlockHeaderSize) return Corrupt("block size mismatch");
  std::string_view payload(h + segment::kBlockHeaderSize, payload_size);
  if (Checksum32(payload.data(), payload.size()) != checksum)
    return Corrupt("block checksum mismatch");
  const Codec* codec = FindCodec(codec_id);
  if (codec == nullptr || !codec->Supports(columns_[position].type))
    return Corrupt("unknown codec");
  Status status = codec->Decode(columns_[position].type, payload, count, out);
  if (!status.ok()) {
    return Corrupt("block of column " + std::to_string(columns_[position].table_column) + " in " +
                   where + " " + std::to_string(index) + " at offset " +
                   std::to_string(block.offset) + ": " + status.message());
  }
  return Status::Ok();
}

Result<std::shared_ptr<const DecodedBlock>> SegmentReader::ReadCached(
    int position, const Block& block, uint32_t rows, const char* where, size_t index,
    std::string& scratch, BlockReads* reads, bool fill_cache) const {
  BlockCache& cache = BlockCache::Shared();
  BlockCache::Key key{.reader_id = cache_id_, .block_offset = block.offset};
  if (std::shared_ptr<const DecodedBlock> hit = cache.Find(key)) {
    if (reads != nullptr) ++reads->cache_hits;
    return hit;
  }
  auto decoded = std::make_shared<DecodedBlock>();
  decoded->set_keep_codes(true);
  RETURN_IF_ERROR(ReadBlockAt(position, block, rows, where, index, scratch, *decoded));
  if (reads != nullptr) {
    ++reads->cache_misses;
    reads->bytes_read += block.size;
  }
  if (fill_cache) cache.Insert(key, decoded);
  return std::shared_ptr<const DecodedBlock>(std::move(decoded));
}

Result<std::shared_ptr<const DecodedBlock>> SegmentReader::ReadCachedBlock(int position,
                                                                           size_t row_group,
                                                                           std::string& scratch,
                                                                           BlockReads* reads,
                                                                           bool fill_cache) const {
  return ReadCached(position, columns_[position].blocks[row_group], row_group_rows_[row_group],
                    "row group", row_group, scratch, reads, fill_cache);
}

Result<std::shared_ptr<const DecodedBlock>> SegmentReader::ReadCachedSummaryBlock(
    int position, size_t group, std::string& scratch, BlockReads* reads, bool fill_cache) const {
  return ReadCached(position, columns_[position].summary_blocks[group], summary_group_rows_[group],
                    "summary group", group, scratch, reads, fill_cache);
}

}  // namespace sundial::ts
