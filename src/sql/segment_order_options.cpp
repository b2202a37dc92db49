#include "sql/segment_order_options.h"

#include <array>

#include "sql/parser/literal_text.h"

namespace sundial::sql {
namespace {

// TimescaleDB's names for each option: the compression-era name first, then
// the columnstore names of 2.18 and later.
constexpr std::array<std::string_view, 3> kCompressNames = {"compress", "columnstore",
                                                            "enable_columnstore"};
constexpr std::array<std::string_view, 3> kSegmentByNames = {"compress_segmentby", "segmentby",
                                                             "segment_by"};
constexpr std::array<std::string_view, 3> kOrderByNames = {"compress_orderby", "orderby",
                                                           "order_by"};

template <size_t N>
bool IsAnyOf(const std::string& key, const std::array<std::string_view, N>& names) {
  for (std::string_view name : names) {
    if (IsTimescaleOption(key, name)) return true;
  }
  return false;
}

// A word of a segmentby/orderby list: an identifier or a comma.
struct Word {
  std::string text;  // folded identifier; "," for a comma
  bool quoted = false;
  bool is(std::string_view keyword) const { return !quoted && text == keyword; }
};

// Splits `text` into identifiers and commas; nullopt on anything else.
std::optional<std::vector<Word>> SplitWords(std::string_view text) {
  auto starts_identifier = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  auto continues_identifier = [&](char c) {
    return starts_identifier(c) || (c >= '0' && c <= '9') || c == '$';
  };
  std::vector<Word> words;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == ',') {
      words.push_back(Word{.text = ","});
      ++i;
    } else if (c == '"') {
      size_t end = i + 1;
      while (true) {
        end = text.find('"', end);
        if (end == std::string_view::npos) return std::nullopt;
        if (end + 1 < text.size() && text[end + 1] == '"') {
          end += 2;
          continue;
        }
        break;
      }
      if (end == i + 1) return std::nullopt;  // "" is no name
      words.push_back(
          Word{.text = parser_internal::FoldIdentifier(text.substr(i, end + 1 - i), true),
               .quoted = true});
      i = end + 1;
    } else if (starts_identifier(c)) {
      size_t end = i;
      while (end < text.size() && continues_identifier(text[end]))
        ++end;
      words.push_back(
          Word{.text = parser_internal::FoldIdentifier(text.substr(i, end - i), false)});
      i = end;
    } else {
      return std::nullopt;
    }
  }
  return words;
}

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

Status SegmentByError(std::string_view text, const std::string& option) {
  return Status::Error(ErrorCode::kSyntaxError,
                       "unable to parse segmenting option \"" + std::string(text) + "\"")
      .WithHint("The option " + option + " must be a set of columns separated by commas.");
}

Status OrderByError(std::string_view text, const std::string& option) {
  return Status::Error(ErrorCode::kSyntaxError,
                       "unable to parse ordering option \"" + std::string(text) + "\"")
      .WithHint("The " + option +
                " option must be a set of column names with sort options, separated by "
                "commas. It is the same format as an ORDER BY clause.");
}

// PostgreSQL's spellings of a boolean option value.
std::optional<bool> ParseBool(const std::string& value) {
  for (std::string_view yes : {"true", "t", "on", "yes", "y", "1"}) {
    if (value == yes) return true;
  }
  for (std::string_view no : {"false", "f", "off", "no", "n", "0"}) {
    if (value == no) return false;
  }
  return std::nullopt;
}

Status CompressionAlwaysOn(const std::string& key) {
  return Status::Error(ErrorCode::kFeatureNotSupported,
                       "disabling compression (" + key + ") is not supported")
      .WithHint("Sundial stores every segment compressed.");
}

}  // namespace

bool IsTimescaleOption(const std::string& key, std::string_view name) {
  for (std::string_view prefix : {"timescaledb.", "tsdb."}) {
    if (key.size() == prefix.size() + name.size() && key.starts_with(prefix) &&
        key.ends_with(name)) {
      return true;
    }
  }
  return false;
}

Result<std::vector<std::string>> ParseSegmentBy(std::string_view text, const std::string& option) {
  std::vector<std::string> columns;
  if (IsBlank(text)) return columns;
  std::optional<std::vector<Word>> words = SplitWords(text);
  // Alternating name, comma, name, ...: an odd count with names at even places.
  if (!words || words->size() % 2 == 0) return SegmentByError(text, option);
  for (size_t i = 0; i < words->size(); ++i) {
    const Word& word = (*words)[i];
    if ((i % 2 == 1) != word.is(",")) return SegmentByError(text, option);
    if (i % 2 == 0) columns.push_back(word.text);
  }
  return columns;
}

Result<std::vector<OrderByItem>> ParseOrderBy(std::string_view text, const std::string& option) {
  std::vector<OrderByItem> items;
  if (IsBlank(text)) return items;
  std::optional<std::vector<Word>> words = SplitWords(text);
  if (!words) return OrderByError(text, option);
  // Reported only once the whole list parses: a syntax error comes first.
  Status unsupported;
  size_t i = 0;
  auto next_is = [&](std::string_view keyword) {
    if (i < words->size() && (*words)[i].is(keyword)) {
      ++i;
      return true;
    }
    return false;
  };
  while (true) {
    if (i == words->size() || (*words)[i].is(",")) return OrderByError(text, option);
    OrderByItem item{.column = (*words)[i++].text};
    if (next_is("desc")) {
      item.descending = true;
    } else {
      next_is("asc");
    }
    if (next_is("nulls")) {
      const bool first = next_is("first");
      if (!first && !next_is("last")) return OrderByError(text, option);
      if (first != item.descending && unsupported.ok()) {
        unsupported = Status::Error(ErrorCode::kFeatureNotSupported,
                                    std::string("NULLS ") + (first ? "FIRST" : "LAST") + " with " +
                                        (item.descending ? "DESC" : "ASC") + " in " + option +
                                        " is not supported")
                          .WithHint("Segments sort NULLs last for ASC and first for DESC columns.");
      }
    }
    items.push_back(std::move(item));
    if (i == words->size()) {
      if (!unsupported.ok()) return unsupported;
      return items;
    }
    if (!next_is(",")) return OrderByError(text, option);
  }
}

Result<bool> SegmentOrderOptions::Take(const std::string& key, const std::string& value) {
  if (IsAnyOf(key, kCompressNames)) {
    std::optional<bool> on = ParseBool(value);
    if (!on) {
      return Status::Error(ErrorCode::kInvalidParameterValue,
                           "invalid value for boolean option \"" + key + "\": " + value);
    }
    if (!*on) return CompressionAlwaysOn(key);
    return true;
  }
  if (IsAnyOf(key, kSegmentByNames)) {
    ASSIGN_OR_RETURN(segment_by, ParseSegmentBy(value, key));
    sets_segment_by = true;
    segment_by_option = key;
    return true;
  }
  if (IsAnyOf(key, kOrderByNames)) {
    ASSIGN_OR_RETURN(order_by, ParseOrderBy(value, key));
    sets_order_by = true;
    order_by_option = key;
    return true;
  }
  return false;
}

Result<bool> SegmentOrderOptions::TakeReset(const std::string& key) {
  if (IsAnyOf(key, kCompressNames)) return CompressionAlwaysOn(key);
  if (IsAnyOf(key, kSegmentByNames)) {
    sets_segment_by = true;
    segment_by.reset();
    return true;
  }
  if (IsAnyOf(key, kOrderByNames)) {
    sets_order_by = true;
    order_by.clear();
    return true;
  }
  return false;
}

Result<ts::SchemaChange> SegmentOrderOptions::Change(const ts::TableSchema& table) const {
  auto column_id = [&](const std::string& name, const std::string& option) -> Result<uint32_t> {
    int index = table.FindColumn(name);
    if (index < 0) {
      return Status::Error(ErrorCode::kUndefinedColumn, "column \"" + name + "\" does not exist")
          .WithHint("The " + option + " option must reference a valid column.");
    }
    return table.columns[index].column_id;
  };
  ts::SchemaChange change{.kind = ts::SchemaChange::Kind::kSetSegmentOrder,
                          .sets_segment_by = sets_segment_by,
                          .sets_order_by = sets_order_by};
  if (segment_by) {
    change.segment_by.emplace();
    for (const std::string& name : *segment_by) {
      ASSIGN_OR_RETURN(uint32_t id, column_id(name, segment_by_option));
      change.segment_by->push_back(id);
    }
  }
  for (const OrderByItem& item : order_by) {
    ASSIGN_OR_RETURN(uint32_t id, column_id(item.column, order_by_option));
    change.order_by.push_back(ts::OrderColumn{.column_id = id, .descending = item.descending});
  }
  return change;
}

}  // namespace sundial::sql
