#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace sundial::exec {

// Bump allocator for group keys and aggregate states: many small objects
// that all die together with the operator. Not thread-safe.
class Arena {
 public:
  // Returns `bytes` of zeroed memory aligned to 16.
  uint8_t* Allocate(size_t bytes) {
    size_t aligned = (bytes + 15) & ~size_t{15};
    // A zero-byte request (the key of a zero-column DISTINCT) still needs a block to point into.
    if (blocks_.empty() || aligned > block_size_ - used_) NewBlock(aligned);
    uint8_t* p = blocks_.back().get() + used_;
    used_ += aligned;
    return p;
  }
  size_t bytes_reserved() const { return bytes_reserved_; }

 private:
  // Blocks start small and double, so a small arena (a spilling operator
  // under a tight work_mem) does not reserve far more than it uses.
  static constexpr size_t kFirstBlockSize = 4 * 1024;
  static constexpr size_t kMaxBlockSize = 256 * 1024;

  void NewBlock(size_t min_bytes) {
    size_t next = block_size_ == 0 ? kFirstBlockSize : std::min(block_size_ * 2, kMaxBlockSize);
    block_size_ = std::max(min_bytes, next);
    // operator new[] aligns to __STDCPP_DEFAULT_NEW_ALIGNMENT__ (16 on x86-64).
    blocks_.push_back(std::make_unique<uint8_t[]>(block_size_));
    bytes_reserved_ += block_size_;
    used_ = 0;
  }

  std::vector<std::unique_ptr<uint8_t[]>> blocks_;
  size_t block_size_ = 0;
  size_t used_ = 0;
  size_t bytes_reserved_ = 0;
};

}  // namespace sundial::exec
