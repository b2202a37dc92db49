#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/status.h"
#include "ts/coding.h"

// Runs of equal 64-bit lanes, shared by the run-length codecs:
//   run_count u32 | base i64 (smallest run value) | value width u8 |
//   length width u8 | run values - base (value width bits each) |
//   run lengths - 1 (length width bits each), both bit-packed.
namespace sundial::ts {

// Appends lanes[0, n) (n > 0) as runs.
void PutRuns(const uint64_t* lanes, size_t n, std::string& out);

// Reads runs that must cover exactly `count` lanes, consuming the rest of
// `in`, into lanes[0, count); kCorruption naming `codec` otherwise.
Status GetRuns(ByteReader& in, size_t count, const char* codec, uint64_t* lanes);

// Bytes PutRuns takes for `runs` runs whose values span `value_span`
// (max - min, as unsigned) and whose longest run is `longest` + 1 lanes.
size_t RunsBytes(size_t runs, uint64_t value_span, uint64_t longest);

}  // namespace sundial::ts
