#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <random>

#include "ts/merge_policy.h"

namespace sundial::ts {
namespace {

MergeCandidate Segment(uint64_t rows, int64_t time_min, int64_t time_max) {
  return MergeCandidate{
      .rows = rows, .bytes = rows * 10, .time_min = time_min, .time_max = time_max};
}

using Indices = std::vector<size_t>;

TEST_CASE("Size tiers grow by a factor of four", "[merge][policy]") {
  CHECK(MergeTier(0) == 0);
  CHECK(MergeTier(3) == 0);
  CHECK(MergeTier(4) == 1);
  CHECK(MergeTier(15) == 1);
  CHECK(MergeTier(16) == 2);
  CHECK(MergeTier(uint64_t{1} << 21) == 10);
}

TEST_CASE("The policy leaves a partition alone when nothing overlaps and no tier is full",
          "[merge][policy]") {
  MergePolicyOptions options;
  CHECK(ChooseMerge({}, options).empty());
  CHECK(ChooseMerge({Segment(100, 0, 9)}, options).empty());
  CHECK(ChooseMerge({Segment(100, 0, 9), Segment(100, 0, 9)}, {.row_cap = 0}).empty());
  // Three time-adjacent segments of one tier are not enough.
  CHECK(ChooseMerge({Segment(100, 0, 9), Segment(100, 10, 19), Segment(100, 20, 29)}, options)
            .empty());
  // Four adjacent segments, but of different tiers.
  CHECK(ChooseMerge(
            {Segment(10, 0, 9), Segment(100, 10, 19), Segment(1000, 20, 29), Segment(5000, 30, 39)},
            options)
            .empty());
  // Four segments of one tier whose sum would pass the cap stay as they are.
  CHECK(ChooseMerge({Segment(600'000, 0, 9), Segment(600'000, 10, 19), Segment(600'000, 20, 29),
                     Segment(600'000, 30, 39)},
                    options)
            .empty());
}

TEST_CASE("Overlapping segments of similar size are merged", "[merge][policy]") {
  MergePolicyOptions options;
  // Segments 1 and 3 overlap; 0 and 2 overlap nothing.
  std::vector<MergeCandidate> segments{Segment(100, 0, 9), Segment(120, 10, 30),
                                       Segment(100, 40, 49), Segment(90, 25, 35)};
  CHECK(ChooseMerge(segments, options) == Indices{1, 3});
  // Touching at one time value is overlap: both hold rows of that time.
  CHECK(ChooseMerge({Segment(100, 0, 10), Segment(100, 10, 20)}, options) == Indices{0, 1});
  // A chain of overlaps joins into one set.
  CHECK(ChooseMerge({Segment(100, 0, 10), Segment(100, 5, 15), Segment(100, 12, 20)}, options) ==
        Indices{0, 1, 2});
}

TEST_CASE("A large segment waits until late rows overlapping it reach a quarter of its size",
          "[merge][policy]") {
  MergePolicyOptions options;
  std::vector<MergeCandidate> segments{Segment(1000, 0, 100), Segment(100, 10, 20),
                                       Segment(100, 30, 40), Segment(100, 50, 60)};
  // 1000 rows are not rewritten for 100 (or 300) late ones, and three small
  // segments are not a full tier.
  CHECK(ChooseMerge(segments, options).empty());
  // A fourth late segment fills the tier: the small ones merge among themselves.
  segments.push_back(Segment(100, 70, 80));
  CHECK(ChooseMerge(segments, options) == Indices{1, 2, 3, 4});
  // Their 400 rows are more than a quarter of 1000: now the large one joins.
  CHECK(ChooseMerge({Segment(1000, 0, 100), Segment(400, 10, 80)}, options) == Indices{0, 1});
}

TEST_CASE("Overlap merges respect the row cap, except for a single pair", "[merge][policy]") {
  MergePolicyOptions options{.row_cap = 250};
  // Four segments over the same times: two fit under the cap.
  std::vector<MergeCandidate> segments{Segment(100, 0, 50), Segment(100, 0, 50),
                                       Segment(100, 0, 50), Segment(100, 0, 50)};
  CHECK(ChooseMerge(segments, options).size() == 2);
  // Two overlapping segments merge even above it (the merge writes slices).
  CHECK(ChooseMerge({Segment(200, 0, 50), Segment(200, 10, 60)}, options) == Indices{0, 1});
}

TEST_CASE("Four time-adjacent segments of one tier are merged, up to the cap", "[merge][policy]") {
  MergePolicyOptions options{.row_cap = 450};
  // Listed out of time order; adjacency is by time.
  std::vector<MergeCandidate> segments{Segment(100, 30, 39), Segment(100, 0, 9),
                                       Segment(100, 20, 29), Segment(100, 10, 19),
                                       Segment(100, 40, 49)};
  // 500 rows would pass the cap: the first four by time.
  CHECK(ChooseMerge(segments, options) == Indices{0, 1, 2, 3});
  // A segment of another tier between them breaks the run.
  CHECK(ChooseMerge({Segment(100, 0, 9), Segment(100, 10, 19), Segment(5, 20, 29),
                     Segment(100, 30, 39), Segment(100, 40, 49)},
                    MergePolicyOptions{})
            .empty());
}

TEST_CASE("Without a time column only size tiers apply, in listed order", "[merge][policy]") {
  MergePolicyOptions options{.has_time = false};
  // Time ranges mean nothing for an ordinary table (all zero): no overlap merge.
  CHECK(ChooseMerge({Segment(100, 0, 0), Segment(100, 0, 0)}, options).empty());
  CHECK(ChooseMerge({Segment(10, 0, 0), Segment(100, 0, 0), Segment(100, 0, 0), Segment(100, 0, 0),
                     Segment(100, 0, 0)},
                    options) == Indices{1, 2, 3, 4});
}

TEST_CASE("Time slices cut a merge above the cap into about equal parts", "[merge][policy]") {
  // Fits: no cut.
  CHECK(PlanTimeSlices({TimeSpan{.rows = 100, .time_min = 0, .time_max = 99}}, 100).empty());
  // 1000 rows spread over [0, 999], cap 300: four slices of about 250.
  std::vector<int64_t> cuts =
      PlanTimeSlices({TimeSpan{.rows = 600, .time_min = 0, .time_max = 599},
                      TimeSpan{.rows = 400, .time_min = 600, .time_max = 999}},
                     300);
  CHECK(cuts == std::vector<int64_t>{250, 500, 750});
  // Rows of one time value cannot be cut.
  CHECK(PlanTimeSlices({TimeSpan{.rows = 1000, .time_min = 7, .time_max = 7}}, 300).empty());
  // Extreme times do not overflow.
  cuts = PlanTimeSlices({TimeSpan{.rows = 10,
                                  .time_min = std::numeric_limits<int64_t>::min(),
                                  .time_max = std::numeric_limits<int64_t>::max()}},
                        5);
  REQUIRE(cuts.size() == 1);
  CHECK(cuts[0] > -1'000'000);
  CHECK(cuts[0] < 1'000'000);
}

// Replaces the chosen segments by what a merge writes: one segment, or
// slices of the merged time span when the rows pass the cap.
std::vector<MergeCandidate> ApplyMerge(const std::vector<MergeCandidate>& segments,
                                       const std::vector<size_t>& chosen, uint64_t row_cap) {
  std::vector<MergeCandidate> next;
  std::vector<TimeSpan> spans;
  uint64_t rows = 0;
  int64_t low = std::numeric_limits<int64_t>::max();
  int64_t high = std::numeric_limits<int64_t>::min();
  for (size_t i = 0; i < segments.size(); ++i) {
    if (!std::binary_search(chosen.begin(), chosen.end(), i)) {
      next.push_back(segments[i]);
      continue;
    }
    const MergeCandidate& s = segments[i];
    spans.push_back(TimeSpan{.rows = s.rows, .time_min = s.time_min, .time_max = s.time_max});
    rows += s.rows;
    low = std::min(low, s.time_min);
    high = std::max(high, s.time_max);
  }
  std::vector<int64_t> cuts = PlanTimeSlices(spans, row_cap);
  int64_t begin = low;
  for (size_t slice = 0; slice <= cuts.size(); ++slice) {
    int64_t end = slice < cuts.size() ? cuts[slice] - 1 : high;
    uint64_t share = rows / (cuts.size() + 1);
    if (slice == cuts.size()) share = rows - share * cuts.size();
    next.push_back(Segment(share, begin, end));
    begin = end + 1;
  }
  return next;
}

TEST_CASE("Merging as the policy says always comes to an end", "[merge][policy]") {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 1000; ++trial) {
    uint64_t row_cap = std::vector<uint64_t>{1000, 5000, 20000}[trial % 3];
    MergePolicyOptions options{.row_cap = row_cap, .has_time = trial % 5 != 0};
    std::vector<MergeCandidate> segments;
    size_t count = 2 + rng() % 40;
    for (size_t i = 0; i < count; ++i) {
      uint64_t rows = uint64_t{10} << (rng() % 12);
      int64_t start = static_cast<int64_t>(rng() % 10000);
      int64_t length = static_cast<int64_t>(rng() % 2000);
      segments.push_back(options.has_time ? Segment(rows, start, start + length)
                                          : Segment(rows, 0, 0));
    }
    uint64_t total = 0;
    for (const MergeCandidate& s : segments)
      total += s.rows;
    int merges = 0;
    while (true) {
      std::vector<size_t> chosen = ChooseMerge(segments, options);
      if (chosen.empty()) break;
      REQUIRE(chosen.size() >= 2);
      segments = ApplyMerge(segments, chosen, row_cap);
      REQUIRE(++merges < 1000);
    }
    uint64_t after = 0;
    for (const MergeCandidate& s : segments)
      after += s.rows;
    CHECK(after == total);
  }
}

}  // namespace
}  // namespace sundial::ts
