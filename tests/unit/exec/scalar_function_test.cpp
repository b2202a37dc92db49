#include <catch2/catch.hpp>

#include "exec_test_util.h"

namespace sundial::exec::testing {
namespace {

// Evaluates `expr` (over columns of `types`) on every row and returns column 0.
std::vector<Value> EvalRows(std::vector<DataType> types,
                            const std::vector<std::vector<Value>>& rows, ExprPtr expr) {
  auto project = std::make_shared<ProjectPlan>();
  project->children = {ValuesOf(std::move(types), rows)};
  project->output_types = {expr->type};
  project->expressions = {std::move(expr)};
  std::vector<Value> out;
  for (const auto& row : MustRun(*project))
    out.push_back(row[0]);
  return out;
}

TEST_CASE("a regex kernel follows the pattern of each row", "[scalar]") {
  ExprPtr text = MakeColumnRef(0, kText);
  ExprPtr pattern = MakeColumnRef(1, kText);
  std::vector<Value> result = EvalRows({kText, kText},
                                       {{Value::Text("abc"), Value::Text("^a")},
                                        {Value::Text("abc"), Value::Text("^a")},
                                        {Value::Text("abc"), Value::Text("^b")},
                                        {Value::Text("abc"), Value::Null(kText)},
                                        {Value::Null(kText), Value::Text("(")},
                                        {Value::Text("ABC"), Value::Text("c$")}},
                                       Call("~", {text, pattern}));
  REQUIRE(result.size() == 6);
  CHECK(result[0] == Value::Bool(true));
  CHECK(result[1] == Value::Bool(true));
  CHECK(result[2] == Value::Bool(false));
  CHECK(result[3].is_null());
  // An invalid pattern in a NULL row is never compiled.
  CHECK(result[4].is_null());
  CHECK(result[5] == Value::Bool(false));
}

TEST_CASE("an invalid pattern is error 2201B, a PostgreSQL-only construct 0A000", "[scalar]") {
  auto bad = Eval(Call("~", {Txt("a"), Txt("a{2,1}")}));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == ErrorCode::kInvalidRegex);
  auto lookahead = Eval(Call("~", {Txt("a"), Txt("a(?=b)")}));
  REQUIRE_FALSE(lookahead.ok());
  CHECK(lookahead.status().code() == ErrorCode::kFeatureNotSupported);
}

TEST_CASE("regexp_replace expands group references and advances past empty matches", "[scalar]") {
  CHECK(*Eval(Call("regexp_replace", {Txt("2016-01-02"), Txt("(\\d+)-(\\d+)-(\\d+)"),
                                      Txt("\\3.\\2.\\1")})) == Value::Text("02.01.2016"));
  CHECK(*Eval(Call("regexp_replace", {Txt("abc"), Txt("x*"), Txt("-"), Txt("g")})) ==
        Value::Text("-a-b-c-"));
  CHECK(*Eval(Call("regexp_replace", {Txt("Hello"), Txt("L"), Txt("_"), Txt("gi")})) ==
        Value::Text("He__o"));
}

TEST_CASE("greatest and least skip NULLs row by row", "[scalar]") {
  ExprPtr a = MakeColumnRef(0, kInt64);
  ExprPtr b = MakeColumnRef(1, kInt64);
  std::vector<std::vector<Value>> rows = {{Value::Int64(1), Value::Int64(5)},
                                          {Value::Null(kInt64), Value::Int64(-2)},
                                          {Value::Null(kInt64), Value::Null(kInt64)}};
  std::vector<Value> greatest = EvalRows({kInt64, kInt64}, rows, Call("greatest", {a, b}));
  std::vector<Value> least = EvalRows({kInt64, kInt64}, rows, Call("least", {a, b}));
  CHECK(greatest[0] == Value::Int64(5));
  CHECK(greatest[1] == Value::Int64(-2));
  CHECK(greatest[2].is_null());
  CHECK(least[0] == Value::Int64(1));
  CHECK(least[1] == Value::Int64(-2));
  CHECK(least[2].is_null());
}

TEST_CASE("width_bucket splits the range evenly, with 0 and count + 1 outside", "[scalar]") {
  auto bucket = [](double x) {
    return Eval(Call("width_bucket", {Dbl(x), Dbl(0), Dbl(10), Int(5)}))->int_value();
  };
  CHECK(bucket(-0.1) == 0);
  CHECK(bucket(0) == 1);
  CHECK(bucket(1.999) == 1);
  CHECK(bucket(2) == 2);
  CHECK(bucket(9.999999999) == 5);
  CHECK(bucket(10) == 6);
}

TEST_CASE("trunc with digits cuts the decimal spelling", "[scalar]") {
  auto trunc = [](double x, int64_t digits) {
    return Eval(Call("trunc", {Dbl(x), Int(digits)}))->float_value();
  };
  CHECK(trunc(0.29, 2) == 0.29);
  CHECK(trunc(-1.789, 2) == -1.78);
  CHECK(trunc(1234.5678, -2) == 1200);
  CHECK(trunc(-5, -3) == 0);
  CHECK(trunc(1.5, 10) == 1.5);
}

}  // namespace
}  // namespace sundial::exec::testing
