#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include "common/column_vector.h"
#include "common/status.h"
#include "common/types.h"
#include "common/value.h"

namespace sundial {

// PostgreSQL's binary send/receive formats, shared by the extended protocol's
// binary parameters and results and by binary COPY: integers and IEEE floats
// big-endian, bool one byte, timestamps int64 microseconds and dates int32
// days since 2000-01-01, intervals int64 microseconds + int32 days + int32
// months, text its raw bytes.

// Network byte order, as every integer of the binary formats is sent.
template <typename T>
T ReadBigEndian(std::string_view bytes) {
  std::make_unsigned_t<T> v = 0;
  for (unsigned char c : bytes.substr(0, sizeof(T)))
    v = static_cast<std::make_unsigned_t<T>>((v << 8) | c);
  return static_cast<T>(v);
}

template <typename T>
void AppendBigEndian(T value, std::string& out) {
  auto v = static_cast<std::make_unsigned_t<T>>(value);
  for (int shift = (sizeof(T) - 1) * 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

// Appends row `row` of `column` (not null) in its type's send format.
void AppendBinary(const ColumnVector& column, size_t row, std::string& out);

// Reads `bytes` in `type`'s send format into row `row` of `out` (not null).
// 22P03 when the bytes do not fit the type (wrong size, a bool byte above 1).
Status ReadBinaryInto(std::string_view bytes, DataType type, ColumnVector& out, size_t row);
Result<Value> ReadBinaryValue(std::string_view bytes, DataType type);

}  // namespace sundial
