#include "support/result_comparison.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace sundial::testing {
namespace {

std::optional<double> AsNumber(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return std::nullopt;
  return value;
}

// float4 and float8 answers may differ in the last bits (summation order);
// every other type must print the same text (numeric's display scale too).
bool MayDifferInLastBits(const QueryResult& result, size_t column) {
  constexpr uint32_t kFloat4Oid = 700;
  constexpr uint32_t kFloat8Oid = 701;
  if (column >= result.column_types.size()) return true;
  return result.column_types[column] == kFloat4Oid || result.column_types[column] == kFloat8Oid;
}

bool SameValue(const std::optional<std::string>& a, const std::optional<std::string>& b,
               bool approximate) {
  if (!a || !b) return !a && !b;
  if (*a == *b) return true;
  if (!approximate) return false;
  const std::optional<double> x = AsNumber(*a);
  const std::optional<double> y = AsNumber(*b);
  if (!x || !y) return false;
  if (std::isnan(*x) || std::isnan(*y)) return std::isnan(*x) && std::isnan(*y);
  return std::abs(*x - *y) <= 1e-9 * std::max(std::abs(*x), std::abs(*y)) + 1e-12;
}

std::string Show(const Row& row) {
  std::string text = "(";
  for (size_t i = 0; i < row.size(); ++i)
    text += (i ? ", " : "") + row[i].value_or("<null>");
  return text + ")";
}

std::string Trim(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

bool HasTopLevelOrderBy(const std::string& sql) {
  std::string upper;
  int depth = 0;
  bool quoted = false;
  // Keep only depth-0 text outside string literals, upper-cased, blanks collapsed.
  for (char c : sql) {
    if (c == '\'') quoted = !quoted;
    if (quoted) continue;
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth != 0) continue;
    const char folded = std::isspace(static_cast<unsigned char>(c))
                            ? ' '
                            : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (folded != ' ' || upper.empty() || upper.back() != ' ') upper += folded;
  }
  return upper.find("ORDER BY") != std::string::npos;
}

std::string DescribeDifference(const QueryResult& ours, const QueryResult& reference,
                               bool ordered) {
  if (ours.columns != reference.columns) return "the column names differ";
  if (ours.rows.size() != reference.rows.size()) {
    return "Sundial returned " + std::to_string(ours.rows.size()) + " rows, PostgreSQL " +
           std::to_string(reference.rows.size());
  }
  std::vector<Row> a = ours.rows;
  std::vector<Row> b = reference.rows;
  if (!ordered) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
  }
  for (size_t r = 0; r < a.size(); ++r) {
    if (a[r].size() != b[r].size()) return "row " + std::to_string(r) + " has a different width";
    for (size_t c = 0; c < a[r].size(); ++c) {
      const bool approximate = MayDifferInLastBits(ours, c) || MayDifferInLastBits(reference, c);
      if (!SameValue(a[r][c], b[r][c], approximate)) {
        return std::string(ordered ? "" : "(rows sorted, no ORDER BY) ") + "row " +
               std::to_string(r) + " column " + ours.columns[c] + ": Sundial " + Show(a[r]) +
               " vs PostgreSQL " + Show(b[r]);
      }
    }
  }
  return "";
}

std::vector<ScriptStatement> ReadScript(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<ScriptStatement> statements;
  ScriptStatement current;
  std::string line;
  while (std::getline(in, line)) {
    const std::string trimmed = Trim(line);
    if (Trim(current.sql).empty()) {
      if (trimmed.rfind("--", 0) == 0) {
        current.label += (current.label.empty() ? "" : " ") + Trim(trimmed.substr(2));
        continue;
      }
      if (trimmed.empty()) {
        current.label.clear();  // a blank line ends a comment block that labels nothing
        continue;
      }
    }
    current.sql += line + "\n";
    if (!trimmed.empty() && trimmed.back() == ';') {
      current.sql = Trim(current.sql);
      statements.push_back(std::move(current));
      current = ScriptStatement{};
    }
  }
  if (!Trim(current.sql).empty()) throw std::runtime_error(path + " ends inside a statement");
  return statements;
}

}  // namespace sundial::testing
