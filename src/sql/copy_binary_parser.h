#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sundial::sql {

// The 11-byte signature that opens PostgreSQL's binary COPY format.
inline constexpr std::string_view kBinaryCopySignature{"PGCOPY\n\377\r\n\0", 11};

// Splits binary COPY data, fed in arbitrary pieces, into tuples of fields.
//
// The format: the signature, int32 flags (bit 16 was WITH OIDS; other high
// bits are critical and must be 0), int32 header extension length and that
// many bytes; then per tuple an int16 field count and per field an int32
// length (-1: NULL) and the value in its type's send format; an int16 -1
// trailer, after which no data may follow. Data that ends cleanly between
// tuples without the trailer is accepted, as PostgreSQL does. Errors are
// 22P04 with PostgreSQL's messages.
//
// Fields point into the parser's buffer: no allocation per field.
class BinaryCopyParser {
 public:
  explicit BinaryCopyParser(size_t column_count) : column_count_(column_count) {}

  void Feed(std::string_view data);

  enum class Outcome { kRecord, kNeedMore, kEnd };
  // The next complete tuple. With `at_end` (no more data will come) a
  // partial tuple or header is an error.
  Result<Outcome> Next(bool at_end);

  // The last tuple; valid until the next Feed or Next.
  size_t field_count() const { return field_count_; }
  std::string_view field(size_t i) const { return fields_[i].bytes; }
  bool is_null(size_t i) const { return fields_[i].is_null; }
  // 1-based number of the last tuple, PostgreSQL's "line" of binary COPY.
  uint64_t line_number() const { return line_number_; }

 private:
  struct Field {
    std::string_view bytes;
    bool is_null = false;
  };

  // kNeedMore when the header is incomplete.
  Result<Outcome> ReadHeader(bool at_end);
  size_t available() const { return buffer_.size() - pos_; }

  size_t column_count_;
  std::string buffer_;
  size_t pos_ = 0;  // start of the unconsumed bytes in buffer_
  std::vector<Field> fields_;
  size_t field_count_ = 0;
  uint64_t line_number_ = 0;
  bool header_pending_ = true;
  bool ended_ = false;  // the trailer was read
};

}  // namespace sundial::sql
