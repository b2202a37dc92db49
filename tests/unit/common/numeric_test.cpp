#include <catch2/catch.hpp>

#include <string>

#include "common/numeric.h"
#include "common/value_binary.h"
#include "common/value_text.h"

namespace sundial {
namespace {

Numeric N(const char* text) {
  Result<Numeric> v = ParseNumeric(text);
  INFO(text);
  REQUIRE(v.ok());
  return *v;
}

std::string Text(const Result<Numeric>& v) {
  REQUIRE(v.ok());
  return NumericToString(*v);
}

ErrorCode CodeOf(const Result<Numeric>& v) {
  REQUIRE(!v.ok());
  return v.status().code();
}

TEST_CASE("numeric text keeps the display scale through a round trip", "[numeric]") {
  CHECK(NumericToString(N("1.50")) == "1.50");
  CHECK(NumericToString(N("  -0.001  ")) == "-0.001");
  CHECK(NumericToString(N("+12")) == "12");
  CHECK(NumericToString(N(".5")) == "0.5");
  CHECK(NumericToString(N("5.")) == "5");
  CHECK(NumericToString(N("-0")) == "0");
  CHECK(NumericToString(N("0.000")) == "0.000");
  CHECK(NumericToString(N("1e3")) == "1000");
  CHECK(NumericToString(N("1.5e-3")) == "0.0015");
  CHECK(NumericToString(N("12.345E1")) == "123.45");
  CHECK(NumericToString(N("nan")) == "NaN");
  CHECK(NumericToString(N("-Infinity")) == "-Infinity");
  CHECK(NumericToString(N("inf")) == "Infinity");
  CHECK(NumericToString(N("99999999999999999999999999999999999999")) ==
        "99999999999999999999999999999999999999");
}

TEST_CASE("numeric input rejects bad text with 22P02 and too many digits with 22003", "[numeric]") {
  for (const char* bad : {"", " ", "abc", "1.2.3", "1e", "--1", "1 2", "e5", "."}) {
    INFO(bad);
    CHECK(CodeOf(ParseNumeric(bad)) == ErrorCode::kInvalidTextRepresentation);
  }
  CHECK(CodeOf(ParseNumeric("123456789012345678901234567890123456789")) ==
        ErrorCode::kNumericValueOutOfRange);
  CHECK(CodeOf(ParseNumeric("1e40")) == ErrorCode::kNumericValueOutOfRange);
}

TEST_CASE("numeric arithmetic uses PostgreSQL's result scales", "[numeric]") {
  CHECK(Text(AddNumeric(N("1.5"), N("2.25"))) == "3.75");
  CHECK(Text(AddNumeric(N("1.50"), N("1"))) == "2.50");
  CHECK(Text(SubtractNumeric(N("1"), N("1.000"))) == "0.000");
  CHECK(Text(MultiplyNumeric(N("1.5"), N("2.25"))) == "3.375");
  CHECK(Text(MultiplyNumeric(N("-0.10"), N("3"))) == "-0.30");
  CHECK(Text(DivideNumeric(N("1"), N("3"))) == "0.33333333333333333333");
  CHECK(Text(DivideNumeric(N("10"), N("4"))) == "2.5000000000000000");
  CHECK(Text(DivideNumeric(N("2"), N("3"))) == "0.66666666666666666667");
  CHECK(Text(DivideNumeric(N("100000"), N("3"))) == "33333.333333333333");
  CHECK(Text(DivideNumeric(N("1.5"), N("0.003"))) == "500.0000000000000000");
  CHECK(Text(DivideNumeric(N("-7"), N("2"))) == "-3.5000000000000000");
  CHECK(Text(ModuloNumeric(N("10.5"), N("3"))) == "1.5");
  CHECK(Text(ModuloNumeric(N("-7"), N("2"))) == "-1");
}

TEST_CASE("numeric division scales large dividends through 256 bits", "[numeric]") {
  CHECK(Text(DivideNumeric(N("12345678901234567890"), N("7"))) == "1763668414462081127");
  CHECK(Text(DivideNumericToScale(N("10000000000000000000000000000000000000"),
                                  N("30000000000000000000"), 16)) ==
        "333333333333333333.3333333333333333");
}

TEST_CASE("numeric overflow answers 22003 and a zero divisor 22012", "[numeric]") {
  const Numeric big = N("99999999999999999999999999999999999999");
  CHECK(CodeOf(AddNumeric(big, N("1"))) == ErrorCode::kNumericValueOutOfRange);
  CHECK(CodeOf(MultiplyNumeric(big, N("10"))) == ErrorCode::kNumericValueOutOfRange);
  CHECK(CodeOf(DivideNumeric(N("1"), N("0.00"))) == ErrorCode::kDivisionByZero);
  CHECK(CodeOf(ModuloNumeric(N("1"), N("0"))) == ErrorCode::kDivisionByZero);
}

TEST_CASE("numeric round goes half away from zero and trunc toward zero", "[numeric]") {
  CHECK(Text(RoundNumeric(N("2.5"), 0)) == "3");
  CHECK(Text(RoundNumeric(N("-2.5"), 0)) == "-3");
  CHECK(Text(RoundNumeric(N("1.2345"), 2)) == "1.23");
  CHECK(Text(RoundNumeric(N("1.235"), 2)) == "1.24");
  CHECK(Text(RoundNumeric(N("1.5"), 3)) == "1.500");
  CHECK(Text(RoundNumeric(N("1249.5"), -2)) == "1200");
  CHECK(Text(RoundNumeric(N("1250"), -2)) == "1300");
  CHECK(Text(TruncNumeric(N("-1.99"), 1)) == "-1.9");
  CHECK(Text(TruncNumeric(N("1299"), -2)) == "1200");
  CHECK(Text(CeilNumeric(N("1.1"))) == "2");
  CHECK(Text(CeilNumeric(N("-1.9"))) == "-1");
  CHECK(Text(FloorNumeric(N("-1.1"))) == "-2");
  CHECK(Text(FloorNumeric(N("3.000"))) == "3");
}

TEST_CASE("numeric(p, s) rounds to s digits and rejects values beyond p", "[numeric]") {
  CHECK(Text(ApplyNumericTypmod(N("3.14159"), 10, 2)) == "3.14");
  CHECK(Text(ApplyNumericTypmod(N("7"), 5, 2)) == "7.00");
  const Result<Numeric> overflow = ApplyNumericTypmod(N("1000"), 5, 2);
  CHECK(CodeOf(overflow) == ErrorCode::kNumericValueOutOfRange);
  CHECK(overflow.status().message() == "numeric field overflow");
  CHECK(overflow.status().detail() ==
        "A field with precision 5, scale 2 must round to an absolute value less than 10^3.");
  CHECK(CodeOf(ApplyNumericTypmod(N("999.995"), 5, 2)) == ErrorCode::kNumericValueOutOfRange);
}

TEST_CASE("numeric comparison ignores the display scale and hashing agrees", "[numeric]") {
  CHECK(CompareNumeric(N("1.50"), N("1.5")) == 0);
  CHECK(HashNumeric(N("1.50")) == HashNumeric(N("1.5")));
  CHECK(HashNumeric(N("0.000")) == HashNumeric(N("0")));
  CHECK(HashNumeric(N("1.5")) != HashNumeric(N("1.05")));
  CHECK(CompareNumeric(N("-1.5"), N("-1.49")) < 0);
  CHECK(CompareNumeric(N("0.1"), N("0.09999999999999999999999999999999999")) > 0);
  CHECK(CompareNumeric(N("Infinity"), N("99999999999999999999999999999999999999")) > 0);
  CHECK(CompareNumeric(N("NaN"), N("Infinity")) > 0);
  CHECK(CompareNumeric(N("NaN"), N("nan")) == 0);
  CHECK(CompareNumeric(N("-Infinity"), N("-1")) < 0);
}

TEST_CASE("numeric converts to integers and floats as PostgreSQL's casts do", "[numeric]") {
  int64_t out = 0;
  REQUIRE(NumericToInt64(N("2.5"), out));
  CHECK(out == 3);
  REQUIRE(NumericToInt64(N("-2.5"), out));
  CHECK(out == -3);
  CHECK_FALSE(NumericToInt64(N("9223372036854775808"), out));
  CHECK_FALSE(NumericToInt64(N("NaN"), out));
  CHECK(NumericToDouble(N("0.1")) == 0.1);
  CHECK(Text(NumericFromDouble(0.1)) == "0.1");
  CHECK(Text(NumericFromDouble(1.0 / 3)) == "0.333333333333333");
  CHECK(Text(NumericFromDouble(1e20)) == "100000000000000000000");
  CHECK(Text(NumericFromDouble(0.1f, 6)) == "0.1");
}

// numeric_send's bytes: ndigits, weight, sign, dscale, base-10000 digits.
std::string Binary(const char* text) {
  ColumnVector column(DataType::Of(TypeId::kNumeric), 1);
  column.SetSize(1);
  column.data<Numeric>()[0] = N(text);
  std::string out;
  AppendBinary(column, 0, out);
  return out;
}

std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes)
    out.push_back(static_cast<char>(b));
  return out;
}

TEST_CASE("numeric binary format is PostgreSQL's base-10000 digits", "[numeric]") {
  CHECK(Binary("1.50") == Bytes({0, 2, 0, 0, 0, 0, 0, 2, 0, 1, 0x13, 0x88}));
  CHECK(Binary("-12345.6") == Bytes({0, 3, 0, 1, 0x40, 0, 0, 1, 0, 1, 0x09, 0x29, 0x17, 0x70}));
  CHECK(Binary("0.00") == Bytes({0, 0, 0, 0, 0, 0, 0, 2}));
  CHECK(Binary("0.0001") == Bytes({0, 1, 0xff, 0xff, 0, 0, 0, 4, 0, 1}));
  CHECK(Binary("NaN") == Bytes({0, 0, 0, 0, 0xc0, 0, 0, 0}));
  for (const char* text : {"1.50", "-12345.6", "0.00", "0.0001", "1e30", "-Infinity",
                           "99999999999999999999999999999999999999", "0.123456789012345678"}) {
    INFO(text);
    Result<Value> back = ReadBinaryValue(Binary(text), DataType::Of(TypeId::kNumeric));
    REQUIRE(back.ok());
    CHECK(NumericToString(back->numeric_value()) == NumericToString(N(text)));
  }
  CHECK(!ReadBinaryValue(Bytes({0, 1, 0, 0}), DataType::Of(TypeId::kNumeric)).ok());
}

TEST_CASE("numeric text input applies a numeric(p, s) modifier", "[numeric]") {
  Result<Value> v = ParseTextValue(" 2.345 ", DataType::NumericOf(4, 2), TimeZone::Utc());
  REQUIRE(v.ok());
  CHECK(FormatValue(*v, TimeZone::Utc()) == "2.35");
  CHECK(ParseTextValue("123.4", DataType::NumericOf(4, 2), TimeZone::Utc()).status().code() ==
        ErrorCode::kNumericValueOutOfRange);
}

}  // namespace
}  // namespace sundial
