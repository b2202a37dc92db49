#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sundial {

// Logical SQL types. The physical representation of each is fixed here and
// shared by storage, execution and the wire:
//   kBool                    uint8_t (0/1)
//   kInt16/kInt32/kInt64     int16_t/int32_t/int64_t
//   kFloat32/kFloat64        float/double
//   kDate                    int32_t days since 1970-01-01
//   kTimestamp               int64_t microseconds since 1970-01-01 00:00 (wall clock, no zone)
//   kTimestampTz             int64_t microseconds since 1970-01-01 00:00 UTC
//   kInterval                Interval {micros, days, months}
//   kText/kVarchar           std::string_view into a StringHeap the vector owns
//   kArray                   std::string_view into the StringHeap: the array's
//                            canonical text form ('{1,2,NULL}', as PostgreSQL
//                            prints it), so equal arrays have equal bytes
//   kNumeric                 Numeric (numeric.h): a 128-bit unscaled integer
//                            and its display scale
//   kUuid                    std::string_view: the canonical text form
//                            (lowercase, 8-4-4-4-12), so byte order is uuid order
//   kJson                    std::string_view: the input text, checked to be JSON
//   kJsonb                   std::string_view: the normalized text jsonb prints
//                            (sorted unique keys), so equal values have equal bytes
//   kBytea                   std::string_view: the raw bytes
//   kTime                    int64_t microseconds since midnight, 0 to 24:00:00
// kUnknown is the type of an untyped NULL or string literal before the
// binder resolves it (PostgreSQL's "unknown").
enum class TypeId : uint8_t {
  kUnknown,
  kBool,
  kInt16,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kDate,
  kTimestamp,
  kTimestampTz,
  kInterval,
  kText,
  kVarchar,
  kArray,
  kNumeric,
  kUuid,
  kJson,
  kJsonb,
  kBytea,
  kTime,
};

// A type with its modifier: varchar(n) has max_length n; -1 means none;
// numeric(p, s) keeps (p << 16) | s there (NumericTypmod in numeric.h). An
// array's element type is `element` (one-dimensional arrays of scalars only).
struct DataType {
  TypeId id = TypeId::kUnknown;
  int32_t max_length = -1;
  TypeId element = TypeId::kUnknown;

  friend bool operator==(const DataType&, const DataType&) = default;

  static DataType Of(TypeId id) { return DataType{.id = id}; }
  static DataType Varchar(int32_t max_length) {
    return DataType{.id = TypeId::kVarchar, .max_length = max_length};
  }
  static DataType ArrayOf(TypeId element) {
    return DataType{.id = TypeId::kArray, .element = element};
  }
  static DataType NumericOf(int precision, int scale) {
    return DataType{.id = TypeId::kNumeric, .max_length = (precision << 16) | scale};
  }
  DataType ElementType() const { return DataType::Of(element); }
};

struct Interval {
  int64_t micros = 0;
  int32_t days = 0;
  int32_t months = 0;

  friend bool operator==(const Interval&, const Interval&) = default;
};

// Bytes one value occupies in a ColumnVector's data buffer.
size_t PhysicalSize(TypeId id);

bool IsInteger(TypeId id);
bool IsFloat(TypeId id);
inline bool IsNumeric(TypeId id) {
  return IsInteger(id) || IsFloat(id);
}
inline bool IsString(TypeId id) {
  return id == TypeId::kText || id == TypeId::kVarchar;
}
// Types whose values are string_views into the vector's StringHeap.
inline bool HasStringHeap(TypeId id) {
  return IsString(id) || id == TypeId::kUnknown || id == TypeId::kArray || id == TypeId::kUuid ||
         id == TypeId::kJson || id == TypeId::kJsonb || id == TypeId::kBytea;
}
// Element types an array may have.
bool IsArrayElementType(TypeId id);
inline bool IsTimestamp(TypeId id) {
  return id == TypeId::kTimestamp || id == TypeId::kTimestampTz;
}

// PostgreSQL's spelling as format_type() prints it: "timestamp with time zone",
// "character varying(32)", "double precision", ...
std::string TypeName(DataType type);

// Parses a SQL type name as written in DDL or a cast ("int8", "bigint",
// "timestamptz", "timestamp with time zone", "varchar", "double precision",
// ...). max_length is taken from varchar(n). "x[]" and PostgreSQL's internal
// array names ("_int4") give arrays. Returns kUnknown when the name is not a
// supported type.
DataType TypeFromName(std::string_view name, int32_t max_length = -1);

}  // namespace sundial
