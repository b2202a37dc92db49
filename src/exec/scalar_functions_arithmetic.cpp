#include <cmath>
#include <limits>

#include "exec/cast.h"
#include "exec/function_catalog.h"
#include "exec/kernel_util.h"

namespace sundial::exec {
namespace {

Status DivisionByZero() {
  return Status::Error(ErrorCode::kDivisionByZero, "division by zero");
}

template <typename T>
Status OutOfRange() {
  if constexpr (std::is_floating_point_v<T>) {
    return Status::Error(ErrorCode::kNumericValueOutOfRange, "value out of range: overflow");
  } else {
    return IntegerOutOfRange(NumericTypeIdOf<T>());
  }
}

// Integer results are checked for overflow; float results for overflow to
// infinity from finite inputs, as PostgreSQL's float8pl and friends do.
template <typename T>
bool CheckFloat(T a, T b, T r) {
  return !std::isinf(r) || std::isinf(a) || std::isinf(b);
}

struct AddOp {
  template <typename T>
  static bool Apply(T a, T b, T& r) {
    if constexpr (std::is_floating_point_v<T>) {
      r = a + b;
      return CheckFloat(a, b, r);
    } else {
      return !__builtin_add_overflow(a, b, &r);
    }
  }
};

struct SubOp {
  template <typename T>
  static bool Apply(T a, T b, T& r) {
    if constexpr (std::is_floating_point_v<T>) {
      r = a - b;
      return CheckFloat(a, b, r);
    } else {
      return !__builtin_sub_overflow(a, b, &r);
    }
  }
};

struct MulOp {
  template <typename T>
  static bool Apply(T a, T b, T& r) {
    if constexpr (std::is_floating_point_v<T>) {
      r = a * b;
      return CheckFloat(a, b, r);
    } else {
      return !__builtin_mul_overflow(a, b, &r);
    }
  }
};

struct DivOp {
  template <typename T>
  static bool Apply(T a, T b, T& r) {
    if constexpr (std::is_floating_point_v<T>) {
      r = a / b;
      return CheckFloat(a, b, r);
    } else {
      // Divisors are known non-zero here; only MIN / -1 overflows.
      if (b == -1) return !__builtin_sub_overflow(T{0}, a, &r);
      r = static_cast<T>(a / (b == 0 ? 1 : b));
      return true;
    }
  }
};

struct ModOp {
  template <typename T>
  static bool Apply(T a, T b, T& r) {
    // MIN % -1 is 0 (and would trap in C++).
    r = b == -1 ? T{0} : static_cast<T>(a % (b == 0 ? 1 : b));
    return true;
  }
};

template <typename T>
bool HasZeroDivisor(const ColumnVector& divisor, size_t n, const ColumnVector& out) {
  const T* d = divisor.data<T>();
  bool zero = false;
  if (!out.MayHaveNulls()) {
    for (size_t i = 0; i < n; ++i)
      zero |= d[i] == 0;
    return zero;
  }
  for (size_t i = 0; i < n; ++i)
    zero |= d[i] == 0 && !out.IsNull(i);
  return zero;
}

template <typename T, typename Op>
Status BinaryArithmetic(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  if constexpr (std::is_same_v<Op, DivOp> || std::is_same_v<Op, ModOp>) {
    if (HasZeroDivisor<T>(args[1], n, out)) return DivisionByZero();
  }
  bool ok = CheckedBinaryLoop<T, T, T>(args[0], args[1], n, out,
                                       [](T a, T b, T& r) { return Op::Apply(a, b, r); });
  return ok ? Status::Ok() : OutOfRange<T>();
}

template <typename T>
Status Negate(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  if constexpr (std::is_floating_point_v<T>) {
    UnaryLoop<T, T>(args[0], n, out, [](T a) { return -a; });
    return Status::Ok();
  } else {
    bool ok = CheckedUnaryLoop<T, T>(
        args[0], n, out, [](T a, T& r) { return !__builtin_sub_overflow(T{0}, a, &r); });
    return ok ? Status::Ok() : OutOfRange<T>();
  }
}

template <typename T>
Status Identity(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  UnaryLoop<T, T>(args[0], n, out, [](T a) { return a; });
  return Status::Ok();
}

template <typename T>
Status Abs(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  if constexpr (std::is_floating_point_v<T>) {
    UnaryLoop<T, T>(args[0], n, out, [](T a) { return std::fabs(a); });
    return Status::Ok();
  } else {
    bool ok = CheckedUnaryLoop<T, T>(args[0], n, out, [](T a, T& r) {
      if (a >= 0) {
        r = a;
        return true;
      }
      return !__builtin_sub_overflow(T{0}, a, &r);
    });
    return ok ? Status::Ok() : OutOfRange<T>();
  }
}

template <typename T>
void RegisterFor(FunctionCatalog& catalog) {
  DataType type = DataType::Of(NumericTypeIdOf<T>());
  catalog.AddScalar("+", {type, type}, type, BinaryArithmetic<T, AddOp>);
  catalog.AddScalar("-", {type, type}, type, BinaryArithmetic<T, SubOp>);
  catalog.AddScalar("*", {type, type}, type, BinaryArithmetic<T, MulOp>);
  catalog.AddScalar("/", {type, type}, type, BinaryArithmetic<T, DivOp>);
  if constexpr (!std::is_floating_point_v<T>) {
    catalog.AddScalar("%", {type, type}, type, BinaryArithmetic<T, ModOp>);
    catalog.AddScalar("mod", {type, type}, type, BinaryArithmetic<T, ModOp>);
  }
  catalog.AddScalar("-", {type}, type, Negate<T>);
  catalog.AddScalar("+", {type}, type, Identity<T>);
  catalog.AddScalar("abs", {type}, type, Abs<T>);
}

}  // namespace

void RegisterArithmeticFunctions(FunctionCatalog& catalog) {
  RegisterFor<int16_t>(catalog);
  RegisterFor<int32_t>(catalog);
  RegisterFor<int64_t>(catalog);
  RegisterFor<float>(catalog);
  RegisterFor<double>(catalog);
}

}  // namespace sundial::exec
