#include "common/numeric.h"
#include "exec/aggregates/typed_aggregate.h"
#include "exec/function_catalog.h"
#include "exec/kernel_util.h"

namespace sundial::exec {
namespace {

// avg of integers is numeric, as in PostgreSQL: an exact 128-bit sum
// divided with numeric division's scale (avg(1, 2, 3, 4) prints
// 2.5000000000000000).
struct IntAvgState {
  __int128 sum = 0;
  int64_t count = 0;
  static auto Fields(auto& s) { return std::tie(s.sum, s.count); }
};

struct FloatAvgState {
  double sum = 0;
  int64_t count = 0;
  static auto Fields(auto& s) { return std::tie(s.sum, s.count); }
};

template <typename T>
class Avg final
    : public TypedAggregate<std::conditional_t<std::is_integral_v<T>, IntAvgState, FloatAvgState>> {
  using State = std::conditional_t<std::is_integral_v<T>, IntAvgState, FloatAvgState>;
  using Base = TypedAggregate<State>;

 public:
  Avg()
      : Base("avg", {DataType::Of(NumericTypeIdOf<T>())},
             DataType::Of(std::is_integral_v<T> ? TypeId::kNumeric : TypeId::kFloat64)) {}

  void Update(uint8_t* const* states, const ColumnVector* args, size_t count) const override {
    Base::template UpdateRuns<T>(states, args[0], count, [](State& s, T v) {
      s.sum += v;
      ++s.count;
    });
  }
  void Combine(const uint8_t* source, uint8_t* target) const override {
    const State& s = Base::Get(source);
    State& t = Base::Get(target);
    t.sum += s.sum;
    t.count += s.count;
  }
  Status CheckFinalize(const uint8_t* state) const override {
    if constexpr (std::is_integral_v<T>) {
      const State& s = Base::Get(state);
      if (s.count > 0) return IntegerAverage(s).status();
    }
    return Status::Ok();
  }
  void Finalize(const uint8_t* state, ColumnVector& out, size_t row) const override {
    const State& s = Base::Get(state);
    if (s.count == 0) {
      out.SetNull(row, true);
      return;
    }
    if constexpr (std::is_integral_v<T>) {
      Result<Numeric> average = IntegerAverage(s);
      if (!average.ok()) {
        out.SetNull(row, true);
        return;
      }
      out.data<Numeric>()[row] = *average;
    } else {
      out.data<double>()[row] = static_cast<double>(s.sum) / static_cast<double>(s.count);
    }
  }

 private:
  static Result<Numeric> IntegerAverage(const IntAvgState& s) {
    ASSIGN_OR_RETURN(Numeric sum, Numeric::FromInt128(s.sum));
    return DivideNumeric(sum, Numeric::FromInt(s.count));
  }
};

}  // namespace

void RegisterAvgAggregates(FunctionCatalog& catalog) {
  catalog.AddAggregate(std::make_unique<Avg<int16_t>>());
  catalog.AddAggregate(std::make_unique<Avg<int32_t>>());
  catalog.AddAggregate(std::make_unique<Avg<int64_t>>());
  catalog.AddAggregate(std::make_unique<Avg<float>>());
  catalog.AddAggregate(std::make_unique<Avg<double>>());
}

}  // namespace sundial::exec
