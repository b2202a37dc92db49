#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "common/array_text.h"
#include "exec/cast.h"
#include "exec/expression.h"
#include "exec/function_registry.h"
#include "exec/like_matcher.h"
#include "exec/subquery_results.h"
#include "exec/time_math.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

ColumnVector NewBoolVector(size_t n) {
  ColumnVector out(DataType::Of(TypeId::kBool), std::max<size_t>(n, 1));
  out.SetSize(n);
  return out;
}

// The rows `sel` of `input` as a chunk of their own.
DataChunk GatherChunk(const DataChunk& input, const uint32_t* sel, size_t n) {
  DataChunk out;
  out.row_count_without_columns = n;
  out.columns.reserve(input.columns.size());
  for (const ColumnVector& column : input.columns)
    out.columns.push_back(GatherRows(column, sel, n));
  return out;
}

template <typename T>
bool ValuesEqual(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    // PostgreSQL treats NaN as equal to itself.
    return a == b || (a != a && b != b);
  } else if constexpr (std::is_same_v<T, Interval>) {
    return IntervalSortKey(a) == IntervalSortKey(b);
  } else if constexpr (std::is_same_v<T, Numeric>) {
    return CompareNumeric(a, b) == 0;  // 1.5 = 1.50
  } else {
    return a == b;
  }
}

Status EvaluateCall(const Expr& expr, const DataChunk& input, const EvalContext& context,
                    ColumnVector& out) {
  const ScalarFunction* function = expr.function;
  if (function == nullptr || function->kernel == nullptr) {
    return Status::Error(ErrorCode::kInternal, "call expression without a function");
  }
  size_t n = input.size();
  std::vector<ColumnVector> args(expr.args.size());
  for (size_t i = 0; i < expr.args.size(); ++i) {
    RETURN_IF_ERROR(Evaluate(*expr.args[i], input, context, args[i]));
  }
  ColumnVector result(expr.type, std::max<size_t>(n, 1));
  result.SetSize(n);
  if (function->strict) {
    for (const ColumnVector& arg : args)
      PropagateNulls(arg, n, result);
  }
  RETURN_IF_ERROR(function->kernel(args.data(), n, context, result));
  out = std::move(result);
  return Status::Ok();
}

// SQL three-valued AND / OR over bool vectors.
Status EvaluateLogic(const Expr& expr, const DataChunk& input, const EvalContext& context,
                     ColumnVector& out) {
  size_t n = input.size();
  bool is_and = expr.kind == ExprKind::kAnd;
  // decided[i]: a false (AND) / true (OR) operand was seen; unknown[i]: a NULL was.
  std::vector<uint8_t> decided(n, 0);
  std::vector<uint8_t> unknown(n, 0);
  for (const ExprPtr& arg : expr.args) {
    ColumnVector value;
    RETURN_IF_ERROR(Evaluate(*arg, input, context, value));
    const uint8_t* v = value.data<uint8_t>();
    uint8_t decisive = is_and ? 0 : 1;
    if (!value.MayHaveNulls()) {
      for (size_t i = 0; i < n; ++i)
        decided[i] |= (v[i] != 0) == decisive;
    } else {
      for (size_t i = 0; i < n; ++i) {
        bool is_null = value.IsNull(i);
        unknown[i] |= is_null;
        decided[i] |= !is_null && (v[i] != 0) == decisive;
      }
    }
  }
  ColumnVector result = NewBoolVector(n);
  uint8_t* r = result.data<uint8_t>();
  for (size_t i = 0; i < n; ++i) {
    r[i] = is_and ? !decided[i] : decided[i];
    if (unknown[i] && !decided[i]) result.SetNull(i, true);
  }
  out = std::move(result);
  return Status::Ok();
}

Status EvaluateNot(const Expr& expr, const DataChunk& input, const EvalContext& context,
                   ColumnVector& out) {
  size_t n = input.size();
  ColumnVector value;
  RETURN_IF_ERROR(Evaluate(*expr.args[0], input, context, value));
  ColumnVector result = NewBoolVector(n);
  PropagateNulls(value, n, result);
  const uint8_t* v = value.data<uint8_t>();
  uint8_t* r = result.data<uint8_t>();
  for (size_t i = 0; i < n; ++i)
    r[i] = v[i] == 0;
  out = std::move(result);
  return Status::Ok();
}

Status EvaluateIsNull(const Expr& expr, const DataChunk& input, const EvalContext& context,
                      ColumnVector& out) {
  size_t n = input.size();
  ColumnVector value;
  RETURN_IF_ERROR(Evaluate(*expr.args[0], input, context, value));
  ColumnVector result = NewBoolVector(n);
  uint8_t* r = result.data<uint8_t>();
  for (size_t i = 0; i < n; ++i)
    r[i] = value.IsNull(i) != expr.negated;
  out = std::move(result);
  return Status::Ok();
}

Status EvaluateInList(const Expr& expr, const DataChunk& input, const EvalContext& context,
                      ColumnVector& out) {
  size_t n = input.size();
  ColumnVector probe;
  RETURN_IF_ERROR(Evaluate(*expr.args[0], input, context, probe));
  std::vector<uint8_t> found(n, 0);
  std::vector<uint8_t> saw_null(n, 0);
  for (size_t k = 1; k < expr.args.size(); ++k) {
    ColumnVector item;
    RETURN_IF_ERROR(Evaluate(*expr.args[k], input, context, item));
    if (item.type().id != probe.type().id) {
      ColumnVector cast;
      RETURN_IF_ERROR(CastVector(item, n, probe.type(), context, cast));
      item = std::move(cast);
    }
    DispatchPhysical(probe.type().id, [&](auto tag) {
      using T = decltype(tag);
      const T* a = probe.data<T>();
      const T* b = item.data<T>();
      if (!item.MayHaveNulls()) {
        for (size_t i = 0; i < n; ++i)
          found[i] |= ValuesEqual(a[i], b[i]);
        return;
      }
      for (size_t i = 0; i < n; ++i) {
        bool is_null = item.IsNull(i);
        saw_null[i] |= is_null;
        found[i] |= !is_null && ValuesEqual(a[i], b[i]);
      }
    });
  }
  // x IN (..., NULL) is NULL rather than false when nothing matched.
  ColumnVector result = NewBoolVector(n);
  uint8_t* r = result.data<uint8_t>();
  for (size_t i = 0; i < n; ++i) {
    r[i] = (found[i] != 0) != expr.negated;
    if (!found[i] && saw_null[i]) result.SetNull(i, true);
  }
  PropagateNulls(probe, n, result);
  out = std::move(result);
  return Status::Ok();
}

// Writes src[k] into out[rows[k]].
void Scatter(const ColumnVector& src, const uint32_t* rows, size_t count, ColumnVector& out) {
  DispatchPhysical(out.type().id, [&](auto tag) {
    using T = decltype(tag);
    const T* s = src.data<T>();
    T* d = out.data<T>();
    for (size_t k = 0; k < count; ++k)
      d[rows[k]] = s[k];
  });
  for (size_t k = 0; k < count; ++k)
    out.SetNull(rows[k], src.IsNull(k));
  if (HasStringHeap(out.type().id)) out.KeepStringsOf(src);
}

// CASE evaluates each branch only on the rows that reach it, so that
// `CASE WHEN x <> 0 THEN 1 / x END` never divides by zero.
Status EvaluateCase(const Expr& expr, const DataChunk& input, const EvalContext& context,
                    ColumnVector& out) {
  size_t n = input.size();
  ColumnVector result(expr.type, std::max<size_t>(n, 1));
  result.SetSize(n);
  for (size_t i = 0; i < n; ++i)
    result.SetNull(i, true);
  std::vector<uint32_t> remaining(n);
  std::iota(remaining.begin(), remaining.end(), 0);
  size_t pairs = (expr.args.size() - (expr.has_else ? 1 : 0)) / 2;

  auto evaluate_on = [&](const Expr& e, const std::vector<uint32_t>& rows,
                         ColumnVector& value) -> Status {
    if (rows.size() == n) return Evaluate(e, input, context, value);
    DataChunk subset = GatherChunk(input, rows.data(), rows.size());
    return Evaluate(e, subset, context, value);
  };
  auto assign = [&](const Expr& e, const std::vector<uint32_t>& rows) -> Status {
    if (rows.empty()) return Status::Ok();
    ColumnVector value;
    RETURN_IF_ERROR(evaluate_on(e, rows, value));
    if (value.type().id != expr.type.id) {
      ColumnVector cast;
      RETURN_IF_ERROR(CastVector(value, rows.size(), expr.type, context, cast));
      value = std::move(cast);
    }
    Scatter(value, rows.data(), rows.size(), result);
    return Status::Ok();
  };

  std::vector<uint32_t> sel(n);
  for (size_t p = 0; p < pairs && !remaining.empty(); ++p) {
    ColumnVector condition;
    RETURN_IF_ERROR(evaluate_on(*expr.args[2 * p], remaining, condition));
    size_t hits = SelectTrue(condition, remaining.size(), sel.data());
    if (hits == 0) continue;
    std::vector<uint32_t> matched(hits);
    std::vector<uint32_t> rest;
    rest.reserve(remaining.size() - hits);
    size_t next = 0;
    for (size_t k = 0; k < remaining.size(); ++k) {
      if (next < hits && sel[next] == k) {
        matched[next++] = remaining[k];
      } else {
        rest.push_back(remaining[k]);
      }
    }
    RETURN_IF_ERROR(assign(*expr.args[2 * p + 1], matched));
    remaining = std::move(rest);
  }
  if (expr.has_else) RETURN_IF_ERROR(assign(*expr.args.back(), remaining));
  out = std::move(result);
  return Status::Ok();
}

Status EvaluateLike(const Expr& expr, const DataChunk& input, const EvalContext& context,
                    ColumnVector& out) {
  size_t n = input.size();
  ColumnVector text;
  ColumnVector pattern;
  RETURN_IF_ERROR(Evaluate(*expr.args[0], input, context, text));
  RETURN_IF_ERROR(Evaluate(*expr.args[1], input, context, pattern));
  ColumnVector result = NewBoolVector(n);
  PropagateNulls(text, n, result);
  PropagateNulls(pattern, n, result);
  const auto* t = text.data<std::string_view>();
  const auto* p = pattern.data<std::string_view>();
  uint8_t* r = result.data<uint8_t>();
  for (size_t i = 0; i < n; ++i) {
    r[i] = LikeMatch(t[i], p[i], expr.case_insensitive) != expr.negated;
  }
  out = std::move(result);
  return Status::Ok();
}

// ARRAY[a, b, ...]: each row's arguments, NULLs included, as one array.
Status EvaluateArray(const Expr& expr, const DataChunk& input, const EvalContext& context,
                     ColumnVector& out) {
  const size_t n = input.size();
  std::vector<ColumnVector> elements(expr.args.size());
  for (size_t k = 0; k < expr.args.size(); ++k)
    RETURN_IF_ERROR(Evaluate(*expr.args[k], input, context, elements[k]));
  ColumnVector result(expr.type, std::max<size_t>(n, 1));
  result.SetSize(n);
  const DataType element_type = expr.type.ElementType();
  std::string text;
  for (size_t i = 0; i < n; ++i) {
    ColumnVector row(element_type, std::max<size_t>(elements.size(), 1));
    for (const ColumnVector& e : elements)
      row.AppendFrom(e, i);
    text.clear();
    FormatArrayText(row, row.size(), context.time_zone, text);
    result.data<std::string_view>()[i] = result.AddString(text);
  }
  out = std::move(result);
  return Status::Ok();
}

}  // namespace

Status Evaluate(const Expr& expr, const DataChunk& input, const EvalContext& context,
                ColumnVector& out) {
  size_t n = input.size();
  switch (expr.kind) {
    case ExprKind::kColumnRef:
      if (expr.column < 0 || static_cast<size_t>(expr.column) >= input.columns.size()) {
        return Status::Error(ErrorCode::kInternal,
                             "column reference $" + std::to_string(expr.column) + " out of range");
      }
      out = input.columns[expr.column];
      return Status::Ok();
    case ExprKind::kConstant:
      out = ConstantVector(expr.constant, expr.type, n);
      return Status::Ok();
    case ExprKind::kCall:
      return EvaluateCall(expr, input, context, out);
    case ExprKind::kCast: {
      ColumnVector value;
      RETURN_IF_ERROR(Evaluate(*expr.args[0], input, context, value));
      return CastVector(value, n, expr.type, context, out);
    }
    case ExprKind::kAnd:
    case ExprKind::kOr:
      return EvaluateLogic(expr, input, context, out);
    case ExprKind::kNot:
      return EvaluateNot(expr, input, context, out);
    case ExprKind::kIsNull:
      return EvaluateIsNull(expr, input, context, out);
    case ExprKind::kInList:
      return EvaluateInList(expr, input, context, out);
    case ExprKind::kCase:
      return EvaluateCase(expr, input, context, out);
    case ExprKind::kLike:
      return EvaluateLike(expr, input, context, out);
    case ExprKind::kSubquery:
      if (expr.subquery_kind == SubqueryKind::kIn) {
        return EvaluateInSubquery(expr, input, context, out);
      }
      return EvaluateSubqueryValue(expr, input, context, out);
    case ExprKind::kOuterParam:
      if (context.outer_values == nullptr ||
          static_cast<size_t>(expr.column) >= context.outer_values->size()) {
        return Status::Error(ErrorCode::kInternal, "outer value read outside its subquery");
      }
      out = ConstantVector((*context.outer_values)[expr.column], expr.type, n);
      return Status::Ok();
    case ExprKind::kArray:
      return EvaluateArray(expr, input, context, out);
    case ExprKind::kOuterColumnRef:
    case ExprKind::kParameter:
      break;
  }
  return Status::Error(ErrorCode::kInternal, "unknown expression kind");
}

}  // namespace sundial::exec
