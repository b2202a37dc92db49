#include "exec/plan_profile.h"

namespace sundial::exec {

void PlanProfile::Add(const PlanProfile& other) {
  for (const auto& [node, figures] : other.nodes_) {
    NodeProfile& mine = nodes_[node];
    mine.rows += figures.rows;
    mine.batches += figures.batches;
    mine.nanos += figures.nanos;
    mine.morsels += figures.morsels;
    mine.workers_used += figures.workers_used;
    if (figures.scan) {
      if (!mine.scan) mine.scan.emplace();
      *mine.scan += *figures.scan;
    }
  }
}

}  // namespace sundial::exec
