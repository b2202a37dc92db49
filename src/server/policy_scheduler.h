#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

#include "sql/database.h"

namespace sundial::server {

// Runs the database's retention policies (add_retention_policy) and
// continuous aggregate refresh policies (add_continuous_aggregate_policy,
// each at most once per its schedule_interval) in the background: once at
// start and then every `period`, until destroyed. A failed run is logged;
// the next one tries again.
class PolicyScheduler {
 public:
  PolicyScheduler(sql::Database& database, std::chrono::seconds period);
  ~PolicyScheduler();
  PolicyScheduler(const PolicyScheduler&) = delete;
  PolicyScheduler& operator=(const PolicyScheduler&) = delete;

 private:
  void Loop();

  sql::Database& database_;
  const std::chrono::seconds period_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  // Refresh policies' last runs (job id -> microseconds), read by the loop only.
  std::map<int32_t, int64_t> refresh_runs_;
  std::thread thread_;
};

}  // namespace sundial::server
