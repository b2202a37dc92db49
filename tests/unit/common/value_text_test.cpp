#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "common/datetime.h"
#include "common/value_text.h"

namespace sundial {
namespace {

std::string Float64Text(double v) {
  std::string out;
  FormatFloat64(v, out);
  return out;
}

std::string Float32Text(float v) {
  std::string out;
  FormatFloat32(v, out);
  return out;
}

// Parses as `type` and prints back, as a round trip through a column would.
std::string Echo(const char* text, DataType type) {
  auto value = ParseTextValue(text, type, TimeZone::Utc());
  REQUIRE(value.ok());
  return FormatValue(*value, TimeZone::Utc());
}

Status ParseError(const char* text, DataType type) {
  auto value = ParseTextValue(text, type, TimeZone::Utc());
  REQUIRE_FALSE(value.ok());
  return value.status();
}

TEST_CASE("float8 prints shortest round-trip digits in PostgreSQL's layout", "[value_text]") {
  struct Case {
    double in;
    const char* out;
  };
  const Case cases[] = {
      {0.1, "0.1"},
      {1e300, "1e+300"},
      {1.234e-06, "1.234e-06"},
      {100000, "100000"},
      {1e15, "1e+15"},
      {123456789012345, "123456789012345"},
      {1e14, "100000000000000"},
      {99999999999999.9, "99999999999999.9"},
      {0.0001, "0.0001"},
      {0.00001, "1e-05"},
      {0.00012345, "0.00012345"},
      {-2.5e-5, "-2.5e-05"},
      {1.5e20, "1.5e+20"},
      {123.456, "123.456"},
      {3.141592653589793, "3.141592653589793"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {5e-324, "5e-324"},
      {0.0, "0"},
      {-0.0, "-0"},
      {std::numeric_limits<double>::infinity(), "Infinity"},
      {-std::numeric_limits<double>::infinity(), "-Infinity"},
      {std::numeric_limits<double>::quiet_NaN(), "NaN"},
  };
  for (const Case& c : cases) {
    INFO(c.out);
    CHECK(Float64Text(c.in) == c.out);
  }
}

TEST_CASE("float4 switches to exponent form from 1e+06", "[value_text]") {
  CHECK(Float32Text(100000.0f) == "100000");
  CHECK(Float32Text(123456.0f) == "123456");
  CHECK(Float32Text(1000000.0f) == "1e+06");
  CHECK(Float32Text(0.1f) == "0.1");
  CHECK(Float32Text(12345.6f) == "12345.6");
  CHECK(Float32Text(1.5e-5f) == "1.5e-05");
  CHECK(Float32Text(3.4028235e38f) == "3.4028235e+38");
  CHECK(Float32Text(3.14159265f) == "3.1415927");
}

TEST_CASE("float input accepts PostgreSQL's spellings", "[value_text]") {
  DataType f8 = DataType::Of(TypeId::kFloat64);
  CHECK(Echo("  12.5  ", f8) == "12.5");
  CHECK(Echo("+3", f8) == "3");
  CHECK(Echo("1.", f8) == "1");
  CHECK(Echo(".5", f8) == "0.5");
  CHECK(Echo("1e-310", f8) == "1e-310");
  CHECK(Echo("inf", f8) == "Infinity");
  CHECK(Echo("-INF", f8) == "-Infinity");
  CHECK(Echo("-Infinity", f8) == "-Infinity");
  CHECK(Echo("nan", f8) == "NaN");
  CHECK(Echo("-0", f8) == "-0");
  CHECK(Echo("-Infinity", DataType::Of(TypeId::kFloat32)) == "-Infinity");
}

TEST_CASE("short decimals take a fast path that reads what from_chars reads", "[value_text]") {
  const char* accepted[] = {"0",
                            "7",
                            "-7",
                            "42.5",
                            "-0",
                            ".5",
                            "5.",
                            "0.1",
                            "0.3",
                            "-12.345",
                            "123456789012345",
                            "1.00000000000001",
                            "0.000000000000001",
                            "99.99",
                            "00012.50"};
  for (const char* text : accepted) {
    INFO(text);
    double fast = 0;
    REQUIRE(ParseShortDecimal(text, fast));
    std::string_view body = text[0] == '-' ? text + 1 : text;
    double expected = 0;
    std::from_chars(body.data(), body.data() + body.size(), expected);
    if (text[0] == '-') expected = -expected;
    CHECK(std::memcmp(&fast, &expected, sizeof(double)) == 0);
    CHECK(Echo(text, DataType::Of(TypeId::kFloat64)) == Float64Text(expected));
  }
  const char* declined[] = {"",
                            "-",
                            ".",
                            "1e5",
                            " 1",
                            "1 ",
                            "+1",
                            "inf",
                            "NaN",
                            "1.2.3",
                            "1234567890123456",
                            "0.0000000000000001",
                            "12a"};
  for (const char* text : declined) {
    INFO(text);
    double fast = 0;
    CHECK_FALSE(ParseShortDecimal(text, fast));
  }
  CHECK(Echo(" 1e5 ", DataType::Of(TypeId::kFloat64)) == "100000");
}

TEST_CASE("bad floats are 22P02 and overflowing ones 22003", "[value_text]") {
  Status bad = ParseError("abc", DataType::Of(TypeId::kFloat64));
  CHECK(bad.code() == ErrorCode::kInvalidTextRepresentation);
  CHECK(bad.message() == "invalid input syntax for type double precision: \"abc\"");
  for (const char* text : {"", "1,5", "- 1", "1e", "++1"}) {
    INFO(text);
    CHECK(ParseError(text, DataType::Of(TypeId::kFloat64)).code() ==
          ErrorCode::kInvalidTextRepresentation);
  }
  CHECK(ParseError("x", DataType::Of(TypeId::kFloat32)).message() ==
        "invalid input syntax for type real: \"x\"");
  Status big = ParseError("1e400", DataType::Of(TypeId::kFloat64));
  CHECK(big.code() == ErrorCode::kNumericValueOutOfRange);
  CHECK(big.message() == "\"1e400\" is out of range for type double precision");
  CHECK(ParseError("1e-400", DataType::Of(TypeId::kFloat64)).code() ==
        ErrorCode::kNumericValueOutOfRange);
  CHECK(ParseError("1e40", DataType::Of(TypeId::kFloat32)).message() ==
        "\"1e40\" is out of range for type real");
}

TEST_CASE("integers are range checked per width with PostgreSQL's messages", "[value_text]") {
  DataType i2 = DataType::Of(TypeId::kInt16);
  DataType i4 = DataType::Of(TypeId::kInt32);
  DataType i8 = DataType::Of(TypeId::kInt64);
  CHECK(Echo(" 1 ", i4) == "1");
  CHECK(Echo("+5", i4) == "5");
  CHECK(Echo("-2147483648", i4) == "-2147483648");
  CHECK(Echo("32767", i2) == "32767");
  CHECK(Echo("-32768", i2) == "-32768");
  CHECK(Echo("9223372036854775807", i8) == "9223372036854775807");
  CHECK(Echo("-9223372036854775808", i8) == "-9223372036854775808");

  Status range = ParseError("99999999999", i4);
  CHECK(range.code() == ErrorCode::kNumericValueOutOfRange);
  CHECK(range.message() == "value \"99999999999\" is out of range for type integer");
  CHECK(ParseError("32768", i2).message() == "value \"32768\" is out of range for type smallint");
  CHECK(ParseError("9223372036854775808", i8).message() ==
        "value \"9223372036854775808\" is out of range for type bigint");
  CHECK(ParseError("2147483648", i4).code() == ErrorCode::kNumericValueOutOfRange);

  Status syntax = ParseError("x", i4);
  CHECK(syntax.code() == ErrorCode::kInvalidTextRepresentation);
  CHECK(syntax.message() == "invalid input syntax for type integer: \"x\"");
  CHECK(ParseError("abc", i8).message() == "invalid input syntax for type bigint: \"abc\"");
  for (const char* text : {"", "1.5", "- 5", "5-", "0x10"}) {
    INFO(text);
    CHECK(ParseError(text, i4).code() == ErrorCode::kInvalidTextRepresentation);
  }
}

TEST_CASE("booleans accept PostgreSQL's words and unique prefixes", "[value_text]") {
  DataType b = DataType::Of(TypeId::kBool);
  for (const char* text : {"t", "true", "TRUE", " TRUE ", "tr", "yes", "ye", "y", "on", "1"}) {
    INFO(text);
    CHECK(Echo(text, b) == "t");
  }
  for (const char* text : {"f", "false", "FALSE", "no", "n", "off", "of", "0"}) {
    INFO(text);
    CHECK(Echo(text, b) == "f");
  }
  for (const char* text : {"o", "truex", "2", "", "yess"}) {
    INFO(text);
    Status status = ParseError(text, b);
    CHECK(status.code() == ErrorCode::kInvalidTextRepresentation);
    CHECK(status.message() ==
          std::string("invalid input syntax for type boolean: \"") + text + "\"");
  }
}

TEST_CASE("varchar(n) rejects longer text unless the excess is spaces", "[value_text]") {
  DataType v3 = DataType::Varchar(3);
  CHECK(Echo("abc", v3) == "abc");
  CHECK(Echo("ab   ", v3) == "ab ");
  CHECK(Echo("äöü", v3) == "äöü");
  for (const char* text : {"abcd", "abc  d", "äöüx"}) {
    INFO(text);
    Status status = ParseError(text, v3);
    CHECK(status.code() == ErrorCode::kStringDataRightTruncation);
    CHECK(status.message() == "value too long for type character varying(3)");
  }
  CHECK(Echo("any length at all", DataType::Of(TypeId::kText)) == "any length at all");
}

TEST_CASE("parsing into a column stores values that format back identically", "[value_text]") {
  TimeZone berlin = *TimeZone::Lookup("Europe/Berlin");
  struct Case {
    DataType type;
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {DataType::Of(TypeId::kBool), "yes", "t"},
      {DataType::Of(TypeId::kInt16), "-12", "-12"},
      {DataType::Of(TypeId::kInt32), "42", "42"},
      {DataType::Of(TypeId::kInt64), "-9000000000", "-9000000000"},
      {DataType::Of(TypeId::kFloat32), "0.1", "0.1"},
      {DataType::Of(TypeId::kFloat64), "1e300", "1e+300"},
      {DataType::Of(TypeId::kDate), "2024-01-02", "2024-01-02"},
      {DataType::Of(TypeId::kTimestamp), "2024-01-02 03:04:05.5", "2024-01-02 03:04:05.5"},
      {DataType::Of(TypeId::kTimestampTz), "2024-01-02 03:04:05.678901+00",
       "2024-01-02 04:04:05.678901+01"},
      {DataType::Of(TypeId::kInterval), "1.5 days", "1 day 12:00:00"},
      {DataType::Of(TypeId::kText), "héllo", "héllo"},
      {DataType::Varchar(5), "abc", "abc"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    ColumnVector column(c.type, 4);
    column.SetNull(1, true);
    REQUIRE(ParseTextInto(c.in, c.type, berlin, column, 1).ok());
    column.SetSize(2);
    CHECK_FALSE(column.IsNull(1));
    std::string out = "prefix:";
    FormatText(column, 1, berlin, out);
    CHECK(out == std::string("prefix:") + c.out);
  }
}

TEST_CASE("a failed parse leaves the error for the caller and reports the type", "[value_text]") {
  ColumnVector column(DataType::Of(TypeId::kTimestampTz), 1);
  Status status =
      ParseTextInto("abc", DataType::Of(TypeId::kTimestampTz), TimeZone::Utc(), column, 0);
  CHECK(status.code() == ErrorCode::kInvalidDatetimeFormat);
  CHECK(status.message() == "invalid input syntax for type timestamp with time zone: \"abc\"");
}

TEST_CASE("FormatValue prints nulls as empty text", "[value_text]") {
  CHECK(FormatValue(Value::Null(DataType::Of(TypeId::kInt32)), TimeZone::Utc()).empty());
  CHECK(FormatValue(Value::Float(TypeId::kFloat32, 0.1f), TimeZone::Utc()) == "0.1");
  CHECK(FormatValue(Value::Date(kDateInfinity), TimeZone::Utc()) == "infinity");
  CHECK(FormatValue(Value::OfInterval({.days = -1}), TimeZone::Utc()) == "-1 days");
}

}  // namespace
}  // namespace sundial
