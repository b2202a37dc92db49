#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "common/datetime.h"
#include "exec/expression.h"
#include "exec/function_catalog.h"
#include "exec/time_math.h"

namespace sundial::exec {
namespace {

const DataType kText = DataType::Of(TypeId::kText);
const DataType kTimestamp = DataType::Of(TypeId::kTimestamp);
const DataType kTimestampTz = DataType::Of(TypeId::kTimestampTz);
const DataType kFloat64 = DataType::Of(TypeId::kFloat64);
const DataType kInt64 = DataType::Of(TypeId::kInt64);
const DataType kInt32 = DataType::Of(TypeId::kInt32);

// The fields of to_char's template patterns. Spellings in kKeywords map to
// these; the letter case of a name pattern (Month, MONTH, month) picks the
// case of the output.
enum class Field {
  kYearComma,
  kYear4,
  kYear3,
  kYear2,
  kYear1,
  kIsoYear4,
  kIsoYear3,
  kIsoYear2,
  kIsoYear1,
  kIsoWeek,
  kIsoDayOfYear,
  kIsoDayOfWeek,
  kMonth,
  kDay,
  kDayOfYear,
  kDayOfWeek,
  kHour24,
  kHour12,
  kMinute,
  kSecond,
  kMillis,
  kMicros,
  kSecondsOfDay,
  kQuarter,
  kWeekOfYear,
  kWeekOfMonth,
  kCentury,
  kJulian,
  kMeridiem,
  kMeridiemDots,
  kEra,
  kEraDots,
  kMonthName,
  kMonthAbbrev,
  kDayName,
  kDayAbbrev,
  kZoneName,
  kZoneOffset,
  kZoneHours,
  kZoneMinutes,
  kUnsupported,
};

enum class Case { kUpper, kCapitalized, kLower };

struct Keyword {
  std::string_view spelling;
  Field field;
  Case letter_case = Case::kUpper;
};

// Every template pattern PostgreSQL knows, so no pattern is ever printed as
// literal text where PostgreSQL would substitute it. Longest match wins.
constexpr Keyword kKeywords[] = {
    {"Y,YYY", Field::kYearComma},
    {"y,yyy", Field::kYearComma},
    {"YYYY", Field::kYear4},
    {"yyyy", Field::kYear4},
    {"YYY", Field::kYear3},
    {"yyy", Field::kYear3},
    {"YY", Field::kYear2},
    {"yy", Field::kYear2},
    {"Y", Field::kYear1},
    {"y", Field::kYear1},
    {"IYYY", Field::kIsoYear4},
    {"iyyy", Field::kIsoYear4},
    {"IYY", Field::kIsoYear3},
    {"iyy", Field::kIsoYear3},
    {"IY", Field::kIsoYear2},
    {"iy", Field::kIsoYear2},
    {"I", Field::kIsoYear1},
    {"i", Field::kIsoYear1},
    {"IW", Field::kIsoWeek},
    {"iw", Field::kIsoWeek},
    {"IDDD", Field::kIsoDayOfYear},
    {"iddd", Field::kIsoDayOfYear},
    {"ID", Field::kIsoDayOfWeek},
    {"id", Field::kIsoDayOfWeek},
    {"MM", Field::kMonth},
    {"mm", Field::kMonth},
    {"DD", Field::kDay},
    {"dd", Field::kDay},
    {"DDD", Field::kDayOfYear},
    {"ddd", Field::kDayOfYear},
    {"D", Field::kDayOfWeek},
    {"d", Field::kDayOfWeek},
    {"HH24", Field::kHour24},
    {"hh24", Field::kHour24},
    {"HH12", Field::kHour12},
    {"hh12", Field::kHour12},
    {"HH", Field::kHour12},
    {"hh", Field::kHour12},
    {"MI", Field::kMinute},
    {"mi", Field::kMinute},
    {"SS", Field::kSecond},
    {"ss", Field::kSecond},
    {"MS", Field::kMillis},
    {"ms", Field::kMillis},
    {"US", Field::kMicros},
    {"us", Field::kMicros},
    {"SSSS", Field::kSecondsOfDay},
    {"ssss", Field::kSecondsOfDay},
    {"SSSSS", Field::kSecondsOfDay},
    {"sssss", Field::kSecondsOfDay},
    {"Q", Field::kQuarter},
    {"q", Field::kQuarter},
    {"WW", Field::kWeekOfYear},
    {"ww", Field::kWeekOfYear},
    {"W", Field::kWeekOfMonth},
    {"w", Field::kWeekOfMonth},
    {"CC", Field::kCentury},
    {"cc", Field::kCentury},
    {"J", Field::kJulian},
    {"j", Field::kJulian},
    {"AM", Field::kMeridiem},
    {"am", Field::kMeridiem, Case::kLower},
    {"PM", Field::kMeridiem},
    {"pm", Field::kMeridiem, Case::kLower},
    {"A.M.", Field::kMeridiemDots},
    {"a.m.", Field::kMeridiemDots, Case::kLower},
    {"P.M.", Field::kMeridiemDots},
    {"p.m.", Field::kMeridiemDots, Case::kLower},
    {"AD", Field::kEra},
    {"ad", Field::kEra, Case::kLower},
    {"BC", Field::kEra},
    {"bc", Field::kEra, Case::kLower},
    {"A.D.", Field::kEraDots},
    {"a.d.", Field::kEraDots, Case::kLower},
    {"B.C.", Field::kEraDots},
    {"b.c.", Field::kEraDots, Case::kLower},
    {"MONTH", Field::kMonthName},
    {"Month", Field::kMonthName, Case::kCapitalized},
    {"month", Field::kMonthName, Case::kLower},
    {"MON", Field::kMonthAbbrev},
    {"Mon", Field::kMonthAbbrev, Case::kCapitalized},
    {"mon", Field::kMonthAbbrev, Case::kLower},
    {"DAY", Field::kDayName},
    {"Day", Field::kDayName, Case::kCapitalized},
    {"day", Field::kDayName, Case::kLower},
    {"DY", Field::kDayAbbrev},
    {"Dy", Field::kDayAbbrev, Case::kCapitalized},
    {"dy", Field::kDayAbbrev, Case::kLower},
    {"TZ", Field::kZoneName},
    {"tz", Field::kZoneName, Case::kLower},
    {"OF", Field::kZoneOffset},
    {"of", Field::kZoneOffset},
    {"TZH", Field::kZoneHours},
    {"tzh", Field::kZoneHours},
    {"TZM", Field::kZoneMinutes},
    {"tzm", Field::kZoneMinutes},
    {"RM", Field::kUnsupported},
    {"rm", Field::kUnsupported},
    {"FF1", Field::kUnsupported},
    {"FF2", Field::kUnsupported},
    {"FF3", Field::kUnsupported},
    {"FF4", Field::kUnsupported},
    {"FF5", Field::kUnsupported},
    {"FF6", Field::kUnsupported},
    {"ff1", Field::kUnsupported},
    {"ff2", Field::kUnsupported},
    {"ff3", Field::kUnsupported},
    {"ff4", Field::kUnsupported},
    {"ff5", Field::kUnsupported},
    {"ff6", Field::kUnsupported},
};

constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
constexpr const char* kDayNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};

const Keyword* MatchKeyword(std::string_view rest) {
  const Keyword* best = nullptr;
  for (const Keyword& k : kKeywords) {
    if (rest.starts_with(k.spelling) &&
        (best == nullptr || k.spelling.size() > best->spelling.size())) {
      best = &k;
    }
  }
  return best;
}

bool StartsWithIgnoringCase(std::string_view text, std::string_view upper) {
  if (text.size() < upper.size()) return false;
  for (size_t i = 0; i < upper.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != upper[i]) return false;
  }
  return true;
}

// One timestamp broken into the fields the patterns print.
struct Parts {
  int64_t year;  // astronomical: 0 is 1 BC
  unsigned month;
  unsigned day;
  int64_t micros_of_day;
  int64_t day_number;  // days since 1970-01-01
  int32_t offset_seconds;
  bool has_zone;
  std::string_view zone_name;
};

int64_t DayOfYear(const Parts& p) {
  return p.day_number - DaysFromCivil(p.year, 1, 1) + 1;
}

// Monday = 1 .. Sunday = 7.
int64_t IsoWeekday(int64_t day_number) {
  return ((day_number + 3) % 7 + 7) % 7 + 1;
}

// The ISO 8601 year and week: the week belongs to the year of its Thursday.
void IsoWeek(int64_t day_number, int64_t& iso_year, int64_t& week, int64_t& day_of_year) {
  int64_t thursday = day_number - (IsoWeekday(day_number) - 4);
  unsigned month, day;
  CivilFromDays(thursday, iso_year, month, day);
  week = (thursday - DaysFromCivil(iso_year, 1, 1)) / 7 + 1;
  int64_t first_monday = DaysFromCivil(iso_year, 1, 4);
  first_monday -= IsoWeekday(first_monday) - 1;
  day_of_year = day_number - first_monday + 1;
}

std::string Cased(std::string_view name, Case letter_case) {
  std::string out(name);
  for (size_t i = 0; i < out.size(); ++i) {
    if (letter_case == Case::kUpper || (letter_case == Case::kCapitalized && i == 0)) {
      out[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[i])));
    } else {
      out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[i])));
    }
  }
  return out;
}

const char* OrdinalSuffix(int64_t value) {
  int64_t v = std::llabs(value);
  if (v % 100 >= 11 && v % 100 <= 13) return "th";
  switch (v % 10) {
    case 1:
      return "st";
    case 2:
      return "nd";
    case 3:
      return "rd";
    default:
      return "th";
  }
}

Status Unsupported(std::string_view pattern) {
  return Status::Error(ErrorCode::kFeatureNotSupported,
                       "to_char pattern \"" + std::string(pattern) + "\" is not supported");
}

// Appends one numeric field, zero-padded to `width` unless fill mode is on.
void AppendNumber(int64_t value, int width, bool fill_mode, std::string& out) {
  if (fill_mode) {
    out += fmt::format("{}", value);
  } else if (value < 0) {
    out += fmt::format("-{:0{}}", -value, width);
  } else {
    out += fmt::format("{:0{}}", value, width);
  }
}

Status FormatField(const Keyword& k, const Parts& p, bool fill_mode, std::string& out,
                   int64_t& number) {
  int64_t hour = p.micros_of_day / kMicrosPerHour;
  int64_t display_year = p.year > 0 ? p.year : 1 - p.year;
  int64_t dow = ((p.day_number + 4) % 7 + 7) % 7;  // Sunday = 0
  int64_t iso_year, iso_week, iso_doy;
  number = -1;
  auto numeric = [&](int64_t value, int width) {
    number = value;
    AppendNumber(value, width, fill_mode, out);
  };
  auto name = [&](std::string_view text, bool pad) {
    std::string cased = Cased(text, k.letter_case);
    out += cased;
    if (pad && !fill_mode && cased.size() < 9) out.append(9 - cased.size(), ' ');
  };
  switch (k.field) {
    case Field::kYearComma:
      out += fmt::format("{},{:03}", display_year / 1000, display_year % 1000);
      return Status::Ok();
    case Field::kYear4:
      numeric(display_year, 4);
      return Status::Ok();
    case Field::kYear3:
      numeric(display_year % 1000, 3);
      return Status::Ok();
    case Field::kYear2:
      numeric(display_year % 100, 2);
      return Status::Ok();
    case Field::kYear1:
      numeric(display_year % 10, 1);
      return Status::Ok();
    case Field::kIsoYear4:
    case Field::kIsoYear3:
    case Field::kIsoYear2:
    case Field::kIsoYear1: {
      IsoWeek(p.day_number, iso_year, iso_week, iso_doy);
      int64_t y = iso_year > 0 ? iso_year : 1 - iso_year;
      if (k.field == Field::kIsoYear4) numeric(y, 4);
      if (k.field == Field::kIsoYear3) numeric(y % 1000, 3);
      if (k.field == Field::kIsoYear2) numeric(y % 100, 2);
      if (k.field == Field::kIsoYear1) numeric(y % 10, 1);
      return Status::Ok();
    }
    case Field::kIsoWeek:
      IsoWeek(p.day_number, iso_year, iso_week, iso_doy);
      numeric(iso_week, 2);
      return Status::Ok();
    case Field::kIsoDayOfYear:
      IsoWeek(p.day_number, iso_year, iso_week, iso_doy);
      numeric(iso_doy, 3);
      return Status::Ok();
    case Field::kIsoDayOfWeek:
      numeric(IsoWeekday(p.day_number), 1);
      return Status::Ok();
    case Field::kMonth:
      numeric(p.month, 2);
      return Status::Ok();
    case Field::kDay:
      numeric(p.day, 2);
      return Status::Ok();
    case Field::kDayOfYear:
      numeric(DayOfYear(p), 3);
      return Status::Ok();
    case Field::kDayOfWeek:
      numeric(dow + 1, 1);
      return Status::Ok();
    case Field::kHour24:
      numeric(hour, 2);
      return Status::Ok();
    case Field::kHour12:
      numeric(hour % 12 == 0 ? 12 : hour % 12, 2);
      return Status::Ok();
    case Field::kMinute:
      numeric(p.micros_of_day / kMicrosPerMinute % 60, 2);
      return Status::Ok();
    case Field::kSecond:
      numeric(p.micros_of_day / kMicrosPerSecond % 60, 2);
      return Status::Ok();
    case Field::kMillis:
      numeric(p.micros_of_day % kMicrosPerSecond / 1000, 3);
      return Status::Ok();
    case Field::kMicros:
      numeric(p.micros_of_day % kMicrosPerSecond, 6);
      return Status::Ok();
    case Field::kSecondsOfDay:
      numeric(p.micros_of_day / kMicrosPerSecond, 1);
      return Status::Ok();
    case Field::kQuarter:
      numeric((p.month - 1) / 3 + 1, 1);
      return Status::Ok();
    case Field::kWeekOfYear:
      numeric((DayOfYear(p) - 1) / 7 + 1, 2);
      return Status::Ok();
    case Field::kWeekOfMonth:
      numeric((p.day - 1) / 7 + 1, 1);
      return Status::Ok();
    case Field::kCentury:
      numeric(p.year > 0 ? (p.year - 1) / 100 + 1 : p.year / 100 - 1, 2);
      return Status::Ok();
    case Field::kJulian:
      numeric(p.day_number + 2440588, 1);
      return Status::Ok();
    case Field::kMeridiem:
      out += Cased(hour >= 12 ? "PM" : "AM", k.letter_case);
      return Status::Ok();
    case Field::kMeridiemDots:
      out += Cased(hour >= 12 ? "P.M." : "A.M.", k.letter_case);
      return Status::Ok();
    case Field::kEra:
      out += Cased(p.year > 0 ? "AD" : "BC", k.letter_case);
      return Status::Ok();
    case Field::kEraDots:
      out += Cased(p.year > 0 ? "A.D." : "B.C.", k.letter_case);
      return Status::Ok();
    case Field::kMonthName:
      name(kMonthNames[p.month - 1], true);
      return Status::Ok();
    case Field::kMonthAbbrev:
      name(std::string_view(kMonthNames[p.month - 1]).substr(0, 3), false);
      return Status::Ok();
    case Field::kDayName:
      name(kDayNames[dow], true);
      return Status::Ok();
    case Field::kDayAbbrev:
      name(std::string_view(kDayNames[dow]).substr(0, 3), false);
      return Status::Ok();
    case Field::kZoneName:
      if (!p.has_zone) return Status::Ok();
      // Zone abbreviations are known for UTC and fixed offsets only.
      if (p.zone_name == "UTC" || p.zone_name == "Etc/UTC") {
        out += Cased("UTC", k.letter_case);
        return Status::Ok();
      }
      return Unsupported(k.spelling);
    case Field::kZoneOffset:
    case Field::kZoneHours:
    case Field::kZoneMinutes: {
      if (!p.has_zone) return Unsupported(k.spelling);
      int32_t offset = std::abs(p.offset_seconds);
      char sign = p.offset_seconds < 0 ? '-' : '+';
      if (k.field == Field::kZoneHours) {
        out += fmt::format("{}{:02}", sign, offset / 3600);
      } else if (k.field == Field::kZoneMinutes) {
        out += fmt::format("{:02}", offset / 60 % 60);
      } else {
        out += fmt::format("{}{:02}", sign, offset / 3600);
        if (offset / 60 % 60 != 0) out += fmt::format(":{:02}", offset / 60 % 60);
      }
      return Status::Ok();
    }
    case Field::kUnsupported:
      return Unsupported(k.spelling);
  }
  return Unsupported(k.spelling);
}

// to_char(timestamp, template) as PostgreSQL's template patterns define it:
// FM (fill mode) and TM prefixes, TH/th ordinal suffixes, "quoted" literal
// text, \" for a quote; anything else is copied.
Status FormatTimestamp(std::string_view format, const Parts& p, std::string& out) {
  out.clear();
  size_t i = 0;
  while (i < format.size()) {
    char c = format[i];
    if (c == '"') {
      for (++i; i < format.size() && format[i] != '"'; ++i) {
        if (format[i] == '\\' && i + 1 < format.size()) ++i;
        out.push_back(format[i]);
      }
      ++i;
      continue;
    }
    if (c == '\\' && i + 1 < format.size() && format[i + 1] == '"') {
      out.push_back('"');
      i += 2;
      continue;
    }
    bool fill_mode = false;
    size_t start = i;
    while (true) {
      if (StartsWithIgnoringCase(format.substr(i), "FM")) {
        fill_mode = true;
        i += 2;
      } else if (StartsWithIgnoringCase(format.substr(i), "TM")) {
        i += 2;  // translation mode: names are English in the C locale anyway
      } else if (StartsWithIgnoringCase(format.substr(i), "FX")) {
        i += 2;  // fixed format only affects parsing (to_timestamp)
      } else {
        break;
      }
    }
    const Keyword* keyword = MatchKeyword(format.substr(i));
    if (keyword == nullptr) {
      if (i == start) {
        out.push_back(c);
        ++i;
      }
      continue;
    }
    i += keyword->spelling.size();
    int64_t number = -1;
    RETURN_IF_ERROR(FormatField(*keyword, p, fill_mode, out, number));
    if (format.substr(i).starts_with("TH") || format.substr(i).starts_with("th")) {
      bool upper = format[i] == 'T';
      i += 2;
      if (number >= 0)
        out +=
            upper ? Cased(OrdinalSuffix(number), Case::kUpper) : std::string(OrdinalSuffix(number));
    }
    if (StartsWithIgnoringCase(format.substr(i), "SP")) return Unsupported("SP");
  }
  return Status::Ok();
}

Parts PartsOf(int64_t local) {
  Parts p{};
  p.day_number = FloorDiv(local, kMicrosPerDay);
  p.micros_of_day = local - p.day_number * kMicrosPerDay;
  CivilFromDays(p.day_number, p.year, p.month, p.day);
  return p;
}

template <bool kWithZone>
Status ToChar(const ColumnVector* args, size_t n, const EvalContext& context, ColumnVector& out) {
  const int64_t* t = args[0].data<int64_t>();
  const auto* format = args[1].data<std::string_view>();
  auto* r = out.data<std::string_view>();
  std::string buffer;
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    // PostgreSQL answers NULL for infinite timestamps and empty templates.
    if (!IsFiniteTimestamp(t[i]) || format[i].empty()) {
      out.SetNull(i, true);
      continue;
    }
    Parts p;
    if constexpr (kWithZone) {
      p = PartsOf(UtcToLocal(t[i], context.time_zone));
      p.offset_seconds = context.time_zone.OffsetAt(t[i]);
      p.has_zone = true;
      p.zone_name = context.time_zone.name();
    } else {
      p = PartsOf(t[i]);
    }
    RETURN_IF_ERROR(FormatTimestamp(format[i], p, buffer));
    r[i] = out.AddString(buffer);
  }
  return Status::Ok();
}

Status NumberToChar(const ColumnVector*, size_t, const EvalContext&, ColumnVector&) {
  return Status::Error(ErrorCode::kFeatureNotSupported, "to_char for numbers is not supported");
}

}  // namespace

void RegisterFormatFunctions(FunctionCatalog& catalog) {
  catalog.AddScalar("to_char", {kTimestampTz, kText}, kText, ToChar<true>);
  catalog.AddScalar("to_char", {kTimestamp, kText}, kText, ToChar<false>);
  for (DataType number : {kInt32, kInt64, kFloat64}) {
    catalog.AddScalar("to_char", {number, kText}, kText, NumberToChar);
  }
}

}  // namespace sundial::exec
