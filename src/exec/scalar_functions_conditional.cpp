#include <utility>

#include "exec/function_catalog.h"
#include "exec/value_order.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

// coalesce, greatest and least take any number of arguments while a kernel
// cannot see its arity, so one kernel is instantiated per arity up to this many.
constexpr size_t kMaxVariadicArgs = 32;

template <typename T, size_t N>
Status Coalesce(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  T* r = out.data<T>();
  const T* first = args[0].data<T>();
  std::copy(first, first + n, r);
  if constexpr (std::is_same_v<T, std::string_view>) {
    for (size_t k = 0; k < N; ++k)
      out.KeepStringsOf(args[k]);
  }
  if (!args[0].MayHaveNulls()) return Status::Ok();
  for (size_t i = 0; i < n; ++i) {
    if (!args[0].IsNull(i)) continue;
    bool found = false;
    for (size_t k = 1; k < N && !found; ++k) {
      if (!args[k].IsNull(i)) {
        r[i] = args[k].data<T>()[i];
        found = true;
      }
    }
    if (!found) out.SetNull(i, true);
  }
  return Status::Ok();
}

template <typename T>
Status NullIf(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const T* a = args[0].data<T>();
  const T* b = args[1].data<T>();
  T* r = out.data<T>();
  for (size_t i = 0; i < n; ++i) {
    r[i] = a[i];
    bool is_null = args[0].IsNull(i) || (!args[1].IsNull(i) && CompareValues(a[i], b[i]) == 0);
    if (is_null) out.SetNull(i, true);
  }
  if constexpr (std::is_same_v<T, std::string_view>) out.KeepStringsOf(args[0]);
  return Status::Ok();
}

// greatest / least: the extreme of the non-NULL arguments in PostgreSQL's
// comparison order (NaN above every number); NULL only when all are NULL.
template <typename T, size_t N, int kSign>
Status Extreme(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  T* r = out.data<T>();
  for (size_t i = 0; i < n; ++i) {
    bool found = false;
    for (size_t k = 0; k < N; ++k) {
      if (args[k].IsNull(i)) continue;
      const T& v = args[k].data<T>()[i];
      if (!found || CompareValues(v, r[i]) * kSign > 0) r[i] = v;
      found = true;
    }
    if (!found) out.SetNull(i, true);
  }
  if constexpr (std::is_same_v<T, std::string_view>) {
    for (size_t k = 0; k < N; ++k)
      out.KeepStringsOf(args[k]);
  }
  return Status::Ok();
}

template <typename T, size_t... kArity>
void RegisterExtremes(FunctionCatalog& catalog, DataType type, std::index_sequence<kArity...>) {
  (catalog.AddScalar("greatest", std::vector<DataType>(kArity + 1, type), type,
                     Extreme<T, kArity + 1, 1>, /*strict=*/false),
   ...);
  (catalog.AddScalar("least", std::vector<DataType>(kArity + 1, type), type,
                     Extreme<T, kArity + 1, -1>, /*strict=*/false),
   ...);
}

template <typename T, size_t... kArity>
void RegisterCoalesce(FunctionCatalog& catalog, DataType type, std::index_sequence<kArity...>) {
  (catalog.AddScalar("coalesce", std::vector<DataType>(kArity + 1, type), type,
                     Coalesce<T, kArity + 1>, /*strict=*/false),
   ...);
}

}  // namespace

void RegisterConditionalFunctions(FunctionCatalog& catalog) {
  for (TypeId id : {TypeId::kBool, TypeId::kInt16, TypeId::kInt32, TypeId::kInt64, TypeId::kFloat32,
                    TypeId::kFloat64, TypeId::kDate, TypeId::kTimestamp, TypeId::kTimestampTz,
                    TypeId::kInterval, TypeId::kText, TypeId::kNumeric}) {
    DataType type = DataType::Of(id);
    DispatchPhysical(id, [&](auto tag) {
      using T = decltype(tag);
      RegisterCoalesce<T>(catalog, type, std::make_index_sequence<kMaxVariadicArgs>{});
      RegisterExtremes<T>(catalog, type, std::make_index_sequence<kMaxVariadicArgs>{});
      catalog.AddScalar("nullif", {type, type}, type, NullIf<T>, /*strict=*/false);
    });
  }
}

}  // namespace sundial::exec
