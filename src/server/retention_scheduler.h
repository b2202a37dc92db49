#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "sql/database.h"

namespace sundial::server {

// Runs the database's retention policies (add_retention_policy) in the
// background: once at start and then every `period`, until destroyed.
// A failed run is logged; the next one tries again.
class RetentionScheduler {
 public:
  RetentionScheduler(sql::Database& database, std::chrono::seconds period);
  ~RetentionScheduler();
  RetentionScheduler(const RetentionScheduler&) = delete;
  RetentionScheduler& operator=(const RetentionScheduler&) = delete;

 private:
  void Loop();

  sql::Database& database_;
  const std::chrono::seconds period_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace sundial::server
