#pragma once

#include <string_view>

namespace sundial {

// jsonb's @> and ? over normalized jsonb text (json_text.h), with
// PostgreSQL's semantics: an object contains another when each of its
// members is contained in the same member of the first; an array contains
// another when each element of the second is contained in some element of
// the first (order and repeats do not matter); scalars contain equal
// scalars (numbers by value); and at the top level only, an array contains
// a scalar that is one of its elements.
bool JsonbContains(std::string_view container, std::string_view contained);

// ?: whether `key` is a member name of the object, a string element of the
// array, or the string itself.
bool JsonbHasKey(std::string_view json, std::string_view key);

}  // namespace sundial
