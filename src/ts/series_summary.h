#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/types.h"
#include "ts/codec.h"

namespace sundial::ts {

// Collects, while a segment is written, each series' newest row: for every
// value of a text key column (NULL being one more value), the first row
// holding that value's greatest time, a NULL time counting as greater than
// any (PostgreSQL's ORDER BY time DESC puts NULLs first). Stored beside the
// segment's rows, it answers "DISTINCT ON (key) ... ORDER BY key, time DESC"
// without reading them.
//
// A summary is only worth keeping when it is much smaller than the segment:
// once the values outnumber a quarter of the rows seen (beyond a small
// floor) collection stops for good.
class SeriesSummaryBuilder {
 public:
  // Positions in the row groups' column list.
  SeriesSummaryBuilder(std::vector<TypeId> column_types, int key_column, int time_column);

  // Takes the next row group (blocks[i] holds column i, `rows` rows).
  void Add(const std::vector<BlockValues>& blocks, size_t rows);

  // Whether the summary of the rows added so far should be stored.
  bool worthwhile() const;

  // The summary rows ordered by key bytes, NULL last, as one BlockValues
  // per column. The blocks point into `values` and `nulls` and, for text,
  // into the builder: valid while both live.
  struct Columns {
    std::vector<BlockValues> blocks;
    size_t rows = 0;
    std::vector<std::unique_ptr<char[]>> values;
    std::vector<std::unique_ptr<uint8_t[]>> nulls;
  };
  Columns Take() const;

 private:
  // Orders rows of one key: a NULL time first, then the greatest time.
  struct Rank {
    bool null_time = false;
    int64_t time = 0;
    bool operator>(const Rank& other) const {
      if (null_time != other.null_time) return null_time;
      return !null_time && time > other.time;
    }
  };
  struct Entry {
    Rank rank;
    uint32_t slot = 0;
  };
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };

  // Allocates a slot for a new key's row.
  Entry NewEntry();
  Rank RankOf(const BlockValues& time, size_t row) const;
  void CopyRow(const std::vector<BlockValues>& blocks, size_t row, uint32_t slot);
  void Abandon();

  std::vector<TypeId> types_;
  int key_column_;
  int time_column_;
  bool abandoned_ = false;
  uint64_t rows_seen_ = 0;
  std::unordered_map<std::string, Entry, KeyHash, std::equal_to<>> entries_;
  std::unique_ptr<Entry> null_entry_;
  uint32_t slots_ = 0;
  // Per column, the slots' values: fixed-width bytes, NULL flags, and for
  // text the owned strings (the bytes hold nothing for them).
  std::vector<std::vector<char>> bytes_;
  std::vector<std::vector<uint8_t>> nulls_;
  std::vector<std::vector<std::string>> texts_;
};

}  // namespace sundial::ts
