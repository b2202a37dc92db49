#include "common/byte_size.h"

#include <cctype>
#include <charconv>
#include <string>

namespace sundial {

Result<size_t> ParseByteSize(std::string_view text) {
  auto invalid = [&] {
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         "invalid size \"" + std::string(text) +
                             "\": expected a number with an optional unit such as MiB or GiB");
  };
  size_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end == text.data()) return invalid();
  std::string unit;
  for (const char* p = end; p != text.data() + text.size(); ++p) {
    if (*p == ' ' && unit.empty()) continue;
    unit.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(*p))));
  }
  int shift = 0;
  if (unit.empty() || unit == "b") {
    shift = 0;
  } else if (unit == "k" || unit == "kb" || unit == "kib") {
    shift = 10;
  } else if (unit == "m" || unit == "mb" || unit == "mib") {
    shift = 20;
  } else if (unit == "g" || unit == "gb" || unit == "gib") {
    shift = 30;
  } else if (unit == "t" || unit == "tb" || unit == "tib") {
    shift = 40;
  } else {
    return invalid();
  }
  if (shift > 0 && value > (SIZE_MAX >> shift)) return invalid();
  return value << shift;
}

}  // namespace sundial
