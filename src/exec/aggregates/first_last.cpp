#include <string>

#include "exec/aggregates/typed_aggregate.h"
#include "exec/function_catalog.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

template <typename V>
using StoredValue = std::conditional_t<std::is_same_v<V, std::string_view>, std::string, V>;

template <typename V>
struct FirstLastState {
  int64_t time = 0;
  StoredValue<V> value{};
  bool has_value = false;  // a row with a non-NULL time was seen
  bool value_is_null = false;
  static auto Fields(auto& s) { return std::tie(s.time, s.value, s.has_value, s.value_is_null); }
};

// TimescaleDB's first(value, time) / last(value, time): the value at the
// smallest / largest time. Rows with a NULL time are ignored; the value may
// be NULL. On equal times the row seen first wins.
template <typename V, typename Time, bool kLast>
class FirstLast final : public TypedAggregate<FirstLastState<V>> {
  using State = FirstLastState<V>;
  using Base = TypedAggregate<State>;

 public:
  FirstLast(DataType value_type, DataType time_type)
      : Base(kLast ? "last" : "first", {value_type, time_type}, value_type) {}

  void Update(uint8_t* const* states, const ColumnVector* args, size_t count) const override {
    const ColumnVector& values = args[0];
    const V* v = values.data<V>();
    bool values_may_be_null = values.MayHaveNulls();
    ForEachValue<Time>(args[1], count, [&](size_t i, Time t) {
      State& s = Base::Get(states[i]);
      if (!Better(t, s)) return;
      s.time = t;
      s.has_value = true;
      s.value_is_null = values_may_be_null && values.IsNull(i);
      if (!s.value_is_null) Store(v[i], s);
    });
  }
  void Combine(const uint8_t* source, uint8_t* target) const override {
    const State& s = Base::Get(source);
    State& t = Base::Get(target);
    if (!s.has_value || !Better(s.time, t)) return;
    t.time = s.time;
    t.has_value = true;
    t.value_is_null = s.value_is_null;
    t.value = s.value;
  }
  void Finalize(const uint8_t* state, ColumnVector& out, size_t row) const override {
    const State& s = Base::Get(state);
    if (!s.has_value || s.value_is_null) {
      out.SetNull(row, true);
      return;
    }
    if constexpr (std::is_same_v<V, std::string_view>) {
      out.data<std::string_view>()[row] = out.AddString(s.value);
    } else {
      out.data<V>()[row] = s.value;
    }
  }

 private:
  static bool Better(int64_t t, const State& s) {
    return !s.has_value || (kLast ? t > s.time : t < s.time);
  }
  static void Store(const V& v, State& s) {
    if constexpr (std::is_same_v<V, std::string_view>) {
      s.value.assign(v);
    } else {
      s.value = v;
    }
  }
};

}  // namespace

void RegisterFirstLastAggregates(FunctionCatalog& catalog) {
  const TypeId kValueTypes[] = {TypeId::kBool,     TypeId::kInt16,     TypeId::kInt32,
                                TypeId::kInt64,    TypeId::kFloat32,   TypeId::kFloat64,
                                TypeId::kDate,     TypeId::kTimestamp, TypeId::kTimestampTz,
                                TypeId::kInterval, TypeId::kText,      TypeId::kNumeric};
  const TypeId kTimeTypes[] = {TypeId::kTimestampTz, TypeId::kTimestamp, TypeId::kDate,
                               TypeId::kInt16,       TypeId::kInt32,     TypeId::kInt64};
  for (TypeId value_id : kValueTypes) {
    for (TypeId time_id : kTimeTypes) {
      DataType value_type = DataType::Of(value_id);
      DataType time_type = DataType::Of(time_id);
      DispatchPhysical(value_id, [&](auto value_tag) {
        using V = decltype(value_tag);
        DispatchPhysical(time_id, [&](auto time_tag) {
          using Time = decltype(time_tag);
          if constexpr (std::is_integral_v<Time> && !std::is_same_v<Time, uint8_t>) {
            catalog.AddAggregate(
                std::make_unique<FirstLast<V, Time, false>>(value_type, time_type));
            catalog.AddAggregate(std::make_unique<FirstLast<V, Time, true>>(value_type, time_type));
          }
        });
      });
    }
  }
}

}  // namespace sundial::exec
