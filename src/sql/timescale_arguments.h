#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "exec/expression.h"
#include "sql/ast.h"

namespace sundial::sql {

// Whether `function` is a TimescaleDB function whose parameters may be named
// or left out: time_bucket, time_bucket_gapfill, locf, interpolate.
bool HasTimescaleParameters(const std::string& function);

// Puts the bound positional `args` and `named` arguments of such a call in
// the parameter order of the signature they select, filling omitted optional
// parameters with NULL (locf's treat_null_as_missing with false):
//   time_bucket(bucket_width, ts) | (bucket_width, ts, origin) |
//     (bucket_width, ts, "offset") |
//     (bucket_width, ts, timezone [, origin [, "offset"]])
//   time_bucket_gapfill(bucket_width, ts [, start [, finish]]) |
//     (bucket_width, ts, timezone [, start [, finish]])
//   locf(value [, prev [, treat_null_as_missing]])
//   interpolate(value)
// An untyped third argument of time_bucket over timestamptz is a time zone,
// as PostgreSQL's preference for text resolves it in TimescaleDB.
// 42883 for names no signature has; 0A000 for the forms Sundial lacks
// (time_bucket_gapfill with origin, interpolate's prev/next).
// Untyped "offset" and timezone arguments are typed through `coerce` (an
// interval, or the integer type of ts; text), since the other parameters'
// types would otherwise claim them.
using CoerceFunction = std::function<Result<exec::ExprPtr>(exec::ExprPtr, DataType, int position)>;
Status ArrangeTimescaleArguments(const ast::Expr& call,
                                 std::vector<std::pair<std::string, exec::ExprPtr>> named,
                                 std::vector<exec::ExprPtr>& args, std::vector<int>& positions,
                                 const CoerceFunction& coerce);

}  // namespace sundial::sql
