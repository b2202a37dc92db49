#include <zstd.h>

#include <cstring>
#include <memory>

#include "ts/codec.h"
#include "ts/coding.h"

namespace sundial::ts {

namespace {

// Fast enough to keep bulk loads encode-bound on the cheap codecs, and it
// still finds the repeats that bit packing cannot (tag columns cycling
// through the same hosts row group after row group).
constexpr int kLevel = 1;
// A decompressed payload larger than this is not one we wrote.
constexpr uint32_t kMaxRawSize = 1u << 30;

// Contexts are per thread (bulk loads and scans run on their own threads)
// and freed when the thread ends.
struct CCtxFree {
  void operator()(ZSTD_CCtx* context) const { ZSTD_freeCCtx(context); }
};
struct DCtxFree {
  void operator()(ZSTD_DCtx* context) const { ZSTD_freeDCtx(context); }
};

// Another codec's payload compressed with zstd: inner codec u8 (never kZstd),
// raw_size u32, then one zstd frame holding the inner payload.
class ZstdCodecImpl final : public Codec {
 public:
  CodecId id() const override { return CodecId::kZstd; }
  bool Supports(TypeId type) const override { return type != TypeId::kUnknown; }

  // Standalone, zstd compresses the plain encoding.
  bool Encode(const BlockValues& in, std::string& out) const override {
    std::string plain;
    PlainCodec().Encode(in, plain);
    return ZstdCompress(CodecId::kPlain, plain, out);
  }

  Status Decode(TypeId type, std::string_view payload, size_t count,
                DecodedBlock& out) const override {
    ByteReader in(payload, "zstd block");
    uint8_t inner_id = 0;
    uint32_t raw_size = 0;
    RETURN_IF_ERROR(in.Read(inner_id));
    RETURN_IF_ERROR(in.Read(raw_size));
    const Codec* inner = FindCodec(inner_id);
    if (inner == nullptr || inner_id == static_cast<uint8_t>(CodecId::kZstd) ||
        !inner->Supports(type)) {
      return MalformedBlock(kName, "bad inner codec");
    }
    if (raw_size > kMaxRawSize) return MalformedBlock(kName, "raw size too large");
    std::string_view frame = payload.substr(in.position());
    if (ZSTD_getFrameContentSize(frame.data(), frame.size()) != raw_size) {
      return MalformedBlock(kName, "frame does not hold the raw size");
    }
    thread_local std::string raw;
    thread_local std::unique_ptr<ZSTD_DCtx, DCtxFree> context(ZSTD_createDCtx());
    raw.resize(raw_size);
    size_t n =
        ZSTD_decompressDCtx(context.get(), raw.data(), raw.size(), frame.data(), frame.size());
    if (ZSTD_isError(n) || n != raw_size) {
      return MalformedBlock(kName, std::string("frame does not decompress: ") +
                                       (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short"));
    }
    return inner->Decode(type, raw, count, out);
  }

 private:
  static constexpr const char* kName = "zstd";
};

}  // namespace

const Codec& ZstdCodec() {
  static const ZstdCodecImpl codec;
  return codec;
}

bool ZstdCompress(CodecId inner, std::string_view payload, std::string& out) {
  if (inner == CodecId::kZstd || payload.size() > kMaxRawSize) return false;
  thread_local std::unique_ptr<ZSTD_CCtx, CCtxFree> context(ZSTD_createCCtx());
  size_t at = out.size();
  size_t bound = ZSTD_compressBound(payload.size());
  out.resize(at + 5 + bound);
  out[at] = static_cast<char>(inner);
  uint32_t raw_size = static_cast<uint32_t>(payload.size());
  std::memcpy(out.data() + at + 1, &raw_size, 4);
  size_t n = ZSTD_compressCCtx(context.get(), out.data() + at + 5, bound, payload.data(),
                               payload.size(), kLevel);
  if (ZSTD_isError(n) || 5 + n > payload.size() - payload.size() / 8) {
    out.resize(at);
    return false;
  }
  out.resize(at + 5 + n);
  return true;
}

}  // namespace sundial::ts
