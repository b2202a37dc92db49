#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ts/codec.h"

// The integer codecs work on 64-bit lanes whatever the column's width: these
// widen a block's values (bool, int16/32/64, date, timestamp) to int64 bits
// and narrow decoded lanes back into a DecodedBlock.
namespace sundial::ts {

bool IsIntegerLike(TypeId type);

// Widens in.values to sign-extended lanes. A NULL slot repeats the previous
// valid value (the first valid one for leading NULLs) so that NULLs neither
// widen a frame nor break a run.
void WidenToLanes(const BlockValues& in, std::vector<uint64_t>& lanes);

// Narrows `lanes` into out's values (already Reset to `count` values of the
// block type). NULL slots are stored as zero, as the plain codec returns them.
void NarrowFromLanes(const uint64_t* lanes, size_t count, DecodedBlock& out);

// Where a decoder unpacks lanes: the block's own values when they are
// 64-bit, else `scratch` (NarrowFromLanes then copies them over).
uint64_t* LaneBuffer(DecodedBlock& out, std::vector<uint64_t>& scratch);

}  // namespace sundial::ts
