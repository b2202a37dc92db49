#include "common/value_binary.h"

#include <catch2/catch.hpp>
#include <string>

#include "common/datetime.h"

namespace sundial {
namespace {

std::string Encoded(const Value& value) {
  ColumnVector vector(value.type(), 1);
  value.WriteTo(vector, 0);
  std::string out;
  AppendBinary(vector, 0, out);
  return out;
}

TEST_CASE("binary send formats are PostgreSQL's, epoch shifted to 2000") {
  CHECK(Encoded(Value::Int(TypeId::kInt32, 258)) == std::string("\0\0\1\2", 4));
  CHECK(Encoded(Value::Int(TypeId::kInt16, -2)) == "\377\376");
  CHECK(Encoded(Value::Bool(true)) == "\1");
  CHECK(Encoded(Value::Date(kPostgresEpochDays + 1)) == std::string("\0\0\0\1", 4));
  CHECK(Encoded(Value::TimestampTz(kPostgresEpochMicros - 1)) ==
        "\377\377\377\377\377\377\377\377");
  CHECK(Encoded(Value::OfInterval(Interval{.micros = 1, .days = 2, .months = -1})) ==
        std::string("\0\0\0\0\0\0\0\1\0\0\0\2\377\377\377\377", 16));
  CHECK(Encoded(Value::Float64(-0.0)) == std::string("\200\0\0\0\0\0\0\0", 8));
}

TEST_CASE("infinite dates and timestamps keep their extreme values on the wire") {
  CHECK(Encoded(Value::Date(kDateInfinity)) == "\177\377\377\377");
  CHECK(Encoded(Value::Date(kDateMinusInfinity)) == std::string("\200\0\0\0", 4));
  CHECK(Encoded(Value::Timestamp(kTimestampInfinity)) == "\177\377\377\377\377\377\377\377");
  CHECK(Encoded(Value::TimestampTz(kTimestampMinusInfinity)) ==
        std::string("\200\0\0\0\0\0\0\0", 8));
  for (const Value& v :
       {Value::Date(kDateInfinity), Value::Date(kDateMinusInfinity),
        Value::Timestamp(kTimestampInfinity), Value::TimestampTz(kTimestampMinusInfinity)}) {
    auto back = ReadBinaryValue(Encoded(v), v.type());
    REQUIRE(back.ok());
    CHECK(*back == v);
  }
}

TEST_CASE("binary input that does not fit the type is refused") {
  CHECK(ReadBinaryValue("\0\1", DataType::Of(TypeId::kInt32)).status().code() ==
        ErrorCode::kInvalidBinaryRepresentation);
  CHECK(ReadBinaryValue("\2", DataType::Of(TypeId::kBool)).status().code() ==
        ErrorCode::kInvalidBinaryRepresentation);
  // Beyond Sundial's timestamp range, which ends in year 294247.
  CHECK(ReadBinaryValue("\177\377\377\377\377\377\377\376", DataType::Of(TypeId::kTimestamp))
            .status()
            .code() == ErrorCode::kDatetimeFieldOverflow);
  CHECK(ReadBinaryValue("\177\377\377\376", DataType::Of(TypeId::kDate)).status().code() ==
        ErrorCode::kDatetimeFieldOverflow);
}

}  // namespace
}  // namespace sundial
