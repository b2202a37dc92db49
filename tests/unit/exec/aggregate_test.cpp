#include <catch2/catch.hpp>

#include <cmath>

#include "exec_test_util.h"

namespace sundial::exec::testing {
namespace {

// One aggregate state in 16-byte aligned storage, destroyed on scope exit.
class State {
 public:
  explicit State(const AggregateFunction& f) : f_(f), storage_((f.state_size() + 15) / 16) {
    f_.Init(bytes());
  }
  ~State() { f_.Destroy(bytes()); }
  uint8_t* bytes() { return reinterpret_cast<uint8_t*>(storage_.data()); }

  void Update(const std::vector<ColumnVector>& args, size_t begin, size_t end) {
    std::vector<ColumnVector> slice;
    for (const ColumnVector& arg : args) {
      ColumnVector part(arg.type(), std::max<size_t>(end - begin, 1));
      for (size_t i = begin; i < end; ++i)
        part.AppendFrom(arg, i);
      slice.push_back(std::move(part));
    }
    std::vector<uint8_t*> states(end - begin, bytes());
    f_.Update(states.data(), slice.data(), end - begin);
  }
  Value Result() {
    ColumnVector out(f_.return_type(), 1);
    out.SetSize(1);
    f_.Finalize(bytes(), out, 0);
    return Value::FromVector(out, 0);
  }

 private:
  struct alignas(16) Block {
    uint8_t b[16];
  };
  const AggregateFunction& f_;
  std::vector<Block> storage_;
};

const AggregateFunction& Aggregate(std::string_view name, std::vector<DataType> types) {
  auto resolved = FunctionRegistry::Instance().ResolveAggregate(name, types);
  INFO(resolved.status().message());
  REQUIRE(resolved.ok());
  return *resolved->function;
}

ColumnVector Column(DataType type, const std::vector<Value>& values) {
  ColumnVector out(type, values.size());
  out.SetSize(values.size());
  for (size_t i = 0; i < values.size(); ++i)
    values[i].WriteTo(out, i);
  return out;
}

// Aggregates the whole input in one state, and in two halves combined;
// both must give the same answer.
void CheckCombineMatchesSinglePass(const AggregateFunction& f,
                                   const std::vector<ColumnVector>& args, size_t split) {
  size_t n = args.empty() ? 0 : args[0].size();
  State whole(f);
  whole.Update(args, 0, n);
  State left(f);
  State right(f);
  left.Update(args, 0, split);
  right.Update(args, split, n);
  f.Combine(right.bytes(), left.bytes());
  Value a = whole.Result();
  Value b = left.Result();
  if (a.type().id == TypeId::kFloat64 && !a.is_null()) {
    CHECK(b.float_value() == Approx(a.float_value()).epsilon(1e-12));
  } else {
    CHECK(a == b);
  }
}

TEST_CASE("combining two partial states equals one pass", "[aggregate]") {
  std::vector<Value> ints;
  std::vector<Value> doubles;
  std::vector<Value> texts;
  for (int i = 0; i < 100; ++i) {
    ints.push_back(i % 7 == 0 ? Value::Null(kInt64) : Value::Int64(i * 37 % 101 - 50));
    doubles.push_back(Value::Float64(std::sin(i) * 100));
    texts.push_back(Value::Text("host_" + std::to_string(i * 13 % 29)));
  }
  ColumnVector int_col = Column(kInt64, ints);
  ColumnVector dbl_col = Column(kFloat64, doubles);
  ColumnVector txt_col = Column(kText, texts);
  for (const char* name : {"count", "sum", "avg", "min", "max", "stddev", "var_pop"}) {
    INFO(name);
    CheckCombineMatchesSinglePass(Aggregate(name, {kInt64}), {int_col}, 37);
    CheckCombineMatchesSinglePass(Aggregate(name, {kFloat64}), {dbl_col}, 61);
  }
  CheckCombineMatchesSinglePass(Aggregate("min", {kText}), {txt_col}, 50);
  CheckCombineMatchesSinglePass(Aggregate("max", {kText}), {txt_col}, 10);
  CheckCombineMatchesSinglePass(Aggregate("count", {}), {}, 0);
}

TEST_CASE("aggregates over no rows: count is 0, the rest NULL", "[aggregate]") {
  for (const char* name : {"sum", "avg", "min", "max", "stddev", "bool_and"}) {
    INFO(name);
    DataType type = std::string(name) == "bool_and" ? kBool : kInt32;
    State s(Aggregate(name, {type}));
    CHECK(s.Result().is_null());
  }
  State count(Aggregate("count", {kInt32}));
  CHECK(count.Result() == Value::Int64(0));
}

TEST_CASE("sum and avg results", "[aggregate]") {
  ColumnVector values = Column(
      kInt32, {Value::Int(TypeId::kInt32, 1), Value::Null(kInt32), Value::Int(TypeId::kInt32, 4)});
  State sum(Aggregate("sum", {kInt32}));
  sum.Update({values}, 0, 3);
  CHECK(sum.Result() == Value::Int64(5));
  State avg(Aggregate("avg", {kInt32}));
  avg.Update({values}, 0, 3);
  // avg of integers is numeric, with numeric division's 16 digits.
  CHECK(NumericToString(avg.Result().numeric_value()) == "2.5000000000000000");
  State count(Aggregate("count", {kInt32}));
  count.Update({values}, 0, 3);
  CHECK(count.Result() == Value::Int64(2));
}

TEST_CASE("sum(bigint) is an exact numeric beyond the bigint range", "[aggregate]") {
  const AggregateFunction& f = Aggregate("sum", {kInt64});
  CHECK(f.return_type().id == TypeId::kNumeric);
  ColumnVector values = Column(kInt64, {Value::Int64(INT64_MAX), Value::Int64(1)});
  State s(f);
  s.Update({values}, 0, 2);
  CHECK(f.CheckFinalize(s.bytes()).ok());
  CHECK(NumericToString(s.Result().numeric_value()) == "9223372036854775808");
  ColumnVector back = Column(kInt64, {Value::Int64(-2)});
  s.Update({back}, 0, 1);
  CHECK(NumericToString(s.Result().numeric_value()) == "9223372036854775806");
}

TEST_CASE("first and last pick the value at the extreme time", "[aggregate]") {
  ColumnVector values = Column(kText, {Value::Text("a"), Value::Text("b"), Value::Null(kText),
                                       Value::Text("d"), Value::Text("e"), Value::Text("f")});
  ColumnVector times = Column(
      kTimestampTz, {Value::TimestampTz(20), Value::TimestampTz(10), Value::TimestampTz(30),
                     Value::Null(kTimestampTz), Value::TimestampTz(10), Value::TimestampTz(30)});
  const AggregateFunction& first = Aggregate("first", {kText, kTimestampTz});
  const AggregateFunction& last = Aggregate("last", {kText, kTimestampTz});
  State f(first);
  f.Update({values, times}, 0, 6);
  CHECK(f.Result() == Value::Text("b"));  // time 10 seen first as "b", tie "e" loses
  State l(last);
  l.Update({values, times}, 0, 6);
  CHECK(l.Result().is_null());  // time 30 first seen with a NULL value; the tie "f" loses
  // A NULL time never wins, even alone.
  State only_null_time(last);
  only_null_time.Update({values, times}, 3, 4);
  CHECK(only_null_time.Result().is_null());

  CheckCombineMatchesSinglePass(first, {values, times}, 3);
  CheckCombineMatchesSinglePass(last, {values, times}, 2);
}

TEST_CASE("variance family matches the textbook formulas", "[aggregate]") {
  ColumnVector values = Column(
      kFloat64, {Value::Float64(2), Value::Float64(4), Value::Float64(4), Value::Float64(4),
                 Value::Float64(5), Value::Float64(5), Value::Float64(7), Value::Float64(9)});
  State pop(Aggregate("stddev_pop", {kFloat64}));
  pop.Update({values}, 0, 8);
  CHECK(pop.Result().float_value() == Approx(2.0));
  State samp(Aggregate("var_samp", {kFloat64}));
  samp.Update({values}, 0, 8);
  CHECK(samp.Result().float_value() == Approx(32.0 / 7));
  State single(Aggregate("stddev", {kFloat64}));
  single.Update({values}, 0, 1);
  CHECK(single.Result().is_null());
}

TEST_CASE("bool_and and bool_or skip NULLs", "[aggregate]") {
  ColumnVector values = Column(kBool, {Value::Bool(true), Value::Null(kBool), Value::Bool(false)});
  State all(Aggregate("bool_and", {kBool}));
  all.Update({values}, 0, 3);
  CHECK(all.Result() == Value::Bool(false));
  State any(Aggregate("bool_or", {kBool}));
  any.Update({values}, 0, 2);
  CHECK(any.Result() == Value::Bool(true));
}

// Row i of a column of type `id` (every fifth row NULL).
Value Sample(TypeId id, int i) {
  DataType type = DataType::Of(id);
  if (i % 5 == 3) return Value::Null(type);
  int64_t v = (i * 37) % 23 - 11;
  switch (id) {
    case TypeId::kBool:
      return Value::Bool(v > 0);
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return Value::Float(id, static_cast<double>(v) / 3);
    case TypeId::kInterval:
      return Value::OfInterval(Interval{.micros = v * 1000, .days = 1, .months = 0});
    case TypeId::kText:
      return Value::Text("value_" + std::to_string(v + 100) +
                         std::string(static_cast<size_t>(i), 'x'));
    default:
      return Value::Int(id, id == TypeId::kInt64 ? v * (4'000'000'000'000'000'000 / 11) : v);
  }
}

// Serialize then Deserialize gives a state that finalizes and combines like
// the original, consuming exactly its bytes; any shorter prefix is
// corruption.
void CheckRoundTrip(const AggregateFunction& f, const std::vector<ColumnVector>& args, size_t n) {
  State original(f);
  original.Update(args, 0, n);
  std::string bytes;
  f.Serialize(original.bytes(), bytes);
  State copy(f);
  std::string_view in = bytes;
  REQUIRE(f.Deserialize(in, copy.bytes()).ok());
  CHECK(in.empty());
  CHECK(f.CheckFinalize(copy.bytes()).code() == f.CheckFinalize(original.bytes()).code());
  CHECK(copy.Result() == original.Result());
  f.Combine(copy.bytes(), original.bytes());
  State twice(f);
  twice.Update(args, 0, n);
  twice.Update(args, 0, n);
  if (f.CheckFinalize(twice.bytes()).ok()) {
    Value a = original.Result();
    Value b = twice.Result();
    if (a.type().id == TypeId::kFloat64 && !a.is_null()) {
      CHECK(a.float_value() == Approx(b.float_value()).epsilon(1e-12));
    } else {
      CHECK(a == b);
    }
  }
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    State partial(f);
    std::string_view prefix = std::string_view(bytes).substr(0, cut);
    CHECK(f.Deserialize(prefix, partial.bytes()).code() == ErrorCode::kCorruption);
  }
  State empty(f);
  std::string empty_bytes;
  f.Serialize(empty.bytes(), empty_bytes);
  State empty_copy(f);
  std::string_view empty_in = empty_bytes;
  REQUIRE(f.Deserialize(empty_in, empty_copy.bytes()).ok());
  CHECK(empty_copy.Result() == empty.Result());
}

TEST_CASE("every aggregate state survives Serialize and Deserialize", "[aggregate]") {
  constexpr int kRows = 40;
  auto column_of = [&](TypeId id) {
    std::vector<Value> values;
    for (int i = 0; i < kRows; ++i)
      values.push_back(Sample(id, i));
    return Column(DataType::Of(id), values);
  };
  const TypeId kAll[] = {TypeId::kBool,     TypeId::kInt16,     TypeId::kInt32,
                         TypeId::kInt64,    TypeId::kFloat32,   TypeId::kFloat64,
                         TypeId::kDate,     TypeId::kTimestamp, TypeId::kTimestampTz,
                         TypeId::kInterval, TypeId::kText};
  const TypeId kNumeric[] = {TypeId::kInt16, TypeId::kInt32, TypeId::kInt64, TypeId::kFloat32,
                             TypeId::kFloat64};
  CheckRoundTrip(Aggregate("count", {}), {}, kRows);
  for (TypeId id : kAll) {
    INFO(static_cast<int>(id));
    ColumnVector values = column_of(id);
    DataType type = DataType::Of(id);
    for (const char* name : {"count", "min", "max"}) {
      INFO(name);
      CheckRoundTrip(Aggregate(name, {type}), {values}, kRows);
    }
    for (TypeId time_id : {TypeId::kTimestampTz, TypeId::kInt64}) {
      ColumnVector times = column_of(time_id);
      for (const char* name : {"first", "last"}) {
        INFO(name);
        CheckRoundTrip(Aggregate(name, {type, DataType::Of(time_id)}), {values, times}, kRows);
      }
    }
  }
  for (TypeId id : kNumeric) {
    INFO(static_cast<int>(id));
    ColumnVector values = column_of(id);
    for (const char* name : {"sum", "avg", "variance", "var_pop", "stddev", "stddev_pop"}) {
      INFO(name);
      CheckRoundTrip(Aggregate(name, {DataType::Of(id)}), {values}, kRows);
    }
  }
  CheckRoundTrip(Aggregate("sum", {DataType::Of(TypeId::kInterval)}),
                 {column_of(TypeId::kInterval)}, kRows);
  for (const char* name : {"bool_and", "bool_or", "every"}) {
    CheckRoundTrip(Aggregate(name, {kBool}), {column_of(TypeId::kBool)}, kRows);
  }
}

}  // namespace
}  // namespace sundial::exec::testing
