#include "exec/aggregates/typed_aggregate.h"
#include "exec/function_catalog.h"

namespace sundial::exec {
namespace {

struct CountState {
  int64_t count = 0;
  static auto Fields(auto& s) { return std::tie(s.count); }
};

// count(*) with no arguments, and count(x) counting non-NULL x.
class Count final : public TypedAggregate<CountState> {
 public:
  explicit Count(std::vector<DataType> args)
      : TypedAggregate("count", std::move(args), DataType::Of(TypeId::kInt64)) {}

  void Update(uint8_t* const* states, const ColumnVector* args, size_t count) const override {
    if (arg_types().empty() || !args[0].MayHaveNulls()) {
      for (size_t i = 0; i < count; ++i)
        ++Get(states[i]).count;
      return;
    }
    for (size_t i = 0; i < count; ++i)
      Get(states[i]).count += !args[0].IsNull(i);
  }
  void Combine(const uint8_t* source, uint8_t* target) const override {
    Get(target).count += Get(source).count;
  }
  void Finalize(const uint8_t* state, ColumnVector& out, size_t row) const override {
    out.data<int64_t>()[row] = Get(state).count;
  }
};

}  // namespace

void RegisterCountAggregates(FunctionCatalog& catalog) {
  catalog.AddAggregate(std::make_unique<Count>(std::vector<DataType>{}));
  for (TypeId id : {TypeId::kBool, TypeId::kInt16, TypeId::kInt32, TypeId::kInt64, TypeId::kFloat32,
                    TypeId::kFloat64, TypeId::kDate, TypeId::kTimestamp, TypeId::kTimestampTz,
                    TypeId::kInterval, TypeId::kText, TypeId::kNumeric}) {
    catalog.AddAggregate(std::make_unique<Count>(std::vector<DataType>{DataType::Of(id)}));
  }
}

}  // namespace sundial::exec
