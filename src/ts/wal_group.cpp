#include "ts/wal_group.h"

#include <span>

#include "ts/coding.h"
#include "ts/table_schema.h"
#include "ts/wal_format.h"

namespace sundial::ts {

namespace {

void EncodeColumn(const ColumnVector& column, size_t rows, std::string& out) {
  TypeId type = column.type().id;
  out.push_back(static_cast<char>(type));
  bool has_nulls = false;
  if (column.MayHaveNulls()) {
    for (size_t r = 0; r < rows && !has_nulls; ++r)
      has_nulls = column.IsNull(r);
  }
  out.push_back(has_nulls ? 1 : 0);
  if (has_nulls) {
    size_t at = out.size();
    out.resize(at + (rows + 7) / 8, '\0');
    for (size_t r = 0; r < rows; ++r) {
      if (!column.IsNull(r)) out[at + r / 8] = static_cast<char>(out[at + r / 8] | (1 << (r % 8)));
    }
  }
  if (HasStringHeap(type)) {
    const std::string_view* values = column.data<std::string_view>();
    for (size_t r = 0; r < rows; ++r) {
      std::string_view v = has_nulls && column.IsNull(r) ? std::string_view() : values[r];
      PutString(out, v);
    }
    return;
  }
  out.append(column.data<char>(), rows * PhysicalSize(type));
}

Status DecodeColumn(ByteReader& in, uint32_t rows, ColumnVector& column) {
  uint8_t raw_type = 0;
  uint8_t has_nulls = 0;
  RETURN_IF_ERROR(in.Read(raw_type));
  RETURN_IF_ERROR(in.Read(has_nulls));
  if (!IsStoredTypeByte(raw_type)) return in.Malformed("unknown column type");
  TypeId type = static_cast<TypeId>(raw_type);
  column = ColumnVector(DataType::Of(type), rows);
  column.SetSize(rows);
  if (has_nulls) {
    std::string_view bitmap;
    RETURN_IF_ERROR(in.ReadBytes((rows + 7) / 8, bitmap));
    for (uint32_t r = 0; r < rows; ++r) {
      if (((static_cast<uint8_t>(bitmap[r / 8]) >> (r % 8)) & 1) == 0) column.SetNull(r, true);
    }
  }
  if (HasStringHeap(type)) {
    std::string_view* values = column.data<std::string_view>();
    for (uint32_t r = 0; r < rows; ++r) {
      std::string_view v;
      RETURN_IF_ERROR(in.ReadString(v));
      values[r] = column.AddString(v);
    }
    return Status::Ok();
  }
  std::string_view bytes;
  RETURN_IF_ERROR(in.ReadBytes(size_t{rows} * PhysicalSize(type), bytes));
  std::memcpy(column.data<char>(), bytes.data(), bytes.size());
  return Status::Ok();
}

void EncodeChunks(std::span<const DataChunk> chunks, std::string& out) {
  PutFixed<uint32_t>(out, static_cast<uint32_t>(chunks.size()));
  for (const DataChunk& chunk : chunks) {
    size_t rows = chunk.size();
    PutFixed<uint32_t>(out, static_cast<uint32_t>(rows));
    PutFixed<uint32_t>(out, static_cast<uint32_t>(chunk.columns.size()));
    for (const ColumnVector& column : chunk.columns)
      EncodeColumn(column, rows, out);
  }
}

// What EncodeChunks wrote.
Status DecodeChunks(ByteReader& in, std::vector<DataChunk>& chunks) {
  uint32_t chunk_count = 0;
  RETURN_IF_ERROR(in.Read(chunk_count));
  // Every chunk takes at least 8 bytes, which bounds a hostile count.
  if (chunk_count > in.remaining() / 8) return in.Malformed("chunk count exceeds the payload");
  chunks.resize(chunk_count);
  for (DataChunk& chunk : chunks) {
    uint32_t rows = 0;
    uint32_t column_count = 0;
    RETURN_IF_ERROR(in.Read(rows));
    RETURN_IF_ERROR(in.Read(column_count));
    if (column_count > wal::kMaxChunkColumns) return in.Malformed("too many columns");
    if (rows > in.remaining() && column_count > 0) return in.Malformed("row count exceeds payload");
    chunk.columns.resize(column_count);
    chunk.row_count_without_columns = rows;
    for (ColumnVector& column : chunk.columns)
      RETURN_IF_ERROR(DecodeColumn(in, rows, column));
  }
  return Status::Ok();
}

}  // namespace

void EncodeWalGroup(const std::vector<TableAppend>& tables, std::string& out) {
  PutFixed<uint32_t>(out, wal::kMultiTableGroup);
  PutFixed<uint32_t>(out, static_cast<uint32_t>(tables.size()));
  for (const TableAppend& table : tables) {
    PutFixed<uint32_t>(out, table.table_id);
    EncodeChunks(table.chunks, out);
  }
}

Result<WalGroup> DecodeWalGroup(std::string_view payload) {
  ByteReader in(payload, "WAL group");
  WalGroup group;
  uint32_t first = 0;
  RETURN_IF_ERROR(in.Read(first));
  if (first == wal::kMultiTableGroup) {
    uint32_t table_count = 0;
    RETURN_IF_ERROR(in.Read(table_count));
    // Every table's part takes at least 8 bytes (its id and chunk count).
    if (table_count > in.remaining() / 8) return in.Malformed("table count exceeds the payload");
    group.tables.resize(table_count);
    for (WalTableRows& table : group.tables) {
      RETURN_IF_ERROR(in.Read(table.table_id));
      RETURN_IF_ERROR(DecodeChunks(in, table.chunks));
    }
  } else {
    // A group written before multi-table groups: `first` is its one table's id.
    group.tables.push_back(WalTableRows{.table_id = first});
    RETURN_IF_ERROR(DecodeChunks(in, group.tables.back().chunks));
  }
  if (in.remaining() != 0) return in.Malformed("trailing bytes");
  return group;
}

void FrameWalGroup(std::string_view payload, std::string& out, size_t max_fragment) {
  size_t offset = 0;
  bool first = true;
  do {
    size_t n = std::min(payload.size() - offset, std::min(max_fragment, wal::kMaxFragmentPayload));
    bool last = offset + n == payload.size();
    wal::RecordType type = first && last ? wal::RecordType::kFull
                           : first       ? wal::RecordType::kFirst
                           : last        ? wal::RecordType::kLast
                                         : wal::RecordType::kMiddle;
    size_t header_at = out.size();
    PutFixed<uint32_t>(out, 0);
    PutFixed<uint32_t>(out, static_cast<uint32_t>(n));
    out.push_back(static_cast<char>(type));
    out.append(payload.data() + offset, n);
    uint32_t checksum =
        Checksum32(out.data() + header_at + wal::kChecksumSize, wal::kHeaderSize - 4 + n);
    std::memcpy(out.data() + header_at, &checksum, sizeof(checksum));
    offset += n;
    first = false;
  } while (offset < payload.size());
}

std::string EncodeFramedWalGroup(const std::vector<TableAppend>& tables) {
  std::string out(wal::kHeaderSize, '\0');
  EncodeWalGroup(tables, out);
  size_t n = out.size() - wal::kHeaderSize;
  if (n > kDefaultMaxFragment) {
    std::string framed;
    framed.reserve(out.size() + (n / kDefaultMaxFragment + 1) * wal::kHeaderSize);
    FrameWalGroup(std::string_view(out).substr(wal::kHeaderSize), framed);
    return framed;
  }
  uint32_t length = static_cast<uint32_t>(n);
  std::memcpy(out.data() + 4, &length, 4);
  out[8] = static_cast<char>(wal::RecordType::kFull);
  uint32_t checksum = Checksum32(out.data() + wal::kChecksumSize, out.size() - wal::kChecksumSize);
  std::memcpy(out.data(), &checksum, 4);
  return out;
}

}  // namespace sundial::ts
