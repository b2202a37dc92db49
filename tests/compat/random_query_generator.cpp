#include "compat/random_query_generator.h"

#include <cstdio>
#include <random>
#include <utility>
#include <vector>

namespace sundial::testing {
namespace {

enum class Kind { kInt, kFloat, kText, kBool, kTime };

struct ColumnDef {
  const char* name;
  Kind kind;
};

struct TableDef {
  const char* name;
  std::vector<ColumnDef> columns;
  // Columns whose values order the table's rows totally (NULL counts as one value).
  std::vector<const char*> unique_key;
  // Large tables are read in full only by aggregates and never as a subquery's table.
  bool large;
};

const std::vector<TableDef>& Tables() {
  static const std::vector<TableDef> tables = {
      {"readings",
       {{"time", Kind::kTime},
        {"device", Kind::kText},
        {"reading", Kind::kInt},
        {"level", Kind::kInt},
        {"flag", Kind::kBool},
        {"note", Kind::kText},
        {"value", Kind::kFloat}},
       {"time"},
       false},
      {"hosts",
       {{"hostname", Kind::kText},
        {"owner", Kind::kText},
        {"rack", Kind::kInt},
        {"weight", Kind::kFloat}},
       {"hostname"},
       false},
      {"device_info",
       {{"device", Kind::kText}, {"kind", Kind::kText}, {"max_reading", Kind::kInt}},
       {"device", "kind"},
       false},
      {"cpu",
       {{"time", Kind::kTime},
        {"hostname", Kind::kText},
        {"region", Kind::kText},
        {"usage_user", Kind::kFloat},
        {"usage_system", Kind::kFloat},
        {"usage_steal", Kind::kFloat},
        {"usage_guest_nice", Kind::kFloat}},
       {"time", "hostname"},
       true},
  };
  return tables;
}

// A column visible to the expression being generated, as it is written.
struct ScopeColumn {
  std::string ref;
  Kind kind;
};

// The result of building a FROM clause: its text, what it exposes, and how to
// order its rows totally (empty when a join made the rows non-unique).
struct FromClause {
  std::string sql;
  std::vector<ScopeColumn> columns;
  std::vector<std::string> unique_key;
  bool has_large = false;
  bool joined = false;
};

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class QueryBuilder {
 public:
  explicit QueryBuilder(uint64_t seed) : random_(seed) {}

  std::string Query() {
    const int shape = Below(100);
    std::string sql;
    if (shape < 25) {
      sql = PlainSelect();
    } else if (shape < 55) {
      sql = AggregateSelect();
    } else if (shape < 72) {
      sql = WindowSelect();
    } else if (shape < 87) {
      sql = SetOperation();
    } else {
      sql = SubquerySelect();
    }
    if (ctes_.empty()) return sql;
    std::string with = "WITH ";
    for (size_t i = 0; i < ctes_.size(); ++i)
      with += (i ? ", " : "") + ctes_[i];
    return with + " " + sql;
  }

 private:
  // Randomness: the raw generator only (std:: distributions differ between
  // standard libraries, and a seed must mean the same queries everywhere).
  int Below(int n) { return static_cast<int>(random_() % static_cast<uint64_t>(n)); }
  bool Chance(int percent) { return Below(100) < percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Below(static_cast<int>(items.size())))];
  }

  std::string NextAlias(const char* prefix) { return prefix + std::to_string(next_alias_++); }

  // ---- literals ----

  std::string IntLiteral() {
    static const std::vector<std::string> values = {"0",   "1",    "2",    "3",      "5",
                                                    "7",   "9",    "10",   "100",    "250",
                                                    "500", "(-3)", "(-1)", "(-250)", "4"};
    return Pick(values);
  }
  std::string SmallPositiveLiteral() {
    static const std::vector<std::string> values = {"1", "2", "3", "4", "7", "10"};
    return Pick(values);
  }
  std::string FloatLiteral() {
    // Typed, because Sundial reads a decimal literal as double precision
    // where PostgreSQL reads numeric (whose round() and casts round half away
    // from zero): that known difference is not what this generator hunts.
    static const std::vector<std::string> values = {"0.5",  "1.5",   "12.5", "25.0",
                                                    "50.0", "75.25", "99.9", "(-2.5)"};
    return Pick(values) + "::float8";
  }
  std::string TextLiteral() {
    static const std::vector<std::string> values = {
        "'alpha'",  "'beta'",   "'gamma'",     "'delta'",        "'omega'",
        "'host_0'", "'host_1'", "'host_7'",    "'host_12'",      "'ann'",
        "'bob'",    "'zed'",    "'ok'",        "'Hot'",          "'hot spot'",
        "'sensor'", "'meter'",  "'us-east-1'", "'eu-central-1'", "''"};
    return Pick(values);
  }
  std::string TimeLiteral() {
    // From 2015-12-31 20:00 (the first reading) to 2016-01-06, on odd minutes too.
    const int hour = Below(148) - 4;
    static const std::vector<int> minutes = {0, 0, 17, 30, 37};
    const int minute = Pick(minutes);
    char text[64];
    if (hour < 0) {
      std::snprintf(text, sizeof(text), "'2015-12-31 %02d:%02d:00+00'::timestamptz", 24 + hour,
                    minute);
    } else {
      std::snprintf(text, sizeof(text), "'2016-01-%02d %02d:%02d:00+00'::timestamptz",
                    1 + hour / 24, hour % 24, minute);
    }
    return text;
  }
  std::string Literal(Kind kind) {
    if (Chance(4)) return NullLiteral(kind);
    switch (kind) {
      case Kind::kInt:
        return IntLiteral();
      case Kind::kFloat:
        return FloatLiteral();
      case Kind::kText:
        return TextLiteral();
      case Kind::kBool:
        return Chance(50) ? "true" : "false";
      case Kind::kTime:
        return TimeLiteral();
    }
    return "NULL";
  }
  static std::string NullLiteral(Kind kind) {
    switch (kind) {
      case Kind::kInt:
        return "NULL::bigint";
      case Kind::kFloat:
        return "NULL::double precision";
      case Kind::kText:
        return "NULL::text";
      case Kind::kBool:
        return "NULL::boolean";
      case Kind::kTime:
        return "NULL::timestamptz";
    }
    return "NULL";
  }

  // ---- expressions over scope_ ----

  std::vector<const ScopeColumn*> ColumnsOf(Kind kind) const {
    std::vector<const ScopeColumn*> found;
    for (const ScopeColumn& column : scope_)
      if (column.kind == kind) found.push_back(&column);
    return found;
  }

  std::string Leaf(Kind kind) {
    const auto columns = ColumnsOf(kind);
    if (!columns.empty() && Chance(88)) return Pick(columns)->ref;
    return Literal(kind);
  }

  // A column of the kind when the scope has one, else any leaf.
  std::string ColumnOr(Kind kind) {
    const auto columns = ColumnsOf(kind);
    if (!columns.empty()) return Pick(columns)->ref;
    return Leaf(kind);
  }

  std::string Expr(Kind kind, int depth) {
    if (depth <= 0 || Chance(35)) return Leaf(kind);
    switch (kind) {
      case Kind::kInt:
        return IntExpr(depth - 1);
      case Kind::kFloat:
        return FloatExpr(depth - 1);
      case Kind::kText:
        return TextExpr(depth - 1);
      case Kind::kBool:
        return BoolExpr(depth);
      case Kind::kTime:
        return TimeExpr(depth - 1);
    }
    return Leaf(kind);
  }

  // CASE, COALESCE, NULLIF, GREATEST/LEAST: the same for every value kind.
  std::string Conditional(Kind kind, int depth) {
    switch (Below(5)) {
      case 0:
        return "CASE WHEN " + BoolExpr(depth) + " THEN " + Expr(kind, depth) + " ELSE " +
               Expr(kind, depth) + " END";
      case 1:
        return "CASE WHEN " + BoolExpr(depth) + " THEN " + Expr(kind, depth) + " WHEN " +
               BoolExpr(depth) + " THEN " + Expr(kind, depth) + " END";
      case 2:
        return "COALESCE(" + Expr(kind, depth) + ", " + Expr(kind, depth) + ")";
      case 3:
        return "NULLIF(" + Expr(kind, depth) + ", " + Expr(kind, depth) + ")";
      default:
        return std::string(Chance(50) ? "GREATEST(" : "LEAST(") + Expr(kind, depth) + ", " +
               Expr(kind, depth) + ")";
    }
  }

  std::string IntExpr(int depth) {
    switch (Below(11)) {
      case 0:
        return "(" + Expr(Kind::kInt, depth) + (Chance(50) ? " + " : " - ") +
               Expr(Kind::kInt, depth) + ")";
      case 1:
        return "(" + Expr(Kind::kInt, depth) + " * " + SmallPositiveLiteral() + ")";
      case 2:
        return "(" + Expr(Kind::kInt, depth) + (Chance(50) ? " / " : " % ") +
               SmallPositiveLiteral() + ")";
      case 3:
        return "abs(" + Expr(Kind::kInt, depth) + ")";
      case 4:
        return "length(" + Expr(Kind::kText, depth) + ")";
      case 5:
        return "CAST(" + Expr(Kind::kFloat, depth) + " AS integer)";
      case 6:
        return "(-" + Expr(Kind::kInt, depth) + ")";
      case 7: {
        // PostgreSQL evaluates a CASE branch only for the rows it selects,
        // so the division never sees a zero.
        const std::string divisor = ColumnOr(Kind::kInt);
        return "CASE WHEN " + divisor + " <> 0 THEN " + Expr(Kind::kInt, depth) +
               (Chance(50) ? " / " : " % ") + divisor + " END";
      }
      default:
        return Conditional(Kind::kInt, depth);
    }
  }

  std::string FloatExpr(int depth) {
    switch (Below(9)) {
      case 0:
        return "(" + Expr(Kind::kFloat, depth) + (Chance(50) ? " + " : " - ") +
               Expr(Kind::kFloat, depth) + ")";
      case 1:
        return "(" + Expr(Kind::kFloat, depth) + (Chance(50) ? " * " : " / ") + FloatLiteral() +
               ")";
      case 2:
        return Expr(Kind::kInt, depth) + "::double precision";
      case 3:
        return "abs(" + Expr(Kind::kFloat, depth) + ")";
      case 4: {
        static const std::vector<std::string> functions = {"round", "floor", "ceil", "trunc"};
        return Pick(functions) + "(" + Expr(Kind::kFloat, depth) + ")";
      }
      default:
        return Conditional(Kind::kFloat, depth);
    }
  }

  std::string TextExpr(int depth) {
    switch (Below(9)) {
      case 0:
        return std::string(Chance(50) ? "lower(" : "upper(") + Expr(Kind::kText, depth) + ")";
      case 1:
        return "(" + Expr(Kind::kText, depth) + " || " + Expr(Kind::kText, depth) + ")";
      case 2:
        return "substr(" + Expr(Kind::kText, depth) + ", " + SmallPositiveLiteral() + ", " +
               SmallPositiveLiteral() + ")";
      case 3:
        return Expr(Kind::kInt, depth) + "::text";
      case 4:
        return "replace(" + Expr(Kind::kText, depth) + ", 'o', '0')";
      case 5:
        return "concat(" + Expr(Kind::kText, depth) + ", '-', " + Expr(Kind::kText, depth) + ")";
      default:
        return Conditional(Kind::kText, depth);
    }
  }

  std::string TimeExpr(int depth) {
    switch (Below(3)) {
      case 0: {
        static const std::vector<std::string> units = {"'hour'", "'day'", "'minute'"};
        return "date_trunc(" + Pick(units) + ", " + ColumnOr(Kind::kTime) + ")";
      }
      case 1: {
        static const std::vector<std::string> widths = {"'15 minutes'", "'1 hour'", "'1 day'",
                                                        "'6 hours'"};
        return "time_bucket(INTERVAL " + Pick(widths) + ", " + ColumnOr(Kind::kTime) + ")";
      }
      default:
        return Conditional(Kind::kTime, depth);
    }
  }

  static std::string CompareOp(int choice) {
    static const char* const ops[] = {" = ", " <> ", " < ", " <= ", " > ", " >= "};
    return ops[choice % 6];
  }

  Kind ComparableKind() {
    static const std::vector<Kind> kinds = {Kind::kInt,  Kind::kInt,  Kind::kFloat,
                                            Kind::kText, Kind::kText, Kind::kTime};
    return Pick(kinds);
  }

  std::string LikePattern() {
    static const std::vector<std::string> patterns = {"'a%'",      "'%o%'",   "'h%t'",  "'_o%'",
                                                      "'%a'",      "'al_ha'", "'%'",    "'H%'",
                                                      "'host_1%'", "'%_1_'",  "'%spot'"};
    return Pick(patterns);
  }

  // Every predicate comes parenthesized: PostgreSQL's IS tests do not
  // associate (a IS DISTINCT FROM b IS NULL is a syntax error).
  std::string BoolExpr(int depth) { return "(" + UnparenthesizedBoolExpr(depth) + ")"; }

  std::string UnparenthesizedBoolExpr(int depth) {
    const int choices = allow_subqueries_ && subquery_budget_ > 0 ? 12 : 11;
    const int choice = depth <= 0 ? Below(2) : Below(choices);
    const int inner = depth - 1;
    switch (choice) {
      case 0: {
        const Kind kind = ComparableKind();
        return Expr(kind, inner) + CompareOp(Below(6)) +
               (Chance(70) ? Literal(kind) : Expr(kind, inner));
      }
      case 1: {
        const auto flags = ColumnsOf(Kind::kBool);
        if (!flags.empty() && Chance(60)) return Pick(flags)->ref;
        const Kind kind = ComparableKind();
        return ColumnOr(kind) + CompareOp(Below(6)) + Literal(kind);
      }
      case 2:
        return BoolExpr(inner) + " AND " + BoolExpr(inner);
      case 3:
        return BoolExpr(inner) + " OR " + BoolExpr(inner);
      case 4:
        return "NOT " + BoolExpr(inner);
      case 5: {
        static const std::vector<Kind> kinds = {Kind::kInt, Kind::kFloat, Kind::kText, Kind::kBool,
                                                Kind::kTime};
        return Expr(Pick(kinds), inner) + (Chance(50) ? " IS NULL" : " IS NOT NULL");
      }
      case 6: {
        const Kind kind = Chance(50) ? Kind::kInt : Kind::kText;
        std::string list;
        const int n = 1 + Below(4);
        for (int i = 0; i < n; ++i)
          list += (i ? ", " : "") + (Chance(10) ? std::string("NULL") : Literal(kind));
        return Expr(kind, inner) + (Chance(25) ? " NOT IN (" : " IN (") + list + ")";
      }
      case 7: {
        static const std::vector<Kind> kinds = {Kind::kInt, Kind::kFloat, Kind::kTime, Kind::kText};
        const Kind kind = Pick(kinds);
        return Expr(kind, inner) + (Chance(25) ? " NOT BETWEEN " : " BETWEEN ") + Literal(kind) +
               " AND " + Literal(kind);
      }
      case 8:
        return Expr(Kind::kText, inner) + (Chance(25) ? " NOT LIKE " : " LIKE ") + LikePattern();
      case 9: {
        const Kind kind = ComparableKind();
        return Expr(kind, inner) + (Chance(50) ? " IS DISTINCT FROM " : " IS NOT DISTINCT FROM ") +
               Expr(kind, inner);
      }
      case 10: {
        const Kind kind = ComparableKind();
        return "(" + Expr(kind, inner) + CompareOp(Below(6)) + Expr(kind, inner) + ") " +
               (Chance(50) ? "IS TRUE" : "IS NOT FALSE");
      }
      default:
        return SubqueryPredicate();
    }
  }

  // ---- subqueries ----

  const TableDef& SmallTable() {
    static const std::vector<int> small = {0, 0, 1, 2};
    return Tables()[static_cast<size_t>(Pick(small))];
  }

  // A predicate over a subquery on a small table: IN, EXISTS with a correlated
  // equality, or a comparison with a (possibly correlated) aggregate.
  std::string SubqueryPredicate() {
    --subquery_budget_;
    const TableDef& table = SmallTable();
    const std::string alias = NextAlias("s");
    std::vector<ScopeColumn> inner;
    for (const ColumnDef& column : table.columns)
      inner.push_back({alias + "." + column.name, column.kind});
    std::vector<ScopeColumn> outer = scope_;

    // A correlated equality between an inner and an outer column of one kind.
    std::string correlation;
    std::vector<std::pair<const ScopeColumn*, const ScopeColumn*>> pairs;
    for (const ScopeColumn& i : inner)
      for (const ScopeColumn& o : outer)
        if (i.kind == o.kind && (i.kind == Kind::kInt || i.kind == Kind::kText))
          pairs.emplace_back(&i, &o);
    std::vector<std::pair<const ScopeColumn*, const ScopeColumn*>> related;
    for (const auto& pair : pairs)
      if (Related(*pair.first, *pair.second)) related.push_back(pair);
    if (!pairs.empty()) {
      const auto& [i, o] = !related.empty() && Chance(75) ? Pick(related) : Pick(pairs);
      correlation = i->ref + " = " + o->ref;
    }

    scope_ = inner;
    const bool saved = allow_subqueries_;
    allow_subqueries_ = false;
    const std::string inner_filter = Chance(60) ? BoolExpr(2) : "";
    std::string result;
    const int form = Below(3);
    if (form == 0 && !related.empty() && Chance(60)) {
      // Uncorrelated IN over columns that share values.
      const auto& [i, o] = Pick(related);
      result = o->ref + (Chance(30) ? " NOT IN " : " IN ") + "(SELECT " + i->ref + " FROM " +
               table.name + " " + alias + (inner_filter.empty() ? "" : " WHERE " + inner_filter) +
               ")";
    } else if (form == 0) {
      const Kind kind = Chance(50) ? Kind::kInt : Kind::kText;
      const std::string selected = Expr(kind, 1);
      scope_ = outer;
      const std::string probe = Expr(kind, 1);
      result = probe + (Chance(30) ? " NOT IN " : " IN ") + "(SELECT " + selected + " FROM " +
               table.name + " " + alias + (inner_filter.empty() ? "" : " WHERE " + inner_filter) +
               ")";
    } else if (form == 1) {
      std::string where = correlation;
      if (!inner_filter.empty()) where += (where.empty() ? "" : " AND ") + inner_filter;
      result = std::string(Chance(30) ? "NOT EXISTS" : "EXISTS") + " (SELECT 1 FROM " + table.name +
               " " + alias + (where.empty() ? "" : " WHERE " + where) + ")";
    } else {
      const Kind kind = Chance(60) ? Kind::kInt : Kind::kFloat;
      std::string aggregate = "count(*)";
      if (!ColumnsOf(kind).empty() && Chance(70)) {
        static const std::vector<std::string> functions = {"max", "min", "sum", "count"};
        const std::string& function = Pick(functions);
        const std::string column = ColumnOr(kind);
        aggregate = function + "(" +
                    (function == "sum" && kind == Kind::kFloat ? "round(" + column + ")" : column) +
                    ")";
      }
      const Kind result_kind = aggregate.rfind("count", 0) == 0 ? Kind::kInt : kind;
      std::string where = Chance(70) ? correlation : "";
      if (!inner_filter.empty()) where += (where.empty() ? "" : " AND ") + inner_filter;
      scope_ = outer;
      result = Expr(result_kind, 1) + CompareOp(Below(6)) + "(SELECT " + aggregate + " FROM " +
               table.name + " " + alias + (where.empty() ? "" : " WHERE " + where) + ")";
    }
    scope_ = outer;
    allow_subqueries_ = saved;
    return result;
  }

  // ---- FROM ----

  FromClause TableReference(const TableDef& table) {
    FromClause from;
    const std::string alias = NextAlias("t");
    from.has_large = table.large;
    if (!table.large && Chance(12)) {
      // A derived table (or CTE) filtering the base table; its columns keep their names.
      const std::string inner_alias = NextAlias("d");
      std::vector<ScopeColumn> saved = std::move(scope_);
      scope_.clear();
      for (const ColumnDef& column : table.columns)
        scope_.push_back({inner_alias + "." + column.name, column.kind});
      const bool saved_allow = allow_subqueries_;
      allow_subqueries_ = false;
      const std::string filtered =
          "SELECT * FROM " + std::string(table.name) + " " + inner_alias + " WHERE " + BoolExpr(2);
      if (Chance(50)) {
        // The same as a common table expression named after the inner alias.
        ctes_.push_back(inner_alias + " AS (" + filtered + ")");
        from.sql = inner_alias + " " + alias;
      } else {
        from.sql = "(" + filtered + ") " + alias;
      }
      allow_subqueries_ = saved_allow;
      scope_ = std::move(saved);
    } else {
      from.sql = std::string(table.name) + " " + alias;
    }
    for (const ColumnDef& column : table.columns)
      from.columns.push_back({alias + "." + column.name, column.kind});
    for (const char* key : table.unique_key)
      from.unique_key.push_back(alias + "." + key);
    return from;
  }

  static std::string NameOf(const ScopeColumn& column) {
    return column.ref.substr(column.ref.find('.') + 1);
  }

  // Columns of the same name, and the small integers level, rack and
  // max_reading, hold overlapping values.
  static bool Related(const ScopeColumn& a, const ScopeColumn& b) {
    const std::string x = NameOf(a);
    const std::string y = NameOf(b);
    auto small = [](const std::string& name) {
      return name == "level" || name == "rack" || name == "max_reading";
    };
    return x == y || (small(x) && small(y)) || (x == "device" && y == "hostname") ||
           (x == "hostname" && y == "device");
  }

  // One table, or a chain of up to three joined on equalities. The large
  // table appears at most once.
  FromClause From(bool allow_large) {
    const auto& tables = Tables();
    const TableDef& first = allow_large && Chance(20) ? tables[3] : SmallTable();
    FromClause from = TableReference(first);
    const int joins = Chance(40) ? (Chance(25) ? 2 : 1) : 0;
    for (int j = 0; j < joins; ++j) {
      FromClause right = TableReference(SmallTable());
      std::vector<std::pair<const ScopeColumn*, const ScopeColumn*>> pairs;
      for (const ScopeColumn& l : from.columns)
        for (const ScopeColumn& r : right.columns)
          if (l.kind == r.kind && (l.kind == Kind::kInt || l.kind == Kind::kText))
            pairs.emplace_back(&l, &r);
      // Mostly columns that share values, so joins find partners.
      std::vector<std::pair<const ScopeColumn*, const ScopeColumn*>> related;
      for (const auto& pair : pairs)
        if (Related(*pair.first, *pair.second)) related.push_back(pair);
      const auto& [l, r] = !related.empty() && Chance(75) ? Pick(related) : Pick(pairs);
      static const std::vector<std::string> types = {"JOIN",      "JOIN",       "LEFT JOIN",
                                                     "LEFT JOIN", "RIGHT JOIN", "FULL JOIN"};
      const std::string& type = Pick(types);
      std::string on = l->ref + " = " + r->ref;
      std::vector<ScopeColumn> both = from.columns;
      both.insert(both.end(), right.columns.begin(), right.columns.end());
      // PostgreSQL runs FULL JOIN only on hashable or mergeable conditions.
      if (type != "FULL JOIN" && Chance(30)) {
        std::vector<ScopeColumn> saved = std::move(scope_);
        scope_ = both;
        const bool saved_allow = allow_subqueries_;
        allow_subqueries_ = false;
        on += " AND " + BoolExpr(1);
        allow_subqueries_ = saved_allow;
        scope_ = std::move(saved);
      }
      from.sql += " " + type + " " + right.sql + " ON " + on;
      from.columns = std::move(both);
      from.unique_key.clear();
      from.joined = true;
    }
    return from;
  }

  // Keeps queries over the large table to its first half hour (600 rows).
  std::string CpuWindow(const FromClause& from) {
    if (!from.has_large) return "";
    return from.columns.front().ref + " < '2016-01-01 00:30:00+00'::timestamptz";
  }

  std::string Where(const FromClause& from, bool restrict_large) {
    std::string where = Chance(55) ? BoolExpr(1 + Below(2)) : "";
    const std::string window = restrict_large ? CpuWindow(from) : "";
    if (!window.empty()) where = where.empty() ? window : window + " AND (" + where + ")";
    return where.empty() ? "" : " WHERE " + where;
  }

  // ---- SELECT shapes ----

  static std::string Aliased(const std::vector<std::string>& items, size_t first = 0) {
    std::string text;
    for (size_t i = 0; i < items.size(); ++i)
      text += (i ? ", " : "") + items[i] + " AS c" + std::to_string(first + i);
    return text;
  }

  Kind OutputKind() {
    static const std::vector<Kind> kinds = {Kind::kInt,  Kind::kInt,  Kind::kFloat, Kind::kText,
                                            Kind::kText, Kind::kBool, Kind::kTime};
    return Pick(kinds);
  }

  // ORDER BY every output column (or none: then the answer is a multiset),
  // and a LIMIT only after such an ORDER BY.
  std::string OrderAndLimit(size_t columns, bool force = false) {
    if (!force && Chance(45)) return "";
    std::vector<size_t> order(columns);
    for (size_t i = 0; i < columns; ++i)
      order[i] = i + 1;
    for (size_t i = columns; i > 1; --i)
      std::swap(order[i - 1], order[static_cast<size_t>(Below(static_cast<int>(i)))]);
    std::string text = " ORDER BY ";
    for (size_t i = 0; i < columns; ++i) {
      text += (i ? ", " : "") + std::to_string(order[i]);
      if (Chance(30)) text += " DESC";
      if (Chance(20)) text += Chance(50) ? " NULLS FIRST" : " NULLS LAST";
    }
    if (Chance(60)) {
      text += " LIMIT " + std::to_string(1 + Below(20));
      if (Chance(25)) text += " OFFSET " + std::to_string(Below(10));
    }
    return text;
  }

  std::vector<std::string> Outputs(int count) {
    std::vector<std::string> items;
    for (int i = 0; i < count; ++i)
      items.push_back(Expr(OutputKind(), 2));
    return items;
  }

  std::string PlainSelect() {
    const FromClause from = From(true);
    scope_ = from.columns;
    allow_subqueries_ = true;
    std::vector<std::string> items = Outputs(1 + Below(4));
    if (Chance(10)) items.push_back(ScalarSubquery());
    allow_subqueries_ = true;
    const std::string where = Where(from, true);
    return std::string("SELECT ") + (Chance(15) ? "DISTINCT " : "") + Aliased(items) + " FROM " +
           from.sql + where + OrderAndLimit(items.size());
  }

  // A correlated scalar subquery in the select list, an aggregate so it has one row.
  std::string ScalarSubquery() {
    const TableDef& table = SmallTable();
    const std::string alias = NextAlias("s");
    for (const ColumnDef& i : table.columns)
      for (const ScopeColumn& o : scope_)
        if (i.kind == o.kind && i.kind == Kind::kText)
          return "(SELECT count(*) FROM " + std::string(table.name) + " " + alias + " WHERE " +
                 alias + "." + i.name + " = " + o.ref + ")";
    return "(SELECT count(*) FROM " + std::string(table.name) + " " + alias + ")";
  }

  // What sum and avg add up: floating-point values are rounded to integers
  // first, so the sum is exact in any order of additions (a sum that cancels
  // to almost zero would otherwise differ beyond any relative tolerance).
  // Adding 0 turns round()'s -0 into 0: min and max would otherwise pick
  // between equal zeros by row order.
  std::string Summand(Kind kind) {
    if (kind == Kind::kFloat) return "(round(" + Expr(Kind::kFloat, 1) + ") + 0)";
    return Expr(kind, 1);
  }

  std::string Aggregate(Kind* result_kind) {
    const std::string filter = Chance(20) ? " FILTER (WHERE " + BoolExpr(2) + ")" : std::string();
    switch (Below(8)) {
      case 0:
        *result_kind = Kind::kInt;
        return "count(*)" + filter;
      case 1: {
        static const std::vector<Kind> kinds = {Kind::kInt, Kind::kFloat, Kind::kText, Kind::kBool,
                                                Kind::kTime};
        *result_kind = Kind::kInt;
        return std::string("count(") + (Chance(40) ? "DISTINCT " : "") + Expr(Pick(kinds), 1) +
               ")" + filter;
      }
      case 2:
      case 3: {
        const Kind kind = Chance(60) ? Kind::kInt : Kind::kFloat;
        const bool average = Chance(40);
        *result_kind = average ? Kind::kFloat : kind;
        return std::string(average ? "avg(" : "sum(") + Summand(kind) + ")" + filter;
      }
      case 4:
      case 5:
      case 6: {
        static const std::vector<Kind> kinds = {Kind::kInt, Kind::kFloat, Kind::kText, Kind::kTime};
        const Kind kind = Pick(kinds);
        *result_kind = kind;
        return std::string(Chance(50) ? "min(" : "max(") + Expr(kind, 1) + ")" + filter;
      }
      default:
        *result_kind = Kind::kBool;
        return std::string(Chance(50) ? "bool_and(" : "bool_or(") + Expr(Kind::kBool, 1) + ")" +
               filter;
    }
  }

  // A column of one of the kinds; every table has a text column to fall back on.
  const ScopeColumn& AnyColumn(const std::vector<Kind>& kinds) {
    std::vector<const ScopeColumn*> found;
    for (Kind kind : kinds)
      for (const ScopeColumn* column : ColumnsOf(kind))
        found.push_back(column);
    if (found.empty()) found = ColumnsOf(Kind::kText);
    return *Pick(found);
  }

  // A grouping key built on a column: a constant would read as an ordinal.
  std::string GroupKey() {
    const ScopeColumn& column =
        AnyColumn({Kind::kText, Kind::kText, Kind::kInt, Kind::kBool, Kind::kTime});
    if (Chance(60)) return column.ref;
    switch (column.kind) {
      case Kind::kText:
        return Chance(50) ? "lower(" + column.ref + ")" : "substr(" + column.ref + ", 1, 2)";
      case Kind::kInt:
        return "(" + column.ref + " % " + SmallPositiveLiteral() + ")";
      case Kind::kTime:
        return Chance(50) ? "date_trunc('hour', " + column.ref + ")"
                          : "time_bucket(INTERVAL '6 hours', " + column.ref + ")";
      default:
        return column.ref + " IS NULL";
    }
  }

  std::string AggregateSelect() {
    const FromClause from = From(true);
    scope_ = from.columns;
    allow_subqueries_ = false;
    const int key_count = Below(3);
    std::vector<std::string> keys;
    for (int i = 0; i < key_count; ++i)
      keys.push_back(GroupKey());
    std::vector<std::string> aggregates;
    std::vector<Kind> aggregate_kinds;
    const int aggregate_count = 1 + Below(3);
    for (int i = 0; i < aggregate_count; ++i) {
      Kind kind;
      aggregates.push_back(Aggregate(&kind));
      aggregate_kinds.push_back(kind);
    }
    std::vector<std::string> items = keys;
    items.insert(items.end(), aggregates.begin(), aggregates.end());
    allow_subqueries_ = true;
    std::string sql = "SELECT " + Aliased(items) + " FROM " + from.sql + Where(from, from.joined);
    allow_subqueries_ = false;
    if (!keys.empty()) {
      sql += " GROUP BY ";
      const bool ordinals = Chance(40);
      for (size_t i = 0; i < keys.size(); ++i)
        sql += (i ? ", " : "") + (ordinals ? std::to_string(i + 1) : keys[i]);
      if (Chance(40)) {
        const size_t which = static_cast<size_t>(Below(static_cast<int>(aggregates.size())));
        const Kind kind = aggregate_kinds[which];
        std::string having = kind == Kind::kBool
                                 ? aggregates[which]
                                 : aggregates[which] + CompareOp(Below(6)) + Literal(kind);
        if (Chance(30)) having += " OR count(*) > " + SmallPositiveLiteral();
        sql += " HAVING " + having;
      }
    }
    return sql + OrderAndLimit(items.size());
  }

  // The argument of lag, lead and first_value: PostgreSQL cannot type them
  // over an untyped string literal, so a column or an expression over one.
  std::string WindowValue() {
    const ScopeColumn& column =
        AnyColumn({Kind::kInt, Kind::kFloat, Kind::kText, Kind::kBool, Kind::kTime});
    if (Chance(60)) return column.ref;
    switch (column.kind) {
      case Kind::kInt:
        return "(" + column.ref + " * " + SmallPositiveLiteral() + ")";
      case Kind::kFloat:
        return "abs(" + column.ref + ")";
      case Kind::kText:
        return "upper(" + column.ref + ")";
      case Kind::kBool:
        return "NOT " + column.ref;
      default:
        return "date_trunc('day', " + column.ref + ")";
    }
  }

  std::string WindowFunction(const FromClause& from) {
    std::string partition;
    if (Chance(60)) {
      partition = "PARTITION BY " + AnyColumn({Kind::kText, Kind::kInt, Kind::kBool}).ref;
    }
    const std::string peer_order =
        Expr(Chance(50) ? Kind::kInt : Kind::kText, 1) + (Chance(30) ? " DESC" : "");
    auto over = [&](const std::string& order) {
      std::string text = partition;
      if (!order.empty()) text += (text.empty() ? "" : " ") + std::string("ORDER BY ") + order;
      return " OVER (" + text + ")";
    };
    std::string unique_order;
    for (const std::string& key : from.unique_key)
      unique_order += (unique_order.empty() ? "" : ", ") + key;
    if (!unique_order.empty() && Chance(50)) {
      const std::string order = Chance(40) ? peer_order + ", " + unique_order : unique_order;
      switch (Below(5)) {
        case 0:
          return "row_number()" + over(order);
        case 1:
          return std::string(Chance(50) ? "lag(" : "lead(") + WindowValue() +
                 (Chance(40) ? ", " + SmallPositiveLiteral() : "") + ")" + over(order);
        case 2:
          return "first_value(" + WindowValue() + ")" + over(order);
        case 3:
          return "ntile(" + SmallPositiveLiteral() + ")" + over(order);
        default: {
          const std::string frame = " ROWS BETWEEN " + SmallPositiveLiteral() + " PRECEDING AND " +
                                    (Chance(50) ? "CURRENT ROW" : "1 FOLLOWING");
          const std::string text = over(order);
          return std::string(Chance(50) ? "sum(" : "max(") +
                 Summand(Chance(60) ? Kind::kInt : Kind::kFloat) + ")" +
                 text.substr(0, text.size() - 1) + frame + ")";
        }
      }
    }
    switch (Below(4)) {
      case 0:
        return std::string(Chance(50) ? "rank()" : "dense_rank()") + over(peer_order);
      case 1:
        return "count(*)" + over(Chance(50) ? peer_order : "");
      default: {
        static const std::vector<std::string> functions = {"sum", "min", "max", "avg", "count"};
        return Pick(functions) + "(" + Summand(Chance(60) ? Kind::kInt : Kind::kFloat) + ")" +
               over(Chance(50) ? peer_order : "");
      }
    }
  }

  std::string WindowSelect() {
    const FromClause from = From(true);
    scope_ = from.columns;
    allow_subqueries_ = false;
    std::vector<std::string> items = Outputs(1 + Below(2));
    const int functions = 1 + Below(2);
    for (int i = 0; i < functions; ++i)
      items.push_back(WindowFunction(from));
    allow_subqueries_ = true;
    const std::string where = Where(from, true);
    return "SELECT " + Aliased(items) + " FROM " + from.sql + where + OrderAndLimit(items.size());
  }

  std::string SetBranch(const std::vector<Kind>& kinds) {
    const FromClause from = From(false);
    scope_ = from.columns;
    allow_subqueries_ = false;
    std::vector<std::string> items;
    for (Kind kind : kinds)
      items.push_back(Expr(kind, 1));
    allow_subqueries_ = true;
    return "SELECT " + Aliased(items) + " FROM " + from.sql + Where(from, false);
  }

  std::string SetOperation() {
    std::vector<Kind> kinds;
    const int count = 1 + Below(3);
    for (int i = 0; i < count; ++i)
      kinds.push_back(OutputKind());
    static const std::vector<std::string> operators = {
        " UNION ",  " UNION ALL ",  " INTERSECT ", " INTERSECT ALL ",
        " EXCEPT ", " EXCEPT ALL ", " UNION "};
    std::string sql = SetBranch(kinds) + Pick(operators) + SetBranch(kinds);
    if (Chance(20)) sql += Pick(operators) + SetBranch(kinds);
    return sql + OrderAndLimit(kinds.size());
  }

  // A plain or aggregate query whose WHERE leans on subqueries.
  std::string SubquerySelect() {
    const FromClause from = From(false);
    scope_ = from.columns;
    allow_subqueries_ = false;
    std::vector<std::string> items = Outputs(1 + Below(3));
    allow_subqueries_ = true;
    subquery_budget_ = 2;
    std::string where = SubqueryPredicate();
    if (Chance(40)) where += (Chance(50) ? " AND " : " OR ") + BoolExpr(2);
    return "SELECT " + Aliased(items) + " FROM " + from.sql + " WHERE " + where +
           OrderAndLimit(items.size());
  }

  std::mt19937_64 random_;
  int next_alias_ = 0;
  std::vector<ScopeColumn> scope_;
  // WITH definitions the FROM clauses refer to, written before the query.
  std::vector<std::string> ctes_;
  bool allow_subqueries_ = false;
  int subquery_budget_ = 1;
};

}  // namespace

std::string RandomQueryGenerator::Generate(uint64_t index) const {
  QueryBuilder builder(SplitMix(seed_ ^ SplitMix(index)));
  return builder.Query();
}

}  // namespace sundial::testing
