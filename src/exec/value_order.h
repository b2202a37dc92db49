#pragma once

#include <cmath>
#include <string_view>
#include <type_traits>

#include "common/numeric.h"
#include "common/types.h"
#include "exec/time_math.h"

namespace sundial::exec {

// The total order PostgreSQL uses for comparisons, ORDER BY, min/max and
// grouping: NaN equals NaN and sorts above every other float, intervals
// compare by their 30-day-month length, numerics by value (1.5 = 1.50), text
// compares bytewise (C collation).
// Returns <0, 0, >0.
template <typename T>
inline int CompareValues(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    bool a_nan = std::isnan(a);
    bool b_nan = std::isnan(b);
    if (a_nan || b_nan) return static_cast<int>(a_nan) - static_cast<int>(b_nan);
    return (a > b) - (a < b);
  } else if constexpr (std::is_same_v<T, Interval>) {
    __int128 x = IntervalSortKey(a);
    __int128 y = IntervalSortKey(b);
    return (x > y) - (x < y);
  } else if constexpr (std::is_same_v<T, Numeric>) {
    return CompareNumeric(a, b);
  } else if constexpr (std::is_same_v<T, std::string_view>) {
    int c = a.compare(b);
    return (c > 0) - (c < 0);
  } else {
    return (a > b) - (a < b);
  }
}

}  // namespace sundial::exec
