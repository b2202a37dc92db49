#pragma once

#include <cstddef>
#include <deque>
#include <string>

namespace sundial::exec {

// The memory one blocking operator (hash aggregate, sort, distinct) holds,
// checked against its limit, and the bytes it wrote to spill files.
// Operators report their footprint after each batch and spill when
// over_limit(); the counters stay readable after the operator is gone
// (EXPLAIN ANALYZE). Not thread-safe: one operator updates it.
class OperatorMemory {
 public:
  OperatorMemory(std::string operator_name, size_t limit_bytes)
      : name_(std::move(operator_name)), limit_bytes_(limit_bytes) {}

  // The operator's current footprint in bytes (replaces the previous one).
  void SetUsed(size_t bytes) {
    used_bytes_ = bytes;
    if (bytes > peak_bytes_) peak_bytes_ = bytes;
  }
  bool over_limit() const { return used_bytes_ > limit_bytes_; }
  void AddSpilled(size_t bytes) { spilled_bytes_ += bytes; }

  const std::string& name() const { return name_; }
  size_t limit_bytes() const { return limit_bytes_; }
  size_t used_bytes() const { return used_bytes_; }
  size_t peak_bytes() const { return peak_bytes_; }
  size_t spilled_bytes() const { return spilled_bytes_; }

 private:
  std::string name_;
  size_t limit_bytes_;
  size_t used_bytes_ = 0;
  size_t peak_bytes_ = 0;
  size_t spilled_bytes_ = 0;
};

// The memory accounts of one query. As in PostgreSQL, work_mem is a limit
// per blocking operator, not per query: each registered operator may hold up
// to work_mem before it spills.
class MemoryBudget {
 public:
  // A new account limited to `work_mem_bytes`; the reference stays valid for
  // the budget's lifetime.
  OperatorMemory& Register(std::string operator_name, size_t work_mem_bytes) {
    return operators_.emplace_back(std::move(operator_name), work_mem_bytes);
  }
  // In registration order (the order operators were built).
  const std::deque<OperatorMemory>& operators() const { return operators_; }
  size_t spilled_bytes() const;

 private:
  std::deque<OperatorMemory> operators_;
};

}  // namespace sundial::exec
