#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "common/value_text.h"
#include "exec/subquery_results.h"
#include "exec_test_util.h"

namespace sundial::exec::testing {
namespace {

// Rows as sorted text lines ("1|a", NULL as "-"), for order-free comparison.
std::vector<std::string> Lines(const std::vector<std::vector<Value>>& rows) {
  std::vector<std::string> lines;
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      if (c > 0) line += "|";
      line += row[c].is_null() ? "-" : FormatValue(row[c], TimeZone::Utc());
    }
    lines.push_back(std::move(line));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::shared_ptr<ValuesPlan> Left() {
  return ValuesOf({kInt32, kText}, {{Value::Int(TypeId::kInt32, 1), Value::Text("a")},
                                    {Value::Int(TypeId::kInt32, 2), Value::Text("b")},
                                    {Value::Int(TypeId::kInt32, 2), Value::Text("c")},
                                    {Value::Null(kInt32), Value::Text("n")},
                                    {Value::Int(TypeId::kInt32, 4), Value::Text("d")}});
}

std::shared_ptr<ValuesPlan> Right() {
  return ValuesOf({kInt32, kText}, {{Value::Int(TypeId::kInt32, 2), Value::Text("x")},
                                    {Value::Int(TypeId::kInt32, 2), Value::Text("y")},
                                    {Value::Null(kInt32), Value::Text("z")},
                                    {Value::Int(TypeId::kInt32, 5), Value::Text("w")}});
}

std::shared_ptr<JoinPlan> EquiJoin(JoinType type) {
  auto join = std::make_shared<JoinPlan>();
  join->type = type;
  join->children = {Left(), Right()};
  join->output_types = {kInt32, kText, kInt32, kText};
  join->probe_keys = {MakeColumnRef(0, kInt32)};
  join->build_keys = {MakeColumnRef(0, kInt32)};
  return join;
}

TEST_CASE("Hash join pairs equal keys and never matches NULL keys", "[exec][join]") {
  CHECK(Lines(MustRun(*EquiJoin(JoinType::kInner))) ==
        std::vector<std::string>{"2|b|2|x", "2|b|2|y", "2|c|2|x", "2|c|2|y"});
}

TEST_CASE("Outer joins pad the unmatched rows of the preserved sides with NULLs", "[exec][join]") {
  CHECK(Lines(MustRun(*EquiJoin(JoinType::kLeft))) ==
        std::vector<std::string>{"-|n|-|-", "1|a|-|-", "2|b|2|x", "2|b|2|y", "2|c|2|x", "2|c|2|y",
                                 "4|d|-|-"});
  CHECK(Lines(MustRun(*EquiJoin(JoinType::kRight))) ==
        std::vector<std::string>{"-|-|-|z", "-|-|5|w", "2|b|2|x", "2|b|2|y", "2|c|2|x", "2|c|2|y"});
  CHECK(MustRun(*EquiJoin(JoinType::kFull)).size() == 9);
}

TEST_CASE("Semi and anti joins return each probe row once, by whether it pairs", "[exec][join]") {
  auto semi = EquiJoin(JoinType::kSemi);
  semi->output_types = {kInt32, kText};
  CHECK(Lines(MustRun(*semi)) == std::vector<std::string>{"2|b", "2|c"});
  auto anti = EquiJoin(JoinType::kAnti);
  anti->output_types = {kInt32, kText};
  // The NULL key pairs with nothing, so NOT EXISTS keeps it.
  CHECK(Lines(MustRun(*anti)) == std::vector<std::string>{"-|n", "1|a", "4|d"});
  // A condition over both sides: only 'y' rows count.
  semi->condition = Call("=", {MakeColumnRef(3, kText), Txt("y")});
  semi->children = {Left(), Right()};
  CHECK(Lines(MustRun(*semi)) == std::vector<std::string>{"2|b", "2|c"});
  anti->condition = Call("=", {MakeColumnRef(3, kText), Txt("q")});
  CHECK(Lines(MustRun(*anti)).size() == 5);
}

TEST_CASE("A join condition decides which pairs match, also for outer joins", "[exec][join]") {
  auto join = EquiJoin(JoinType::kLeft);
  // Only pairs whose right text is 'y' match; b and b2 still pair once each.
  join->condition = Call("=", {MakeColumnRef(3, kText), Txt("y")});
  CHECK(Lines(MustRun(*join)) ==
        std::vector<std::string>{"-|n|-|-", "1|a|-|-", "2|b|2|y", "2|c|2|y", "4|d|-|-"});
}

TEST_CASE("A join without keys tests every pair (nested loop)", "[exec][join]") {
  auto join = std::make_shared<JoinPlan>();
  join->type = JoinType::kInner;
  join->children = {Left(), Right()};
  join->output_types = {kInt32, kText, kInt32, kText};
  join->condition = Call("<", {MakeColumnRef(0, kInt32), MakeColumnRef(2, kInt32)});
  CHECK(Lines(MustRun(*join)) ==
        std::vector<std::string>{"1|a|2|x", "1|a|2|y", "1|a|5|w", "2|b|5|w", "2|c|5|w", "4|d|5|w"});
}

TEST_CASE("A join whose output exceeds one batch returns every pair", "[exec][join]") {
  // One probe row's chain alone is longer than a batch.
  std::vector<std::vector<Value>> build;
  for (int i = 0; i < 2500; ++i)
    build.push_back({Value::Int(TypeId::kInt32, i % 2)});
  std::vector<std::vector<Value>> probe;
  for (int i = 0; i < 3; ++i)
    probe.push_back({Value::Int(TypeId::kInt32, 0)});
  auto join = std::make_shared<JoinPlan>();
  join->type = JoinType::kInner;
  join->children = {ValuesOf({kInt32}, probe), ValuesOf({kInt32}, build)};
  join->output_types = {kInt32, kInt32};
  join->probe_keys = {MakeColumnRef(0, kInt32)};
  join->build_keys = {MakeColumnRef(0, kInt32)};
  CHECK(MustRun(*join).size() == 3 * 1250);
}

std::shared_ptr<SetOperationPlan> SetOp(SetOperationType type) {
  auto left = ValuesOf({kInt32}, {{Value::Int(TypeId::kInt32, 1)},
                                  {Value::Int(TypeId::kInt32, 1)},
                                  {Value::Int(TypeId::kInt32, 1)},
                                  {Value::Int(TypeId::kInt32, 2)},
                                  {Value::Null(kInt32)},
                                  {Value::Null(kInt32)}});
  auto right = ValuesOf(
      {kInt32},
      {{Value::Int(TypeId::kInt32, 1)}, {Value::Null(kInt32)}, {Value::Int(TypeId::kInt32, 3)}});
  auto plan = std::make_shared<SetOperationPlan>();
  plan->type = type;
  plan->output_types = {kInt32};
  plan->children = {left, right};
  return plan;
}

TEST_CASE("INTERSECT and EXCEPT compare whole rows with NULLs equal", "[exec][setop]") {
  CHECK(Lines(MustRun(*SetOp(SetOperationType::kIntersect))) == std::vector<std::string>{"-", "1"});
  CHECK(Lines(MustRun(*SetOp(SetOperationType::kIntersectAll))) ==
        std::vector<std::string>{"-", "1"});
  CHECK(Lines(MustRun(*SetOp(SetOperationType::kExcept))) == std::vector<std::string>{"2"});
  CHECK(Lines(MustRun(*SetOp(SetOperationType::kExceptAll))) ==
        std::vector<std::string>{"-", "1", "1", "2"});
  CHECK(MustRun(*SetOp(SetOperationType::kUnionAll)).size() == 9);
}

TEST_CASE("x IN (subquery) follows SQL's NULL rules", "[exec][subquery]") {
  auto subquery = ValuesOf({kInt32}, {{Value::Int(TypeId::kInt32, 1)}, {Value::Null(kInt32)}});
  auto probe = ValuesOf(
      {kInt32},
      {{Value::Int(TypeId::kInt32, 1)}, {Value::Int(TypeId::kInt32, 2)}, {Value::Null(kInt32)}});
  Expr in{.kind = ExprKind::kSubquery, .type = kBool, .args = {MakeColumnRef(0, kInt32)}};
  in.subquery = subquery;
  in.subquery_kind = SubqueryKind::kIn;
  Expr not_in = in;
  not_in.negated = true;
  auto project = std::make_shared<ProjectPlan>();
  project->children = {probe};
  project->expressions = {std::make_shared<const Expr>(in), std::make_shared<const Expr>(not_in)};
  project->output_types = {kBool, kBool};
  ExecContext context;
  auto op = StartPlan(*project, context);
  REQUIRE(op.ok());
  DataChunk chunk;
  auto more = (*op)->Next(chunk);
  REQUIRE(more.ok());
  REQUIRE(chunk.size() == 3);
  // 1 is in the set; 2 is not, but the set holds a NULL: unknown; NULL: unknown.
  CHECK(Value::FromVector(chunk.columns[0], 0) == Value::Bool(true));
  CHECK(Value::FromVector(chunk.columns[1], 0) == Value::Bool(false));
  for (size_t row : {1, 2}) {
    CHECK(chunk.columns[0].IsNull(row));
    CHECK(chunk.columns[1].IsNull(row));
  }
}

TEST_CASE("A scalar subquery with two rows fails with 21000 before any row", "[exec][subquery]") {
  Expr scalar{.kind = ExprKind::kSubquery, .type = kInt32};
  scalar.subquery =
      ValuesOf({kInt32}, {{Value::Int(TypeId::kInt32, 1)}, {Value::Int(TypeId::kInt32, 2)}});
  auto project = std::make_shared<ProjectPlan>();
  project->children = {ValuesOf({}, {{}})};
  project->expressions = {std::make_shared<const Expr>(scalar)};
  project->output_types = {kInt32};
  ExecContext context;
  auto op = StartPlan(*project, context);
  REQUIRE_FALSE(op.ok());
  CHECK(op.status().code() == ErrorCode::kCardinalityViolation);
}

}  // namespace
}  // namespace sundial::exec::testing
