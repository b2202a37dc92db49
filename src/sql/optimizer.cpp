#include "sql/optimizer.h"

#include "sql/rules/rules.h"

namespace sundial::sql {

LogicalPtr Optimize(LogicalPtr plan) {
  plan = PushDownFilters(std::move(plan));
  plan = PushFiltersIntoScans(std::move(plan));
  plan = OrderJoinInputs(std::move(plan));
  plan = PruneColumns(std::move(plan));
  plan = PlanTopN(std::move(plan));
  plan = MarkNewestPerKey(std::move(plan));
  return plan;
}

}  // namespace sundial::sql
