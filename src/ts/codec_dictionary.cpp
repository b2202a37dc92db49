#include <cstring>
#include <vector>

#include "ts/codec.h"
#include "ts/coding.h"

namespace sundial::ts {

namespace {

// Open addressing from a value to its code (the order of first appearance):
// per row a hash and usually one probe, much cheaper than std::unordered_map
// for the short tag values text columns mostly hold.
class CodeTable {
 public:
  uint32_t FindOrAdd(std::string_view v) {
    uint64_t hash = XXH3_64bits(v.data(), v.size());
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      uint32_t slot = slots_[i];
      if (slot == 0) {
        entries_.push_back(v);
        hashes_.push_back(hash);
        slots_[i] = static_cast<uint32_t>(entries_.size());
        if (entries_.size() * 2 > slots_.size()) Grow();
        return static_cast<uint32_t>(entries_.size() - 1);
      }
      if (hashes_[slot - 1] == hash && entries_[slot - 1] == v) return slot - 1;
    }
  }
  const std::vector<std::string_view>& entries() const { return entries_; }

 private:
  void Grow() {
    slots_.assign(slots_.size() * 2, 0);
    mask_ = slots_.size() - 1;
    for (size_t e = 0; e < entries_.size(); ++e) {
      size_t i = hashes_[e] & mask_;
      while (slots_[i] != 0)
        i = (i + 1) & mask_;
      slots_[i] = static_cast<uint32_t>(e + 1);
    }
  }

  std::vector<uint32_t> slots_ = std::vector<uint32_t>(64, 0);  // entry index + 1; 0 = empty
  size_t mask_ = 63;
  std::vector<std::string_view> entries_;
  std::vector<uint64_t> hashes_;
};

// A block-local dictionary for text: dict_count u32, dict_count u32 lengths,
// the concatenated entry bytes, code width u8 (1, 2 or 4), then one code per
// value (0 for NULL slots). Declines (the writer falls back to plain) when
// the dictionary would not be much smaller than the values.
class DictionaryCodecImpl final : public Codec {
 public:
  CodecId id() const override { return CodecId::kDictionary; }
  bool Supports(TypeId type) const override { return HasStringHeap(type); }

  bool Encode(const BlockValues& in, std::string& out) const override {
    const auto* values = static_cast<const std::string_view*>(in.values);
    CodeTable codes;
    std::vector<uint32_t> row_codes(in.count);
    size_t max_entries = std::max<size_t>(16, in.count / 4);
    std::string_view previous;
    uint32_t previous_code = UINT32_MAX;
    for (size_t i = 0; i < in.count; ++i) {
      if (in.nulls != nullptr && in.nulls[i]) {
        row_codes[i] = 0;
        continue;
      }
      std::string_view v = values[i];
      if (previous_code != UINT32_MAX && v == previous) {
        row_codes[i] = previous_code;
        continue;
      }
      uint32_t code = codes.FindOrAdd(v);
      if (codes.entries().size() > max_entries) return false;
      previous = v;
      previous_code = code;
      row_codes[i] = code;
    }
    const std::vector<std::string_view>& entries = codes.entries();
    EncodeValidity(in, out);
    PutFixed<uint32_t>(out, static_cast<uint32_t>(entries.size()));
    for (std::string_view e : entries)
      PutFixed<uint32_t>(out, static_cast<uint32_t>(e.size()));
    for (std::string_view e : entries)
      out.append(e.data(), e.size());
    uint8_t width = entries.size() <= 0x100 ? 1 : entries.size() <= 0x10000 ? 2 : 4;
    out.push_back(static_cast<char>(width));
    size_t at = out.size();
    out.resize(at + in.count * width);
    char* dest = out.data() + at;
    for (size_t i = 0; i < in.count; ++i) {
      uint32_t c = row_codes[i];
      if (width == 1) {
        dest[i] = static_cast<char>(c);
      } else if (width == 2) {
        uint16_t c16 = static_cast<uint16_t>(c);
        std::memcpy(dest + i * 2, &c16, 2);
      } else {
        std::memcpy(dest + i * 4, &c, 4);
      }
    }
    return true;
  }

  Status Decode(TypeId type, std::string_view payload, size_t count,
                DecodedBlock& out) const override {
    if (!HasStringHeap(type)) return Malformed("dictionary codec on a non-text column");
    out.Reset(type, count, !out.keep_codes());
    ASSIGN_OR_RETURN(size_t used, DecodeValidity(payload, count, out));
    ByteReader in(payload.substr(used), "dictionary block");
    uint32_t dict_count = 0;
    RETURN_IF_ERROR(in.Read(dict_count));
    if (dict_count > in.remaining() / 4) return Malformed("dictionary size exceeds the block");
    std::string_view lengths;
    RETURN_IF_ERROR(in.ReadBytes(size_t{dict_count} * 4, lengths));
    uint64_t total = 0;
    for (uint32_t i = 0; i < dict_count; ++i)
      total += LoadFixed<uint32_t>(lengths.data() + i * 4);
    if (total > in.remaining()) return Malformed("dictionary entries are truncated");
    std::string_view bytes;
    RETURN_IF_ERROR(in.ReadBytes(total, bytes));
    std::string_view owned = out.AdoptStrings(bytes);
    std::vector<std::string_view> dictionary(dict_count);
    size_t at = 0;
    for (uint32_t i = 0; i < dict_count; ++i) {
      uint32_t n = LoadFixed<uint32_t>(lengths.data() + i * 4);
      dictionary[i] = owned.substr(at, n);
      at += n;
    }
    uint8_t width = 0;
    RETURN_IF_ERROR(in.Read(width));
    if (width != 1 && width != 2 && width != 4) return Malformed("bad code width");
    if (in.remaining() != count * width) return Malformed("code bytes do not match the count");
    std::string_view codes;
    RETURN_IF_ERROR(in.ReadBytes(count * width, codes));
    uint32_t max_code = 0;
    if (width == 1) {
      max_code = MaxCode<uint8_t>(codes.data(), count);
    } else if (width == 2) {
      max_code = MaxCode<uint16_t>(codes.data(), count);
    } else {
      max_code = MaxCode<uint32_t>(codes.data(), count);
    }
    // Only an all-NULL block has no entries; its codes are all zero.
    if (dict_count == 0 ? max_code != 0 : max_code >= dict_count) {
      return Malformed("code outside the dictionary");
    }
    if (dict_count == 0) dictionary.emplace_back();
    if (out.keep_codes()) {
      uint32_t* target = out.MutableCodes(std::move(dictionary));
      if (width == 1) return Widen<uint8_t>(codes.data(), count, target);
      if (width == 2) return Widen<uint16_t>(codes.data(), count, target);
      return Widen<uint32_t>(codes.data(), count, target);
    }
    std::string_view* values = out.values<std::string_view>();
    if (width == 1) return Expand<uint8_t>(codes.data(), count, dictionary, values);
    if (width == 2) return Expand<uint16_t>(codes.data(), count, dictionary, values);
    return Expand<uint32_t>(codes.data(), count, dictionary, values);
  }

 private:
  template <typename Code>
  static uint32_t MaxCode(const char* codes, size_t count) {
    Code max_code = 0;
    for (size_t i = 0; i < count; ++i)
      max_code = std::max(max_code, LoadFixed<Code>(codes + i * sizeof(Code)));
    return max_code;
  }
  template <typename Code>
  static Status Widen(const char* codes, size_t count, uint32_t* out) {
    for (size_t i = 0; i < count; ++i)
      out[i] = LoadFixed<Code>(codes + i * sizeof(Code));
    return Status::Ok();
  }
  template <typename Code>
  static Status Expand(const char* codes, size_t count,
                       const std::vector<std::string_view>& dictionary, std::string_view* values) {
    for (size_t i = 0; i < count; ++i)
      values[i] = dictionary[LoadFixed<Code>(codes + i * sizeof(Code))];
    return Status::Ok();
  }
  static Status Malformed(const char* why) {
    return Status::Error(ErrorCode::kCorruption,
                         std::string("dictionary block is malformed: ") + why);
  }
};

}  // namespace

const Codec& DictionaryCodec() {
  static const DictionaryCodecImpl codec;
  return codec;
}

}  // namespace sundial::ts
