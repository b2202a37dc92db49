#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace sundial {

// uuid's text forms, as PostgreSQL's uuid_in reads them: 32 hex digits in
// either case, optionally in braces, with a hyphen allowed after any group
// of four digits ("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
// "{a0eebc999c0b4ef8bb6d6bb9bd380a11}", "a0ee-bc99-..."). Returns the
// canonical form uuid_out prints (lowercase, 8-4-4-4-12), or 22P02.
Result<std::string> CanonicalUuidText(std::string_view text);

// The 16 bytes of a canonical uuid text (the binary wire form) and back.
std::string UuidBytes(std::string_view canonical);
std::string UuidTextFromBytes(std::string_view bytes);

}  // namespace sundial
