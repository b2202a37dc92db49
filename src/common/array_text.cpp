#include "common/array_text.h"

#include <cctype>

#include "common/value.h"
#include "common/value_text.h"

namespace sundial {
namespace {

bool IsArraySpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

Status Malformed(std::string_view text, std::string_view detail) {
  return Status::Error(ErrorCode::kInvalidTextRepresentation,
                       "malformed array literal: \"" + std::string(text) + "\"")
      .WithDetail(std::string(detail));
}

bool NeedsQuotes(std::string_view element) {
  if (element.empty()) return true;
  if (element.size() == 4 && (element[0] == 'N' || element[0] == 'n') &&
      (element[1] == 'U' || element[1] == 'u') && (element[2] == 'L' || element[2] == 'l') &&
      (element[3] == 'L' || element[3] == 'l')) {
    return true;
  }
  for (char c : element) {
    if (c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || IsArraySpace(c)) return true;
  }
  return false;
}

}  // namespace

Result<std::vector<ArrayElement>> SplitArrayText(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && IsArraySpace(text[i]))
    ++i;
  if (i < text.size() && text[i] == '[') {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "array literals with explicit bounds are not supported");
  }
  if (i == text.size() || text[i] != '{') {
    return Malformed(text, "Array value must start with \"{\" or dimension information.");
  }
  ++i;
  std::vector<ArrayElement> elements;
  bool expect_element = true;  // right after '{' or ','
  bool first = true;
  while (true) {
    while (i < text.size() && IsArraySpace(text[i]))
      ++i;
    if (i == text.size()) return Malformed(text, "Unexpected end of input.");
    char c = text[i];
    if (c == '}') {
      if (expect_element && !first) return Malformed(text, "Unexpected \"}\" character.");
      ++i;
      break;
    }
    if (!expect_element) {
      if (c != ',') return Malformed(text, "Expected \",\" or \"}\".");
      ++i;
      expect_element = true;
      continue;
    }
    if (c == '{') {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "multidimensional arrays are not supported");
    }
    if (c == ',') return Malformed(text, "Unexpected \",\" character.");
    std::string element;
    bool quoted = false;
    bool any_escaped = false;
    if (c == '"') {
      quoted = true;
      ++i;
      while (true) {
        if (i == text.size()) return Malformed(text, "Unexpected end of input.");
        char q = text[i++];
        if (q == '"') break;
        if (q == '\\') {
          if (i == text.size()) return Malformed(text, "Unexpected end of input.");
          q = text[i++];
        }
        element.push_back(q);
      }
    } else {
      // Unquoted: up to the next delimiter; inner white space is kept,
      // trailing white space is not (unless escaped).
      size_t kept = 0;
      while (i < text.size()) {
        char u = text[i];
        if (u == ',' || u == '}') break;
        if (u == '{' || u == '"') return Malformed(text, "Unexpected array element.");
        ++i;
        if (u == '\\') {
          if (i == text.size()) return Malformed(text, "Unexpected end of input.");
          element.push_back(text[i++]);
          any_escaped = true;
          kept = element.size();
          continue;
        }
        element.push_back(u);
        if (!IsArraySpace(u)) kept = element.size();
      }
      element.resize(kept);
    }
    const bool is_null = !quoted && !any_escaped && element.size() == 4 &&
                         (element[0] == 'N' || element[0] == 'n') &&
                         std::tolower(static_cast<unsigned char>(element[1])) == 'u' &&
                         std::tolower(static_cast<unsigned char>(element[2])) == 'l' &&
                         std::tolower(static_cast<unsigned char>(element[3])) == 'l';
    elements.push_back(is_null ? ArrayElement() : ArrayElement(std::move(element)));
    expect_element = false;
    first = false;
  }
  while (i < text.size() && IsArraySpace(text[i]))
    ++i;
  if (i != text.size()) return Malformed(text, "Junk after closing right brace.");
  return elements;
}

void AppendArrayElement(const ArrayElement& element, std::string& out) {
  if (!element) {
    out += "NULL";
    return;
  }
  const std::string& e = *element;
  if (!NeedsQuotes(e)) {
    out += e;
    return;
  }
  out.push_back('"');
  for (char c : e) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

std::string FormatArrayText(const std::vector<ArrayElement>& elements) {
  std::string out = "{";
  for (size_t i = 0; i < elements.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendArrayElement(elements[i], out);
  }
  out.push_back('}');
  return out;
}

void FormatArrayText(const ColumnVector& elements, size_t count, const TimeZone& zone,
                     std::string& out) {
  std::vector<ArrayElement> texts;
  texts.reserve(count);
  std::string one;
  for (size_t i = 0; i < count; ++i) {
    if (elements.IsNull(i)) {
      texts.emplace_back();
      continue;
    }
    one.clear();
    FormatText(elements, i, zone, one);
    texts.emplace_back(one);
  }
  out += FormatArrayText(texts);
}

Result<std::string> CanonicalArrayText(std::string_view text, DataType type, const TimeZone& zone) {
  ASSIGN_OR_RETURN(std::vector<ArrayElement> elements, SplitArrayText(text));
  for (ArrayElement& element : elements) {
    if (!element) continue;
    ASSIGN_OR_RETURN(Value value, ParseTextValue(*element, type.ElementType(), zone));
    *element = FormatValue(value, zone);
  }
  return FormatArrayText(elements);
}

}  // namespace sundial
