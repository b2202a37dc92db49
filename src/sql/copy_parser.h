#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sundial::sql {

// COPY's text and CSV formats as PostgreSQL defines them.
struct CopyFormat {
  bool csv = false;
  char delimiter = '\t';
  std::string null_string = "\\N";
  char quote = '"';
  char escape = '"';
  bool header = false;
};

// Splits COPY data, fed in arbitrary pieces, into records of fields.
//
// text: one record per line (\n or \r\n), fields split on the delimiter,
//   backslash escapes (\t \n \r \b \f \v \\ \ddd \xhh, any other char
//   stands for itself); a field spelled exactly like the null string is NULL.
// csv: quoted fields may hold delimiters, newlines and doubled quotes; an
//   unquoted field equal to the null string (default empty) is NULL, a quoted
//   one never is.
// In both, a line holding exactly "\." ends the data.
//
// Fields point into the parser's buffers: no allocation per field.
class CopyParser {
 public:
  explicit CopyParser(CopyFormat format);

  void Feed(std::string_view data);

  enum class Outcome { kRecord, kNeedMore, kEnd };
  // The next complete record. With `at_end` (no more data will come) a last
  // line without a newline counts as a record.
  Result<Outcome> Next(bool at_end);

  // The last record; valid until the next Feed or Next.
  size_t field_count() const { return field_count_; }
  std::string_view field(size_t i) const { return fields_[i].text; }
  bool is_null(size_t i) const { return fields_[i].is_null; }
  // 1-based line number of the last record (the header counts).
  uint64_t line_number() const { return line_number_; }
  // The record as sent, without its line end, for error messages.
  std::string_view line() const { return line_; }

 private:
  struct Field {
    std::string_view text;
    bool is_null = false;
  };

  // Returns false when the line is incomplete.
  bool NextLine(bool at_end, std::string_view& line, size_t& next);
  void AddField(std::string_view text, bool is_null) {
    if (field_count_ == fields_.size()) fields_.resize(fields_.size() * 2 + 8);
    fields_[field_count_++] = Field{.text = text, .is_null = is_null};
  }
  void SplitText(std::string_view line);
  // A CSV line without quote characters.
  void SplitCsv(std::string_view line);
  std::string_view UnescapeText(std::string_view raw);
  // kNeedMore when the record is incomplete.
  Result<Outcome> ParseCsvRecord(bool at_end);

  CopyFormat format_;
  std::string buffer_;
  size_t pos_ = 0;             // start of the unconsumed bytes in buffer_
  std::string scratch_;        // unescaped field bytes of the current record
  std::vector<Field> fields_;  // [0, field_count_) hold the last record; reused
  size_t field_count_ = 0;
  std::string_view line_;
  uint64_t line_number_ = 0;
  bool header_pending_;
  bool ended_ = false;
};

}  // namespace sundial::sql
