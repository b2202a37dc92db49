#pragma once

#include <cstdint>

#include "common/types.h"

namespace sundial {

// Calls f(T{}) with the C++ type a fixed-width numeric or time value is
// stored as (see types.h): int16_t, int32_t (also date), int64_t (also
// timestamps), float, double. Other type ids must not reach it.
template <typename F>
decltype(auto) VisitNumericPhysicalType(TypeId id, F&& f) {
  switch (id) {
    case TypeId::kInt16:
      return f(int16_t{});
    case TypeId::kInt32:
    case TypeId::kDate:
      return f(int32_t{});
    case TypeId::kFloat32:
      return f(float{});
    case TypeId::kFloat64:
      return f(double{});
    default:
      return f(int64_t{});
  }
}

}  // namespace sundial
