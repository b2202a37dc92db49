#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace sundial {

// json and jsonb text, as PostgreSQL reads and prints them.
//
// json keeps its input text; CheckJsonText only validates it (RFC 8259
// grammar, PostgreSQL's errors: 22P02 "invalid input syntax for type json"
// with a detail, 54001 beyond kMaxJsonDepth nested arrays and objects).
// jsonb is kept as the text jsonb_out prints: keys of an object sorted
// shorter first then bytewise, a repeated key keeping its last value, ", "
// and ": " as separators, strings with \u escapes decoded (\u0000 is 22P05)
// and numbers as numeric prints them (1e2 is 100). Equal jsonb values then
// have equal text.
inline constexpr int kMaxJsonDepth = 4096;

Status CheckJsonText(std::string_view text);
Result<std::string> NormalizeJsonbText(std::string_view text);

// The operators -> and ->> over valid json or jsonb text: the value of an
// object's member `key` (the last one of that name) or of an array's
// element `index` (negative counts from the end), as json text; nullopt
// when there is none.
std::optional<std::string_view> JsonMemberText(std::string_view json, std::string_view key);
std::optional<std::string_view> JsonElementText(std::string_view json, int64_t index);
// The members of a valid object (decoded names, value texts, in order) and
// the elements of a valid array; empty for any other value.
std::vector<std::pair<std::string, std::string_view>> JsonObjectMembers(std::string_view json);
std::vector<std::string_view> JsonArrayElements(std::string_view json);
// ->>: a JSON string's decoded value, nullopt for JSON null, else the text.
std::optional<std::string> JsonValueAsText(std::string_view value);
// jsonb_typeof / json_typeof: "object", "array", "string", "number",
// "boolean" or "null".
std::string_view JsonTypeName(std::string_view value);

}  // namespace sundial
