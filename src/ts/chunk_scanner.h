#pragma once

#include <vector>

#include "ts/engine.h"

namespace sundial::ts {

// A TableScanner over rows computed up front (system relations, tests),
// handed out chunk by chunk.
class ChunkScanner final : public TableScanner {
 public:
  explicit ChunkScanner(std::vector<DataChunk> chunks) : chunks_(std::move(chunks)) {}

  Result<bool> Next(DataChunk& out) override {
    if (next_ >= chunks_.size()) return false;
    out = std::move(chunks_[next_++]);
    return true;
  }

 private:
  std::vector<DataChunk> chunks_;
  size_t next_ = 0;
};

}  // namespace sundial::ts
