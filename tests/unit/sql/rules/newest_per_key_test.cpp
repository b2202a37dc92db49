#include "exec/function_registry.h"
#include "logical_test_util.h"
#include "sql/rules/rules.h"

namespace sundial::sql::testing {
namespace {

// DISTINCT ON (hostname) hostname, time ... ORDER BY hostname, time DESC.
LogicalPtr NewestPerHost(LogicalPtr table) {
  auto distinct = Above<LogicalDistinct>(
      ProjectOver(std::move(table), {Col(1, TypeId::kText), Col(0, TypeId::kTimestampTz)}));
  distinct->keys = {Col(0, TypeId::kText)};
  distinct->order = {
      exec::SortKey{.expr = Col(1, TypeId::kTimestampTz), .descending = true, .nulls_first = true}};
  return distinct;
}

TEST_CASE("The newest row per tag over a whole hypertable is read as such",
          "[sql][rules][newest_per_key]") {
  CHECK(Explain(MarkNewestPerKey(NewestPerHost(Get(CpuTable())))) ==
        "HashDistinct keys=[$0] order=[$1 DESC]\n"
        "  ->  Project $1, $0\n"
        "        ->  Scan table=1 columns=[0, 1, 2] newest_per=#1");
}

TEST_CASE("A filtered table or an oldest-first order reads every row",
          "[sql][rules][newest_per_key]") {
  auto filtered = std::make_shared<LogicalGet>(As<LogicalGet>(*Get(CpuTable())));
  filtered->filters = {Op("=", Col(1, TypeId::kText), Text("h1"))};
  LogicalPtr plan = NewestPerHost(filtered);
  CHECK(MarkNewestPerKey(plan) == plan);

  auto oldest =
      std::make_shared<LogicalDistinct>(As<LogicalDistinct>(*NewestPerHost(Get(CpuTable()))));
  oldest->order[0].descending = false;
  CHECK(MarkNewestPerKey(oldest) == LogicalPtr(oldest));
}

exec::AggregateCall Call(const std::string& name, std::vector<exec::ExprPtr> args) {
  std::vector<DataType> types;
  for (const exec::ExprPtr& arg : args)
    types.push_back(arg->type);
  auto function = exec::FunctionRegistry::Instance().ResolveAggregate(name, types);
  INFO(name);
  REQUIRE(function.ok());
  return exec::AggregateCall{.function = function->function, .args = std::move(args)};
}

// SELECT host, <calls> FROM cpu GROUP BY host.
LogicalPtr PerHost(std::vector<exec::AggregateCall> calls) {
  auto aggregate = std::make_shared<LogicalAggregate>();
  aggregate->children = {Get(CpuTable())};
  aggregate->group_keys = {Col(1, TypeId::kText)};
  aggregate->output_types = {Type(TypeId::kText)};
  for (const exec::AggregateCall& call : calls)
    aggregate->output_types.push_back(call.function->return_type());
  aggregate->aggregates = std::move(calls);
  return aggregate;
}

TEST_CASE("last(v, time) and max(time) per tag read only each tag's newest row",
          "[sql][rules][newest_per_key]") {
  LogicalPtr plan = PerHost({Call("last", {Col(2, TypeId::kFloat64), Col(0, TypeId::kTimestampTz)}),
                             Call("max", {Col(0, TypeId::kTimestampTz)})});
  CHECK(Explain(MarkNewestPerKey(plan)) ==
        "HashAggregate keys=[$1] aggregates=[last($2, $0), max($0)]\n"
        "  ->  Scan table=1 columns=[0, 1, 2] newest_per=#1");
  // Any other aggregate needs every row: count, first, min(time), max of a
  // value.
  for (const exec::AggregateCall& other :
       {Call("count", {}), Call("first", {Col(2, TypeId::kFloat64), Col(0, TypeId::kTimestampTz)}),
        Call("min", {Col(0, TypeId::kTimestampTz)}), Call("max", {Col(2, TypeId::kFloat64)})}) {
    LogicalPtr mixed =
        PerHost({Call("last", {Col(2, TypeId::kFloat64), Col(0, TypeId::kTimestampTz)}), other});
    CHECK(MarkNewestPerKey(mixed) == mixed);
  }
}

}  // namespace
}  // namespace sundial::sql::testing
