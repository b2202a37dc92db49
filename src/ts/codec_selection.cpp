#include <algorithm>

#include "ts/bit_packing.h"
#include "ts/codec.h"
#include "ts/int_lanes.h"
#include "ts/run_coding.h"

namespace sundial::ts {

namespace {

// ALP at up to this many bits per value is taken without trying Gorilla:
// Gorilla rarely beats it there and costs a bit-serial pass.
constexpr size_t kAlpGoodBitsPerValue = 32;
// The slice of a bit-packed payload that zstd must shrink before it is tried
// on the whole payload.
constexpr size_t kTrialBytes = 4096;

// Frame of reference, delta or runs, whichever the block's statistics say
// is smallest; computed in one pass over the widened values.
const Codec& ChooseIntegerCodec(const BlockValues& in) {
  thread_local std::vector<uint64_t> lanes;
  WidenToLanes(in, lanes);
  size_t n = lanes.size();
  int64_t lo = static_cast<int64_t>(lanes[0]);
  int64_t hi = lo;
  int64_t delta_lo = 0;
  int64_t delta_hi = 0;
  // Runs of equal values, and runs of equal differences.
  size_t runs = 1;
  size_t run = 0;
  size_t longest = 0;
  size_t delta_runs = n > 1 ? 1 : 0;
  size_t delta_run = 0;
  size_t delta_longest = 0;
  for (size_t i = 1; i < n; ++i) {
    int64_t v = static_cast<int64_t>(lanes[i]);
    int64_t d = static_cast<int64_t>(lanes[i] - lanes[i - 1]);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    delta_lo = i == 1 ? d : std::min(delta_lo, d);
    delta_hi = i == 1 ? d : std::max(delta_hi, d);
    if (d == 0) {
      ++run;
    } else {
      longest = std::max(longest, run);
      run = 0;
      ++runs;
    }
    if (i == 1) continue;
    if (lanes[i] - lanes[i - 1] == lanes[i - 1] - lanes[i - 2]) {
      ++delta_run;
    } else {
      delta_longest = std::max(delta_longest, delta_run);
      delta_run = 0;
      ++delta_runs;
    }
  }
  longest = std::max(longest, run);
  delta_longest = std::max(delta_longest, delta_run);
  uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  uint64_t delta_span = static_cast<uint64_t>(delta_hi) - static_cast<uint64_t>(delta_lo);
  size_t frame_bytes = 9 + PackedBytes(n, BitWidth(span));
  size_t delta_bytes = 17 + PackedBytes(n - 1, BitWidth(delta_span));
  size_t run_bytes = RunsBytes(runs, span, longest);
  size_t delta_run_bytes = n > 1 ? 8 + RunsBytes(delta_runs, delta_span, delta_longest) : SIZE_MAX;
  size_t best = std::min({frame_bytes, delta_bytes, run_bytes, delta_run_bytes});
  if (run_bytes == best) return RunLengthCodec();
  if (delta_bytes == best) return DeltaCodec();
  if (delta_run_bytes == best) return DeltaRunLengthCodec();
  return FrameOfReferenceCodec();
}

CodecId EncodeFloat64(const BlockValues& in, std::string& out) {
  size_t at = out.size();
  bool alp = AlpCodec().Encode(in, out);
  size_t alp_bytes = out.size() - at;
  if (alp && alp_bytes * 8 <= in.count * kAlpGoodBitsPerValue) return CodecId::kAlp;
  thread_local std::string gorilla;
  gorilla.clear();
  GorillaCodec().Encode(in, gorilla);
  size_t plain_bytes = 1 + in.count * 8;
  if (gorilla.size() < plain_bytes && (!alp || gorilla.size() < alp_bytes)) {
    out.resize(at);
    out += gorilla;
    return CodecId::kGorilla;
  }
  if (alp && alp_bytes < plain_bytes) return CodecId::kAlp;
  out.resize(at);
  PlainCodec().Encode(in, out);
  return CodecId::kPlain;
}

// The best encoding before general-purpose compression.
CodecId EncodeUncompressed(const BlockValues& in, std::string& out) {
  if (HasStringHeap(in.type)) {
    if (DictionaryCodec().Encode(in, out)) return CodecId::kDictionary;
  } else if (IsIntegerLike(in.type) && in.count > 0) {
    const Codec& codec = ChooseIntegerCodec(in);
    if (codec.Encode(in, out)) return codec.id();
  } else if (in.type == TypeId::kFloat64 && in.count > 0) {
    return EncodeFloat64(in, out);
  }
  PlainCodec().Encode(in, out);
  return CodecId::kPlain;
}

// Text codes and plain bytes often repeat; bit-packed numbers seldom do, so
// for those a slice must compress first (compressing a whole incompressible
// block would cost more than every other encoding step together).
bool WorthCompressing(TypeId type, CodecId id, std::string_view payload) {
  if (HasStringHeap(type) || id == CodecId::kPlain || payload.size() <= 2 * kTrialBytes)
    return true;
  thread_local std::string trial;
  trial.clear();
  return ZstdCompress(id, payload.substr(payload.size() / 2 - kTrialBytes / 2, kTrialBytes), trial);
}

}  // namespace

CodecId EncodeBlock(const BlockValues& in, std::string& out) {
  thread_local std::string inner;
  inner.clear();
  CodecId id = EncodeUncompressed(in, inner);
  if (WorthCompressing(in.type, id, inner) && ZstdCompress(id, inner, out)) return CodecId::kZstd;
  out += inner;
  return id;
}

}  // namespace sundial::ts
