#pragma once

#include <string_view>

#include "antlr4-runtime.h"

namespace sundial::sql::parser_internal {

// A character stream whose lookahead answers ASCII letters in lower case, so
// the lexer grammar spells keywords once, in lower case, and still matches
// SELECT, Select and select. Token text (getText) keeps the original spelling.
// Indices are code points, which is what PostgreSQL's error positions count.
class CaseInsensitiveStream : public antlr4::ANTLRInputStream {
 public:
  explicit CaseInsensitiveStream(std::string_view text)
      : antlr4::ANTLRInputStream(text.data(), text.size()) {}

  size_t LA(ssize_t i) override {
    const size_t c = antlr4::ANTLRInputStream::LA(i);
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }
};

}  // namespace sundial::sql::parser_internal
