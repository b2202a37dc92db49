#include "sql/parser/unsupported_statement.h"

#include <algorithm>
#include <array>

namespace sundial::sql::parser_internal {
namespace {

// Statements recognised by their first word alone.
constexpr std::array<std::string_view, 18> kSingleWordStatements = {
    "merge",   "grant",   "revoke",  "vacuum",   "analyze",  "analyse",
    "do",      "listen",  "notify",  "unlisten", "lock",     "discard",
    "comment", "reindex", "cluster", "refresh",  "security", "import",
};

// Words between CREATE and the object kind that do not change which statement it is.
constexpr std::array<std::string_view, 6> kCreateModifiers = {"or",     "replace", "unique",
                                                              "global", "local",   "concurrently"};

// Object kinds of CREATE / ALTER / DROP; any other word after the verb is a syntax error.
constexpr std::array<std::string_view, 37> kObjectKinds = {
    "table",      "index",     "view",        "materialized", "function",   "procedure",
    "schema",     "extension", "database",    "role",         "user",       "group",
    "sequence",   "type",      "trigger",     "rule",         "aggregate",  "operator",
    "domain",     "policy",    "publication", "subscription", "tablespace", "server",
    "foreign",    "event",     "collation",   "conversion",   "language",   "cast",
    "statistics", "text",      "access",      "transform",    "unlogged",   "temp",
    "temporary",
};

std::string Upper(std::string_view word) {
  std::string out(word);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

template <size_t N>
bool Contains(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// "CREATE MATERIALIZED VIEW", "DROP INDEX", ... from the words after the verb.
std::optional<std::string> ObjectStatementName(std::string_view verb,
                                               const std::vector<std::string_view>& words,
                                               size_t object) {
  if (object >= words.size() || !Contains(kObjectKinds, words[object])) return std::nullopt;
  std::string name = Upper(verb);
  const std::string_view kind = words[object];
  if (kind == "temp" || kind == "temporary") {
    const bool named = object + 1 < words.size() &&
                       (words[object + 1] == "sequence" || words[object + 1] == "view");
    return name + " TEMPORARY " + (named ? Upper(words[object + 1]) : std::string("TABLE"));
  }
  name += " " + Upper(kind);
  if ((kind == "materialized" || kind == "foreign" || kind == "event" || kind == "unlogged") &&
      object + 1 < words.size()) {
    name += " " + Upper(words[object + 1]);
  }
  return name;
}

}  // namespace

std::optional<std::string> UnsupportedStatementName(const std::vector<std::string_view>& words) {
  if (words.empty()) return std::nullopt;
  const std::string_view first = words[0];
  const std::string_view second = words.size() > 1 ? words[1] : std::string_view();
  if (Contains(kSingleWordStatements, first)) {
    if (first == "refresh") return std::string("REFRESH MATERIALIZED VIEW");
    if (first == "security") return std::string("SECURITY LABEL");
    if (first == "import") return std::string("IMPORT FOREIGN SCHEMA");
    return Upper(first);
  }
  if (first == "create") {
    size_t object = 1;
    while (object < words.size() && Contains(kCreateModifiers, words[object]))
      ++object;
    if (object == 1 && second == "table") return std::nullopt;
    if (object < words.size() &&
        (words[object] == "view" || words[object] == "materialized" || words[object] == "index" ||
         (object == 1 && words[object] == "sequence"))) {
      return std::nullopt;
    }
    return ObjectStatementName(first, words, object);
  }
  if (first == "drop") {
    if (second == "table" || second == "view" || second == "materialized" || second == "index" ||
        second == "sequence") {
      return std::nullopt;
    }
    return ObjectStatementName(first, words, 1);
  }
  if (first == "alter") {
    if (second == "table" || second == "materialized" || second == "sequence") return std::nullopt;
    return ObjectStatementName(first, words, 1);
  }
  if (first == "set") {
    if (second == "transaction") return std::string("SET TRANSACTION");
    if (second == "constraints") return std::string("SET CONSTRAINTS");
    if (second == "role") return std::string("SET ROLE");
    if (second == "session" && words.size() > 2 && words[2] == "authorization") {
      return std::string("SET SESSION AUTHORIZATION");
    }
    return std::nullopt;
  }
  if ((first == "commit" || first == "rollback") && second == "prepared") {
    return Upper(first) + " PREPARED";
  }
  if (first == "table") return std::string("TABLE");
  return std::nullopt;
}

}  // namespace sundial::sql::parser_internal
