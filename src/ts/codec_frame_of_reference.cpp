#include <algorithm>

#include "ts/bit_packing.h"
#include "ts/codec.h"
#include "ts/coding.h"
#include "ts/int_lanes.h"

namespace sundial::ts {

namespace {

// Integer-like values as offsets from the block minimum: validity, base i64
// (the minimum), width u8 (0..64), then every value minus base bit-packed in
// `width` bits. A constant block needs no value bits at all.
class FrameOfReferenceCodecImpl final : public Codec {
 public:
  CodecId id() const override { return CodecId::kFrameOfReference; }
  bool Supports(TypeId type) const override { return IsIntegerLike(type); }

  bool Encode(const BlockValues& in, std::string& out) const override {
    if (!IsIntegerLike(in.type)) return false;
    thread_local std::vector<uint64_t> lanes;
    WidenToLanes(in, lanes);
    int64_t lo = 0;
    int64_t hi = 0;
    if (!lanes.empty()) {
      auto [min_it, max_it] = std::minmax_element(
          lanes.begin(), lanes.end(),
          [](uint64_t a, uint64_t b) { return static_cast<int64_t>(a) < static_cast<int64_t>(b); });
      lo = static_cast<int64_t>(*min_it);
      hi = static_cast<int64_t>(*max_it);
    }
    unsigned width = BitWidth(static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo));
    EncodeValidity(in, out);
    PutFixed<int64_t>(out, lo);
    out.push_back(static_cast<char>(width));
    PackBits(lanes.data(), lanes.size(), static_cast<uint64_t>(lo), width, out);
    return true;
  }

  Status Decode(TypeId type, std::string_view payload, size_t count,
                DecodedBlock& out) const override {
    if (!IsIntegerLike(type)) return MalformedBlock(kName, "not an integer column");
    out.Reset(type, count);
    ASSIGN_OR_RETURN(size_t used, DecodeValidity(payload, count, out));
    ByteReader in(payload.substr(used), "frame-of-reference block");
    int64_t base = 0;
    uint8_t width = 0;
    RETURN_IF_ERROR(in.Read(base));
    RETURN_IF_ERROR(in.Read(width));
    if (width > 64) return MalformedBlock(kName, "bit width above 64");
    if (in.remaining() != PackedBytes(count, width)) {
      return MalformedBlock(kName, "packed bytes do not match the count");
    }
    std::string_view packed;
    RETURN_IF_ERROR(in.ReadBytes(in.remaining(), packed));
    thread_local std::vector<uint64_t> scratch;
    uint64_t* lanes = LaneBuffer(out, scratch);
    UnpackBits(packed, count, width, static_cast<uint64_t>(base), lanes);
    NarrowFromLanes(lanes, count, out);
    return Status::Ok();
  }

 private:
  static constexpr const char* kName = "frame-of-reference";
};

}  // namespace

const Codec& FrameOfReferenceCodec() {
  static const FrameOfReferenceCodecImpl codec;
  return codec;
}

}  // namespace sundial::ts
