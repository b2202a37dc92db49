#pragma once

#include <cstdint>

#include "common/status.h"
#include "common/types.h"

namespace sundial::pgwire {

// How a Sundial type appears on the wire: PostgreSQL's standard type OID,
// typlen and the column's typmod (clients such as pgx refuse unknown OIDs).
struct PgTypeInfo {
  uint32_t oid = 0;
  int16_t length = -1;    // typlen: bytes, or -1 for variable length
  int32_t modifier = -1;  // atttypmod: varchar(n) is n + 4, numeric(p, s)
                          // ((p << 16) | s) + 4; -1 when none
};

inline constexpr uint32_t kBoolOid = 16;
inline constexpr uint32_t kInt8Oid = 20;
inline constexpr uint32_t kInt2Oid = 21;
inline constexpr uint32_t kInt4Oid = 23;
inline constexpr uint32_t kTextOid = 25;
inline constexpr uint32_t kFloat4Oid = 700;
inline constexpr uint32_t kFloat8Oid = 701;
inline constexpr uint32_t kVarcharOid = 1043;
inline constexpr uint32_t kDateOid = 1082;
inline constexpr uint32_t kTimestampOid = 1114;
inline constexpr uint32_t kTimestampTzOid = 1184;
inline constexpr uint32_t kIntervalOid = 1186;
inline constexpr uint32_t kNumericOid = 1700;

// kUnknown (an unresolved literal) is sent as text, as PostgreSQL resolves
// `SELECT 'x'`: a result column never carries OID 0 or unknown (705).
PgTypeInfo PgTypeOf(DataType type);

inline constexpr uint32_t kUnspecifiedOid = 0;
inline constexpr uint32_t kUnknownOid = 705;

// The type of a parameter OID from Parse: kUnknown for 0 and unknown (705),
// which leave the type to inference; kFeatureNotSupported for OIDs of types
// Sundial lacks.
Result<DataType> TypeOfOid(uint32_t oid);

}  // namespace sundial::pgwire
