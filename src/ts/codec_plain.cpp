#include <cstring>

#include "ts/codec.h"
#include "ts/coding.h"

namespace sundial::ts {

namespace {

// Fixed-width values as little-endian bytes; text as u32 lengths followed by
// the concatenated bytes.
class PlainCodecImpl final : public Codec {
 public:
  CodecId id() const override { return CodecId::kPlain; }
  bool Supports(TypeId type) const override { return type != TypeId::kUnknown; }

  bool Encode(const BlockValues& in, std::string& out) const override {
    EncodeValidity(in, out);
    if (!HasStringHeap(in.type)) {
      out.append(static_cast<const char*>(in.values), in.count * PhysicalSize(in.type));
      return true;
    }
    const auto* values = static_cast<const std::string_view*>(in.values);
    size_t lengths_at = out.size();
    out.resize(lengths_at + in.count * 4);
    for (size_t i = 0; i < in.count; ++i) {
      uint32_t n = static_cast<uint32_t>(values[i].size());
      std::memcpy(out.data() + lengths_at + i * 4, &n, 4);
    }
    for (size_t i = 0; i < in.count; ++i)
      out.append(values[i].data(), values[i].size());
    return true;
  }

  Status Decode(TypeId type, std::string_view payload, size_t count,
                DecodedBlock& out) const override {
    out.Reset(type, count);
    ASSIGN_OR_RETURN(size_t used, DecodeValidity(payload, count, out));
    payload.remove_prefix(used);
    if (!HasStringHeap(type)) {
      size_t bytes = count * PhysicalSize(type);
      if (payload.size() != bytes) return Malformed("value bytes do not match the count");
      std::memcpy(out.values<char>(), payload.data(), bytes);
      return Status::Ok();
    }
    if (payload.size() / 4 < count) return Malformed("string lengths are truncated");
    std::string_view lengths = payload.substr(0, count * 4);
    std::string_view bytes = payload.substr(count * 4);
    uint64_t total = 0;
    for (size_t i = 0; i < count; ++i)
      total += LoadFixed<uint32_t>(lengths.data() + i * 4);
    if (total != bytes.size()) return Malformed("string bytes do not match their lengths");
    std::string_view owned = out.AdoptStrings(bytes);
    std::string_view* values = out.values<std::string_view>();
    size_t at = 0;
    for (size_t i = 0; i < count; ++i) {
      uint32_t n = LoadFixed<uint32_t>(lengths.data() + i * 4);
      values[i] = owned.substr(at, n);
      at += n;
    }
    return Status::Ok();
  }

 private:
  static Status Malformed(const char* why) {
    return Status::Error(ErrorCode::kCorruption, std::string("plain block is malformed: ") + why);
  }
};

}  // namespace

const Codec& PlainCodec() {
  static const PlainCodecImpl codec;
  return codec;
}

}  // namespace sundial::ts
