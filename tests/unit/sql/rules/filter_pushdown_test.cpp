#include "logical_test_util.h"
#include "sql/rules/rules.h"

namespace sundial::sql::testing {
namespace {

using exec::JoinType;

TEST_CASE("A filter over a projection reaches the table as a filter on what it projects",
          "[sql][rules][filter_pushdown]") {
  LogicalPtr plan = FilterOver(ProjectOver(Get(CpuTable()), {Col(1, TypeId::kText)}),
                               {Op("=", Col(0, TypeId::kText), Text("h1"))});
  CHECK(Explain(PushDownFilters(plan)) ==
        "Project $1\n"
        "  ->  Filter ($1 = 'h1')\n"
        "        ->  Scan table=1 columns=[0, 1, 2]");
}

TEST_CASE("Filters stack into one and reach the table below a sort",
          "[sql][rules][filter_pushdown]") {
  auto sort = Above<LogicalSort>(
      FilterOver(Get(CpuTable()), {Op(">", Col(2, TypeId::kFloat64), Col(2, TypeId::kFloat64))}));
  sort->keys = {exec::SortKey{.expr = Col(0, TypeId::kTimestampTz)}};
  LogicalPtr plan = FilterOver(sort, {Op("=", Col(1, TypeId::kText), Text("h1"))});
  CHECK(Explain(PushDownFilters(plan)) ==
        "Sort keys=[$0]\n"
        "  ->  Filter (($1 = 'h1') AND ($2 > $2))\n"
        "        ->  Scan table=1 columns=[0, 1, 2]");
}

TEST_CASE("A top-N and a LIMIT keep the filters above them", "[sql][rules][filter_pushdown]") {
  auto limit = Above<LogicalLimit>(Get(CpuTable()));
  limit->limit = 5;
  LogicalPtr plan = FilterOver(limit, {Op("=", Col(1, TypeId::kText), Text("h1"))});
  CHECK(Explain(PushDownFilters(plan)) ==
        "Filter ($1 = 'h1')\n"
        "  ->  Limit limit=5\n"
        "        ->  Scan table=1 columns=[0, 1, 2]");
}

TEST_CASE("Over an aggregate only terms on group keys move below it",
          "[sql][rules][filter_pushdown]") {
  auto aggregate = std::make_shared<LogicalAggregate>();
  aggregate->children = {Get(CpuTable())};
  aggregate->group_keys = {Col(1, TypeId::kText)};
  auto count = exec::FunctionRegistry::Instance().ResolveAggregate("count", {});
  REQUIRE(count.ok());
  aggregate->aggregates = {exec::AggregateCall{.function = count->function}};
  aggregate->output_types = {Type(TypeId::kText), Type(TypeId::kInt64)};
  LogicalPtr plan = FilterOver(aggregate, {Op("=", Col(0, TypeId::kText), Text("h1")),
                                           Op(">", Col(1, TypeId::kInt64), Int(3))});
  std::string pushed = Explain(PushDownFilters(plan));
  CHECK(pushed.rfind("Filter ($1 > 3)", 0) == 0);
  CHECK(pushed.find("HashAggregate keys=[$1]") < pushed.find("Filter ($1 = 'h1')"));

  // Without group keys the aggregate answers one row even over no input.
  aggregate->group_keys.clear();
  aggregate->output_types = {Type(TypeId::kInt64)};
  LogicalPtr total = FilterOver(aggregate, {Op(">", Col(0, TypeId::kInt64), Int(3))});
  CHECK(Explain(PushDownFilters(total)).rfind("Filter ($0 > 3)\n  ->  HashAggregate", 0) == 0);
}

TEST_CASE("Terms over a left join's padded side stay above it, the others move into its input",
          "[sql][rules][filter_pushdown]") {
  LogicalPtr join = Join(JoinType::kLeft, Get(CpuTable()), Get(HostsTable()),
                         {Op("=", Col(1, TypeId::kText), Col(3, TypeId::kText)),
                          Op("=", Col(4, TypeId::kText), Text("ann"))});
  LogicalPtr plan = FilterOver(
      join, {Op("=", Col(1, TypeId::kText), Text("h1")), Op("=", Col(5, TypeId::kInt32), Int(2))});
  CHECK(Explain(PushDownFilters(plan)) ==
        "Filter ($5 = 2)\n"
        "  ->  HashJoin Left probe_keys=[$1] build_keys=[$0]\n"
        "        ->  Filter ($1 = 'h1')\n"
        "              ->  Scan table=1 columns=[0, 1, 2]\n"
        "        ->  Filter ($1 = 'ann')\n"
        "              ->  Scan table=2 columns=[0, 1, 2]");
}

TEST_CASE("A WHERE term over both inputs of an inner join becomes a join condition",
          "[sql][rules][filter_pushdown]") {
  LogicalPtr join = Join(JoinType::kInner, Get(CpuTable()), Get(HostsTable()), {});
  LogicalPtr plan = FilterOver(join, {Op("=", Col(1, TypeId::kText), Col(3, TypeId::kText))});
  CHECK(Explain(PushDownFilters(plan)) ==
        "HashJoin Inner probe_keys=[$1] build_keys=[$0]\n"
        "  ->  Scan table=1 columns=[0, 1, 2]\n"
        "  ->  Scan table=2 columns=[0, 1, 2]");
}

TEST_CASE("A filter over a set operation filters both of its inputs",
          "[sql][rules][filter_pushdown]") {
  auto union_all = std::make_shared<LogicalSetOperation>();
  union_all->children = {Get(HostsTable()), Get(HostsTable())};
  union_all->output_types = union_all->children[0]->output_types;
  LogicalPtr plan = FilterOver(union_all, {Op("=", Col(2, TypeId::kInt32), Int(9))});
  CHECK(Explain(PushDownFilters(plan)) ==
        "SetOperation UnionAll\n"
        "  ->  Filter ($2 = 9)\n"
        "        ->  Scan table=2 columns=[0, 1, 2]\n"
        "  ->  Filter ($2 = 9)\n"
        "        ->  Scan table=2 columns=[0, 1, 2]");
}

TEST_CASE("Pushing into a subtree used twice leaves the other use alone",
          "[sql][rules][filter_pushdown]") {
  LogicalPtr shared = Get(HostsTable());
  LogicalPtr plan =
      Join(JoinType::kInner, FilterOver(shared, {Op("=", Col(2, TypeId::kInt32), Int(1))}), shared,
           {Op("=", Col(0, TypeId::kText), Col(3, TypeId::kText))});
  CHECK(Explain(PushDownFilters(plan)) ==
        "HashJoin Inner probe_keys=[$0] build_keys=[$0]\n"
        "  ->  Filter ($2 = 1)\n"
        "        ->  Scan table=2 columns=[0, 1, 2]\n"
        "  ->  Scan table=2 columns=[0, 1, 2]");
  CHECK(As<LogicalGet>(*shared).filters.empty());
}

}  // namespace
}  // namespace sundial::sql::testing
