#include <catch2/catch.hpp>

#include "common/byte_size.h"

namespace sundial {
namespace {

TEST_CASE("Sizes on the command line take binary units", "[byte_size]") {
  CHECK(*ParseByteSize("64MiB") == size_t{64} << 20);
  CHECK(*ParseByteSize("64MB") == size_t{64} << 20);
  CHECK(*ParseByteSize("64m") == size_t{64} << 20);
  CHECK(*ParseByteSize("2 GiB") == size_t{2} << 30);
  CHECK(*ParseByteSize("512kB") == size_t{512} << 10);
  CHECK(*ParseByteSize("1TB") == size_t{1} << 40);
  CHECK(*ParseByteSize("4096") == 4096);
  CHECK(*ParseByteSize("7B") == 7);
  for (const char* bad : {"", "MiB", "-5MiB", "12 parsecs", "1.5GiB", "99999999999999999999TiB"}) {
    INFO(bad);
    Result<size_t> parsed = ParseByteSize(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == ErrorCode::kInvalidParameterValue);
  }
}

}  // namespace
}  // namespace sundial
