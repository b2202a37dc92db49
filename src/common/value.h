#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "common/column_vector.h"
#include "common/numeric.h"
#include "common/types.h"

namespace sundial {

// One boxed value with its type. For constants, literals and tests; never on
// a per-row hot path. Integers of every width, dates and timestamps are held
// as int64_t; float32/float64 as double; text as std::string. Equality is
// bitwise (a numeric 1.50 differs from 1.5): SQL equality is CompareNumeric.
class Value {
 public:
  Value() = default;  // untyped NULL
  static Value Null(DataType type) { return Value(type, std::monostate{}); }
  static Value Bool(bool v) { return Value(DataType::Of(TypeId::kBool), v); }
  static Value Int(TypeId id, int64_t v) { return Value(DataType::Of(id), v); }
  static Value Int64(int64_t v) { return Int(TypeId::kInt64, v); }
  static Value Float64(double v) { return Value(DataType::Of(TypeId::kFloat64), v); }
  static Value Float(TypeId id, double v) { return Value(DataType::Of(id), v); }
  static Value Text(std::string v, DataType type = DataType::Of(TypeId::kText)) {
    return Value(type, std::move(v));
  }
  static Value TimestampTz(int64_t micros) { return Int(TypeId::kTimestampTz, micros); }
  static Value Timestamp(int64_t micros) { return Int(TypeId::kTimestamp, micros); }
  static Value Date(int32_t days) { return Int(TypeId::kDate, days); }
  static Value OfInterval(Interval v) { return Value(DataType::Of(TypeId::kInterval), v); }
  static Value OfNumeric(Numeric v, DataType type = DataType::Of(TypeId::kNumeric)) {
    return Value(type, v);
  }

  DataType type() const { return type_; }
  bool is_null() const { return std::holds_alternative<std::monostate>(payload_); }
  bool bool_value() const { return std::get<bool>(payload_); }
  int64_t int_value() const { return std::get<int64_t>(payload_); }
  double float_value() const { return std::get<double>(payload_); }
  const std::string& text_value() const { return std::get<std::string>(payload_); }
  Interval interval_value() const { return std::get<Interval>(payload_); }
  Numeric numeric_value() const { return std::get<Numeric>(payload_); }

  // Reads row `row` of `vector`.
  static Value FromVector(const ColumnVector& vector, size_t row);
  // Writes this value into row `row` of `vector` (same type; strings copied).
  void WriteTo(ColumnVector& vector, size_t row) const;

  friend bool operator==(const Value&, const Value&) = default;

 private:
  using Payload =
      std::variant<std::monostate, bool, int64_t, double, std::string, Interval, Numeric>;
  Value(DataType type, Payload payload) : type_(type), payload_(std::move(payload)) {}

  DataType type_;
  Payload payload_;
};

}  // namespace sundial
