#include <algorithm>

#include "ts/bit_packing.h"
#include "ts/codec.h"
#include "ts/coding.h"
#include "ts/int_lanes.h"

namespace sundial::ts {

namespace {

// Integer-like values as differences from their predecessor, frame-of-
// reference packed: validity, first i64, base i64 (the smallest difference),
// width u8, then the count-1 differences minus base in `width` bits.
// Differences wrap (two's complement), so any int64 sequence round-trips;
// a regular series (timestamps every 10 s) has one difference and width 0.
class DeltaCodecImpl final : public Codec {
 public:
  CodecId id() const override { return CodecId::kDelta; }
  bool Supports(TypeId type) const override { return IsIntegerLike(type); }

  bool Encode(const BlockValues& in, std::string& out) const override {
    if (!IsIntegerLike(in.type) || in.count == 0) return false;
    thread_local std::vector<uint64_t> lanes;
    WidenToLanes(in, lanes);
    uint64_t first = lanes[0];
    int64_t lo = INT64_MAX;
    int64_t hi = INT64_MIN;
    // In place, last to first, so each difference still sees its predecessor.
    for (size_t i = lanes.size() - 1; i > 0; --i) {
      lanes[i] -= lanes[i - 1];
      lo = std::min(lo, static_cast<int64_t>(lanes[i]));
      hi = std::max(hi, static_cast<int64_t>(lanes[i]));
    }
    if (lanes.size() == 1) lo = hi = 0;
    unsigned width = BitWidth(static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo));
    EncodeValidity(in, out);
    PutFixed<uint64_t>(out, first);
    PutFixed<int64_t>(out, lo);
    out.push_back(static_cast<char>(width));
    PackBits(lanes.data() + 1, lanes.size() - 1, static_cast<uint64_t>(lo), width, out);
    return true;
  }

  Status Decode(TypeId type, std::string_view payload, size_t count,
                DecodedBlock& out) const override {
    if (!IsIntegerLike(type)) return MalformedBlock(kName, "not an integer column");
    if (count == 0) return MalformedBlock(kName, "empty block");
    out.Reset(type, count);
    ASSIGN_OR_RETURN(size_t used, DecodeValidity(payload, count, out));
    ByteReader in(payload.substr(used), "delta block");
    uint64_t first = 0;
    int64_t base = 0;
    uint8_t width = 0;
    RETURN_IF_ERROR(in.Read(first));
    RETURN_IF_ERROR(in.Read(base));
    RETURN_IF_ERROR(in.Read(width));
    if (width > 64) return MalformedBlock(kName, "bit width above 64");
    if (in.remaining() != PackedBytes(count - 1, width)) {
      return MalformedBlock(kName, "packed bytes do not match the count");
    }
    std::string_view packed;
    RETURN_IF_ERROR(in.ReadBytes(in.remaining(), packed));
    thread_local std::vector<uint64_t> scratch;
    uint64_t* lanes = LaneBuffer(out, scratch);
    lanes[0] = first;
    UnpackBits(packed, count - 1, width, static_cast<uint64_t>(base), lanes + 1);
    for (size_t i = 1; i < count; ++i)
      lanes[i] += lanes[i - 1];
    NarrowFromLanes(lanes, count, out);
    return Status::Ok();
  }

 private:
  static constexpr const char* kName = "delta";
};

}  // namespace

const Codec& DeltaCodec() {
  static const DeltaCodecImpl codec;
  return codec;
}

}  // namespace sundial::ts
