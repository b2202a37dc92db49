#include <algorithm>

#include "ts/bit_packing.h"
#include "ts/codec.h"
#include "ts/coding.h"
#include "ts/int_lanes.h"

namespace sundial::ts {

namespace {

// Integer-like values as runs of equal values: validity, run_count u32,
// value base i64, value width u8, length width u8, then the run values minus
// base (value width bits each) and the run lengths minus one (length width
// bits each), both bit-packed. Pays when values repeat, as a time column
// does when many series share each timestamp.
class RunLengthCodecImpl final : public Codec {
 public:
  CodecId id() const override { return CodecId::kRunLength; }
  bool Supports(TypeId type) const override { return IsIntegerLike(type); }

  bool Encode(const BlockValues& in, std::string& out) const override {
    if (!IsIntegerLike(in.type) || in.count == 0) return false;
    thread_local std::vector<uint64_t> lanes;
    thread_local std::vector<uint64_t> lengths;
    WidenToLanes(in, lanes);
    lengths.clear();
    size_t runs = 0;
    int64_t lo = INT64_MAX;
    int64_t hi = INT64_MIN;
    uint64_t longest = 0;
    for (size_t i = 0; i < lanes.size();) {
      size_t end = i + 1;
      while (end < lanes.size() && lanes[end] == lanes[i])
        ++end;
      lanes[runs++] = lanes[i];
      lo = std::min(lo, static_cast<int64_t>(lanes[i]));
      hi = std::max(hi, static_cast<int64_t>(lanes[i]));
      lengths.push_back(end - i - 1);
      longest = std::max<uint64_t>(longest, end - i - 1);
      i = end;
    }
    unsigned value_width = BitWidth(static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo));
    unsigned length_width = BitWidth(longest);
    EncodeValidity(in, out);
    PutFixed<uint32_t>(out, static_cast<uint32_t>(runs));
    PutFixed<int64_t>(out, lo);
    out.push_back(static_cast<char>(value_width));
    out.push_back(static_cast<char>(length_width));
    PackBits(lanes.data(), runs, static_cast<uint64_t>(lo), value_width, out);
    PackBits(lengths.data(), runs, 0, length_width, out);
    return true;
  }

  Status Decode(TypeId type, std::string_view payload, size_t count,
                DecodedBlock& out) const override {
    if (!IsIntegerLike(type)) return MalformedBlock(kName, "not an integer column");
    out.Reset(type, count);
    ASSIGN_OR_RETURN(size_t used, DecodeValidity(payload, count, out));
    ByteReader in(payload.substr(used), "run-length block");
    uint32_t runs = 0;
    int64_t base = 0;
    uint8_t value_width = 0;
    uint8_t length_width = 0;
    RETURN_IF_ERROR(in.Read(runs));
    RETURN_IF_ERROR(in.Read(base));
    RETURN_IF_ERROR(in.Read(value_width));
    RETURN_IF_ERROR(in.Read(length_width));
    if (value_width > 64 || length_width > 64) return MalformedBlock(kName, "bit width above 64");
    if (runs > count || (runs == 0 && count > 0)) return MalformedBlock(kName, "bad run count");
    size_t value_bytes = PackedBytes(runs, value_width);
    if (in.remaining() != value_bytes + PackedBytes(runs, length_width)) {
      return MalformedBlock(kName, "packed bytes do not match the run count");
    }
    std::string_view packed_values;
    std::string_view packed_lengths;
    RETURN_IF_ERROR(in.ReadBytes(value_bytes, packed_values));
    RETURN_IF_ERROR(in.ReadBytes(in.remaining(), packed_lengths));
    thread_local std::vector<uint64_t> run_values;
    thread_local std::vector<uint64_t> run_lengths;
    run_values.resize(runs);
    run_lengths.resize(runs);
    UnpackBits(packed_values, runs, value_width, static_cast<uint64_t>(base), run_values.data());
    UnpackBits(packed_lengths, runs, length_width, 1, run_lengths.data());
    thread_local std::vector<uint64_t> scratch;
    uint64_t* lanes = LaneBuffer(out, scratch);
    size_t at = 0;
    for (uint32_t r = 0; r < runs; ++r) {
      // A length of zero is a wrapped 2^64 run: too long like any other overrun.
      uint64_t n = run_lengths[r];
      if (n == 0 || n > count - at) return MalformedBlock(kName, "runs exceed the count");
      std::fill_n(lanes + at, n, run_values[r]);
      at += n;
    }
    if (at != count) return MalformedBlock(kName, "runs do not add up to the count");
    NarrowFromLanes(lanes, count, out);
    return Status::Ok();
  }

 private:
  static constexpr const char* kName = "run-length";
};

}  // namespace

const Codec& RunLengthCodec() {
  static const RunLengthCodecImpl codec;
  return codec;
}

}  // namespace sundial::ts
