#pragma once

#include <string>
#include <string_view>

namespace sundial {

// PostgreSQL's quote_ident: `s` in double quotes (inner ones doubled) unless
// it is a lower-case identifier that is not a keyword, so the result reads
// back as the same name.
std::string QuoteIdent(std::string_view s);

}  // namespace sundial
