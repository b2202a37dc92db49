#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "sql/ast.h"
#include "sql/copy_parser.h"

namespace sundial::sql {

// The options of one COPY statement, checked as PostgreSQL 15 checks them.
struct CopyOptions {
  CopyFormat format;  // text and CSV details; ignored when binary
  bool binary = false;
  // FORCE_QUOTE (COPY TO, CSV): every column, or the named ones.
  bool force_quote_all = false;
  std::vector<std::string> force_quote;
  // FORCE_NOT_NULL / FORCE_NULL (COPY FROM, CSV): the named columns read a
  // NULL field as the null string, or a field equal to it as NULL.
  std::vector<std::string> force_not_null;
  std::vector<std::string> force_null;
};

// Reads `copy.options` for a COPY FROM (`is_from`) or TO, with PostgreSQL's
// errors: 42601 for unknown, repeated or mode-conflicting options, 22023 for
// bad values, 0A000 for what only the other direction or format allows.
Result<CopyOptions> ParseCopyOptions(const ast::CopyStmt& copy, bool is_from);

}  // namespace sundial::sql
