#include "exec/memory_budget.h"

namespace sundial::exec {

size_t MemoryBudget::spilled_bytes() const {
  size_t total = 0;
  for (const OperatorMemory& account : operators_)
    total += account.spilled_bytes();
  return total;
}

}  // namespace sundial::exec
