#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/types.h"

namespace sundial::sql {

// TimescaleDB's per-hypertable policies, each a job with an id unique among
// all of them: retention (add_retention_policy: drop chunks older than
// `after` whenever the server's scheduler runs them) and compression
// (add_compression_policy: recorded for the scripts that set it; Sundial
// compresses every chunk as it writes it, so it has nothing to run), and
// continuous aggregate refresh policies (add_continuous_aggregate_policy:
// refresh [now - start_offset, now - end_offset) every schedule_interval;
// their table_id is the view's id).
// Persisted in their own small file, rewritten whole on each change (write
// temp, fsync, rename, fsync the directory): a first line "next_job_id",
// then one line per policy
// "job_id<TAB>table_id<TAB>months<TAB>days<TAB>micros<TAB>kind", kind
// "retention", "compression" or "continuous_aggregate" (absent: retention,
// as files written before compression policies have it); a continuous
// aggregate's line goes on with "<TAB>start<TAB>end<TAB>schedule", each
// "months:days:micros" or "null". Thread-safe.
class TablePolicies {
 public:
  enum class Kind : uint8_t { kRetention, kCompression, kContinuousAggregate };
  struct Policy {
    int32_t job_id = 0;
    Kind kind = Kind::kRetention;
    uint32_t table_id = 0;
    Interval after;  // drop_after / compress_after
    // kContinuousAggregate: the refresh window's offsets back from now
    // (unset: open), and how often it runs.
    std::optional<Interval> start_offset;
    std::optional<Interval> end_offset;
    Interval schedule_interval;
  };

  // Loads the file at `path` (absent: no policies yet).
  static Result<std::unique_ptr<TablePolicies>> Open(std::string path);
  explicit TablePolicies(std::string path) : path_(std::move(path)) {}

  std::optional<Policy> Find(Kind kind, uint32_t table_id) const;
  std::vector<Policy> List(Kind kind) const;
  // Adds a table's policy and returns it with its new job id.
  Result<Policy> Add(Kind kind, uint32_t table_id, Interval after);
  // Adds a policy as given (kind, table_id and its settings) under a new job id.
  Result<Policy> Add(Policy policy);
  // Removes a table's policy; false when it had none.
  Result<bool> Remove(Kind kind, uint32_t table_id);

 private:
  using Key = std::pair<Kind, uint32_t>;  // kind, table id
  Status Persist() const;                 // requires mutex_

  std::string path_;
  mutable std::mutex mutex_;
  int32_t next_job_id_ = 1000;  // TimescaleDB numbers user jobs from 1000
  std::map<Key, Policy> policies_;
};

}  // namespace sundial::sql
