#include "ts/codec.h"
#include "ts/coding.h"
#include "ts/int_lanes.h"
#include "ts/run_coding.h"

namespace sundial::ts {

namespace {

// Integer-like values as the runs (run_coding.h) of their differences:
// validity, first i64, then the count-1 differences (v[i] - v[i-1],
// wrapping) as runs. Pays for timestamps stored series by series: each
// series is one run of its sampling interval, and the step back to the next
// series' first time is one more run, where plain deltas would need the
// width of that step for every row.
class DeltaRunLengthCodecImpl final : public Codec {
 public:
  CodecId id() const override { return CodecId::kDeltaRunLength; }
  bool Supports(TypeId type) const override { return IsIntegerLike(type); }

  bool Encode(const BlockValues& in, std::string& out) const override {
    if (!IsIntegerLike(in.type) || in.count < 2) return false;
    thread_local std::vector<uint64_t> lanes;
    WidenToLanes(in, lanes);
    uint64_t first = lanes[0];
    // In place, last to first, so each difference still sees its predecessor.
    for (size_t i = lanes.size() - 1; i > 0; --i)
      lanes[i] -= lanes[i - 1];
    EncodeValidity(in, out);
    PutFixed<uint64_t>(out, first);
    PutRuns(lanes.data() + 1, lanes.size() - 1, out);
    return true;
  }

  Status Decode(TypeId type, std::string_view payload, size_t count,
                DecodedBlock& out) const override {
    if (!IsIntegerLike(type)) return MalformedBlock(kName, "not an integer column");
    if (count < 2) return MalformedBlock(kName, "fewer than two values");
    out.Reset(type, count);
    ASSIGN_OR_RETURN(size_t used, DecodeValidity(payload, count, out));
    ByteReader in(payload.substr(used), "delta run-length block");
    uint64_t first = 0;
    RETURN_IF_ERROR(in.Read(first));
    thread_local std::vector<uint64_t> scratch;
    uint64_t* lanes = LaneBuffer(out, scratch);
    lanes[0] = first;
    RETURN_IF_ERROR(GetRuns(in, count - 1, kName, lanes + 1));
    for (size_t i = 1; i < count; ++i)
      lanes[i] += lanes[i - 1];
    NarrowFromLanes(lanes, count, out);
    return Status::Ok();
  }

 private:
  static constexpr const char* kName = "delta run-length";
};

}  // namespace

const Codec& DeltaRunLengthCodec() {
  static const DeltaRunLengthCodecImpl codec;
  return codec;
}

}  // namespace sundial::ts
