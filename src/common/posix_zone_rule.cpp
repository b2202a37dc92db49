#include "common/posix_zone_rule.h"

#include "common/datetime.h"

namespace sundial {
namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

class RuleScanner {
 public:
  explicit RuleScanner(std::string_view s) : s_(s) {}
  bool done() const { return pos_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[pos_]; }
  bool Consume(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  // "CET" or "<+0330>".
  bool Name() {
    if (Consume('<')) {
      while (!done() && s_[pos_] != '>')
        ++pos_;
      return Consume('>');
    }
    size_t start = pos_;
    while (IsAlpha(peek()))
      ++pos_;
    return pos_ - start >= 3;
  }

  bool Int(int& value) {
    if (!IsDigit(peek())) return false;
    value = 0;
    while (IsDigit(peek())) {
      value = value * 10 + (s_[pos_++] - '0');
      if (value > 100000) return false;
    }
    return true;
  }

  // "[+-]hh[:mm[:ss]]" in seconds.
  bool Duration(int32_t& seconds) {
    bool negative = false;
    if (peek() == '+' || peek() == '-') negative = s_[pos_++] == '-';
    int hours = 0;
    int minutes = 0;
    int secs = 0;
    if (!Int(hours)) return false;
    if (Consume(':')) {
      if (!Int(minutes)) return false;
      if (Consume(':') && !Int(secs)) return false;
    }
    seconds = hours * 3600 + minutes * 60 + secs;
    if (negative) seconds = -seconds;
    return true;
  }

  bool Transition(PosixZoneRule::Transition& t) {
    if (!Consume('M') || !Int(t.month) || !Consume('.') || !Int(t.week) || !Consume('.') ||
        !Int(t.weekday)) {
      return false;
    }
    if (t.month < 1 || t.month > 12 || t.week < 1 || t.week > 5 || t.weekday > 6) return false;
    return !Consume('/') || Duration(t.local_seconds);
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

// Local midnight-relative seconds since 1970 of transition `t` in `year`.
int64_t TransitionLocalSeconds(const PosixZoneRule::Transition& t, int64_t year) {
  int64_t first = DaysFromCivil(year, static_cast<unsigned>(t.month), 1);
  int64_t first_weekday = (first + 4) - FloorDiv(first + 4, 7) * 7;  // 1970-01-01 was a Thursday
  int64_t day = first + (t.weekday - first_weekday + 7) % 7 + int64_t{t.week - 1} * 7;
  int64_t next_month = t.month == 12 ? DaysFromCivil(year + 1, 1, 1)
                                     : DaysFromCivil(year, static_cast<unsigned>(t.month) + 1, 1);
  while (day >= next_month)
    day -= 7;
  return day * 86400 + t.local_seconds;
}

}  // namespace

int32_t PosixZoneRule::OffsetAt(int64_t utc_seconds) const {
  int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  CivilFromDays(FloorDiv(utc_seconds + std_offset, 86400), year, month, day);
  int64_t start = TransitionLocalSeconds(dst_start, year) - std_offset;
  int64_t end = TransitionLocalSeconds(dst_end, year) - dst_offset;
  bool in_dst = start < end ? (utc_seconds >= start && utc_seconds < end)
                            : (utc_seconds >= start || utc_seconds < end);
  return in_dst ? dst_offset : std_offset;
}

std::optional<PosixZoneRule> ParsePosixZoneRule(std::string_view tz) {
  RuleScanner in(tz);
  PosixZoneRule rule;
  int32_t std_west = 0;
  if (!in.Name() || !in.Duration(std_west)) return std::nullopt;
  if (in.done() || !in.Name()) return std::nullopt;
  // POSIX offsets count west of Greenwich; daylight time defaults to one hour ahead.
  rule.std_offset = -std_west;
  rule.dst_offset = rule.std_offset + 3600;
  if (in.peek() != ',') {
    int32_t dst_west = 0;
    if (!in.Duration(dst_west)) return std::nullopt;
    rule.dst_offset = -dst_west;
  }
  if (!in.Consume(',') || !in.Transition(rule.dst_start) || !in.Consume(',') ||
      !in.Transition(rule.dst_end) || !in.done()) {
    return std::nullopt;
  }
  return rule;
}

}  // namespace sundial
