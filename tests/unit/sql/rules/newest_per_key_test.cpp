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

}  // namespace
}  // namespace sundial::sql::testing
