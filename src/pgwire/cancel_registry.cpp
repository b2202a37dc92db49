#include "pgwire/cancel_registry.h"

#include <utility>

namespace sundial::pgwire {

CancelRegistry::CancelRegistry() : secrets_(std::random_device{}()) {}

BackendKey CancelRegistry::Register(std::function<void()> cancel) {
  std::lock_guard lock(mutex_);
  // Process ids stay positive and skip ids still in use after wrap-around.
  while (entries_.contains(next_process_id_)) {
    next_process_id_ = next_process_id_ == INT32_MAX ? 1 : next_process_id_ + 1;
  }
  BackendKey key{.process_id = next_process_id_, .secret_key = static_cast<int32_t>(secrets_())};
  next_process_id_ = next_process_id_ == INT32_MAX ? 1 : next_process_id_ + 1;
  entries_.emplace(key.process_id,
                   Entry{.secret_key = key.secret_key, .cancel = std::move(cancel)});
  return key;
}

void CancelRegistry::Unregister(int32_t process_id) {
  std::lock_guard lock(mutex_);
  entries_.erase(process_id);
}

bool CancelRegistry::Cancel(const BackendKey& key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key.process_id);
  if (it == entries_.end() || it->second.secret_key != key.secret_key) return false;
  it->second.cancel();
  return true;
}

size_t CancelRegistry::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace sundial::pgwire
