#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/column_vector.h"
#include "common/types.h"
#include "exec/arena.h"

namespace sundial::exec {

// Maps rows of key columns to dense group ids (0, 1, 2, ... in order of
// first appearance). Any key types, NULL is a key value like any other.
//
// Keys are serialized per row into a compact byte string (a null flag per
// column, then the value bytes; strings length-prefixed), hashed with XXH3
// and compared with memcmp, so one code path serves every type combination
// without per-value type dispatch. Slots are found by the hash's low bits;
// the high bits are left free to pick a radix partition when spilling.
// Spilling operators split groups into 2^kRadixBits partitions by the key
// hash's high bits: level 0 uses the top kRadixBits, each recursion level the
// next ones down. Slots use the low bits, so a partition's groups still
// spread over a whole table.
inline constexpr int kRadixBits = 4;
inline constexpr size_t kRadixPartitions = size_t{1} << kRadixBits;
// Below this many unused high bits a partition is not split further (only
// hash collisions could keep it from shrinking).
inline constexpr int kMaxRadixLevels = 8;
inline size_t RadixPartition(uint64_t hash, int level) {
  return (hash >> (64 - kRadixBits * (level + 1))) & (kRadixPartitions - 1);
}

class GroupHashTable {
 public:
  explicit GroupHashTable(std::vector<DataType> key_types);

  // For every row i < n of `keys` (one vector per key column), stores the
  // row's group id in group_ids[i], creating groups as needed.
  void FindOrInsert(const std::vector<ColumnVector>& keys, size_t n, uint32_t* group_ids);

  // group_ids[i] = the group of row i < n, or kNoGroup when that key was
  // never inserted. Creates nothing (hash join probes, IN-subquery lookups).
  void Find(const std::vector<ColumnVector>& keys, size_t n, uint32_t* group_ids);
  static constexpr uint32_t kNoGroup = UINT32_MAX;
  // The group of one key in the encoded form GroupKeyBytes returns (read
  // back from a spill file), created when new.
  uint32_t FindOrInsertEncoded(std::string_view key);

  // A spill record keeps what the encoded key drops: the display scales of
  // the group's numeric keys (an int32 per numeric key column, nothing when
  // there is none), written after the key bytes and read back when the
  // key is; a group that already has them keeps its first row's.
  void AppendDisplayScales(uint32_t group, std::string& out) const;
  // False when `in` is too short.
  bool ReadDisplayScales(uint32_t group, std::string_view& in);

  size_t group_count() const { return groups_.size(); }
  // The encoded key of a group, valid as long as the table.
  std::string_view GroupKeyBytes(uint32_t group) const {
    return {reinterpret_cast<const char*>(groups_[group].bytes), groups_[group].size};
  }
  // The hash slots are chosen by; its high bits pick the spill partition.
  static uint64_t HashKey(std::string_view key);
  // hashes[i] = HashKey of row i < n's encoded key, without creating groups
  // (a grace hash join partitions both inputs by it).
  void HashRows(const std::vector<ColumnVector>& keys, size_t n, uint64_t* hashes);
  // Fresh key columns holding the keys of groups [begin, begin + count).
  std::vector<ColumnVector> GatherKeys(size_t begin, size_t count) const;
  size_t memory_bytes() const;

 private:
  struct Slot {
    uint64_t hash;
    uint32_t group;
  };
  struct GroupKey {
    const uint8_t* bytes;
    uint32_t size;
  };
  static constexpr uint32_t kEmpty = UINT32_MAX;

  void EncodeBatch(const std::vector<ColumnVector>& keys, size_t n);
  // The group of one encoded key, created when new.
  uint32_t FindOrInsertKey(const uint8_t* key, uint32_t size, uint64_t hash);
  uint32_t FindKey(const uint8_t* key, uint32_t size, uint64_t hash) const;
  // A single non-NULL 64-bit integer key column (time buckets), without
  // encoding the batch first.
  void FindOrInsertInt64(const ColumnVector& keys, size_t n, uint32_t* group_ids);
  // Non-NULL (64-bit integer, text) keys in either order, e.g. (time bucket,
  // host): a batch-local cache keyed by the text's address answers repeats
  // without encoding or hashing the key bytes.
  void FindOrInsertInt64Text(const ColumnVector& ints, const ColumnVector& texts, bool text_first,
                             size_t n, uint32_t* group_ids);
  void Grow();

  std::vector<DataType> key_types_;
  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
  std::vector<GroupKey> groups_;
  Arena key_arena_;
  // Recently seen keys of the int64 path (for the table's life) and of the
  // (int64, text) path (for one batch: text by address, which one batch
  // pins) with their groups, direct-mapped.
  struct Recent {
    int64_t value = 0;
    const char* text = nullptr;
    size_t size = 0;
    uint32_t group = 0;
    uint64_t generation = 0;  // entries of older batches are ignored
  };
  static constexpr int kRecentBits = 12;
  static constexpr size_t kRecentSlots = size_t{1} << kRecentBits;
  std::vector<Recent> recent_;
  uint64_t recent_generation_ = 0;
  std::vector<uint8_t> key_scratch_;
  // Scratch for one batch: encoded keys back to back, with offsets.
  std::vector<uint8_t> encoded_;
  std::vector<uint32_t> offsets_;
  // Numeric keys are encoded without trailing fractional zeros so equal
  // values meet; the display scale of each group's first row is kept here
  // (per key column, empty for other types; -1 for a NULL key) and restored
  // by GatherKeys.
  std::vector<std::vector<int32_t>> display_scales_;
  bool has_numeric_key_ = false;
};

}  // namespace sundial::exec
