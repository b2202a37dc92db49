#include <catch2/catch.hpp>

#include "common/quote_ident.h"

namespace sundial {
namespace {

TEST_CASE("QuoteIdent quotes names that would not read back as themselves", "[quote_ident]") {
  CHECK(QuoteIdent("hostname") == "hostname");
  CHECK(QuoteIdent("_x1") == "_x1");
  // Keywords other than the unreserved ones, as PostgreSQL's quote_ident.
  CHECK(QuoteIdent("time") == "\"time\"");
  CHECK(QuoteIdent("select") == "\"select\"");
  CHECK(QuoteIdent("Mixed") == "\"Mixed\"");
  CHECK(QuoteIdent("1st") == "\"1st\"");
  CHECK(QuoteIdent("a b") == "\"a b\"");
  CHECK(QuoteIdent("a\"b") == "\"a\"\"b\"");
  CHECK(QuoteIdent("") == "\"\"");
}

}  // namespace
}  // namespace sundial
