#include "ts/delete_markers.h"

#include <algorithm>
#include <bit>
#include <limits>

#include "ts/coding.h"

namespace sundial::ts {

namespace {

constexpr uint32_t kMarkersMagic = 0x4d444453;  // "SDDM"
constexpr uint32_t kMarkersVersion = 1;
// How the marked rows follow the header: their positions (u32, ascending),
// or a bitmap of ceil(row_count / 64) u64 words, whichever is smaller.
enum class MarkersEncoding : uint8_t { kPositions = 0, kBitmap = 1 };

size_t WordCount(uint64_t rows) {
  return static_cast<size_t>((rows + 63) / 64);
}

}  // namespace

DeleteMarkers::DeleteMarkers(uint64_t row_count)
    : row_count_(row_count), words_(WordCount(row_count), 0) {}

bool DeleteMarkers::Add(uint64_t row) {
  uint64_t& word = words_[row >> 6];
  const uint64_t bit = uint64_t{1} << (row & 63);
  if (word & bit) return false;
  word |= bit;
  ++count_;
  return true;
}

void DeleteMarkers::AddAll(const DeleteMarkers& other) {
  count_ = 0;
  for (size_t i = 0; i < words_.size(); ++i) {
    if (i < other.words_.size()) words_[i] |= other.words_[i];
    count_ += std::popcount(words_[i]);
  }
}

void DeleteMarkers::RemoveAll(const DeleteMarkers& other) {
  count_ = 0;
  for (size_t i = 0; i < words_.size(); ++i) {
    if (i < other.words_.size()) words_[i] &= ~other.words_[i];
    count_ += std::popcount(words_[i]);
  }
}

bool DeleteMarkers::Intersects(const DeleteMarkers& other) const {
  const size_t words = std::min(words_.size(), other.words_.size());
  for (size_t i = 0; i < words; ++i) {
    if ((words_[i] & other.words_[i]) != 0) return true;
  }
  return false;
}

bool DeleteMarkers::AnyIn(uint64_t first, uint64_t rows) const {
  for (uint64_t row = first, end = first + rows; row < end;) {
    if ((row & 63) == 0 && row + 64 <= end) {
      if (words_[row >> 6] != 0) return true;
      row += 64;
      continue;
    }
    if (Contains(row)) return true;
    ++row;
  }
  return false;
}

size_t DeleteMarkers::Unmarked(uint64_t first, uint32_t rows, uint32_t* out) const {
  size_t n = 0;
  for (uint32_t r = 0; r < rows; ++r) {
    if (!Contains(first + r)) out[n++] = r;
  }
  return n;
}

std::string DeleteMarkers::Encode(uint64_t segment_number) const {
  std::string out;
  PutFixed<uint32_t>(out, kMarkersMagic);
  PutFixed<uint32_t>(out, kMarkersVersion);
  PutFixed<uint64_t>(out, segment_number);
  PutFixed<uint64_t>(out, row_count_);
  PutFixed<uint64_t>(out, count_);
  const bool positions = row_count_ <= std::numeric_limits<uint32_t>::max() &&
                         count_ * sizeof(uint32_t) < words_.size() * sizeof(uint64_t);
  if (positions) {
    out.push_back(static_cast<char>(MarkersEncoding::kPositions));
    for (uint64_t row = 0; row < row_count_; ++row) {
      if (Contains(row)) PutFixed<uint32_t>(out, static_cast<uint32_t>(row));
    }
  } else {
    out.push_back(static_cast<char>(MarkersEncoding::kBitmap));
    for (uint64_t word : words_)
      PutFixed<uint64_t>(out, word);
  }
  PutFixed<uint32_t>(out, Checksum32(out.data(), out.size()));
  return out;
}

Result<DeleteMarkers> DeleteMarkers::Decode(std::string_view bytes, uint64_t segment_number,
                                            uint64_t row_count, const std::string& path) {
  const std::string what = "delete marker file \"" + path + "\"";
  ByteReader in(bytes, what.c_str());
  if (bytes.size() < sizeof(uint32_t)) return in.Malformed("shorter than its checksum");
  const size_t body_size = bytes.size() - sizeof(uint32_t);
  if (Checksum32(bytes.data(), body_size) != LoadFixed<uint32_t>(bytes.data() + body_size)) {
    return in.Malformed("checksum mismatch");
  }
  uint32_t magic = 0;
  uint32_t version = 0;
  uint64_t number = 0;
  uint64_t rows = 0;
  uint64_t count = 0;
  uint8_t encoding = 0;
  RETURN_IF_ERROR(in.Read(magic));
  RETURN_IF_ERROR(in.Read(version));
  RETURN_IF_ERROR(in.Read(number));
  RETURN_IF_ERROR(in.Read(rows));
  RETURN_IF_ERROR(in.Read(count));
  RETURN_IF_ERROR(in.Read(encoding));
  if (magic != kMarkersMagic) return in.Malformed("bad magic");
  if (version != kMarkersVersion) return in.Malformed("unsupported version");
  if (number != segment_number || rows != row_count) {
    return in.Malformed("written for another segment");
  }
  if (count > rows) return in.Malformed("more rows marked than the segment holds");
  DeleteMarkers markers(rows);
  if (encoding == static_cast<uint8_t>(MarkersEncoding::kPositions)) {
    if (count > (in.remaining() - sizeof(uint32_t)) / sizeof(uint32_t)) {
      return in.Malformed("position count exceeds the file");
    }
    uint32_t previous = 0;
    for (uint64_t i = 0; i < count; ++i) {
      uint32_t row = 0;
      RETURN_IF_ERROR(in.Read(row));
      if (row >= rows || (i > 0 && row <= previous)) {
        return in.Malformed("positions out of order or range");
      }
      markers.Add(row);
      previous = row;
    }
  } else if (encoding == static_cast<uint8_t>(MarkersEncoding::kBitmap)) {
    if (in.remaining() - sizeof(uint32_t) != markers.words_.size() * sizeof(uint64_t)) {
      return in.Malformed("bitmap size does not match the row count");
    }
    for (uint64_t& word : markers.words_)
      RETURN_IF_ERROR(in.Read(word));
    if (rows % 64 != 0 && (markers.words_.back() >> (rows % 64)) != 0) {
      return in.Malformed("rows marked past the segment's end");
    }
    for (uint64_t word : markers.words_)
      markers.count_ += std::popcount(word);
    if (markers.count_ != count) return in.Malformed("marked row count mismatch");
  } else {
    return in.Malformed("unknown encoding");
  }
  if (in.remaining() != sizeof(uint32_t)) return in.Malformed("trailing bytes");
  return markers;
}

Status WriteDeleteMarkers(FileSystem& fs, const std::string& path, const DeleteMarkers& markers,
                          uint64_t segment_number) {
  ASSIGN_OR_RETURN(auto file, fs.NewWritableFile(path));
  RETURN_IF_ERROR(file->Append(markers.Encode(segment_number)));
  return file->Sync();
}

Result<std::shared_ptr<const DeleteMarkers>> ReadDeleteMarkers(FileSystem& fs,
                                                               const std::string& path,
                                                               uint64_t segment_number,
                                                               uint64_t row_count) {
  ASSIGN_OR_RETURN(std::string bytes, fs.ReadWholeFile(path));
  ASSIGN_OR_RETURN(DeleteMarkers markers,
                   DeleteMarkers::Decode(bytes, segment_number, row_count, path));
  return std::make_shared<const DeleteMarkers>(std::move(markers));
}

}  // namespace sundial::ts
