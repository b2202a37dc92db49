#include <string_view>

#include "exec/function_catalog.h"
#include "exec/kernel_util.h"
#include "exec/value_order.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

struct Eq {
  static bool Test(int c) { return c == 0; }
};
struct Ne {
  static bool Test(int c) { return c != 0; }
};
struct Lt {
  static bool Test(int c) { return c < 0; }
};
struct Le {
  static bool Test(int c) { return c <= 0; }
};
struct Gt {
  static bool Test(int c) { return c > 0; }
};
struct Ge {
  static bool Test(int c) { return c >= 0; }
};

template <typename T, typename Cmp>
Status Compare(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  if constexpr (std::is_integral_v<T>) {
    // Plain integer compares vectorize; no three-way detour.
    const T* a = args[0].data<T>();
    const T* b = args[1].data<T>();
    uint8_t* r = out.data<uint8_t>();
    for (size_t i = 0; i < n; ++i) {
      if constexpr (std::is_same_v<Cmp, Eq>) r[i] = a[i] == b[i];
      if constexpr (std::is_same_v<Cmp, Ne>) r[i] = a[i] != b[i];
      if constexpr (std::is_same_v<Cmp, Lt>) r[i] = a[i] < b[i];
      if constexpr (std::is_same_v<Cmp, Le>) r[i] = a[i] <= b[i];
      if constexpr (std::is_same_v<Cmp, Gt>) r[i] = a[i] > b[i];
      if constexpr (std::is_same_v<Cmp, Ge>) r[i] = a[i] >= b[i];
    }
  } else {
    BinaryLoop<T, T, uint8_t>(args[0], args[1], n, out, [](const T& a, const T& b) {
      return Cmp::Test(CompareValues(a, b));
    });
  }
  return Status::Ok();
}

// a IS [NOT] DISTINCT FROM b: equality in which NULL equals NULL and
// differs from every value; never NULL itself.
template <typename T, bool kNot>
Status Distinct(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const T* a = args[0].data<T>();
  const T* b = args[1].data<T>();
  uint8_t* r = out.data<uint8_t>();
  for (size_t i = 0; i < n; ++i) {
    bool a_null = args[0].IsNull(i);
    bool b_null = args[1].IsNull(i);
    bool distinct = a_null || b_null ? a_null != b_null : CompareValues(a[i], b[i]) != 0;
    r[i] = distinct != kNot;
  }
  return Status::Ok();
}

template <typename T>
void RegisterFor(FunctionCatalog& catalog, TypeId id) {
  DataType type = DataType::Of(id);
  DataType boolean = DataType::Of(TypeId::kBool);
  catalog.AddScalar("=", {type, type}, boolean, Compare<T, Eq>);
  catalog.AddScalar("<>", {type, type}, boolean, Compare<T, Ne>);
  catalog.AddScalar("!=", {type, type}, boolean, Compare<T, Ne>);
  catalog.AddScalar("<", {type, type}, boolean, Compare<T, Lt>);
  catalog.AddScalar("<=", {type, type}, boolean, Compare<T, Le>);
  catalog.AddScalar(">", {type, type}, boolean, Compare<T, Gt>);
  catalog.AddScalar(">=", {type, type}, boolean, Compare<T, Ge>);
  catalog.AddScalar("is distinct from", {type, type}, boolean, Distinct<T, false>,
                    /*strict=*/false);
  catalog.AddScalar("is not distinct from", {type, type}, boolean, Distinct<T, true>,
                    /*strict=*/false);
}

}  // namespace

void RegisterComparisonFunctions(FunctionCatalog& catalog) {
  for (TypeId id : {TypeId::kBool, TypeId::kInt16, TypeId::kInt32, TypeId::kInt64, TypeId::kFloat32,
                    TypeId::kFloat64, TypeId::kDate, TypeId::kTimestamp, TypeId::kTimestampTz,
                    TypeId::kInterval, TypeId::kText, TypeId::kNumeric, TypeId::kUuid,
                    TypeId::kBytea, TypeId::kTime}) {
    DispatchPhysical(id, [&](auto tag) { RegisterFor<decltype(tag)>(catalog, id); });
  }
  // Equal jsonb values have equal text (types.h), but its text order is not
  // jsonb's order, so only equality is offered; json has none, as in PostgreSQL.
  const DataType jsonb = DataType::Of(TypeId::kJsonb);
  const DataType boolean = DataType::Of(TypeId::kBool);
  using Text = std::string_view;
  catalog.AddScalar("=", {jsonb, jsonb}, boolean, Compare<Text, Eq>);
  catalog.AddScalar("<>", {jsonb, jsonb}, boolean, Compare<Text, Ne>);
  catalog.AddScalar("!=", {jsonb, jsonb}, boolean, Compare<Text, Ne>);
  catalog.AddScalar("is distinct from", {jsonb, jsonb}, boolean, Distinct<Text, false>,
                    /*strict=*/false);
  catalog.AddScalar("is not distinct from", {jsonb, jsonb}, boolean, Distinct<Text, true>,
                    /*strict=*/false);
}

}  // namespace sundial::exec
