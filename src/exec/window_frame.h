#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "common/status.h"
#include "exec/plan.h"

namespace sundial::exec {

// Frame arithmetic shared by the in-memory window computation and the one
// over a partition on disk; rows are positions (within the rows held, or
// ordinals within the partition).

// Row ranges [first, last), in order and disjoint.
using FramePieces = std::vector<std::pair<size_t, size_t>>;

// The frame [first, last) of `row` without the rows `exclusion` leaves out;
// the row's peer group is [peer_start, peer_end).
inline FramePieces CutExcluded(size_t first, size_t last, WindowExclusion exclusion, size_t row,
                               size_t peer_start, size_t peer_end) {
  FramePieces excluded;
  switch (exclusion) {
    case WindowExclusion::kNone:
      break;
    case WindowExclusion::kCurrentRow:
      excluded = {{row, row + 1}};
      break;
    case WindowExclusion::kGroup:
      excluded = {{peer_start, peer_end}};
      break;
    case WindowExclusion::kTies:
      excluded = {{peer_start, row}, {row + 1, peer_end}};
      break;
  }
  FramePieces pieces;
  size_t from = first;
  for (const auto& [skip_first, skip_last] : excluded) {
    if (std::min(last, skip_first) > from) pieces.emplace_back(from, std::min(last, skip_first));
    from = std::max(from, skip_last);
  }
  if (last > from) pieces.emplace_back(from, last);
  return pieces;
}

// The row first_value, last_value or nth_value(`nth`) takes from a frame;
// nullopt when the frame has no such row (the result is NULL). nth_value
// with nth <= 0 is 22016.
inline Result<std::optional<size_t>> PickFrameRow(WindowFunctionKind kind,
                                                  const FramePieces& pieces, int64_t nth) {
  if (kind == WindowFunctionKind::kFirstValue) {
    if (pieces.empty()) return std::optional<size_t>();
    return std::optional<size_t>(pieces.front().first);
  }
  if (kind == WindowFunctionKind::kLastValue) {
    if (pieces.empty()) return std::optional<size_t>();
    return std::optional<size_t>(pieces.back().second - 1);
  }
  if (nth <= 0) {
    return Status::Error(ErrorCode::kInvalidNthValueArgument,
                         "argument of nth_value must be greater than zero");
  }
  auto remaining = static_cast<uint64_t>(nth);
  for (const auto& [first, last] : pieces) {
    if (remaining <= last - first) return std::optional<size_t>(first + remaining - 1);
    remaining -= last - first;
  }
  return std::optional<size_t>();
}

// ntile(buckets) of the i-th of n rows (both from 0): the first n % buckets
// buckets hold one row more.
inline int32_t NtileBucket(int64_t i, int64_t n, int64_t buckets) {
  const int64_t small = n / buckets;
  const int64_t large = n % buckets;  // buckets holding small + 1 rows
  const int64_t in_large = large * (small + 1);
  return static_cast<int32_t>(i < in_large ? i / (small + 1) + 1
                                           : large + (i - in_large) / small + 1);
}

}  // namespace sundial::exec
