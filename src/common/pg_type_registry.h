#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/types.h"

namespace sundial {

// What pg_type says about one of Sundial's types: PostgreSQL's OID and
// storage attributes for it. The one place type OIDs live: the wire
// protocol, binary array elements, pg_type and pg_attribute.atttypid all
// read it, so a client sees one OID per type everywhere.
struct PgType {
  uint32_t oid = 0;
  std::string_view name;  // typname
  TypeId id = TypeId::kUnknown;
  TypeId element = TypeId::kUnknown;  // an array type's element
  uint32_t element_oid = 0;           // typelem: an array's element type
  uint32_t array_oid = 0;             // typarray: the array of this type
  int16_t length = -1;                // typlen: bytes, or -1 for variable length
  bool by_value = false;
  char category = 'U';  // typcategory
  bool preferred = false;
  char align = 'i';  // typalign
};

// Every type a Sundial column or expression can have, in OID order.
std::span<const PgType> PgTypes();
// The entry with this OID, or nullptr.
const PgType* FindPgType(uint32_t oid);
// PostgreSQL's OID for a Sundial type (kUnknown is reported as text, as
// PostgreSQL resolves an untyped literal in a result).
uint32_t PgTypeOid(DataType type);
// The entry of a Sundial type, or nullptr.
const PgType* PgTypeEntry(DataType type);
// atttypmod: varchar(n) is n + 4, numeric(p, s) ((p << 16) | s) + 4, as
// PostgreSQL keeps them; everything else -1.
int32_t PgTypeModifier(DataType type);
// format_type(oid, typmod): "character varying(32)", "timestamp with time
// zone", ...; "???" for an OID that names no type, as PostgreSQL prints it.
std::string FormatType(uint32_t oid, int32_t typmod);

}  // namespace sundial
