#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "ts/bit_packing.h"
#include "ts/codec.h"
#include "ts/coding.h"

namespace sundial::ts {

namespace {

constexpr int kMaxExponent = 18;
constexpr double kPow10[kMaxExponent + 1] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,
                                             1e7,  1e8,  1e9,  1e10, 1e11, 1e12, 1e13,
                                             1e14, 1e15, 1e16, 1e17, 1e18};
// Scaled values beyond this are not encoded: their conversion to int64 must
// be exact and far from overflow.
constexpr double kMaxScaled = 1.0e15;
constexpr double kRoundMagic = 6755399441055744.0;  // 1.5 * 2^52
constexpr size_t kSampleSize = 32;
constexpr size_t kMaxRows = 65536;  // exception positions are u16
// How the scaled integers are packed.
constexpr char kFrame = 0;        // each minus the block minimum
constexpr char kDifferences = 1;  // each minus its predecessor, minus the smallest difference

// Decimal doubles (12.3456) as integers scaled by 10^exponent: validity,
// exponent u8, mode u8, then for mode 1 (differences) first i64, then base
// i64, width u8, exception_count u32, the packed integers, exception_count
// positions u16 (ascending) and exception_count raw IEEE bits u64. Mode 0
// packs every integer minus base; mode 1 packs the count-1 differences
// (n[i] - n[i-1]) minus base, which pays when a series drifts slowly. A
// value is encoded only when double(n) / 10^exponent reproduces its bits
// exactly; everything else (NaN, infinities, -0.0, denormals, too many
// digits) is an exception stored verbatim, so every block round-trips bit
// for bit.
class AlpCodecImpl final : public Codec {
 public:
  CodecId id() const override { return CodecId::kAlp; }
  bool Supports(TypeId type) const override { return type == TypeId::kFloat64; }

  bool Encode(const BlockValues& in, std::string& out) const override {
    if (in.type != TypeId::kFloat64 || in.count > kMaxRows) return false;
    const double* values = static_cast<const double*>(in.values);
    int exponent = ChooseExponent(in);
    thread_local std::vector<uint64_t> scaled;
    thread_local std::vector<uint8_t> encoded;
    thread_local std::vector<uint16_t> positions;
    scaled.resize(in.count);
    encoded.resize(in.count);
    positions.clear();
    size_t misses =
        exponent == 0 ? ScaleAll<true>(values, in.count, 0, scaled.data(), encoded.data())
                      : ScaleAll<false>(values, in.count, exponent, scaled.data(), encoded.data());
    if (in.nulls != nullptr) {
      for (size_t i = 0; i < in.count; ++i) {
        if (in.nulls[i] && !encoded[i]) --misses;
        encoded[i] &= static_cast<uint8_t>(!in.nulls[i]);
      }
    }
    bool all_encoded = misses == 0 && (in.nulls == nullptr || in.null_count == 0);
    // Exceptions and NULLs take the previous encoded integer (leading ones the
    // first) so that they neither widen the frame nor need bits of their own.
    if (!all_encoded) {
      size_t first = 0;
      while (first < in.count && !encoded[first])
        ++first;
      uint64_t previous = first < in.count ? scaled[first] : 0;
      for (size_t i = 0; i < in.count; ++i) {
        if (encoded[i]) {
          previous = scaled[i];
          continue;
        }
        scaled[i] = previous;
        bool is_null = in.nulls != nullptr && in.nulls[i];
        if (!is_null) positions.push_back(static_cast<uint16_t>(i));
      }
    }
    // Exceptions cost 10 bytes each: past half the block plain is smaller.
    if (positions.size() * 2 > in.count) return false;
    int64_t lo = in.count == 0 ? 0 : static_cast<int64_t>(scaled[0]);
    int64_t hi = lo;
    int64_t delta_lo = in.count < 2 ? 0 : static_cast<int64_t>(scaled[1] - scaled[0]);
    int64_t delta_hi = delta_lo;
    for (size_t i = 1; i < in.count; ++i) {
      int64_t n = static_cast<int64_t>(scaled[i]);
      int64_t d = n - static_cast<int64_t>(scaled[i - 1]);  // |n| < 10^15: no overflow
      lo = std::min(lo, n);
      hi = std::max(hi, n);
      delta_lo = std::min(delta_lo, d);
      delta_hi = std::max(delta_hi, d);
    }
    unsigned width = BitWidth(static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo));
    unsigned delta_width =
        BitWidth(static_cast<uint64_t>(delta_hi) - static_cast<uint64_t>(delta_lo));
    bool differences =
        in.count > 1 && 8 + PackedBytes(in.count - 1, delta_width) < PackedBytes(in.count, width);
    EncodeValidity(in, out);
    out.push_back(static_cast<char>(exponent));
    out.push_back(differences ? kDifferences : kFrame);
    if (differences) {
      PutFixed<uint64_t>(out, scaled[0]);
      for (size_t i = in.count - 1; i > 0; --i)
        scaled[i] -= scaled[i - 1];
      PutFixed<int64_t>(out, delta_lo);
      out.push_back(static_cast<char>(delta_width));
      PutFixed<uint32_t>(out, static_cast<uint32_t>(positions.size()));
      PackBits(scaled.data() + 1, in.count - 1, static_cast<uint64_t>(delta_lo), delta_width, out);
    } else {
      PutFixed<int64_t>(out, lo);
      out.push_back(static_cast<char>(width));
      PutFixed<uint32_t>(out, static_cast<uint32_t>(positions.size()));
      PackBits(scaled.data(), in.count, static_cast<uint64_t>(lo), width, out);
    }
    for (uint16_t p : positions)
      PutFixed<uint16_t>(out, p);
    for (uint16_t p : positions)
      PutFixed<double>(out, values[p]);
    return true;
  }

  Status Decode(TypeId type, std::string_view payload, size_t count,
                DecodedBlock& out) const override {
    if (type != TypeId::kFloat64) return MalformedBlock(kName, "not a float8 column");
    if (count > kMaxRows) return MalformedBlock(kName, "too many rows");
    out.Reset(type, count);
    ASSIGN_OR_RETURN(size_t used, DecodeValidity(payload, count, out));
    ByteReader in(payload.substr(used), "alp block");
    uint8_t exponent = 0;
    uint8_t mode = 0;
    uint64_t first = 0;
    int64_t base = 0;
    uint8_t width = 0;
    uint32_t exceptions = 0;
    RETURN_IF_ERROR(in.Read(exponent));
    RETURN_IF_ERROR(in.Read(mode));
    if (mode != kFrame && mode != kDifferences) return MalformedBlock(kName, "unknown mode");
    bool differences = mode == kDifferences;
    if (differences && count == 0) return MalformedBlock(kName, "differences of no values");
    if (differences) RETURN_IF_ERROR(in.Read(first));
    RETURN_IF_ERROR(in.Read(base));
    RETURN_IF_ERROR(in.Read(width));
    RETURN_IF_ERROR(in.Read(exceptions));
    if (exponent > kMaxExponent) return MalformedBlock(kName, "exponent above 18");
    if (width > 64) return MalformedBlock(kName, "bit width above 64");
    if (exceptions > count) return MalformedBlock(kName, "more exceptions than values");
    size_t packed_count = differences ? count - 1 : count;
    size_t packed_bytes = PackedBytes(packed_count, width);
    if (in.remaining() != packed_bytes + size_t{exceptions} * 10) {
      return MalformedBlock(kName, "payload size does not match the counts");
    }
    std::string_view packed;
    std::string_view positions;
    std::string_view raw;
    RETURN_IF_ERROR(in.ReadBytes(packed_bytes, packed));
    RETURN_IF_ERROR(in.ReadBytes(size_t{exceptions} * 2, positions));
    RETURN_IF_ERROR(in.ReadBytes(size_t{exceptions} * 8, raw));
    // The integers are unpacked in place, then converted lane by lane.
    uint64_t* lanes = out.values<uint64_t>();
    if (differences) {
      lanes[0] = first;
      UnpackBits(packed, packed_count, width, static_cast<uint64_t>(base), lanes + 1);
      for (size_t i = 1; i < count; ++i)
        lanes[i] += lanes[i - 1];
    } else {
      UnpackBits(packed, count, width, static_cast<uint64_t>(base), lanes);
    }
    double* values = out.values<double>();
    double scale = kPow10[exponent];
    if (exponent == 0) {
      for (size_t i = 0; i < count; ++i)
        values[i] = static_cast<double>(static_cast<int64_t>(lanes[i]));
    } else {
      for (size_t i = 0; i < count; ++i)
        values[i] = static_cast<double>(static_cast<int64_t>(lanes[i])) / scale;
    }
    size_t previous = 0;
    for (uint32_t e = 0; e < exceptions; ++e) {
      size_t p = LoadFixed<uint16_t>(positions.data() + e * 2);
      if (p >= count || (e > 0 && p <= previous)) {
        return MalformedBlock(kName, "exception positions out of order");
      }
      previous = p;
      values[p] = LoadFixed<double>(raw.data() + e * 8);
    }
    ZeroNullSlots(out);
    return Status::Ok();
  }

 private:
  static constexpr const char* kName = "alp";

  // Scales every value into `scaled`, marks in `encoded` the ones that
  // round-trip and returns how many do not. No data-dependent branches;
  // exponent 0 (whole numbers) needs no division.
  template <bool kWhole>
  static size_t ScaleAll(const double* values, size_t count, int exponent, uint64_t* scaled,
                         uint8_t* encoded) {
    double scale = kPow10[exponent];
    size_t misses = 0;
    for (size_t i = 0; i < count; ++i) {
      double v = values[i];
      double x = kWhole ? v : v * scale;
      bool in_range = std::fabs(x) < kMaxScaled;
      x = in_range ? x : 0.0;  // converting an out-of-range double is undefined
      // Adding and removing 1.5 * 2^52 rounds to nearest (ties to even)
      // without a libm call; exact for |x| < 2^51, which kMaxScaled ensures.
      int64_t n = static_cast<int64_t>((x + kRoundMagic) - kRoundMagic);
      double back = kWhole ? static_cast<double>(n) : static_cast<double>(n) / scale;
      bool ok = in_range & (std::bit_cast<uint64_t>(back) == std::bit_cast<uint64_t>(v));
      scaled[i] = static_cast<uint64_t>(n);
      encoded[i] = ok;
      misses += !ok;
    }
    return misses;
  }

  // The smallest exponent that encodes the most of an evenly spread sample.
  static int ChooseExponent(const BlockValues& in) {
    const double* values = static_cast<const double*>(in.values);
    double sample[kSampleSize];
    size_t n = 0;
    size_t step = std::max<size_t>(1, in.count / kSampleSize);
    for (size_t i = 0; i < in.count && n < kSampleSize; i += step) {
      if (in.nulls != nullptr && in.nulls[i]) continue;
      sample[n++] = values[i];
    }
    int best = 0;
    size_t best_encoded = 0;
    uint64_t scaled[kSampleSize];
    uint8_t ok[kSampleSize];
    for (int e = 0; e <= kMaxExponent; ++e) {
      size_t encoded = n - ScaleAll<false>(sample, n, e, scaled, ok);
      if (encoded > best_encoded) {
        best = e;
        best_encoded = encoded;
        if (encoded == n) break;
      }
    }
    return best;
  }
};

}  // namespace

const Codec& AlpCodec() {
  static const AlpCodecImpl codec;
  return codec;
}

}  // namespace sundial::ts
