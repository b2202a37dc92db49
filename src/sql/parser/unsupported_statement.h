#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sundial::sql::parser_internal {

// Names the statement ("CREATE INDEX", "UPDATE") when `words`, the first few
// tokens of a statement lower-cased, begin a PostgreSQL statement that the
// grammar does not cover at all; nullopt when the grammar should parse it
// (and report a syntax error if it is malformed).
std::optional<std::string> UnsupportedStatementName(const std::vector<std::string_view>& words);

}  // namespace sundial::sql::parser_internal
