#include "ts/manifest.h"

#include "ts/coding.h"
#include "ts/file_util.h"
#include "ts/filenames.h"

namespace sundial::ts {

namespace {

// MANIFEST: magic u32 | version u32 | body_size u64 | body | Checksum32(body) u32
constexpr uint32_t kManifestMagic = 0x464d4453;  // "SDMF"
constexpr uint32_t kManifestVersion = 1;

void EncodeSchema(const TableSchema& s, std::string& out) {
  PutFixed<uint32_t>(out, s.table_id);
  PutString(out, s.name);
  PutFixed<uint32_t>(out, static_cast<uint32_t>(s.columns.size()));
  for (const ColumnSchema& c : s.columns) {
    PutString(out, c.name);
    out.push_back(static_cast<char>(c.type.id));
    PutFixed<int32_t>(out, c.type.max_length);
    out.push_back(c.not_null ? 1 : 0);
  }
  PutFixed<int32_t>(out, s.time_column.value_or(-1));
  PutFixed<int64_t>(out, s.partition_interval_micros);
}

Status DecodeSchema(ByteReader& in, TableSchema& s) {
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
    if (type < static_cast<uint8_t>(TypeId::kBool) ||
        type > static_cast<uint8_t>(TypeId::kVarchar)) {
      return in.Malformed("unknown column type");
    }
    c.type.id = static_cast<TypeId>(type);
    c.not_null = not_null != 0;
  }
  int32_t time_column = -1;
  RETURN_IF_ERROR(in.Read(time_column));
  RETURN_IF_ERROR(in.Read(s.partition_interval_micros));
  if (time_column >= static_cast<int32_t>(column_count)) return in.Malformed("bad time column");
  if (time_column >= 0) {
    if (s.partition_interval_micros <= 0) return in.Malformed("bad partition interval");
    s.time_column = time_column;
  }
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
  if (version != kManifestVersion) return outer.Malformed("unsupported version");
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
    RETURN_IF_ERROR(DecodeSchema(in, t.schema));
    uint32_t segment_count = 0;
    RETURN_IF_ERROR(in.Read(segment_count));
    if (segment_count > in.remaining() / 48) return in.Malformed("segment count exceeds the file");
    t.segments.resize(segment_count);
    for (SegmentMeta& m : t.segments) {
      m.table_id = t.schema.table_id;
      RETURN_IF_ERROR(in.Read(m.partition_start));
      RETURN_IF_ERROR(in.Read(m.file_number));
      RETURN_IF_ERROR(in.Read(m.row_count));
      RETURN_IF_ERROR(in.Read(m.file_size));
      RETURN_IF_ERROR(in.Read(m.time_min));
      RETURN_IF_ERROR(in.Read(m.time_max));
    }
  }
  if (in.remaining() != 0) return in.Malformed("trailing bytes");
  return data;
}

Status WriteManifest(const std::string& dir, const ManifestData& data) {
  std::string temp = ManifestTempPath(dir);
  {
    ASSIGN_OR_RETURN(auto file, WritableFile::Create(temp));
    RETURN_IF_ERROR(file->Append(EncodeManifest(data)));
    RETURN_IF_ERROR(file->Sync());
  }
  RETURN_IF_ERROR(RenamePath(temp, ManifestPath(dir)));
  return SyncDirectory(dir);
}

Result<std::optional<ManifestData>> ReadManifest(const std::string& dir) {
  std::string path = ManifestPath(dir);
  if (!PathExists(path)) return std::optional<ManifestData>();
  ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(path));
  auto decoded = DecodeManifest(bytes);
  if (!decoded.ok()) {
    return Status::Error(ErrorCode::kCorruption,
                         "manifest \"" + path + "\" is corrupt: " + decoded.status().message());
  }
  return std::optional<ManifestData>(std::move(decoded).value());
}

}  // namespace sundial::ts
