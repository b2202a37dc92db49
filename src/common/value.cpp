#include "common/value.h"

#include <cassert>

namespace sundial {

Value Value::FromVector(const ColumnVector& vector, size_t row) {
  DataType type = vector.type();
  if (vector.IsNull(row)) return Null(type);
  switch (type.id) {
    case TypeId::kBool:
      return Value(type, vector.data<uint8_t>()[row] != 0);
    case TypeId::kInt16:
      return Value(type, int64_t{vector.data<int16_t>()[row]});
    case TypeId::kInt32:
    case TypeId::kDate:
      return Value(type, int64_t{vector.data<int32_t>()[row]});
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
      return Value(type, vector.data<int64_t>()[row]);
    case TypeId::kFloat32:
      return Value(type, double{vector.data<float>()[row]});
    case TypeId::kFloat64:
      return Value(type, vector.data<double>()[row]);
    case TypeId::kInterval:
      return Value(type, vector.data<Interval>()[row]);
    case TypeId::kNumeric:
      return Value(type, vector.data<Numeric>()[row]);
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
    case TypeId::kArray:
    case TypeId::kUuid:
    case TypeId::kJson:
    case TypeId::kJsonb:
    case TypeId::kBytea:
      return Value(type, std::string(vector.data<std::string_view>()[row]));
  }
  return Null(type);
}

void Value::WriteTo(ColumnVector& vector, size_t row) const {
  if (is_null()) {
    vector.SetNull(row, true);
    return;
  }
  if (vector.MayHaveNulls()) vector.SetNull(row, false);
  switch (vector.type().id) {
    case TypeId::kBool:
      vector.data<uint8_t>()[row] = bool_value() ? 1 : 0;
      break;
    case TypeId::kInt16:
      vector.data<int16_t>()[row] = static_cast<int16_t>(int_value());
      break;
    case TypeId::kInt32:
    case TypeId::kDate:
      vector.data<int32_t>()[row] = static_cast<int32_t>(int_value());
      break;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
      vector.data<int64_t>()[row] = int_value();
      break;
    case TypeId::kFloat32:
      vector.data<float>()[row] = static_cast<float>(float_value());
      break;
    case TypeId::kFloat64:
      vector.data<double>()[row] = float_value();
      break;
    case TypeId::kInterval:
      vector.data<Interval>()[row] = interval_value();
      break;
    case TypeId::kNumeric:
      vector.data<Numeric>()[row] = numeric_value();
      break;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
    case TypeId::kArray:
    case TypeId::kUuid:
    case TypeId::kJson:
    case TypeId::kJsonb:
    case TypeId::kBytea:
      vector.data<std::string_view>()[row] = vector.AddString(text_value());
      break;
  }
}

}  // namespace sundial
