#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "common/types.h"
#include "exec/function_registry.h"

namespace sundial::exec {

// One ordering key of a collecting aggregate: a column of the collected rows.
struct CollectedOrder {
  size_t column = 0;
  bool descending = false;
  bool nulls_first = false;
};

// An aggregate whose result depends on the whole set of its input rows:
// f(DISTINCT ...), f(... ORDER BY ...). Its state collects the rows (the
// inner function's arguments, then any extra ORDER BY columns) and
// serializes them, so partial states spill and combine exactly; Finalize
// sorts the rows, drops duplicates for DISTINCT (NULLs equal, -0 = 0) and
// feeds them to `inner` in that order. `order` lists the sort keys; DISTINCT
// sorts by them and then by every argument.
std::shared_ptr<const AggregateFunction> MakeCollectingAggregate(
    const AggregateFunction& inner, std::vector<DataType> extra_columns,
    std::vector<CollectedOrder> order, bool distinct);

enum class OrderedSetKind : uint8_t { kPercentileCont, kPercentileDisc, kMode };

// percentile_cont(fraction) / percentile_disc(fraction) / mode() WITHIN
// GROUP (ORDER BY x): one argument, x of `type` (float8 or interval for
// percentile_cont), NULLs ignored, sorted by `order`. An unset fraction is a
// NULL direct argument (the result is NULL); one outside [0, 1] fails at
// finalization with 22003, as in PostgreSQL.
std::shared_ptr<const AggregateFunction> MakeOrderedSetAggregate(OrderedSetKind kind, DataType type,
                                                                 CollectedOrder order,
                                                                 std::optional<double> fraction);

}  // namespace sundial::exec
