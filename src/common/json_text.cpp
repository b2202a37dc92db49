#include "common/json_text.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <utility>
#include <vector>

#include "common/numeric.h"
#include "common/text_escapes.h"

namespace sundial {
namespace {

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// escape_json: what jsonb_out writes for a string's decoded bytes.
void AppendQuoted(std::string_view value, std::string& out) {
  out.push_back('"');
  for (char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out.push_back(kLowerHexDigits[(c >> 4) & 15]);
          out.push_back(kLowerHexDigits[c & 15]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

// One recursive-descent pass over JSON text. With `normalize` it also
// writes the jsonb text of the value it read to `out`.
class JsonReader {
 public:
  JsonReader(std::string_view text, bool normalize) : text_(text), normalize_(normalize) {}

  Result<std::string> ReadDocument() {
    std::string out;
    SkipSpace();
    RETURN_IF_ERROR(ReadValue(0, out));
    SkipSpace();
    if (pos_ < text_.size()) return Unexpected();
    return out;
  }

  // Reads one value from the current position; only positions and decoded
  // strings, no output (the accessors below).
  Status SkipValue() {
    std::string ignored;
    const bool normalize = normalize_;
    normalize_ = false;
    Status status = ReadValue(0, ignored);
    normalize_ = normalize;
    return status;
  }
  Result<std::string> ReadString() { return ReadStringToken(); }
  void SkipSpace() {
    while (pos_ < text_.size() && IsJsonSpace(text_[pos_]))
      ++pos_;
  }
  size_t pos() const { return pos_; }
  bool Consume(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  char Peek() {
    SkipSpace();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }

 private:
  Status Invalid(const std::string& detail) const {
    return Status::Error(ErrorCode::kInvalidTextRepresentation,
                         "invalid input syntax for type json")
        .WithDetail(detail);
  }
  Status Unexpected() const {
    if (pos_ >= text_.size()) return Invalid("The input string ended unexpectedly.");
    size_t end = pos_ + 1;
    while (end < text_.size() && std::isalnum(static_cast<unsigned char>(text_[end])) &&
           std::isalnum(static_cast<unsigned char>(text_[pos_])))
      ++end;
    return Invalid("Token \"" + std::string(text_.substr(pos_, end - pos_)) + "\" is invalid.");
  }

  Status ReadValue(int depth, std::string& out) {
    SkipSpace();
    if (pos_ >= text_.size()) return Unexpected();
    const char c = text_[pos_];
    if (c == '{' || c == '[') {
      if (depth >= kMaxJsonDepth) {
        return Status::Error(ErrorCode::kStatementTooComplex, "stack depth limit exceeded");
      }
      return c == '{' ? ReadObject(depth + 1, out) : ReadArray(depth + 1, out);
    }
    if (c == '"') {
      ASSIGN_OR_RETURN(std::string value, ReadStringToken());
      if (normalize_) AppendQuoted(value, out);
      return Status::Ok();
    }
    if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber(out);
    for (std::string_view word : {"true", "false", "null"}) {
      if (text_.substr(pos_, word.size()) == word) {
        const size_t end = pos_ + word.size();
        if (end < text_.size() && std::isalnum(static_cast<unsigned char>(text_[end]))) break;
        pos_ = end;
        if (normalize_) out += word;
        return Status::Ok();
      }
    }
    return Unexpected();
  }

  Status ReadObject(int depth, std::string& out) {
    ++pos_;
    std::vector<std::pair<std::string, std::string>> members;
    if (Peek() == '}') {
      ++pos_;
      if (normalize_) out += "{}";
      return Status::Ok();
    }
    while (true) {
      if (Peek() != '"') return Unexpected();
      ASSIGN_OR_RETURN(std::string key, ReadStringToken());
      if (!Consume(':')) return Unexpected();
      std::string value;
      RETURN_IF_ERROR(ReadValue(depth, value));
      if (normalize_) members.emplace_back(std::move(key), std::move(value));
      if (Consume(',')) continue;
      if (Consume('}')) break;
      SkipSpace();
      return Unexpected();
    }
    if (!normalize_) return Status::Ok();
    // Shorter keys first, then bytewise; of equal keys the last one stays.
    std::stable_sort(members.begin(), members.end(), [](const auto& a, const auto& b) {
      if (a.first.size() != b.first.size()) return a.first.size() < b.first.size();
      return a.first < b.first;
    });
    out.push_back('{');
    bool first = true;
    for (size_t i = 0; i < members.size(); ++i) {
      if (i + 1 < members.size() && members[i + 1].first == members[i].first) continue;
      if (!first) out += ", ";
      first = false;
      AppendQuoted(members[i].first, out);
      out += ": ";
      out += members[i].second;
    }
    out.push_back('}');
    return Status::Ok();
  }

  Status ReadArray(int depth, std::string& out) {
    ++pos_;
    if (normalize_) out.push_back('[');
    if (Peek() == ']') {
      ++pos_;
      if (normalize_) out.push_back(']');
      return Status::Ok();
    }
    bool first = true;
    while (true) {
      if (normalize_ && !first) out += ", ";
      first = false;
      RETURN_IF_ERROR(ReadValue(depth, out));
      if (Consume(',')) continue;
      if (Consume(']')) break;
      SkipSpace();
      return Unexpected();
    }
    if (normalize_) out.push_back(']');
    return Status::Ok();
  }

  Status ReadNumber(std::string& out) {
    const size_t start = pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9')
        ++pos_;
      return pos_ - from;
    };
    if (text_[pos_] == '-') ++pos_;
    const size_t int_start = pos_;
    const size_t int_digits = digits();
    if (int_digits == 0 || (int_digits > 1 && text_[int_start] == '0')) {
      pos_ = start;
      return Unexpected();
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) {
        pos_ = start;
        return Unexpected();
      }
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (digits() == 0) {
        pos_ = start;
        return Unexpected();
      }
    }
    if (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) {
      pos_ = start;
      return Unexpected();
    }
    if (!normalize_) return Status::Ok();
    const std::string_view number = text_.substr(start, pos_ - start);
    // jsonb keeps numbers as numeric; one beyond Sundial's 38 digits keeps
    // its written form.
    Result<Numeric> value = ParseNumeric(number);
    if (value.ok()) {
      FormatNumeric(*value, out);
    } else {
      out += number;
    }
    return Status::Ok();
  }

  Result<uint32_t> ReadHex4() {
    if (pos_ + 4 > text_.size())
      return Invalid("\"\\u\" must be followed by four hexadecimal digits.");
    uint32_t code = 0;
    for (int i = 0; i < 4; ++i) {
      const int v = HexDigitValue(text_[pos_ + i]);
      if (v < 0) return Invalid("\"\\u\" must be followed by four hexadecimal digits.");
      code = code * 16 + static_cast<uint32_t>(v);
    }
    pos_ += 4;
    return code;
  }

  Result<std::string> ReadStringToken() {
    ++pos_;  // the opening quote
    std::string value;
    while (true) {
      if (pos_ >= text_.size()) return Invalid("The input string ended unexpectedly.");
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return value;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        char hex[8];
        std::snprintf(hex, sizeof(hex), "0x%02x", static_cast<unsigned char>(c));
        return Invalid(std::string("Character with value ") + hex + " must be escaped.");
      }
      if (c != '\\') {
        value.push_back(c);
        ++pos_;
        continue;
      }
      if (++pos_ >= text_.size()) return Invalid("The input string ended unexpectedly.");
      const char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          value.push_back(e);
          break;
        case 'b':
          value.push_back('\b');
          break;
        case 'f':
          value.push_back('\f');
          break;
        case 'n':
          value.push_back('\n');
          break;
        case 'r':
          value.push_back('\r');
          break;
        case 't':
          value.push_back('\t');
          break;
        case 'u': {
          ASSIGN_OR_RETURN(uint32_t code, ReadHex4());
          if (code >= 0xD800 && code <= 0xDBFF) {
            if (text_.substr(pos_, 2) != "\\u") {
              return Invalid("Unicode high surrogate must not follow a high surrogate.");
            }
            pos_ += 2;
            ASSIGN_OR_RETURN(uint32_t low, ReadHex4());
            if (low < 0xDC00 || low > 0xDFFF) {
              return Invalid("Unicode low surrogate must follow a high surrogate.");
            }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          } else if (code >= 0xDC00 && code <= 0xDFFF) {
            return Invalid("Unicode low surrogate must follow a high surrogate.");
          }
          if (code == 0 && normalize_) {
            return Status::Error(ErrorCode::kUntranslatableCharacter,
                                 "unsupported Unicode escape sequence")
                .WithDetail("\\u0000 cannot be converted to text.");
          }
          AppendUtf8(code, value);
          break;
        }
        default:
          return Invalid("Escape sequence \"\\" + std::string(1, e) + "\" is invalid.");
      }
    }
  }

  std::string_view text_;
  bool normalize_;
  size_t pos_ = 0;
};

// The text of the value starting at `reader`'s position.
std::string_view ValueText(std::string_view json, JsonReader& reader) {
  reader.SkipSpace();
  const size_t start = reader.pos();
  if (!reader.SkipValue().ok()) return {};
  return json.substr(start, reader.pos() - start);
}

}  // namespace

Status CheckJsonText(std::string_view text) {
  return JsonReader(text, false).ReadDocument().status();
}

Result<std::string> NormalizeJsonbText(std::string_view text) {
  return JsonReader(text, true).ReadDocument();
}

std::optional<std::string_view> JsonMemberText(std::string_view json, std::string_view key) {
  JsonReader reader(json, false);
  if (!reader.Consume('{') || reader.Consume('}')) return std::nullopt;
  std::optional<std::string_view> found;
  do {
    if (reader.Peek() != '"') return std::nullopt;
    Result<std::string> name = reader.ReadString();
    if (!name.ok() || !reader.Consume(':')) return std::nullopt;
    std::string_view value = ValueText(json, reader);
    if (*name == key) found = value;
  } while (reader.Consume(','));
  return found;
}

std::optional<std::string_view> JsonElementText(std::string_view json, int64_t index) {
  JsonReader reader(json, false);
  if (!reader.Consume('[') || reader.Consume(']')) return std::nullopt;
  // A negative index counts from the end, which needs the count first.
  if (index < 0) {
    JsonReader counter(json, false);
    counter.Consume('[');
    int64_t count = 0;
    do {
      ValueText(json, counter);
      ++count;
    } while (counter.Consume(','));
    index += count;
    if (index < 0) return std::nullopt;
  }
  for (int64_t i = 0;; ++i) {
    std::string_view value = ValueText(json, reader);
    if (i == index) return value;
    if (!reader.Consume(',')) return std::nullopt;
  }
}

std::vector<std::pair<std::string, std::string_view>> JsonObjectMembers(std::string_view json) {
  std::vector<std::pair<std::string, std::string_view>> members;
  JsonReader reader(json, false);
  if (!reader.Consume('{') || reader.Consume('}')) return members;
  do {
    if (reader.Peek() != '"') return {};
    Result<std::string> name = reader.ReadString();
    if (!name.ok() || !reader.Consume(':')) return {};
    members.emplace_back(std::move(name).value(), ValueText(json, reader));
  } while (reader.Consume(','));
  return members;
}

std::vector<std::string_view> JsonArrayElements(std::string_view json) {
  std::vector<std::string_view> elements;
  JsonReader reader(json, false);
  if (!reader.Consume('[') || reader.Consume(']')) return elements;
  do {
    elements.push_back(ValueText(json, reader));
  } while (reader.Consume(','));
  return elements;
}

std::optional<std::string> JsonValueAsText(std::string_view value) {
  JsonReader reader(value, false);
  const char first = reader.Peek();
  if (first == '"') {
    Result<std::string> decoded = reader.ReadString();
    if (decoded.ok()) return *decoded;
  }
  if (value.substr(reader.pos()).starts_with("null")) return std::nullopt;
  return std::string(value);
}

std::string_view JsonTypeName(std::string_view value) {
  JsonReader reader(value, false);
  switch (reader.Peek()) {
    case '{':
      return "object";
    case '[':
      return "array";
    case '"':
      return "string";
    case 't':
    case 'f':
      return "boolean";
    case 'n':
      return "null";
    default:
      return "number";
  }
}

}  // namespace sundial
