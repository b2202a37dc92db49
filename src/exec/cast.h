#pragma once

#include "common/column_vector.h"
#include "common/status.h"
#include "common/types.h"
#include "exec/expression.h"

namespace sundial::exec {

// Converts the first `n` values of `in` to `target` into a fresh vector
// `out` (or shares `in` when the representation does not change). NULLs
// stay NULL. Errors as PostgreSQL's casts report them: 22003 for values out
// of the target's range, 22P02/22007 for unparsable text.
Status CastVector(const ColumnVector& in, size_t n, DataType target, const EvalContext& context,
                  ColumnVector& out);

// "integer out of range" and its siblings, named by the integer type.
Status IntegerOutOfRange(TypeId id);

}  // namespace sundial::exec
