#include "sql/continuous_aggregate_ranges.h"

#include <algorithm>
#include <limits>

namespace sundial::sql {
namespace {

constexpr int64_t kMinTime = std::numeric_limits<int64_t>::min();
constexpr int64_t kMaxTime = std::numeric_limits<int64_t>::max();

// The buckets holding times in [min_time, max_time]; rows at +infinity
// belong to the open-ended last span, which refreshes also cover.
TimeSpan BucketSpan(const catalog::ContinuousAggregate& aggregate, int64_t min_time,
                    int64_t max_time) {
  const int64_t begin = BucketStart(aggregate, min_time == kMaxTime ? kMaxTime - 1 : min_time);
  if (max_time == kMaxTime) return {begin, kMaxTime};
  const int64_t last = BucketStart(aggregate, max_time);
  const int64_t end = last > kMaxTime - aggregate.bucket_width_micros
                          ? kMaxTime
                          : last + aggregate.bucket_width_micros;
  return {begin, end};
}

// A view dropped while a write or refresh was under way is no error of theirs.
Status UnlessDropped(Status status) {
  return status.code() == ErrorCode::kUndefinedTable ? Status::Ok() : status;
}

}  // namespace

std::vector<TimeSpan> UniteSpans(const std::vector<TimeSpan>& spans, TimeSpan add) {
  std::vector<TimeSpan> out;
  bool placed = false;
  for (const TimeSpan& span : spans) {
    if (span.second < add.first) {
      out.push_back(span);
    } else if (add.second < span.first) {
      if (!placed) out.push_back(add);
      placed = true;
      out.push_back(span);
    } else {
      add = {std::min(add.first, span.first), std::max(add.second, span.second)};
    }
  }
  if (!placed) out.push_back(add);
  return out;
}

std::vector<TimeSpan> SubtractSpans(const std::vector<TimeSpan>& spans,
                                    const std::vector<TimeSpan>& remove) {
  std::vector<TimeSpan> out;
  for (TimeSpan span : spans) {
    for (const TimeSpan& cut : remove) {
      if (cut.second <= span.first || cut.first >= span.second) continue;
      if (cut.first > span.first) out.push_back({span.first, cut.first});
      span.first = cut.second;
      if (span.first >= span.second) break;
    }
    if (span.first < span.second) out.push_back(span);
  }
  return out;
}

std::vector<TimeSpan> Complement(const std::vector<TimeSpan>& spans) {
  return SubtractSpans({{kMinTime, kMaxTime}}, spans);
}

int64_t BucketStart(const catalog::ContinuousAggregate& aggregate, int64_t time) {
  if (time == kMinTime || time == kMaxTime) return time;
  const __int128 width = aggregate.bucket_width_micros;
  const __int128 shift = aggregate.bucket_origin_micros % aggregate.bucket_width_micros;
  const __int128 offset = static_cast<__int128>(time) - shift;
  const __int128 floor = offset >= 0 ? offset / width : -((-offset + width - 1) / width);
  const __int128 start = floor * width + shift;
  return start < kMinTime ? kMinTime : static_cast<int64_t>(start);
}

bool ContinuousAggregateRanges::HasAggregates(uint32_t table_id) const {
  return views_.HasContinuousAggregateOn(table_id);
}

Status ContinuousAggregateRanges::Invalidate(uint32_t table_id, int64_t min_time,
                                             int64_t max_time) {
  std::lock_guard lock(mutex_);
  for (catalog::ViewDefinition& view : views_.List()) {
    if (!view.continuous || view.continuous->source_table_id != table_id) continue;
    catalog::ContinuousAggregate& aggregate = *view.continuous;
    const TimeSpan written = BucketSpan(aggregate, min_time, max_time);
    if (auto it = in_flight_.find(view.view_id); it != in_flight_.end()) {
      it->second = UniteSpans(it->second, written);
    }
    std::vector<TimeSpan> current = SubtractSpans(aggregate.current_ranges, {written});
    if (current == aggregate.current_ranges) continue;
    aggregate.current_ranges = std::move(current);
    RETURN_IF_ERROR(UnlessDropped(views_.Replace(view)));
  }
  return Status::Ok();
}

ContinuousAggregateRanges::WriteGuard ContinuousAggregateRanges::HoldWrites() {
  std::lock_guard lock(writers_mutex_);
  ++writes_by_epoch_[write_epoch_];
  return WriteGuard(*this, write_epoch_);
}

void ContinuousAggregateRanges::EndWrite(uint64_t epoch) {
  std::lock_guard lock(writers_mutex_);
  auto it = writes_by_epoch_.find(epoch);
  if (--it->second == 0) writes_by_epoch_.erase(it);
  writers_done_.notify_all();
}

Result<std::vector<TimeSpan>> ContinuousAggregateRanges::BeginRefresh(uint32_t view_id,
                                                                      TimeSpan window) {
  {
    std::lock_guard lock(mutex_);
    std::optional<catalog::ViewDefinition> view =
        views_.FindByOid(catalog::kFirstViewOid + view_id);
    if (!view || !view->continuous) {
      return Status::Error(ErrorCode::kUndefinedTable, "the continuous aggregate was dropped");
    }
    if (in_flight_.contains(view_id)) {
      return Status::Error(ErrorCode::kObjectNotInPrerequisiteState,
                           "continuous aggregate \"" + view->name + "\" is being refreshed");
    }
    in_flight_[view_id] = {};
  }
  {
    // Registered: writers from now on record what they invalidate. Those
    // that began before finish first, so their rows are visible to the
    // refresh's scans.
    std::unique_lock lock(writers_mutex_);
    const uint64_t registered = write_epoch_++;
    writers_done_.wait(lock, [&] {
      return writes_by_epoch_.empty() || writes_by_epoch_.begin()->first > registered;
    });
  }
  std::lock_guard lock(mutex_);
  std::optional<catalog::ViewDefinition> view = views_.FindByOid(catalog::kFirstViewOid + view_id);
  if (!view || !view->continuous) {
    in_flight_.erase(view_id);
    return Status::Error(ErrorCode::kUndefinedTable, "the continuous aggregate was dropped");
  }
  return SubtractSpans({window}, view->continuous->current_ranges);
}

Status ContinuousAggregateRanges::FinishRefresh(uint32_t view_id, TimeSpan window) {
  std::lock_guard lock(mutex_);
  std::vector<TimeSpan> invalidated = std::move(in_flight_[view_id]);
  in_flight_.erase(view_id);
  std::optional<catalog::ViewDefinition> view = views_.FindByOid(catalog::kFirstViewOid + view_id);
  if (!view || !view->continuous) return Status::Ok();  // dropped meanwhile
  std::vector<TimeSpan>& current = view->continuous->current_ranges;
  current = SubtractSpans(UniteSpans(current, window), invalidated);
  return UnlessDropped(views_.Replace(*view));
}

Status ContinuousAggregateRanges::SetMaterializedOnly(uint32_t view_id, bool materialized_only) {
  std::lock_guard lock(mutex_);
  std::optional<catalog::ViewDefinition> view = views_.FindByOid(catalog::kFirstViewOid + view_id);
  if (!view || !view->continuous) {
    return Status::Error(ErrorCode::kUndefinedTable, "the continuous aggregate was dropped");
  }
  if (view->continuous->materialized_only == materialized_only) return Status::Ok();
  view->continuous->materialized_only = materialized_only;
  return views_.Replace(*view);
}

void ContinuousAggregateRanges::AbandonRefresh(uint32_t view_id) {
  std::lock_guard lock(mutex_);
  in_flight_.erase(view_id);
}

}  // namespace sundial::sql
