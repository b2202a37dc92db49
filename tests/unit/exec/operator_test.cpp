#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "exec_test_util.h"

namespace sundial::exec::testing {
namespace {

TEST_CASE("scan, filter and project over a storage engine", "[operator]") {
  CountingEngine engine(5000);
  auto filter = std::make_shared<FilterPlan>();
  filter->children = {ScanOf()};
  filter->output_types = {kInt64};
  ExprPtr x = MakeColumnRef(0, kInt64);
  filter->predicate = Call("=", {Call("%", {x, Big(1000)}), Big(7)});
  auto project = std::make_shared<ProjectPlan>();
  project->children = {filter};
  project->expressions = {x, Call("*", {x, Big(2)})};
  project->output_types = {kInt64, kInt64};
  ExecContext context{.engine = &engine};
  auto rows = RunPlan(*project, context);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 5);
  CHECK((*rows)[3][0] == Value::Int64(3007));
  CHECK((*rows)[3][1] == Value::Int64(6014));
}

TEST_CASE("a canceled query stops with 57014", "[operator]") {
  CountingEngine engine(100);
  std::atomic<bool> cancel{true};
  ExecContext context{.engine = &engine, .cancel_requested = &cancel};
  auto rows = RunPlan(*ScanOf(), context);
  REQUIRE_FALSE(rows.ok());
  CHECK(rows.status().code() == ErrorCode::kQueryCanceled);
  CHECK(rows.status().message() == "canceling statement due to user request");
}

TEST_CASE("hash aggregate groups many int keys across batches", "[operator]") {
  CountingEngine engine(50'000);
  auto agg = std::make_shared<AggregatePlan>();
  agg->children = {ScanOf()};
  ExprPtr x = MakeColumnRef(0, kInt64);
  agg->group_keys = {Call("%", {x, Big(10'000)})};
  agg->aggregates = {Agg("count", {}), Agg("sum", {x}), Agg("max", {x})};
  agg->output_types = {kInt64, kInt64, DataType::Of(TypeId::kNumeric), kInt64};
  ExecContext context{.engine = &engine};
  auto rows = RunPlan(*agg, context);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 10'000);
  bool all_ok = true;
  for (const auto& row : *rows) {
    int64_t k = row[0].int_value();
    all_ok &= row[1].int_value() == 5;
    // sum(bigint) is numeric.
    all_ok &= row[2].numeric_value() == Numeric::FromInt(5 * k + 10'000 * (0 + 1 + 2 + 3 + 4));
    all_ok &= row[3].int_value() == k + 40'000;
  }
  CHECK(all_ok);
}

TEST_CASE("hash aggregate with text and NULL keys", "[operator]") {
  auto values = ValuesOf({kText, kInt32, kFloat64},
                         {{Value::Text("host_1"), Value::Int(TypeId::kInt32, 1), Value::Float64(1)},
                          {Value::Text("host_2"), Value::Int(TypeId::kInt32, 1), Value::Float64(2)},
                          {Value::Null(kText), Value::Int(TypeId::kInt32, 1), Value::Float64(3)},
                          {Value::Text("host_1"), Value::Int(TypeId::kInt32, 1), Value::Float64(4)},
                          {Value::Null(kText), Value::Int(TypeId::kInt32, 1), Value::Float64(5)},
                          {Value::Text("host_1"), Value::Null(kInt32), Value::Float64(6)}});
  auto agg = std::make_shared<AggregatePlan>();
  agg->children = {values};
  agg->group_keys = {MakeColumnRef(0, kText), MakeColumnRef(1, kInt32)};
  agg->aggregates = {Agg("avg", {MakeColumnRef(2, kFloat64)}),
                     Agg("max", {MakeColumnRef(0, kText)})};
  agg->output_types = {kText, kInt32, kFloat64, kText};
  auto rows = MustRun(*agg);
  std::map<std::string, double> avg_by_key;
  for (const auto& row : rows) {
    std::string key = (row[0].is_null() ? "NULL" : row[0].text_value()) + "/" +
                      (row[1].is_null() ? "NULL" : std::to_string(row[1].int_value()));
    avg_by_key[key] = row[2].float_value();
  }
  CHECK(avg_by_key == std::map<std::string, double>{
                          {"host_1/1", 2.5}, {"host_2/1", 2}, {"NULL/1", 4}, {"host_1/NULL", 6}});
}

TEST_CASE("aggregate without keys gives one row even over no input", "[operator]") {
  auto values = ValuesOf({kInt32}, {});
  auto agg = std::make_shared<AggregatePlan>();
  agg->children = {values};
  agg->aggregates = {Agg("count", {}), Agg("sum", {MakeColumnRef(0, kInt32)})};
  agg->output_types = {kInt64, kInt64};
  auto rows = MustRun(*agg);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0] == Value::Int64(0));
  CHECK(rows[0][1].is_null());

  auto grouped = std::make_shared<AggregatePlan>(*agg);
  grouped->group_keys = {MakeColumnRef(0, kInt32)};
  CHECK(MustRun(*grouped).empty());
}

std::shared_ptr<ValuesPlan> NumbersWithNulls() {
  return ValuesOf({kInt32, kText}, {{Value::Int(TypeId::kInt32, 3), Value::Text("a")},
                                    {Value::Null(kInt32), Value::Text("b")},
                                    {Value::Int(TypeId::kInt32, 1), Value::Text("c")},
                                    {Value::Int(TypeId::kInt32, 3), Value::Text("d")},
                                    {Value::Int(TypeId::kInt32, 2), Value::Text("e")}});
}

std::string Column1(const std::vector<std::vector<Value>>& rows) {
  std::string out;
  for (const auto& row : rows)
    out += row[1].text_value();
  return out;
}

TEST_CASE("sort orders NULLs first or last and keeps ties stable", "[operator]") {
  auto sort = std::make_shared<SortPlan>();
  sort->children = {NumbersWithNulls()};
  sort->output_types = {kInt32, kText};
  sort->keys = {SortKey{.expr = MakeColumnRef(0, kInt32)}};
  CHECK(Column1(MustRun(*sort)) == "ceadb");
  sort->keys[0].nulls_first = true;
  CHECK(Column1(MustRun(*sort)) == "bcead");
  sort->keys[0] =
      SortKey{.expr = MakeColumnRef(0, kInt32), .descending = true, .nulls_first = true};
  CHECK(Column1(MustRun(*sort)) == "badec");
  sort->keys[0].nulls_first = false;
  CHECK(Column1(MustRun(*sort)) == "adecb");
}

TEST_CASE("top-N keeps the first rows of the full order", "[operator]") {
  CountingEngine engine(20'000);
  auto sort = std::make_shared<SortPlan>();
  sort->children = {ScanOf()};
  sort->output_types = {kInt64};
  ExprPtr x = MakeColumnRef(0, kInt64);
  // Order by x % 1000 descending, ties by arrival: 999, 1999, 2999, ...
  sort->keys = {SortKey{.expr = Call("%", {x, Big(1000)}), .descending = true}};
  sort->limit = 25;
  ExecContext context{.engine = &engine};
  auto rows = RunPlan(*sort, context);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 25);
  for (size_t i = 0; i < 20; ++i)
    CHECK((*rows)[i][0].int_value() == 999 + 1000 * int64_t(i));
  CHECK((*rows)[20][0].int_value() == 998);
}

TEST_CASE("limit with offset slices across batches", "[operator]") {
  CountingEngine engine(5000);
  auto limit = std::make_shared<LimitPlan>();
  limit->children = {ScanOf()};
  limit->output_types = {kInt64};
  limit->offset = 1500;
  limit->limit = 1200;
  ExecContext context{.engine = &engine};
  auto rows = RunPlan(*limit, context);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 1200);
  CHECK(rows->front()[0].int_value() == 1500);
  CHECK(rows->back()[0].int_value() == 2699);
}

TEST_CASE("distinct and distinct on", "[operator]") {
  auto distinct = std::make_shared<DistinctPlan>();
  distinct->children = {NumbersWithNulls()};
  distinct->output_types = {kInt32, kText};
  distinct->keys = {MakeColumnRef(0, kInt32)};
  // First seen per key: 3 -> "a", NULL -> "b", 1 -> "c", 2 -> "e".
  CHECK(Column1(MustRun(*distinct)) == "abce");

  distinct->order = {SortKey{.expr = MakeColumnRef(1, kText), .descending = true}};
  std::string kept = Column1(MustRun(*distinct));
  std::sort(kept.begin(), kept.end());
  CHECK(kept == "bcde");  // key 3 keeps "d", the largest text
}

TEST_CASE("distinct on keeps the best row per key over input far larger than the groups",
          "[operator]") {
  // 300,000 rows in 7 groups: enough batches that the operator compacts the
  // rows it holds several times; the survivor must still be each group's maximum.
  CountingEngine engine(300'000);
  auto distinct = std::make_shared<DistinctPlan>();
  distinct->children = {ScanOf()};
  distinct->output_types = {kInt64};
  ExprPtr x = MakeColumnRef(0, kInt64);
  distinct->keys = {Call("%", {x, Big(7)})};
  distinct->order = {SortKey{.expr = x, .descending = true}};
  ExecContext context{.engine = &engine};
  auto rows = RunPlan(*distinct, context);
  REQUIRE(rows.ok());
  std::vector<int64_t> kept;
  for (const auto& row : *rows)
    kept.push_back(row[0].int_value());
  std::sort(kept.begin(), kept.end());
  std::vector<int64_t> expected;
  for (int64_t v = 299'993; v < 300'000; ++v)
    expected.push_back(v);
  CHECK(kept == expected);
}

TEST_CASE("select without from runs over one empty row", "[operator]") {
  auto values = std::make_shared<ValuesPlan>();
  values->rows = {{}};
  auto project = std::make_shared<ProjectPlan>();
  project->children = {values};
  project->expressions = {Call("+", {Int(1), Int(2)})};
  project->output_types = {kInt32};
  auto rows = MustRun(*project);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0].int_value() == 3);
}

TEST_CASE("describe plan prints an indented tree", "[operator]") {
  auto agg = std::make_shared<AggregatePlan>();
  agg->children = {ScanOf()};
  agg->group_keys = {Call("time_bucket", {Lit(Iv("5 minutes")), MakeColumnRef(0, kTimestampTz)})};
  agg->aggregates = {Agg("count", {})};
  auto limit = std::make_shared<LimitPlan>();
  limit->children = {agg};
  limit->limit = 10;
  CHECK(DescribePlan(*limit) ==
        "Limit limit=10\n"
        "  ->  HashAggregate keys=[time_bucket('00:05:00', $0)] aggregates=[count(*)]\n"
        "        ->  Scan table=0 columns=[0]");
}

}  // namespace
}  // namespace sundial::exec::testing
