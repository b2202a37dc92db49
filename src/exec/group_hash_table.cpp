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
  return IsString(id) || id == TypeId::kUnknown;
}

// Equal floats must encode to equal bytes: -0 and 0 are one group, as are
// all NaNs (PostgreSQL groups NaN with NaN).
template <typename T>
T CanonicalKey(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    if (v == 0) return T{0};
    if (std::isnan(v)) return std::numeric_limits<T>::quiet_NaN();
  }
  return v;
}

}  // namespace

GroupHashTable::GroupHashTable(std::vector<DataType> key_types)
    : key_types_(std::move(key_types)),
      slots_(kInitialSlots, Slot{0, kEmpty}),
      mask_(kInitialSlots - 1) {}

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
  hashes_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    hashes_[i] = XXH3_64bits(base + offsets_[i], offsets_[i + 1] - offsets_[i]);
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

void GroupHashTable::FindOrInsert(const std::vector<ColumnVector>& keys, size_t n,
                                  uint32_t* group_ids) {
  EncodeBatch(keys, n);
  const uint8_t* base = encoded_.data();
  for (size_t i = 0; i < n; ++i) {
    uint64_t hash = hashes_[i];
    const uint8_t* key = base + offsets_[i];
    uint32_t size = offsets_[i + 1] - offsets_[i];
    uint64_t index = hash & mask_;
    while (true) {
      Slot& slot = slots_[index];
      if (slot.group == kEmpty) {
        uint8_t* stored = key_arena_.Allocate(size);
        std::memcpy(stored, key, size);
        slot = Slot{hash, static_cast<uint32_t>(groups_.size())};
        groups_.push_back(GroupKey{stored, size});
        group_ids[i] = slot.group;
        // Keep the load factor at or below one half.
        if (groups_.size() * 2 > slots_.size()) Grow();
        break;
      }
      if (slot.hash == hash) {
        const GroupKey& group = groups_[slot.group];
        if (group.size == size && std::memcmp(group.bytes, key, size) == 0) {
          group_ids[i] = slot.group;
          break;
        }
      }
      index = (index + 1) & mask_;
    }
  }
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
        }
      }
    });
    out.push_back(std::move(column));
  }
  return out;
}

size_t GroupHashTable::memory_bytes() const {
  return slots_.size() * sizeof(Slot) + groups_.size() * sizeof(GroupKey) +
         key_arena_.bytes_reserved();
}

}  // namespace sundial::exec
