#include <cmath>

#include "exec/aggregates/typed_aggregate.h"
#include "exec/function_catalog.h"
#include "exec/kernel_util.h"

namespace sundial::exec {
namespace {

// Welford's running (n, mean, M2); partial states merge with Chan's formula.
struct WelfordState {
  int64_t n = 0;
  double mean = 0;
  double m2 = 0;
  static auto Fields(auto& s) { return std::tie(s.n, s.mean, s.m2); }
};

enum class Moment : uint8_t { kVarSamp, kVarPop, kStddevSamp, kStddevPop };

template <typename T>
class Variance final : public TypedAggregate<WelfordState> {
 public:
  Variance(std::string name, Moment moment)
      : TypedAggregate(std::move(name), {DataType::Of(NumericTypeIdOf<T>())},
                       DataType::Of(TypeId::kFloat64)),
        moment_(moment) {}

  void Update(uint8_t* const* states, const ColumnVector* args, size_t count) const override {
    ForEachValue<T>(args[0], count, [&](size_t i, T raw) {
      WelfordState& s = Get(states[i]);
      double x = static_cast<double>(raw);
      ++s.n;
      double delta = x - s.mean;
      s.mean += delta / static_cast<double>(s.n);
      s.m2 += delta * (x - s.mean);
    });
  }
  void Combine(const uint8_t* source, uint8_t* target) const override {
    const WelfordState& s = Get(source);
    WelfordState& t = Get(target);
    if (s.n == 0) return;
    if (t.n == 0) {
      t = s;
      return;
    }
    double n = static_cast<double>(s.n + t.n);
    double delta = s.mean - t.mean;
    t.m2 += s.m2 + delta * delta * static_cast<double>(s.n) * static_cast<double>(t.n) / n;
    t.mean += delta * static_cast<double>(s.n) / n;
    t.n += s.n;
  }
  void Finalize(const uint8_t* state, ColumnVector& out, size_t row) const override {
    const WelfordState& s = Get(state);
    bool sample = moment_ == Moment::kVarSamp || moment_ == Moment::kStddevSamp;
    if (s.n == 0 || (sample && s.n == 1)) {
      out.SetNull(row, true);
      return;
    }
    double variance = s.m2 / static_cast<double>(sample ? s.n - 1 : s.n);
    if (variance < 0) variance = 0;
    bool root = moment_ == Moment::kStddevSamp || moment_ == Moment::kStddevPop;
    out.data<double>()[row] = root ? std::sqrt(variance) : variance;
  }

 private:
  Moment moment_;
};

template <typename T>
void RegisterFor(FunctionCatalog& catalog) {
  struct Entry {
    const char* name;
    Moment moment;
  };
  static constexpr Entry kEntries[] = {
      {"variance", Moment::kVarSamp},       {"var_samp", Moment::kVarSamp},
      {"var_pop", Moment::kVarPop},         {"stddev", Moment::kStddevSamp},
      {"stddev_samp", Moment::kStddevSamp}, {"stddev_pop", Moment::kStddevPop},
  };
  for (const Entry& entry : kEntries) {
    catalog.AddAggregate(std::make_unique<Variance<T>>(entry.name, entry.moment));
  }
}

}  // namespace

void RegisterVarianceAggregates(FunctionCatalog& catalog) {
  RegisterFor<int16_t>(catalog);
  RegisterFor<int32_t>(catalog);
  RegisterFor<int64_t>(catalog);
  RegisterFor<float>(catalog);
  RegisterFor<double>(catalog);
}

}  // namespace sundial::exec
