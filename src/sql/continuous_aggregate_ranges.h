#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "catalog/view_definitions.h"
#include "common/status.h"

namespace sundial::sql {

// [first, second) in microseconds; INT64_MIN / INT64_MAX stand for open ends.
using TimeSpan = std::pair<int64_t, int64_t>;

// Set operations on sorted, disjoint, non-empty spans.
std::vector<TimeSpan> UniteSpans(const std::vector<TimeSpan>& spans, TimeSpan add);
std::vector<TimeSpan> SubtractSpans(const std::vector<TimeSpan>& spans,
                                    const std::vector<TimeSpan>& remove);
// Everything (from INT64_MIN to INT64_MAX) not in `spans`.
std::vector<TimeSpan> Complement(const std::vector<TimeSpan>& spans);

// The start of the bucket holding `time`; open ends stay open.
int64_t BucketStart(const catalog::ContinuousAggregate& aggregate, int64_t time);

// Which buckets of each continuous aggregate are current, kept exact while
// writers change the source and refreshes recompute buckets concurrently.
//
// A writer holds HoldWrites() from Invalidate until its rows are visible to
// scans, and Invalidate durably takes the rows' buckets out of the current
// ranges before that. A refresh registers in BeginRefresh and then waits
// for the writers that began before (writes are counted per epoch, so a
// steady stream of new writers cannot starve it), so every write is either
// visible to the refresh's scans (opened after BeginRefresh) or invalidates
// while the refresh is registered; FinishRefresh marks the window current
// except what was invalidated meanwhile. Thread-safe.
class ContinuousAggregateRanges {
 public:
  explicit ContinuousAggregateRanges(catalog::ViewDefinitions& views) : views_(views) {}

  // Held by a writer from Invalidate until its rows are visible to scans.
  class [[nodiscard]] WriteGuard {
   public:
    WriteGuard(ContinuousAggregateRanges& ranges, uint64_t epoch)
        : ranges_(&ranges), epoch_(epoch) {}
    WriteGuard(WriteGuard&& other) noexcept
        : ranges_(std::exchange(other.ranges_, nullptr)), epoch_(other.epoch_) {}
    WriteGuard& operator=(WriteGuard&&) = delete;
    ~WriteGuard() {
      if (ranges_ != nullptr) ranges_->EndWrite(epoch_);
    }

   private:
    ContinuousAggregateRanges* ranges_;
    uint64_t epoch_;
  };
  WriteGuard HoldWrites();
  // Whether the table is the source of a continuous aggregate (writes to
  // others need no invalidation).
  bool HasAggregates(uint32_t table_id) const;
  // Rows with times in [min_time, max_time] were written to (or deleted
  // from) the table: their buckets stop being current. Durable on return.
  Status Invalidate(uint32_t table_id, int64_t min_time, int64_t max_time);

  // Registers a refresh of `window` (bucket-aligned) and returns the parts
  // of it that are not current, ascending. kObjectNotInPrerequisiteState if
  // the aggregate is being refreshed already.
  Result<std::vector<TimeSpan>> BeginRefresh(uint32_t view_id, TimeSpan window);
  // Durably marks the window current, but for what was invalidated since
  // BeginRefresh, and ends the registration.
  Status FinishRefresh(uint32_t view_id, TimeSpan window);
  // Ends the registration without marking anything current.
  void AbandonRefresh(uint32_t view_id);
  // Durably sets whether the aggregate reads only its materialized rows.
  Status SetMaterializedOnly(uint32_t view_id, bool materialized_only);

 private:
  void EndWrite(uint64_t epoch);

  catalog::ViewDefinitions& views_;
  std::mutex writers_mutex_;
  std::condition_variable writers_done_;
  uint64_t write_epoch_ = 0;                    // guarded by writers_mutex_
  std::map<uint64_t, size_t> writes_by_epoch_;  // guarded by writers_mutex_
  // Guards in_flight_ and every read-modify-write of current ranges.
  std::mutex mutex_;
  // Refreshes in progress: view id -> buckets invalidated since they began.
  std::map<uint32_t, std::vector<TimeSpan>> in_flight_;
};

}  // namespace sundial::sql
