#pragma once

#include <string_view>

namespace sundial::exec {

// SQL LIKE: '%' matches any run of characters, '_' one (UTF-8) character,
// '\' escapes the next pattern character. With case_insensitive (ILIKE),
// ASCII letters compare without case.
bool LikeMatch(std::string_view text, std::string_view pattern, bool case_insensitive);

}  // namespace sundial::exec
