#include <pthread.h>

#include <catch2/catch.hpp>
#include <exception>
#include <functional>
#include <string>

#include "sql/expr_binder.h"
#include "sql/nesting_limit.h"
#include "sql/parser/parser.h"
#include "sql_test_db.h"

namespace sundial::sql {
namespace {

std::string Chain(const std::string& head, const std::string& link, int links) {
  std::string sql = head;
  for (int i = 0; i < links; ++i)
    sql += link;
  return sql;
}

std::string Parenthesized(int depth, const std::string& inner) {
  return std::string(depth, '(') + inner + std::string(depth, ')');
}

// Runs `body` on a thread with a 512 MiB stack and waits for it. Sanitizer
// and debug builds use several times the stack per level that a release
// build does; with room to spare, the level count decides what is refused
// in every build, so the expectations below hold in all of them.
void OnLargeStack(const std::function<void()>& body) {
  struct Task {
    const std::function<void()>* body;
    std::exception_ptr failure;
  } task{&body, nullptr};
  pthread_attr_t attributes;
  REQUIRE(pthread_attr_init(&attributes) == 0);
  REQUIRE(pthread_attr_setstacksize(&attributes, size_t{512} << 20) == 0);
  pthread_t thread;
  auto run = [](void* argument) -> void* {
    auto* t = static_cast<Task*>(argument);
    try {
      (*t->body)();
    } catch (...) {
      t->failure = std::current_exception();
    }
    return nullptr;
  };
  REQUIRE(pthread_create(&thread, &attributes, run, &task) == 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
  if (task.failure) std::rethrow_exception(task.failure);
}

void CheckTooDeep(const Status& status) {
  INFO(status.message());
  CHECK(status.code() == ErrorCode::kStatementTooComplex);
  CHECK(status.message() == "stack depth limit exceeded");
  CHECK_FALSE(status.hint().empty());
}

TEST_CASE("the parser refuses statements nested beyond the limit with 54001", "[parser][limits]") {
  OnLargeStack([] {
    CheckTooDeep(ParseSql(Chain("SELECT 1", "+1", 100000)).status());
    CheckTooDeep(ParseSql("SELECT " + Parenthesized(100000, "1")).status());
    CheckTooDeep(ParseSql(Chain("SELECT ", "abs(", 5000) + "1" + std::string(5000, ')')).status());
    CheckTooDeep(ParseSql(Chain("SELECT ", "NOT ", 5000) + "true").status());
    CheckTooDeep(ParseSql(Chain("SELECT ", "- ", 5000) + "x").status());
    CheckTooDeep(
        ParseSql(Chain("SELECT ", "CASE WHEN true THEN ", 5000) + "1" + Chain("", " END", 5000))
            .status());
    CheckTooDeep(ParseSql(Chain("SELECT 1 WHERE a = 1", " OR a = 1", kMaxNestingDepth)).status());
    // A bracket run too deep is refused before parsing, and an unbalanced one too.
    CheckTooDeep(ParseSql("SELECT " + std::string(kMaxNestingDepth, '(')).status());
  });
}

TEST_CASE("the parser accepts realistic depth and flat lists of any length", "[parser][limits]") {
  OnLargeStack([] {
    CHECK(ParseSql(Chain("SELECT 1", "+1", 2000)).ok());
    CHECK(ParseSql("SELECT " + Parenthesized(1000, "1")).ok());
    CHECK(ParseSql(Chain("SELECT ", "abs(", 500) + "1" + std::string(500, ')')).ok());
    std::string in_list = "SELECT 1 IN (0";
    for (int i = 1; i < 100000; ++i)
      in_list += "," + std::to_string(i);
    CHECK(ParseSql(in_list + ")").ok());
    std::string values = "VALUES (0)";
    for (int i = 1; i < 100000; ++i)
      values += ",(" + std::to_string(i) + ")";
    CHECK(ParseSql(values).ok());
    // Statements after a refused one are not needed; a later statement parses on its own.
    CHECK(ParseSql("SELECT 1; SELECT " + Parenthesized(100, "2")).ok());
  });
}

TEST_CASE("the binder refuses expressions nested beyond the limit", "[binder][limits]") {
  OnLargeStack([] {
    // Built by hand: the parser would refuse it first.
    ast::ExprPtr expr = std::make_unique<ast::Expr>();
    expr->kind = ast::ExprKind::kLiteral;
    expr->literal_kind = ast::LiteralKind::kInteger;
    expr->text = "1";
    for (int i = 0; i < kMaxNestingDepth; ++i) {
      auto sum = std::make_unique<ast::Expr>();
      sum->kind = ast::ExprKind::kBinaryOp;
      sum->name = "+";
      sum->args.push_back(std::move(expr));
      auto one = std::make_unique<ast::Expr>();
      one->kind = ast::ExprKind::kLiteral;
      one->literal_kind = ast::LiteralKind::kInteger;
      one->text = "1";
      sum->args.push_back(std::move(one));
      expr = std::move(sum);
    }
    Scope empty;
    exec::EvalContext eval;
    ExprBinder binder(empty, eval, "SELECT");
    CheckTooDeep(binder.Bind(*expr).status());
    // One level less binds, and the binder is usable after the refusal.
    ExprBinder fresh(empty, eval, "SELECT");
    auto result = fresh.Bind(*expr->args[0]);
    REQUIRE(result.ok());
    CHECK((*result)->constant.int_value() == kMaxNestingDepth);
    CHECK(binder.Bind(*expr->args[0]).ok());
  });
}

TEST_CASE("deep expressions bind, evaluate and group within the limit", "[binder][limits]") {
  OnLargeStack([] {
    testing::TestDb db;
    db.Exec("CREATE TABLE t (x float8, b bool)");
    db.Exec("INSERT INTO t VALUES (1, true), (2, false)");
    const std::string sum = Chain("x", "+x", 1999);
    CHECK(db.Query("SELECT " + sum + " FROM t ORDER BY 1") == testing::Rows{{"2000"}, {"4000"}});
    CHECK(db.Query("SELECT " + sum + " FROM t GROUP BY x ORDER BY 1") ==
          testing::Rows{{"2000"}, {"4000"}});
    CHECK(db.Query("SELECT " + Parenthesized(1000, "x") + " FROM t ORDER BY 1") ==
          testing::Rows{{"1"}, {"2"}});
    CHECK(db.Run("EXPLAIN SELECT " + sum + " FROM t").ok());
    CheckTooDeep(db.Run(Chain("SELECT x", "+x", 100000) + " FROM t"));
    CHECK(db.Query("SELECT count(*) FROM t") == testing::Rows{{"2"}});
  });
}

TEST_CASE("decimal literals cast to integers round half away from zero, float8 half to even",
          "[binder][rounding]") {
  testing::TestDb db;
  CHECK(db.Query("SELECT 2.5::integer, -2.5::integer, (-2.5)::integer, 0.5::int, 3.5::int") ==
        testing::Rows{{"3", "-3", "-3", "1", "4"}});
  CHECK(db.Query("SELECT 2.49::int, 25e-1::int, 1.5e0::bigint, .5::smallint, CAST(2.5 AS int)") ==
        testing::Rows{{"2", "3", "2", "1", "3"}});
  CHECK(db.Query("SELECT 2.5::float8::int, 3.5::float8::int, (-2.5)::float8::int") ==
        testing::Rows{{"2", "4", "-2"}});
  CHECK(db.Query("SELECT round(16.5::float8), round(-2.5::float8), round(0.5::float8)") ==
        testing::Rows{{"16", "-2", "0"}});
  CHECK(db.Query("SELECT round(2.5), round(-2.5), round(16.5), round(1.49)") ==
        testing::Rows{{"3", "-3", "17", "1"}});
  CHECK(db.Query("SELECT 9223372036854775807.4::bigint, (-9223372036854775808.4)::bigint") ==
        testing::Rows{{"9223372036854775807", "-9223372036854775808"}});
  // Unary minus binds looser than ::, so this casts the positive literal.
  CHECK(db.Run("SELECT -9223372036854775808.4::bigint").code() ==
        ErrorCode::kNumericValueOutOfRange);
  CHECK(db.Run("SELECT 32767.5::smallint").code() == ErrorCode::kNumericValueOutOfRange);
  CHECK(db.Run("SELECT 2147483647.5::int").code() == ErrorCode::kNumericValueOutOfRange);
  CHECK(db.Run("SELECT 9223372036854775807.5::bigint").code() ==
        ErrorCode::kNumericValueOutOfRange);
  CHECK(db.Run("SELECT 1e400::bigint").code() == ErrorCode::kNumericValueOutOfRange);
  // PostgreSQL bounds a numeric exponent even for a zero mantissa.
  CHECK(db.Run("SELECT 0e2147483647::int").code() == ErrorCode::kNumericValueOutOfRange);
  CHECK(db.Query("SELECT 0e5000::int, 5e-5::int") == testing::Rows{{"0", "0"}});
}

TEST_CASE("decimal literals stored into integer columns round like PostgreSQL's numeric",
          "[binder][rounding]") {
  testing::TestDb db;
  db.Exec("CREATE TABLE r (i int, b bigint DEFAULT 4.5)");
  db.Exec("INSERT INTO r (i) VALUES (2.5), (-2.5)");
  db.Exec("INSERT INTO r VALUES (0.5::float8, 1.5)");
  CHECK(db.Query("SELECT i, b FROM r ORDER BY i") ==
        testing::Rows{{"-3", "5"}, {"0", "2"}, {"3", "5"}});
  CHECK(db.Query("SELECT i FROM r ORDER BY i LIMIT 1.5") == testing::Rows{{"-3"}, {"0"}});
}

}  // namespace
}  // namespace sundial::sql
