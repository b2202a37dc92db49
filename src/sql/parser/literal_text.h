#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

// Turns the spelling of identifier and string tokens into their values.
namespace sundial::sql::parser_internal {

// Unquoted identifiers fold to lower case (ASCII only, as PostgreSQL does for
// UTF-8); "Quoted" ones keep their case and "" stands for one quote.
std::string FoldIdentifier(std::string_view token_text, bool quoted);

// '...' with '' for a quote.
std::string UnquoteString(std::string_view token_text);

// E'...': backslash escapes \b \f \n \r \t, octal \ooo, hex \xhh, Unicode
// \uXXXX and \UXXXXXXXX; any other escaped character stands for itself.
Result<std::string> UnescapeExtendedString(std::string_view token_text);

// $tag$...$tag$
std::string UnquoteDollarString(std::string_view token_text);

}  // namespace sundial::sql::parser_internal
