#include "ts/block_cache.h"

namespace sundial::ts {

BlockCache& BlockCache::Shared() {
  // Holds the decoded hot set of a few days of a wide table; about the size
  // of PostgreSQL's shared_buffers on a small server.
  static BlockCache cache(512 << 20);
  return cache;
}

std::shared_ptr<const DecodedBlock> BlockCache::Find(const Key& key) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->block;
}

void BlockCache::Insert(const Key& key, std::shared_ptr<const DecodedBlock> block) {
  size_t block_bytes = block->memory_bytes();
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it != index_.end()) {
    bytes_ -= it->second->bytes;
    lru_.erase(it->second);
    index_.erase(it);
  }
  lru_.push_front(Entry{.key = key, .block = std::move(block), .bytes = block_bytes});
  index_[key] = lru_.begin();
  bytes_ += block_bytes;
  EvictBeyondCapacity();
}

void BlockCache::SetCapacity(size_t capacity_bytes) {
  std::lock_guard lock(mu_);
  capacity_bytes_ = capacity_bytes;
  EvictBeyondCapacity();
}

void BlockCache::EvictBeyondCapacity() {
  while (bytes_ > capacity_bytes_ && !lru_.empty()) {
    const Entry& victim = lru_.back();
    bytes_ -= victim.bytes;
    index_.erase(victim.key);
    lru_.pop_back();
  }
}

size_t BlockCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

}  // namespace sundial::ts
