#include "common/json_text.h"

#include <catch2/catch.hpp>
#include <string>

namespace sundial {
namespace {

std::string Normalized(std::string_view text) {
  Result<std::string> out = NormalizeJsonbText(text);
  REQUIRE(out.ok());
  return *out;
}

TEST_CASE("jsonb text sorts keys shorter first, keeps the last of repeated keys") {
  CHECK(Normalized(R"({"bb": 1, "a": 2, "c": 3, "a": 4})") == R"({"a": 4, "c": 3, "bb": 1})");
  CHECK(Normalized(" [ 1 ,\t{ } ,[ ] , \"\\u00e9\\n\" ] ") == "[1, {}, [], \"\xc3\xa9\\n\"]");
  CHECK(Normalized("1E2") == "100");
  CHECK(Normalized("-0.50") == "-0.50");
}

TEST_CASE("nesting deeper than kMaxJsonDepth is 54001, not a crash") {
  const std::string deepest = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  CHECK(NormalizeJsonbText(deepest).ok());
  CHECK(CheckJsonText(deepest).ok());
  const std::string deeper = "[" + deepest + "]";
  CHECK(NormalizeJsonbText(deeper).status().code() == ErrorCode::kStatementTooComplex);
  CHECK(CheckJsonText(deeper).code() == ErrorCode::kStatementTooComplex);
  // A document cut off inside the nesting is a syntax error.
  CHECK(CheckJsonText(std::string(100000, '[')).code() == ErrorCode::kStatementTooComplex);
  CHECK(CheckJsonText(std::string(100, '[')).code() == ErrorCode::kInvalidTextRepresentation);
}

TEST_CASE("members and elements are slices of the document") {
  const std::string document = R"({"a" : [ 1, {"x" : null} ], "b": "q\"", "a": 7})";
  CHECK(JsonMemberText(document, "a") == std::optional<std::string_view>("7"));
  CHECK(JsonMemberText(document, "b") == std::optional<std::string_view>(R"("q\"")"));
  CHECK_FALSE(JsonMemberText(document, "c").has_value());
  CHECK_FALSE(JsonMemberText("[1]", "a").has_value());
  const std::string array = R"([ 1, {"x" : null}, "s" ])";
  CHECK(JsonElementText(array, 1) == std::optional<std::string_view>(R"({"x" : null})"));
  CHECK(JsonElementText(array, -1) == std::optional<std::string_view>(R"("s")"));
  CHECK_FALSE(JsonElementText(array, 3).has_value());
  CHECK_FALSE(JsonElementText(array, -4).has_value());
  CHECK(JsonValueAsText(R"("q\"")") == std::optional<std::string>("q\""));
  CHECK_FALSE(JsonValueAsText("null").has_value());
  CHECK(JsonValueAsText("[1]") == std::optional<std::string>("[1]"));
  CHECK(JsonTypeName("-1") == "number");
  CHECK(JsonTypeName("false") == "boolean");
}

}  // namespace
}  // namespace sundial
