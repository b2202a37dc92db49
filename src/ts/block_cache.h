#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "ts/codec.h"

namespace sundial::ts {

// Decoded segment blocks shared by all scans, least recently used first out.
// Segments are immutable and every open SegmentReader has a process-unique
// id, so a cached block can never be stale. Thread-safe.
class BlockCache {
 public:
  struct Key {
    uint64_t reader_id = 0;
    uint64_t block_offset = 0;
    friend bool operator==(const Key&, const Key&) = default;
  };

  explicit BlockCache(size_t capacity_bytes) : capacity_bytes_(capacity_bytes) {}
  // The process-wide cache segment readers use (EngineOptions::block_cache_bytes).
  static BlockCache& Shared();

  std::shared_ptr<const DecodedBlock> Find(const Key& key);
  // Adds a block (replacing one under the same key) and evicts the least
  // recently used ones beyond the capacity. Readers keep evicted blocks alive.
  void Insert(const Key& key, std::shared_ptr<const DecodedBlock> block);
  size_t bytes() const;
  // Changes the capacity, evicting least recently used blocks down to it.
  void SetCapacity(size_t capacity_bytes);

 private:
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return k.reader_id * 0x9E3779B97F4A7C15ull ^ k.block_offset;
    }
  };
  // Requires mu_.
  void EvictBeyondCapacity();

  struct Entry {
    Key key;
    std::shared_ptr<const DecodedBlock> block;
    size_t bytes = 0;
  };

  mutable std::mutex mu_;
  size_t capacity_bytes_;  // guarded by mu_
  std::list<Entry> lru_;   // most recently used first; guarded by mu_
  std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> index_;  // guarded by mu_
  size_t bytes_ = 0;                                                    // guarded by mu_
};

}  // namespace sundial::ts
