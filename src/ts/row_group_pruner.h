#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ts/engine.h"
#include "ts/scan_predicate.h"
#include "ts/segment_reader.h"
#include "ts/table_schema.h"

namespace sundial::ts {

// Decides from a row group's block min/max alone (time range, numeric
// bounds, text bounds, all-NULL blocks) whether it can hold a row that a
// scan returns. Shared by the scanner, which then reads what survives, and
// by the morsel cutter, so row groups the bounds rule out never become work
// for a thread.
class RowGroupPruner {
 public:
  enum class Verdict : uint8_t { kOutsideTimeRange, kNoMatch, kMayMatch };

  // `predicates` (compiled against `schema`) must outlive the pruner.
  RowGroupPruner(const TableSchema& schema, TimeRange range,
                 const std::vector<CompiledPredicate>* predicates);

  // The verdict on row group `group` of `segment`. On kMayMatch, when
  // `all_match` is given, (*all_match)[i] is set when predicate i holds for
  // every row of the group (its column has no NULL there).
  Verdict Judge(const SegmentReader& segment, size_t group,
                std::vector<uint8_t>* all_match = nullptr) const;

 private:
  const TableSchema* schema_;
  TimeRange range_;
  const std::vector<CompiledPredicate>* predicates_;
};

}  // namespace sundial::ts
