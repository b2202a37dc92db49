// Civil calendar arithmetic and the text output of timestamptz, timestamp and
// date (DateStyle ISO). Output runs once per formatted value, so digits are
// written straight into the caller's buffer.

#include "common/datetime.h"

#include <cstdlib>

namespace sundial {

// Days from 1970-01-01 in the proleptic Gregorian calendar, counted in
// 400-year eras of 146097 days so negative years need no special case.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  int64_t y = month <= 2 ? year - 1 : year;
  int64_t era = FloorDiv(y, 400);
  int64_t year_of_era = y - era * 400;                               // [0, 399]
  int64_t month_from_march = month > 2 ? month - 3 : month + 9;      // [0, 11]
  int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;  // [0, 365]
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

void CivilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day) {
  int64_t z = days + 719468;
  int64_t era = FloorDiv(z, 146097);
  int64_t day_of_era = z - era * 146097;  // [0, 146096]
  int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t mp = (5 * day_of_year + 2) / 153;
  day = static_cast<unsigned>(day_of_year - (153 * mp + 2) / 5 + 1);
  month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
}

namespace {

void AppendTwoDigits(std::string& out, int64_t v) {
  out.push_back(static_cast<char>('0' + v / 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

// At least `width` digits, zero padded.
void AppendPadded(std::string& out, uint64_t v, int width) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n < width)
    buf[n++] = '0';
  while (n > 0)
    out.push_back(buf[--n]);
}

// ".678901" with trailing zeros removed; nothing for a whole second.
void AppendFraction(std::string& out, int64_t micros) {
  if (micros == 0) return;
  char buf[7];
  buf[0] = '.';
  int64_t v = micros;
  for (int i = 6; i >= 1; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  int end = 7;
  while (buf[end - 1] == '0')
    --end;
  out.append(buf, static_cast<size_t>(end));
}

// Appends "YYYY-MM-DD"; returns whether the year is BC (the caller adds " BC"
// after everything else, as PostgreSQL does).
bool AppendDate(std::string& out, int64_t days) {
  int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  CivilFromDays(days, year, month, day);
  bool bc = year <= 0;
  AppendPadded(out, static_cast<uint64_t>(bc ? 1 - year : year), 4);
  out.push_back('-');
  AppendTwoDigits(out, month);
  out.push_back('-');
  AppendTwoDigits(out, day);
  return bc;
}

bool AppendDateTime(std::string& out, int64_t micros) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t time = micros - days * kMicrosPerDay;
  bool bc = AppendDate(out, days);
  out.push_back(' ');
  AppendTwoDigits(out, time / kMicrosPerHour);
  out.push_back(':');
  AppendTwoDigits(out, time / kMicrosPerMinute % 60);
  out.push_back(':');
  AppendTwoDigits(out, time / kMicrosPerSecond % 60);
  AppendFraction(out, time % kMicrosPerSecond);
  return bc;
}

bool AppendInfinity(std::string& out, int64_t micros) {
  if (micros == kTimestampInfinity) {
    out += "infinity";
    return true;
  }
  if (micros == kTimestampMinusInfinity) {
    out += "-infinity";
    return true;
  }
  return false;
}

}  // namespace

void FormatTimestamp(int64_t micros, std::string& out) {
  if (AppendInfinity(out, micros)) return;
  if (AppendDateTime(out, micros)) out += " BC";
}

void FormatTimestampTz(int64_t utc_micros, const TimeZone& zone, std::string& out) {
  if (AppendInfinity(out, utc_micros)) return;
  int32_t offset = zone.OffsetAt(utc_micros);
  bool bc = AppendDateTime(out, utc_micros + int64_t{offset} * kMicrosPerSecond);
  out.push_back(offset < 0 ? '-' : '+');
  int32_t a = std::abs(offset);
  AppendTwoDigits(out, a / 3600);
  if (a % 3600 != 0) {
    out.push_back(':');
    AppendTwoDigits(out, a / 60 % 60);
    if (a % 60 != 0) {
      out.push_back(':');
      AppendTwoDigits(out, a % 60);
    }
  }
  if (bc) out += " BC";
}

void FormatDate(int32_t days, std::string& out) {
  if (days == kDateInfinity) {
    out += "infinity";
    return;
  }
  if (days == kDateMinusInfinity) {
    out += "-infinity";
    return;
  }
  if (AppendDate(out, days)) out += " BC";
}

}  // namespace sundial
