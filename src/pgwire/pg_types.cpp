#include "pgwire/pg_types.h"

#include <string>

#include "common/pg_type_registry.h"

namespace sundial::pgwire {

PgTypeInfo PgTypeOf(DataType type) {
  const PgType* entry = PgTypeEntry(type);
  if (entry == nullptr) return {.oid = kTextOid, .length = -1};
  return {.oid = entry->oid, .length = entry->length, .modifier = PgTypeModifier(type)};
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
    case kNumericOid:
      return DataType::Of(TypeId::kNumeric);
    default:
      if (const PgType* entry = FindPgType(oid); entry != nullptr && entry->id == TypeId::kArray) {
        return DataType::ArrayOf(entry->element);
      }
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "parameters of type OID " + std::to_string(oid) + " are not supported");
  }
}

}  // namespace sundial::pgwire
