#pragma once

#include <string>

#include "common/status.h"

namespace sundial::sql {

// How deeply a statement may nest, counted in parse-tree levels (each
// operator, parenthesis, function call or CASE is at least one) and again in
// levels of bound expression. Parsing, building the AST, binding, folding,
// evaluating, describing and destroying an expression all recurse over it, so
// this bound is what keeps a worker thread's stack from overflowing on
// machine-written SQL: binding, the deepest of those recursions, takes about
// 1 KiB of stack per level, well within the 8 MiB a worker thread gets. It
// admits what people and tools write (sums of a thousand terms and more; IN
// and VALUES lists of any length are flat).
inline constexpr int kMaxNestingDepth = 3000;

// The other half of the bound, PostgreSQL's own: recursion also stops when
// the calling thread has less than this much stack left, measured from the
// thread's real stack bounds. The level count keeps results the same on
// every machine; this keeps a build with larger frames (sanitizers, debug)
// or a thread with a smaller stack from overflowing before the count is hit.
inline constexpr size_t kStackReserveBytes = size_t{1} << 20;
bool StackNearlyExhausted();

// PostgreSQL's answer to over-deep input (SQLSTATE 54001).
inline Status NestingTooDeep() {
  return Status::Error(ErrorCode::kStatementTooComplex, "stack depth limit exceeded")
      .WithHint("Statements may nest at most " + std::to_string(kMaxNestingDepth) +
                " levels deep; write long chains of AND/OR as IN lists or split the statement.");
}

}  // namespace sundial::sql
