#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "ts/codec.h"

namespace sundial::ts {

// Decoded segment blocks shared by all scans. Segments are immutable and
// every open SegmentReader has a process-unique id, so a cached block can
// never be stale. Thread-safe.
//
// Segmented LRU, so that one large scan cannot flush the blocks that many
// queries share: a block enters a probation segment and moves to a
// protected one (at most kProtectedShare of the capacity) when it is found
// again; eviction takes the least recently used probation blocks first,
// and a block pushed out of the protected segment gets one more round in
// probation. A scan that reads every block once thus only churns probation.
class BlockCache {
 public:
  struct Key {
    uint64_t reader_id = 0;
    uint64_t block_offset = 0;
    friend bool operator==(const Key&, const Key&) = default;
  };

  // Counters since the process started (blocks, not bytes, except where
  // named), for EXPLAIN ANALYZE and pg_stat_database.
  struct Statistics {
    uint64_t hits = 0;
    uint64_t misses = 0;
    uint64_t evictions = 0;
    size_t bytes = 0;  // held now
    size_t capacity_bytes = 0;
  };

  explicit BlockCache(size_t capacity_bytes) : capacity_bytes_(capacity_bytes) {}
  // The process-wide cache segment readers use (EngineOptions::block_cache_bytes).
  static BlockCache& Shared();

  // The cached block, or nullptr (a miss).
  std::shared_ptr<const DecodedBlock> Find(const Key& key);
  // Adds a block (replacing one under the same key) on probation and evicts
  // beyond the capacity. Readers keep evicted blocks alive.
  void Insert(const Key& key, std::shared_ptr<const DecodedBlock> block);
  size_t bytes() const;
  Statistics statistics() const;
  // Changes the capacity, evicting down to it at once.
  void SetCapacity(size_t capacity_bytes);

 private:
  static constexpr double kProtectedShare = 0.75;

  struct KeyHash {
    size_t operator()(const Key& k) const {
      return k.reader_id * 0x9E3779B97F4A7C15ull ^ k.block_offset;
    }
  };
  struct Entry {
    Key key;
    std::shared_ptr<const DecodedBlock> block;
    size_t bytes = 0;
    bool is_protected = false;
  };
  using List = std::list<Entry>;

  // Requires mu_.
  void DemoteBeyondProtectedShare();
  void EvictBeyondCapacity();

  mutable std::mutex mu_;
  size_t capacity_bytes_;  // guarded by mu_
  // Most recently used first; guarded by mu_.
  List probation_;
  List protected_;
  std::unordered_map<Key, List::iterator, KeyHash> index_;  // guarded by mu_
  size_t bytes_ = 0;                                        // guarded by mu_
  size_t protected_bytes_ = 0;                              // guarded by mu_
  uint64_t hits_ = 0;                                       // guarded by mu_
  uint64_t misses_ = 0;                                     // guarded by mu_
  uint64_t evictions_ = 0;                                  // guarded by mu_
};

}  // namespace sundial::ts
