#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// Fixed-width bit packing shared by the integer and float codecs: value i
// occupies bits [i*width, (i+1)*width) of a little-endian bit stream, so n
// values take ceil(n*width/8) bytes and width 0 takes none.
namespace sundial::ts {

// Bits needed to hold `range` (0 for 0).
inline unsigned BitWidth(uint64_t range) {
  return static_cast<unsigned>(std::bit_width(range));
}

inline size_t PackedBytes(size_t count, unsigned width) {
  return (count * width + 7) / 8;
}

// Appends `count` values, each `values[i] - base` (wrapping), in `width` bits.
void PackBits(const uint64_t* values, size_t count, uint64_t base, unsigned width,
              std::string& out);

// Reads `count` values of `width` bits from `packed` (which must hold at least
// PackedBytes(count, width) bytes) and stores base + value (wrapping).
void UnpackBits(std::string_view packed, size_t count, unsigned width, uint64_t base,
                uint64_t* out);

}  // namespace sundial::ts
