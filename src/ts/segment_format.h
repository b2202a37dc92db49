#pragma once

#include <cstddef>
#include <cstdint>

// On-disk layout of an immutable segment file (see README.md, "Segments").
//
//   block*    column blocks, row group by row group (all columns of row group
//             0, then of row group 1, ...); every column shares the same row
//             boundaries
//   footer    the index (below), Checksum32-protected via the trailer
//   trailer   kTrailerSize bytes at the very end of the file
//
// Block: header (kBlockHeaderSize bytes) then payload
//   codec u8 | reserved u8[3] | value_count u32 | null_count u32 |
//   payload_size u32 | payload_checksum u32 | min 8 bytes | max 8 bytes
//   min/max are int64 for bool/integer/date/timestamp columns and the bits of
//   a double for float columns; zero for others (has_minmax in the footer).
//
// Footer:
//   row_count u64 | time_column i32 (-1: none) | time_min i64 | time_max i64 |
//   row_group_count u32 | row_group_count x rows u32 |
//   column_count u32 | per column:
//     table_column u32 | type u8 | minmax u8 (MinMaxKind) |
//     row_group_count x (offset u64 | size u32 | null_count u32 | min 8 | max 8
//                        [kText: bounds u8 (0|1), when 1: min_len u8 | min |
//                         max_len u8 | max])
//   version 2 on: the sort key the rows were written in:
//     segment_by_count u32 | segment_by_count x column_id u32 |
//     order_by_count u32 | order_by_count x (column_id u32 | descending u8)
//   version 3 on: the newest row of each series (SeriesSummaryBuilder):
//     summary_key column_id u32 | summary_group_count u32 (0: no summary) |
//     summary_group_count x rows u32 | per column, in column order:
//       summary_group_count x block entry (as above)
//   Summary blocks lie in the data area after the row groups' blocks and
//   are not rows of the segment.
//
// Text bounds are the smallest and largest non-NULL value by bytes; a block
// whose largest value is longer than kMaxTextBoundBytes has none. Version 1
// files have neither text bounds nor a sort key (rows in time order).
// Trailer: footer_offset u64 | footer_size u32 | footer_checksum u32 |
//          version u32 | magic u32
namespace sundial::ts::segment {

inline constexpr uint32_t kMagic = 0x47455353;  // "SSEG"
inline constexpr uint32_t kVersion = 3;
inline constexpr uint32_t kVersionWithoutSummary = 2;
inline constexpr uint32_t kVersionWithoutSortKey = 1;
inline constexpr size_t kTrailerSize = 24;
inline constexpr size_t kBlockHeaderSize = 36;
inline constexpr size_t kMaxBlockRows = 65536;
inline constexpr size_t kMaxTextBoundBytes = 255;

enum class MinMaxKind : uint8_t { kNone = 0, kNumber = 1, kText = 2 };

}  // namespace sundial::ts::segment
