#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "ts/table_append.h"

namespace sundial::ts {

inline constexpr size_t kDefaultMaxFragment = size_t{8} << 20;

// The rows of one table in a group.
struct WalTableRows {
  uint32_t table_id = 0;
  std::vector<DataChunk> chunks;
};

// The logical content of one AppendTables call as it travels through the
// WAL: applied on replay completely or not at all.
struct WalGroup {
  std::vector<WalTableRows> tables;
};

// Serializes an AppendTables call into one group payload (layout in
// wal_format.h).
void EncodeWalGroup(const std::vector<TableAppend>& tables, std::string& out);
// Parses a group payload, in the current or the single-table layout;
// kCorruption when it is malformed.
Result<WalGroup> DecodeWalGroup(std::string_view payload);
// Splits a group payload into checksummed physical records appended to out,
// each carrying at most max_fragment payload bytes.
void FrameWalGroup(std::string_view payload, std::string& out,
                   size_t max_fragment = kDefaultMaxFragment);
// EncodeWalGroup + FrameWalGroup into a fresh buffer, without copying the
// payload when it fits in one record (the common case on the append path).
std::string EncodeFramedWalGroup(const std::vector<TableAppend>& tables);

}  // namespace sundial::ts
