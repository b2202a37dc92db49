#pragma once

#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "common/column_vector.h"
#include "common/numeric.h"
#include "exec/function_registry.h"

namespace sundial::exec {

// The serialized form of one state field: fixed-width values as their
// bytes, bools as one byte, strings length-prefixed.
template <typename T>
void PutStateField(std::string& out, const T& value) {
  if constexpr (std::is_same_v<T, std::string>) {
    auto size = static_cast<uint32_t>(value.size());
    out.append(reinterpret_cast<const char*>(&size), sizeof(size));
    out.append(value);
  } else if constexpr (std::is_same_v<T, bool>) {
    out.push_back(value ? 1 : 0);
  } else if constexpr (std::is_same_v<T, Interval>) {
    PutStateField(out, value.micros);
    PutStateField(out, value.days);
    PutStateField(out, value.months);
  } else if constexpr (std::is_same_v<T, Numeric>) {
    PutStateField(out, value.low);
    PutStateField(out, value.high);
    PutStateField(out, value.scale);
    PutStateField(out, static_cast<uint8_t>(value.kind));
  } else {
    static_assert(std::is_arithmetic_v<T> || std::is_same_v<T, __int128>);
    out.append(reinterpret_cast<const char*>(&value), sizeof(T));
  }
}

template <typename T>
bool GetStateField(std::string_view& in, T& value) {
  if constexpr (std::is_same_v<T, std::string>) {
    uint32_t size;
    if (!GetStateField(in, size) || in.size() < size) return false;
    value.assign(in.substr(0, size));
    in.remove_prefix(size);
    return true;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (in.empty()) return false;
    value = in[0] != 0;
    in.remove_prefix(1);
    return true;
  } else if constexpr (std::is_same_v<T, Interval>) {
    return GetStateField(in, value.micros) && GetStateField(in, value.days) &&
           GetStateField(in, value.months);
  } else if constexpr (std::is_same_v<T, Numeric>) {
    uint8_t kind = 0;
    if (!GetStateField(in, value.low) || !GetStateField(in, value.high) ||
        !GetStateField(in, value.scale) || !GetStateField(in, kind)) {
      return false;
    }
    value.kind = static_cast<Numeric::Kind>(kind);
    return true;
  } else {
    if (in.size() < sizeof(T)) return false;
    std::memcpy(&value, in.data(), sizeof(T));
    in.remove_prefix(sizeof(T));
    return true;
  }
}

// Base for aggregates whose state is one C++ struct living in the state
// bytes the operator hands out (aligned to 16). States owning memory
// (strings) are constructed and destroyed in place.
//
// Each State lists its fields once, `static auto Fields(auto& s) { return
// std::tie(...); }`, which gives Serialize/Deserialize field by field (no
// padding bytes, no pointers).
template <typename State>
class TypedAggregate : public AggregateFunction {
 public:
  size_t state_size() const override { return sizeof(State); }
  void Init(uint8_t* state) const override { std::construct_at(reinterpret_cast<State*>(state)); }
  void Destroy(uint8_t* state) const override {
    if constexpr (!std::is_trivially_destructible_v<State>) std::destroy_at(&Get(state));
  }
  void Serialize(const uint8_t* state, std::string& out) const override {
    std::apply([&](const auto&... field) { (PutStateField(out, field), ...); },
               State::Fields(Get(state)));
  }
  Status Deserialize(std::string_view& in, uint8_t* state) const override {
    bool complete = std::apply([&](auto&... field) { return (GetStateField(in, field) && ...); },
                               State::Fields(Get(state)));
    if (!complete) {
      return Status::Error(ErrorCode::kCorruption, "truncated state of aggregate " + name());
    }
    return Status::Ok();
  }

 protected:
  using AggregateFunction::AggregateFunction;

  static State& Get(uint8_t* state) { return *std::launder(reinterpret_cast<State*>(state)); }
  static const State& Get(const uint8_t* state) {
    return *std::launder(reinterpret_cast<const State*>(state));
  }

  // Calls update(state, value) for every non-NULL row i < count of `values`
  // on states[i], in row order. Rows stored series by series reach one
  // group many times in a row: such a run updates a copy held in registers
  // and stores it once, instead of every row waiting for the previous
  // row's store to the same state. For small trivially copyable states.
  template <typename T, typename F>
  static void UpdateRuns(uint8_t* const* states, const ColumnVector& values, size_t count,
                         F&& update) {
    static_assert(std::is_trivially_copyable_v<State>);
    const T* data = values.data<T>();
    const bool may_have_nulls = values.MayHaveNulls();
    for (size_t i = 0; i < count;) {
      uint8_t* target = states[i];
      State local = Get(target);
      size_t end = i;
      if (may_have_nulls) {
        for (; end < count && states[end] == target; ++end) {
          if (!values.IsNull(end)) update(local, data[end]);
        }
      } else {
        for (; end < count && states[end] == target; ++end)
          update(local, data[end]);
      }
      Get(target) = local;
      i = end;
    }
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
