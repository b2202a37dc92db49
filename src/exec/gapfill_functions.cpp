#include <algorithm>

#include "exec/function_catalog.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

// locf() and interpolate() mark the select-list columns the gapfill node
// fills; evaluated on their own (outside a time_bucket_gapfill query, or on
// rows the node passes through) they return their first argument, as
// TimescaleDB's marker functions do.
template <typename T>
Status FirstArgument(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const T* values = args[0].data<T>();
  std::copy(values, values + n, out.data<T>());
  if constexpr (std::is_same_v<T, std::string_view>) out.KeepStringsOf(args[0]);
  PropagateNulls(args[0], n, out);
  return Status::Ok();
}

}  // namespace

void RegisterGapfillFunctions(FunctionCatalog& catalog) {
  const DataType kBool = DataType::Of(TypeId::kBool);
  for (TypeId id : {TypeId::kBool, TypeId::kInt16, TypeId::kInt32, TypeId::kInt64, TypeId::kFloat32,
                    TypeId::kFloat64, TypeId::kDate, TypeId::kTimestamp, TypeId::kTimestampTz,
                    TypeId::kInterval, TypeId::kText, TypeId::kNumeric}) {
    const DataType type = DataType::Of(id);
    DispatchPhysical(id, [&](auto tag) {
      using T = decltype(tag);
      catalog.AddScalar("locf", {type}, type, FirstArgument<T>, /*strict=*/false);
      catalog.AddScalar("locf", {type, type}, type, FirstArgument<T>, /*strict=*/false);
      catalog.AddScalar("locf", {type, type, kBool}, type, FirstArgument<T>, /*strict=*/false);
      if (IsInteger(id) || IsFloat(id)) {
        catalog.AddScalar("interpolate", {type}, type, FirstArgument<T>, /*strict=*/false);
      }
    });
  }
}

}  // namespace sundial::exec
