#include <algorithm>
#include <bit>
#include <cstring>

#include "ts/codec.h"
#include "ts/coding.h"

namespace sundial::ts {

namespace {

// Appends bit fields least significant bit first.
class BitWriter {
 public:
  explicit BitWriter(std::string& out) : out_(out) {}
  void Write(uint64_t bits, unsigned n) {
    if (n == 0) return;
    if (n < 64) bits &= (uint64_t{1} << n) - 1;
    acc_ |= bits << filled_;
    if (filled_ + n >= 64) {
      PutFixed<uint64_t>(out_, acc_);
      acc_ = filled_ == 0 ? 0 : bits >> (64 - filled_);
      filled_ = filled_ + n - 64;
    } else {
      filled_ += n;
    }
  }
  void Finish() {
    char bytes[8];
    std::memcpy(bytes, &acc_, 8);
    out_.append(bytes, (filled_ + 7) / 8);
  }

 private:
  std::string& out_;
  uint64_t acc_ = 0;
  unsigned filled_ = 0;
};

// Reads what BitWriter wrote; reading past the end sets a sticky overrun.
class BitReader {
 public:
  explicit BitReader(std::string_view data) : data_(data) {}
  uint64_t Read(unsigned n) {
    if (n > 32) {
      uint64_t low = Read(32);
      return low | (Read(n - 32) << 32);
    }
    if (n == 0) return 0;
    if (pos_ + n > data_.size() * 8) {
      overrun_ = true;
      return 0;
    }
    uint64_t v = 0;
    size_t byte = pos_ >> 3;
    unsigned shift = static_cast<unsigned>(pos_ & 7);
    if (byte + 8 <= data_.size()) {
      std::memcpy(&v, data_.data() + byte, 8);
      v >>= shift;
    } else {
      size_t take = data_.size() - byte;
      std::memcpy(&v, data_.data() + byte, take);
      v >>= shift;
    }
    pos_ += n;
    return v & ((uint64_t{1} << n) - 1);
  }
  bool overrun() const { return overrun_; }
  size_t bytes_used() const { return (pos_ + 7) / 8; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  bool overrun_ = false;
};

// Doubles XORed with their predecessor (Facebook's Gorilla): validity, the
// first value's bits u64, stream_size u32, then a bit stream (least
// significant bit first) with per value after the first:
//   0                       same bits as the previous value
//   1 0 <meaningful bits>   XOR fits the previous leading/trailing-zero window
//   1 1 <lz:6> <m-1:6> <m bits>  a new window: lz leading zeros, m bits
// NULL slots repeat the previous value (one bit each).
class GorillaCodecImpl final : public Codec {
 public:
  CodecId id() const override { return CodecId::kGorilla; }
  bool Supports(TypeId type) const override { return type == TypeId::kFloat64; }

  bool Encode(const BlockValues& in, std::string& out) const override {
    if (in.type != TypeId::kFloat64 || in.count == 0) return false;
    const uint64_t* bits = static_cast<const uint64_t*>(in.values);
    EncodeValidity(in, out);
    uint64_t previous = bits[0];
    PutFixed<uint64_t>(out, previous);
    size_t size_at = out.size();
    PutFixed<uint32_t>(out, 0);
    size_t stream_at = out.size();
    BitWriter writer(out);
    unsigned window_lz = 65;
    unsigned window_tz = 0;
    for (size_t i = 1; i < in.count; ++i) {
      uint64_t v = in.nulls != nullptr && in.nulls[i] ? previous : bits[i];
      uint64_t x = v ^ previous;
      previous = v;
      if (x == 0) {
        writer.Write(0, 1);
        continue;
      }
      unsigned lz = static_cast<unsigned>(std::countl_zero(x));
      unsigned tz = static_cast<unsigned>(std::countr_zero(x));
      if (window_lz <= 64 && lz >= window_lz && tz >= window_tz) {
        writer.Write(0b01, 2);
        writer.Write(x >> window_tz, 64 - window_lz - window_tz);
        continue;
      }
      unsigned meaningful = 64 - lz - tz;
      writer.Write(0b11, 2);
      writer.Write(lz, 6);
      writer.Write(meaningful - 1, 6);
      writer.Write(x >> tz, meaningful);
      window_lz = lz;
      window_tz = tz;
    }
    writer.Finish();
    uint32_t stream_size = static_cast<uint32_t>(out.size() - stream_at);
    std::memcpy(out.data() + size_at, &stream_size, 4);
    return true;
  }

  Status Decode(TypeId type, std::string_view payload, size_t count,
                DecodedBlock& out) const override {
    if (type != TypeId::kFloat64) return MalformedBlock(kName, "not a float8 column");
    if (count == 0) return MalformedBlock(kName, "empty block");
    out.Reset(type, count);
    ASSIGN_OR_RETURN(size_t used, DecodeValidity(payload, count, out));
    ByteReader in(payload.substr(used), "gorilla block");
    uint64_t previous = 0;
    uint32_t stream_size = 0;
    RETURN_IF_ERROR(in.Read(previous));
    RETURN_IF_ERROR(in.Read(stream_size));
    if (in.remaining() != stream_size) return MalformedBlock(kName, "stream size mismatch");
    std::string_view stream;
    RETURN_IF_ERROR(in.ReadBytes(stream_size, stream));
    BitReader reader(stream);
    uint64_t* values = out.values<uint64_t>();
    values[0] = previous;
    unsigned window_lz = 65;
    unsigned window_tz = 0;
    for (size_t i = 1; i < count; ++i) {
      if (reader.Read(1) != 0) {
        if (reader.Read(1) != 0) {
          unsigned lz = static_cast<unsigned>(reader.Read(6));
          unsigned meaningful = static_cast<unsigned>(reader.Read(6)) + 1;
          if (lz + meaningful > 64) return MalformedBlock(kName, "XOR window beyond 64 bits");
          window_lz = lz;
          window_tz = 64 - lz - meaningful;
        } else if (window_lz > 64) {
          return MalformedBlock(kName, "XOR window reused before one was set");
        }
        previous ^= reader.Read(64 - window_lz - window_tz) << window_tz;
      }
      if (reader.overrun()) return MalformedBlock(kName, "bit stream is truncated");
      values[i] = previous;
    }
    if (reader.bytes_used() != stream.size()) {
      return MalformedBlock(kName, "bit stream has trailing bytes");
    }
    ZeroNullSlots(out);
    return Status::Ok();
  }

 private:
  static constexpr const char* kName = "gorilla";
};

}  // namespace

const Codec& GorillaCodec() {
  static const GorillaCodecImpl codec;
  return codec;
}

}  // namespace sundial::ts
