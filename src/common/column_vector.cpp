#include "common/column_vector.h"

#include <algorithm>
#include <cassert>

namespace sundial {

std::string_view StringHeap::Add(std::string_view s) {
  if (s.empty()) return {};
  if (s.size() > kBlockSize / 4) {
    // Large strings get a block of their own so the current block keeps filling.
    auto block = std::make_unique_for_overwrite<char[]>(s.size());
    std::memcpy(block.get(), s.data(), s.size());
    std::string_view view(block.get(), s.size());
    blocks_.insert(blocks_.end() - (blocks_.empty() ? 0 : 1), std::move(block));
    bytes_used_ += s.size();
    return view;
  }
  if (block_used_ + s.size() > block_size_) {
    // Blocks grow from small to kBlockSize: many vectors hold a few short
    // strings (a batch of partial aggregate states, a filtered batch).
    block_size_ = blocks_.empty() ? kFirstBlockSize : std::min(kBlockSize, 2 * block_size_);
    block_size_ = std::max(block_size_, s.size());
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(block_size_));
    block_used_ = 0;
  }
  char* dest = blocks_.back().get() + block_used_;
  std::memcpy(dest, s.data(), s.size());
  block_used_ += s.size();
  bytes_used_ += s.size();
  return std::string_view(dest, s.size());
}

ColumnVector::ColumnVector(DataType type, size_t capacity)
    : type_(type),
      capacity_(capacity),
      data_(std::make_shared<uint8_t[]>(std::max<size_t>(1, capacity) * PhysicalSize(type.id))) {
  if (HasStringHeap(type.id)) heap_ = std::make_shared<StringHeap>();
}

void ColumnVector::SetSize(size_t size) {
  assert(size <= capacity_);
  size_ = size;
}

void ColumnVector::SetNull(size_t row, bool is_null) {
  if (!validity_) {
    if (!is_null) return;
    size_t words = (capacity_ + 63) / 64;
    validity_ = std::make_shared<uint64_t[]>(std::max<size_t>(1, words));
    std::fill(validity_.get(), validity_.get() + words, ~uint64_t{0});
  }
  uint64_t bit = uint64_t{1} << (row & 63);
  if (is_null) {
    validity_[row >> 6] &= ~bit;
  } else {
    validity_[row >> 6] |= bit;
  }
}

void ColumnVector::KeepStringsOf(const ColumnVector& other) {
  if (other.heap_ && other.heap_ != heap_) kept_heaps_.push_back(other.heap_);
  for (const auto& heap : other.kept_heaps_) {
    if (heap != heap_) kept_heaps_.push_back(heap);
  }
}

void ColumnVector::AppendFrom(const ColumnVector& source, size_t row) {
  assert(size_ < capacity_);
  size_t at = size_++;
  if (source.IsNull(row)) {
    SetNull(at, true);
    return;
  }
  if (validity_) SetNull(at, false);
  if (HasStringHeap(type_.id)) {
    data<std::string_view>()[at] = AddString(source.data<std::string_view>()[row]);
    return;
  }
  size_t width = PhysicalSize(type_.id);
  std::memcpy(data_.get() + at * width, source.data_.get() + row * width, width);
}

DataChunk DataChunk::Make(const std::vector<DataType>& types, size_t capacity) {
  DataChunk chunk;
  chunk.columns.reserve(types.size());
  for (const DataType& type : types)
    chunk.columns.emplace_back(type, capacity);
  return chunk;
}

void DataChunk::SetSize(size_t n) {
  row_count_without_columns = n;
  for (ColumnVector& column : columns)
    column.SetSize(n);
}

}  // namespace sundial
