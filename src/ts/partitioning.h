#pragma once

#include <cstdint>
#include <limits>

#include "common/datetime.h"
#include "common/types.h"
#include "ts/engine.h"

// Mapping of time values to partitions. Partitions are aligned on multiples
// of the interval counted from the Unix epoch, in microseconds, whatever the
// unit of the time column (a date column's days are converted).
namespace sundial::ts {

inline int64_t SaturatingMultiply(int64_t a, int64_t b) {
  __int128 r = static_cast<__int128>(a) * b;
  if (r > std::numeric_limits<int64_t>::max()) return std::numeric_limits<int64_t>::max();
  if (r < std::numeric_limits<int64_t>::min()) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(r);
}

inline int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) {
    return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  }
  return r;
}

// A time column value in microseconds since the epoch.
inline int64_t TimeToMicros(TypeId type, int64_t value) {
  return type == TypeId::kDate ? SaturatingMultiply(value, kMicrosPerDay) : value;
}

// floor(micros / interval) * interval, clamped to the int64 range.
inline int64_t PartitionStart(int64_t micros, int64_t interval) {
  return SaturatingMultiply(FloorDiv(micros, interval), interval);
}

// A range ending at the int64 maximum has no end: it also holds the
// maximum itself, which is how 'infinity' is stored, so rows at infinity
// are never pruned from an unbounded scan.
inline bool EndsAtInfinity(const TimeRange& range) {
  return range.end == std::numeric_limits<int64_t>::max();
}

// Whether partition [start, start + interval) may hold rows of `range`
// (given in the time column's units).
inline bool PartitionOverlaps(int64_t start, int64_t interval, const TimeRange& range,
                              TypeId time_type) {
  const bool unbounded = EndsAtInfinity(range);
  if (!unbounded && range.begin >= range.end) return false;
  int64_t begin = TimeToMicros(time_type, range.begin);
  int64_t end = TimeToMicros(time_type, range.end);
  // The partition holding infinity saturates at the maximum: its rows are
  // at or below its end, not beyond.
  return (unbounded || start < end) &&
         (SaturatingAdd(start, interval) > begin ||
          SaturatingAdd(start, interval) == std::numeric_limits<int64_t>::max());
}

// Whether values in [min, max] (time column units) may fall in `range`.
inline bool ValuesOverlap(int64_t min, int64_t max, const TimeRange& range) {
  if (EndsAtInfinity(range)) return max >= range.begin;
  return range.begin < range.end && max >= range.begin && min < range.end;
}

}  // namespace sundial::ts
