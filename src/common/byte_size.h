#pragma once

#include <cstddef>
#include <string_view>

#include "common/status.h"

namespace sundial {

// A size as an operator writes it on a command line: a non-negative integer
// with an optional unit, B, kB/KB/KiB/K, MB/MiB/M, GB/GiB/G or TB/TiB/T
// (case-insensitive; every unit is a power of 1024, as PostgreSQL's memory
// settings count). kInvalidParameterValue names the text when it is not one.
Result<size_t> ParseByteSize(std::string_view text);

}  // namespace sundial
