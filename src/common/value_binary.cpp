#include "common/value_binary.h"

#include <bit>

#include "common/array_text.h"
#include "common/datetime.h"
#include "common/json_text.h"
#include "common/numeric.h"
#include "common/pg_type_registry.h"
#include "common/uuid_text.h"
#include "common/value_text.h"

namespace sundial {
namespace {

// array_send: dimensions, a has-NULLs flag, the element type's OID, then
// (length, lower bound 1) per dimension and each element as length + bytes
// (-1 for NULL). An empty array has no dimensions.
void AppendArrayBinary(std::string_view text, DataType type, std::string& out) {
  Result<std::vector<ArrayElement>> elements = SplitArrayText(text);
  // Arrays in vectors are canonical, written by CanonicalArrayText.
  if (!elements.ok()) return;
  bool has_null = false;
  for (const ArrayElement& e : *elements)
    has_null = has_null || !e;
  AppendBigEndian<int32_t>(elements->empty() ? 0 : 1, out);
  AppendBigEndian<int32_t>(has_null ? 1 : 0, out);
  AppendBigEndian<uint32_t>(PgTypeOid(type.ElementType()), out);
  if (elements->empty()) return;
  AppendBigEndian<int32_t>(static_cast<int32_t>(elements->size()), out);
  AppendBigEndian<int32_t>(1, out);
  ColumnVector one(type.ElementType(), 1);
  one.SetSize(1);
  std::string bytes;
  for (const ArrayElement& e : *elements) {
    if (!e) {
      AppendBigEndian<int32_t>(-1, out);
      continue;
    }
    bytes.clear();
    if (ParseTextInto(*e, type.ElementType(), TimeZone::Utc(), one, 0).ok()) {
      AppendBinary(one, 0, bytes);
    }
    AppendBigEndian<int32_t>(static_cast<int32_t>(bytes.size()), out);
    out += bytes;
  }
}

// numeric_send: ndigits, weight, sign, dscale (int16 each), then ndigits
// base-10000 digits aligned at the decimal point, leading and trailing zero
// digits left out.
void AppendNumericBinary(const Numeric& v, std::string& out) {
  constexpr uint16_t kNegative = 0x4000;
  uint16_t sign = 0;
  switch (v.kind) {
    case Numeric::Kind::kNaN:
      sign = 0xC000;
      break;
    case Numeric::Kind::kInfinity:
      sign = 0xD000;
      break;
    case Numeric::Kind::kMinusInfinity:
      sign = 0xF000;
      break;
    case Numeric::Kind::kFinite:
      sign = v.Sign() < 0 ? kNegative : 0;
      break;
  }
  std::string digits = v.finite() ? NumericToString(AbsNumeric(v)) : std::string();
  std::string integer = digits.substr(0, digits.find('.'));
  std::string fraction =
      digits.find('.') == std::string::npos ? "" : digits.substr(digits.find('.') + 1);
  integer.insert(0, (4 - integer.size() % 4) % 4, '0');
  fraction.append((4 - fraction.size() % 4) % 4, '0');
  const std::string all = integer + fraction;
  std::vector<int16_t> groups;
  for (size_t i = 0; i < all.size(); i += 4)
    groups.push_back(static_cast<int16_t>(std::stoi(all.substr(i, 4))));
  int weight = static_cast<int>(integer.size() / 4) - 1;
  size_t first = 0;
  while (first < groups.size() && groups[first] == 0) {
    ++first;
    --weight;
  }
  size_t last = groups.size();
  while (last > first && groups[last - 1] == 0)
    --last;
  if (first == last) weight = 0;
  AppendBigEndian<int16_t>(static_cast<int16_t>(last - first), out);
  AppendBigEndian<int16_t>(static_cast<int16_t>(weight), out);
  AppendBigEndian<uint16_t>(sign, out);
  AppendBigEndian<uint16_t>(static_cast<uint16_t>(v.finite() ? v.scale : 0), out);
  for (size_t i = first; i < last; ++i)
    AppendBigEndian<int16_t>(groups[i], out);
}

Result<Numeric> ReadNumericBinary(std::string_view bytes) {
  auto invalid = [] {
    return Status::Error(ErrorCode::kInvalidBinaryRepresentation, "invalid external numeric value");
  };
  if (bytes.size() < 8) return invalid();
  const int16_t count = ReadBigEndian<int16_t>(bytes.substr(0, 2));
  const int16_t weight = ReadBigEndian<int16_t>(bytes.substr(2, 2));
  const uint16_t sign = ReadBigEndian<uint16_t>(bytes.substr(4, 2));
  const uint16_t scale = ReadBigEndian<uint16_t>(bytes.substr(6, 2));
  if (count < 0 || bytes.size() != 8 + 2 * static_cast<size_t>(count)) return invalid();
  if (sign == 0xC000) return Numeric::Special(Numeric::Kind::kNaN);
  if (sign == 0xD000) return Numeric::Special(Numeric::Kind::kInfinity);
  if (sign == 0xF000) return Numeric::Special(Numeric::Kind::kMinusInfinity);
  if (sign != 0 && sign != 0x4000) return invalid();
  std::string text = sign == 0 ? "" : "-";
  for (int i = 0; i < count; ++i) {
    const int16_t digit = ReadBigEndian<int16_t>(bytes.substr(8 + 2 * i, 2));
    if (digit < 0 || digit > 9999) return invalid();
    const std::string group = std::to_string(digit);
    text += std::string(4 - group.size(), '0') + group;
  }
  if (count == 0) text += "0";
  text += "e" + std::to_string(4 * (weight - count + 1));
  ASSIGN_OR_RETURN(Numeric v, ParseNumeric(text));
  return RoundNumeric(v, scale);
}

Result<std::string> ReadArrayBinary(std::string_view bytes, DataType type) {
  auto invalid = [] {
    return Status::Error(ErrorCode::kInvalidBinaryRepresentation,
                         "invalid binary array: truncated or inconsistent");
  };
  if (bytes.size() < 12) return invalid();
  const int32_t dimensions = ReadBigEndian<int32_t>(bytes.substr(0, 4));
  const uint32_t element_oid = ReadBigEndian<uint32_t>(bytes.substr(8, 4));
  if (dimensions > 1) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "multidimensional arrays are not supported");
  }
  if (dimensions < 0 || element_oid != PgTypeOid(type.ElementType())) {
    return Status::Error(ErrorCode::kInvalidBinaryRepresentation,
                         "binary array has the wrong element type or dimensions");
  }
  size_t at = 12;
  int32_t count = 0;
  if (dimensions == 1) {
    if (bytes.size() < 20) return invalid();
    count = ReadBigEndian<int32_t>(bytes.substr(12, 4));
    at = 20;
  }
  if (count < 0) return invalid();
  std::vector<ArrayElement> elements;
  for (int32_t i = 0; i < count; ++i) {
    if (bytes.size() - at < 4) return invalid();
    const int32_t length = ReadBigEndian<int32_t>(bytes.substr(at, 4));
    at += 4;
    if (length < 0) {
      elements.emplace_back();
      continue;
    }
    if (bytes.size() - at < static_cast<size_t>(length)) return invalid();
    ASSIGN_OR_RETURN(Value value, ReadBinaryValue(bytes.substr(at, length), type.ElementType()));
    at += length;
    elements.emplace_back(FormatValue(value, TimeZone::Utc()));
  }
  if (at != bytes.size()) return invalid();
  return FormatArrayText(elements);
}

// The infinities are the extreme values in both epochs; everything else
// shifts between 1970 (ours) and 2000 (the wire's).
int32_t DateToWire(int32_t days) {
  if (days == kDateInfinity || days == kDateMinusInfinity) return days;
  return days - kPostgresEpochDays;
}
Result<int32_t> DateFromWire(int32_t days) {
  if (days == kDateInfinity || days == kDateMinusInfinity) return days;
  if (days > kDateInfinity - 1 - kPostgresEpochDays) {
    return Status::Error(ErrorCode::kDatetimeFieldOverflow, "date out of range");
  }
  return days + kPostgresEpochDays;
}
int64_t TimestampToWire(int64_t micros) {
  if (micros == kTimestampInfinity || micros == kTimestampMinusInfinity) return micros;
  return micros - kPostgresEpochMicros;
}
Result<int64_t> TimestampFromWire(int64_t micros) {
  if (micros == kTimestampInfinity || micros == kTimestampMinusInfinity) return micros;
  if (micros > kTimestampInfinity - 1 - kPostgresEpochMicros) {
    return Status::Error(ErrorCode::kDatetimeFieldOverflow, "timestamp out of range");
  }
  return micros + kPostgresEpochMicros;
}

// jsonb's binary form is a version byte, then the text.
constexpr char kJsonbBinaryVersion = 1;

Status WrongLength(DataType type, size_t length) {
  return Status::Error(ErrorCode::kInvalidBinaryRepresentation,
                       "incorrect binary data format: " + std::to_string(length) +
                           " bytes for type " + TypeName(type));
}

}  // namespace

void AppendBinary(const ColumnVector& column, size_t row, std::string& out) {
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
      return AppendBigEndian(DateToWire(column.data<int32_t>()[row]), out);
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return AppendBigEndian(TimestampToWire(column.data<int64_t>()[row]), out);
    case TypeId::kTime:
      return AppendBigEndian(column.data<int64_t>()[row], out);
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
    case TypeId::kArray:
      AppendArrayBinary(column.data<std::string_view>()[row], column.type(), out);
      return;
    case TypeId::kNumeric:
      AppendNumericBinary(column.data<Numeric>()[row], out);
      return;
    case TypeId::kUuid:
      out += UuidBytes(column.data<std::string_view>()[row]);
      return;
    case TypeId::kJsonb:
      out.push_back(kJsonbBinaryVersion);
      out.append(column.data<std::string_view>()[row]);
      return;
    case TypeId::kJson:
    case TypeId::kBytea:
      out.append(column.data<std::string_view>()[row]);
      return;
  }
}

Status ReadBinaryInto(std::string_view bytes, DataType type, ColumnVector& out, size_t row) {
  const size_t expected = type.id == TypeId::kInterval ? 16 : PhysicalSize(type.id);
  if (!HasStringHeap(type.id) && type.id != TypeId::kNumeric && bytes.size() != expected) {
    return WrongLength(type, bytes.size());
  }
  switch (type.id) {
    case TypeId::kBool:
      if (static_cast<unsigned char>(bytes[0]) > 1) return WrongLength(type, bytes.size());
      out.data<uint8_t>()[row] = bytes[0] != 0 ? 1 : 0;
      return Status::Ok();
    case TypeId::kInt16:
      out.data<int16_t>()[row] = ReadBigEndian<int16_t>(bytes);
      return Status::Ok();
    case TypeId::kInt32:
      out.data<int32_t>()[row] = ReadBigEndian<int32_t>(bytes);
      return Status::Ok();
    case TypeId::kInt64:
      out.data<int64_t>()[row] = ReadBigEndian<int64_t>(bytes);
      return Status::Ok();
    case TypeId::kFloat32:
      out.data<float>()[row] = std::bit_cast<float>(ReadBigEndian<uint32_t>(bytes));
      return Status::Ok();
    case TypeId::kFloat64:
      out.data<double>()[row] = std::bit_cast<double>(ReadBigEndian<uint64_t>(bytes));
      return Status::Ok();
    case TypeId::kDate: {
      ASSIGN_OR_RETURN(out.data<int32_t>()[row], DateFromWire(ReadBigEndian<int32_t>(bytes)));
      return Status::Ok();
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      ASSIGN_OR_RETURN(out.data<int64_t>()[row], TimestampFromWire(ReadBigEndian<int64_t>(bytes)));
      return Status::Ok();
    }
    case TypeId::kTime: {
      const auto micros = ReadBigEndian<int64_t>(bytes);
      if (micros < 0 || micros > kMicrosPerDay) {
        return Status::Error(ErrorCode::kDatetimeFieldOverflow, "time out of range");
      }
      out.data<int64_t>()[row] = micros;
      return Status::Ok();
    }
    case TypeId::kInterval:
      out.data<Interval>()[row] = Interval{.micros = ReadBigEndian<int64_t>(bytes.substr(0, 8)),
                                           .days = ReadBigEndian<int32_t>(bytes.substr(8, 4)),
                                           .months = ReadBigEndian<int32_t>(bytes.substr(12, 4))};
      return Status::Ok();
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
      out.data<std::string_view>()[row] = out.AddString(bytes);
      return Status::Ok();
    case TypeId::kArray: {
      ASSIGN_OR_RETURN(std::string text, ReadArrayBinary(bytes, type));
      out.data<std::string_view>()[row] = out.AddString(text);
      return Status::Ok();
    }
    case TypeId::kNumeric: {
      ASSIGN_OR_RETURN(Numeric v, ReadNumericBinary(bytes));
      if (type.max_length >= 0) {
        ASSIGN_OR_RETURN(v, ApplyNumericTypmod(v, NumericTypmodPrecision(type.max_length),
                                               NumericTypmodScale(type.max_length)));
      }
      out.data<Numeric>()[row] = v;
      return Status::Ok();
    }
    case TypeId::kUuid:
      if (bytes.size() != 16) return WrongLength(type, bytes.size());
      out.data<std::string_view>()[row] = out.AddString(UuidTextFromBytes(bytes));
      return Status::Ok();
    case TypeId::kJson:
      RETURN_IF_ERROR(CheckJsonText(bytes));
      out.data<std::string_view>()[row] = out.AddString(bytes);
      return Status::Ok();
    case TypeId::kJsonb: {
      if (bytes.empty() || bytes[0] != kJsonbBinaryVersion) {
        return Status::Error(ErrorCode::kInvalidBinaryRepresentation,
                             "unsupported jsonb version number");
      }
      ASSIGN_OR_RETURN(std::string text, NormalizeJsonbText(bytes.substr(1)));
      out.data<std::string_view>()[row] = out.AddString(text);
      return Status::Ok();
    }
    case TypeId::kBytea:
      out.data<std::string_view>()[row] = out.AddString(bytes);
      return Status::Ok();
  }
  return Status::Error(ErrorCode::kInternal, "unknown type");
}

Result<Value> ReadBinaryValue(std::string_view bytes, DataType type) {
  ColumnVector vector(type, 1);
  RETURN_IF_ERROR(ReadBinaryInto(bytes, type, vector, 0));
  return Value::FromVector(vector, 0);
}

}  // namespace sundial
