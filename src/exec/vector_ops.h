#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "common/column_vector.h"
#include "common/numeric.h"
#include "common/types.h"
#include "common/value.h"

namespace sundial::exec {

// Calls f(T{}) with T the physical C++ type that stores values of `id`
// (uint8_t for bool, int32_t for date, int64_t for timestamps,
// std::string_view for strings, ...). Dispatch happens once per vector, never
// per value.
template <typename F>
decltype(auto) DispatchPhysical(TypeId id, F&& f) {
  switch (id) {
    case TypeId::kBool:
      return f(uint8_t{});
    case TypeId::kInt16:
      return f(int16_t{});
    case TypeId::kInt32:
    case TypeId::kDate:
      return f(int32_t{});
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
      return f(int64_t{});
    case TypeId::kFloat32:
      return f(float{});
    case TypeId::kFloat64:
      return f(double{});
    case TypeId::kInterval:
      return f(Interval{});
    case TypeId::kNumeric:
      return f(Numeric{});
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
    case TypeId::kArray:
    case TypeId::kUuid:
    case TypeId::kJson:
    case TypeId::kJsonb:
    case TypeId::kBytea:
      break;
  }
  return f(std::string_view{});
}

// A fresh vector of `n` rows holding in[sel[i]]; strings are shared, not copied.
ColumnVector GatherRows(const ColumnVector& in, const uint32_t* sel, size_t n);
// A fresh vector holding rows [begin, begin + n) of `in`.
ColumnVector SliceRows(const ColumnVector& in, size_t begin, size_t n);
// A fresh vector of `n` copies of `value` (NULL when value is null).
ColumnVector ConstantVector(const Value& value, DataType type, size_t n);
// Sets out[i] NULL for every row i < n that is NULL in `in`.
void PropagateNulls(const ColumnVector& in, size_t n, ColumnVector& out);
// Number of rows i < n whose bool value is true and not NULL; fills sel with them.
size_t SelectTrue(const ColumnVector& predicate, size_t n, uint32_t* sel);
// The memory a vector holds for accounting against work_mem: its value
// buffer plus the bytes of its (non-NULL) strings, counted once per vector
// even when heaps are shared.
size_t VectorMemoryBytes(const ColumnVector& v);
// VectorMemoryBytes summed over a chunk's columns.
size_t ChunkMemoryBytes(const DataChunk& chunk);

}  // namespace sundial::exec
