#include <charconv>
#include <cmath>
#include <string>

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
  return Status::Error(ErrorCode::kInvalidPowerArgument,
                       "cannot take square root of a negative number");
}

Status CheckLogArgument(const ColumnVector& arg, size_t n, const ColumnVector& out) {
  const double* v = arg.data<double>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    if (v[i] == 0) {
      return Status::Error(ErrorCode::kInvalidLogArgument, "cannot take logarithm of zero");
    }
    if (v[i] < 0) {
      return Status::Error(ErrorCode::kInvalidLogArgument,
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

// log(base, x) = ln(x) / ln(base); a base of 1 divides by zero, as in
// PostgreSQL.
Status LogBase(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  RETURN_IF_ERROR(CheckLogArgument(args[0], n, out));
  RETURN_IF_ERROR(CheckLogArgument(args[1], n, out));
  bool ok = CheckedBinaryLoop<double, double, double>(args[0], args[1], n, out,
                                                      [](double base, double x, double& r) {
                                                        double divisor = std::log(base);
                                                        r = std::log(x) / divisor;
                                                        return divisor != 0;
                                                      });
  if (ok) return Status::Ok();
  return Status::Error(ErrorCode::kDivisionByZero, "division by zero");
}

double Sign(double v) {
  return v > 0 ? 1.0 : v < 0 ? -1.0 : v == 0 ? 0.0 : v;
}
double Cbrt(double v) {
  return std::cbrt(v);
}

// trunc(x, digits) cuts the shortest decimal spelling of x, the digits a user
// wrote, so trunc(0.29, 2) is 0.29 (binary scaling would give 0.28). A
// negative count zeroes digits left of the point, like trunc(numeric, int).
double TruncDigits(double v, int32_t digits) {
  if (!std::isfinite(v)) return v;
  char buffer[400];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), v, std::chars_format::fixed);
  if (ec != std::errc()) return std::trunc(v);
  std::string text(buffer, end);
  size_t point = text.find('.');
  if (point == std::string::npos) point = text.size();
  if (digits >= 0) {
    if (static_cast<size_t>(digits) < text.size() - std::min(text.size(), point + 1)) {
      text.resize(point + 1 + digits);
    }
  } else {
    text.resize(point);
    size_t first_digit = text[0] == '-' ? 1 : 0;
    size_t integer_digits = point - first_digit;
    size_t zeroed = std::min<size_t>(integer_digits, static_cast<size_t>(-int64_t{digits}));
    for (size_t k = point - zeroed; k < point; ++k)
      text[k] = '0';
  }
  double r = 0;
  std::from_chars(text.data(), text.data() + text.size(), r);
  return r == 0 ? 0.0 : r;
}

Status TruncDigitsKernel(const ColumnVector* args, size_t n, const EvalContext&,
                         ColumnVector& out) {
  BinaryLoop<double, int32_t, double>(args[0], args[1], n, out, TruncDigits);
  return Status::Ok();
}

Status WidthBucketError(const char* message) {
  return Status::Error(ErrorCode::kInvalidWidthBucketArgument, message);
}

// width_bucket(operand, low, high, count): buckets 1..count split [low, high)
// evenly (reversed when low > high); 0 and count + 1 are below and above.
Result<int32_t> WidthBucket(double operand, double low, double high, int32_t count) {
  if (count <= 0) return WidthBucketError("count must be greater than zero");
  if (std::isnan(operand) || std::isnan(low) || std::isnan(high)) {
    return WidthBucketError("operand, lower bound, and upper bound cannot be NaN");
  }
  if (std::isinf(low) || std::isinf(high)) {
    return WidthBucketError("lower and upper bounds must be finite");
  }
  if (low == high) return WidthBucketError("lower bound cannot equal upper bound");
  bool ascending = low < high;
  if (ascending ? operand < low : operand > low) return 0;
  if (ascending ? operand >= high : operand <= high) {
    if (count == INT32_MAX) {
      return Status::Error(ErrorCode::kNumericValueOutOfRange, "integer out of range");
    }
    return count + 1;
  }
  double fraction = ascending ? (operand - low) / (high - low) : (low - operand) / (low - high);
  double bucket = fraction * count;
  // Rounding can land exactly on count for operands just below the bound.
  return static_cast<int32_t>(std::min(bucket, static_cast<double>(count) - 1)) + 1;
}

Status WidthBucketKernel(const ColumnVector* args, size_t n, const EvalContext&,
                         ColumnVector& out) {
  const double* operand = args[0].data<double>();
  const double* low = args[1].data<double>();
  const double* high = args[2].data<double>();
  const int32_t* count = args[3].data<int32_t>();
  int32_t* r = out.data<int32_t>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    ASSIGN_OR_RETURN(r[i], WidthBucket(operand[i], low[i], high[i], count[i]));
  }
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
      return Status::Error(ErrorCode::kInvalidPowerArgument,
                           "zero raised to a negative power is undefined");
    }
    if (base[i] < 0 && std::floor(exponent[i]) != exponent[i]) {
      return Status::Error(
          ErrorCode::kInvalidPowerArgument,
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
  catalog.AddScalar("trunc", {kFloat64, kInt32}, kFloat64, TruncDigitsKernel);
  catalog.AddScalar("sign", {kFloat64}, kFloat64, Apply<Sign>);
  catalog.AddScalar("cbrt", {kFloat64}, kFloat64, Apply<Cbrt>);
  catalog.AddScalar("log", {kFloat64, kFloat64}, kFloat64, LogBase);
  catalog.AddScalar("width_bucket", {kFloat64, kFloat64, kFloat64, kInt32}, kInt32,
                    WidthBucketKernel);
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
