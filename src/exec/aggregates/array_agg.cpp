#include "common/array_text.h"
#include "common/value_text.h"
#include "exec/aggregates/typed_aggregate.h"
#include "exec/function_catalog.h"

namespace sundial::exec {
namespace {

// The elements so far, NULLs included, as they appear between an array's
// braces, so Combine appends another partial after a comma.
struct ArrayAggState {
  std::string elements;
  bool has_value = false;
  static auto Fields(auto& s) { return std::tie(s.elements, s.has_value); }
};

class ArrayAgg final : public TypedAggregate<ArrayAggState> {
 public:
  explicit ArrayAgg(TypeId element)
      : TypedAggregate("array_agg", {DataType::Of(element)}, DataType::ArrayOf(element)) {}

  void Update(uint8_t* const* states, const ColumnVector* args, size_t count) const override {
    std::string text;
    for (size_t i = 0; i < count; ++i) {
      ArrayAggState& s = Get(states[i]);
      if (s.has_value) s.elements.push_back(',');
      s.has_value = true;
      if (args[0].IsNull(i)) {
        AppendArrayElement(std::nullopt, s.elements);
        continue;
      }
      text.clear();
      FormatText(args[0], i, TimeZone::Utc(), text);
      AppendArrayElement(text, s.elements);
    }
  }
  void Combine(const uint8_t* source, uint8_t* target) const override {
    const ArrayAggState& s = Get(source);
    if (!s.has_value) return;
    ArrayAggState& t = Get(target);
    if (t.has_value) t.elements.push_back(',');
    t.elements += s.elements;
    t.has_value = true;
  }
  void Finalize(const uint8_t* state, ColumnVector& out, size_t row) const override {
    const ArrayAggState& s = Get(state);
    if (!s.has_value) {
      out.SetNull(row, true);
      return;
    }
    out.data<std::string_view>()[row] = out.AddString("{" + s.elements + "}");
  }
  bool owns_memory() const override { return true; }
  size_t OwnedBytes(const uint8_t* state) const override { return Get(state).elements.capacity(); }
};

}  // namespace

void RegisterArrayAggregates(FunctionCatalog& catalog) {
  for (TypeId id : {TypeId::kBool, TypeId::kInt16, TypeId::kInt32, TypeId::kInt64, TypeId::kFloat32,
                    TypeId::kFloat64, TypeId::kText, TypeId::kVarchar}) {
    catalog.AddAggregate(std::make_unique<ArrayAgg>(id));
  }
}

}  // namespace sundial::exec
