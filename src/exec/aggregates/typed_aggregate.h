#pragma once

#include <memory>
#include <new>
#include <type_traits>

#include "common/column_vector.h"
#include "exec/function_registry.h"

namespace sundial::exec {

// Base for aggregates whose state is one C++ struct living in the state
// bytes the operator hands out (aligned to 16). States owning memory
// (strings) are constructed and destroyed in place.
template <typename State>
class TypedAggregate : public AggregateFunction {
 public:
  size_t state_size() const override { return sizeof(State); }
  void Init(uint8_t* state) const override { std::construct_at(reinterpret_cast<State*>(state)); }
  void Destroy(uint8_t* state) const override {
    if constexpr (!std::is_trivially_destructible_v<State>) std::destroy_at(&Get(state));
  }

 protected:
  using AggregateFunction::AggregateFunction;

  static State& Get(uint8_t* state) { return *std::launder(reinterpret_cast<State*>(state)); }
  static const State& Get(const uint8_t* state) {
    return *std::launder(reinterpret_cast<const State*>(state));
  }
};

// Calls f(i, value) for every non-NULL row i < count of `values`.
template <typename T, typename F>
inline void ForEachValue(const ColumnVector& values, size_t count, F&& f) {
  const T* data = values.data<T>();
  if (!values.MayHaveNulls()) {
    for (size_t i = 0; i < count; ++i)
      f(i, data[i]);
    return;
  }
  for (size_t i = 0; i < count; ++i) {
    if (!values.IsNull(i)) f(i, data[i]);
  }
}

}  // namespace sundial::exec
