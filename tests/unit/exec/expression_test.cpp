#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "exec_test_util.h"

namespace sundial::exec::testing {
namespace {

ExprPtr Logic(ExprKind kind, std::vector<ExprPtr> args) {
  return std::make_shared<const Expr>(Expr{.kind = kind, .type = kBool, .args = std::move(args)});
}

Value MustEval(const ExprPtr& expr, const EvalContext& context = {}) {
  auto result = Eval(expr, context);
  INFO(result.status().message());
  REQUIRE(result.ok());
  return *result;
}

Status EvalError(const ExprPtr& expr) {
  auto result = Eval(expr);
  REQUIRE_FALSE(result.ok());
  return result.status();
}

TEST_CASE("AND and OR follow SQL three-valued logic", "[expression]") {
  ExprPtr t = Bool(true);
  ExprPtr f = Bool(false);
  ExprPtr n = Null(kBool);
  CHECK(MustEval(Logic(ExprKind::kAnd, {t, n})).is_null());
  CHECK(MustEval(Logic(ExprKind::kAnd, {f, n})) == Value::Bool(false));
  CHECK(MustEval(Logic(ExprKind::kAnd, {n, f})) == Value::Bool(false));
  CHECK(MustEval(Logic(ExprKind::kAnd, {t, t})) == Value::Bool(true));
  CHECK(MustEval(Logic(ExprKind::kOr, {f, n})).is_null());
  CHECK(MustEval(Logic(ExprKind::kOr, {n, t})) == Value::Bool(true));
  CHECK(MustEval(Logic(ExprKind::kOr, {f, f})) == Value::Bool(false));
  CHECK(MustEval(Logic(ExprKind::kNot, {n})).is_null());
  CHECK(MustEval(Logic(ExprKind::kNot, {f})) == Value::Bool(true));
}

TEST_CASE("comparisons with NULL are NULL and IS NULL is never NULL", "[expression]") {
  CHECK(MustEval(Call("=", {Int(1), Null(kInt32)})).is_null());
  auto is_null = std::make_shared<const Expr>(
      Expr{.kind = ExprKind::kIsNull, .type = kBool, .args = {Null(kInt32)}});
  CHECK(MustEval(is_null) == Value::Bool(true));
  auto is_not_null = std::make_shared<const Expr>(
      Expr{.kind = ExprKind::kIsNull, .type = kBool, .args = {Int(3)}, .negated = true});
  CHECK(MustEval(is_not_null) == Value::Bool(true));
}

TEST_CASE("integer arithmetic truncates and reports errors like PostgreSQL", "[expression]") {
  CHECK(MustEval(Call("/", {Int(7), Int(2)})).int_value() == 3);
  CHECK(MustEval(Call("/", {Int(-7), Int(2)})).int_value() == -3);
  CHECK(MustEval(Call("%", {Int(-7), Int(2)})).int_value() == -1);
  CHECK(MustEval(Call("-", {Int(5)})).int_value() == -5);

  Status div = EvalError(Call("/", {Int(1), Int(0)}));
  CHECK(div.code() == ErrorCode::kDivisionByZero);
  CHECK(div.message() == "division by zero");
  CHECK(EvalError(Call("/", {Dbl(1), Dbl(0)})).code() == ErrorCode::kDivisionByZero);
  CHECK(EvalError(Call("%", {Big(1), Big(0)})).code() == ErrorCode::kDivisionByZero);

  Status overflow = EvalError(Call("+", {Int(2147483647), Int(1)}));
  CHECK(overflow.code() == ErrorCode::kNumericValueOutOfRange);
  CHECK(overflow.message() == "integer out of range");
  CHECK(EvalError(Call("*", {Big(INT64_MAX), Big(2)})).message() == "bigint out of range");
  CHECK(EvalError(Call("-", {Big(INT64_MIN)})).message() == "bigint out of range");
  CHECK(EvalError(Call("/", {Big(INT64_MIN), Big(-1)})).message() == "bigint out of range");
  CHECK(MustEval(Call("%", {Big(INT64_MIN), Big(-1)})).int_value() == 0);
}

TEST_CASE("division by zero in a NULL row is not an error", "[expression]") {
  DataChunk chunk = DataChunk::Make({kInt32}, 2);
  chunk.columns[0].data<int32_t>()[0] = 5;
  chunk.columns[0].SetNull(1, true);
  chunk.SetSize(2);
  ExprPtr expr = Call("/", {Int(10), MakeColumnRef(0, kInt32)});
  ColumnVector out;
  REQUIRE(Evaluate(*expr, chunk, EvalContext{}, out).ok());
  CHECK(Value::FromVector(out, 0).int_value() == 2);
  CHECK(out.IsNull(1));
}

TEST_CASE("mixed numeric operands promote like PostgreSQL", "[expression]") {
  CHECK(Call("+", {Int(1), Big(2)})->type.id == TypeId::kInt64);
  CHECK(Call("+", {Int(1), Dbl(2)})->type.id == TypeId::kFloat64);
  CHECK(Call("+", {Int(1), Lit(Value::Float(TypeId::kFloat32, 2))})->type.id == TypeId::kFloat64);
  CHECK(Call("=", {Lit(Tstz("2024-01-01 00:00:00+00")), Untyped("2024-01-01")})->args[1]->type.id ==
        TypeId::kTimestampTz);
  CHECK(Call("length", {Untyped("abc")})->type.id == TypeId::kInt32);
}

TEST_CASE("unknown functions and operators name their argument types", "[expression]") {
  const auto& registry = FunctionRegistry::Instance();
  auto fn = registry.ResolveScalar("foo", {kInt32});
  REQUIRE_FALSE(fn.ok());
  CHECK(fn.status().code() == ErrorCode::kUndefinedFunction);
  CHECK(fn.status().message() == "function foo(integer) does not exist");
  CHECK(fn.status().hint() ==
        "No function matches the given name and argument types. You might need to add explicit "
        "type casts.");
  auto op = registry.ResolveScalar("+", {kText, kInt32});
  REQUIRE_FALSE(op.ok());
  CHECK(op.status().message() == "operator does not exist: text + integer");
  CHECK(registry.IsAggregateName("COUNT"));
  CHECK_FALSE(registry.IsAggregateName("lower"));
}

TEST_CASE("casts round, range-check and parse", "[expression]") {
  CHECK(MustEval(MakeCast(Dbl(2.5), kInt32)).int_value() == 2);
  CHECK(MustEval(MakeCast(Dbl(3.5), kInt32)).int_value() == 4);
  CHECK(MustEval(MakeCast(Dbl(-2.5), kInt32)).int_value() == -2);
  Status range = EvalError(MakeCast(Big(3'000'000'000), kInt32));
  CHECK(range.code() == ErrorCode::kNumericValueOutOfRange);
  CHECK(range.message() == "integer out of range");
  CHECK(EvalError(MakeCast(Dbl(std::nan("")), kInt64)).message() == "bigint out of range");
  CHECK(MustEval(MakeCast(Untyped("42"), kInt64)).int_value() == 42);
  CHECK(EvalError(MakeCast(Txt("abc"), kInt32)).code() == ErrorCode::kInvalidTextRepresentation);
  CHECK(MustEval(MakeCast(Int(42), kText)).text_value() == "42");
  CHECK(MustEval(MakeCast(Bool(true), kInt32)).int_value() == 1);
  CHECK(MustEval(MakeCast(Txt("hello"), DataType::Varchar(3))).text_value() == "hel");
  CHECK(MustEval(MakeCast(Lit(Date("2024-03-01")), DataType::Of(TypeId::kTimestamp))) ==
        Ts("2024-03-01 00:00:00"));
  CHECK(MustEval(MakeCast(Lit(Tstz("2024-03-01 23:30:00+00")), DataType::Of(TypeId::kDate))) ==
        Date("2024-03-01"));
  CHECK(MustEval(MakeCast(Null(kInt32), kText)).is_null());
}

TEST_CASE("timestamptz to timestamp casts use the session time zone", "[expression]") {
  EvalContext context;
  auto zone = TimeZone::Lookup("Europe/Berlin");
  REQUIRE(zone.ok());
  context.time_zone = *zone;
  CHECK(MustEval(MakeCast(Lit(Tstz("2024-01-01 12:00:00+00")), DataType::Of(TypeId::kTimestamp)),
                 context) == Ts("2024-01-01 13:00:00"));
}

TEST_CASE("CASE evaluates a branch only for the rows that reach it", "[expression]") {
  DataChunk chunk = DataChunk::Make({kInt32}, 3);
  int32_t* x = chunk.columns[0].data<int32_t>();
  x[0] = 0;
  x[1] = 5;
  x[2] = -2;
  chunk.SetSize(3);
  ExprPtr col = MakeColumnRef(0, kInt32);
  auto case_expr = std::make_shared<const Expr>(
      Expr{.kind = ExprKind::kCase,
           .type = kInt32,
           .args = {Call("<>", {col, Int(0)}), Call("/", {Int(10), col}), Int(-1)},
           .has_else = true});
  ColumnVector out;
  REQUIRE(Evaluate(*case_expr, chunk, EvalContext{}, out).ok());
  CHECK(Value::FromVector(out, 0).int_value() == -1);
  CHECK(Value::FromVector(out, 1).int_value() == 2);
  CHECK(Value::FromVector(out, 2).int_value() == -5);
}

TEST_CASE("IN lists, LIKE, coalesce and nullif", "[expression]") {
  auto in = [](ExprPtr probe, std::vector<ExprPtr> items, bool negated = false) {
    std::vector<ExprPtr> args{std::move(probe)};
    for (auto& item : items)
      args.push_back(std::move(item));
    return std::make_shared<const Expr>(Expr{
        .kind = ExprKind::kInList, .type = kBool, .args = std::move(args), .negated = negated});
  };
  CHECK(MustEval(in(Int(2), {Int(1), Int(2)})) == Value::Bool(true));
  CHECK(MustEval(in(Int(3), {Int(1), Null(kInt32)})).is_null());
  CHECK(MustEval(in(Int(1), {Int(1), Null(kInt32)})) == Value::Bool(true));
  CHECK(MustEval(in(Int(3), {Int(1), Int(2)}, true)) == Value::Bool(true));

  auto like = [](std::string text, std::string pattern, bool ci = false) {
    return std::make_shared<const Expr>(
        Expr{.kind = ExprKind::kLike,
             .type = kBool,
             .args = {Txt(std::move(text)), Txt(std::move(pattern))},
             .case_insensitive = ci});
  };
  CHECK(MustEval(like("host_12", "host\\_%")) == Value::Bool(true));
  CHECK(MustEval(like("hostX12", "host\\_%")) == Value::Bool(false));
  CHECK(MustEval(like("abcabd", "%ab_")) == Value::Bool(true));
  CHECK(MustEval(like("ABC", "a%", true)) == Value::Bool(true));
  CHECK(MustEval(like("ABC", "a%")) == Value::Bool(false));

  CHECK(MustEval(Call("coalesce", {Null(kInt32), Null(kInt32), Int(7)})).int_value() == 7);
  CHECK(MustEval(Call("coalesce", {Null(kText), Untyped("x")})).text_value() == "x");
  CHECK(MustEval(Call("coalesce", {Null(kInt32), Dbl(1.5)})).float_value() == 1.5);
  CHECK(MustEval(Call("nullif", {Int(3), Int(3)})).is_null());
  CHECK(MustEval(Call("nullif", {Int(3), Int(4)})).int_value() == 3);
}

TEST_CASE("string functions count characters, not bytes", "[expression]") {
  CHECK(MustEval(Call("length", {Txt("héllo")})).int_value() == 5);
  CHECK(MustEval(Call("upper", {Txt("abc")})).text_value() == "ABC");
  CHECK(MustEval(Call("substr", {Txt("héllo"), Int(2), Int(3)})).text_value() == "éll");
  CHECK(MustEval(Call("substr", {Txt("hello"), Int(0), Int(2)})).text_value() == "h");
  CHECK(MustEval(Call("replace", {Txt("a-b-c"), Txt("-"), Txt("+")})).text_value() == "a+b+c");
  CHECK(MustEval(Call("||", {Txt("cpu"), Int(7)})).text_value() == "cpu7");
  CHECK(MustEval(Call("<", {Txt("B"), Txt("a")})) == Value::Bool(true));
}

TEST_CASE("floats order NaN above everything", "[expression]") {
  double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(MustEval(Call(">", {Dbl(nan), Dbl(1e300)})) == Value::Bool(true));
  CHECK(MustEval(Call("=", {Dbl(nan), Dbl(nan)})) == Value::Bool(true));
}

TEST_CASE("timestamp and interval arithmetic", "[expression]") {
  CHECK(MustEval(Call("-", {Lit(Tstz("2024-01-01 00:00:00+00")), Lit(Iv("5 minutes"))})) ==
        Tstz("2023-12-31 23:55:00+00"));
  CHECK(MustEval(Call("+", {Lit(Ts("2024-01-31 10:00:00")), Lit(Iv("1 month"))})) ==
        Ts("2024-02-29 10:00:00"));
  CHECK(MustEval(Call("-", {Lit(Ts("2024-01-02 12:00:00")), Lit(Ts("2024-01-01 00:00:00"))})) ==
        Iv("1 day 12:00:00"));
  CHECK(MustEval(Call("*", {Lit(Iv("1 hour")), Dbl(2.5)})) == Iv("2 hours 30 minutes"));
  CHECK(MustEval(Call("-", {Lit(Date("2024-03-01")), Lit(Date("2024-02-01"))})).int_value() == 29);
  CHECK(MustEval(Call("+", {Lit(Date("2024-02-28")), Int(2)})) == Date("2024-03-01"));

  EvalContext berlin;
  auto zone = TimeZone::Lookup("Europe/Berlin");
  REQUIRE(zone.ok());
  berlin.time_zone = *zone;
  // Adding a day across the DST switch keeps the local wall-clock time.
  CHECK(MustEval(Call("+", {Lit(Tstz("2024-03-30 12:00:00+01")), Lit(Iv("1 day"))}), berlin) ==
        Tstz("2024-03-31 12:00:00+02"));
  CHECK(MustEval(Call("date_trunc", {Txt("day"), Lit(Tstz("2024-06-01 23:30:00+00"))}), berlin) ==
        Tstz("2024-06-02 00:00:00+02"));
  CHECK(MustEval(Call("date_trunc", {Txt("week"), Lit(Ts("2024-01-03 05:00:00"))})) ==
        Ts("2024-01-01 00:00:00"));

  EvalContext at;
  at.statement_time_micros = 1'700'000'000'000'000;
  CHECK(MustEval(Call("now", {}), at).int_value() == 1'700'000'000'000'000);
}

TEST_CASE("dates beyond the timestamp range fail where they become timestamps", "[expression]") {
  // Dates reach year 5874897, timestamps only 294247.
  Value far = Date("2012016-01-05");
  const DataType timestamp = DataType::Of(TypeId::kTimestamp);
  for (const ExprPtr& expr :
       {MakeCast(Lit(far), timestamp), MakeCast(Lit(far), kTimestampTz),
        Call("+", {Lit(far), Lit(Iv("1 day"))}), Call("date_part", {Txt("year"), Lit(far)}),
        Call("time_bucket", {Lit(Iv("1 day")), Lit(far)})}) {
    Status error = EvalError(expr);
    CHECK(error.code() == ErrorCode::kDatetimeFieldOverflow);
    CHECK(error.message() == "date out of range for timestamp");
  }
  CHECK(MustEval(Call("+", {Lit(Date("infinity")), Lit(Iv("1 day"))})) == Ts("infinity"));
  CHECK(MustEval(MakeCast(Lit(Date("-infinity")), kTimestampTz)) == Tstz("-infinity"));
  CHECK(MustEval(Call("date_part", {Txt("year"), Lit(Tstz("infinity"))})).float_value() ==
        HUGE_VAL);
  CHECK(MustEval(Call("date_part", {Txt("hour"), Lit(Date("-infinity"))})).is_null());
}

TEST_CASE("now is the statement's time", "[expression]") {
  EvalContext at;
  at.statement_time_micros = 1'700'000'000'000'000;
  CHECK(MustEval(Call("now", {}), at).int_value() == 1'700'000'000'000'000);
}

}  // namespace
}  // namespace sundial::exec::testing
