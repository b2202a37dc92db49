#include <string>

#include "exec/aggregates/typed_aggregate.h"
#include "exec/function_catalog.h"
#include "exec/value_order.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

template <typename T>
struct FixedState {
  T value{};
  bool has_value = false;
  static auto Fields(auto& s) { return std::tie(s.value, s.has_value); }
};

// Strings are owned by the state: input batches do not outlive the update.
struct StringState {
  std::string value;
  bool has_value = false;
  static auto Fields(auto& s) { return std::tie(s.value, s.has_value); }
};

template <typename T>
using MinMaxState =
    std::conditional_t<std::is_same_v<T, std::string_view>, StringState, FixedState<T>>;

template <typename T, bool kMax>
class MinMax final : public TypedAggregate<MinMaxState<T>> {
  using State = MinMaxState<T>;
  using Base = TypedAggregate<State>;

 public:
  explicit MinMax(DataType type) : Base(kMax ? "max" : "min", {type}, type) {}

  void Update(uint8_t* const* states, const ColumnVector* args, size_t count) const override {
    if constexpr (std::is_trivially_copyable_v<State>) {
      Base::template UpdateRuns<T>(states, args[0], count,
                                   [](State& s, const T& v) { Offer(v, s); });
    } else {
      ForEachValue<T>(args[0], count,
                      [&](size_t i, const T& v) { Offer(v, Base::Get(states[i])); });
    }
  }
  void Combine(const uint8_t* source, uint8_t* target) const override {
    const State& s = Base::Get(source);
    if (!s.has_value) return;
    if constexpr (std::is_same_v<T, std::string_view>) {
      Offer(std::string_view(s.value), Base::Get(target));
    } else {
      Offer(s.value, Base::Get(target));
    }
  }
  void Finalize(const uint8_t* state, ColumnVector& out, size_t row) const override {
    const State& s = Base::Get(state);
    if (!s.has_value) {
      out.SetNull(row, true);
      return;
    }
    if constexpr (std::is_same_v<T, std::string_view>) {
      out.data<std::string_view>()[row] = out.AddString(s.value);
    } else {
      out.data<T>()[row] = s.value;
    }
  }

 private:
  static void Offer(const T& v, State& s) {
    if (s.has_value) {
      int c;
      if constexpr (std::is_same_v<T, std::string_view>) {
        c = CompareValues(v, std::string_view(s.value));
      } else {
        c = CompareValues(v, s.value);
      }
      if (kMax ? c <= 0 : c >= 0) return;
    }
    if constexpr (std::is_same_v<T, std::string_view>) {
      s.value.assign(v);
    } else {
      s.value = v;
    }
    s.has_value = true;
  }
};

}  // namespace

void RegisterMinMaxAggregates(FunctionCatalog& catalog) {
  for (TypeId id : {TypeId::kBool, TypeId::kInt16, TypeId::kInt32, TypeId::kInt64, TypeId::kFloat32,
                    TypeId::kFloat64, TypeId::kDate, TypeId::kTimestamp, TypeId::kTimestampTz,
                    TypeId::kInterval, TypeId::kText, TypeId::kNumeric, TypeId::kTime}) {
    DataType type = DataType::Of(id);
    DispatchPhysical(id, [&](auto tag) {
      using T = decltype(tag);
      catalog.AddAggregate(std::make_unique<MinMax<T, false>>(type));
      catalog.AddAggregate(std::make_unique<MinMax<T, true>>(type));
    });
  }
}

}  // namespace sundial::exec
