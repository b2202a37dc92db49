#include "logical_test_util.h"
#include "sql/rules/rules.h"

namespace sundial::sql::testing {
namespace {

using exec::JoinType;

TEST_CASE("A small table on the probe side of a hypertable join moves to the build side",
          "[sql][rules][join_order]") {
  LogicalPtr plan = Join(JoinType::kLeft, Get(HostsTable()), Get(CpuTable()),
                         {Op("=", Col(0, TypeId::kText), Col(4, TypeId::kText))});
  // The output keeps the hosts columns first; the cpu scan now streams.
  CHECK(Explain(OrderJoinInputs(plan)) ==
        "Project $3, $4, $5, $0, $1, $2\n"
        "  ->  HashJoin Right probe_keys=[$1] build_keys=[$0]\n"
        "        ->  Scan table=1 columns=[0, 1, 2]\n"
        "        ->  Scan table=2 columns=[0, 1, 2]");
}

TEST_CASE("Joins already building on the small side, and semi joins, keep their inputs",
          "[sql][rules][join_order]") {
  LogicalPtr facts_first = Join(JoinType::kInner, Get(CpuTable()), Get(HostsTable()),
                                {Op("=", Col(1, TypeId::kText), Col(3, TypeId::kText))});
  CHECK(OrderJoinInputs(facts_first) == facts_first);
  LogicalPtr semi = Join(JoinType::kSemi, Get(HostsTable()), Get(CpuTable()),
                         {Op("=", Col(0, TypeId::kText), Col(4, TypeId::kText))});
  CHECK(OrderJoinInputs(semi) == semi);
  LogicalPtr two_small = Join(JoinType::kInner, Get(HostsTable()), Get(HostsTable()), {});
  CHECK(OrderJoinInputs(two_small) == two_small);
}

}  // namespace
}  // namespace sundial::sql::testing
