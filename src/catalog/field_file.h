#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sundial::catalog {

// Replaces the file at `path` with `contents` durably and atomically: write
// a temp file, fsync, rename over, fsync the directory.
Status ReplaceFile(const std::string& path, const std::string& contents);

// The catalog's small definition files (views, indexes) are sequences of
// fields, each "<length>:<bytes>\n", so names and SQL texts need no
// escaping and a torn or edited file is detected, not misread.
class FieldWriter {
 public:
  void Add(std::string_view field) {
    out_ += std::to_string(field.size());
    out_ += ':';
    out_ += field;
    out_ += '\n';
  }
  void Add(int64_t number) { Add(std::to_string(number)); }
  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

class FieldReader {
 public:
  explicit FieldReader(std::string_view text) : text_(text) {}
  bool done() const { return at_ == text_.size(); }

  std::optional<std::string_view> Next() {
    const size_t colon = text_.find(':', at_);
    if (colon == std::string_view::npos) return std::nullopt;
    size_t length = 0;
    auto [end, error] = std::from_chars(text_.data() + at_, text_.data() + colon, length);
    if (error != std::errc() || end != text_.data() + colon) return std::nullopt;
    // The field and its newline must fit in what is left, whatever the length says.
    const size_t remaining = text_.size() - colon - 1;
    if (length >= remaining || text_[colon + 1 + length] != '\n') return std::nullopt;
    std::string_view field = text_.substr(colon + 1, length);
    at_ = colon + 2 + length;
    return field;
  }

  template <typename Int>
  std::optional<Int> NextNumber() {
    std::optional<std::string_view> field = Next();
    if (!field) return std::nullopt;
    Int value{};
    auto [end, error] = std::from_chars(field->data(), field->data() + field->size(), value);
    if (error != std::errc() || end != field->data() + field->size()) return std::nullopt;
    return value;
  }

 private:
  std::string_view text_;
  size_t at_ = 0;
};

}  // namespace sundial::catalog
