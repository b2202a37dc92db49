#include "sql/copy_parser.h"

#include <cstring>

#include "common/text_escapes.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sundial::sql {
namespace {

std::string_view StripCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

CopyParser::CopyParser(CopyFormat format)
    : format_(std::move(format)), header_pending_(format_.header) {}

void CopyParser::Feed(std::string_view data) {
  if (pos_ > 0) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  buffer_.append(data);
}

bool CopyParser::NextLine(bool at_end, std::string_view& line, size_t& next) {
  const char* begin = buffer_.data() + pos_;
  size_t remaining = buffer_.size() - pos_;
  const void* newline = std::memchr(begin, '\n', remaining);
  if (newline == nullptr) {
    if (!at_end) return false;
    line = std::string_view(begin, remaining);
    next = buffer_.size();
    return true;
  }
  size_t length = static_cast<const char*>(newline) - begin;
  line = std::string_view(begin, length);
  next = pos_ + length + 1;
  return true;
}

Result<CopyParser::Outcome> CopyParser::Next(bool at_end) {
  while (true) {
    if (ended_) return Outcome::kEnd;
    if (pos_ >= buffer_.size()) return at_end ? Outcome::kEnd : Outcome::kNeedMore;
    std::string_view line;
    size_t next = 0;
    if (!NextLine(at_end, line, next)) return Outcome::kNeedMore;
    if (StripCr(line) == "\\.") {
      ++line_number_;
      ended_ = true;
      return Outcome::kEnd;
    }
    if (format_.csv && std::memchr(line.data(), format_.quote, line.size()) == nullptr) {
      // No quote on the line: the record is the line, split on delimiters.
      pos_ = next;
      ++line_number_;
      line_ = StripCr(line);
      SplitCsv(line_);
    } else if (format_.csv) {
      ASSIGN_OR_RETURN(Outcome outcome, ParseCsvRecord(at_end));
      if (outcome != Outcome::kRecord) return outcome;
    } else {
      pos_ = next;
      ++line_number_;
      line_ = StripCr(line);
      SplitText(line_);
    }
    if (header_pending_) {
      header_pending_ = false;
      continue;
    }
    return Outcome::kRecord;
  }
}

void CopyParser::SplitCsv(std::string_view line) {
  field_count_ = 0;
  const char delimiter = format_.delimiter;
  const std::string_view null_string = format_.null_string;
  const char* base = line.data();
  const size_t n = line.size();
  size_t start = 0;
  auto add = [&](size_t end) {
    std::string_view raw(base + start, end - start);
    AddField(raw, raw == null_string);
    start = end + 1;
  };
  size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes per step: a bit mask of the delimiters, walked bit by bit.
  const __m128i pattern = _mm_set1_epi8(delimiter);
  for (; i + 16 <= n; i += 16) {
    __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + i));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, pattern)));
    while (mask != 0) {
      add(i + static_cast<size_t>(__builtin_ctz(mask)));
      mask &= mask - 1;
    }
  }
#endif
  for (; i < n; ++i) {
    if (base[i] == delimiter) add(i);
  }
  add(n);
}

void CopyParser::SplitText(std::string_view line) {
  field_count_ = 0;
  scratch_.clear();
  scratch_.reserve(line.size());
  const char* data = line.data();
  size_t n = line.size();
  size_t start = 0;
  while (true) {
    const void* found = std::memchr(data + start, format_.delimiter, n - start);
    size_t end = found ? static_cast<const char*>(found) - data : n;
    bool escaped = std::memchr(data + start, '\\', end - start) != nullptr;
    if (escaped) {
      // A backslash may escape the delimiter: rescan this field by hand.
      end = start;
      while (end < n && data[end] != format_.delimiter)
        end += data[end] == '\\' ? 2 : 1;
      if (end > n) end = n;
    }
    std::string_view raw(data + start, end - start);
    if (raw == format_.null_string) {
      AddField(std::string_view(), true);
    } else {
      AddField(escaped ? UnescapeText(raw) : raw, false);
    }
    if (end >= n) break;
    start = end + 1;
  }
}

std::string_view CopyParser::UnescapeText(std::string_view raw) {
  size_t out_start = scratch_.size();
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\' || i + 1 >= raw.size()) {
      scratch_.push_back(c);
      continue;
    }
    char e = raw[++i];
    switch (e) {
      case 'b':
        scratch_.push_back('\b');
        break;
      case 'f':
        scratch_.push_back('\f');
        break;
      case 'n':
        scratch_.push_back('\n');
        break;
      case 'r':
        scratch_.push_back('\r');
        break;
      case 't':
        scratch_.push_back('\t');
        break;
      case 'v':
        scratch_.push_back('\v');
        break;
      case 'x': {
        int value = 0;
        int digits = 0;
        while (digits < 2 && i + 1 < raw.size() && HexDigitValue(raw[i + 1]) >= 0) {
          value = value * 16 + HexDigitValue(raw[++i]);
          ++digits;
        }
        if (digits == 0) {
          scratch_.push_back('x');
        } else {
          scratch_.push_back(static_cast<char>(value));
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          int value = e - '0';
          for (int digits = 1;
               digits < 3 && i + 1 < raw.size() && raw[i + 1] >= '0' && raw[i + 1] <= '7';
               ++digits) {
            value = value * 8 + (raw[++i] - '0');
          }
          scratch_.push_back(static_cast<char>(value));
        } else {
          scratch_.push_back(e);
        }
    }
  }
  return std::string_view(scratch_.data() + out_start, scratch_.size() - out_start);
}

Result<CopyParser::Outcome> CopyParser::ParseCsvRecord(bool at_end) {
  field_count_ = 0;
  scratch_.clear();
  const char* data = buffer_.data();
  size_t size = buffer_.size();
  // Reserved up front so views into scratch_ stay valid while it fills.
  scratch_.reserve(size - pos_);
  const char delimiter = format_.delimiter;
  const char quote = format_.quote;
  const char escape = format_.escape;
  size_t p = pos_;
  while (true) {
    size_t field_start = p;
    bool quoted = false;
    size_t out_start = scratch_.size();
    if (p < size && data[p] == quote) {
      quoted = true;
      ++p;
      while (true) {
        if (p >= size) {
          if (!at_end) return Outcome::kNeedMore;
          return Status::Error(ErrorCode::kBadCopyFileFormat, "unterminated CSV quoted field");
        }
        char c = data[p];
        if (c == escape && p + 1 < size && data[p + 1] == quote) {
          scratch_.push_back(quote);
          p += 2;
          continue;
        }
        if (c == escape && escape == quote && p + 1 >= size && !at_end) {
          return Outcome::kNeedMore;  // a doubled quote may be split across pieces
        }
        if (c == quote) {
          ++p;
          break;
        }
        scratch_.push_back(c);
        ++p;
      }
    }
    // Unquoted text, or text after a closing quote, up to the field's end.
    size_t text_start = p;
    while (p < size && data[p] != delimiter && data[p] != '\n')
      ++p;
    if (p >= size && !at_end) return Outcome::kNeedMore;
    std::string_view tail(data + text_start, p - text_start);
    if (p >= size || data[p] == '\n') tail = StripCr(tail);
    if (quoted) {
      scratch_.append(tail);
      AddField(std::string_view(scratch_.data() + out_start, scratch_.size() - out_start), false);
    } else {
      std::string_view raw(data + field_start, tail.size());
      AddField(raw, raw == format_.null_string);
    }
    if (p < size && data[p] == delimiter) {
      ++p;
      continue;
    }
    size_t line_end = p;
    if (p < size) ++p;  // the newline
    line_ = StripCr(std::string_view(data + pos_, line_end - pos_));
    pos_ = p;
    ++line_number_;
    return Outcome::kRecord;
  }
}

}  // namespace sundial::sql
