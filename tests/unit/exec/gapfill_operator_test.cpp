#include <catch2/catch.hpp>

#include "exec_test_util.h"

namespace sundial::exec::testing {
namespace {

// Gapfill over already sorted input columns [time, value] or
// [series, time, value], integer buckets of width 10 in [start, finish).
std::shared_ptr<GapfillPlan> GapfillOver(PlanPtr input, bool with_series, int64_t start,
                                         int64_t finish, std::vector<GapfillColumn> fills = {}) {
  auto plan = std::make_shared<GapfillPlan>();
  plan->output_types = input->output_types;
  for (const GapfillColumn& fill : fills)
    plan->output_types.push_back(fill.value->type);
  plan->children = {std::move(input)};
  plan->time_column = with_series ? 1 : 0;
  if (with_series) plan->series_columns = {0};
  plan->width = Value::Int64(10);
  plan->start = start;
  plan->finish = finish;
  plan->fills = std::move(fills);
  return plan;
}

GapfillColumn Locf(int column, DataType type, ExprPtr prev = nullptr, bool treat_null = false) {
  return GapfillColumn{.kind = GapfillKind::kLocf,
                       .value = MakeColumnRef(column, type),
                       .prev = std::move(prev),
                       .treat_null_as_missing = treat_null};
}

GapfillColumn Interpolate(int column, DataType type) {
  return GapfillColumn{.kind = GapfillKind::kInterpolate, .value = MakeColumnRef(column, type)};
}

Value I(int64_t v) {
  return Value::Int64(v);
}
Value D(double v) {
  return Value::Float64(v);
}
const Value kNull = Value::Null(kFloat64);
const Value kNullInt = Value::Null(kInt64);

TEST_CASE("Gapfill inserts the buckets a series lacks between start and finish",
          "[operator][gapfill]") {
  auto input = ValuesOf({kInt64, kFloat64}, {{I(10), D(1)}, {I(40), D(4)}});
  auto rows = MustRun(*GapfillOver(input, false, 0, 60));
  CHECK(rows == std::vector<std::vector<Value>>{{I(0), kNull},
                                                {I(10), D(1)},
                                                {I(20), kNull},
                                                {I(30), kNull},
                                                {I(40), D(4)},
                                                {I(50), kNull}});
}

TEST_CASE("Gapfill passes rows before start and from finish on through unchanged",
          "[operator][gapfill]") {
  auto input = ValuesOf({kInt64, kFloat64}, {{I(-20), D(1)}, {I(20), D(2)}, {I(90), D(3)}});
  auto rows = MustRun(*GapfillOver(input, false, 10, 40));
  CHECK(rows == std::vector<std::vector<Value>>{
                    {I(-20), D(1)}, {I(10), kNull}, {I(20), D(2)}, {I(30), kNull}, {I(90), D(3)}});
}

TEST_CASE("Gapfill fills each series on its own and keeps its key in gap rows",
          "[operator][gapfill]") {
  auto input = ValuesOf({kText, kInt64, kFloat64}, {{Value::Text("a"), I(10), D(1)},
                                                    {Value::Text("b"), I(0), D(5)},
                                                    {Value::Text("b"), I(20), D(7)},
                                                    {Value::Null(kText), I(10), D(9)}});
  auto rows = MustRun(*GapfillOver(input, true, 0, 30));
  const Value a = Value::Text("a");
  const Value b = Value::Text("b");
  const Value none = Value::Null(kText);
  CHECK(rows == std::vector<std::vector<Value>>{{a, I(0), kNull},
                                                {a, I(10), D(1)},
                                                {a, I(20), kNull},
                                                {b, I(0), D(5)},
                                                {b, I(10), kNull},
                                                {b, I(20), D(7)},
                                                {none, I(0), kNull},
                                                {none, I(10), D(9)},
                                                {none, I(20), kNull}});
}

TEST_CASE("Gapfill of an empty input is one full series only without series keys",
          "[operator][gapfill]") {
  auto empty = ValuesOf({kInt64, kFloat64}, {});
  CHECK(MustRun(*GapfillOver(empty, false, 0, 30)) ==
        std::vector<std::vector<Value>>{{I(0), kNull}, {I(10), kNull}, {I(20), kNull}});
  auto keyed = ValuesOf({kText, kInt64, kFloat64}, {});
  CHECK(MustRun(*GapfillOver(keyed, true, 0, 30)).empty());
}

TEST_CASE("locf carries values, NULLs included, and uses prev before the first value",
          "[operator][gapfill]") {
  auto input = ValuesOf({kInt64, kFloat64}, {{I(10), D(1)}, {I(30), kNull}, {I(50), D(5)}});
  auto rows = MustRun(*GapfillOver(
      input, false, 0, 70,
      {Locf(1, kFloat64, Lit(D(-1))), Locf(1, kFloat64, nullptr, /*treat_null=*/true)}));
  CHECK(rows == std::vector<std::vector<Value>>{{I(0), kNull, D(-1), kNull},
                                                {I(10), D(1), D(1), D(1)},
                                                {I(20), kNull, D(1), D(1)},
                                                {I(30), kNull, kNull, D(1)},
                                                {I(40), kNull, kNull, D(1)},
                                                {I(50), D(5), D(5), D(5)},
                                                {I(60), kNull, D(5), D(5)}});
}

TEST_CASE("interpolate is linear between neighbours and NULL at a series' edges",
          "[operator][gapfill]") {
  auto input = ValuesOf({kText, kInt64, kInt64}, {{Value::Text("a"), I(10), I(10)},
                                                  {Value::Text("a"), I(40), I(21)},
                                                  {Value::Text("b"), I(20), I(-3)},
                                                  {Value::Text("b"), I(40), I(0)}});
  auto rows = MustRun(*GapfillOver(input, true, 0, 50, {Interpolate(2, kInt64)}));
  std::vector<Value> filled;
  for (const auto& row : rows)
    filled.push_back(row[3]);
  // a: 10 -> 21 over three buckets gives 13.67 and 17.33, rounded; b: -1.5
  // rounds half away from zero to -2.
  CHECK(filled == std::vector<Value>{kNullInt, I(10), I(14), I(17), I(21), kNullInt, kNullInt,
                                     I(-3), I(-2), I(0)});
}

TEST_CASE("Gapfill rejects a NULL time as TimescaleDB does", "[operator][gapfill]") {
  auto input = ValuesOf({kInt64, kFloat64}, {{kNullInt, D(1)}});
  ExecContext context;
  auto rows = RunPlan(*GapfillOver(input, false, 0, 30), context);
  REQUIRE_FALSE(rows.ok());
  CHECK(rows.status().code() == ErrorCode::kInvalidParameterValue);
}

TEST_CASE("Gapfill output spanning several batches keeps every bucket once",
          "[operator][gapfill]") {
  auto input = ValuesOf({kInt64, kFloat64}, {{I(25'000), D(1)}});
  auto rows = MustRun(*GapfillOver(input, false, 0, 50'000, {Locf(1, kFloat64)}));
  REQUIRE(rows.size() == 5'000);
  bool all_ok = true;
  for (size_t i = 0; i < rows.size(); ++i) {
    all_ok &= rows[i][0] == I(static_cast<int64_t>(i) * 10);
    all_ok &= rows[i][2] == (i < 2'500 ? kNull : D(1));
  }
  CHECK(all_ok);
}

}  // namespace
}  // namespace sundial::exec::testing
