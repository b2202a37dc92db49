#include <memory>

#include <catch2/catch.hpp>

#include "ts/block_cache.h"

namespace sundial::ts {
namespace {

std::shared_ptr<const DecodedBlock> KibBlock() {
  auto block = std::make_shared<DecodedBlock>();
  block->Reset(TypeId::kInt64, 128);  // 1 KiB of values
  return block;
}

BlockCache::Key Key(uint64_t offset) {
  return {.reader_id = 7, .block_offset = offset};
}

TEST_CASE("A scan reading many blocks once does not flush the blocks queries share",
          "[block_cache]") {
  BlockCache cache(16 * 1024);
  // A hot set of 8 blocks, each found again after it was read.
  for (uint64_t i = 0; i < 8; ++i) {
    cache.Insert(Key(i), KibBlock());
    REQUIRE(cache.Find(Key(i)) != nullptr);
  }
  // A large scan reads 1000 other blocks once each.
  for (uint64_t i = 1000; i < 2000; ++i) {
    REQUIRE(cache.Find(Key(i)) == nullptr);
    cache.Insert(Key(i), KibBlock());
  }
  BlockCache::Statistics before = cache.statistics();
  for (uint64_t i = 0; i < 8; ++i)
    CHECK(cache.Find(Key(i)) != nullptr);
  BlockCache::Statistics after = cache.statistics();
  CHECK(after.hits - before.hits == 8);
  CHECK(after.misses == before.misses);
  CHECK(after.bytes <= 16 * 1024);
  CHECK(after.evictions >= 1000 - 8);
}

TEST_CASE("Blocks found again outlive blocks read once, within the capacity", "[block_cache]") {
  BlockCache cache(4 * 1024);
  for (uint64_t i = 0; i < 4; ++i)
    cache.Insert(Key(i), KibBlock());
  // Block 3 is used again: a new block evicts the oldest block read once.
  REQUIRE(cache.Find(Key(3)) != nullptr);
  REQUIRE(cache.Find(Key(0)) != nullptr);
  cache.Insert(Key(4), KibBlock());
  CHECK(cache.Find(Key(1)) == nullptr);
  CHECK(cache.Find(Key(3)) != nullptr);
  CHECK(cache.Find(Key(0)) != nullptr);
  // The protected blocks beyond three quarters of the capacity go back on
  // probation first, so they still get evicted in their turn.
  for (uint64_t i = 5; i < 7; ++i) {
    cache.Insert(Key(i), KibBlock());
    REQUIRE(cache.Find(Key(i)) != nullptr);
  }
  CHECK(cache.statistics().bytes <= 4 * 1024);
  int cached = 0;
  for (uint64_t i = 0; i < 7; ++i)
    cached += cache.Find(Key(i)) != nullptr;
  CHECK(cached == 4);
}

}  // namespace
}  // namespace sundial::ts
