#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace sundial {

// bytea's text input, as PostgreSQL's byteain reads it: "\x" then pairs of
// hex digits (whitespace between pairs allowed), or the escape format where
// "\\" is a backslash and "\ooo" an octal byte. Returns the raw bytes;
// 22023 for a bad hex digit or an odd count, 22P02 for a bad escape.
Result<std::string> ParseByteaText(std::string_view text);
// byteaout with bytea_output = hex: "\x" and two lowercase digits a byte.
void FormatByteaText(std::string_view bytes, std::string& out);

}  // namespace sundial
