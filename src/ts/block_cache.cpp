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
  if (it == index_.end()) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  List::iterator entry = it->second;
  if (entry->is_protected) {
    protected_.splice(protected_.begin(), protected_, entry);
  } else {
    entry->is_protected = true;
    protected_bytes_ += entry->bytes;
    protected_.splice(protected_.begin(), probation_, entry);
    DemoteBeyondProtectedShare();
  }
  return entry->block;
}

void BlockCache::Insert(const Key& key, std::shared_ptr<const DecodedBlock> block) {
  size_t block_bytes = block->memory_bytes();
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it != index_.end()) {
    List::iterator old = it->second;
    bytes_ -= old->bytes;
    if (old->is_protected) {
      protected_bytes_ -= old->bytes;
      protected_.erase(old);
    } else {
      probation_.erase(old);
    }
    index_.erase(it);
  }
  probation_.push_front(Entry{.key = key, .block = std::move(block), .bytes = block_bytes});
  index_[key] = probation_.begin();
  bytes_ += block_bytes;
  EvictBeyondCapacity();
}

void BlockCache::SetCapacity(size_t capacity_bytes) {
  std::lock_guard lock(mu_);
  capacity_bytes_ = capacity_bytes;
  DemoteBeyondProtectedShare();
  EvictBeyondCapacity();
}

void BlockCache::DemoteBeyondProtectedShare() {
  auto limit = static_cast<size_t>(static_cast<double>(capacity_bytes_) * kProtectedShare);
  while (protected_bytes_ > limit && !protected_.empty()) {
    List::iterator victim = std::prev(protected_.end());
    victim->is_protected = false;
    protected_bytes_ -= victim->bytes;
    probation_.splice(probation_.begin(), protected_, victim);
  }
}

void BlockCache::EvictBeyondCapacity() {
  while (bytes_ > capacity_bytes_ && !(probation_.empty() && protected_.empty())) {
    List& from = probation_.empty() ? protected_ : probation_;
    const Entry& victim = from.back();
    bytes_ -= victim.bytes;
    if (victim.is_protected) protected_bytes_ -= victim.bytes;
    index_.erase(victim.key);
    from.pop_back();
    ++evictions_;
  }
}

size_t BlockCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

BlockCache::Statistics BlockCache::statistics() const {
  std::lock_guard lock(mu_);
  return Statistics{.hits = hits_,
                    .misses = misses_,
                    .evictions = evictions_,
                    .bytes = bytes_,
                    .capacity_bytes = capacity_bytes_};
}

}  // namespace sundial::ts
