#include "sql/parser/source_text.h"

namespace sundial::sql::parser_internal {

SourceText::SourceText(std::string_view text) : text_(text) {
  bool ascii = true;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return;
  offsets_.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size(); ++i) {
    // Every byte that is not a UTF-8 continuation byte starts a code point.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      offsets_.push_back(static_cast<uint32_t>(i));
    }
  }
  offsets_.push_back(static_cast<uint32_t>(text.size()));
}

}  // namespace sundial::sql::parser_internal
