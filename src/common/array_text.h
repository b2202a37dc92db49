#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "common/time_zone.h"
#include "common/types.h"

namespace sundial {

// One-dimensional arrays in PostgreSQL's text form, which is also how an
// array value is held in a vector (see types.h): '{}' is empty, elements are
// separated by commas, NULL is an unquoted NULL, and an element is quoted
// (with \" and \\ escaped) when it is empty, spells NULL, or holds a brace,
// comma, quote, backslash or white space.

// One element's text, or nullopt for NULL.
using ArrayElement = std::optional<std::string>;

// Splits array text into its elements, unescaped. 22P02 "malformed array
// literal" for anything that is not a one-dimensional array; 0A000 for
// several dimensions or explicit bounds ('[0:1]={...}').
Result<std::vector<ArrayElement>> SplitArrayText(std::string_view text);

// Appends one element as it appears inside array text (quoted if needed;
// nullopt as NULL).
void AppendArrayElement(const ArrayElement& element, std::string& out);

// The canonical text of an array with these elements.
std::string FormatArrayText(const std::vector<ArrayElement>& elements);
// The canonical text of the array of the first `count` values of `elements`
// (NULLs included), appended to `out`.
void FormatArrayText(const ColumnVector& elements, size_t count, const TimeZone& zone,
                     std::string& out);

// Reads array input text for arrays of `type` and returns its canonical
// text: each element goes through the element type's input function and
// comes back in its output form (so '{ 1, 02 }'::int[] is '{1,2}').
Result<std::string> CanonicalArrayText(std::string_view text, DataType type, const TimeZone& zone);

}  // namespace sundial
