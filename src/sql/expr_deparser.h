#pragma once

#include <string>

#include "common/status.h"
#include "sql/ast.h"

namespace sundial::sql {

// SQL text for a constant expression (literals, casts, operators, function
// calls), fully parenthesised, such that parsing "SELECT <text>" gives the
// same expression back. Used to store DEFAULT expressions.
Result<std::string> DeparseExpr(const ast::Expr& expr);

}  // namespace sundial::sql
