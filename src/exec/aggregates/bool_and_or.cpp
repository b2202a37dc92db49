#include "exec/aggregates/typed_aggregate.h"
#include "exec/function_catalog.h"

namespace sundial::exec {
namespace {

struct BoolState {
  bool value = false;
  bool has_value = false;
  static auto Fields(auto& s) { return std::tie(s.value, s.has_value); }
};

// bool_and (also spelled every) and bool_or; NULL inputs are skipped.
template <bool kAnd>
class BoolAggregate final : public TypedAggregate<BoolState> {
 public:
  explicit BoolAggregate(std::string name)
      : TypedAggregate(std::move(name), {DataType::Of(TypeId::kBool)},
                       DataType::Of(TypeId::kBool)) {}

  void Update(uint8_t* const* states, const ColumnVector* args, size_t count) const override {
    ForEachValue<uint8_t>(args[0], count,
                          [&](size_t i, uint8_t v) { Fold(v != 0, Get(states[i])); });
  }
  void Combine(const uint8_t* source, uint8_t* target) const override {
    const BoolState& s = Get(source);
    if (s.has_value) Fold(s.value, Get(target));
  }
  void Finalize(const uint8_t* state, ColumnVector& out, size_t row) const override {
    const BoolState& s = Get(state);
    if (!s.has_value) {
      out.SetNull(row, true);
      return;
    }
    out.data<uint8_t>()[row] = s.value ? 1 : 0;
  }

 private:
  static void Fold(bool v, BoolState& s) {
    s.value = s.has_value ? (kAnd ? s.value && v : s.value || v) : v;
    s.has_value = true;
  }
};

}  // namespace

void RegisterBoolAggregates(FunctionCatalog& catalog) {
  catalog.AddAggregate(std::make_unique<BoolAggregate<true>>("bool_and"));
  catalog.AddAggregate(std::make_unique<BoolAggregate<true>>("every"));
  catalog.AddAggregate(std::make_unique<BoolAggregate<false>>("bool_or"));
}

}  // namespace sundial::exec
