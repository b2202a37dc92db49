#include "ts/manifest.h"

#include "ts/coding.h"
#include "ts/file_system.h"
#include "ts/filenames.h"

namespace sundial::ts {

namespace {

// MANIFEST: magic u32 | version u32 | body_size u64 | body | Checksum32(body) u32
constexpr uint32_t kManifestMagic = 0x464d4453;  // "SDMF"
// Version 2 added column ids, missing values and next_column_id; a version 1
// manifest's columns take their positions as ids (what its segments used).
// Version 3 added each table's segment order (segment_by, order_by); older
// versions read as unset segment_by and empty order_by.
// Version 4 added each segment's delete marker file number and marked row
// count; older versions read as segments without markers.
constexpr uint32_t kManifestVersion = 4;
constexpr uint32_t kManifestVersionWithoutMarkers = 3;
constexpr uint32_t kManifestVersionWithoutSegmentOrder = 2;
constexpr uint32_t kManifestVersionWithoutColumnIds = 1;

// A column's missing value: a tag byte, then the payload by physical kind.
// NULL is stored as kNone: both read as NULL.
enum class MissingTag : uint8_t {
  kNone = 0,
  kBool = 1,
  kInt = 2,
  kFloat = 3,
  kText = 4,
  kInterval = 5,
  kNumeric = 6
};

void EncodeMissingValue(const std::optional<Value>& value, std::string& out) {
  if (!value || value->is_null()) {
    out.push_back(static_cast<char>(MissingTag::kNone));
    return;
  }
  TypeId id = value->type().id;
  if (id == TypeId::kBool) {
    out.push_back(static_cast<char>(MissingTag::kBool));
    out.push_back(value->bool_value() ? 1 : 0);
  } else if (IsFloat(id)) {
    out.push_back(static_cast<char>(MissingTag::kFloat));
    PutFixed<double>(out, value->float_value());
  } else if (IsString(id)) {
    out.push_back(static_cast<char>(MissingTag::kText));
    PutString(out, value->text_value());
  } else if (id == TypeId::kInterval) {
    out.push_back(static_cast<char>(MissingTag::kInterval));
    Interval v = value->interval_value();
    PutFixed<int32_t>(out, v.months);
    PutFixed<int32_t>(out, v.days);
    PutFixed<int64_t>(out, v.micros);
  } else if (id == TypeId::kNumeric) {
    out.push_back(static_cast<char>(MissingTag::kNumeric));
    Numeric v = value->numeric_value();
    PutFixed<uint64_t>(out, v.low);
    PutFixed<int64_t>(out, v.high);
    PutFixed<int32_t>(out, v.scale);
    out.push_back(static_cast<char>(v.kind));
  } else {
    out.push_back(static_cast<char>(MissingTag::kInt));
    PutFixed<int64_t>(out, value->int_value());
  }
}

Status DecodeMissingValue(ByteReader& in, DataType type, std::optional<Value>& value) {
  uint8_t tag = 0;
  RETURN_IF_ERROR(in.Read(tag));
  switch (static_cast<MissingTag>(tag)) {
    case MissingTag::kNone:
      value.reset();
      return Status::Ok();
    case MissingTag::kBool: {
      uint8_t b = 0;
      RETURN_IF_ERROR(in.Read(b));
      value = Value::Bool(b != 0);
      return Status::Ok();
    }
    case MissingTag::kInt: {
      int64_t v = 0;
      RETURN_IF_ERROR(in.Read(v));
      value = Value::Int(type.id, v);
      return Status::Ok();
    }
    case MissingTag::kFloat: {
      double v = 0;
      RETURN_IF_ERROR(in.Read(v));
      value = Value::Float(type.id, v);
      return Status::Ok();
    }
    case MissingTag::kText: {
      std::string v;
      RETURN_IF_ERROR(in.ReadString(v));
      value = Value::Text(std::move(v), type);
      return Status::Ok();
    }
    case MissingTag::kInterval: {
      Interval v;
      RETURN_IF_ERROR(in.Read(v.months));
      RETURN_IF_ERROR(in.Read(v.days));
      RETURN_IF_ERROR(in.Read(v.micros));
      value = Value::OfInterval(v);
      return Status::Ok();
    }
    case MissingTag::kNumeric: {
      Numeric v;
      uint8_t kind = 0;
      RETURN_IF_ERROR(in.Read(v.low));
      RETURN_IF_ERROR(in.Read(v.high));
      RETURN_IF_ERROR(in.Read(v.scale));
      RETURN_IF_ERROR(in.Read(kind));
      if (kind > static_cast<uint8_t>(Numeric::Kind::kMinusInfinity) || v.scale < 0 ||
          v.scale > Numeric::kMaxScale) {
        return in.Malformed("bad numeric missing value");
      }
      v.kind = static_cast<Numeric::Kind>(kind);
      value = Value::OfNumeric(v, type);
      return Status::Ok();
    }
  }
  return in.Malformed("unknown missing value tag");
}

void EncodeSchema(const TableSchema& s, std::string& out) {
  PutFixed<uint32_t>(out, s.table_id);
  PutString(out, s.name);
  PutFixed<uint32_t>(out, static_cast<uint32_t>(s.columns.size()));
  for (const ColumnSchema& c : s.columns) {
    PutString(out, c.name);
    out.push_back(static_cast<char>(c.type.id));
    PutFixed<int32_t>(out, c.type.max_length);
    out.push_back(c.not_null ? 1 : 0);
    PutFixed<uint32_t>(out, c.column_id);
    EncodeMissingValue(c.missing_value, out);
  }
  PutFixed<int32_t>(out, s.time_column.value_or(-1));
  PutFixed<int64_t>(out, s.partition_interval_micros);
  PutFixed<uint32_t>(out, s.next_column_id);
  // segment_by: 0 unset, else 1 and the ids; order_by: ids with a DESC flag.
  out.push_back(s.segment_by ? 1 : 0);
  if (s.segment_by) {
    PutFixed<uint32_t>(out, static_cast<uint32_t>(s.segment_by->size()));
    for (uint32_t id : *s.segment_by)
      PutFixed<uint32_t>(out, id);
  }
  PutFixed<uint32_t>(out, static_cast<uint32_t>(s.order_by.size()));
  for (const OrderColumn& c : s.order_by) {
    PutFixed<uint32_t>(out, c.column_id);
    out.push_back(c.descending ? 1 : 0);
  }
}

Status DecodeSegmentOrder(ByteReader& in, TableSchema& s) {
  uint8_t has_segment_by = 0;
  RETURN_IF_ERROR(in.Read(has_segment_by));
  if (has_segment_by > 1) return in.Malformed("bad segment_by flag");
  if (has_segment_by == 1) {
    uint32_t count = 0;
    RETURN_IF_ERROR(in.Read(count));
    if (count > in.remaining() / 4) return in.Malformed("segment_by count exceeds the file");
    s.segment_by.emplace(count);
    for (uint32_t& id : *s.segment_by)
      RETURN_IF_ERROR(in.Read(id));
  }
  uint32_t count = 0;
  RETURN_IF_ERROR(in.Read(count));
  if (count > in.remaining() / 5) return in.Malformed("order_by count exceeds the file");
  s.order_by.resize(count);
  for (OrderColumn& c : s.order_by) {
    uint8_t descending = 0;
    RETURN_IF_ERROR(in.Read(c.column_id));
    RETURN_IF_ERROR(in.Read(descending));
    if (descending > 1) return in.Malformed("bad order_by direction");
    c.descending = descending == 1;
  }
  // Only what reading needs: every id names a column. The rules of
  // CheckSegmentOrder are the writers' to keep.
  for (uint32_t id : s.segment_by.value_or(std::vector<uint32_t>{})) {
    if (s.FindColumnById(id) < 0) return in.Malformed("segment_by names no column");
  }
  for (const OrderColumn& c : s.order_by) {
    if (s.FindColumnById(c.column_id) < 0) return in.Malformed("order_by names no column");
  }
  return Status::Ok();
}

Status DecodeSchema(ByteReader& in, uint32_t version, TableSchema& s) {
  uint32_t column_count = 0;
  RETURN_IF_ERROR(in.Read(s.table_id));
  RETURN_IF_ERROR(in.ReadString(s.name));
  RETURN_IF_ERROR(in.Read(column_count));
  if (column_count > in.remaining() / 10) return in.Malformed("column count exceeds the file");
  s.columns.resize(column_count);
  for (ColumnSchema& c : s.columns) {
    uint8_t type = 0;
    uint8_t not_null = 0;
    RETURN_IF_ERROR(in.ReadString(c.name));
    RETURN_IF_ERROR(in.Read(type));
    RETURN_IF_ERROR(in.Read(c.type.max_length));
    RETURN_IF_ERROR(in.Read(not_null));
    if (!IsStoredTypeByte(type)) {
      return in.Malformed("unknown column type");
    }
    c.type.id = static_cast<TypeId>(type);
    c.not_null = not_null != 0;
    if (version == kManifestVersionWithoutColumnIds) {
      c.column_id = static_cast<uint32_t>(&c - s.columns.data());
    } else {
      RETURN_IF_ERROR(in.Read(c.column_id));
      RETURN_IF_ERROR(DecodeMissingValue(in, c.type, c.missing_value));
    }
  }
  int32_t time_column = -1;
  RETURN_IF_ERROR(in.Read(time_column));
  RETURN_IF_ERROR(in.Read(s.partition_interval_micros));
  if (version == kManifestVersionWithoutColumnIds) {
    s.next_column_id = column_count;
  } else {
    RETURN_IF_ERROR(in.Read(s.next_column_id));
  }
  for (const ColumnSchema& c : s.columns) {
    if (c.column_id >= s.next_column_id) return in.Malformed("column id not below next_column_id");
  }
  if (time_column >= static_cast<int32_t>(column_count)) return in.Malformed("bad time column");
  if (time_column >= 0) {
    if (s.partition_interval_micros <= 0) return in.Malformed("bad partition interval");
    s.time_column = time_column;
  }
  if (version > kManifestVersionWithoutSegmentOrder) return DecodeSegmentOrder(in, s);
  return Status::Ok();
}

}  // namespace

std::string EncodeManifest(const ManifestData& data) {
  std::string body;
  PutFixed<uint32_t>(body, data.next_table_id);
  PutFixed<uint64_t>(body, data.next_file_number);
  PutFixed<uint64_t>(body, data.wal_start);
  PutFixed<uint32_t>(body, static_cast<uint32_t>(data.tables.size()));
  for (const ManifestData::Table& t : data.tables) {
    EncodeSchema(t.schema, body);
    PutFixed<uint32_t>(body, static_cast<uint32_t>(t.segments.size()));
    for (const SegmentMeta& m : t.segments) {
      PutFixed<int64_t>(body, m.partition_start);
      PutFixed<uint64_t>(body, m.file_number);
      PutFixed<uint64_t>(body, m.row_count);
      PutFixed<uint64_t>(body, m.file_size);
      PutFixed<int64_t>(body, m.time_min);
      PutFixed<int64_t>(body, m.time_max);
      PutFixed<uint64_t>(body, m.markers_file_number);
      PutFixed<uint64_t>(body, m.deleted_rows);
    }
  }
  std::string out;
  PutFixed<uint32_t>(out, kManifestMagic);
  PutFixed<uint32_t>(out, kManifestVersion);
  PutFixed<uint64_t>(out, body.size());
  out += body;
  PutFixed<uint32_t>(out, Checksum32(body.data(), body.size()));
  return out;
}

Result<ManifestData> DecodeManifest(std::string_view bytes) {
  ByteReader outer(bytes, "MANIFEST");
  uint32_t magic = 0;
  uint32_t version = 0;
  uint64_t body_size = 0;
  RETURN_IF_ERROR(outer.Read(magic));
  RETURN_IF_ERROR(outer.Read(version));
  RETURN_IF_ERROR(outer.Read(body_size));
  if (magic != kManifestMagic) return outer.Malformed("bad magic");
  if (version < kManifestVersionWithoutColumnIds || version > kManifestVersion) {
    return outer.Malformed("unsupported version");
  }
  std::string_view body;
  uint32_t checksum = 0;
  RETURN_IF_ERROR(outer.ReadBytes(body_size, body));
  RETURN_IF_ERROR(outer.Read(checksum));
  if (Checksum32(body.data(), body.size()) != checksum) return outer.Malformed("checksum mismatch");

  ByteReader in(body, "MANIFEST");
  ManifestData data;
  uint32_t table_count = 0;
  RETURN_IF_ERROR(in.Read(data.next_table_id));
  RETURN_IF_ERROR(in.Read(data.next_file_number));
  RETURN_IF_ERROR(in.Read(data.wal_start));
  RETURN_IF_ERROR(in.Read(table_count));
  if (table_count > in.remaining() / 16) return in.Malformed("table count exceeds the file");
  data.tables.resize(table_count);
  for (ManifestData::Table& t : data.tables) {
    RETURN_IF_ERROR(DecodeSchema(in, version, t.schema));
    uint32_t segment_count = 0;
    RETURN_IF_ERROR(in.Read(segment_count));
    const size_t segment_size = version > kManifestVersionWithoutMarkers ? 64 : 48;
    if (segment_count > in.remaining() / segment_size) {
      return in.Malformed("segment count exceeds the file");
    }
    t.segments.resize(segment_count);
    for (SegmentMeta& m : t.segments) {
      m.table_id = t.schema.table_id;
      RETURN_IF_ERROR(in.Read(m.partition_start));
      RETURN_IF_ERROR(in.Read(m.file_number));
      RETURN_IF_ERROR(in.Read(m.row_count));
      RETURN_IF_ERROR(in.Read(m.file_size));
      RETURN_IF_ERROR(in.Read(m.time_min));
      RETURN_IF_ERROR(in.Read(m.time_max));
      if (version > kManifestVersionWithoutMarkers) {
        RETURN_IF_ERROR(in.Read(m.markers_file_number));
        RETURN_IF_ERROR(in.Read(m.deleted_rows));
        if (m.deleted_rows > m.row_count) return in.Malformed("more rows deleted than stored");
        if ((m.markers_file_number == 0) != (m.deleted_rows == 0)) {
          return in.Malformed("delete markers without a marker file");
        }
      }
    }
  }
  if (in.remaining() != 0) return in.Malformed("trailing bytes");
  return data;
}

Status WriteManifest(FileSystem& fs, const std::string& dir, const ManifestData& data,
                     bool* renamed) {
  std::string temp = ManifestTempPath(dir);
  Status written = [&]() -> Status {
    ASSIGN_OR_RETURN(auto file, fs.NewWritableFile(temp));
    RETURN_IF_ERROR(file->Append(EncodeManifest(data)));
    return file->Sync();
  }();
  if (!written.ok()) {
    // Frees the space at once when the disk is full; Open deletes it anyway.
    fs.RemoveFile(temp).IgnoreError();
    return written;
  }
  RETURN_IF_ERROR(fs.RenameFile(temp, ManifestPath(dir)));
  if (renamed != nullptr) *renamed = true;
  return fs.SyncDirectory(dir);
}

Result<std::optional<ManifestData>> ReadManifest(FileSystem& fs, const std::string& dir) {
  std::string path = ManifestPath(dir);
  if (!fs.PathExists(path)) return std::optional<ManifestData>();
  ASSIGN_OR_RETURN(std::string bytes, fs.ReadWholeFile(path));
  auto decoded = DecodeManifest(bytes);
  if (!decoded.ok()) {
    return Status::Error(ErrorCode::kCorruption,
                         "manifest \"" + path + "\" is corrupt: " + decoded.status().message());
  }
  return std::optional<ManifestData>(std::move(decoded).value());
}

}  // namespace sundial::ts
