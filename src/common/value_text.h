#pragma once

#include <string>
#include <string_view>

#include "common/column_vector.h"
#include "common/status.h"
#include "common/time_zone.h"
#include "common/types.h"
#include "common/value.h"

namespace sundial {

// Text I/O for every type, as PostgreSQL's input/output functions behave.
// Used by casts from text, COPY FROM, INSERT literals and the text wire format.

// The common case of float8 input, fast: a plain decimal ("42", "-3.25",
// ".5") with at most 15 significant and 15 fraction digits. Returns false for
// anything else (spaces, exponents, more digits, inf/nan, errors), which
// ParseTextInto then handles; when true, `out` equals what it would store.
bool ParseShortDecimal(std::string_view text, double& out);

// Parses `text` as `type` and stores it in row `row` of `out` (not null).
// Errors: kInvalidTextRepresentation (22P02) for numbers and booleans, e.g.
// `invalid input syntax for type double precision: "abc"`; datetime errors as
// in datetime.h; kNumericValueOutOfRange for overflow;
// kStringDataRightTruncation when text exceeds varchar(n).
Status ParseTextInto(std::string_view text, DataType type, const TimeZone& zone, ColumnVector& out,
                     size_t row);
Result<Value> ParseTextValue(std::string_view text, DataType type, const TimeZone& zone);

// Appends the text form of row `row` of `in` (must not be null) to `out`.
// Doubles are printed shortest-round-trip as PostgreSQL 15 does ("0.1",
// "1e+300", "1.234e-06", "Infinity", "NaN"); booleans as "t"/"f".
void FormatText(const ColumnVector& in, size_t row, const TimeZone& zone, std::string& out);
std::string FormatValue(const Value& value, const TimeZone& zone);  // "NULL"-free: null gives ""

void FormatFloat64(double v, std::string& out);
void FormatFloat32(float v, std::string& out);

}  // namespace sundial
