#include "common/uuid_text.h"

#include "common/text_escapes.h"

namespace sundial {
namespace {

// Where uuid_out puts its hyphens: before the 9th, 13th, 17th and 21st digit.
bool HyphenBefore(int digit) {
  return digit == 8 || digit == 12 || digit == 16 || digit == 20;
}

}  // namespace

Result<std::string> CanonicalUuidText(std::string_view text) {
  auto invalid = [&] {
    return Status::Error(ErrorCode::kInvalidTextRepresentation,
                         "invalid input syntax for type uuid: \"" + std::string(text) + "\"");
  };
  std::string_view rest = text;
  const bool braced = !rest.empty() && rest.front() == '{';
  if (braced) rest.remove_prefix(1);
  std::string out;
  out.reserve(36);
  int digits = 0;
  while (digits < 32) {
    if (rest.empty() || HexDigitValue(rest.front()) < 0) return invalid();
    if (HyphenBefore(digits)) out.push_back('-');
    out.push_back(kLowerHexDigits[HexDigitValue(rest.front())]);
    rest.remove_prefix(1);
    ++digits;
    // A hyphen may follow any group of four digits but the last.
    if (digits % 4 == 0 && digits < 32 && !rest.empty() && rest.front() == '-') {
      rest.remove_prefix(1);
    }
  }
  if (braced) {
    if (rest.empty() || rest.front() != '}') return invalid();
    rest.remove_prefix(1);
  }
  if (!rest.empty()) return invalid();
  return out;
}

std::string UuidBytes(std::string_view canonical) {
  std::string bytes;
  bytes.reserve(16);
  int high = -1;
  for (char c : canonical) {
    const int value = HexDigitValue(c);
    if (value < 0) continue;
    if (high < 0) {
      high = value;
    } else {
      bytes.push_back(static_cast<char>(high * 16 + value));
      high = -1;
    }
  }
  return bytes;
}

std::string UuidTextFromBytes(std::string_view bytes) {
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (HyphenBefore(static_cast<int>(2 * i))) out.push_back('-');
    const auto byte = static_cast<unsigned char>(bytes[i]);
    out.push_back(kLowerHexDigits[byte >> 4]);
    out.push_back(kLowerHexDigits[byte & 15]);
  }
  return out;
}

}  // namespace sundial
