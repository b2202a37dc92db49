#include "common/numeric.h"
#include "exec/function_catalog.h"
#include "exec/kernel_util.h"

namespace sundial::exec {
namespace {

const DataType kNumeric = DataType::Of(TypeId::kNumeric);
const DataType kInt32 = DataType::Of(TypeId::kInt32);
const DataType kInt64 = DataType::Of(TypeId::kInt64);

// Runs a fallible numeric operation op(row, value) over every non-NULL row; the first
// error (overflow, division by zero) fails the whole call, as in PostgreSQL.
template <typename Op>
Status UnaryNumeric(const ColumnVector& a, size_t n, ColumnVector& out, Op op) {
  const Numeric* x = a.data<Numeric>();
  Numeric* r = out.data<Numeric>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    Result<Numeric> v = op(i, x[i]);
    if (!v.ok()) return v.status();
    r[i] = *v;
  }
  return Status::Ok();
}

template <Result<Numeric> (*F)(const Numeric&, const Numeric&)>
Status Binary(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const Numeric* x = args[0].data<Numeric>();
  const Numeric* y = args[1].data<Numeric>();
  Numeric* r = out.data<Numeric>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    Result<Numeric> v = F(x[i], y[i]);
    if (!v.ok()) return v.status();
    r[i] = *v;
  }
  return Status::Ok();
}

template <Result<Numeric> (*F)(const Numeric&, int)>
Status WithDigits(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const int32_t* digits = args[1].data<int32_t>();
  return UnaryNumeric(args[0], n, out, [&](size_t i, const Numeric& v) { return F(v, digits[i]); });
}

// round(int, n) and trunc(int, n): PostgreSQL has only the numeric forms,
// so an integer argument becomes numeric (round(5, 2) is 5.00), never the
// float8 forms Sundial adds.
template <Result<Numeric> (*F)(const Numeric&, int)>
Status IntegerWithDigits(const ColumnVector* args, size_t n, const EvalContext&,
                         ColumnVector& out) {
  const int64_t* x = args[0].data<int64_t>();
  const int32_t* digits = args[1].data<int32_t>();
  Numeric* r = out.data<Numeric>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    ASSIGN_OR_RETURN(r[i], F(Numeric::FromInt(x[i]), digits[i]));
  }
  return Status::Ok();
}

template <Result<Numeric> (*F)(const Numeric&, int)>
Status ToInteger(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  return UnaryNumeric(args[0], n, out, [](size_t, const Numeric& v) { return F(v, 0); });
}

template <Result<Numeric> (*F)(const Numeric&)>
Status Unary(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  return UnaryNumeric(args[0], n, out, [](size_t, const Numeric& v) { return F(v); });
}

template <Numeric (*F)(const Numeric&)>
Status Total(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  return UnaryNumeric(args[0], n, out,
                      [](size_t, const Numeric& v) -> Result<Numeric> { return F(v); });
}

Numeric Identity(const Numeric& v) {
  return v;
}

// sign() of NaN is NaN; of anything else -1, 0 or 1.
Numeric SignOf(const Numeric& v) {
  if (v.is_nan()) return v;
  return Numeric::FromInt(v.Sign());
}

}  // namespace

void RegisterNumericFunctions(FunctionCatalog& catalog) {
  catalog.AddScalar("+", {kNumeric, kNumeric}, kNumeric, Binary<AddNumeric>);
  catalog.AddScalar("-", {kNumeric, kNumeric}, kNumeric, Binary<SubtractNumeric>);
  catalog.AddScalar("*", {kNumeric, kNumeric}, kNumeric, Binary<MultiplyNumeric>);
  catalog.AddScalar("/", {kNumeric, kNumeric}, kNumeric, Binary<DivideNumeric>);
  catalog.AddScalar("%", {kNumeric, kNumeric}, kNumeric, Binary<ModuloNumeric>);
  catalog.AddScalar("mod", {kNumeric, kNumeric}, kNumeric, Binary<ModuloNumeric>);
  catalog.AddScalar("-", {kNumeric}, kNumeric, Total<NegateNumeric>);
  catalog.AddScalar("+", {kNumeric}, kNumeric, Total<Identity>);
  catalog.AddScalar("abs", {kNumeric}, kNumeric, Total<AbsNumeric>);
  catalog.AddScalar("sign", {kNumeric}, kNumeric, Total<SignOf>);
  catalog.AddScalar("round", {kNumeric}, kNumeric, ToInteger<RoundNumeric>);
  catalog.AddScalar("round", {kNumeric, kInt32}, kNumeric, WithDigits<RoundNumeric>);
  catalog.AddScalar("round", {kInt64, kInt32}, kNumeric, IntegerWithDigits<RoundNumeric>);
  catalog.AddScalar("trunc", {kNumeric}, kNumeric, ToInteger<TruncNumeric>);
  catalog.AddScalar("trunc", {kNumeric, kInt32}, kNumeric, WithDigits<TruncNumeric>);
  catalog.AddScalar("trunc", {kInt64, kInt32}, kNumeric, IntegerWithDigits<TruncNumeric>);
  catalog.AddScalar("ceil", {kNumeric}, kNumeric, Unary<CeilNumeric>);
  catalog.AddScalar("ceiling", {kNumeric}, kNumeric, Unary<CeilNumeric>);
  catalog.AddScalar("floor", {kNumeric}, kNumeric, Unary<FloorNumeric>);
}

}  // namespace sundial::exec
