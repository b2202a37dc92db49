#include "ts/merge_policy.h"

#include <algorithm>
#include <numeric>
#include <set>
#include <utility>

namespace sundial::ts {

namespace {

bool Overlap(const MergeCandidate& a, const MergeCandidate& b) {
  return a.time_min <= b.time_max && b.time_min <= a.time_max;
}

// For each segment, the others whose time ranges overlap it.
std::vector<std::vector<size_t>> OverlapGraph(const std::vector<MergeCandidate>& segments) {
  std::vector<size_t> by_start(segments.size());
  std::iota(by_start.begin(), by_start.end(), 0);
  std::sort(by_start.begin(), by_start.end(),
            [&](size_t a, size_t b) { return segments[a].time_min < segments[b].time_min; });
  std::vector<std::vector<size_t>> graph(segments.size());
  for (size_t i = 0; i < by_start.size(); ++i) {
    const MergeCandidate& first = segments[by_start[i]];
    for (size_t j = i + 1; j < by_start.size(); ++j) {
      const MergeCandidate& second = segments[by_start[j]];
      if (second.time_min > first.time_max) break;
      if (Overlap(first, second)) {
        graph[by_start[i]].push_back(by_start[j]);
        graph[by_start[j]].push_back(by_start[i]);
      }
    }
  }
  return graph;
}

// The overlap set grown from `seed` (see ChooseMerge, rule 1).
std::vector<size_t> GrowOverlapSet(const std::vector<MergeCandidate>& segments,
                                   const std::vector<std::vector<size_t>>& graph, size_t seed,
                                   uint64_t row_cap) {
  std::vector<size_t> chosen{seed};
  std::vector<bool> seen(segments.size(), false);
  seen[seed] = true;
  // Segments overlapping the set, smallest first.
  std::set<std::pair<uint64_t, size_t>> frontier;
  auto reach_from = [&](size_t member) {
    for (size_t other : graph[member]) {
      if (!seen[other]) {
        seen[other] = true;
        frontier.insert({segments[other].rows, other});
      }
    }
  };
  reach_from(seed);
  uint64_t total = segments[seed].rows;
  uint64_t largest = total;
  while (!frontier.empty()) {
    auto [rows, next] = *frontier.begin();
    uint64_t new_total = total + rows;
    uint64_t new_largest = std::max(largest, rows);
    if (new_largest > kMergeTierFactor * (new_total - new_largest)) break;
    if (chosen.size() >= 2 && new_total > row_cap) break;
    frontier.erase(frontier.begin());
    chosen.push_back(next);
    total = new_total;
    largest = new_largest;
    reach_from(next);
  }
  return chosen;
}

std::vector<size_t> ChooseOverlapping(const std::vector<MergeCandidate>& segments,
                                      uint64_t row_cap) {
  std::vector<std::vector<size_t>> graph = OverlapGraph(segments);
  std::vector<size_t> by_rows(segments.size());
  std::iota(by_rows.begin(), by_rows.end(), 0);
  std::stable_sort(by_rows.begin(), by_rows.end(),
                   [&](size_t a, size_t b) { return segments[a].rows < segments[b].rows; });
  for (size_t seed : by_rows) {
    if (graph[seed].empty()) continue;
    std::vector<size_t> chosen = GrowOverlapSet(segments, graph, seed, row_cap);
    if (chosen.size() >= 2) return chosen;
  }
  return {};
}

std::vector<size_t> ChooseTier(const std::vector<MergeCandidate>& segments,
                               const MergePolicyOptions& options) {
  std::vector<size_t> order(segments.size());
  std::iota(order.begin(), order.end(), 0);
  if (options.has_time) {
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const MergeCandidate& x = segments[a];
      const MergeCandidate& y = segments[b];
      return std::pair(x.time_min, x.time_max) < std::pair(y.time_min, y.time_max);
    });
  }
  for (size_t begin = 0; begin < order.size(); ++begin) {
    int tier = MergeTier(segments[order[begin]].rows);
    uint64_t total = 0;
    size_t end = begin;
    while (end < order.size() && MergeTier(segments[order[end]].rows) == tier &&
           total + segments[order[end]].rows <= options.row_cap) {
      total += segments[order[end]].rows;
      ++end;
    }
    if (end - begin >= kMergeTierWidth) return {order.begin() + begin, order.begin() + end};
  }
  return {};
}

// Rows of `spans` estimated to lie before time `t`.
long double RowsBefore(const std::vector<TimeSpan>& spans, int64_t t) {
  long double rows = 0;
  for (const TimeSpan& span : spans) {
    if (t <= span.time_min) continue;
    if (t > span.time_max) {
      rows += static_cast<long double>(span.rows);
      continue;
    }
    long double width =
        static_cast<long double>(span.time_max) - static_cast<long double>(span.time_min) + 1;
    long double before = static_cast<long double>(t) - static_cast<long double>(span.time_min);
    rows += static_cast<long double>(span.rows) * before / width;
  }
  return rows;
}

int64_t Midpoint(int64_t low, int64_t high) {
  return low + static_cast<int64_t>((static_cast<uint64_t>(high) - static_cast<uint64_t>(low)) / 2);
}

// Rule 3 of ChooseMerge.
std::vector<size_t> ChooseMostDeleted(const std::vector<MergeCandidate>& segments) {
  std::vector<size_t> chosen;
  double best = 1.0 / kMergeTierFactor;
  for (size_t i = 0; i < segments.size(); ++i) {
    const MergeCandidate& s = segments[i];
    if (s.rows == 0) continue;
    const double share = static_cast<double>(s.deleted_rows) / static_cast<double>(s.rows);
    if (share > best) {
      best = share;
      chosen = {i};
    }
  }
  return chosen;
}

}  // namespace

int MergeTier(uint64_t rows) {
  int tier = 0;
  while (rows >= kMergeTierFactor) {
    rows /= kMergeTierFactor;
    ++tier;
  }
  return tier;
}

std::vector<size_t> ChooseMerge(const std::vector<MergeCandidate>& segments,
                                const MergePolicyOptions& options) {
  std::vector<size_t> chosen;
  if (options.row_cap == 0) return chosen;
  if (options.has_time) chosen = ChooseOverlapping(segments, options.row_cap);
  if (chosen.empty()) chosen = ChooseTier(segments, options);
  if (chosen.empty()) chosen = ChooseMostDeleted(segments);
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

std::vector<int64_t> PlanTimeSlices(const std::vector<TimeSpan>& spans, uint64_t row_cap) {
  uint64_t total = 0;
  int64_t low = 0;
  int64_t high = 0;
  bool first = true;
  for (const TimeSpan& span : spans) {
    if (span.rows == 0) continue;
    total += span.rows;
    low = first ? span.time_min : std::min(low, span.time_min);
    high = first ? span.time_max : std::max(high, span.time_max);
    first = false;
  }
  std::vector<int64_t> cuts;
  if (row_cap == 0 || total <= row_cap) return cuts;
  uint64_t slices = (total + row_cap - 1) / row_cap;
  for (uint64_t j = 1; j < slices; ++j) {
    long double target = static_cast<long double>(total) * j / slices;
    // The first time t in (low, high] before which `target` rows lie.
    int64_t lo = low;  // RowsBefore(lo) < target
    int64_t hi = high;
    if (RowsBefore(spans, hi) < target) break;
    for (int64_t mid = Midpoint(lo, hi); mid != lo; mid = Midpoint(lo, hi)) {
      if (RowsBefore(spans, mid) >= target) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    if (cuts.empty() || hi > cuts.back()) cuts.push_back(hi);
  }
  return cuts;
}

}  // namespace sundial::ts
