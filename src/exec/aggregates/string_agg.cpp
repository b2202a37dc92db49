#include "exec/aggregates/typed_aggregate.h"
#include "exec/function_catalog.h"

namespace sundial::exec {
namespace {

// The concatenation of delimiter_i || value_i over the non-NULL values; the
// result drops the first row's delimiter. Keeping that delimiter in the
// partial text lets Combine append another partial as is.
struct StringAggState {
  std::string text;
  uint32_t first_delimiter_size = 0;
  bool has_value = false;
  static auto Fields(auto& s) { return std::tie(s.text, s.first_delimiter_size, s.has_value); }
};

class StringAgg final : public TypedAggregate<StringAggState> {
 public:
  StringAgg()
      : TypedAggregate("string_agg", {DataType::Of(TypeId::kText), DataType::Of(TypeId::kText)},
                       DataType::Of(TypeId::kText)) {}

  void Update(uint8_t* const* states, const ColumnVector* args, size_t count) const override {
    const ColumnVector& delimiters = args[1];
    const auto* delimiter = delimiters.data<std::string_view>();
    ForEachValue<std::string_view>(args[0], count, [&](size_t i, std::string_view value) {
      StringAggState& s = Get(states[i]);
      // A NULL delimiter adds nothing between the values.
      std::string_view d = delimiters.IsNull(i) ? std::string_view() : delimiter[i];
      if (!s.has_value) {
        s.first_delimiter_size = static_cast<uint32_t>(d.size());
        s.has_value = true;
      }
      s.text.append(d);
      s.text.append(value);
    });
  }
  void Combine(const uint8_t* source, uint8_t* target) const override {
    const StringAggState& s = Get(source);
    if (!s.has_value) return;
    StringAggState& t = Get(target);
    if (!t.has_value) {
      t = s;
      return;
    }
    t.text.append(s.text);
  }
  void Finalize(const uint8_t* state, ColumnVector& out, size_t row) const override {
    const StringAggState& s = Get(state);
    if (!s.has_value) {
      out.SetNull(row, true);
      return;
    }
    std::string_view text(s.text);
    out.data<std::string_view>()[row] = out.AddString(text.substr(s.first_delimiter_size));
  }
  bool owns_memory() const override { return true; }
  size_t OwnedBytes(const uint8_t* state) const override { return Get(state).text.capacity(); }
};

}  // namespace

void RegisterStringAggregates(FunctionCatalog& catalog) {
  catalog.AddAggregate(std::make_unique<StringAgg>());
}

}  // namespace sundial::exec
