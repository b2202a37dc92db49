// time (without time zone) text I/O: ParseTime and FormatTime (datetime.h).

#include <cctype>
#include <string>

#include "common/datetime.h"

namespace sundial {
namespace {

Status SyntaxError(std::string_view text) {
  return Status::Error(ErrorCode::kInvalidDatetimeFormat,
                       "invalid input syntax for type time: \"" + std::string(text) + "\"");
}

Status OutOfRange(std::string_view text) {
  return Status::Error(ErrorCode::kDatetimeFieldOverflow,
                       "date/time field value out of range: \"" + std::string(text) + "\"");
}

bool ReadNumber(std::string_view& rest, int max_digits, int64_t& value, int& digits) {
  value = 0;
  digits = 0;
  while (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest.front())) &&
         digits < max_digits) {
    value = value * 10 + (rest.front() - '0');
    rest.remove_prefix(1);
    ++digits;
  }
  return digits > 0;
}

void SkipSpaces(std::string_view& rest) {
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front())))
    rest.remove_prefix(1);
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// Microseconds of a fraction's digits, rounded half to even beyond six.
int64_t FractionMicros(std::string_view digits) {
  int64_t micros = 0;
  for (size_t i = 0; i < 6; ++i)
    micros = micros * 10 + (i < digits.size() ? digits[i] - '0' : 0);
  if (digits.size() <= 6) return micros;
  const int next = digits[6] - '0';
  const bool more = digits.find_first_not_of('0', 7) != std::string_view::npos;
  if (next > 5 || (next == 5 && (more || micros % 2 == 1))) ++micros;
  return micros;
}

}  // namespace

Result<int64_t> ParseTime(std::string_view text) {
  std::string_view rest = text;
  SkipSpaces(rest);
  if (StartsWithNoCase(rest, "allballs")) {
    rest.remove_prefix(8);
    SkipSpaces(rest);
    if (!rest.empty()) return SyntaxError(text);
    return int64_t{0};
  }
  // A leading date ("2003-04-12 04:05:06") is read past, as time_in does.
  if (rest.size() > 10 && rest[4] == '-' && rest[7] == '-' &&
      (rest[10] == ' ' || rest[10] == 'T')) {
    rest.remove_prefix(11);
    SkipSpaces(rest);
  }
  int64_t hour = 0, minute = 0, second = 0, micros = 0;
  int digits = 0;
  if (!ReadNumber(rest, 2, hour, digits)) return SyntaxError(text);
  if (rest.empty() || rest.front() != ':') return SyntaxError(text);
  rest.remove_prefix(1);
  if (!ReadNumber(rest, 2, minute, digits) || digits != 2) return SyntaxError(text);
  if (!rest.empty() && rest.front() == ':') {
    rest.remove_prefix(1);
    if (!ReadNumber(rest, 2, second, digits) || digits != 2) return SyntaxError(text);
    if (!rest.empty() && rest.front() == '.') {
      rest.remove_prefix(1);
      size_t count = 0;
      while (count < rest.size() && std::isdigit(static_cast<unsigned char>(rest[count])))
        ++count;
      micros = FractionMicros(rest.substr(0, count));
      rest.remove_prefix(count);
    }
  }
  SkipSpaces(rest);
  if (StartsWithNoCase(rest, "am") || StartsWithNoCase(rest, "pm")) {
    if (hour < 1 || hour > 12) return OutOfRange(text);
    const bool pm = std::tolower(static_cast<unsigned char>(rest.front())) == 'p';
    hour = hour % 12 + (pm ? 12 : 0);
    rest.remove_prefix(2);
    SkipSpaces(rest);
  }
  // A zone offset means nothing to a time without time zone.
  if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) {
    rest.remove_prefix(1);
    int64_t ignored = 0;
    if (!ReadNumber(rest, 2, ignored, digits)) return SyntaxError(text);
    if (!rest.empty() && rest.front() == ':') {
      rest.remove_prefix(1);
      if (!ReadNumber(rest, 2, ignored, digits)) return SyntaxError(text);
    }
  } else if (rest == "Z" || rest == "z") {
    rest = {};
  }
  SkipSpaces(rest);
  if (!rest.empty()) return SyntaxError(text);
  if (minute > 59 || second > 60 || hour > 24) return OutOfRange(text);
  const int64_t total = ((hour * 60 + minute) * 60 + second) * kMicrosPerSecond + micros;
  if (total > kMicrosPerDay) return OutOfRange(text);
  return total;
}

void FormatTime(int64_t micros, std::string& out) {
  const int64_t seconds = micros / kMicrosPerSecond;
  const int64_t fraction = micros % kMicrosPerSecond;
  auto two = [&](int64_t v) {
    out.push_back(static_cast<char>('0' + v / 10));
    out.push_back(static_cast<char>('0' + v % 10));
  };
  two(seconds / 3600);
  out.push_back(':');
  two(seconds / 60 % 60);
  out.push_back(':');
  two(seconds % 60);
  if (fraction == 0) return;
  std::string digits = std::to_string(fraction + kMicrosPerSecond).substr(1);
  digits.erase(digits.find_last_not_of('0') + 1);
  out.push_back('.');
  out += digits;
}

}  // namespace sundial
