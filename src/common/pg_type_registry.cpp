#include "common/pg_type_registry.h"

#include <algorithm>

namespace sundial {
namespace {

// OIDs and attributes as in PostgreSQL 15's pg_type.
constexpr PgType kTypes[] = {
    {.oid = 16,
     .name = "bool",
     .id = TypeId::kBool,
     .array_oid = 1000,
     .length = 1,
     .by_value = true,
     .category = 'B',
     .preferred = true,
     .align = 'c'},
    {.oid = 17, .name = "bytea", .id = TypeId::kBytea, .length = -1, .category = 'U', .align = 'i'},
    {.oid = 20,
     .name = "int8",
     .id = TypeId::kInt64,
     .array_oid = 1016,
     .length = 8,
     .by_value = true,
     .category = 'N',
     .align = 'd'},
    {.oid = 21,
     .name = "int2",
     .id = TypeId::kInt16,
     .array_oid = 1005,
     .length = 2,
     .by_value = true,
     .category = 'N',
     .align = 's'},
    {.oid = 23,
     .name = "int4",
     .id = TypeId::kInt32,
     .array_oid = 1007,
     .length = 4,
     .by_value = true,
     .category = 'N',
     .align = 'i'},
    {.oid = 25,
     .name = "text",
     .id = TypeId::kText,
     .array_oid = 1009,
     .length = -1,
     .category = 'S',
     .preferred = true,
     .align = 'i'},
    {.oid = 114, .name = "json", .id = TypeId::kJson, .length = -1, .category = 'U', .align = 'i'},
    {.oid = 700,
     .name = "float4",
     .id = TypeId::kFloat32,
     .array_oid = 1021,
     .length = 4,
     .by_value = true,
     .category = 'N',
     .align = 'i'},
    {.oid = 701,
     .name = "float8",
     .id = TypeId::kFloat64,
     .array_oid = 1022,
     .length = 8,
     .by_value = true,
     .category = 'N',
     .preferred = true,
     .align = 'd'},
    {.oid = 1000,
     .name = "_bool",
     .id = TypeId::kArray,
     .element = TypeId::kBool,
     .element_oid = 16,
     .length = -1,
     .category = 'A',
     .align = 'i'},
    {.oid = 1005,
     .name = "_int2",
     .id = TypeId::kArray,
     .element = TypeId::kInt16,
     .element_oid = 21,
     .length = -1,
     .category = 'A',
     .align = 'i'},
    {.oid = 1007,
     .name = "_int4",
     .id = TypeId::kArray,
     .element = TypeId::kInt32,
     .element_oid = 23,
     .length = -1,
     .category = 'A',
     .align = 'i'},
    {.oid = 1009,
     .name = "_text",
     .id = TypeId::kArray,
     .element = TypeId::kText,
     .element_oid = 25,
     .length = -1,
     .category = 'A',
     .align = 'i'},
    {.oid = 1015,
     .name = "_varchar",
     .id = TypeId::kArray,
     .element = TypeId::kVarchar,
     .element_oid = 1043,
     .length = -1,
     .category = 'A',
     .align = 'i'},
    {.oid = 1016,
     .name = "_int8",
     .id = TypeId::kArray,
     .element = TypeId::kInt64,
     .element_oid = 20,
     .length = -1,
     .category = 'A',
     .align = 'd'},
    {.oid = 1021,
     .name = "_float4",
     .id = TypeId::kArray,
     .element = TypeId::kFloat32,
     .element_oid = 700,
     .length = -1,
     .category = 'A',
     .align = 'i'},
    {.oid = 1022,
     .name = "_float8",
     .id = TypeId::kArray,
     .element = TypeId::kFloat64,
     .element_oid = 701,
     .length = -1,
     .category = 'A',
     .align = 'd'},
    {.oid = 1043,
     .name = "varchar",
     .id = TypeId::kVarchar,
     .array_oid = 1015,
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
    {.oid = 1083,
     .name = "time",
     .id = TypeId::kTime,
     .length = 8,
     .by_value = true,
     .category = 'D',
     .align = 'd'},
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
    {.oid = 1231,
     .name = "_numeric",
     .id = TypeId::kArray,
     .element = TypeId::kNumeric,
     .element_oid = 1700,
     .length = -1,
     .category = 'A',
     .align = 'i'},
    {.oid = 1700,
     .name = "numeric",
     .id = TypeId::kNumeric,
     .array_oid = 1231,
     .length = -1,
     .category = 'N',
     .align = 'i'},
    {.oid = 2950, .name = "uuid", .id = TypeId::kUuid, .length = 16, .category = 'U', .align = 'c'},
    {.oid = 3802,
     .name = "jsonb",
     .id = TypeId::kJsonb,
     .length = -1,
     .category = 'U',
     .align = 'i'},
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

const PgType* PgTypeEntry(DataType type) {
  const TypeId id = type.id == TypeId::kUnknown ? TypeId::kText : type.id;
  const auto* it = std::find_if(std::begin(kTypes), std::end(kTypes), [&](const PgType& entry) {
    return entry.id == id && (id != TypeId::kArray || entry.element == type.element);
  });
  return it == std::end(kTypes) ? nullptr : it;
}

uint32_t PgTypeOid(DataType type) {
  const PgType* entry = PgTypeEntry(type);
  return entry == nullptr ? 0 : entry->oid;
}

int32_t PgTypeModifier(DataType type) {
  const bool has_modifier = type.id == TypeId::kVarchar || type.id == TypeId::kNumeric;
  return has_modifier && type.max_length >= 0 ? type.max_length + 4 : -1;
}

std::string FormatType(uint32_t oid, int32_t typmod) {
  const PgType* type = FindPgType(oid);
  if (type == nullptr) return "???";
  DataType data_type = DataType{.id = type->id, .element = type->element};
  const bool has_modifier = type->id == TypeId::kVarchar || type->id == TypeId::kNumeric;
  if (has_modifier && typmod >= 4) data_type.max_length = typmod - 4;
  return TypeName(data_type);
}

}  // namespace sundial
