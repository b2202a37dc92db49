#pragma once

#include <string_view>

#include "common/types.h"
#include "common/value.h"

namespace sundial::exec {

// PostgreSQL's order of two non-NULL values of one array element type (NaN
// above every other float, text by bytes).
int CompareArrayElements(const Value& a, const Value& b);

// PostgreSQL's order of two arrays of type `array` (canonical text, see
// common/array_text.h): element by element, a NULL element after any value, then the
// shorter array first.
int CompareArrayTexts(std::string_view a, std::string_view b, DataType array);

}  // namespace sundial::exec
