#include "common/types.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "common/numeric.h"

namespace sundial {

size_t PhysicalSize(TypeId id) {
  switch (id) {
    case TypeId::kBool:
      return 1;
    case TypeId::kInt16:
      return 2;
    case TypeId::kInt32:
    case TypeId::kDate:
    case TypeId::kFloat32:
      return 4;
    case TypeId::kInt64:
    case TypeId::kFloat64:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
      return 8;
    case TypeId::kInterval:
      return sizeof(Interval);
    case TypeId::kNumeric:
      return sizeof(Numeric);
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
    case TypeId::kArray:
    case TypeId::kUuid:
    case TypeId::kJson:
    case TypeId::kJsonb:
    case TypeId::kBytea:
      return sizeof(std::string_view);
  }
  return 8;
}

bool IsInteger(TypeId id) {
  return id == TypeId::kInt16 || id == TypeId::kInt32 || id == TypeId::kInt64;
}

bool IsFloat(TypeId id) {
  return id == TypeId::kFloat32 || id == TypeId::kFloat64;
}

// Time types are left out: their text form depends on the session's zone
// and DateStyle, and an array keeps its elements as text.
bool IsArrayElementType(TypeId id) {
  return id == TypeId::kBool || IsInteger(id) || IsFloat(id) || IsString(id) ||
         id == TypeId::kNumeric;
}

std::string TypeName(DataType type) {
  switch (type.id) {
    case TypeId::kUnknown:
      return "unknown";
    case TypeId::kBool:
      return "boolean";
    case TypeId::kInt16:
      return "smallint";
    case TypeId::kInt32:
      return "integer";
    case TypeId::kInt64:
      return "bigint";
    case TypeId::kFloat32:
      return "real";
    case TypeId::kFloat64:
      return "double precision";
    case TypeId::kDate:
      return "date";
    case TypeId::kTimestamp:
      return "timestamp without time zone";
    case TypeId::kTimestampTz:
      return "timestamp with time zone";
    case TypeId::kInterval:
      return "interval";
    case TypeId::kText:
      return "text";
    case TypeId::kVarchar:
      return type.max_length >= 0 ? "character varying(" + std::to_string(type.max_length) + ")"
                                  : "character varying";
    case TypeId::kArray:
      return TypeName(type.ElementType()) + "[]";
    case TypeId::kNumeric:
      if (type.max_length < 0) return "numeric";
      return "numeric(" + std::to_string(NumericTypmodPrecision(type.max_length)) + "," +
             std::to_string(NumericTypmodScale(type.max_length)) + ")";
    case TypeId::kUuid:
      return "uuid";
    case TypeId::kJson:
      return "json";
    case TypeId::kJsonb:
      return "jsonb";
    case TypeId::kBytea:
      return "bytea";
    case TypeId::kTime:
      return "time without time zone";
  }
  return "unknown";
}

DataType TypeFromName(std::string_view raw_name, int32_t max_length) {
  std::string name;
  bool space = false;
  for (char c : raw_name) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !name.empty();
      continue;
    }
    if (space) name.push_back(' ');
    space = false;
    name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (name.starts_with("pg_catalog.")) name.erase(0, 11);
  const bool bracketed = name.ends_with("[]");
  const bool underscored = !bracketed && name.starts_with('_');
  if (bracketed || underscored) {
    std::string element = bracketed ? name.substr(0, name.size() - 2) : name.substr(1);
    DataType type = TypeFromName(element);
    if (!IsArrayElementType(type.id)) return DataType::Of(TypeId::kUnknown);
    return DataType::ArrayOf(type.id);
  }

  struct Alias {
    std::string_view name;
    TypeId id;
  };
  static constexpr Alias kAliases[] = {
      {"bool", TypeId::kBool},
      {"boolean", TypeId::kBool},
      {"int2", TypeId::kInt16},
      {"smallint", TypeId::kInt16},
      {"int4", TypeId::kInt32},
      {"int", TypeId::kInt32},
      {"integer", TypeId::kInt32},
      {"int8", TypeId::kInt64},
      {"bigint", TypeId::kInt64},
      {"float4", TypeId::kFloat32},
      {"real", TypeId::kFloat32},
      {"float8", TypeId::kFloat64},
      {"float", TypeId::kFloat64},
      {"double precision", TypeId::kFloat64},
      {"date", TypeId::kDate},
      {"timestamp", TypeId::kTimestamp},
      {"timestamp without time zone", TypeId::kTimestamp},
      {"timestamptz", TypeId::kTimestampTz},
      {"timestamp with time zone", TypeId::kTimestampTz},
      {"interval", TypeId::kInterval},
      {"text", TypeId::kText},
      {"varchar", TypeId::kVarchar},
      {"character varying", TypeId::kVarchar},
      {"numeric", TypeId::kNumeric},
      {"decimal", TypeId::kNumeric},
      {"uuid", TypeId::kUuid},
      {"json", TypeId::kJson},
      {"jsonb", TypeId::kJsonb},
      {"bytea", TypeId::kBytea},
      {"time", TypeId::kTime},
      {"time without time zone", TypeId::kTime},
  };
  for (const Alias& alias : kAliases) {
    if (alias.name == name) {
      DataType type = DataType::Of(alias.id);
      if (alias.id == TypeId::kVarchar) type.max_length = max_length;
      return type;
    }
  }
  return DataType::Of(TypeId::kUnknown);
}

}  // namespace sundial
