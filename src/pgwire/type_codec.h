#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/column_vector.h"
#include "common/status.h"
#include "common/time_zone.h"
#include "common/types.h"
#include "common/value.h"

namespace sundial::pgwire {

// Format codes of Bind parameters and results.
inline constexpr int16_t kTextFormat = 0;
inline constexpr int16_t kBinaryFormat = 1;

// A Bind parameter value (nullopt: NULL) in `format` read as `type`. Text is
// read by the type's input function in `zone` (22P02 and friends on bad
// text); binary follows PostgreSQL's send formats (common/value_binary.h;
// 22P03 when the bytes do not fit the type).
Result<Value> DecodeParameter(const std::optional<std::string>& bytes, int16_t format,
                              DataType type, const TimeZone& zone);

}  // namespace sundial::pgwire
