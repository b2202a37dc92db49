// Text input and output of intervals as PostgreSQL 15 does them with
// IntervalStyle postgres: "1 day 02:00:00", "5 minutes", "1h", "PT5M",
// "@ 1 hour ago". Fractional units spill into smaller ones the same way
// (1.5 mons = 1 mon 15 days, 1.5 days = 1 day 12:00:00).

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <string_view>

#include <fmt/format.h>

#include "common/datetime.h"

namespace sundial {
namespace {

constexpr int kDaysPerMonth = 30;
constexpr int kMonthsPerYear = 12;

enum class Unit {
  kNone,
  kMicrosecond,
  kMillisecond,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kYear,
  kDecade,
  kCentury,
  kMillennium,
};

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
char Lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

struct UnitName {
  std::string_view name;
  Unit unit;
};

// PostgreSQL's table of interval unit spellings.
constexpr UnitName kUnitNames[] = {
    {"us", Unit::kMicrosecond},
    {"usec", Unit::kMicrosecond},
    {"usecs", Unit::kMicrosecond},
    {"useconds", Unit::kMicrosecond},
    {"microsecon", Unit::kMicrosecond},
    {"microsecond", Unit::kMicrosecond},
    {"microseconds", Unit::kMicrosecond},
    {"ms", Unit::kMillisecond},
    {"msec", Unit::kMillisecond},
    {"msecs", Unit::kMillisecond},
    {"mseconds", Unit::kMillisecond},
    {"millisecon", Unit::kMillisecond},
    {"millisecond", Unit::kMillisecond},
    {"milliseconds", Unit::kMillisecond},
    {"s", Unit::kSecond},
    {"sec", Unit::kSecond},
    {"secs", Unit::kSecond},
    {"second", Unit::kSecond},
    {"seconds", Unit::kSecond},
    {"m", Unit::kMinute},
    {"min", Unit::kMinute},
    {"mins", Unit::kMinute},
    {"minute", Unit::kMinute},
    {"minutes", Unit::kMinute},
    {"h", Unit::kHour},
    {"hr", Unit::kHour},
    {"hrs", Unit::kHour},
    {"hour", Unit::kHour},
    {"hours", Unit::kHour},
    {"d", Unit::kDay},
    {"day", Unit::kDay},
    {"days", Unit::kDay},
    {"w", Unit::kWeek},
    {"week", Unit::kWeek},
    {"weeks", Unit::kWeek},
    {"mon", Unit::kMonth},
    {"mons", Unit::kMonth},
    {"month", Unit::kMonth},
    {"months", Unit::kMonth},
    {"y", Unit::kYear},
    {"yr", Unit::kYear},
    {"yrs", Unit::kYear},
    {"year", Unit::kYear},
    {"years", Unit::kYear},
    {"dec", Unit::kDecade},
    {"decs", Unit::kDecade},
    {"decade", Unit::kDecade},
    {"decades", Unit::kDecade},
    {"c", Unit::kCentury},
    {"cent", Unit::kCentury},
    {"century", Unit::kCentury},
    {"centuries", Unit::kCentury},
    {"mil", Unit::kMillennium},
    {"mils", Unit::kMillennium},
    {"millennium", Unit::kMillennium},
    {"millennia", Unit::kMillennium},
};

Unit LookupUnit(std::string_view word) {
  char lowered[16];
  if (word.size() > sizeof(lowered)) return Unit::kNone;
  for (size_t i = 0; i < word.size(); ++i)
    lowered[i] = Lower(word[i]);
  std::string_view key(lowered, word.size());
  for (const UnitName& u : kUnitNames) {
    if (u.name == key) return u.unit;
  }
  return Unit::kNone;
}

// The accumulated fields, kept apart until the end like PostgreSQL's
// pg_itm_in so that "ago" and overflow checks see every part.
struct Accumulator {
  int64_t years = 0;
  int64_t months = 0;
  int64_t days = 0;
  int64_t micros = 0;
  bool overflow = false;

  void AddMicros(int64_t v) { overflow |= __builtin_add_overflow(micros, v, &micros); }
  // The fraction of `scale` microseconds, rounded half away from zero.
  void AddFractMicros(double fraction, int64_t scale) {
    if (fraction == 0) return;
    double scaled = fraction * static_cast<double>(scale);
    if (std::fabs(scaled) > 9.2e18) {
      overflow = true;
      return;
    }
    auto whole = static_cast<int64_t>(scaled);
    double rest = scaled - static_cast<double>(whole);
    if (rest > 0.5) ++whole;
    if (rest < -0.5) --whole;
    AddMicros(whole);
  }
  void AddFractDays(double fraction, int scale) {
    if (fraction == 0) return;
    double scaled = fraction * scale;
    auto whole = static_cast<int64_t>(scaled);
    days += whole;
    AddFractMicros(scaled - static_cast<double>(whole), kMicrosPerDay);
  }
  void AddFractYears(double fraction, int scale) {
    months += static_cast<int64_t>(std::rint(fraction * scale * kMonthsPerYear));
  }
  void AddScaledMicros(int64_t whole, int64_t scale) {
    int64_t product = 0;
    overflow |= __builtin_mul_overflow(whole, scale, &product);
    AddMicros(product);
  }

  void Add(Unit unit, int64_t whole, double fraction) {
    switch (unit) {
      case Unit::kMicrosecond:
        AddScaledMicros(whole, 1);
        AddFractMicros(fraction, 1);
        break;
      case Unit::kMillisecond:
        AddScaledMicros(whole, 1000);
        AddFractMicros(fraction, 1000);
        break;
      case Unit::kNone:
      case Unit::kSecond:
        AddScaledMicros(whole, kMicrosPerSecond);
        AddFractMicros(fraction, kMicrosPerSecond);
        break;
      case Unit::kMinute:
        AddScaledMicros(whole, kMicrosPerMinute);
        AddFractMicros(fraction, kMicrosPerMinute);
        break;
      case Unit::kHour:
        AddScaledMicros(whole, kMicrosPerHour);
        AddFractMicros(fraction, kMicrosPerHour);
        break;
      case Unit::kDay:
        days += whole;
        AddFractMicros(fraction, kMicrosPerDay);
        break;
      case Unit::kWeek:
        days += whole * 7;
        AddFractDays(fraction, 7);
        break;
      case Unit::kMonth:
        months += whole;
        AddFractDays(fraction, kDaysPerMonth);
        break;
      case Unit::kYear:
        years += whole;
        AddFractYears(fraction, 1);
        break;
      case Unit::kDecade:
        years += whole * 10;
        AddFractYears(fraction, 10);
        break;
      case Unit::kCentury:
        years += whole * 100;
        AddFractYears(fraction, 100);
        break;
      case Unit::kMillennium:
        years += whole * 1000;
        AddFractYears(fraction, 1000);
        break;
    }
  }
};

// Each unit may appear once, as in PostgreSQL ("1 hour 1 hour" is an error).
// A fractional second also claims the millisecond and microsecond slots.
bool Claim(uint32_t& seen, Unit unit, double fraction) {
  uint32_t bits = uint32_t{1} << static_cast<int>(unit);
  if (unit == Unit::kSecond && fraction != 0) {
    bits |= (uint32_t{1} << static_cast<int>(Unit::kMillisecond)) |
            (uint32_t{1} << static_cast<int>(Unit::kMicrosecond));
  }
  if ((seen & bits) != 0) return false;
  seen |= bits;
  return true;
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}
  bool done() const { return pos_ >= s_.size(); }
  char peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  void advance(size_t n = 1) { pos_ += n; }
  size_t pos() const { return pos_; }
  void Reset(size_t pos) { pos_ = pos; }
  void SkipSpace() {
    while (!done() && IsSpace(s_[pos_]))
      ++pos_;
  }

  // Unsigned "123" or "123.45" or ".5": whole and fractional parts.
  bool Number(int64_t& whole, double& fraction) {
    whole = 0;
    fraction = 0;
    size_t start = pos_;
    while (IsDigit(peek())) {
      if (__builtin_mul_overflow(whole, 10, &whole) ||
          __builtin_add_overflow(whole, peek() - '0', &whole)) {
        return false;
      }
      advance();
    }
    if (peek() == '.') {
      size_t dot = pos_;
      advance();
      while (IsDigit(peek()))
        advance();
      if (pos_ - dot > 1) {
        auto [ptr, ec] = std::from_chars(s_.data() + dot, s_.data() + pos_, fraction);
        if (ec != std::errc()) return false;
      }
    }
    return pos_ > start && !(pos_ - start == 1 && s_[start] == '.');
  }

  std::string_view Word() {
    size_t start = pos_;
    while (IsAlpha(peek()))
      advance();
    return s_.substr(start, pos_ - start);
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

// "hh:mm", "hh:mm:ss", "hh:mm:ss.ffffff" after the sign.
bool ParseTimeField(Lexer& in, bool negative, Accumulator& acc) {
  int64_t hours = 0;
  int64_t minutes = 0;
  int64_t seconds = 0;
  double fraction = 0;
  double unused = 0;
  if (!in.Number(hours, unused) || unused != 0 || in.peek() != ':') return false;
  in.advance();
  if (!in.Number(minutes, fraction) || minutes > 59) return false;
  if (in.peek() == ':') {
    if (fraction != 0) return false;
    in.advance();
    if (!in.Number(seconds, fraction) || seconds > 59) return false;
  } else if (fraction != 0) {
    // "mm.fff" in the second slot means minutes:seconds only when followed by
    // seconds, which PostgreSQL does not accept either.
    return false;
  }
  int64_t sign = negative ? -1 : 1;
  acc.AddScaledMicros(sign * hours, kMicrosPerHour);
  acc.AddScaledMicros(sign * minutes, kMicrosPerMinute);
  acc.AddScaledMicros(sign * seconds, kMicrosPerSecond);
  acc.AddFractMicros(sign * fraction, kMicrosPerSecond);
  return true;
}

// ISO 8601 "P1Y2M3DT4H5M6.5S" (after the 'P').
bool ParseIso(Lexer& in, Accumulator& acc) {
  uint32_t seen = 0;
  bool in_time = false;
  bool any = false;
  while (!in.done()) {
    char c = in.peek();
    if (c == 'T') {
      if (in_time) return false;
      in_time = true;
      in.advance();
      continue;
    }
    bool negative = false;
    if (c == '-' || c == '+') {
      negative = c == '-';
      in.advance();
    }
    int64_t whole = 0;
    double fraction = 0;
    if (!in.Number(whole, fraction)) return false;
    if (negative) {
      whole = -whole;
      fraction = -fraction;
    }
    Unit unit = Unit::kNone;
    switch (in.peek()) {
      case 'Y':
        unit = in_time ? Unit::kNone : Unit::kYear;
        break;
      case 'M':
        unit = in_time ? Unit::kMinute : Unit::kMonth;
        break;
      case 'W':
        unit = in_time ? Unit::kNone : Unit::kWeek;
        break;
      case 'D':
        unit = in_time ? Unit::kNone : Unit::kDay;
        break;
      case 'H':
        unit = in_time ? Unit::kHour : Unit::kNone;
        break;
      case 'S':
        unit = in_time ? Unit::kSecond : Unit::kNone;
        break;
      default:
        break;
    }
    if (unit == Unit::kNone || !Claim(seen, unit, fraction)) return false;
    in.advance();
    acc.Add(unit, whole, fraction);
    any = true;
  }
  return any;
}

bool ParsePostgresForm(Lexer& in, Accumulator& acc, bool& ago) {
  uint32_t seen = 0;
  bool any = false;
  in.SkipSpace();
  if (in.peek() == '@') {
    in.advance();
    in.SkipSpace();
  }
  while (!in.done()) {
    char c = in.peek();
    if (IsAlpha(c)) {
      std::string_view word = in.Word();
      if (word.size() == 3 && Lower(word[0]) == 'a' && Lower(word[1]) == 'g' &&
          Lower(word[2]) == 'o' && !ago) {
        ago = true;
        in.SkipSpace();
        continue;
      }
      return false;
    }
    bool negative = false;
    if (c == '-' || c == '+') {
      negative = c == '-';
      in.advance();
    }
    if (!IsDigit(in.peek()) && in.peek() != '.') return false;
    if (ago) return false;
    // A time field "hh:mm[:ss]" is recognised by the colon after its digits.
    size_t probe = 0;
    while (IsDigit(in.peek(probe)))
      ++probe;
    if (in.peek(probe) == ':') {
      if (!Claim(seen, Unit::kHour, 0) || !Claim(seen, Unit::kMinute, 0) ||
          !Claim(seen, Unit::kSecond, 0) || !ParseTimeField(in, negative, acc)) {
        return false;
      }
      any = true;
      in.SkipSpace();
      continue;
    }
    int64_t whole = 0;
    double fraction = 0;
    if (!in.Number(whole, fraction)) return false;
    if (in.peek() == '-' && !negative && fraction == 0 && IsDigit(in.peek(1))) {
      // SQL-standard year-month "1-2".
      in.advance();
      int64_t months = 0;
      double month_fraction = 0;
      if (!in.Number(months, month_fraction) || month_fraction != 0 || months > 11) return false;
      if (!Claim(seen, Unit::kYear, 0) || !Claim(seen, Unit::kMonth, 0)) return false;
      acc.years += whole;
      acc.months += months;
      any = true;
      in.SkipSpace();
      continue;
    }
    if (negative) {
      whole = -whole;
      fraction = -fraction;
    }
    in.SkipSpace();
    Unit unit = Unit::kNone;
    if (IsAlpha(in.peek())) {
      size_t word_start = in.pos();
      unit = LookupUnit(in.Word());
      // Not a unit: the number is in seconds and the word ("ago" or
      // garbage) is looked at on the next round.
      if (unit == Unit::kNone) in.Reset(word_start);
      in.SkipSpace();
    }
    if (!Claim(seen, unit == Unit::kNone ? Unit::kSecond : unit, fraction)) return false;
    acc.Add(unit, whole, fraction);
    any = true;
  }
  return any;
}

Status InvalidInterval(std::string_view text) {
  return Status::Error(ErrorCode::kInvalidDatetimeFormat,
                       fmt::format("invalid input syntax for type interval: \"{}\"", text));
}

bool FitsInt32(int64_t v) {
  return v >= INT32_MIN && v <= INT32_MAX;
}

}  // namespace

Result<Interval> ParseInterval(std::string_view text) {
  std::string_view trimmed = text;
  while (!trimmed.empty() && IsSpace(trimmed.front()))
    trimmed.remove_prefix(1);
  while (!trimmed.empty() && IsSpace(trimmed.back()))
    trimmed.remove_suffix(1);
  Accumulator acc;
  bool ago = false;
  bool parsed = false;
  if (!trimmed.empty() && (trimmed.front() == 'P' || trimmed.front() == 'p')) {
    Lexer in(trimmed.substr(1));
    parsed = ParseIso(in, acc);
  } else {
    Lexer in(trimmed);
    parsed = ParsePostgresForm(in, acc, ago);
  }
  if (!parsed) return InvalidInterval(text);
  int64_t months = 0;
  bool overflow = acc.overflow || __builtin_mul_overflow(acc.years, kMonthsPerYear, &months) ||
                  __builtin_add_overflow(months, acc.months, &months) || !FitsInt32(months) ||
                  !FitsInt32(acc.days);
  if (overflow) {
    return Status::Error(ErrorCode::kDatetimeFieldOverflow,
                         fmt::format("interval field value out of range: \"{}\"", text));
  }
  Interval result{.micros = acc.micros,
                  .days = static_cast<int32_t>(acc.days),
                  .months = static_cast<int32_t>(months)};
  if (ago) {
    result.micros = -result.micros;
    result.days = -result.days;
    result.months = -result.months;
  }
  return result;
}

namespace {

// One "3 days" / "-1 years" part; after a negative part PostgreSQL marks the
// next positive one with "+" so the reader does not carry the sign over.
void AppendPart(std::string& out, int64_t value, std::string_view unit, bool& is_zero,
                bool& is_before) {
  if (value == 0) return;
  if (!is_zero) out.push_back(' ');
  if (is_before && value > 0) out.push_back('+');
  fmt::format_to(std::back_inserter(out), "{} {}", value, unit);
  if (value != 1) out.push_back('s');
  is_before = value < 0;
  is_zero = false;
}

void AppendTwoOrMore(std::string& out, int64_t v) {
  if (v < 10) out.push_back('0');
  fmt::format_to(std::back_inserter(out), "{}", v);
}

}  // namespace

void FormatInterval(const Interval& interval, std::string& out) {
  int64_t years = interval.months / kMonthsPerYear;
  int64_t months = interval.months % kMonthsPerYear;
  bool is_zero = true;
  bool is_before = false;
  AppendPart(out, years, "year", is_zero, is_before);
  AppendPart(out, months, "mon", is_zero, is_before);
  AppendPart(out, interval.days, "day", is_zero, is_before);
  int64_t micros = interval.micros;
  if (!is_zero && micros == 0) return;
  int64_t hours = micros / kMicrosPerHour;
  micros -= hours * kMicrosPerHour;
  int64_t minutes = micros / kMicrosPerMinute;
  micros -= minutes * kMicrosPerMinute;
  int64_t seconds = micros / kMicrosPerSecond;
  int64_t fraction = micros - seconds * kMicrosPerSecond;
  bool minus = hours < 0 || minutes < 0 || seconds < 0 || fraction < 0;
  if (!is_zero) out.push_back(' ');
  if (minus) {
    out.push_back('-');
  } else if (is_before) {
    out.push_back('+');
  }
  // |INT64_MIN| hours cannot occur: micros / kMicrosPerHour is far smaller.
  AppendTwoOrMore(out, std::abs(hours));
  out.push_back(':');
  AppendTwoOrMore(out, std::abs(minutes));
  out.push_back(':');
  AppendTwoOrMore(out, std::abs(seconds));
  fraction = std::abs(fraction);
  if (fraction != 0) {
    char buf[7];
    buf[0] = '.';
    for (int i = 6; i >= 1; --i) {
      buf[i] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    int end = 7;
    while (buf[end - 1] == '0')
      --end;
    out.append(buf, static_cast<size_t>(end));
  }
}

}  // namespace sundial
