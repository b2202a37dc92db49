#include "pgwire/pg_types.h"

#include <string>

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

Result<DataType> TypeOfOid(uint32_t oid) {
  switch (oid) {
    case kUnspecifiedOid:
    case kUnknownOid:
      return DataType::Of(TypeId::kUnknown);
    case kBoolOid:
      return DataType::Of(TypeId::kBool);
    case kInt2Oid:
      return DataType::Of(TypeId::kInt16);
    case kInt4Oid:
      return DataType::Of(TypeId::kInt32);
    case kInt8Oid:
      return DataType::Of(TypeId::kInt64);
    case kFloat4Oid:
      return DataType::Of(TypeId::kFloat32);
    case kFloat8Oid:
      return DataType::Of(TypeId::kFloat64);
    case kTextOid:
      return DataType::Of(TypeId::kText);
    case kVarcharOid:
      return DataType::Of(TypeId::kVarchar);
    case kDateOid:
      return DataType::Of(TypeId::kDate);
    case kTimestampOid:
      return DataType::Of(TypeId::kTimestamp);
    case kTimestampTzOid:
      return DataType::Of(TypeId::kTimestampTz);
    case kIntervalOid:
      return DataType::Of(TypeId::kInterval);
    default:
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "parameters of type OID " + std::to_string(oid) + " are not supported");
  }
}

}  // namespace sundial::pgwire
