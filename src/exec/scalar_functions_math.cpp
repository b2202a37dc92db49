#include <cmath>

#include "exec/function_catalog.h"
#include "exec/kernel_util.h"

namespace sundial::exec {
namespace {

const DataType kFloat64 = DataType::Of(TypeId::kFloat64);
const DataType kInt32 = DataType::Of(TypeId::kInt32);

template <double (*F)(double)>
Status Apply(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  UnaryLoop<double, double>(args[0], n, out, F);
  return Status::Ok();
}

// PostgreSQL's round(float8) is rint(): halves go to the even neighbour.
double RoundHalfEven(double v) {
  return std::nearbyint(v);
}
double Floor(double v) {
  return std::floor(v);
}
double Ceil(double v) {
  return std::ceil(v);
}
double Trunc(double v) {
  return std::trunc(v);
}

Status RoundDigits(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  BinaryLoop<double, int32_t, double>(args[0], args[1], n, out, [](double v, int32_t digits) {
    double scale = std::pow(10.0, digits);
    return std::round(v * scale) / scale;
  });
  return Status::Ok();
}

Status Sqrt(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  bool ok = CheckedUnaryLoop<double, double>(args[0], n, out, [](double v, double& r) {
    r = std::sqrt(v);
    return !(v < 0);
  });
  if (ok) return Status::Ok();
  return Status::Error(ErrorCode::kInvalidParameterValue,
                       "cannot take square root of a negative number");
}

Status CheckLogArgument(const ColumnVector& arg, size_t n, const ColumnVector& out) {
  const double* v = arg.data<double>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    if (v[i] == 0) {
      return Status::Error(ErrorCode::kInvalidParameterValue, "cannot take logarithm of zero");
    }
    if (v[i] < 0) {
      return Status::Error(ErrorCode::kInvalidParameterValue,
                           "cannot take logarithm of a negative number");
    }
  }
  return Status::Ok();
}

template <double (*F)(double)>
Status Logarithm(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  RETURN_IF_ERROR(CheckLogArgument(args[0], n, out));
  UnaryLoop<double, double>(args[0], n, out, F);
  return Status::Ok();
}

double NaturalLog(double v) {
  return std::log(v);
}
double DecimalLog(double v) {
  return std::log10(v);
}

Status Exp(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  bool ok = CheckedUnaryLoop<double, double>(args[0], n, out, [](double v, double& r) {
    r = std::exp(v);
    return !std::isinf(r) || std::isinf(v);
  });
  if (ok) return Status::Ok();
  return Status::Error(ErrorCode::kNumericValueOutOfRange, "value out of range: overflow");
}

Status Power(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const double* base = args[0].data<double>();
  const double* exponent = args[1].data<double>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    if (base[i] == 0 && exponent[i] < 0) {
      return Status::Error(ErrorCode::kInvalidParameterValue,
                           "zero raised to a negative power is undefined");
    }
    if (base[i] < 0 && std::floor(exponent[i]) != exponent[i]) {
      return Status::Error(
          ErrorCode::kInvalidParameterValue,
          "a negative number raised to a non-integer power yields a complex result");
    }
  }
  BinaryLoop<double, double, double>(args[0], args[1], n, out,
                                     [](double b, double e) { return std::pow(b, e); });
  return Status::Ok();
}

Status Pi(const ColumnVector*, size_t n, const EvalContext&, ColumnVector& out) {
  double* r = out.data<double>();
  for (size_t i = 0; i < n; ++i)
    r[i] = M_PI;
  return Status::Ok();
}

}  // namespace

void RegisterMathFunctions(FunctionCatalog& catalog) {
  // round(2.5) of a decimal literal (numeric in PostgreSQL, rounding half
  // away from zero) is folded from the literal's text by the binder.
  catalog.AddScalar("round", {kFloat64}, kFloat64, Apply<RoundHalfEven>);
  catalog.AddScalar("round", {kFloat64, kInt32}, kFloat64, RoundDigits);
  catalog.AddScalar("floor", {kFloat64}, kFloat64, Apply<Floor>);
  catalog.AddScalar("ceil", {kFloat64}, kFloat64, Apply<Ceil>);
  catalog.AddScalar("ceiling", {kFloat64}, kFloat64, Apply<Ceil>);
  catalog.AddScalar("trunc", {kFloat64}, kFloat64, Apply<Trunc>);
  catalog.AddScalar("sqrt", {kFloat64}, kFloat64, Sqrt);
  catalog.AddScalar("ln", {kFloat64}, kFloat64, Logarithm<NaturalLog>);
  catalog.AddScalar("log", {kFloat64}, kFloat64, Logarithm<DecimalLog>);
  catalog.AddScalar("log10", {kFloat64}, kFloat64, Logarithm<DecimalLog>);
  catalog.AddScalar("exp", {kFloat64}, kFloat64, Exp);
  catalog.AddScalar("power", {kFloat64, kFloat64}, kFloat64, Power);
  catalog.AddScalar("pow", {kFloat64, kFloat64}, kFloat64, Power);
  catalog.AddScalar("pi", {}, kFloat64, Pi);
}

}  // namespace sundial::exec
