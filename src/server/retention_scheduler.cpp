#include "server/retention_scheduler.h"

#include "common/logging.h"
#include "sql/statements.h"

namespace sundial::server {

RetentionScheduler::RetentionScheduler(sql::Database& database, std::chrono::seconds period)
    : database_(database), period_(period), thread_([this] { Loop(); }) {}

RetentionScheduler::~RetentionScheduler() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void RetentionScheduler::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    Status status = sql::RunRetentionPolicies(database_, now);
    if (!status.ok()) LogWarning("a retention policy failed: " + status.ToString());
    lock.lock();
    cv_.wait_for(lock, period_, [this] { return stopping_; });
  }
}

}  // namespace sundial::server
