#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "antlr4-runtime.h"

namespace sundial::sql::parser_internal {

// The query text as the lexer saw it. ANTLR indexes characters by code point;
// this maps those indices back to the UTF-8 bytes, so token text is sliced
// from the original instead of being re-encoded by the runtime on every call.
class SourceText {
 public:
  explicit SourceText(std::string_view text);

  // Length in code points.
  size_t length() const { return offsets_.empty() ? text_.size() : offsets_.size() - 1; }

  // Code points [first, last], inclusive as ANTLR's token bounds are.
  std::string_view Slice(size_t first, size_t last) const {
    const size_t begin = ByteOffset(first);
    return text_.substr(begin, ByteOffset(last + 1) - begin);
  }
  std::string_view Of(const antlr4::Token* token) const {
    return Slice(token->getStartIndex(), token->getStopIndex());
  }
  // The text a rule spans, whitespace included.
  std::string_view Of(antlr4::ParserRuleContext* ctx) const {
    return Slice(ctx->getStart()->getStartIndex(), ctx->getStop()->getStopIndex());
  }

 private:
  size_t ByteOffset(size_t code_point) const {
    return offsets_.empty() ? code_point : offsets_[code_point];
  }

  std::string_view text_;
  // Byte offset of each code point plus one past the end; empty for ASCII
  // text, where the two coincide.
  std::vector<uint32_t> offsets_;
};

}  // namespace sundial::sql::parser_internal
