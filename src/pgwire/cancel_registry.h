#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <random>
#include <unordered_map>

namespace sundial::pgwire {

// The key a client receives in BackendKeyData and sends back in a
// CancelRequest on a new connection.
struct BackendKey {
  int32_t process_id = 0;
  int32_t secret_key = 0;
};

// Maps backend keys to the sessions they can cancel. Thread-safe: the
// cancel callback runs under the registry's lock, so a callback never runs
// after Unregister of its key has returned (the session it points to may be
// destroyed right after).
class CancelRegistry {
 public:
  CancelRegistry();

  // Registers a cancel callback and returns its fresh key: a unique process
  // id and an unpredictable secret.
  BackendKey Register(std::function<void()> cancel);
  void Unregister(int32_t process_id);

  // Runs the callback of `key` when both id and secret match. Returns whether
  // a session was found; a wrong secret is treated like an unknown id.
  bool Cancel(const BackendKey& key);

  size_t size() const;

 private:
  struct Entry {
    int32_t secret_key;
    std::function<void()> cancel;
  };

  mutable std::mutex mutex_;
  std::unordered_map<int32_t, Entry> entries_;  // guarded by mutex_
  int32_t next_process_id_ = 1;                 // guarded by mutex_
  std::mt19937 secrets_;                        // guarded by mutex_
};

}  // namespace sundial::pgwire
