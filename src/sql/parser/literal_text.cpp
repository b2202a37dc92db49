#include "sql/parser/literal_text.h"

#include <cstdint>

#include "common/text_escapes.h"

namespace sundial::sql::parser_internal {
namespace {

// Replaces each doubled `quote` in `body` by a single one.
std::string Undouble(std::string_view body, char quote) {
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    out += body[i];
    if (body[i] == quote && i + 1 < body.size() && body[i + 1] == quote) ++i;
  }
  return out;
}

}  // namespace

std::string FoldIdentifier(std::string_view token_text, bool quoted) {
  if (quoted) return Undouble(token_text.substr(1, token_text.size() - 2), '"');
  std::string out(token_text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string UnquoteString(std::string_view token_text) {
  return Undouble(token_text.substr(1, token_text.size() - 2), '\'');
}

Result<std::string> UnescapeExtendedString(std::string_view token_text) {
  // Skip the E and both quotes.
  const std::string_view body = token_text.substr(2, token_text.size() - 3);
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '\'') {
      out += '\'';
      ++i;  // the lexer only lets '' through
      continue;
    }
    if (c != '\\' || i + 1 == body.size()) {
      out += c;
      continue;
    }
    const char e = body[++i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'x': {
        int value = 0;
        size_t digits = 0;
        while (digits < 2 && i + 1 < body.size() && HexDigitValue(body[i + 1]) >= 0) {
          value = value * 16 + HexDigitValue(body[++i]);
          ++digits;
        }
        if (digits == 0) {
          out += 'x';
        } else {
          out += static_cast<char>(value);
        }
        break;
      }
      case 'u':
      case 'U': {
        const size_t want = e == 'u' ? 4 : 8;
        uint32_t value = 0;
        for (size_t d = 0; d < want; ++d) {
          if (i + 1 >= body.size() || HexDigitValue(body[i + 1]) < 0) {
            return Status::Error(ErrorCode::kSyntaxError, "invalid Unicode escape")
                .WithHint("Unicode escapes must be \\uXXXX or \\UXXXXXXXX.");
          }
          value = value * 16 + static_cast<uint32_t>(HexDigitValue(body[++i]));
        }
        if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
          return Status::Error(ErrorCode::kSyntaxError, "invalid Unicode escape value");
        }
        AppendUtf8(value, out);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          int value = e - '0';
          for (int d = 0; d < 2 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7';
               ++d) {
            value = value * 8 + (body[++i] - '0');
          }
          out += static_cast<char>(value & 0xFF);
        } else {
          out += e;
        }
    }
  }
  return out;
}

std::string UnquoteDollarString(std::string_view token_text) {
  const size_t tag_length = token_text.find('$', 1) + 1;
  return std::string(token_text.substr(tag_length, token_text.size() - 2 * tag_length));
}

}  // namespace sundial::sql::parser_internal
