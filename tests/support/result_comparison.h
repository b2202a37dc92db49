#pragma once

#include <string>
#include <vector>

#include "support/query_runner.h"

namespace sundial::testing {

// True when the statement's outermost SELECT has an ORDER BY, so row order is
// part of the answer; otherwise answers are compared as multisets.
bool HasTopLevelOrderBy(const std::string& sql);

// Empty when `ours` answers like `reference`: same column names, same rows
// (in order when `ordered`), values equal as text or, in float4/float8
// columns, numbers within 1e-9 relative. Otherwise a description of the first difference.
std::string DescribeDifference(const QueryResult& ours, const QueryResult& reference, bool ordered);

// One statement of a query file and the comment lines right above it.
struct ScriptStatement {
  std::string label;
  std::string sql;
};

// Splits a file into statements: a statement ends on a line ending in ';';
// a block of whole-line "--" comments right above a statement labels it.
std::vector<ScriptStatement> ReadScript(const std::string& path);

}  // namespace sundial::testing
