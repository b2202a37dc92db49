#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "common/types.h"

namespace sundial {

// Rows per batch exchanged between operators.
inline constexpr size_t kBatchCapacity = 2048;

// Owns the bytes of string values. Append-only; views returned stay valid for
// the heap's lifetime. Shared by every vector that references its strings.
class StringHeap {
 public:
  std::string_view Add(std::string_view s);
  size_t bytes_used() const { return bytes_used_; }

 private:
  static constexpr size_t kFirstBlockSize = 1024;
  static constexpr size_t kBlockSize = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_size_ = 0;  // of blocks_.back()
  size_t block_used_ = 0;
  size_t bytes_used_ = 0;
};

// A typed column of values with a validity bitmap.
//
// Copying a ColumnVector is shallow: the copy shares the data buffer, the
// validity bitmap and the string heap (reference semantics, like a DuckDB
// Vector). An operator that produces new values constructs a fresh vector;
// it never writes into a vector it received.
class ColumnVector {
 public:
  ColumnVector() = default;
  // A writable vector for `capacity` values of `type`, all valid, size 0.
  ColumnVector(DataType type, size_t capacity);
  // The same with the values left uninitialized, for producers that write
  // every value they expose (saves zeroing large batches).
  static ColumnVector ForOverwrite(DataType type, size_t capacity) {
    ColumnVector v;
    v.type_ = type;
    v.capacity_ = capacity;
    v.data_ = std::make_shared_for_overwrite<uint8_t[]>(std::max<size_t>(1, capacity) *
                                                        PhysicalSize(type.id));
    if (HasStringHeap(type.id)) v.heap_ = std::make_shared<StringHeap>();
    return v;
  }

  DataType type() const { return type_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  // Sets the number of values in use; must not exceed capacity.
  void SetSize(size_t size);

  template <typename T>
  T* data() {
    return reinterpret_cast<T*>(data_.get());
  }
  template <typename T>
  const T* data() const {
    return reinterpret_cast<const T*>(data_.get());
  }

  // Validity: an absent bitmap means every value is valid.
  bool IsNull(size_t row) const {
    return validity_ && ((validity_[row >> 6] >> (row & 63)) & 1) == 0;
  }
  bool MayHaveNulls() const { return validity_ != nullptr; }
  void SetNull(size_t row, bool is_null);
  // Raw bitmap (bit set = valid), or nullptr when all are valid.
  const uint64_t* validity() const { return validity_.get(); }

  // Copies `s` into this vector's string heap and returns a stable view.
  std::string_view AddString(std::string_view s) { return heap_->Add(s); }
  // Makes this vector share (keep alive) another vector's strings, so views
  // copied from `other` stay valid for this vector's lifetime.
  void KeepStringsOf(const ColumnVector& other);
  const std::shared_ptr<StringHeap>& heap() const { return heap_; }

  // Appends row `row` of `source` (same physical type) at position size() and
  // grows size by one; strings are copied.
  void AppendFrom(const ColumnVector& source, size_t row);

 private:
  DataType type_;
  size_t size_ = 0;
  size_t capacity_ = 0;
  std::shared_ptr<uint8_t[]> data_;
  std::shared_ptr<uint64_t[]> validity_;
  std::shared_ptr<StringHeap> heap_;
  std::vector<std::shared_ptr<StringHeap>> kept_heaps_;
};

// A batch of rows: one ColumnVector per column, all of the same size.
struct DataChunk {
  std::vector<ColumnVector> columns;

  size_t size() const { return columns.empty() ? row_count_without_columns : columns[0].size(); }
  // Row count of a chunk with no columns (e.g. SELECT count(*) input after pruning).
  size_t row_count_without_columns = 0;

  // A fresh writable chunk with the given column types and capacity.
  static DataChunk Make(const std::vector<DataType>& types, size_t capacity = kBatchCapacity);
  void SetSize(size_t n);
};

}  // namespace sundial
