#include "common/jsonb_containment.h"

#include <catch2/catch.hpp>

namespace sundial {

TEST_CASE("jsonb containment follows PostgreSQL's rules", "[json]") {
  // Objects: every member of the right in the same member of the left.
  CHECK(JsonbContains(R"({"a": 1, "b": {"c": [1, 2]}})", R"({"b": {"c": [2]}})"));
  CHECK_FALSE(JsonbContains(R"({"a": 1})", R"({"a": 1, "b": 2})"));
  CHECK(JsonbContains(R"({"a": 1})", "{}"));
  // Arrays: order and repeats do not matter, nesting must match.
  CHECK(JsonbContains("[1, 2, 3]", "[3, 1, 1]"));
  CHECK(JsonbContains("[1, [2, 3]]", "[[3]]"));
  CHECK_FALSE(JsonbContains("[1, [2, 3]]", "[3]"));
  CHECK(JsonbContains("[]", "[]"));
  // A scalar is contained in a top-level array holding it, not deeper.
  CHECK(JsonbContains(R"(["foo", "bar"])", R"("foo")"));
  CHECK_FALSE(JsonbContains("[[1]]", "1"));
  CHECK_FALSE(JsonbContains(R"({"a": [1, 2]})", R"({"a": 1})"));
  // Numbers compare by value; strings, booleans and null exactly.
  CHECK(JsonbContains("1.50", "1.5"));
  CHECK(JsonbContains("0", "-0"));
  CHECK_FALSE(JsonbContains("10", "1"));
  CHECK_FALSE(JsonbContains(R"("1")", "1"));
  CHECK(JsonbContains("null", "null"));
  CHECK_FALSE(JsonbContains("true", "false"));
}

TEST_CASE("jsonb ? finds member names, string elements and strings", "[json]") {
  CHECK(JsonbHasKey(R"({"a": 1, "b": null})", "b"));
  CHECK_FALSE(JsonbHasKey(R"({"a": {"b": 1}})", "b"));
  CHECK(JsonbHasKey(R"(["a", 1])", "a"));
  CHECK_FALSE(JsonbHasKey(R"(["a", 1])", "1"));
  CHECK(JsonbHasKey(R"("s")", "s"));
  CHECK_FALSE(JsonbHasKey("1", "1"));
  CHECK_FALSE(JsonbHasKey("[]", ""));
}

}  // namespace sundial
