#include "sql/copy_binary_parser.h"

#include "common/value_binary.h"

namespace sundial::sql {
namespace {

int32_t Int32At(const std::string& buffer, size_t at) {
  return ReadBigEndian<int32_t>(std::string_view(buffer).substr(at, 4));
}

int16_t Int16At(const std::string& buffer, size_t at) {
  return ReadBigEndian<int16_t>(std::string_view(buffer).substr(at, 2));
}

Status BadFormat(const std::string& message) {
  return Status::Error(ErrorCode::kBadCopyFileFormat, message);
}

constexpr size_t kFixedHeaderSize = kBinaryCopySignature.size() + 8;
constexpr uint32_t kWithOidsFlag = 1u << 16;

}  // namespace

void BinaryCopyParser::Feed(std::string_view data) {
  if (pos_ > 0) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  buffer_.append(data);
}

Result<BinaryCopyParser::Outcome> BinaryCopyParser::ReadHeader(bool at_end) {
  const size_t have = available();
  const size_t signature_bytes = std::min(have, kBinaryCopySignature.size());
  if (std::string_view(buffer_).substr(pos_, signature_bytes) !=
      kBinaryCopySignature.substr(0, signature_bytes)) {
    return BadFormat("COPY file signature not recognized");
  }
  if (have < kFixedHeaderSize) {
    if (!at_end) return Outcome::kNeedMore;
    if (have < kBinaryCopySignature.size()) return BadFormat("COPY file signature not recognized");
    if (have < kBinaryCopySignature.size() + 4) {
      return BadFormat("invalid COPY file header (missing flags)");
    }
    return BadFormat("invalid COPY file header (missing length)");
  }
  const auto flags = static_cast<uint32_t>(Int32At(buffer_, pos_ + kBinaryCopySignature.size()));
  if ((flags & kWithOidsFlag) != 0) return BadFormat("invalid COPY file header (WITH OIDS)");
  if (((flags & ~kWithOidsFlag) >> 16) != 0) {
    return BadFormat("unrecognized critical flags in COPY file header");
  }
  const int32_t extension = Int32At(buffer_, pos_ + kBinaryCopySignature.size() + 4);
  if (extension < 0) return BadFormat("invalid COPY file header (missing length)");
  if (have < kFixedHeaderSize + static_cast<size_t>(extension)) {
    if (!at_end) return Outcome::kNeedMore;
    return BadFormat("invalid COPY file header (wrong length)");
  }
  pos_ += kFixedHeaderSize + static_cast<size_t>(extension);
  header_pending_ = false;
  return Outcome::kRecord;
}

Result<BinaryCopyParser::Outcome> BinaryCopyParser::Next(bool at_end) {
  if (header_pending_) {
    ASSIGN_OR_RETURN(Outcome header, ReadHeader(at_end));
    if (header == Outcome::kNeedMore) return header;
  }
  if (ended_) {
    if (available() > 0) return BadFormat("received copy data after EOF marker");
    return Outcome::kEnd;
  }
  if (available() == 0) return at_end ? Outcome::kEnd : Outcome::kNeedMore;
  if (available() < 2) {
    if (!at_end) return Outcome::kNeedMore;
    return BadFormat("unexpected EOF in COPY data");
  }
  const int16_t count = Int16At(buffer_, pos_);
  if (count == -1) {
    pos_ += 2;
    ended_ = true;
    if (available() > 0) return BadFormat("received copy data after EOF marker");
    return Outcome::kEnd;
  }
  if (count < 0 || static_cast<size_t>(count) != column_count_) {
    ++line_number_;
    return BadFormat("row field count is " + std::to_string(count) + ", expected " +
                     std::to_string(column_count_));
  }
  // Find the whole tuple before taking anything from it.
  size_t at = pos_ + 2;
  if (fields_.size() < column_count_) fields_.resize(column_count_);
  for (size_t i = 0; i < column_count_; ++i) {
    if (buffer_.size() - at < 4) {
      if (!at_end) return Outcome::kNeedMore;
      ++line_number_;
      return BadFormat("unexpected EOF in COPY data");
    }
    const int32_t length = Int32At(buffer_, at);
    at += 4;
    if (length == -1) {
      fields_[i] = Field{.is_null = true};
      continue;
    }
    if (length < -1) {
      ++line_number_;
      return BadFormat("invalid field size");
    }
    if (buffer_.size() - at < static_cast<size_t>(length)) {
      if (!at_end) return Outcome::kNeedMore;
      ++line_number_;
      return BadFormat("unexpected EOF in COPY data");
    }
    fields_[i] = Field{.bytes = std::string_view(buffer_).substr(at, length)};
    at += static_cast<size_t>(length);
  }
  pos_ = at;
  field_count_ = column_count_;
  ++line_number_;
  return Outcome::kRecord;
}

}  // namespace sundial::sql
