#include "catalog/pg_type_registry.h"

#include <algorithm>

namespace sundial::catalog {
namespace {

// OIDs and attributes as in PostgreSQL 15's pg_type.
constexpr PgType kTypes[] = {
    {.oid = 16,
     .name = "bool",
     .id = TypeId::kBool,
     .length = 1,
     .by_value = true,
     .category = 'B',
     .preferred = true,
     .align = 'c'},
    {.oid = 20,
     .name = "int8",
     .id = TypeId::kInt64,
     .length = 8,
     .by_value = true,
     .category = 'N',
     .align = 'd'},
    {.oid = 21,
     .name = "int2",
     .id = TypeId::kInt16,
     .length = 2,
     .by_value = true,
     .category = 'N',
     .align = 's'},
    {.oid = 23,
     .name = "int4",
     .id = TypeId::kInt32,
     .length = 4,
     .by_value = true,
     .category = 'N',
     .align = 'i'},
    {.oid = 25,
     .name = "text",
     .id = TypeId::kText,
     .length = -1,
     .category = 'S',
     .preferred = true,
     .align = 'i'},
    {.oid = 700,
     .name = "float4",
     .id = TypeId::kFloat32,
     .length = 4,
     .by_value = true,
     .category = 'N',
     .align = 'i'},
    {.oid = 701,
     .name = "float8",
     .id = TypeId::kFloat64,
     .length = 8,
     .by_value = true,
     .category = 'N',
     .preferred = true,
     .align = 'd'},
    {.oid = 1043,
     .name = "varchar",
     .id = TypeId::kVarchar,
     .length = -1,
     .category = 'S',
     .align = 'i'},
    {.oid = 1082,
     .name = "date",
     .id = TypeId::kDate,
     .length = 4,
     .by_value = true,
     .category = 'D',
     .align = 'i'},
    {.oid = 1114,
     .name = "timestamp",
     .id = TypeId::kTimestamp,
     .length = 8,
     .by_value = true,
     .category = 'D',
     .align = 'd'},
    {.oid = 1184,
     .name = "timestamptz",
     .id = TypeId::kTimestampTz,
     .length = 8,
     .by_value = true,
     .category = 'D',
     .preferred = true,
     .align = 'd'},
    {.oid = 1186,
     .name = "interval",
     .id = TypeId::kInterval,
     .length = 16,
     .category = 'T',
     .preferred = true,
     .align = 'd'},
};

}  // namespace

std::span<const PgType> PgTypes() {
  return kTypes;
}

const PgType* FindPgType(uint32_t oid) {
  const auto* it = std::find_if(std::begin(kTypes), std::end(kTypes),
                                [oid](const PgType& type) { return type.oid == oid; });
  return it == std::end(kTypes) ? nullptr : it;
}

uint32_t PgTypeOid(DataType type) {
  const TypeId id = type.id == TypeId::kUnknown ? TypeId::kText : type.id;
  const auto* it = std::find_if(std::begin(kTypes), std::end(kTypes),
                                [id](const PgType& entry) { return entry.id == id; });
  return it == std::end(kTypes) ? 0 : it->oid;
}

int32_t PgTypeModifier(DataType type) {
  return type.id == TypeId::kVarchar && type.max_length >= 0 ? type.max_length + 4 : -1;
}

std::string FormatType(uint32_t oid, int32_t typmod) {
  const PgType* type = FindPgType(oid);
  if (type == nullptr) return "???";
  DataType data_type = DataType::Of(type->id);
  if (type->id == TypeId::kVarchar && typmod >= 4) data_type.max_length = typmod - 4;
  return TypeName(data_type);
}

}  // namespace sundial::catalog
