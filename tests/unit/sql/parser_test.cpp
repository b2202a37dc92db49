#include "sql/parser/parser.h"

#include <catch2/catch.hpp>
#include <string>

namespace sundial::sql {
namespace {

using ast::ExprKind;
using ast::LiteralKind;
using ast::Statement;

std::vector<std::unique_ptr<Statement>> ParseAll(std::string_view sql) {
  auto result = ParseSql(sql);
  INFO(sql);
  INFO(result.status().message());
  REQUIRE(result.ok());
  return std::move(result).value();
}

std::unique_ptr<Statement> ParseOne(std::string_view sql) {
  auto statements = ParseAll(sql);
  REQUIRE(statements.size() == 1);
  return std::move(statements[0]);
}

Status ParseError(std::string_view sql) {
  auto result = ParseSql(sql);
  INFO(sql);
  REQUIRE_FALSE(result.ok());
  return result.status();
}

std::string Render(const ast::Expr* expr);

std::string RenderList(const std::vector<ast::ExprPtr>& list, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < list.size(); ++i) {
    if (i > from) out += ", ";
    out += Render(list[i].get());
  }
  return out;
}

// A compact, fully parenthesised rendering that makes tree shape visible.
std::string Render(const ast::Expr* expr) {
  if (expr == nullptr) return "DEFAULT";
  const std::string negated = expr->negated ? "NOT " : "";
  switch (expr->kind) {
    case ExprKind::kColumnRef:
      return expr->qualifier.empty() ? expr->name : expr->qualifier + "." + expr->name;
    case ExprKind::kStar:
      return expr->qualifier.empty() ? "*" : expr->qualifier + ".*";
    case ExprKind::kLiteral:
      switch (expr->literal_kind) {
        case LiteralKind::kNull:
          return "NULL";
        case LiteralKind::kString:
          return "'" + expr->text + "'";
        case LiteralKind::kBool:
          return "bool:" + expr->text;
        case LiteralKind::kInteger:
          return expr->text;
        case LiteralKind::kDecimal:
          return "dec:" + expr->text;
      }
      return "?";
    case ExprKind::kParameter:
      return "$" + std::to_string(expr->parameter_index);
    case ExprKind::kFunction: {
      std::string out = expr->name + "(" + (expr->distinct ? "DISTINCT " : "") +
                        (expr->star_arg ? "*" : RenderList(expr->args));
      for (const auto& [name, value] : expr->named_args) {
        out += ", " + name + " => " + Render(value.get());
      }
      return out + ")";
    }
    case ExprKind::kUnaryOp:
      return "(" + expr->name + " " + Render(expr->args[0].get()) + ")";
    case ExprKind::kBinaryOp:
      return "(" + Render(expr->args[0].get()) + " " + expr->name + " " +
             Render(expr->args[1].get()) + ")";
    case ExprKind::kCast:
      return "CAST(" + Render(expr->args[0].get()) + " AS " + expr->type_name->name +
             (expr->type_name->is_array ? "[]" : "") + ")";
    case ExprKind::kIsNull:
      return "(" + Render(expr->args[0].get()) + " IS " + negated + "NULL)";
    case ExprKind::kIsBool:
      return "(" + Render(expr->args[0].get()) + " IS " + negated + expr->bool_test + ")";
    case ExprKind::kInList:
      return "(" + Render(expr->args[0].get()) + " " + negated + "IN (" +
             RenderList(expr->args, 1) + "))";
    case ExprKind::kInSubquery:
      return "(" + Render(expr->args[0].get()) + " " + negated + "IN (subquery))";
    case ExprKind::kExists:
      return negated + "EXISTS(subquery)";
    case ExprKind::kScalarSubquery:
      return "(subquery)";
    case ExprKind::kArray:
      return "ARRAY[" + RenderList(expr->args) + "]";
    case ExprKind::kArraySubquery:
      return "ARRAY(subquery)";
    case ExprKind::kSubscript:
      return Render(expr->args[0].get()) + "[" + Render(expr->args[1].get()) + "]";
    case ExprKind::kIsDistinct:
      return "(" + Render(expr->args[0].get()) + " IS " + negated + "DISTINCT FROM " +
             Render(expr->args[1].get()) + ")";
    case ExprKind::kBetween:
      return "(" + Render(expr->args[0].get()) + " " + negated + "BETWEEN " +
             (expr->symmetric ? "SYMMETRIC " : "") + Render(expr->args[1].get()) + " AND " +
             Render(expr->args[2].get()) + ")";
    case ExprKind::kLike:
      return "(" + Render(expr->args[0].get()) + " " + negated +
             (expr->case_insensitive ? "ILIKE " : "LIKE ") + Render(expr->args[1].get()) + ")";
    case ExprKind::kCase: {
      std::string out = "CASE";
      size_t i = 0;
      if (expr->has_operand) out += " " + Render(expr->args[i++].get());
      const size_t whens_end = expr->args.size() - (expr->has_else ? 1 : 0);
      for (; i < whens_end; i += 2) {
        out += " WHEN " + Render(expr->args[i].get()) + " THEN " + Render(expr->args[i + 1].get());
      }
      if (expr->has_else) out += " ELSE " + Render(expr->args.back().get());
      return out + " END";
    }
  }
  return "?";
}

// The rendering of the first select-list expression of `SELECT <expr>`.
std::string RenderSelectExpr(const std::string& expr) {
  auto statement = ParseOne("SELECT " + expr);
  REQUIRE(statement->kind == Statement::Kind::kSelect);
  REQUIRE(statement->select->targets.size() == 1);
  return Render(statement->select->targets[0].expr.get());
}

TEST_CASE("Array constructors, ARRAY(subquery) and subscripts parse with their precedence",
          "[parser]") {
  CHECK(RenderSelectExpr("ARRAY[1, x + 1]") == "ARRAY[1, (x + 1)]");
  CHECK(RenderSelectExpr("ARRAY(SELECT 1)") == "ARRAY(subquery)");
  // A subscript binds tighter than :: and the arithmetic around it.
  CHECK(RenderSelectExpr("a[i + 1]::int * 2") == "(CAST(a[(i + 1)] AS int) * 2)");
  CHECK(RenderSelectExpr("(parse_ident(t))[2]") == "parse_ident(t)[2]");
  CHECK(RenderSelectExpr("x = ANY (ARRAY['a'])") == "(x = any(ARRAY['a']))");
}

TEST_CASE("The issue's time_bucket query parses into the documented AST", "[parser]") {
  const std::string sql =
      "SELECT time_bucket('5 minutes', time) AS bucket, hostname, avg(usage_user), "
      "max(usage_system), count(*), first(usage_user, time), last(usage_user, time) FROM cpu "
      "WHERE time >= '2026-01-01' AND time < '2026-01-02' AND hostname IN ('h1','h2') "
      "GROUP BY bucket, hostname ORDER BY bucket, hostname LIMIT 100;";
  auto statement = ParseOne(sql);
  REQUIRE(statement->kind == Statement::Kind::kSelect);
  CHECK(statement->position == 1);
  CHECK(statement->text == sql.substr(0, sql.size() - 1));
  const ast::SelectStmt& select = *statement->select;
  REQUIRE(select.targets.size() == 7);
  CHECK(Render(select.targets[0].expr.get()) == "time_bucket('5 minutes', time)");
  CHECK(select.targets[0].alias == "bucket");
  CHECK(select.targets[1].alias.empty());
  CHECK(Render(select.targets[4].expr.get()) == "count(*)");
  CHECK(select.targets[4].expr->star_arg);
  CHECK(Render(select.targets[5].expr.get()) == "first(usage_user, time)");
  CHECK(Render(select.targets[6].expr.get()) == "last(usage_user, time)");
  REQUIRE(select.from.size() == 1);
  CHECK(select.from[0]->kind == ast::TableRef::Kind::kTable);
  CHECK(select.from[0]->name == "cpu");
  CHECK(Render(select.where.get()) ==
        "(((time >= '2026-01-01') and (time < '2026-01-02')) and (hostname IN ('h1', 'h2')))");
  CHECK(RenderList(select.group_by) == "bucket, hostname");
  REQUIRE(select.order_by.size() == 2);
  CHECK_FALSE(select.order_by[0].descending);
  CHECK_FALSE(select.order_by[0].nulls_first.has_value());
  CHECK(Render(select.limit.get()) == "100");
  CHECK(select.limit->literal_kind == LiteralKind::kInteger);
  CHECK(select.offset == nullptr);
}

TEST_CASE("TSBS query shapes parse", "[parser]") {
  auto cte = ParseOne(
      "WITH cpu_avg AS (SELECT time_bucket('1 hour', time) AS hour, hostname, "
      "avg(usage_user) AS mean_usage_user FROM cpu WHERE time >= '2016-01-01 07:47:52 +0000' "
      "AND time < '2016-01-01 19:47:52 +0000' GROUP BY 1, 2) "
      "SELECT hour, hostname, mean_usage_user FROM cpu_avg ORDER BY hour, hostname");
  const ast::SelectStmt& outer = *cte->select;
  REQUIRE(outer.with.size() == 1);
  CHECK(outer.with[0].name == "cpu_avg");
  CHECK(outer.with[0].position == 6);
  const ast::SelectStmt& inner = *outer.with[0].query;
  CHECK(inner.targets[0].alias == "hour");
  CHECK(RenderList(inner.group_by) == "1, 2");
  CHECK(Render(inner.where.get()) ==
        "((time >= '2016-01-01 07:47:52 +0000') and (time < '2016-01-01 19:47:52 +0000'))");
  CHECK(outer.from[0]->name == "cpu_avg");
  CHECK(outer.order_by.size() == 2);

  auto distinct_on =
      ParseOne("SELECT DISTINCT ON (hostname) * FROM cpu ORDER BY hostname, time DESC");
  const ast::SelectStmt& last_point = *distinct_on->select;
  CHECK(last_point.distinct);
  CHECK(RenderList(last_point.distinct_on) == "hostname");
  REQUIRE(last_point.targets.size() == 1);
  CHECK(last_point.targets[0].expr->kind == ExprKind::kStar);
  CHECK(last_point.order_by[1].descending);

  auto high_cpu = ParseOne(
      "SELECT * FROM cpu WHERE usage_user > 90.0 AND time >= '2016-01-01T00:00:00Z' "
      "AND time < '2016-01-02T00:00:00Z' AND hostname IN ('host_1')");
  CHECK(Render(high_cpu->select->where->args[0]->args[0]->args[0].get()) ==
        "(usage_user > dec:90.0)");

  auto groupby_orderby_limit = ParseOne(
      "SELECT time_bucket('60 seconds', time) AS minute, max(usage_user) FROM cpu "
      "WHERE time < '2016-01-01 12:00:00' GROUP BY minute ORDER BY minute DESC LIMIT 5");
  CHECK(groupby_orderby_limit->select->order_by[0].descending);
}

TEST_CASE("LATERAL marks subqueries and functions in FROM; a table name may not take it",
          "[parser]") {
  auto comma =
      ParseOne("SELECT * FROM hosts h, LATERAL (SELECT v FROM m WHERE m.host = h.name LIMIT 1) x");
  const auto& from = comma->select->from;
  REQUIRE(from.size() == 2);
  CHECK_FALSE(from[0]->lateral);
  REQUIRE(from[1]->kind == ast::TableRef::Kind::kSubquery);
  CHECK(from[1]->lateral);
  CHECK(from[1]->alias == "x");

  auto joined =
      ParseOne("SELECT * FROM hosts h LEFT JOIN LATERAL generate_series(1, h.n) s ON true");
  const ast::TableRef& join = *joined->select->from[0];
  REQUIRE(join.kind == ast::TableRef::Kind::kJoin);
  CHECK(join.join_kind == ast::JoinKind::kLeft);
  REQUIRE(join.right->kind == ast::TableRef::Kind::kFunction);
  CHECK(join.right->lateral);
  CHECK(join.right->alias == "s");

  CHECK_FALSE(ParseOne("SELECT * FROM hosts h, (SELECT 1) x")->select->from[1]->lateral);
  CHECK(ParseError("SELECT * FROM hosts h, LATERAL m").code() == ErrorCode::kSyntaxError);
  // Reserved, as in PostgreSQL: a column label only after AS.
  CHECK(ParseError("SELECT 1 lateral").code() == ErrorCode::kSyntaxError);
  CHECK(ParseOne("SELECT 1 AS lateral")->select->targets[0].alias == "lateral");
}

TEST_CASE("OVER clauses, frames and WINDOW definitions parse", "[parser][window]") {
  auto statement = ParseOne(
      "SELECT sum(x) OVER (w ORDER BY t ROWS BETWEEN 2 PRECEDING AND UNBOUNDED FOLLOWING), "
      "rank() OVER w, count(*) OVER (RANGE INTERVAL '1 hour' PRECEDING EXCLUDE NO OTHERS) "
      "FROM t WINDOW w AS (PARTITION BY a, b), rows AS (ORDER BY x)");
  const ast::SelectStmt& select = *statement->select;
  REQUIRE(select.targets.size() == 3);
  const ast::WindowSpec& first = *select.targets[0].expr->over;
  CHECK(first.name == "w");
  CHECK(first.parenthesized);
  REQUIRE(first.order_by.size() == 1);
  REQUIRE(first.frame.has_value());
  CHECK(first.frame->unit == ast::FrameUnit::kRows);
  CHECK(first.frame->start.kind == ast::FrameBoundKind::kPreceding);
  CHECK(first.frame->start.offset->text == "2");
  CHECK(first.frame->end.kind == ast::FrameBoundKind::kUnboundedFollowing);
  const ast::WindowSpec& named = *select.targets[1].expr->over;
  CHECK(named.name == "w");
  CHECK_FALSE(named.parenthesized);
  const ast::WindowSpec& range = *select.targets[2].expr->over;
  REQUIRE(range.frame.has_value());
  CHECK(range.frame->unit == ast::FrameUnit::kRange);
  CHECK(range.frame->start.kind == ast::FrameBoundKind::kPreceding);
  CHECK(range.frame->end.kind == ast::FrameBoundKind::kCurrentRow);
  CHECK(range.frame->exclusion.empty());
  REQUIRE(select.windows.size() == 2);
  CHECK(select.windows[0].name == "w");
  CHECK(select.windows[0].spec.partition_by.size() == 2);
  CHECK(select.windows[1].name == "rows");
}

TEST_CASE("Operators bind with PostgreSQL precedence", "[parser]") {
  CHECK(RenderSelectExpr("1 + 2 * 3") == "(1 + (2 * 3))");
  CHECK(RenderSelectExpr("1 - 2 - 3") == "((1 - 2) - 3)");
  CHECK(RenderSelectExpr("2 ^ 3 ^ 2") == "((2 ^ 3) ^ 2)");
  CHECK(RenderSelectExpr("-2 ^ 2") == "(-2 ^ 2)");
  CHECK(RenderSelectExpr("- x ^ 2") == "((- x) ^ 2)");
  CHECK(RenderSelectExpr("a OR b AND NOT c") == "(a or (b and (not c)))");
  CHECK(RenderSelectExpr("NOT a = b") == "(not (a = b))");
  CHECK(RenderSelectExpr("a = b IS NULL") == "((a = b) IS NULL)");
  CHECK(RenderSelectExpr("a + 1 BETWEEN 1 AND 2 + 3") == "((a + 1) BETWEEN 1 AND (2 + 3))");
  CHECK(RenderSelectExpr("a BETWEEN SYMMETRIC 1 AND 2 AND b") ==
        "((a BETWEEN SYMMETRIC 1 AND 2) and b)");
  CHECK(RenderSelectExpr("a NOT BETWEEN ASYMMETRIC 1 AND 2") == "(a NOT BETWEEN 1 AND 2)");
  CHECK(RenderSelectExpr("a = b IS DISTINCT FROM c AND NOT d IS NOT DISTINCT FROM e") ==
        "(((a = b) IS DISTINCT FROM c) and (not (d IS NOT DISTINCT FROM e)))");
  CHECK(RenderSelectExpr("a || 'x' LIKE 'p%'") == "((a || 'x') LIKE 'p%')");
  CHECK(RenderSelectExpr("a LIKE 'p%' OR b") == "((a LIKE 'p%') or b)");
  CHECK(RenderSelectExpr("a NOT ILIKE 'p%' AND b = 1") == "((a NOT ILIKE 'p%') and (b = 1))");
  CHECK(RenderSelectExpr("a < b AND c NOT IN (1, 2)") == "((a < b) and (c NOT IN (1, 2)))");
  CHECK(RenderSelectExpr("-x::int") == "(- CAST(x AS int))");
  CHECK(RenderSelectExpr("x::text::int") == "CAST(CAST(x AS text) AS int)");
  CHECK(RenderSelectExpr("a != b") == "(a <> b)");
  CHECK(RenderSelectExpr("a % 3 * 2") == "((a % 3) * 2)");
  CHECK(RenderSelectExpr("name ~ '^h' AND name !~* 'x'") == "((name ~ '^h') and (name !~* 'x'))");
  CHECK(RenderSelectExpr("ts AT TIME ZONE 'UTC'") == "timezone('UTC', ts)");
  CHECK(RenderSelectExpr("c.relname OPERATOR(pg_catalog.~) '^(cpu)$' COLLATE pg_catalog.default") ==
        "(c.relname ~ '^(cpu)$')");
  CHECK(RenderSelectExpr("x IS NOT TRUE") == "(x IS NOT true)");
  CHECK(RenderSelectExpr("x ISNULL") == "(x IS NULL)");
  CHECK(RenderSelectExpr("x NOTNULL") == "(x IS NOT NULL)");
  CHECK(RenderSelectExpr("x IS UNKNOWN") == "(x IS unknown)");
  CHECK(RenderSelectExpr("(1 + 2) * 3") == "((1 + 2) * 3)");
}

TEST_CASE("Expression forms build their documented nodes", "[parser]") {
  CHECK(RenderSelectExpr("count(DISTINCT hostname)") == "count(DISTINCT hostname)");
  CHECK(RenderSelectExpr("pg_catalog.now()") == "now()");
  CHECK(RenderSelectExpr("CURRENT_TIMESTAMP") == "current_timestamp()");
  CHECK(RenderSelectExpr("current_date") == "current_date()");
  CHECK(RenderSelectExpr("LOCALTIMESTAMP") == "localtimestamp()");
  CHECK(RenderSelectExpr("EXTRACT(EPOCH FROM time)") == "date_part('epoch', time)");
  CHECK(RenderSelectExpr("extract(hour from t)") == "date_part('hour', t)");
  CHECK(RenderSelectExpr("substring(s FROM 2 FOR 3)") == "substring(s, 2, 3)");
  CHECK(RenderSelectExpr("substring(s, 2)") == "substring(s, 2)");
  CHECK(RenderSelectExpr("CAST(x AS double precision)") == "CAST(x AS double precision)");
  CHECK(RenderSelectExpr("INTERVAL '5 minutes'") == "CAST('5 minutes' AS interval)");
  CHECK(RenderSelectExpr("TIMESTAMPTZ '2020-01-01'") == "CAST('2020-01-01' AS timestamptz)");
  CHECK(RenderSelectExpr("timestamp '2020-01-01'") == "CAST('2020-01-01' AS timestamp)");
  CHECK(RenderSelectExpr("DATE '2020-01-01'") == "CAST('2020-01-01' AS date)");
  CHECK(RenderSelectExpr("timestamp with time zone '2020-01-01'") ==
        "CAST('2020-01-01' AS timestamp with time zone)");
  CHECK(RenderSelectExpr("CASE WHEN a > 1 THEN 'big' WHEN a > 0 THEN 'small' ELSE 'none' END") ==
        "CASE WHEN (a > 1) THEN 'big' WHEN (a > 0) THEN 'small' ELSE 'none' END");
  CHECK(RenderSelectExpr("CASE c.relkind WHEN 'r' THEN 'table' END") ==
        "CASE c.relkind WHEN 'r' THEN 'table' END");
  CHECK(RenderSelectExpr("x NOT BETWEEN 1 AND 5") == "(x NOT BETWEEN 1 AND 5)");
  CHECK(RenderSelectExpr("x NOT ILIKE 'a%'") == "(x NOT ILIKE 'a%')");
  CHECK(RenderSelectExpr("x IN (SELECT y FROM t)") == "(x IN (subquery))");
  CHECK(RenderSelectExpr("NOT EXISTS (SELECT 1)") == "NOT EXISTS(subquery)");
  CHECK(RenderSelectExpr("EXISTS (SELECT 1)") == "EXISTS(subquery)");
  CHECK(RenderSelectExpr("(SELECT max(x) FROM t) + 1") == "((subquery) + 1)");
  CHECK(RenderSelectExpr("$1 + $12") == "($1 + $12)");
  CHECK(RenderSelectExpr("TRUE AND false") == "(bool:t and bool:f)");
  CHECK(RenderSelectExpr("NULL") == "NULL");
  CHECK(RenderSelectExpr("left(s, 2)") == "left(s, 2)");
  CHECK(RenderSelectExpr("x::int[]") == "CAST(x AS int[])");
  CHECK(RenderSelectExpr(
            "create_hypertable('conditions', 'time', chunk_time_interval => INTERVAL '1 day')") ==
        "create_hypertable('conditions', 'time', chunk_time_interval => CAST('1 day' AS "
        "interval))");
  CHECK(RenderSelectExpr("f(a := 1)") == "f(, a => 1)");

  auto cast =
      ParseOne("SELECT x::numeric(10, 2), y::varchar(32), z::timestamp(3) without time zone");
  const auto& targets = cast->select->targets;
  CHECK(targets[0].expr->type_name->modifiers == std::vector<int>{10, 2});
  CHECK(targets[1].expr->type_name->name == "varchar");
  CHECK(targets[1].expr->type_name->modifiers == std::vector<int>{32});
  CHECK(targets[2].expr->type_name->name == "timestamp without time zone");
  CHECK(targets[2].expr->type_name->modifiers == std::vector<int>{3});

  auto positions = ParseOne("SELECT a +  b");
  const ast::Expr& sum = *positions->select->targets[0].expr;
  CHECK(sum.position == 8);
  CHECK(sum.args[1]->position == 13);
}

TEST_CASE("Numeric, string and parameter literals keep their values", "[parser]") {
  CHECK(RenderSelectExpr("42") == "42");
  CHECK(RenderSelectExpr("-42") == "-42");
  CHECK(RenderSelectExpr("1.0368e+06") == "dec:1.0368e+06");
  CHECK(RenderSelectExpr(".5") == "dec:.5");
  CHECK(RenderSelectExpr("5.") == "dec:5.");
  CHECK(RenderSelectExpr("1e3") == "dec:1e3");
  CHECK(RenderSelectExpr("-9223372036854775808") == "-9223372036854775808");
  CHECK(RenderSelectExpr("9223372036854775808") == "dec:9223372036854775808");
  CHECK(RenderSelectExpr("-1.5") == "dec:-1.5");
  CHECK(RenderSelectExpr("'it''s'") == "'it's'");
  CHECK(RenderSelectExpr("E'a\\tb\\n\\\\ \\' \\x41\\101\\u00e9'") == "'a\tb\n\\ ' AA\xc3\xa9'");
  CHECK(RenderSelectExpr("e'x''y'") == "'x'y'");
  CHECK(RenderSelectExpr("$$it's $x$$") == "'it's $x'");
  CHECK(RenderSelectExpr("$fn$ a $$ b $fn$") == "' a $$ b '");
  CHECK(RenderSelectExpr("'caf\xc3\xa9'") == "'caf\xc3\xa9'");
  auto unicode = ParseOne("SELECT 'é', x");
  CHECK(unicode->select->targets[1].expr->position == 13);
}

TEST_CASE("Identifiers fold to lower case unless quoted", "[parser]") {
  auto statement = ParseOne(
      "SeLeCt HostName, \"HostName\", \"Weird \"\" Name\", T.Col AS Alias, 1 AS \"MiXed\", "
      "2 AS time, 3 AS hour, 4 value FROM Public.CPU AS T");
  const ast::SelectStmt& select = *statement->select;
  CHECK(select.targets[0].expr->name == "hostname");
  CHECK(select.targets[1].expr->name == "HostName");
  CHECK(select.targets[2].expr->name == "Weird \" Name");
  CHECK(select.targets[3].expr->qualifier == "t");
  CHECK(select.targets[3].expr->name == "col");
  CHECK(select.targets[3].alias == "alias");
  CHECK(select.targets[4].alias == "MiXed");
  CHECK(select.targets[5].alias == "time");
  CHECK(select.targets[6].alias == "hour");
  CHECK(select.targets[7].alias == "value");
  CHECK(select.from[0]->schema == "public");
  CHECK(select.from[0]->name == "cpu");
  CHECK(select.from[0]->alias == "t");

  auto keywords = ParseOne("SELECT time, first, last, level, zone, key FROM metrics");
  CHECK(Render(keywords->select->targets[0].expr.get()) == "time");
  CHECK(keywords->select->targets.size() == 6);
}

TEST_CASE("Comments and whitespace are skipped", "[parser]") {
  auto statement = ParseOne(
      "-- leading comment\n/* block /* nested */ still comment */ SELECT\n\t1 -- trailing\n");
  CHECK(statement->position == 59);
  CHECK(statement->text == "SELECT\n\t1");
}

TEST_CASE("FROM items: tables, joins, subqueries and functions", "[parser]") {
  auto statement = ParseOne(
      "SELECT * FROM a JOIN b ON a.id = b.id LEFT OUTER JOIN c USING (id, ts) CROSS JOIN d, "
      "(SELECT 1) AS s (one), generate_series(1, 3) g, pg_catalog.pg_class");
  const auto& from = statement->select->from;
  REQUIRE(from.size() == 4);
  const ast::TableRef& cross = *from[0];
  CHECK(cross.kind == ast::TableRef::Kind::kJoin);
  CHECK(cross.join_kind == ast::JoinKind::kCross);
  const ast::TableRef& left = *cross.left;
  CHECK(left.join_kind == ast::JoinKind::kLeft);
  CHECK(left.using_columns == std::vector<std::string>{"id", "ts"});
  const ast::TableRef& inner = *left.left;
  CHECK(inner.join_kind == ast::JoinKind::kInner);
  CHECK(Render(inner.join_condition.get()) == "(a.id = b.id)");
  CHECK(inner.left->name == "a");
  CHECK(inner.right->name == "b");
  CHECK(cross.right->name == "d");
  CHECK(from[1]->kind == ast::TableRef::Kind::kSubquery);
  CHECK(from[1]->alias == "s");
  CHECK(from[1]->column_aliases == std::vector<std::string>{"one"});
  CHECK(from[2]->kind == ast::TableRef::Kind::kFunction);
  CHECK(Render(from[2]->function.get()) == "generate_series(1, 3)");
  CHECK(from[2]->alias == "g");
  CHECK(from[3]->schema == "pg_catalog");
  CHECK(from[3]->name == "pg_class");

  auto right_full = ParseOne("SELECT 1 FROM a RIGHT JOIN b ON true FULL JOIN c ON false");
  CHECK(right_full->select->from[0]->join_kind == ast::JoinKind::kFull);
  CHECK(right_full->select->from[0]->left->join_kind == ast::JoinKind::kRight);
}

TEST_CASE("Set operations, ordering, limits and VALUES", "[parser]") {
  auto union_all = ParseOne(
      "SELECT a FROM t UNION ALL SELECT b FROM u UNION SELECT c FROM v INTERSECT SELECT d FROM w "
      "ORDER BY 1 DESC NULLS LAST LIMIT 10 OFFSET 5");
  const ast::SelectStmt& top = *union_all->select;
  CHECK(top.set_operation == ast::SetOperation::kUnion);
  CHECK(top.set_left->set_operation == ast::SetOperation::kUnionAll);
  CHECK(top.set_right->set_operation == ast::SetOperation::kIntersect);
  REQUIRE(top.order_by.size() == 1);
  CHECK(top.order_by[0].descending);
  CHECK(top.order_by[0].nulls_first == false);
  CHECK(Render(top.limit.get()) == "10");
  CHECK(Render(top.offset.get()) == "5");

  auto except = ParseOne("SELECT 1 EXCEPT SELECT 2");
  CHECK(except->select->set_operation == ast::SetOperation::kExcept);

  auto limit_all = ParseOne("SELECT * FROM t OFFSET 3 ROWS LIMIT ALL");
  CHECK(limit_all->select->limit == nullptr);
  CHECK(Render(limit_all->select->offset.get()) == "3");

  auto fetch = ParseOne("SELECT * FROM t ORDER BY x NULLS FIRST FETCH FIRST 7 ROWS ONLY");
  CHECK(fetch->select->order_by[0].nulls_first == true);
  CHECK(Render(fetch->select->limit.get()) == "7");

  auto values = ParseOne("VALUES (1, 'a'), (2, 'b')");
  REQUIRE(values->select->values.size() == 2);
  CHECK(RenderList(values->select->values[1]) == "2, 'b'");

  auto parenthesized = ParseOne("(SELECT 1) UNION (SELECT 2) LIMIT 1");
  CHECK(parenthesized->select->set_operation == ast::SetOperation::kUnion);
  CHECK(parenthesized->select->limit != nullptr);

  auto having = ParseOne("SELECT h, count(*) FROM t GROUP BY h HAVING count(*) > 1 AND h <> ''");
  CHECK(Render(having->select->having.get()) == "((count(*) > 1) and (h <> ''))");
  CHECK(having->select->where == nullptr);

  auto qualified_star = ParseOne("SELECT t.*, u.x FROM t, u");
  CHECK(qualified_star->select->targets[0].expr->kind == ExprKind::kStar);
  CHECK(qualified_star->select->targets[0].expr->qualifier == "t");

  auto no_targets = ParseOne("SELECT");
  CHECK(no_targets->select->targets.empty());
}

TEST_CASE("CREATE TABLE and DROP TABLE", "[parser]") {
  auto create = ParseOne(
      "CREATE TABLE IF NOT EXISTS public.conditions (time TIMESTAMPTZ NOT NULL, "
      "device_id text DEFAULT 'x' || 'y', temperature DOUBLE PRECISION NULL, "
      "note character varying(20), id bigint, flag boolean DEFAULT true, "
      "PRIMARY KEY (id, time), UNIQUE (device_id)) "
      "WITH (timescaledb.hypertable, timescaledb.partition_column = 'time', "
      "Timescaledb.Chunk_Interval = '1 day')");
  REQUIRE(create->kind == Statement::Kind::kCreateTable);
  const ast::CreateTableStmt& table = *create->create_table;
  CHECK(table.name == "conditions");
  CHECK(table.if_not_exists);
  REQUIRE(table.columns.size() == 6);
  CHECK(table.columns[0].name == "time");
  CHECK(table.columns[0].type.name == "timestamptz");
  CHECK(table.columns[0].not_null);
  CHECK(table.columns[0].primary_key);
  CHECK(Render(table.columns[1].default_value.get()) == "('x' || 'y')");
  CHECK_FALSE(table.columns[1].primary_key);
  CHECK(table.columns[2].type.name == "double precision");
  CHECK_FALSE(table.columns[2].not_null);
  CHECK(table.columns[3].type.name == "character varying");
  CHECK(table.columns[3].type.modifiers == std::vector<int>{20});
  CHECK(table.columns[4].primary_key);
  CHECK(table.columns[4].not_null);
  CHECK(Render(table.columns[5].default_value.get()) == "bool:t");
  using Option = std::pair<std::string, std::string>;
  CHECK(table.options == std::vector<Option>{{"timescaledb.hypertable", "true"},
                                             {"timescaledb.partition_column", "time"},
                                             {"timescaledb.chunk_interval", "1 day"}});

  auto inline_key = ParseOne("create table t (id int primary key, v real)");
  CHECK(inline_key->create_table->columns[0].primary_key);
  CHECK_FALSE(inline_key->create_table->if_not_exists);

  Status missing = ParseError("CREATE TABLE t (a int, PRIMARY KEY (b))");
  CHECK(missing.code() == ErrorCode::kUndefinedColumn);
  CHECK(missing.message() == "column \"b\" named in key does not exist");

  auto drop = ParseOne("DROP TABLE IF EXISTS a, public.b, other.c CASCADE");
  REQUIRE(drop->kind == Statement::Kind::kDropTable);
  CHECK(drop->drop_table->names == std::vector<std::string>{"a", "b", "other.c"});
  CHECK(drop->drop_table->if_exists);
  CHECK(drop->drop_table->cascade);
  auto restrict = ParseOne("drop table a restrict");
  CHECK_FALSE(restrict->drop_table->cascade);
  CHECK_FALSE(restrict->drop_table->if_exists);
}

TEST_CASE("INSERT with VALUES, DEFAULT, SELECT and RETURNING", "[parser]") {
  auto values = ParseOne(
      "INSERT INTO metrics (time, host, value) VALUES ('2020-01-01', 'a', 1.5), "
      "(now(), DEFAULT, -2) RETURNING time, value AS v");
  REQUIRE(values->kind == Statement::Kind::kInsert);
  const ast::InsertStmt& insert = *values->insert;
  CHECK(insert.table == "metrics");
  CHECK(insert.columns == std::vector<std::string>{"time", "host", "value"});
  REQUIRE(insert.rows.size() == 2);
  CHECK(RenderList(insert.rows[0]) == "'2020-01-01', 'a', dec:1.5");
  CHECK(insert.rows[1][1] == nullptr);
  CHECK(Render(insert.rows[1][2].get()) == "-2");
  CHECK(insert.select == nullptr);
  REQUIRE(insert.returning.size() == 2);
  CHECK(insert.returning[1].alias == "v");

  auto select = ParseOne("INSERT INTO t SELECT * FROM u WHERE x > 1");
  CHECK(select->insert->rows.empty());
  REQUIRE(select->insert->select != nullptr);
  CHECK(Render(select->insert->select->where.get()) == "(x > 1)");

  auto defaults = ParseOne("INSERT INTO t DEFAULT VALUES");
  CHECK(defaults->insert->default_values);

  auto parameters = ParseOne("INSERT INTO t VALUES ($1, $2)");
  CHECK(RenderList(parameters->insert->rows[0]) == "$1, $2");

  std::string big = "INSERT INTO t VALUES ";
  for (int i = 0; i < 5000; ++i) {
    big += (i == 0 ? "" : ", ") + std::string("('2020-01-01 00:00:") + std::to_string(i % 60) +
           "', 'host_" + std::to_string(i) + "', " + std::to_string(i) + ".5)";
  }
  auto many = ParseOne(big);
  CHECK(many->insert->rows.size() == 5000);
  CHECK(Render(many->insert->rows[4999][2].get()) == "dec:4999.5");

  Status default_in_query = ParseError("SELECT * FROM (VALUES (DEFAULT)) v");
  CHECK(default_in_query.code() == ErrorCode::kSyntaxError);
  CHECK(default_in_query.message() == "DEFAULT is not allowed in this context");
}

TEST_CASE("COPY in the current and the pre-9.0 option syntax", "[parser]") {
  using Option = std::pair<std::string, std::string>;
  auto psql = ParseOne("COPY  metrics ( time,host,value ) FROM STDIN with (format csv)");
  REQUIRE(psql->kind == Statement::Kind::kCopy);
  const ast::CopyStmt& copy = *psql->copy;
  CHECK(copy.table == "metrics");
  CHECK(copy.columns == std::vector<std::string>{"time", "host", "value"});
  CHECK(copy.from);
  CHECK(copy.stdio);
  CHECK(copy.options == std::vector<Option>{{"format", "csv"}});

  auto full = ParseOne(
      "COPY t FROM STDIN (FORMAT csv, HEADER true, DELIMITER ',', NULL '', QUOTE '\"', "
      "ESCAPE '\\', FORCE_NOT_NULL (a, b))");
  CHECK(full->copy->options == std::vector<Option>{{"format", "csv"},
                                                   {"header", "true"},
                                                   {"delimiter", ","},
                                                   {"null", ""},
                                                   {"quote", "\""},
                                                   {"escape", "\\"},
                                                   {"force_not_null", "a,b"}});

  auto header_flag = ParseOne("COPY t FROM STDIN WITH (FORMAT text, HEADER)");
  CHECK(header_flag->copy->options == std::vector<Option>{{"format", "text"}, {"header", "true"}});

  auto legacy = ParseOne("COPY \"metrics\" FROM stdin WITH DELIMITER AS '\\t' NULL AS '\\N'");
  CHECK(legacy->copy->table == "metrics");
  CHECK(legacy->copy->options == std::vector<Option>{{"delimiter", "\\t"}, {"null", "\\N"}});

  auto legacy_csv = ParseOne("COPY t FROM STDIN WITH CSV HEADER");
  CHECK(legacy_csv->copy->options == std::vector<Option>{{"format", "csv"}, {"header", "true"}});

  auto binary = ParseOne("COPY t FROM STDIN BINARY");
  CHECK(binary->copy->options == std::vector<Option>{{"format", "binary"}});

  auto out = ParseOne("COPY (SELECT * FROM t WHERE x > 1) TO STDOUT WITH (FORMAT csv, HEADER)");
  CHECK_FALSE(out->copy->from);
  CHECK(out->copy->table.empty());
  REQUIRE(out->copy->query != nullptr);
  CHECK(Render(out->copy->query->where.get()) == "(x > 1)");

  auto table_out = ParseOne("COPY t TO STDOUT");
  CHECK_FALSE(table_out->copy->from);
  CHECK(table_out->copy->query == nullptr);

  auto file = ParseOne("COPY t FROM '/tmp/data.csv' CSV");
  CHECK_FALSE(file->copy->stdio);
  CHECK(file->copy->file_name == "/tmp/data.csv");
}

TEST_CASE("SET, SHOW and RESET", "[parser]") {
  auto set = ParseOne("SET search_path TO \"$user\", public");
  REQUIRE(set->kind == Statement::Kind::kSet);
  CHECK(set->set->name == "search_path");
  CHECK(set->set->values == std::vector<std::string>{"$user", "public"});
  CHECK_FALSE(set->set->is_local);

  auto equals = ParseOne("SET SESSION statement_timeout = '5s'");
  CHECK(equals->set->name == "statement_timeout");
  CHECK(equals->set->values == std::vector<std::string>{"5s"});

  auto local = ParseOne("SET LOCAL work_mem = 64");
  CHECK(local->set->is_local);
  CHECK(local->set->values == std::vector<std::string>{"64"});

  CHECK(ParseOne("SET extra_float_digits = -3")->set->values == std::vector<std::string>{"-3"});
  CHECK(ParseOne("SET x = +1.5")->set->values == std::vector<std::string>{"1.5"});
  CHECK(ParseOne("SET DateStyle = ISO, MDY")->set->values ==
        std::vector<std::string>{"iso", "mdy"});
  CHECK(ParseOne("set synchronous_commit to OFF")->set->values == std::vector<std::string>{"off"});
  CHECK(ParseOne("SET enable_seqscan = on")->set->values == std::vector<std::string>{"on"});
  CHECK(ParseOne("SET jit = false")->set->values == std::vector<std::string>{"false"});

  auto dotted = ParseOne("SET timescaledb.max_background_workers = 4");
  CHECK(dotted->set->name == "timescaledb.max_background_workers");

  auto to_default = ParseOne("SET work_mem TO DEFAULT");
  CHECK(to_default->set->is_default);
  CHECK(to_default->set->values.empty());

  auto zone = ParseOne("SET TIME ZONE 'Europe/Berlin'");
  CHECK(zone->set->name == "timezone");
  CHECK(zone->set->values == std::vector<std::string>{"Europe/Berlin"});
  CHECK(ParseOne("SET TIME ZONE LOCAL")->set->is_default);
  CHECK(ParseOne("SET TIME ZONE DEFAULT")->set->is_default);
  CHECK(ParseOne("SET TIME ZONE INTERVAL '+02:00'")->set->values ==
        std::vector<std::string>{"+02:00"});
  CHECK(ParseOne("SET TIME ZONE -7")->set->values == std::vector<std::string>{"-7"});
  CHECK(ParseOne("SET timezone = 'UTC'")->set->name == "timezone");
  CHECK(ParseOne("SET \"TimeZone\" TO 'UTC'")->set->name == "timezone");

  CHECK(ParseOne("SHOW TimeZone")->show->name == "timezone");
  CHECK(ParseOne("SHOW TIME ZONE")->show->name == "timezone");
  CHECK(ParseOne("SHOW ALL")->show->name == "all");
  CHECK(ParseOne("SHOW transaction isolation level")->show->name == "transaction_isolation");
  CHECK(ParseOne("show timescaledb.telemetry_level")->show->name == "timescaledb.telemetry_level");

  CHECK(ParseOne("RESET work_mem")->reset->name == "work_mem");
  CHECK(ParseOne("RESET ALL")->reset->name == "all");
  CHECK(ParseOne("RESET TIME ZONE")->reset->name == "timezone");

  // pgjdbc's setTransactionIsolation / setReadOnly with autocommit on.
  auto isolation =
      ParseOne("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ");
  CHECK(isolation->set->name == "default_transaction_isolation");
  CHECK(isolation->set->values == std::vector<std::string>{"repeatable read"});
  auto read_only = ParseOne("set session characteristics as transaction read only");
  CHECK(read_only->set->name == "default_transaction_read_only");
  CHECK(read_only->set->values == std::vector<std::string>{"on"});
}

TEST_CASE("Cursor statements", "[parser]") {
  auto declare = ParseOne("DECLARE \"c 1\" NO SCROLL CURSOR WITH HOLD FOR SELECT 1");
  REQUIRE(declare->kind == Statement::Kind::kDeclareCursor);
  CHECK(declare->cursor_name == "c 1");
  CHECK(declare->cursor_with_hold);
  REQUIRE(declare->select != nullptr);
  CHECK_FALSE(ParseOne("DECLARE c CURSOR WITHOUT HOLD FOR SELECT 1")->cursor_with_hold);

  const std::vector<std::pair<std::string, int64_t>> counts = {{"FETCH c", 1},
                                                               {"FETCH NEXT FROM c", 1},
                                                               {"FETCH 25 IN c", 25},
                                                               {"FETCH ALL FROM c", -1},
                                                               {"FETCH FORWARD 7 FROM c", 7},
                                                               {"FETCH FORWARD ALL c", -1},
                                                               {"FETCH FORWARD FROM c", 1}};
  for (const auto& [sql, count] : counts) {
    INFO(sql);
    auto fetch = ParseOne(sql);
    REQUIRE(fetch->kind == Statement::Kind::kFetch);
    CHECK(fetch->cursor_name == "c");
    CHECK(fetch->fetch_count == count);
    CHECK_FALSE(fetch->fetch_is_move);
  }
  CHECK(ParseOne("MOVE 3 IN c")->fetch_is_move);
  CHECK(ParseOne("CLOSE c")->cursor_name == "c");
  CHECK(ParseOne("CLOSE ALL")->cursor_name.empty());

  Status prior = ParseError("FETCH PRIOR FROM c");
  CHECK(prior.code() == ErrorCode::kFeatureNotSupported);
  CHECK(prior.position() == 7);
  CHECK(ParseError("FETCH -1 FROM c").code() == ErrorCode::kFeatureNotSupported);
  CHECK(ParseError("DECLARE c SCROLL CURSOR FOR SELECT 1").message() ==
        "DECLARE ... SCROLL CURSOR is not supported");
}

TEST_CASE("Transactions, EXPLAIN and CHECKPOINT", "[parser]") {
  using Kind = ast::TransactionStmt::Kind;
  for (const char* sql : {"BEGIN", "begin work", "BEGIN TRANSACTION",
                          "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                          "START TRANSACTION ISOLATION LEVEL SERIALIZABLE"}) {
    auto statement = ParseOne(sql);
    REQUIRE(statement->kind == Statement::Kind::kTransaction);
    CHECK(statement->transaction->kind == Kind::kBegin);
  }
  for (const char* sql : {"COMMIT", "END", "commit work", "END TRANSACTION"}) {
    CHECK(ParseOne(sql)->transaction->kind == Kind::kCommit);
  }
  for (const char* sql : {"ROLLBACK", "ABORT", "rollback transaction"}) {
    CHECK(ParseOne(sql)->transaction->kind == Kind::kRollback);
  }

  auto explain = ParseOne("EXPLAIN SELECT * FROM cpu");
  REQUIRE(explain->kind == Statement::Kind::kExplain);
  CHECK_FALSE(explain->explain_analyze);
  REQUIRE(explain->explained != nullptr);
  CHECK(explain->explained->kind == Statement::Kind::kSelect);
  CHECK(explain->explained->text == "SELECT * FROM cpu");
  CHECK(explain->explained->position == 9);

  CHECK(ParseOne("EXPLAIN ANALYZE VERBOSE SELECT 1")->explain_analyze);
  CHECK(ParseOne("EXPLAIN (ANALYZE, COSTS OFF, FORMAT text) SELECT 1")->explain_analyze);
  CHECK_FALSE(ParseOne("EXPLAIN (ANALYZE false) SELECT 1")->explain_analyze);
  CHECK(ParseOne("EXPLAIN INSERT INTO t VALUES (1)")->explained->kind == Statement::Kind::kInsert);
  Status unknown = ParseError("EXPLAIN (FOO) SELECT 1");
  CHECK(unknown.message() == "unrecognized EXPLAIN option \"foo\"");

  CHECK(ParseOne("CHECKPOINT")->kind == Statement::Kind::kCheckpoint);
}

TEST_CASE("Several statements keep their own text and positions", "[parser]") {
  auto statements = ParseAll("SELECT 1; select 2 ;;\n  SHOW work_mem;");
  REQUIRE(statements.size() == 3);
  CHECK(statements[0]->text == "SELECT 1");
  CHECK(statements[0]->position == 1);
  CHECK(statements[1]->text == "select 2");
  CHECK(statements[1]->position == 11);
  CHECK(statements[2]->text == "SHOW work_mem");
  CHECK(statements[2]->position == 25);
  CHECK(statements[2]->kind == Statement::Kind::kShow);

  auto quoted = ParseAll("SELECT ';', \"a;b\", $$;$$ /* ; */ -- ;\n; SELECT 2");
  REQUIRE(quoted.size() == 2);
  CHECK(quoted[0]->select->targets.size() == 3);

  // Positions count characters, not bytes.
  auto unicode = ParseAll("SELECT 'ü'; SELECT x");
  REQUIRE(unicode.size() == 2);
  CHECK(unicode[1]->position == 13);
  CHECK(unicode[1]->select->targets[0].expr->position == 20);
}

TEST_CASE("Empty and comment-only input gives no statements", "[parser]") {
  for (const char* sql : {"", ";", "  ", "-- ping", "/* x */ ;", ";;\n;", "/* a /* b */ c */"}) {
    INFO(sql);
    CHECK(ParseAll(sql).empty());
  }
}

TEST_CASE("Syntax errors name the token and its position like PostgreSQL", "[parser]") {
  // IS DISTINCT FROM takes no IS test on its right and does not chain.
  CHECK(ParseError("SELECT a IS DISTINCT FROM b IS NULL").message() ==
        "syntax error at or near \"IS\"");
  CHECK(ParseError("SELECT a IS DISTINCT FROM b IS NULL").position() == 29);
  CHECK(ParseError("SELECT a is distinct from b is not distinct from c").message() ==
        "syntax error at or near \"is\"");
  CHECK(ParseError("SELECT a IS DISTINCT FROM b IS NOT DISTINCT FROM c").position() == 29);
  CHECK(RenderSelectExpr("a IS DISTINCT FROM (b IS NULL)") == "(a IS DISTINCT FROM (b IS NULL))");
  Status form = ParseError("SELECT * FORM cpu");
  CHECK(form.code() == ErrorCode::kSyntaxError);
  CHECK(form.message() == "syntax error at or near \"FORM\"");
  CHECK(form.position() == 10);

  Status end = ParseError("SELECT * FROM");
  CHECK(end.message() == "syntax error at end of input");
  CHECK(end.position() == 14);

  Status end_unicode = ParseError("SELECT 'é' +");
  CHECK(end_unicode.message() == "syntax error at end of input");
  CHECK(end_unicode.position() == 13);

  Status semicolon = ParseError("SELECT 1 +; SELECT 2");
  CHECK(semicolon.message() == "syntax error at or near \";\"");
  CHECK(semicolon.position() == 11);

  Status second = ParseError("SELECT 1; SELEC 2");
  CHECK(second.message() == "syntax error at or near \"SELEC\"");
  CHECK(second.position() == 11);

  Status string = ParseError("SELECT 'abc");
  CHECK(string.code() == ErrorCode::kSyntaxError);
  CHECK(string.message() == "unterminated quoted string at or near \"'abc\"");
  CHECK(string.position() == 8);

  Status estring = ParseError("SELECT E'abc\\");
  CHECK(estring.message() == "unterminated quoted string at or near \"E'abc\\\"");

  Status comment = ParseError("SELECT 1 /* never closed");
  CHECK(comment.message() == "unterminated /* comment at or near \"/* never closed\"");
  CHECK(comment.position() == 10);

  Status identifier = ParseError("SELECT \"abc");
  CHECK(identifier.message() == "unterminated quoted identifier at or near \"\"abc\"");

  Status dollar = ParseError("SELECT $x$ abc");
  CHECK(dollar.message() == "unterminated dollar-quoted string at or near \"$x$ abc\"");

  Status stray = ParseError("SELECT 1 # 2");
  CHECK(stray.message() == "syntax error at or near \"#\"");
  CHECK(stray.position() == 10);

  Status parens = ParseError("SELECT (1");
  CHECK(parens.message() == "syntax error at end of input");

  Status keyword = ParseError("SELECT * FROM select");
  CHECK(keyword.message() == "syntax error at or near \"select\"");
  CHECK(keyword.position() == 15);

  Status missing_on = ParseError("SELECT * FROM a JOIN b WHERE x");
  CHECK(missing_on.message() == "syntax error at or near \"WHERE\"");

  Status duplicate = ParseError("(SELECT 1 LIMIT 1) LIMIT 2");
  CHECK(duplicate.message() == "multiple LIMIT clauses not allowed");

  Status unicode_escape = ParseError("SELECT E'\\u12'");
  CHECK(unicode_escape.message() == "invalid Unicode escape");
  CHECK(unicode_escape.position() == 8);

  Status named = ParseError("SELECT f(a => 1, 2)");
  CHECK(named.message() == "positional argument cannot follow named argument");
}

TEST_CASE("Statements outside the grammar are reported as not supported", "[parser]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"CREATE TEMP SEQUENCE s", "CREATE TEMPORARY SEQUENCE is not supported"},
      {"MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE", "MERGE is not supported"},
      {"CREATE STATISTICS s ON a, b FROM t", "CREATE STATISTICS is not supported"},
      {"create function f() returns int as $$ select 1 $$ language sql",
       "CREATE FUNCTION is not supported"},
      {"CREATE TEMP TABLE t (a int)", "CREATE TEMPORARY TABLE is not supported"},
      {"ALTER VIEW v RENAME TO w", "ALTER VIEW is not supported"},
      {"REFRESH MATERIALIZED VIEW v", "REFRESH MATERIALIZED VIEW is not supported"},
      {"GRANT ALL ON t TO u", "GRANT is not supported"},
      {"VACUUM", "VACUUM is not supported"},
      {"ANALYZE t", "ANALYZE is not supported"},
      {"LISTEN channel", "LISTEN is not supported"},
      {"DO $$ BEGIN END $$", "DO is not supported"},
      {"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "SET TRANSACTION is not supported"},
      {"COMMIT PREPARED 'x'", "COMMIT PREPARED is not supported"},
  };
  for (const auto& [sql, message] : cases) {
    Status status = ParseError(sql);
    INFO(sql);
    CHECK(status.code() == ErrorCode::kFeatureNotSupported);
    CHECK(status.message() == message);
    CHECK(status.position() == 1);
  }
  Status later = ParseError("SELECT 1;\n  MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE");
  CHECK(later.message() == "MERGE is not supported");
  CHECK(later.position() == 13);

  // Unknown words stay syntax errors.
  CHECK(ParseError("CREATE FOO").message() == "syntax error at or near \"FOO\"");
  CHECK(ParseError("FROBNICATE").message() == "syntax error at or near \"FROBNICATE\"");
}

TEST_CASE("ALTER TABLE and TRUNCATE parse into their statements", "[parser]") {
  using Action = ast::AlterTableStmt::Action;
  auto add =
      ParseOne("ALTER TABLE IF EXISTS public.t ADD COLUMN IF NOT EXISTS c int NOT NULL DEFAULT 3");
  REQUIRE(add->kind == Statement::Kind::kAlterTable);
  CHECK(add->alter_table->name == "t");
  CHECK(add->alter_table->if_exists);
  CHECK(add->alter_table->action == Action::kAddColumn);
  CHECK(add->alter_table->if_not_exists);
  CHECK(add->alter_table->column.name == "c");
  CHECK(add->alter_table->column.not_null);
  CHECK(add->alter_table->column.default_value != nullptr);
  // COLUMN is optional; a column may be named like an unreserved keyword.
  CHECK(ParseOne("ALTER TABLE t ADD rename text")->alter_table->column.name == "rename");
  auto drop = ParseOne("alter table only t drop column if exists \"Mixed\" cascade");
  CHECK(drop->alter_table->action == Action::kDropColumn);
  CHECK(drop->alter_table->column_if_exists);
  CHECK(drop->alter_table->column_name == "Mixed");
  auto rename = ParseOne("ALTER TABLE t RENAME a TO b");
  CHECK(rename->alter_table->action == Action::kRenameColumn);
  CHECK(rename->alter_table->column_name == "a");
  CHECK(rename->alter_table->new_name == "b");
  CHECK(ParseOne("ALTER TABLE t RENAME COLUMN a TO b")->alter_table->action ==
        Action::kRenameColumn);
  auto rename_table = ParseOne("ALTER TABLE t RENAME TO u");
  CHECK(rename_table->alter_table->action == Action::kRenameTable);
  CHECK(rename_table->alter_table->new_name == "u");
  auto other = ParseOne("ALTER TABLE t ALTER COLUMN a TYPE bigint");
  CHECK(other->alter_table->action == Action::kUnsupported);
  CHECK(other->alter_table->unsupported == "ALTER COLUMN a TYPE bigint");

  auto truncate = ParseOne("TRUNCATE TABLE a, public.b RESTRICT");
  REQUIRE(truncate->kind == Statement::Kind::kTruncate);
  CHECK(truncate->truncate->names == std::vector<std::string>{"a", "b"});
  CHECK(ParseOne("truncate a")->truncate->names == std::vector<std::string>{"a"});
}

TEST_CASE("Recognised but unsupported constructs name themselves", "[parser]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r", "WITH RECURSIVE is not supported"},
      {"INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING", "ON CONFLICT is not supported"},
      {"SELECT 'a' SIMILAR TO 'b'", "SIMILAR TO is not supported"},
      {"CREATE TABLE t (a int CHECK (a > 0))", "CHECK constraint is not supported"},
  };
  for (const auto& [sql, message] : cases) {
    Status status = ParseError(sql);
    INFO(sql);
    CHECK(status.code() == ErrorCode::kFeatureNotSupported);
    CHECK(status.message() == message);
    CHECK(status.position() > 0);
  }
}

}  // namespace
}  // namespace sundial::sql

namespace sundial::sql {

TEST_CASE("Views, continuous aggregates and CALL parse into their statements", "[parser][views]") {
  auto view = ParseOne("CREATE OR REPLACE VIEW public.v (a, b) AS SELECT x, y FROM t WHERE x > 1");
  REQUIRE(view->kind == Statement::Kind::kCreateView);
  CHECK(view->create_view->name == "v");
  CHECK(view->create_view->or_replace);
  CHECK_FALSE(view->create_view->materialized);
  CHECK(view->create_view->column_names == std::vector<std::string>{"a", "b"});
  // The definition is kept as written, for binding later and for pg_views.
  CHECK(view->create_view->query_text == "SELECT x, y FROM t WHERE x > 1");

  auto cagg = ParseOne(
      "CREATE MATERIALIZED VIEW IF NOT EXISTS h WITH (timescaledb.continuous, "
      "timescaledb.materialized_only = false) AS SELECT time_bucket('1 hour', time) AS b, "
      "count(*) FROM t GROUP BY b WITH NO DATA");
  REQUIRE(cagg->kind == Statement::Kind::kCreateView);
  CHECK(cagg->create_view->materialized);
  CHECK(cagg->create_view->if_not_exists);
  CHECK_FALSE(cagg->create_view->with_data);
  REQUIRE(cagg->create_view->options.size() == 2);
  CHECK(cagg->create_view->options[1].first == "timescaledb.materialized_only");
  CHECK(cagg->create_view->options[1].second == "false");
  CHECK(cagg->create_view->query_text.ends_with("GROUP BY b"));

  auto drop = ParseOne("DROP MATERIALIZED VIEW IF EXISTS h, g");
  REQUIRE(drop->kind == Statement::Kind::kDropView);
  CHECK(drop->drop_view->materialized);
  CHECK(drop->drop_view->if_exists);
  CHECK(drop->drop_view->names == std::vector<std::string>{"h", "g"});

  auto call = ParseOne("CALL public.refresh_continuous_aggregate('h', NULL, window_end => NULL)");
  REQUIRE(call->kind == Statement::Kind::kCall);
  CHECK(call->call->name == "refresh_continuous_aggregate");
  CHECK(call->call->args.size() == 2);
  CHECK(call->call->named_args.size() == 1);

  auto alter = ParseOne("ALTER MATERIALIZED VIEW h SET (timescaledb.materialized_only = true)");
  REQUIRE(alter->kind == Statement::Kind::kAlterMaterializedView);
  CHECK(alter->alter_materialized_view->options.size() == 1);
  auto rename = ParseOne("ALTER MATERIALIZED VIEW h RENAME TO g");
  CHECK(rename->alter_materialized_view->unsupported == " RENAME TO g");

  CHECK(ParseOne("DROP VIEW v CASCADE")->drop_view->cascade);

  auto index = ParseOne(
      "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY public.t USING brin (a, lower(b) DESC, "
      "(c + 1) NULLS FIRST) INCLUDE (d) WITH (timescaledb.transaction_per_chunk) WHERE a > 0");
  REQUIRE(index->kind == Statement::Kind::kCreateIndex);
  const ast::CreateIndexStmt& create = *index->create_index;
  CHECK(create.name == "i");
  CHECK(create.table == "t");
  CHECK(create.method == "brin");
  CHECK(create.if_not_exists);
  REQUIRE(create.elements.size() == 3);
  CHECK(create.elements[0].column == "a");
  CHECK(create.elements[1].expression_text == "lower(b)");
  CHECK(create.elements[1].descending);
  CHECK(create.elements[2].expression_text == "c + 1");
  CHECK(create.elements[2].nulls_first == true);
  CHECK(create.include == std::vector<std::string>{"d"});
  CHECK(create.predicate_text == "a > 0");
  auto unnamed = ParseOne("CREATE UNIQUE INDEX ON t (x)");
  CHECK(unnamed->create_index->name.empty());
  CHECK(unnamed->create_index->unique);
  auto drop_index = ParseOne("DROP INDEX IF EXISTS a, b");
  REQUIRE(drop_index->kind == Statement::Kind::kDropIndex);
  CHECK(drop_index->drop_index->names == std::vector<std::string>{"a", "b"});
}

TEST_CASE("UPDATE parses its alias, assignments, DEFAULT, column lists and RETURNING",
          "[parser][update]") {
  auto update = ParseOne(
      "UPDATE public.cpu AS c SET usage_user = c.usage_user * 2, (region, rack) = ('x', DEFAULT), "
      "value = DEFAULT WHERE c.hostname = 'h' RETURNING *");
  REQUIRE(update->kind == Statement::Kind::kUpdate);
  const ast::UpdateStmt& stmt = *update->update;
  CHECK(stmt.table == "cpu");
  CHECK(stmt.alias == "c");
  REQUIRE(stmt.assignments.size() == 4);
  CHECK(stmt.assignments[0].column == "usage_user");
  CHECK(Render(stmt.assignments[0].value.get()) == "(c.usage_user * 2)");
  CHECK(stmt.assignments[1].column == "region");
  CHECK(stmt.assignments[2].column == "rack");
  CHECK(stmt.assignments[2].value == nullptr);
  CHECK(stmt.assignments[3].column == "value");
  CHECK(stmt.assignments[3].value == nullptr);
  CHECK(Render(stmt.where.get()) == "(c.hostname = 'h')");
  CHECK(stmt.returning.size() == 1);

  // SET is an unreserved keyword, yet never taken for the alias.
  auto plain = ParseOne("UPDATE t SET x = 1");
  CHECK(plain->update->alias.empty());
  CHECK(plain->update->assignments.size() == 1);

  CHECK(ParseError("UPDATE t SET (a, b) = (1, 2, 3)").code() == ErrorCode::kSyntaxError);
  CHECK(ParseError("UPDATE t SET (a, b) = (1)").code() == ErrorCode::kFeatureNotSupported);

  auto from = ParseOne("UPDATE t SET a = u.a FROM u, v AS w WHERE t.id = u.id");
  REQUIRE(from->update->from.size() == 2);
  CHECK(from->update->from[0]->name == "u");
  CHECK(from->update->from[1]->alias == "w");
  CHECK(Render(from->update->where.get()) == "(t.id = u.id)");

  auto using_items = ParseOne("DELETE FROM t AS x USING u WHERE x.id = u.id RETURNING x.id");
  const ast::DeleteStmt& del = *using_items->delete_stmt;
  CHECK(del.table == "t");
  CHECK(del.alias == "x");
  REQUIRE(del.using_items.size() == 1);
  CHECK(del.using_items[0]->name == "u");
  CHECK(del.returning.size() == 1);
  CHECK(ParseOne("DELETE FROM t x WHERE x.id = 1")->delete_stmt->alias == "x");
  CHECK(ParseOne("DELETE FROM t WHERE id = 1")->delete_stmt->alias.empty());
}

TEST_CASE("Sequence statements and identity columns parse their options", "[parser][sequences]") {
  using Kind = ast::SequenceOption::Kind;
  auto create = ParseOne(
      "CREATE SEQUENCE IF NOT EXISTS s AS integer INCREMENT BY -2 MINVALUE -100 NO MAXVALUE "
      "START WITH -1 CACHE 5 NO CYCLE OWNED BY t.id");
  REQUIRE(create->kind == Statement::Kind::kCreateSequence);
  const ast::SequenceStmt& stmt = *create->sequence;
  CHECK(stmt.name == "s");
  CHECK(stmt.if_not_exists);
  REQUIRE(stmt.options.size() == 8);
  CHECK(stmt.options[0].kind == Kind::kAs);
  CHECK(stmt.options[0].type.name == "integer");
  CHECK(stmt.options[1].kind == Kind::kIncrement);
  CHECK(stmt.options[1].value == -2);
  CHECK(stmt.options[2].value == -100);
  CHECK(stmt.options[3].kind == Kind::kMaxValue);
  CHECK_FALSE(stmt.options[3].has_value);
  CHECK(stmt.options[4].kind == Kind::kStart);
  CHECK(stmt.options[5].kind == Kind::kCache);
  CHECK(stmt.options[6].kind == Kind::kCycle);
  CHECK_FALSE(stmt.options[6].cycle);
  CHECK(stmt.options[7].owned_by == std::vector<std::string>{"t", "id"});

  auto restart = ParseOne("ALTER SEQUENCE s RESTART");
  REQUIRE(restart->kind == Statement::Kind::kAlterSequence);
  CHECK(restart->sequence->options[0].kind == Kind::kRestart);
  CHECK_FALSE(restart->sequence->options[0].has_value);

  auto drop = ParseOne("DROP SEQUENCE IF EXISTS a, b CASCADE");
  REQUIRE(drop->kind == Statement::Kind::kDropSequence);
  CHECK(drop->drop_sequence->names == std::vector<std::string>{"a", "b"});
  CHECK(drop->drop_sequence->cascade);

  auto table = ParseOne(
      "CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 10), value int)");
  const ast::ColumnDef& id = table->create_table->columns[0];
  CHECK(id.identity == 'd');
  CHECK(id.not_null);
  REQUIRE(id.identity_options.size() == 1);
  CHECK(id.identity_options[0].value == 10);
  // Sequence words stay usable as names.
  CHECK(table->create_table->columns[1].name == "value");

  auto insert = ParseOne("INSERT INTO t (id) OVERRIDING SYSTEM VALUE VALUES (1)");
  CHECK(insert->insert->overriding == ast::InsertStmt::Overriding::kSystemValue);

  CHECK(ParseError("CREATE SEQUENCE s MAXVALUE 99999999999999999999").code() ==
        ErrorCode::kNumericValueOutOfRange);
  CHECK(ParseError("CREATE TABLE t (x int GENERATED ALWAYS AS (1) STORED)").code() ==
        ErrorCode::kFeatureNotSupported);
}

}  // namespace sundial::sql
