#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/types.h"

namespace sundial::sql {

// TimescaleDB retention policies (add_retention_policy): per hypertable, drop
// chunks older than `drop_after` whenever the server's scheduler runs them.
// Persisted in their own small file, rewritten whole on each change (write
// temp, fsync, rename, fsync the directory): a first line "next_job_id", then
// one line per policy "job_id<TAB>table_id<TAB>months<TAB>days<TAB>micros".
// Thread-safe.
class RetentionPolicies {
 public:
  struct Policy {
    int32_t job_id = 0;
    uint32_t table_id = 0;
    Interval drop_after;
  };

  // Loads the file at `path` (absent: no policies yet).
  static Result<std::unique_ptr<RetentionPolicies>> Open(std::string path);
  explicit RetentionPolicies(std::string path) : path_(std::move(path)) {}

  std::optional<Policy> Find(uint32_t table_id) const;
  std::vector<Policy> List() const;
  // Adds a table's policy and returns it with its new job id.
  Result<Policy> Add(uint32_t table_id, Interval drop_after);
  // Removes a table's policy; false when it had none.
  Result<bool> Remove(uint32_t table_id);

 private:
  Status Persist() const;  // requires mutex_

  std::string path_;
  mutable std::mutex mutex_;
  int32_t next_job_id_ = 1000;           // TimescaleDB numbers user jobs from 1000
  std::map<uint32_t, Policy> policies_;  // by table id
};

}  // namespace sundial::sql
