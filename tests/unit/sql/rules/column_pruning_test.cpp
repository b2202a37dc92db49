#include "logical_test_util.h"
#include "sql/rules/rules.h"

namespace sundial::sql::testing {
namespace {

using exec::JoinType;

TEST_CASE("A table is read only for the columns above it use", "[sql][rules][column_pruning]") {
  LogicalPtr plan = ProjectOver(
      FilterOver(Get(CpuTable()), {Op(">", Col(2, TypeId::kFloat64), Col(2, TypeId::kFloat64))}),
      {Col(1, TypeId::kText)});
  CHECK(Explain(PruneColumns(plan)) ==
        "Project $0\n"
        "  ->  Filter ($1 > $1)\n"
        "        ->  Scan table=1 columns=[1, 2]");
}

TEST_CASE("Each join input produces what the output and the join conditions read",
          "[sql][rules][column_pruning]") {
  LogicalPtr join = Join(JoinType::kInner, Get(CpuTable()), Get(HostsTable()),
                         {Op("=", Col(1, TypeId::kText), Col(3, TypeId::kText))});
  LogicalPtr plan = ProjectOver(join, {Col(2, TypeId::kFloat64), Col(5, TypeId::kInt32)});
  CHECK(Explain(PruneColumns(plan)) ==
        "Project $1, $3\n"
        "  ->  HashJoin Inner probe_keys=[$0] build_keys=[$0]\n"
        "        ->  Scan table=1 columns=[1, 2]\n"
        "        ->  Scan table=2 columns=[0, 2]");
}

TEST_CASE("Unused projections and aggregates are dropped", "[sql][rules][column_pruning]") {
  auto aggregate = std::make_shared<LogicalAggregate>();
  aggregate->children = {Get(CpuTable())};
  aggregate->group_keys = {Col(1, TypeId::kText)};
  auto max = exec::FunctionRegistry::Instance().ResolveAggregate("max", {Type(TypeId::kFloat64)});
  auto count = exec::FunctionRegistry::Instance().ResolveAggregate("count", {});
  REQUIRE(max.ok());
  REQUIRE(count.ok());
  aggregate->aggregates = {
      exec::AggregateCall{.function = max->function, .args = {Col(2, TypeId::kFloat64)}},
      exec::AggregateCall{.function = count->function}};
  aggregate->output_types = {Type(TypeId::kText), Type(TypeId::kFloat64), Type(TypeId::kInt64)};
  LogicalPtr inner = ProjectOver(
      aggregate, {Col(0, TypeId::kText), Col(1, TypeId::kFloat64), Col(2, TypeId::kInt64)});
  LogicalPtr plan = ProjectOver(inner, {Col(2, TypeId::kInt64), Col(0, TypeId::kText)});
  CHECK(Explain(PruneColumns(plan)) ==
        "Project $1, $0\n"
        "  ->  Project $0, $1\n"
        "        ->  HashAggregate keys=[$0] aggregates=[count(*)]\n"
        "              ->  Scan table=1 columns=[1]");
}

TEST_CASE("A lateral join keeps the left columns its per-row side reads",
          "[sql][rules][column_pruning][lateral]") {
  // hosts h, LATERAL (SELECT usage, time FROM cpu WHERE hostname = h.hostname):
  // the output reads h.rack and usage; the parameter reads h.hostname.
  auto param = std::make_shared<const exec::Expr>(
      exec::Expr{.kind = exec::ExprKind::kOuterParam, .type = Type(TypeId::kText), .column = 0});
  LogicalPtr inner =
      ProjectOver(FilterOver(Get(CpuTable()), {Op("=", Col(1, TypeId::kText), param)}),
                  {Col(2, TypeId::kFloat64), Col(0, TypeId::kTimestampTz)});
  auto lateral = std::make_shared<LogicalLateralJoin>();
  lateral->parameters = {Col(0, TypeId::kText)};
  lateral->output_types = {Type(TypeId::kText), Type(TypeId::kText), Type(TypeId::kInt32),
                           Type(TypeId::kFloat64), Type(TypeId::kTimestampTz)};
  lateral->children = {Get(HostsTable()), inner};
  LogicalPtr plan = ProjectOver(lateral, {Col(2, TypeId::kInt32), Col(3, TypeId::kFloat64)});
  CHECK(Explain(PruneColumns(plan)) ==
        "Project $1, $2\n"
        "  ->  LateralJoin Inner parameters=[$0]\n"
        "        ->  Scan table=2 columns=[0, 2]\n"
        "        ->  Project $1\n"
        "              ->  Filter ($0 = outer_param.$0)\n"
        "                    ->  Scan table=1 columns=[1, 2]");
}

}  // namespace
}  // namespace sundial::sql::testing
