#pragma once

#include <string_view>

namespace sundial {

// Server log lines on stderr, for conditions that do not fail the operation
// that met them but that an operator should see (e.g. leftover files that the
// next start removes). Thread-safe.
void LogWarning(std::string_view message);
void LogInfo(std::string_view message);

}  // namespace sundial
