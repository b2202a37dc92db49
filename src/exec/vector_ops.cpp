#include "exec/vector_ops.h"

#include <algorithm>

namespace sundial::exec {

ColumnVector GatherRows(const ColumnVector& in, const uint32_t* sel, size_t n) {
  ColumnVector out = ColumnVector::ForOverwrite(in.type(), std::max<size_t>(n, 1));
  out.SetSize(n);
  DispatchPhysical(in.type().id, [&](auto tag) {
    using T = decltype(tag);
    const T* src = in.data<T>();
    T* dst = out.data<T>();
    for (size_t i = 0; i < n; ++i)
      dst[i] = src[sel[i]];
  });
  if (in.MayHaveNulls()) {
    for (size_t i = 0; i < n; ++i) {
      if (in.IsNull(sel[i])) out.SetNull(i, true);
    }
  }
  if (HasStringHeap(in.type().id)) out.KeepStringsOf(in);
  return out;
}

ColumnVector SliceRows(const ColumnVector& in, size_t begin, size_t n) {
  ColumnVector out = ColumnVector::ForOverwrite(in.type(), std::max<size_t>(n, 1));
  out.SetSize(n);
  DispatchPhysical(in.type().id, [&](auto tag) {
    using T = decltype(tag);
    std::copy(in.data<T>() + begin, in.data<T>() + begin + n, out.data<T>());
  });
  if (in.MayHaveNulls()) {
    for (size_t i = 0; i < n; ++i) {
      if (in.IsNull(begin + i)) out.SetNull(i, true);
    }
  }
  if (HasStringHeap(in.type().id)) out.KeepStringsOf(in);
  return out;
}

ColumnVector ConstantVector(const Value& value, DataType type, size_t n) {
  ColumnVector out(type, std::max<size_t>(n, 1));
  out.SetSize(n);
  if (value.is_null()) {
    for (size_t i = 0; i < n; ++i)
      out.SetNull(i, true);
    return out;
  }
  if (n == 0) return out;
  value.WriteTo(out, 0);
  DispatchPhysical(type.id, [&](auto tag) {
    using T = decltype(tag);
    T* data = out.data<T>();
    std::fill(data + 1, data + n, data[0]);
  });
  return out;
}

void PropagateNulls(const ColumnVector& in, size_t n, ColumnVector& out) {
  const uint64_t* validity = in.validity();
  if (validity == nullptr) return;
  for (size_t word = 0; word * 64 < n; ++word) {
    uint64_t bits = validity[word];
    if (bits == ~uint64_t{0}) continue;
    size_t end = std::min(n, word * 64 + 64);
    for (size_t row = word * 64; row < end; ++row) {
      if (((bits >> (row & 63)) & 1) == 0) out.SetNull(row, true);
    }
  }
}

size_t SelectTrue(const ColumnVector& predicate, size_t n, uint32_t* sel) {
  const uint8_t* values = predicate.data<uint8_t>();
  size_t count = 0;
  if (!predicate.MayHaveNulls()) {
    for (size_t i = 0; i < n; ++i) {
      sel[count] = static_cast<uint32_t>(i);
      count += values[i] != 0;
    }
    return count;
  }
  for (size_t i = 0; i < n; ++i) {
    sel[count] = static_cast<uint32_t>(i);
    count += (values[i] != 0) & !predicate.IsNull(i);
  }
  return count;
}

size_t VectorMemoryBytes(const ColumnVector& v) {
  size_t bytes =
      v.capacity() * PhysicalSize(v.type().id) + (v.MayHaveNulls() ? v.capacity() / 8 : 0);
  if (HasStringHeap(v.type().id)) {
    const auto* strings = v.data<std::string_view>();
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v.IsNull(i)) bytes += strings[i].size();
    }
  }
  return bytes;
}

size_t ChunkMemoryBytes(const DataChunk& chunk) {
  size_t bytes = 0;
  for (const ColumnVector& column : chunk.columns)
    bytes += VectorMemoryBytes(column);
  return bytes;
}

}  // namespace sundial::exec
