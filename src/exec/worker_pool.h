#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sundial::exec {

// The threads that run parallel plan parts (Gather's workers) for every
// query of the process, one per hardware thread. Tasks run in submission
// order; a task must not wait for another task, only for its query's
// session thread, so the pool can never deadlock on itself.
class WorkerPool {
 public:
  explicit WorkerPool(size_t threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // The process-wide pool, started on first use.
  static WorkerPool& Shared();

  void Submit(std::function<void()> task);
  size_t thread_count() const { return threads_.size(); }

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace sundial::exec
