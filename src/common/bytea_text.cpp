#include "common/bytea_text.h"

#include "common/text_escapes.h"

namespace sundial {
namespace {

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

Result<std::string> ParseHex(std::string_view digits) {
  std::string out;
  out.reserve(digits.size() / 2);
  size_t i = 0;
  while (i < digits.size()) {
    if (IsBlank(digits[i])) {
      ++i;
      continue;
    }
    const int high = HexDigitValue(digits[i]);
    if (high < 0) {
      return Status::Error(ErrorCode::kInvalidParameterValue,
                           "invalid hexadecimal digit: \"" + std::string(1, digits[i]) + "\"");
    }
    if (i + 1 >= digits.size()) {
      return Status::Error(ErrorCode::kInvalidParameterValue,
                           "invalid hexadecimal data: odd number of digits");
    }
    const int low = HexDigitValue(digits[i + 1]);
    if (low < 0) {
      return Status::Error(ErrorCode::kInvalidParameterValue,
                           "invalid hexadecimal digit: \"" + std::string(1, digits[i + 1]) + "\"");
    }
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return out;
}

bool IsOctal(char c) {
  return c >= '0' && c <= '7';
}

}  // namespace

Result<std::string> ParseByteaText(std::string_view text) {
  if (text.starts_with("\\x")) return ParseHex(text.substr(2));
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '\\') {
      out.push_back('\\');
      ++i;
    } else if (i + 3 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '3' &&
               IsOctal(text[i + 2]) && IsOctal(text[i + 3])) {
      out.push_back(static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 +
                                      (text[i + 3] - '0')));
      i += 3;
    } else {
      return Status::Error(ErrorCode::kInvalidTextRepresentation,
                           "invalid input syntax for type bytea");
    }
  }
  return out;
}

void FormatByteaText(std::string_view bytes, std::string& out) {
  out.reserve(out.size() + 2 + 2 * bytes.size());
  out += "\\x";
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(kLowerHexDigits[byte >> 4]);
    out.push_back(kLowerHexDigits[byte & 15]);
  }
}

}  // namespace sundial
