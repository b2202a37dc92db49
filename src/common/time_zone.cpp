#include "common/time_zone.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "common/datetime.h"
#include "common/posix_zone_rule.h"

namespace sundial {
namespace {

constexpr int64_t kMicrosPerSecondTz = 1'000'000;
// Instants beyond this many seconds from 1970 are clamped before asking the
// zone database: PostgreSQL's timestamp range ends near year 294276, and the
// clamp keeps the seconds arithmetic far from overflow (and covers infinity).
constexpr int64_t kClampSeconds = 10'000'000'000'000LL;

char AsciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string Lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = AsciiLower(c);
  return out;
}

// Every zone file of the system tzdata, keyed by its lower-cased name, so that
// lookups are case-insensitive as in PostgreSQL and SHOW prints the file's own
// spelling.
class ZoneDirectory {
 public:
  static const ZoneDirectory& Get() {
    static const ZoneDirectory directory;
    return directory;
  }

  const date::time_zone* Find(std::string_view name) const {
    auto it = zones_.find(Lowered(name));
    return it == zones_.end() ? nullptr : it->second;
  }
  const std::string& load_error() const { return load_error_; }

 private:
  ZoneDirectory() {
    try {
      const date::tzdb& db = date::get_tzdb();
      zones_.reserve(db.zones.size());
      for (const date::time_zone& zone : db.zones)
        zones_.emplace(Lowered(zone.name()), &zone);
    } catch (const std::exception& e) {
      load_error_ = e.what();
    }
  }

  std::unordered_map<std::string, const date::time_zone*> zones_;
  std::string load_error_;
};

int64_t SecondsOf(date::sys_seconds t) {
  return t.time_since_epoch().count();
}

// The POSIX rule of each zone that has one, read once from its TZif footer.
class TailRuleRegistry {
 public:
  static TailRuleRegistry& Get() {
    static TailRuleRegistry registry;
    return registry;
  }

  // Throws what the zone database throws for an unreadable zone.
  const PosixZoneRule* RuleFor(const date::time_zone* zone) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = rules_.find(zone);
    if (it != rules_.end()) return it->second.get();
    std::unique_ptr<PosixZoneRule> rule;
    if (auto parsed = ParsePosixZoneRule(ReadFooter(zone->name()))) {
      parsed->applies_from_seconds =
          SecondsOf(zone->get_info(date::sys_seconds{std::chrono::seconds{kClampSeconds}}).begin);
      rule = std::make_unique<PosixZoneRule>(*parsed);
    }
    return rules_.emplace(zone, std::move(rule)).first->second.get();
  }

 private:
  // The TZif footer is the last line of the file: "\nCET-1CEST,M3.5.0,M10.5.0/3\n".
  static std::string ReadFooter(const std::string& zone_name) {
    std::ifstream file("/usr/share/zoneinfo/" + zone_name, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (bytes.size() < 2 || bytes.back() != '\n') return {};
    size_t start = bytes.rfind('\n', bytes.size() - 2);
    if (start == std::string::npos) return {};
    return bytes.substr(start + 1, bytes.size() - start - 2);
  }

  std::mutex mutex_;
  std::unordered_map<const date::time_zone*, std::unique_ptr<PosixZoneRule>> rules_;
};

Status InvalidZone(std::string_view name) {
  return Status::Error(ErrorCode::kInvalidParameterValue,
                       fmt::format("invalid value for parameter \"TimeZone\": \"{}\"", name));
}

// PostgreSQL first reads the whole setting as a number of hours east of UTC
// ("-8", "5.5"), displayed POSIX-style as "<-08>+08".
bool ParseNumericHours(std::string_view name, int32_t& offset_east) {
  if (name.empty()) return false;
  size_t i = 0;
  bool negative = false;
  if (name[i] == '+' || name[i] == '-') {
    negative = name[i] == '-';
    ++i;
  }
  double hours = 0;
  bool digits = false;
  for (; i < name.size() && name[i] >= '0' && name[i] <= '9'; ++i) {
    hours = hours * 10 + (name[i] - '0');
    digits = true;
  }
  if (i < name.size() && name[i] == '.') {
    double scale = 0.1;
    for (++i; i < name.size() && name[i] >= '0' && name[i] <= '9'; ++i) {
      hours += (name[i] - '0') * scale;
      scale /= 10;
      digits = true;
    }
  }
  if (!digits || i != name.size() || hours > 168) return false;
  offset_east = static_cast<int32_t>(std::lround((negative ? -hours : hours) * 3600));
  return true;
}

std::string OffsetLabel(char sign, int32_t seconds) {
  int32_t a = std::abs(seconds);
  std::string out = fmt::format("{}{:02}", sign, a / 3600);
  if (a % 3600 != 0) out += fmt::format(":{:02}", a / 60 % 60);
  if (a % 60 != 0) out += fmt::format(":{:02}", a % 60);
  return out;
}

// A POSIX TZ string without daylight rules: "UTC+3", "<+05>-05", "+05:30".
// POSIX counts hours west of Greenwich, so "UTC+3" is three hours behind UTC.
bool ParsePosixFixed(std::string_view name, int32_t& offset_east) {
  size_t i = 0;
  if (!name.empty() && name[0] == '<') {
    i = name.find('>');
    if (i == std::string_view::npos) return false;
    ++i;
  } else {
    while (i < name.size() &&
           ((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z'))) {
      ++i;
    }
    if (i != 0 && i < 3) return false;
  }
  bool negative = false;
  if (i < name.size() && (name[i] == '+' || name[i] == '-')) {
    negative = name[i] == '-';
    ++i;
  }
  int32_t parts[3] = {0, 0, 0};
  int part = 0;
  bool any_digit = false;
  while (i < name.size()) {
    char c = name[i];
    if (c >= '0' && c <= '9') {
      parts[part] = parts[part] * 10 + (c - '0');
      if (parts[part] > 167) return false;
      any_digit = true;
    } else if (c == ':' && part < 2) {
      ++part;
    } else {
      return false;
    }
    ++i;
  }
  if (!any_digit || parts[1] > 59 || parts[2] > 59) return false;
  int32_t west = parts[0] * 3600 + parts[1] * 60 + parts[2];
  offset_east = negative ? west : -west;
  return true;
}

// The last zone period seen by this thread: consecutive rows are almost always
// in the same period, so OffsetAt rarely reaches the zone database.
struct PeriodCache {
  const date::time_zone* zone = nullptr;
  int64_t begin_seconds = 0;
  int64_t end_seconds = 0;
  int32_t offset = 0;
};
thread_local PeriodCache period_cache;

}  // namespace

Result<TimeZone> TimeZone::Lookup(std::string_view name) {
  TimeZone zone;
  int32_t offset = 0;
  if (ParseNumericHours(name, offset)) {
    // The name is a POSIX TZ string (west-positive) with the ISO offset as its
    // abbreviation, exactly as SHOW prints it.
    zone.name_ = fmt::format("<{}>{}", OffsetLabel(offset < 0 ? '-' : '+', offset),
                             OffsetLabel(offset < 0 ? '+' : '-', offset));
    zone.fixed_offset_seconds_ = offset;
    return zone;
  }
  const ZoneDirectory& directory = ZoneDirectory::Get();
  if (const date::time_zone* found = directory.Find(name)) {
    zone.name_ = found->name();
    zone.zone_ = found;
    // A zone file that cannot be read (or a bad one) is an invalid setting,
    // not a failure of whoever formats a timestamp later.
    try {
      found->get_info(date::sys_seconds{});
      zone.tail_rule_ = TailRuleRegistry::Get().RuleFor(found);
    } catch (const std::exception&) {
      return InvalidZone(name);
    }
    return zone;
  }
  if (ParsePosixFixed(name, offset)) {
    zone.name_ = std::string(name);
    zone.fixed_offset_seconds_ = offset;
    return zone;
  }
  return InvalidZone(name);
}

TimeZone TimeZone::FixedOffset(int32_t offset_east_seconds) {
  TimeZone zone;
  zone.name_ =
      fmt::format("<{}>{}", OffsetLabel(offset_east_seconds < 0 ? '-' : '+', offset_east_seconds),
                  OffsetLabel(offset_east_seconds < 0 ? '+' : '-', offset_east_seconds));
  zone.fixed_offset_seconds_ = offset_east_seconds;
  return zone;
}

Result<TimeZone> TimeZone::LookupForConversion(std::string_view name) {
  int32_t offset = 0;
  if (LookupZoneAbbreviation(name, offset) || ParsePosixFixed(name, offset)) {
    return FixedOffset(offset);
  }
  Result<TimeZone> zone = Lookup(name);
  if (zone.ok()) return zone;
  return Status::Error(ErrorCode::kInvalidParameterValue,
                       fmt::format("time zone \"{}\" not recognized", name));
}

int32_t TimeZone::OffsetAt(int64_t utc_micros) const {
  if (zone_ == nullptr) return fixed_offset_seconds_;
  int64_t seconds = utc_micros / kMicrosPerSecondTz;
  if (utc_micros % kMicrosPerSecondTz < 0) --seconds;
  seconds = std::clamp(seconds, -kClampSeconds, kClampSeconds);
  if (tail_rule_ != nullptr && seconds >= tail_rule_->applies_from_seconds) {
    return tail_rule_->OffsetAt(seconds);
  }
  PeriodCache& cache = period_cache;
  if (cache.zone == zone_ && seconds >= cache.begin_seconds && seconds < cache.end_seconds) {
    return cache.offset;
  }
  date::sys_info info = zone_->get_info(date::sys_seconds{std::chrono::seconds{seconds}});
  cache = PeriodCache{.zone = zone_,
                      .begin_seconds = SecondsOf(info.begin),
                      .end_seconds = SecondsOf(info.end),
                      .offset = static_cast<int32_t>(info.offset.count())};
  return cache.offset;
}

int64_t TimeZone::LocalToUtc(int64_t local_micros) const {
  if (zone_ == nullptr) return local_micros - int64_t{fixed_offset_seconds_} * kMicrosPerSecondTz;
  // Offsets stay well below a day, so the offsets a day before and after the
  // local reading bracket the only transition that can make it ambiguous.
  constexpr int64_t kDay = 86'400 * kMicrosPerSecondTz;
  int64_t probe_before = local_micros > INT64_MIN + kDay ? local_micros - kDay : local_micros;
  int64_t probe_after = local_micros < INT64_MAX - kDay ? local_micros + kDay : local_micros;
  int64_t before = OffsetAt(probe_before);
  int64_t after = OffsetAt(probe_after);
  int64_t utc_before = local_micros - before * kMicrosPerSecondTz;
  if (before == after) return utc_before;
  int64_t utc_after = local_micros - after * kMicrosPerSecondTz;
  bool before_fits = OffsetAt(utc_before) == before;
  bool after_fits = OffsetAt(utc_after) == after;
  if (before_fits && !after_fits) return utc_before;
  if (after_fits && !before_fits) return utc_after;
  // Both readings exist (fall back: PostgreSQL takes the later offset) or
  // neither does (spring forward: it reads the time with the earlier offset,
  // which lands after the gap). Both choices are the later instant.
  return std::max(utc_before, utc_after);
}

}  // namespace sundial
