#pragma once

#include <cstddef>
#include <cstdint>

// The write-ahead log's on-disk format. See README.md ("WAL") for the torn
// tail policy.
//
// A WAL file is a sequence of physical records:
//   checksum  u32  Checksum32 over the 5 header bytes after it and the payload
//   length    u32  payload bytes (<= kMaxFragmentPayload)
//   type      u8   RecordType
//   payload   length bytes
// One AppendTables call (a group) is one logical record split into
// fragments: kFull alone, or kFirst, kMiddle..., kLast.
namespace sundial::ts::wal {

inline constexpr size_t kHeaderSize = 9;
inline constexpr size_t kChecksumSize = 4;
// Upper bound a reader accepts; writers may use smaller fragments.
inline constexpr size_t kMaxFragmentPayload = size_t{8} << 20;

enum class RecordType : uint8_t {
  kFull = 1,
  kFirst = 2,
  kMiddle = 3,
  kLast = 4,
};
inline constexpr uint8_t kMinRecordType = 1;
inline constexpr uint8_t kMaxRecordType = 4;

// Layout of a group payload (the rows of one AppendTables call, any number
// of tables):
//   kMultiTableGroup u32, table_count u32, then per table:
//     table_id u32, chunk_count u32, then per chunk:
//       row_count u32, column_count u32, then per column:
//         type u8 (TypeId), has_nulls u8, [validity bitmap: (rows+7)/8 bytes, bit set = valid]
//         fixed-width types: row_count little-endian values
//         text: row_count x (u32 length, bytes); a NULL has length 0
// Groups written before multi-table groups existed hold one table and start
// with its id: `table_id u32, chunk_count u32, chunks` as above. They are
// still read; the marker tells the two apart because table ids count up
// from 1 and never reach it.
inline constexpr uint32_t kMultiTableGroup = 0xFFFFFFFF;
inline constexpr uint32_t kMaxChunkColumns = 1600;

}  // namespace sundial::ts::wal
