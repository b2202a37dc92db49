#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "common/column_vector.h"

namespace sundial::exec {

// Typed loops the scalar kernels are built from. Each runs over `n` values
// of plain arrays; `out` already carries the NULLs of a strict call, and
// checked loops ignore the results of NULL rows (their inputs are arbitrary).

template <typename A, typename R, typename Op>
void UnaryLoop(const ColumnVector& a, size_t n, ColumnVector& out, Op op) {
  const A* x = a.data<A>();
  R* r = out.data<R>();
  for (size_t i = 0; i < n; ++i)
    r[i] = op(x[i]);
}

template <typename A, typename B, typename R, typename Op>
void BinaryLoop(const ColumnVector& a, const ColumnVector& b, size_t n, ColumnVector& out, Op op) {
  const A* x = a.data<A>();
  const B* y = b.data<B>();
  R* r = out.data<R>();
  for (size_t i = 0; i < n; ++i)
    r[i] = op(x[i], y[i]);
}

// op(x, result&) returns false when the value is invalid (overflow, ...).
// Returns false when any non-NULL row failed.
template <typename A, typename R, typename Op>
bool CheckedUnaryLoop(const ColumnVector& a, size_t n, ColumnVector& out, Op op) {
  const A* x = a.data<A>();
  R* r = out.data<R>();
  bool ok = true;
  if (!out.MayHaveNulls()) {
    for (size_t i = 0; i < n; ++i)
      ok &= op(x[i], r[i]);
    return ok;
  }
  for (size_t i = 0; i < n; ++i) {
    if (!out.IsNull(i)) ok &= op(x[i], r[i]);
  }
  return ok;
}

template <typename A, typename B, typename R, typename Op>
bool CheckedBinaryLoop(const ColumnVector& a, const ColumnVector& b, size_t n, ColumnVector& out,
                       Op op) {
  const A* x = a.data<A>();
  const B* y = b.data<B>();
  R* r = out.data<R>();
  bool ok = true;
  if (!out.MayHaveNulls()) {
    for (size_t i = 0; i < n; ++i)
      ok &= op(x[i], y[i], r[i]);
    return ok;
  }
  for (size_t i = 0; i < n; ++i) {
    if (!out.IsNull(i)) ok &= op(x[i], y[i], r[i]);
  }
  return ok;
}

}  // namespace sundial::exec

namespace sundial::exec {

// The numeric TypeId stored as T.
template <typename T>
constexpr TypeId NumericTypeIdOf() {
  if constexpr (std::is_same_v<T, int16_t>) return TypeId::kInt16;
  if constexpr (std::is_same_v<T, int32_t>) return TypeId::kInt32;
  if constexpr (std::is_same_v<T, int64_t>) return TypeId::kInt64;
  if constexpr (std::is_same_v<T, float>) return TypeId::kFloat32;
  return TypeId::kFloat64;
}

}  // namespace sundial::exec
