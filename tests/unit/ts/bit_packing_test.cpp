#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "ts/bit_packing.h"

namespace sundial::ts {
namespace {

TEST_CASE("Bit packing round-trips every width and count", "[codec][bitpack]") {
  std::mt19937_64 rng(11);
  for (unsigned width = 0; width <= 64; ++width) {
    uint64_t mask = width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
    for (size_t count : {size_t{0}, size_t{1}, size_t{3}, size_t{8}, size_t{63}, size_t{1000}}) {
      uint64_t base = rng();
      std::vector<uint64_t> values(count);
      for (uint64_t& v : values)
        v = base + (rng() & mask);
      std::string packed = "prefix";
      PackBits(values.data(), count, base, width, packed);
      INFO("width " << width << ", count " << count);
      REQUIRE(packed.size() == 6 + PackedBytes(count, width));
      CHECK(packed.substr(0, 6) == "prefix");
      std::vector<uint64_t> unpacked(count);
      UnpackBits(std::string_view(packed).substr(6), count, width, base, unpacked.data());
      CHECK(unpacked == values);
    }
  }
}

TEST_CASE("Bit widths cover the range exactly", "[codec][bitpack]") {
  CHECK(BitWidth(0) == 0);
  CHECK(BitWidth(1) == 1);
  CHECK(BitWidth(100) == 7);
  CHECK(BitWidth(~uint64_t{0}) == 64);
  CHECK(PackedBytes(65536, 7) == 57344);
  CHECK(PackedBytes(5, 0) == 0);
}

}  // namespace
}  // namespace sundial::ts
