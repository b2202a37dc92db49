#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"

namespace sundial::ts {

// The persisted codec byte of a segment block. Values are part of the file
// format: never renumber, only add.
enum class CodecId : uint8_t {
  kPlain = 1,
  kDictionary = 2,
  kFrameOfReference = 3,
  kDelta = 4,
  kRunLength = 5,
  kAlp = 6,
  kGorilla = 7,
  kZstd = 8,
  kDeltaRunLength = 9,
};

// One column block to encode: `count` physical values laid out contiguously
// (std::string_view for text), and per-row NULL flags (1 = NULL) or nullptr
// when there are none. NULL slots hold zero / empty values.
struct BlockValues {
  TypeId type = TypeId::kUnknown;
  const void* values = nullptr;
  const uint8_t* nulls = nullptr;
  size_t count = 0;
  size_t null_count = 0;
};

// A decoded column block, reused across blocks to avoid reallocation.
class DecodedBlock {
 public:
  // Prepares storage for `count` values of `type` (no value storage when
  // `with_values` is false: a decoder filling codes); contents are undefined.
  void Reset(TypeId type, size_t count, bool with_values = true);

  TypeId type() const { return type_; }
  size_t count() const { return count_; }
  template <typename T>
  T* values() {
    return reinterpret_cast<T*>(values_.get());
  }
  template <typename T>
  const T* values() const {
    return reinterpret_cast<const T*>(values_.get());
  }
  const char* raw_values() const { return reinterpret_cast<const char*>(values_.get()); }

  // Validity bitmap (bit set = valid) or nullptr when every value is valid.
  const uint64_t* validity() const { return has_nulls_ ? validity_.data() : nullptr; }
  uint64_t* MutableValidity();  // allocates and marks the block as having NULLs

  // When set before decoding, a dictionary-coded text block keeps its codes
  // and entries (codes(), dictionary()) instead of expanding one string view
  // per row; values() is then undefined. Lets a scan test a predicate once per
  // distinct value and expand only the rows it returns.
  void set_keep_codes(bool keep) { keep_codes_ = keep; }
  bool keep_codes() const { return keep_codes_; }
  bool has_codes() const { return has_codes_; }
  const uint32_t* codes() const { return codes_.data(); }
  const std::vector<std::string_view>& dictionary() const { return dictionary_; }
  // For decoders: stores `count` codes into entries of `dictionary`.
  uint32_t* MutableCodes(std::vector<std::string_view> dictionary);

  // Owner of the bytes that decoded string views point into; output vectors
  // keep it alive with ColumnVector::KeepStringsOf.
  const ColumnVector& string_owner() const { return string_owner_; }
  // Heap bytes held (values, validity, codes, dictionary, strings).
  size_t memory_bytes() const;

  // Copies `bytes` into a fresh string owner and returns the stable copy.
  std::string_view AdoptStrings(std::string_view bytes);

 private:
  TypeId type_ = TypeId::kUnknown;
  size_t count_ = 0;
  size_t capacity_bytes_ = 0;
  std::unique_ptr<uint64_t[]> values_;
  std::vector<uint64_t> validity_;
  bool has_nulls_ = false;
  bool keep_codes_ = false;
  bool has_codes_ = false;
  std::vector<uint32_t> codes_;
  std::vector<std::string_view> dictionary_;
  ColumnVector string_owner_;
};

// A block codec. Implementations are stateless singletons looked up by the
// persisted CodecId; one implementation per file (codec_*.cpp).
class Codec {
 public:
  virtual ~Codec() = default;
  virtual CodecId id() const = 0;
  virtual bool Supports(TypeId type) const = 0;
  // Appends the encoded payload and returns true, or returns false (leaving
  // `out` unchanged) when the codec does not pay off for this input.
  virtual bool Encode(const BlockValues& in, std::string& out) const = 0;
  // Decodes `count` values of `type`; kCorruption on malformed input.
  virtual Status Decode(TypeId type, std::string_view payload, size_t count,
                        DecodedBlock& out) const = 0;
};

const Codec& PlainCodec();
const Codec& DictionaryCodec();
const Codec& FrameOfReferenceCodec();
const Codec& DeltaCodec();
const Codec& RunLengthCodec();
const Codec& DeltaRunLengthCodec();
const Codec& AlpCodec();
const Codec& GorillaCodec();
const Codec& ZstdCodec();
// The codec for a persisted id, or nullptr when the id is unknown.
const Codec* FindCodec(uint8_t id);

// Compresses an already encoded payload of codec `inner` into a kZstd
// payload appended to `out`; false (out unchanged) when that is not at least
// an eighth smaller.
bool ZstdCompress(CodecId inner, std::string_view payload, std::string& out);

// Encodes a block with the codec that makes it smallest among those worth
// trying for its type (README.md, "Codecs") and returns that codec's id.
CodecId EncodeBlock(const BlockValues& in, std::string& out);

// The kCorruption status decoders return: "<codec> block is malformed: why".
Status MalformedBlock(const char* codec, const std::string& why);

// Zeroes the values of a decoded fixed-width block's NULL slots, which every
// decoder returns as zero like the plain codec.
void ZeroNullSlots(DecodedBlock& out);

// Validity section shared by the codecs: has_nulls u8, then when set a
// bitmap of ceil(count/64) little-endian u64 words (bit set = valid).
void EncodeValidity(const BlockValues& in, std::string& out);
// Reads the validity section; returns the bytes consumed or kCorruption.
Result<size_t> DecodeValidity(std::string_view payload, size_t count, DecodedBlock& out);

}  // namespace sundial::ts
