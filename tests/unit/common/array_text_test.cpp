#include "common/array_text.h"

#include <catch2/catch.hpp>
#include <string>

#include "common/value_binary.h"
#include "common/value_text.h"

namespace sundial {
namespace {

std::string Canonical(std::string_view text, TypeId element) {
  Result<std::string> canonical =
      CanonicalArrayText(text, DataType::ArrayOf(element), TimeZone::Utc());
  REQUIRE(canonical.ok());
  return *canonical;
}

ErrorCode FailureOf(std::string_view text, TypeId element) {
  Result<std::string> canonical =
      CanonicalArrayText(text, DataType::ArrayOf(element), TimeZone::Utc());
  REQUIRE_FALSE(canonical.ok());
  return canonical.status().code();
}

TEST_CASE("array input is read as PostgreSQL reads it and printed canonically") {
  CHECK(Canonical("{1,2,3}", TypeId::kInt32) == "{1,2,3}");
  CHECK(Canonical("  { 1 , 02 ,-3 }  ", TypeId::kInt32) == "{1,2,-3}");
  CHECK(Canonical("{}", TypeId::kText) == "{}");
  CHECK(Canonical("{NULL,null,\"NULL\"}", TypeId::kText) == "{NULL,NULL,\"NULL\"}");
  CHECK(Canonical("{a b,\"c,d\",\"\",\"q\\\"x\",back\\\\slash}", TypeId::kText) ==
        "{\"a b\",\"c,d\",\"\",\"q\\\"x\",\"back\\\\slash\"}");
  CHECK(Canonical("{1.50,-0,Infinity}", TypeId::kFloat64) == "{1.5,-0,Infinity}");
  CHECK(Canonical("{t,FALSE,yes}", TypeId::kBool) == "{t,f,t}");
}

TEST_CASE("malformed arrays are 22P02 and several dimensions 0A000") {
  CHECK(FailureOf("1,2", TypeId::kInt32) == ErrorCode::kInvalidTextRepresentation);
  CHECK(FailureOf("{1,2", TypeId::kInt32) == ErrorCode::kInvalidTextRepresentation);
  CHECK(FailureOf("{1,,2}", TypeId::kInt32) == ErrorCode::kInvalidTextRepresentation);
  CHECK(FailureOf("{1} x", TypeId::kInt32) == ErrorCode::kInvalidTextRepresentation);
  CHECK(FailureOf("{\"a}", TypeId::kText) == ErrorCode::kInvalidTextRepresentation);
  CHECK(FailureOf("{a}", TypeId::kInt32) == ErrorCode::kInvalidTextRepresentation);
  CHECK(FailureOf("{{1},{2}}", TypeId::kInt32) == ErrorCode::kFeatureNotSupported);
  CHECK(FailureOf("[0:1]={1,2}", TypeId::kInt32) == ErrorCode::kFeatureNotSupported);
}

TEST_CASE("split elements come back unescaped, NULL apart from the string NULL") {
  Result<std::vector<ArrayElement>> elements = SplitArrayText("{x,\"a,b\",NULL,\"NULL\"}");
  REQUIRE(elements.ok());
  REQUIRE(elements->size() == 4);
  CHECK((*elements)[0] == "x");
  CHECK((*elements)[1] == "a,b");
  CHECK_FALSE((*elements)[2].has_value());
  CHECK((*elements)[3] == "NULL");
  CHECK(FormatArrayText(*elements) == "{x,\"a,b\",NULL,\"NULL\"}");
}

TEST_CASE("arrays travel in PostgreSQL's binary array format both ways") {
  const DataType type = DataType::ArrayOf(TypeId::kInt32);
  Result<Value> value = ParseTextValue("{7,NULL}", type, TimeZone::Utc());
  REQUIRE(value.ok());
  ColumnVector vector(type, 1);
  value->WriteTo(vector, 0);
  std::string bytes;
  AppendBinary(vector, 0, bytes);
  // 1 dimension, has NULLs, int4's OID 23, 2 elements from 1, then (4, 7) and -1.
  const std::string expected(
      "\0\0\0\1\0\0\0\1\0\0\0\x17\0\0\0\2\0\0\0\1\0\0\0\4\0\0\0\7\xff\xff\xff\xff", 32);
  CHECK(bytes == expected);
  Result<Value> back = ReadBinaryValue(bytes, type);
  REQUIRE(back.ok());
  CHECK(back->text_value() == "{7,NULL}");
  Result<Value> wrong = ReadBinaryValue(bytes, DataType::ArrayOf(TypeId::kInt64));
  CHECK_FALSE(wrong.ok());
  std::string empty;
  ColumnVector none(type, 1);
  Value::Text("{}", type).WriteTo(none, 0);
  AppendBinary(none, 0, empty);
  CHECK(empty == std::string("\0\0\0\0\0\0\0\0\0\0\0\x17", 12));
}

}  // namespace
}  // namespace sundial
