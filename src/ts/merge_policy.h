#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sundial::ts {

// What the merge policy knows of one segment of a partition.
struct MergeCandidate {
  uint64_t rows = 0;
  uint64_t bytes = 0;
  int64_t time_min = 0;  // of the time column, inclusive
  int64_t time_max = 0;
  uint64_t deleted_rows = 0;  // of `rows`, marked deleted
};

struct MergePolicyOptions {
  // No merge of time-adjacent segments produces more rows than this; an
  // overlap merge may hold more, and is then written as several segments.
  // 0 merges nothing.
  uint64_t row_cap = uint64_t{1} << 21;
  // Whether the segments have a time column (a hypertable); without one their
  // time ranges mean nothing and only size tiers apply, in listed order.
  bool has_time = true;
};

// Sizes grow by this factor from one tier to the next, and a merge needs
// this many time-adjacent segments of one tier.
inline constexpr uint64_t kMergeTierFactor = 4;
inline constexpr size_t kMergeTierWidth = 4;

// The size tier of a segment of `rows` rows: floor(log4(rows)), 0 for <= 1.
int MergeTier(uint64_t rows);

// The segments of one partition (in the order the version lists them) that
// one merge should rewrite, as ascending indices into `segments`; empty when
// there is nothing to do. Two rules, the first that applies wins:
//
// 1. Overlap: segments whose time ranges overlap one another (late or
//    out-of-order rows), grown from the smallest by adding the smallest
//    segment that overlaps the set, as long as the largest member holds at
//    most kMergeTierFactor times the rows of the others (so a huge segment
//    waits for late rows to accumulate instead of being rewritten for each
//    few) and the set stays within row_cap (two overlapping segments merge
//    even above it).
// 2. Size tiers: at least kMergeTierWidth consecutive segments (by time, or
//    as listed without a time column) of one tier, at most row_cap rows in all.
// 3. Deletes: the segment with the largest share of rows marked deleted,
//    when that share exceeds 1/kMergeTierFactor, is rewritten alone, so the
//    space of deleted rows comes back.
//
// A pure function of its inputs.
std::vector<size_t> ChooseMerge(const std::vector<MergeCandidate>& segments,
                                const MergePolicyOptions& options);

// Rows spread (assumed evenly) over the times [time_min, time_max]: a row
// group of an input segment, by its time column's block min/max.
struct TimeSpan {
  uint64_t rows = 0;
  int64_t time_min = 0;
  int64_t time_max = 0;
};

// Split points b1 < b2 < ... that cut the rows of `spans` into time slices
// [-inf, b1), [b1, b2), ..., [bk, +inf) of about equal estimated rows, each
// about row_cap rows or fewer; empty when all rows fit in row_cap. Rows of
// one time value are never split, so a slice may exceed row_cap when one
// time holds that many rows.
std::vector<int64_t> PlanTimeSlices(const std::vector<TimeSpan>& spans, uint64_t row_cap);

}  // namespace sundial::ts
