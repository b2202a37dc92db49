#include "ts/bit_packing.h"

#include <cstring>

namespace sundial::ts {

void PackBits(const uint64_t* values, size_t count, uint64_t base, unsigned width,
              std::string& out) {
  if (width == 0 || count == 0) return;
  size_t at = out.size();
  // Eight bytes of slack let every store write a whole word; trimmed below.
  out.resize(at + PackedBytes(count, width) + 8, '\0');
  char* dest = out.data() + at;
  uint64_t mask = width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
  uint64_t acc = 0;
  unsigned filled = 0;
  size_t word = 0;
  for (size_t i = 0; i < count; ++i) {
    uint64_t v = (values[i] - base) & mask;
    acc |= v << filled;
    filled += width;
    if (filled >= 64) {
      std::memcpy(dest + word * 8, &acc, 8);
      ++word;
      filled -= 64;
      acc = filled == 0 ? 0 : v >> (width - filled);
    }
  }
  if (filled > 0) std::memcpy(dest + word * 8, &acc, 8);
  out.resize(at + PackedBytes(count, width));
}

namespace {

// Reads the `width` bits at `bit` when a whole 8-byte load from its first
// byte stays inside the buffer and the value fits one load (width <= 56).
inline uint64_t LoadFast(const char* data, size_t bit, uint64_t mask) {
  uint64_t word;
  std::memcpy(&word, data + (bit >> 3), 8);
  return (word >> (bit & 7)) & mask;
}

inline uint64_t LoadSlow(const char* data, size_t bytes, size_t bit, unsigned width) {
  uint64_t v = 0;
  for (unsigned got = 0; got < width;) {
    size_t byte = (bit + got) >> 3;
    unsigned shift = static_cast<unsigned>((bit + got) & 7);
    unsigned take = std::min(8 - shift, width - got);
    uint64_t bits = byte < bytes ? (static_cast<uint8_t>(data[byte]) >> shift) : 0;
    bits &= (uint64_t{1} << take) - 1;
    v |= bits << got;
    got += take;
  }
  return v;
}

}  // namespace

void UnpackBits(std::string_view packed, size_t count, unsigned width, uint64_t base,
                uint64_t* out) {
  if (width == 0) {
    for (size_t i = 0; i < count; ++i)
      out[i] = base;
    return;
  }
  const char* data = packed.data();
  size_t bytes = PackedBytes(count, width);
  size_t i = 0;
  if (width <= 56) {
    uint64_t mask = (uint64_t{1} << width) - 1;
    // Values whose 8-byte load ends inside the buffer take the fast path.
    size_t fast = bytes >= 8 ? ((bytes - 8) * 8) / width + 1 : 0;
    fast = std::min(fast, count);
    for (; i < fast; ++i)
      out[i] = base + LoadFast(data, i * width, mask);
  }
  for (; i < count; ++i)
    out[i] = base + LoadSlow(data, bytes, i * width, width);
}

}  // namespace sundial::ts
