#pragma once

#include <cstdint>
#include <span>

#include "common/column_vector.h"

namespace sundial::ts {

// The rows one Engine::AppendTables call adds to one table: chunks with one
// vector per table column, in table order, types as in the schema. A view:
// the chunks belong to the caller and must outlive the call.
struct TableAppend {
  uint32_t table_id = 0;
  std::span<const DataChunk> chunks;
};

}  // namespace sundial::ts
