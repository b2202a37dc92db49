#include "server/policy_scheduler.h"

#include "common/logging.h"
#include "sql/statements.h"

namespace sundial::server {

PolicyScheduler::PolicyScheduler(sql::Database& database, std::chrono::seconds period)
    : database_(database), period_(period), thread_([this] { Loop(); }) {}

PolicyScheduler::~PolicyScheduler() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void PolicyScheduler::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    Status status = sql::RunRetentionPolicies(database_, now);
    if (!status.ok()) LogWarning("a retention policy failed: " + status.ToString());
    status = sql::RunContinuousAggregatePolicies(database_, now, refresh_runs_);
    if (!status.ok()) LogWarning("a continuous aggregate policy failed: " + status.ToString());
    lock.lock();
    cv_.wait_for(lock, period_, [this] { return stopping_; });
  }
}

}  // namespace sundial::server
