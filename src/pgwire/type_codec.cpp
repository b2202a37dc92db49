#include "pgwire/type_codec.h"

#include <bit>
#include <cstring>

#include "common/datetime.h"
#include "common/value_text.h"

namespace sundial::pgwire {
namespace {

template <typename T>
T ReadBigEndian(std::string_view bytes) {
  std::make_unsigned_t<T> v = 0;
  for (unsigned char c : bytes)
    v = static_cast<std::make_unsigned_t<T>>((v << 8) | c);
  return static_cast<T>(v);
}

template <typename T>
void AppendBigEndian(T value, std::string& out) {
  auto v = static_cast<std::make_unsigned_t<T>>(value);
  for (int shift = (sizeof(T) - 1) * 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

Status WrongLength(DataType type, size_t length) {
  return Status::Error(ErrorCode::kInvalidBinaryRepresentation,
                       "incorrect binary data format: " + std::to_string(length) +
                           " bytes for type " + TypeName(type));
}

Result<Value> DecodeBinary(std::string_view bytes, DataType type) {
  const size_t expected = type.id == TypeId::kInterval ? 16 : PhysicalSize(type.id);
  if (!IsString(type.id) && type.id != TypeId::kUnknown && bytes.size() != expected) {
    return WrongLength(type, bytes.size());
  }
  switch (type.id) {
    case TypeId::kBool:
      if (static_cast<unsigned char>(bytes[0]) > 1) return WrongLength(type, bytes.size());
      return Value::Bool(bytes[0] != 0);
    case TypeId::kInt16:
      return Value::Int(type.id, ReadBigEndian<int16_t>(bytes));
    case TypeId::kInt32:
      return Value::Int(type.id, ReadBigEndian<int32_t>(bytes));
    case TypeId::kInt64:
      return Value::Int(type.id, ReadBigEndian<int64_t>(bytes));
    case TypeId::kFloat32:
      return Value::Float(type.id, std::bit_cast<float>(ReadBigEndian<uint32_t>(bytes)));
    case TypeId::kFloat64:
      return Value::Float(type.id, std::bit_cast<double>(ReadBigEndian<uint64_t>(bytes)));
    case TypeId::kDate:
      return Value::Date(ReadBigEndian<int32_t>(bytes) + kPostgresEpochDays);
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return Value::Int(type.id, ReadBigEndian<int64_t>(bytes) + kPostgresEpochMicros);
    case TypeId::kInterval:
      return Value::OfInterval(Interval{.micros = ReadBigEndian<int64_t>(bytes.substr(0, 8)),
                                        .days = ReadBigEndian<int32_t>(bytes.substr(8, 4)),
                                        .months = ReadBigEndian<int32_t>(bytes.substr(12, 4))});
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
      return Value::Text(std::string(bytes), type);
  }
  return Status::Error(ErrorCode::kInternal, "unknown type");
}

}  // namespace

Result<Value> DecodeParameter(const std::optional<std::string>& bytes, int16_t format,
                              DataType type, const TimeZone& zone) {
  if (!bytes) return Value::Null(type);
  if (format == kBinaryFormat) return DecodeBinary(*bytes, type);
  // varchar(n) parameters are checked like an assignment, by the statement.
  if (type.id == TypeId::kText || type.id == TypeId::kVarchar) return Value::Text(*bytes, type);
  return ParseTextValue(*bytes, type, zone);
}

void EncodeBinary(const ColumnVector& column, size_t row, std::string& out) {
  switch (column.type().id) {
    case TypeId::kBool:
      out.push_back(column.data<uint8_t>()[row] != 0 ? 1 : 0);
      return;
    case TypeId::kInt16:
      return AppendBigEndian(column.data<int16_t>()[row], out);
    case TypeId::kInt32:
      return AppendBigEndian(column.data<int32_t>()[row], out);
    case TypeId::kInt64:
      return AppendBigEndian(column.data<int64_t>()[row], out);
    case TypeId::kFloat32:
      return AppendBigEndian(std::bit_cast<uint32_t>(column.data<float>()[row]), out);
    case TypeId::kFloat64:
      return AppendBigEndian(std::bit_cast<uint64_t>(column.data<double>()[row]), out);
    case TypeId::kDate:
      return AppendBigEndian(column.data<int32_t>()[row] - kPostgresEpochDays, out);
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return AppendBigEndian(column.data<int64_t>()[row] - kPostgresEpochMicros, out);
    case TypeId::kInterval: {
      const Interval& v = column.data<Interval>()[row];
      AppendBigEndian(v.micros, out);
      AppendBigEndian(v.days, out);
      AppendBigEndian(v.months, out);
      return;
    }
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
      out.append(column.data<std::string_view>()[row]);
      return;
  }
}

}  // namespace sundial::pgwire
