// Text input of timestamptz, timestamp and date, as PostgreSQL's datetime
// parser accepts it for DateStyle ISO, MDY. This runs once per value on the
// COPY path, so the common shapes are scanned by hand without allocating.

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "common/datetime.h"

namespace sundial {
namespace {

// PostgreSQL's dates end before 5874898-01-01 and start where timestamps do.
constexpr int64_t kEndDateDays = 2145042906;  // 5874898-01-01

enum class Outcome { kOk, kSyntax, kFieldOverflow, kOutOfRange, kZoneDisplacement, kUnknownZone };

enum class Special {
  kNone,
  kInfinity,
  kMinusInfinity,
  kEpoch,
  kNow,
  kToday,
  kTomorrow,
  kYesterday
};

enum class ZoneKind { kNone, kOffset, kNamed };

struct Fields {
  Special special = Special::kNone;
  int64_t year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int64_t micros = 0;  // fraction of the second, may round up to a full second
  ZoneKind zone_kind = ZoneKind::kNone;
  int32_t offset_east = 0;
  std::string_view zone_name;
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

bool EqualsIgnoreCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != lower[i]) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back()))
    s.remove_suffix(1);
  return s;
}

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool done() const { return pos_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[pos_]; }
  char peek_at(size_t ahead) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  void advance(size_t n = 1) { pos_ += n; }
  size_t pos() const { return pos_; }
  std::string_view rest() const { return s_.substr(pos_); }
  std::string_view slice(size_t from, size_t to) const { return s_.substr(from, to - from); }
  void SkipSpace() {
    while (!done() && IsSpace(s_[pos_]))
      ++pos_;
  }
  // Reads a run of digits (at most 9, so it fits); returns the digit count.
  int Number(int64_t& value) {
    value = 0;
    int count = 0;
    while (!done() && IsDigit(s_[pos_])) {
      if (count == 9) return -1;
      value = value * 10 + (s_[pos_] - '0');
      ++pos_;
      ++count;
    }
    return count;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

Special SpecialWord(std::string_view word) {
  if (EqualsIgnoreCase(word, "infinity") || EqualsIgnoreCase(word, "+infinity")) {
    return Special::kInfinity;
  }
  if (EqualsIgnoreCase(word, "-infinity")) return Special::kMinusInfinity;
  if (EqualsIgnoreCase(word, "epoch")) return Special::kEpoch;
  if (EqualsIgnoreCase(word, "now")) return Special::kNow;
  if (EqualsIgnoreCase(word, "today")) return Special::kToday;
  if (EqualsIgnoreCase(word, "tomorrow")) return Special::kTomorrow;
  if (EqualsIgnoreCase(word, "yesterday")) return Special::kYesterday;
  return Special::kNone;
}

// Two-digit years in M/D/Y input are taken as 1970-2069, as PostgreSQL does.
int64_t AdjustTwoDigitYear(int64_t year, int digits) {
  if (digits > 2) return year;
  return year < 70 ? year + 2000 : year + 1900;
}

Outcome ParseDatePart(Scanner& in, Fields& f) {
  int64_t first = 0;
  int first_digits = in.Number(first);
  if (first_digits <= 0) return Outcome::kSyntax;
  char sep = in.peek();
  if (sep == '-' || sep == '/' || sep == '.') {
    in.advance();
    int64_t second = 0;
    int64_t third = 0;
    if (in.Number(second) <= 0 || in.peek() != sep) return Outcome::kSyntax;
    in.advance();
    int third_digits = in.Number(third);
    if (third_digits <= 0) return Outcome::kSyntax;
    if (first_digits >= 3) {
      f.year = first;
      f.month = static_cast<int>(second);
      f.day = static_cast<int>(third);
    } else {
      f.month = static_cast<int>(first);
      f.day = static_cast<int>(second);
      f.year = AdjustTwoDigitYear(third, third_digits);
    }
    return Outcome::kOk;
  }
  if (first_digits == 8) {
    f.year = first / 10000;
    f.month = static_cast<int>(first / 100 % 100);
    f.day = static_cast<int>(first % 100);
    return Outcome::kOk;
  }
  return Outcome::kSyntax;
}

// Fraction digits after the '.', rounded to microseconds the way PostgreSQL
// does (rint of the parsed fraction, so exact halves go to even).
bool ParseFraction(Scanner& in, int64_t& micros) {
  size_t start = in.pos();  // at the '.'
  in.advance();
  int64_t value = 0;
  int digits = 0;
  while (IsDigit(in.peek())) {
    if (digits < 6) value = value * 10 + (in.peek() - '0');
    ++digits;
    in.advance();
  }
  if (digits <= 6) {
    for (int i = digits; i < 6; ++i)
      value *= 10;
    micros = value;
    return true;
  }
  std::string_view text = in.slice(start, in.pos());
  double fraction = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), fraction);
  if (ec != std::errc() || ptr != text.data() + text.size()) return false;
  micros = static_cast<int64_t>(std::rint(fraction * 1e6));
  return true;
}

Outcome ParseTimePart(Scanner& in, Fields& f) {
  int64_t hour = 0;
  int64_t minute = 0;
  int64_t second = 0;
  int hour_digits = in.Number(hour);
  if (hour_digits <= 0 || hour_digits > 2 || in.peek() != ':') return Outcome::kSyntax;
  in.advance();
  int minute_digits = in.Number(minute);
  if (minute_digits <= 0 || minute_digits > 2) return Outcome::kSyntax;
  if (in.peek() == ':') {
    in.advance();
    int second_digits = in.Number(second);
    if (second_digits <= 0 || second_digits > 2) return Outcome::kSyntax;
    if (in.peek() == '.' && !ParseFraction(in, f.micros)) return Outcome::kSyntax;
  }
  f.hour = static_cast<int>(hour);
  f.minute = static_cast<int>(minute);
  f.second = static_cast<int>(second);
  return Outcome::kOk;
}

// "+05", "-0800", "+05:30", "+05:30:15", "+053015".
Outcome ParseNumericZone(Scanner& in, Fields& f) {
  bool negative = in.peek() == '-';
  in.advance();
  int64_t a = 0;
  int digits = in.Number(a);
  int64_t hours = 0;
  int64_t minutes = 0;
  int64_t seconds = 0;
  if (digits <= 0) return Outcome::kSyntax;
  if (in.peek() == ':') {
    if (digits > 2) return Outcome::kSyntax;
    hours = a;
    in.advance();
    if (in.Number(minutes) != 2) return Outcome::kSyntax;
    if (in.peek() == ':') {
      in.advance();
      if (in.Number(seconds) != 2) return Outcome::kSyntax;
    }
  } else if (digits <= 2) {
    hours = a;
  } else if (digits <= 4) {
    hours = a / 100;
    minutes = a % 100;
  } else if (digits <= 6) {
    hours = a / 10000;
    minutes = a / 100 % 100;
    seconds = a % 100;
  } else {
    return Outcome::kSyntax;
  }
  if (minutes > 59 || seconds > 59) return Outcome::kFieldOverflow;
  if (hours > 15) return Outcome::kZoneDisplacement;
  int32_t total = static_cast<int32_t>(hours * 3600 + minutes * 60 + seconds);
  f.zone_kind = ZoneKind::kOffset;
  f.offset_east = negative ? -total : total;
  return Outcome::kOk;
}

// Abbreviations from PostgreSQL's default timezone_abbreviations set that
// are not zone file names themselves.
struct Abbreviation {
  std::string_view name;
  int32_t offset_east;
};
constexpr Abbreviation kAbbreviations[] = {
    {"z", 0},           {"zulu", 0},         {"ut", 0},           {"utc", 0},
    {"gmt", 0},         {"pst", -8 * 3600},  {"pdt", -7 * 3600},  {"mst", -7 * 3600},
    {"mdt", -6 * 3600}, {"cst", -6 * 3600},  {"cdt", -5 * 3600},  {"est", -5 * 3600},
    {"edt", -4 * 3600}, {"akst", -9 * 3600}, {"akdt", -8 * 3600}, {"hst", -10 * 3600},
    {"cet", 3600},      {"cest", 7200},      {"met", 3600},       {"mest", 7200},
    {"eet", 7200},      {"eest", 10800},     {"wet", 0},          {"west", 3600},
    {"bst", 3600},      {"msk", 10800},      {"jst", 9 * 3600},   {"kst", 9 * 3600},
    {"ist", 7200},      {"aest", 36000},     {"aedt", 39600},     {"nzst", 43200},
    {"nzdt", 46800},
};

bool IsZoneChar(char c) {
  return IsAlpha(c) || IsDigit(c) || c == '/' || c == '_' || c == '+' || c == '-';
}

// A trailing word: era marker, zone abbreviation or zone name.
Outcome ParseWord(Scanner& in, Fields& f, bool& bc) {
  size_t start = in.pos();
  while (IsZoneChar(in.peek()))
    in.advance();
  std::string_view word = in.slice(start, in.pos());
  if (EqualsIgnoreCase(word, "bc")) {
    bc = true;
    return Outcome::kOk;
  }
  if (EqualsIgnoreCase(word, "ad")) return Outcome::kOk;
  if (f.zone_kind != ZoneKind::kNone) return Outcome::kSyntax;
  for (const Abbreviation& a : kAbbreviations) {
    if (EqualsIgnoreCase(word, a.name)) {
      f.zone_kind = ZoneKind::kOffset;
      f.offset_east = a.offset_east;
      return Outcome::kOk;
    }
  }
  if (word.find('/') == std::string_view::npos && word.size() < 3) return Outcome::kSyntax;
  f.zone_kind = ZoneKind::kNamed;
  f.zone_name = word;
  return Outcome::kOk;
}

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

Outcome ParseFields(std::string_view text, Fields& f) {
  std::string_view trimmed = Trim(text);
  if (trimmed.empty()) return Outcome::kSyntax;
  if (!IsDigit(trimmed.front())) {
    f.special = SpecialWord(trimmed);
    return f.special == Special::kNone ? Outcome::kSyntax : Outcome::kOk;
  }
  Scanner in(trimmed);
  Outcome outcome = ParseDatePart(in, f);
  if (outcome != Outcome::kOk) return outcome;
  bool bc = false;
  bool has_time = false;
  while (!in.done()) {
    char c = in.peek();
    if ((c == 'T' || c == 't') && !has_time && IsDigit(in.peek_at(1))) {
      in.advance();
      outcome = ParseTimePart(in, f);
      has_time = true;
    } else if (IsSpace(c)) {
      in.SkipSpace();
      continue;
    } else if (IsDigit(c) && !has_time && f.zone_kind == ZoneKind::kNone) {
      outcome = ParseTimePart(in, f);
      has_time = true;
    } else if (c == '+' || c == '-') {
      if (f.zone_kind != ZoneKind::kNone) return Outcome::kSyntax;
      outcome = ParseNumericZone(in, f);
    } else if (IsAlpha(c)) {
      outcome = ParseWord(in, f, bc);
    } else {
      return Outcome::kSyntax;
    }
    if (outcome != Outcome::kOk) return outcome;
  }
  if (f.month < 1 || f.month > 12 || f.day < 1) return Outcome::kFieldOverflow;
  if (f.year == 0) return Outcome::kFieldOverflow;
  if (bc) f.year = 1 - f.year;
  if (f.day > DaysInMonth(f.year, f.month)) return Outcome::kFieldOverflow;
  if (f.hour > 24 || f.minute > 59 || f.second > 60) return Outcome::kFieldOverflow;
  if (f.hour == 24 && (f.minute != 0 || f.second != 0 || f.micros != 0)) {
    return Outcome::kFieldOverflow;
  }
  return Outcome::kOk;
}

// The layout of nearly every bulk-loaded timestamp, "YYYY-MM-DD HH:MM:SS"
// (or 'T' between) with up to 6 fraction digits and nothing else, read
// without the general scanner. False means "not this layout or not plainly
// valid": the general parser then decides, so results never differ.
bool ParseIsoFields(std::string_view s, Fields& f) {
  if (s.size() < 19 || s.size() == 20 || s.size() > 26) return false;
  const char* p = s.data();
  auto digit = [p](size_t i) { return static_cast<unsigned>(p[i] - '0'); };
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
    if (digit(i) > 9) return false;
  }
  if (p[4] != '-' || p[7] != '-' || (p[10] != ' ' && p[10] != 'T') || p[13] != ':' ||
      p[16] != ':') {
    return false;
  }
  int64_t micros = 0;
  if (s.size() > 19) {
    if (p[19] != '.') return false;
    int scale = 100000;
    for (size_t i = 20; i < s.size(); ++i, scale /= 10) {
      if (digit(i) > 9) return false;
      micros += digit(i) * scale;
    }
  }
  f.year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  f.month = static_cast<int>(digit(5) * 10 + digit(6));
  f.day = static_cast<int>(digit(8) * 10 + digit(9));
  f.hour = static_cast<int>(digit(11) * 10 + digit(12));
  f.minute = static_cast<int>(digit(14) * 10 + digit(15));
  f.second = static_cast<int>(digit(17) * 10 + digit(18));
  f.micros = micros;
  return f.year > 0 && f.month >= 1 && f.month <= 12 && f.day >= 1 &&
         f.day <= DaysInMonth(f.year, f.month) && f.hour < 24 && f.minute < 60 && f.second < 60;
}

int64_t LocalMicros(const Fields& f, int64_t days) {
  return days * kMicrosPerDay + f.hour * kMicrosPerHour + f.minute * kMicrosPerMinute +
         f.second * kMicrosPerSecond + f.micros;
}

int64_t NowMicros() {
  using std::chrono::duration_cast;
  using std::chrono::microseconds;
  return duration_cast<microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Status Failure(Outcome outcome, std::string_view type_name, std::string_view text,
               std::string_view zone_name) {
  switch (outcome) {
    case Outcome::kFieldOverflow:
      return Status::Error(ErrorCode::kDatetimeFieldOverflow,
                           fmt::format("date/time field value out of range: \"{}\"", text));
    case Outcome::kOutOfRange:
      return Status::Error(
          ErrorCode::kDatetimeFieldOverflow,
          fmt::format("{} out of range: \"{}\"", type_name == "date" ? "date" : "timestamp", text));
    case Outcome::kZoneDisplacement:
      return Status::Error(ErrorCode::kDatetimeFieldOverflow,
                           fmt::format("time zone displacement out of range: \"{}\"", text));
    case Outcome::kUnknownZone: {
      std::string lowered(zone_name);
      for (char& c : lowered)
        c = Lower(c);
      return Status::Error(ErrorCode::kInvalidParameterValue,
                           fmt::format("time zone \"{}\" not recognized", lowered));
    }
    case Outcome::kOk:
    case Outcome::kSyntax:
      break;
  }
  return Status::Error(ErrorCode::kInvalidDatetimeFormat,
                       fmt::format("invalid input syntax for type {}: \"{}\"", type_name, text));
}

// Parses into local wall-clock micros (for timestamp) or resolves the zone
// (for timestamptz). `zone` null means "ignore any zone in the text".
Result<int64_t> ParseInstant(std::string_view text, const TimeZone* zone,
                             std::string_view type_name) {
  Fields f;
  if (!ParseIsoFields(text, f)) {
    f = Fields{};
    Outcome outcome = ParseFields(text, f);
    if (outcome != Outcome::kOk) return Failure(outcome, type_name, text, {});
  }
  switch (f.special) {
    case Special::kInfinity:
      return kTimestampInfinity;
    case Special::kMinusInfinity:
      return kTimestampMinusInfinity;
    case Special::kEpoch:
      return int64_t{0};
    case Special::kNow:
      return NowMicros();
    case Special::kToday:
    case Special::kTomorrow:
    case Special::kYesterday: {
      const TimeZone& local_zone = zone ? *zone : TimeZone::Utc();
      int64_t now = NowMicros();
      int64_t local = now + int64_t{local_zone.OffsetAt(now)} * kMicrosPerSecond;
      int64_t day = FloorDiv(local, kMicrosPerDay);
      if (f.special == Special::kTomorrow) ++day;
      if (f.special == Special::kYesterday) --day;
      int64_t midnight = day * kMicrosPerDay;
      return zone ? zone->LocalToUtc(midnight) : midnight;
    }
    case Special::kNone:
      break;
  }
  int64_t days =
      DaysFromCivil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day));
  if (days < kMinTimestampDays || days >= kEndTimestampDays) {
    return Failure(Outcome::kOutOfRange, type_name, text, {});
  }
  int64_t local = LocalMicros(f, days);
  if (zone == nullptr) return local;
  switch (f.zone_kind) {
    case ZoneKind::kNone:
      return zone->LocalToUtc(local);
    case ZoneKind::kOffset:
      return local - int64_t{f.offset_east} * kMicrosPerSecond;
    case ZoneKind::kNamed: {
      // A zone named in the text is usually the same on every row of a load.
      thread_local TimeZone last_zone;
      thread_local std::string last_name;
      if (last_name != f.zone_name) {
        auto found = TimeZone::Lookup(f.zone_name);
        if (!found.ok()) return Failure(Outcome::kUnknownZone, type_name, text, f.zone_name);
        last_zone = *found;
        last_name = std::string(f.zone_name);
      }
      return last_zone.LocalToUtc(local);
    }
  }
  return local;
}

}  // namespace

bool LookupZoneAbbreviation(std::string_view name, int32_t& offset_east) {
  for (const Abbreviation& a : kAbbreviations) {
    if (EqualsIgnoreCase(name, a.name)) {
      offset_east = a.offset_east;
      return true;
    }
  }
  return false;
}

Result<int64_t> ParseTimestampTz(std::string_view text, const TimeZone& zone) {
  return ParseInstant(text, &zone, "timestamp with time zone");
}

Result<int64_t> ParseTimestamp(std::string_view text) {
  return ParseInstant(text, nullptr, "timestamp");
}

Result<int32_t> ParseDate(std::string_view text) {
  Fields f;
  Outcome outcome = ParseFields(text, f);
  if (outcome != Outcome::kOk) return Failure(outcome, "date", text, {});
  switch (f.special) {
    case Special::kInfinity:
      return kDateInfinity;
    case Special::kMinusInfinity:
      return kDateMinusInfinity;
    case Special::kEpoch:
      return int32_t{0};
    case Special::kNow:
    case Special::kToday:
    case Special::kTomorrow:
    case Special::kYesterday: {
      int64_t day = FloorDiv(NowMicros(), kMicrosPerDay);
      if (f.special == Special::kTomorrow) ++day;
      if (f.special == Special::kYesterday) --day;
      return static_cast<int32_t>(day);
    }
    case Special::kNone:
      break;
  }
  int64_t days =
      DaysFromCivil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day));
  if (days < kMinTimestampDays || days >= kEndDateDays) {
    return Failure(Outcome::kOutOfRange, "date", text, {});
  }
  return static_cast<int32_t>(days);
}

}  // namespace sundial
