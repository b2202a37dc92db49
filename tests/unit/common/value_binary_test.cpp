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

TEST_CASE("uuid, json, jsonb and bytea use PostgreSQL's binary forms both ways") {
  const Value id = Value::Text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", DataType::Of(TypeId::kUuid));
  CHECK(Encoded(id) == "\xa0\xee\xbc\x99\x9c\x0b\x4e\xf8\xbb\x6d\x6b\xb9\xbd\x38\x0a\x11");
  const Value document = Value::Text("{\"a\": 1}", DataType::Of(TypeId::kJsonb));
  CHECK(Encoded(document) == "\1{\"a\": 1}");
  const Value bytes = Value::Text(std::string("\0\xff", 2), DataType::Of(TypeId::kBytea));
  CHECK(Encoded(bytes) == std::string("\0\xff", 2));
  for (const Value& v : {id, document, bytes, Value::Text("[1, 2]", DataType::Of(TypeId::kJson))}) {
    auto back = ReadBinaryValue(Encoded(v), v.type());
    REQUIRE(back.ok());
    CHECK(*back == v);
  }
  // jsonb input is normalized like its text input; other versions are refused.
  auto loose = ReadBinaryValue("\1{\"b\":1,\"a\":[]}", DataType::Of(TypeId::kJsonb));
  REQUIRE(loose.ok());
  CHECK(loose->text_value() == "{\"a\": [], \"b\": 1}");
  CHECK(ReadBinaryValue("\2{}", DataType::Of(TypeId::kJsonb)).status().code() ==
        ErrorCode::kInvalidBinaryRepresentation);
  CHECK(ReadBinaryValue("{", DataType::Of(TypeId::kJson)).status().code() ==
        ErrorCode::kInvalidTextRepresentation);
  CHECK(ReadBinaryValue("\1\2", DataType::Of(TypeId::kUuid)).status().code() ==
        ErrorCode::kInvalidBinaryRepresentation);
}

TEST_CASE("time is its microseconds since midnight on the wire, up to 24:00") {
  const Value noon = Value::Int(TypeId::kTime, 12 * kMicrosPerHour);
  CHECK(Encoded(noon) == std::string("\0\0\0\x0a\x0e\xeb\xb0\0", 8));
  auto back = ReadBinaryValue(Encoded(noon), noon.type());
  REQUIRE(back.ok());
  CHECK(*back == noon);
  CHECK(ReadBinaryValue(Encoded(Value::Int(TypeId::kTime, kMicrosPerDay + 1)), noon.type())
            .status()
            .code() == ErrorCode::kDatetimeFieldOverflow);
}

}  // namespace
}  // namespace sundial
