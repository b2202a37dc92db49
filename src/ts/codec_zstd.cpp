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
  // Compressed into a reused buffer and appended only when kept: growing
  // `out` by the bound would zero it first, for every block.
  thread_local std::unique_ptr<char[]> frame;
  thread_local size_t frame_capacity = 0;
  size_t bound = ZSTD_compressBound(payload.size());
  if (bound > frame_capacity) {
    frame = std::make_unique_for_overwrite<char[]>(bound);
    frame_capacity = bound;
  }
  size_t n =
      ZSTD_compressCCtx(context.get(), frame.get(), bound, payload.data(), payload.size(), kLevel);
  if (ZSTD_isError(n) || 5 + n > payload.size() - payload.size() / 8) return false;
  out.push_back(static_cast<char>(inner));
  PutFixed<uint32_t>(out, static_cast<uint32_t>(payload.size()));
  out.append(frame.get(), n);
  return true;
}

}  // namespace sundial::ts
