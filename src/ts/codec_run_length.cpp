#include "ts/codec.h"
#include "ts/coding.h"
#include "ts/int_lanes.h"
#include "ts/run_coding.h"

namespace sundial::ts {

namespace {

// Integer-like values as runs of equal values: validity, then the runs
// (run_coding.h). Pays when values repeat, as a time column does when many
// series share each timestamp.
class RunLengthCodecImpl final : public Codec {
 public:
  CodecId id() const override { return CodecId::kRunLength; }
  bool Supports(TypeId type) const override { return IsIntegerLike(type); }

  bool Encode(const BlockValues& in, std::string& out) const override {
    if (!IsIntegerLike(in.type) || in.count == 0) return false;
    thread_local std::vector<uint64_t> lanes;
    WidenToLanes(in, lanes);
    EncodeValidity(in, out);
    PutRuns(lanes.data(), lanes.size(), out);
    return true;
  }

  Status Decode(TypeId type, std::string_view payload, size_t count,
                DecodedBlock& out) const override {
    if (!IsIntegerLike(type)) return MalformedBlock(kName, "not an integer column");
    out.Reset(type, count);
    ASSIGN_OR_RETURN(size_t used, DecodeValidity(payload, count, out));
    ByteReader in(payload.substr(used), "run-length block");
    thread_local std::vector<uint64_t> scratch;
    uint64_t* lanes = LaneBuffer(out, scratch);
    RETURN_IF_ERROR(GetRuns(in, count, kName, lanes));
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
