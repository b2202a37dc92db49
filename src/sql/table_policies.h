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
// compresses every chunk as it writes it, so it has nothing to run).
// Persisted in their own small file, rewritten whole on each change (write
// temp, fsync, rename, fsync the directory): a first line "next_job_id",
// then one line per policy
// "job_id<TAB>table_id<TAB>months<TAB>days<TAB>micros<TAB>kind", kind
// "retention" or "compression" (absent: retention, as files written before
// compression policies have it). Thread-safe.
class TablePolicies {
 public:
  enum class Kind : uint8_t { kRetention, kCompression };
  struct Policy {
    int32_t job_id = 0;
    Kind kind = Kind::kRetention;
    uint32_t table_id = 0;
    Interval after;  // drop_after / compress_after
  };

  // Loads the file at `path` (absent: no policies yet).
  static Result<std::unique_ptr<TablePolicies>> Open(std::string path);
  explicit TablePolicies(std::string path) : path_(std::move(path)) {}

  std::optional<Policy> Find(Kind kind, uint32_t table_id) const;
  std::vector<Policy> List(Kind kind) const;
  // Adds a table's policy and returns it with its new job id.
  Result<Policy> Add(Kind kind, uint32_t table_id, Interval after);
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
