#include "pgwire/pg_types.h"

namespace sundial::pgwire {

PgTypeInfo PgTypeOf(DataType type) {
  switch (type.id) {
    case TypeId::kBool:
      return {.oid = kBoolOid, .length = 1};
    case TypeId::kInt16:
      return {.oid = kInt2Oid, .length = 2};
    case TypeId::kInt32:
      return {.oid = kInt4Oid, .length = 4};
    case TypeId::kInt64:
      return {.oid = kInt8Oid, .length = 8};
    case TypeId::kFloat32:
      return {.oid = kFloat4Oid, .length = 4};
    case TypeId::kFloat64:
      return {.oid = kFloat8Oid, .length = 8};
    case TypeId::kDate:
      return {.oid = kDateOid, .length = 4};
    case TypeId::kTimestamp:
      return {.oid = kTimestampOid, .length = 8};
    case TypeId::kTimestampTz:
      return {.oid = kTimestampTzOid, .length = 8};
    case TypeId::kInterval:
      return {.oid = kIntervalOid, .length = 16};
    case TypeId::kVarchar:
      return {.oid = kVarcharOid,
              .length = -1,
              .modifier = type.max_length >= 0 ? type.max_length + 4 : -1};
    case TypeId::kText:
    case TypeId::kUnknown:
      return {.oid = kTextOid, .length = -1};
  }
  return {.oid = kTextOid, .length = -1};
}

}  // namespace sundial::pgwire
