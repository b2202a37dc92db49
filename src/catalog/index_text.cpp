#include "catalog/index_text.h"

#include <algorithm>
#include <cctype>
#include <iterator>

#include "catalog/catalog.h"
#include "common/quote_ident.h"

namespace sundial::catalog {
namespace {

constexpr IndexAccessMethod kAccessMethods[] = {{403, "btree"}, {405, "hash"},    {783, "gist"},
                                                {2742, "gin"},  {4000, "spgist"}, {3580, "brin"}};

bool IsSpace(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

bool IsIdentifierChar(char c, bool first) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalpha(u) || c == '_' || u >= 0x80 || (!first && (std::isdigit(u) || c == '$'));
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back()))
    text.remove_suffix(1);
  return text;
}

// The parenthesis closing the one at `open`, or npos. Quoted strings and
// identifiers are skipped whole (a doubled quote just reads as two quoted
// parts).
size_t ClosingParen(std::string_view text, size_t open) {
  int depth = 0;
  for (size_t i = open; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\'' || c == '"') {
      i = text.find(c, i + 1);
      if (i == std::string_view::npos) return i;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

// Parentheses around the whole text only group it; PostgreSQL's deparse
// decides on its own which to print.
std::string_view StripParens(std::string_view text) {
  text = Trim(text);
  while (text.size() >= 2 && text.front() == '(' && ClosingParen(text, 0) == text.size() - 1) {
    text = Trim(text.substr(1, text.size() - 2));
  }
  return text;
}

// The end of a possibly qualified, possibly quoted name at the start of
// `text`; 0 when it does not start with one.
size_t NameEnd(std::string_view text) {
  size_t i = 0;
  while (true) {
    if (i < text.size() && text[i] == '"') {
      i = text.find('"', i + 1);
      while (i != std::string_view::npos && i + 1 < text.size() && text[i + 1] == '"') {
        i = text.find('"', i + 2);
      }
      if (i == std::string_view::npos) return 0;
      ++i;
    } else if (i < text.size() && IsIdentifierChar(text[i], true)) {
      while (i < text.size() && IsIdentifierChar(text[i], false))
        ++i;
    } else {
      return 0;
    }
    if (i >= text.size() || text[i] != '.') return i;
    ++i;
  }
}

// How PostgreSQL's deparse prints an expression, as far as its text tells
// what the outermost node is.
enum class Shape {
  kCall,        // f(x): looks_like_function, which index elements print bare
  kSyntaxCall,  // CAST(x AS t), EXTRACT(f FROM x): no parentheses of their own
  kName,        // a column
  kOperator,    // anything else: an operator expression, parenthesized unless pretty
};

Shape ShapeOf(std::string_view text) {
  const size_t name_end = NameEnd(text);
  if (name_end == 0) return Shape::kOperator;
  if (name_end == text.size()) return Shape::kName;
  size_t open = name_end;
  while (open < text.size() && IsSpace(text[open]))
    ++open;
  if (open >= text.size() || text[open] != '(') return Shape::kOperator;
  if (ClosingParen(text, open) != text.size() - 1) return Shape::kOperator;
  std::string name(text.substr(0, name_end));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::string_view kSyntaxForms[] = {
      "cast", "extract", "overlay", "position", "substring", "trim", "normalize", "treat", "row"};
  const bool syntax =
      std::find(std::begin(kSyntaxForms), std::end(kSyntaxForms), name) != std::end(kSyntaxForms);
  return syntax ? Shape::kSyntaxCall : Shape::kCall;
}

// An expression element: bare when a call, otherwise in parentheses, around
// the ones the non-pretty deparse gives an operator expression.
std::string ExpressionText(std::string_view expression, bool pretty) {
  const std::string_view text = StripParens(expression);
  const Shape shape = ShapeOf(text);
  if (shape == Shape::kCall) return std::string(text);
  if (shape == Shape::kOperator && !pretty) return "((" + std::string(text) + "))";
  return "(" + std::string(text) + ")";
}

std::string PredicateText(std::string_view predicate, bool pretty) {
  const std::string_view text = StripParens(predicate);
  if (ShapeOf(text) == Shape::kOperator && !pretty) return "(" + std::string(text) + ")";
  return std::string(text);
}

}  // namespace

std::span<const IndexAccessMethod> IndexAccessMethods() {
  return kAccessMethods;
}

uint32_t IndexAccessMethodOid(std::string_view method) {
  for (const IndexAccessMethod& am : kAccessMethods) {
    if (am.name == method) return am.oid;
  }
  return 0;
}

std::optional<std::vector<int>> IndexAttributeNumbers(const IndexDefinition& index,
                                                      const ts::TableSchema& table) {
  std::vector<int> numbers;
  numbers.reserve(index.elements.size());
  for (const IndexDefinition::Element& element : index.elements) {
    if (element.column_id < 0) {
      numbers.push_back(0);
      continue;
    }
    const int position = table.FindColumnById(static_cast<uint32_t>(element.column_id));
    if (position < 0) return std::nullopt;
    numbers.push_back(position + 1);
  }
  return numbers;
}

std::optional<std::string> IndexDefText(const IndexDefinition& index, const ts::TableSchema& table,
                                        int64_t column, bool pretty) {
  std::optional<std::vector<int>> attnums = IndexAttributeNumbers(index, table);
  if (!attnums) return std::nullopt;
  auto element_text = [&](size_t k) {
    const IndexDefinition::Element& element = index.elements[k];
    if ((*attnums)[k] == 0) return ExpressionText(element.expression, pretty);
    return QuoteIdent(table.columns[(*attnums)[k] - 1].name);
  };
  if (column != 0) {
    if (column < 0 || static_cast<uint64_t>(column) > index.elements.size()) return "";
    return element_text(static_cast<size_t>(column - 1));
  }
  std::string text = std::string(index.constraint != 0 ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") +
                     QuoteIdent(index.name) + " ON public." + QuoteIdent(table.name) + " USING " +
                     QuoteIdent(index.method) + " (";
  // Only btree keeps an order, so only its elements show one.
  const bool ordered = index.method == "btree";
  for (size_t k = 0; k < index.elements.size(); ++k) {
    const IndexDefinition::Element& element = index.elements[k];
    if (k > 0) text += ", ";
    text += element_text(k);
    if (!ordered) continue;
    // NULLS FIRST is DESC's default, NULLS LAST ASC's.
    if (element.descending) {
      text += element.nulls_first ? " DESC" : " DESC NULLS LAST";
    } else if (element.nulls_first) {
      text += " NULLS FIRST";
    }
  }
  text += ")";
  if (!index.predicate.empty()) text += " WHERE " + PredicateText(index.predicate, pretty);
  return text;
}

std::optional<std::string> IndexDefText(const Catalog& catalog, uint32_t oid, int64_t column,
                                        bool pretty) {
  std::optional<IndexDefinition> index = catalog.FindIndexByOid(oid);
  if (!index) return std::nullopt;
  for (const ts::TableSchema& table : catalog.ListTables()) {
    if (table.table_id == index->table_id) return IndexDefText(*index, table, column, pretty);
  }
  return std::nullopt;
}

std::optional<std::string> ConstraintDefText(const Catalog& catalog, uint32_t oid) {
  if (oid <= kFirstConstraintOid) return std::nullopt;
  std::optional<IndexDefinition> index =
      catalog.FindIndexByOid(oid - kFirstConstraintOid + kFirstIndexOid);
  if (!index || index->constraint == 0) return std::nullopt;
  for (const ts::TableSchema& table : catalog.ListTables()) {
    if (table.table_id != index->table_id) continue;
    std::optional<std::vector<int>> attnums = IndexAttributeNumbers(*index, table);
    if (!attnums) return std::nullopt;
    std::string text = index->constraint == 'p' ? "PRIMARY KEY (" : "UNIQUE (";
    for (size_t k = 0; k < attnums->size(); ++k) {
      if (k > 0) text += ", ";
      text += QuoteIdent(table.columns[(*attnums)[k] - 1].name);
    }
    return text + ")";
  }
  return std::nullopt;
}

}  // namespace sundial::catalog
