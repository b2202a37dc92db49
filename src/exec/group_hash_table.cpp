#include "exec/group_hash_table.h"

#include <xxhash.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>

#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

constexpr size_t kInitialSlots = 1024;

bool IsVariableWidth(TypeId id) {
  return HasStringHeap(id);
}

// Equal floats must encode to equal bytes: -0 and 0 are one group, as are
// all NaNs (PostgreSQL groups NaN with NaN). Numerics drop trailing
// fractional zeros (1.50 groups with 1.5), so a group's key prints with the
// fewest fractional digits that keep its value.
template <typename T>
T CanonicalKey(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    if (v == 0) return T{0};
    if (std::isnan(v)) return std::numeric_limits<T>::quiet_NaN();
  } else if constexpr (std::is_same_v<T, Numeric>) {
    return v.Canonical();
  }
  return v;
}

// The canonical key value shown with the display scale it arrived with
// (exact: the canonical form only dropped zeros).
Numeric WithDisplayScale(const Numeric& v, int32_t scale) {
  Int128 u = v.unscaled();
  for (int32_t s = v.scale; s < scale; ++s)
    u *= 10;
  return Numeric::FromUnscaled(u, scale);
}

// Keys are a few bytes long: compare them word by word inline rather than
// through a memcmp call.
inline bool KeyEquals(const uint8_t* a, const uint8_t* b, uint32_t size) {
  uint32_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t x;
    uint64_t y;
    std::memcpy(&x, a + i, 8);
    std::memcpy(&y, b + i, 8);
    if (x != y) return false;
  }
  for (; i < size; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

GroupHashTable::GroupHashTable(std::vector<DataType> key_types)
    : key_types_(std::move(key_types)),
      slots_(kInitialSlots, Slot{0, kEmpty}),
      mask_(kInitialSlots - 1),
      display_scales_(key_types_.size()) {
  for (const DataType& type : key_types_)
    has_numeric_key_ = has_numeric_key_ || type.id == TypeId::kNumeric;
}

void GroupHashTable::EncodeBatch(const std::vector<ColumnVector>& keys, size_t n) {
  size_t fixed = 0;
  for (const DataType& type : key_types_) {
    fixed += 1 + (IsVariableWidth(type.id) ? sizeof(uint32_t) : PhysicalSize(type.id));
  }
  offsets_.resize(n + 1);
  std::vector<uint32_t>& sizes = offsets_;  // sizes first, then prefix-summed in place
  for (size_t i = 0; i < n; ++i)
    sizes[i + 1] = static_cast<uint32_t>(fixed);
  for (size_t c = 0; c < keys.size(); ++c) {
    if (!IsVariableWidth(key_types_[c].id)) continue;
    const auto* strings = keys[c].data<std::string_view>();
    for (size_t i = 0; i < n; ++i) {
      if (!keys[c].IsNull(i)) sizes[i + 1] += static_cast<uint32_t>(strings[i].size());
    }
  }
  offsets_[0] = 0;
  for (size_t i = 0; i < n; ++i)
    offsets_[i + 1] += offsets_[i];
  encoded_.assign(offsets_[n], 0);

  // Column at a time, each row's cursor advancing through its key bytes.
  std::vector<uint32_t> cursor(offsets_.begin(), offsets_.end() - 1);
  uint8_t* base = encoded_.data();
  for (size_t c = 0; c < keys.size(); ++c) {
    const ColumnVector& column = keys[c];
    bool may_be_null = column.MayHaveNulls();
    DispatchPhysical(key_types_[c].id, [&](auto tag) {
      using T = decltype(tag);
      const T* values = column.data<T>();
      for (size_t i = 0; i < n; ++i) {
        uint8_t* p = base + cursor[i];
        bool is_null = may_be_null && column.IsNull(i);
        p[0] = is_null ? 0 : 1;
        if constexpr (std::is_same_v<T, std::string_view>) {
          uint32_t size = is_null ? 0 : static_cast<uint32_t>(values[i].size());
          std::memcpy(p + 1, &size, sizeof(size));
          if (size > 0) std::memcpy(p + 1 + sizeof(size), values[i].data(), size);
          cursor[i] += 1 + sizeof(size) + size;
        } else {
          if (!is_null) {
            T v = CanonicalKey(values[i]);
            std::memcpy(p + 1, &v, sizeof(T));
          }
          cursor[i] += 1 + sizeof(T);
        }
      }
    });
  }
}

void GroupHashTable::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{0, kEmpty});
  mask_ = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.group == kEmpty) continue;
    uint64_t index = slot.hash & mask_;
    while (slots_[index].group != kEmpty)
      index = (index + 1) & mask_;
    slots_[index] = slot;
  }
}

uint32_t GroupHashTable::FindOrInsertKey(const uint8_t* key, uint32_t size, uint64_t hash) {
  uint64_t index = hash & mask_;
  while (true) {
    Slot& slot = slots_[index];
    if (slot.group == kEmpty) {
      uint8_t* stored = key_arena_.Allocate(size);
      // A zero-column key has no bytes (and may come from an empty buffer).
      if (size > 0) std::memcpy(stored, key, size);
      uint32_t group = static_cast<uint32_t>(groups_.size());
      slot = Slot{hash, group};
      groups_.push_back(GroupKey{stored, size});
      // Keep the load factor at or below one half.
      if (groups_.size() * 2 > slots_.size()) Grow();
      return group;
    }
    if (slot.hash == hash) {
      const GroupKey& group = groups_[slot.group];
      if (group.size == size && KeyEquals(group.bytes, key, size)) return slot.group;
    }
    index = (index + 1) & mask_;
  }
}

void GroupHashTable::FindOrInsertInt64(const ColumnVector& keys, size_t n, uint32_t* group_ids) {
  // The same bytes EncodeBatch writes (valid flag, value), so groups found
  // here and by the general path agree.
  uint8_t key[1 + sizeof(int64_t)];
  key[0] = 1;
  const int64_t* values = keys.data<int64_t>();
  // Group ids never change while the table lives, so entries stay valid from
  // batch to batch (rows stored series by series cycle through the same
  // buckets once per series, batch after batch). Text keys cannot match:
  // no text has the size that marks an integer-only entry.
  constexpr size_t kIntegerOnly = SIZE_MAX;
  if (recent_.empty()) {
    recent_.resize(kRecentSlots);
    ++recent_generation_;
  }
  for (size_t i = 0; i < n; ++i) {
    int64_t v = values[i];
    if (i > 0 && v == values[i - 1]) {
      group_ids[i] = group_ids[i - 1];
      continue;
    }
    Recent& recent =
        recent_[(static_cast<uint64_t>(v) * 0x9E3779B97F4A7C15ull) >> (64 - kRecentBits)];
    if (recent.generation == recent_generation_ && recent.value == v &&
        recent.size == kIntegerOnly) {
      group_ids[i] = recent.group;
      continue;
    }
    std::memcpy(key + 1, &v, sizeof(int64_t));
    uint32_t group = FindOrInsertKey(key, sizeof(key), XXH3_64bits(key, sizeof(key)));
    recent = Recent{.value = v,
                    .text = nullptr,
                    .size = kIntegerOnly,
                    .group = group,
                    .generation = recent_generation_};
    group_ids[i] = group;
  }
}

void GroupHashTable::FindOrInsertInt64Text(const ColumnVector& ints, const ColumnVector& texts,
                                           bool text_first, size_t n, uint32_t* group_ids) {
  const int64_t* values = ints.data<int64_t>();
  const auto* strings = texts.data<std::string_view>();
  ++recent_generation_;
  if (recent_.empty()) recent_.resize(kRecentSlots);
  for (size_t i = 0; i < n; ++i) {
    int64_t v = values[i];
    std::string_view text = strings[i];
    // Within one batch equal (address, length) means equal bytes: the batch
    // keeps every string it points into alive.
    uint64_t mix = static_cast<uint64_t>(v) * 0x9E3779B97F4A7C15ull ^
                   reinterpret_cast<uintptr_t>(text.data()) * 0xC2B2AE3D27D4EB4Full ^ text.size();
    Recent& recent = recent_[mix >> (64 - kRecentBits)];
    if (recent.generation == recent_generation_ && recent.value == v &&
        recent.text == text.data() && recent.size == text.size()) {
      group_ids[i] = recent.group;
      continue;
    }
    // The bytes EncodeBatch writes for these two columns.
    uint32_t size = static_cast<uint32_t>(2 + sizeof(int64_t) + sizeof(uint32_t) + text.size());
    if (key_scratch_.size() < size) key_scratch_.resize(size);
    uint8_t* p = key_scratch_.data();
    auto put_int = [&] {
      *p++ = 1;
      std::memcpy(p, &v, sizeof(v));
      p += sizeof(v);
    };
    auto put_text = [&] {
      *p++ = 1;
      uint32_t length = static_cast<uint32_t>(text.size());
      std::memcpy(p, &length, sizeof(length));
      p += sizeof(length);
      if (length > 0) std::memcpy(p, text.data(), length);
      p += length;
    };
    if (text_first) {
      put_text();
      put_int();
    } else {
      put_int();
      put_text();
    }
    uint32_t group =
        FindOrInsertKey(key_scratch_.data(), size, XXH3_64bits(key_scratch_.data(), size));
    recent = Recent{.value = v,
                    .text = text.data(),
                    .size = text.size(),
                    .group = group,
                    .generation = recent_generation_};
    group_ids[i] = group;
  }
}

uint32_t GroupHashTable::FindKey(const uint8_t* key, uint32_t size, uint64_t hash) const {
  uint64_t index = hash & mask_;
  while (true) {
    const Slot& slot = slots_[index];
    if (slot.group == kEmpty) return kNoGroup;
    if (slot.hash == hash) {
      const GroupKey& group = groups_[slot.group];
      if (group.size == size && KeyEquals(group.bytes, key, size)) return slot.group;
    }
    index = (index + 1) & mask_;
  }
}

void GroupHashTable::Find(const std::vector<ColumnVector>& keys, size_t n, uint32_t* group_ids) {
  EncodeBatch(keys, n);
  for (size_t i = 0; i < n; ++i) {
    const uint8_t* key = encoded_.data() + offsets_[i];
    uint32_t size = offsets_[i + 1] - offsets_[i];
    group_ids[i] = FindKey(key, size, XXH3_64bits(key, size));
  }
}

void GroupHashTable::FindOrInsert(const std::vector<ColumnVector>& keys, size_t n,
                                  uint32_t* group_ids) {
  auto is_int64 = [](TypeId id) {
    return id == TypeId::kInt64 || id == TypeId::kTimestamp || id == TypeId::kTimestampTz;
  };
  if (keys.size() == 1 && !keys[0].MayHaveNulls() && is_int64(key_types_[0].id)) {
    return FindOrInsertInt64(keys[0], n, group_ids);
  }
  if (keys.size() == 2 && !keys[0].MayHaveNulls() && !keys[1].MayHaveNulls()) {
    if (is_int64(key_types_[0].id) && IsString(key_types_[1].id)) {
      return FindOrInsertInt64Text(keys[0], keys[1], false, n, group_ids);
    }
    if (IsString(key_types_[0].id) && is_int64(key_types_[1].id)) {
      return FindOrInsertInt64Text(keys[1], keys[0], true, n, group_ids);
    }
  }
  EncodeBatch(keys, n);
  const uint8_t* base = encoded_.data();
  for (size_t i = 0; i < n; ++i) {
    const uint8_t* key = base + offsets_[i];
    uint32_t size = offsets_[i + 1] - offsets_[i];
    // Time-ordered input often repeats the previous row's key (the same
    // bucket): reuse its group without hashing.
    if (i > 0 && size == offsets_[i] - offsets_[i - 1] &&
        KeyEquals(key, base + offsets_[i - 1], size)) {
      group_ids[i] = group_ids[i - 1];
      continue;
    }
    const size_t groups_before = groups_.size();
    group_ids[i] = FindOrInsertKey(key, size, XXH3_64bits(key, size));
    if (has_numeric_key_ && groups_.size() > groups_before) {
      for (size_t c = 0; c < keys.size(); ++c) {
        if (key_types_[c].id != TypeId::kNumeric) continue;
        display_scales_[c].resize(groups_.size(), -1);
        if (!keys[c].IsNull(i)) display_scales_[c].back() = keys[c].data<Numeric>()[i].scale;
      }
    }
  }
}

uint64_t GroupHashTable::HashKey(std::string_view key) {
  return XXH3_64bits(key.data(), key.size());
}

void GroupHashTable::HashRows(const std::vector<ColumnVector>& keys, size_t n, uint64_t* hashes) {
  EncodeBatch(keys, n);
  for (size_t i = 0; i < n; ++i)
    hashes[i] = XXH3_64bits(encoded_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]);
}

uint32_t GroupHashTable::FindOrInsertEncoded(std::string_view key) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(key.data());
  auto size = static_cast<uint32_t>(key.size());
  return FindOrInsertKey(bytes, size, XXH3_64bits(bytes, size));
}

void GroupHashTable::AppendDisplayScales(uint32_t group, std::string& out) const {
  for (size_t c = 0; c < key_types_.size(); ++c) {
    if (key_types_[c].id != TypeId::kNumeric) continue;
    const std::vector<int32_t>& scales = display_scales_[c];
    int32_t scale = group < scales.size() ? scales[group] : -1;
    out.append(reinterpret_cast<const char*>(&scale), sizeof(scale));
  }
}

bool GroupHashTable::ReadDisplayScales(uint32_t group, std::string_view& in) {
  for (size_t c = 0; c < key_types_.size(); ++c) {
    if (key_types_[c].id != TypeId::kNumeric) continue;
    int32_t scale;
    if (in.size() < sizeof(scale)) return false;
    std::memcpy(&scale, in.data(), sizeof(scale));
    in.remove_prefix(sizeof(scale));
    std::vector<int32_t>& scales = display_scales_[c];
    if (scales.size() <= group) scales.resize(group + 1, -1);
    if (scales[group] < 0) scales[group] = scale;
  }
  return true;
}

std::vector<ColumnVector> GroupHashTable::GatherKeys(size_t begin, size_t count) const {
  std::vector<ColumnVector> out;
  out.reserve(key_types_.size());
  std::vector<const uint8_t*> cursor(count);
  for (size_t g = 0; g < count; ++g)
    cursor[g] = groups_[begin + g].bytes;
  for (const DataType& type : key_types_) {
    ColumnVector column(type, std::max<size_t>(count, 1));
    column.SetSize(count);
    DispatchPhysical(type.id, [&](auto tag) {
      using T = decltype(tag);
      T* values = column.data<T>();
      for (size_t g = 0; g < count; ++g) {
        const uint8_t* p = cursor[g];
        bool is_null = p[0] == 0;
        if (is_null) column.SetNull(g, true);
        if constexpr (std::is_same_v<T, std::string_view>) {
          uint32_t size;
          std::memcpy(&size, p + 1, sizeof(size));
          if (!is_null) {
            values[g] = column.AddString(
                std::string_view(reinterpret_cast<const char*>(p + 1 + sizeof(size)), size));
          }
          cursor[g] = p + 1 + sizeof(size) + size;
        } else {
          if (!is_null) std::memcpy(&values[g], p + 1, sizeof(T));
          cursor[g] = p + 1 + sizeof(T);
          if constexpr (std::is_same_v<T, Numeric>) {
            const std::vector<int32_t>& scales = display_scales_[&type - key_types_.data()];
            const size_t group = begin + g;
            if (!is_null && group < scales.size() && scales[group] > values[g].scale) {
              values[g] = WithDisplayScale(values[g], scales[group]);
            }
          }
        }
      }
    });
    out.push_back(std::move(column));
  }
  return out;
}

size_t GroupHashTable::memory_bytes() const {
  size_t display_bytes = 0;
  for (const std::vector<int32_t>& scales : display_scales_)
    display_bytes += scales.capacity() * sizeof(int32_t);
  return slots_.size() * sizeof(Slot) + groups_.size() * sizeof(GroupKey) +
         key_arena_.bytes_reserved() + display_bytes;
}

}  // namespace sundial::exec
