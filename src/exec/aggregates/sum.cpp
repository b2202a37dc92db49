#include <limits>

#include "exec/aggregates/typed_aggregate.h"
#include "exec/cast.h"
#include "exec/function_catalog.h"
#include "exec/kernel_util.h"

namespace sundial::exec {
namespace {

// Integers sum exactly in 128 bits, so only a final result outside the
// result type is an error (and partial states never overflow). As in
// PostgreSQL, sum(int2) and sum(int4) are bigint, sum(int8) is numeric.
struct IntSumState {
  __int128 sum = 0;
  bool has_value = false;
  static auto Fields(auto& s) { return std::tie(s.sum, s.has_value); }
};

template <typename T>
class IntSum final : public TypedAggregate<IntSumState> {
  static constexpr bool kToNumeric = std::is_same_v<T, int64_t>;

 public:
  IntSum()
      : TypedAggregate("sum", {DataType::Of(NumericTypeIdOf<T>())},
                       DataType::Of(kToNumeric ? TypeId::kNumeric : TypeId::kInt64)) {}

  void Update(uint8_t* const* states, const ColumnVector* args, size_t count) const override {
    UpdateRuns<T>(states, args[0], count, [](IntSumState& s, T v) {
      s.sum += v;
      s.has_value = true;
    });
  }
  void Combine(const uint8_t* source, uint8_t* target) const override {
    const IntSumState& s = Get(source);
    IntSumState& t = Get(target);
    t.sum += s.sum;
    t.has_value |= s.has_value;
  }
  Status CheckFinalize(const uint8_t* state) const override {
    __int128 sum = Get(state).sum;
    if constexpr (kToNumeric) return Numeric::FromInt128(sum).status();
    if (sum > std::numeric_limits<int64_t>::max() || sum < std::numeric_limits<int64_t>::min()) {
      return IntegerOutOfRange(TypeId::kInt64);
    }
    return Status::Ok();
  }
  void Finalize(const uint8_t* state, ColumnVector& out, size_t row) const override {
    const IntSumState& s = Get(state);
    if (!s.has_value) {
      out.SetNull(row, true);
      return;
    }
    if constexpr (kToNumeric) {
      out.data<Numeric>()[row] = Numeric::FromUnscaled(s.sum, 0);
    } else {
      out.data<int64_t>()[row] = static_cast<int64_t>(s.sum);
    }
  }
};

// Exact sums keep the largest display scale of their inputs. An overflow
// is remembered and raised when the result is asked for.
struct NumericSumState {
  Numeric sum;
  int64_t count = 0;
  bool overflow = false;
  static auto Fields(auto& s) { return std::tie(s.sum, s.count, s.overflow); }
};

void AddToNumericSum(const Numeric& v, int64_t count, NumericSumState& s) {
  if (s.overflow) return;
  Result<Numeric> sum = AddNumeric(s.sum, v);
  if (!sum.ok()) {
    s.overflow = true;
    return;
  }
  s.sum = *sum;
  s.count += count;
}

// sum(numeric) and avg(numeric): avg divides with numeric division's scale.
template <bool kAvg>
class NumericSum final : public TypedAggregate<NumericSumState> {
 public:
  NumericSum()
      : TypedAggregate(kAvg ? "avg" : "sum", {DataType::Of(TypeId::kNumeric)},
                       DataType::Of(TypeId::kNumeric)) {}

  void Update(uint8_t* const* states, const ColumnVector* args, size_t count) const override {
    ForEachValue<Numeric>(
        args[0], count, [&](size_t i, const Numeric& v) { AddToNumericSum(v, 1, Get(states[i])); });
  }
  void Combine(const uint8_t* source, uint8_t* target) const override {
    const NumericSumState& s = Get(source);
    NumericSumState& t = Get(target);
    if (s.overflow) t.overflow = true;
    if (s.count > 0) AddToNumericSum(s.sum, s.count, t);
  }
  Status CheckFinalize(const uint8_t* state) const override { return Outcome(state).status(); }
  void Finalize(const uint8_t* state, ColumnVector& out, size_t row) const override {
    const NumericSumState& s = Get(state);
    Result<Numeric> result = Outcome(state);
    if (s.count == 0 || !result.ok()) {
      out.SetNull(row, true);
      return;
    }
    out.data<Numeric>()[row] = *result;
  }

 private:
  static Result<Numeric> Outcome(const uint8_t* state) {
    const NumericSumState& s = Get(state);
    if (s.overflow) return NumericOverflow();
    if (!kAvg || s.count == 0) return s.sum;
    return DivideNumeric(s.sum, Numeric::FromInt(s.count));
  }
};

struct FloatSumState {
  double sum = 0;
  bool has_value = false;
  static auto Fields(auto& s) { return std::tie(s.sum, s.has_value); }
};

template <typename T>
class FloatSum final : public TypedAggregate<FloatSumState> {
 public:
  FloatSum()
      : TypedAggregate("sum", {DataType::Of(NumericTypeIdOf<T>())},
                       DataType::Of(TypeId::kFloat64)) {}

  void Update(uint8_t* const* states, const ColumnVector* args, size_t count) const override {
    UpdateRuns<T>(states, args[0], count, [](FloatSumState& s, T v) {
      s.sum += v;
      s.has_value = true;
    });
  }
  void Combine(const uint8_t* source, uint8_t* target) const override {
    const FloatSumState& s = Get(source);
    FloatSumState& t = Get(target);
    t.sum += s.sum;
    t.has_value |= s.has_value;
  }
  void Finalize(const uint8_t* state, ColumnVector& out, size_t row) const override {
    const FloatSumState& s = Get(state);
    if (!s.has_value) {
      out.SetNull(row, true);
      return;
    }
    out.data<double>()[row] = s.sum;
  }
};

struct IntervalSumState {
  Interval sum;
  bool has_value = false;
  static auto Fields(auto& s) { return std::tie(s.sum, s.has_value); }
};

class IntervalSum final : public TypedAggregate<IntervalSumState> {
 public:
  IntervalSum()
      : TypedAggregate("sum", {DataType::Of(TypeId::kInterval)}, DataType::Of(TypeId::kInterval)) {}

  void Update(uint8_t* const* states, const ColumnVector* args, size_t count) const override {
    ForEachValue<Interval>(args[0], count,
                           [&](size_t i, const Interval& v) { Add(v, Get(states[i])); });
  }
  void Combine(const uint8_t* source, uint8_t* target) const override {
    const IntervalSumState& s = Get(source);
    if (s.has_value) Add(s.sum, Get(target));
  }
  void Finalize(const uint8_t* state, ColumnVector& out, size_t row) const override {
    const IntervalSumState& s = Get(state);
    if (!s.has_value) {
      out.SetNull(row, true);
      return;
    }
    out.data<Interval>()[row] = s.sum;
  }

 private:
  static void Add(const Interval& v, IntervalSumState& s) {
    s.sum.micros += v.micros;
    s.sum.days += v.days;
    s.sum.months += v.months;
    s.has_value = true;
  }
};

}  // namespace

void RegisterSumAggregates(FunctionCatalog& catalog) {
  catalog.AddAggregate(std::make_unique<IntSum<int16_t>>());
  catalog.AddAggregate(std::make_unique<IntSum<int32_t>>());
  catalog.AddAggregate(std::make_unique<IntSum<int64_t>>());
  catalog.AddAggregate(std::make_unique<FloatSum<float>>());
  catalog.AddAggregate(std::make_unique<FloatSum<double>>());
  catalog.AddAggregate(std::make_unique<IntervalSum>());
  catalog.AddAggregate(std::make_unique<NumericSum<false>>());
  catalog.AddAggregate(std::make_unique<NumericSum<true>>());
}

}  // namespace sundial::exec
