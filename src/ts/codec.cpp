#include "ts/codec.h"

#include <bit>
#include <cstring>

#include "ts/coding.h"

namespace sundial::ts {

void DecodedBlock::Reset(TypeId type, size_t count, bool with_values) {
  type_ = type;
  count_ = count;
  has_nulls_ = false;
  has_codes_ = false;
  if (!with_values) return;
  size_t bytes = std::max<size_t>(1, count * PhysicalSize(type));
  if (bytes > capacity_bytes_) {
    values_ = std::make_unique_for_overwrite<uint64_t[]>((bytes + 7) / 8);
    capacity_bytes_ = (bytes + 7) / 8 * 8;
  }
}

uint32_t* DecodedBlock::MutableCodes(std::vector<std::string_view> dictionary) {
  dictionary_ = std::move(dictionary);
  codes_.resize(count_);
  has_codes_ = true;
  return codes_.data();
}

uint64_t* DecodedBlock::MutableValidity() {
  validity_.assign((count_ + 63) / 64, ~uint64_t{0});
  has_nulls_ = true;
  return validity_.data();
}

size_t DecodedBlock::memory_bytes() const {
  size_t strings = string_owner_.heap() ? string_owner_.heap()->bytes_used() : 0;
  return capacity_bytes_ + validity_.capacity() * 8 + codes_.capacity() * 4 +
         dictionary_.capacity() * sizeof(std::string_view) + strings;
}

std::string_view DecodedBlock::AdoptStrings(std::string_view bytes) {
  string_owner_ = ColumnVector(DataType::Of(TypeId::kText), 0);
  return string_owner_.AddString(bytes);
}

const Codec* FindCodec(uint8_t id) {
  switch (static_cast<CodecId>(id)) {
    case CodecId::kPlain:
      return &PlainCodec();
    case CodecId::kDictionary:
      return &DictionaryCodec();
    case CodecId::kFrameOfReference:
      return &FrameOfReferenceCodec();
    case CodecId::kDelta:
      return &DeltaCodec();
    case CodecId::kRunLength:
      return &RunLengthCodec();
    case CodecId::kAlp:
      return &AlpCodec();
    case CodecId::kGorilla:
      return &GorillaCodec();
    case CodecId::kZstd:
      return &ZstdCodec();
    case CodecId::kDeltaRunLength:
      return &DeltaRunLengthCodec();
  }
  return nullptr;
}

Status MalformedBlock(const char* codec, const std::string& why) {
  return Status::Error(ErrorCode::kCorruption, std::string(codec) + " block is malformed: " + why);
}

void ZeroNullSlots(DecodedBlock& out) {
  const uint64_t* validity = out.validity();
  if (validity == nullptr) return;
  size_t width = PhysicalSize(out.type());
  char* values = out.values<char>();
  for (size_t w = 0; w * 64 < out.count(); ++w) {
    uint64_t invalid = ~validity[w];
    while (invalid != 0) {
      size_t row = w * 64 + static_cast<size_t>(std::countr_zero(invalid));
      invalid &= invalid - 1;
      if (row >= out.count()) break;
      std::memset(values + row * width, 0, width);
    }
  }
}

void EncodeValidity(const BlockValues& in, std::string& out) {
  bool has_nulls = in.nulls != nullptr && in.null_count > 0;
  out.push_back(has_nulls ? 1 : 0);
  if (!has_nulls) return;
  size_t words = (in.count + 63) / 64;
  for (size_t w = 0; w < words; ++w) {
    uint64_t word = 0;
    size_t end = std::min(in.count, (w + 1) * 64);
    for (size_t r = w * 64; r < end; ++r) {
      if (!in.nulls[r]) word |= uint64_t{1} << (r & 63);
    }
    PutFixed<uint64_t>(out, word);
  }
}

Result<size_t> DecodeValidity(std::string_view payload, size_t count, DecodedBlock& out) {
  if (payload.empty()) {
    return Status::Error(ErrorCode::kCorruption, "segment block is truncated (validity)");
  }
  if (payload[0] == 0) return size_t{1};
  if (payload[0] != 1) {
    return Status::Error(ErrorCode::kCorruption, "segment block has a bad validity marker");
  }
  size_t words = (count + 63) / 64;
  if (payload.size() - 1 < words * 8) {
    return Status::Error(ErrorCode::kCorruption, "segment block is truncated (validity)");
  }
  uint64_t* bits = out.MutableValidity();
  std::memcpy(bits, payload.data() + 1, words * 8);
  return 1 + words * 8;
}

}  // namespace sundial::ts
