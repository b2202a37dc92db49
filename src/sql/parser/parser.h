#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "sql/ast.h"

namespace sundial::sql {

// Parses a query string holding zero or more ';'-separated statements (a
// simple-protocol Query). Comments and empty statements are skipped, so
// "-- ping" and ";" give an empty list. Syntax errors are kSyntaxError with
// PostgreSQL's message shape (`syntax error at or near "FORM"`, `syntax error
// at end of input`) and position() set to the 1-based offset of the offending
// token in `sql`. Constructs the grammar recognises but Sundial does not
// support are kFeatureNotSupported naming the construct.
Result<std::vector<std::unique_ptr<ast::Statement>>> ParseSql(std::string_view sql);

}  // namespace sundial::sql
