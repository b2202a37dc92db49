#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <xxhash.h>

#include "common/status.h"

// Little-endian fixed-width encoding for the WAL, manifest and segment
// formats, and a bounds-checked reader that turns every overrun into
// kCorruption instead of a crash.
namespace sundial::ts {

template <typename T>
inline void PutFixed(std::string& out, T value) {
  static_assert(std::is_trivially_copyable_v<T>);
  char buf[sizeof(T)];
  std::memcpy(buf, &value, sizeof(T));
  out.append(buf, sizeof(T));
}

inline void PutString(std::string& out, std::string_view s) {
  PutFixed<uint32_t>(out, static_cast<uint32_t>(s.size()));
  out.append(s.data(), s.size());
}

template <typename T>
inline T LoadFixed(const char* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

// 32-bit checksum of a byte range (the low half of XXH3-64).
inline uint32_t Checksum32(const void* data, size_t n) {
  return static_cast<uint32_t>(XXH3_64bits(data, n));
}

class ByteReader {
 public:
  ByteReader(std::string_view data, const char* what) : data_(data), what_(what) {}

  size_t remaining() const { return data_.size() - pos_; }
  size_t position() const { return pos_; }

  template <typename T>
  Status Read(T& value) {
    if (remaining() < sizeof(T)) return Truncated();
    std::memcpy(&value, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return Status::Ok();
  }
  // A view of the next n bytes (valid while the underlying buffer lives).
  Status ReadBytes(size_t n, std::string_view& out) {
    if (remaining() < n) return Truncated();
    out = data_.substr(pos_, n);
    pos_ += n;
    return Status::Ok();
  }
  Status ReadString(std::string_view& out) {
    uint32_t n = 0;
    RETURN_IF_ERROR(Read(n));
    return ReadBytes(n, out);
  }
  Status ReadString(std::string& out) {
    std::string_view view;
    RETURN_IF_ERROR(ReadString(view));
    out.assign(view);
    return Status::Ok();
  }

  Status Malformed(const std::string& why) const {
    return Status::Error(ErrorCode::kCorruption, std::string(what_) + " is malformed: " + why);
  }

 private:
  Status Truncated() const {
    return Status::Error(ErrorCode::kCorruption, std::string(what_) + " is truncated");
  }
  std::string_view data_;
  const char* what_;
  size_t pos_ = 0;
};

}  // namespace sundial::ts
