#include "logical_test_util.h"
#include "sql/rules/rules.h"

namespace sundial::sql::testing {
namespace {

LogicalPtr SortedLimit(LogicalPtr input, std::optional<uint64_t> limit, uint64_t offset) {
  auto sort = Above<LogicalSort>(std::move(input));
  sort->keys = {
      exec::SortKey{.expr = Col(2, TypeId::kFloat64), .descending = true, .nulls_first = true}};
  auto node = Above<LogicalLimit>(std::move(sort));
  node->limit = limit;
  node->offset = offset;
  return node;
}

TEST_CASE("A sort under LIMIT keeps only the rows the limit and offset reach",
          "[sql][rules][top_n]") {
  CHECK(Explain(PlanTopN(SortedLimit(Get(CpuTable()), 5, 2))) ==
        "Limit limit=5 offset=2\n"
        "  ->  TopN limit=7 keys=[$2 DESC]\n"
        "        ->  Scan table=1 columns=[0, 1, 2]");
}

TEST_CASE("A sort under OFFSET alone stays a full sort", "[sql][rules][top_n]") {
  LogicalPtr plan = SortedLimit(Get(CpuTable()), std::nullopt, 2);
  CHECK(PlanTopN(plan) == plan);
}

}  // namespace
}  // namespace sundial::sql::testing
