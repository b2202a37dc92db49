#include "ts/wal_writer.h"

#include <vector>

namespace sundial::ts {

Result<std::unique_ptr<WalWriter>> WalWriter::Create(FileSystem& fs, const std::string& path,
                                                     uint64_t number, bool sync) {
  ASSIGN_OR_RETURN(auto file, fs.NewWritableFile(path));
  RETURN_IF_ERROR(fs.SyncDirectory(ParentDirectory(path)));
  return std::make_unique<WalWriter>(std::move(file), number, sync);
}

Status WalWriter::AddGroup(std::string framed) {
  Pending self{.framed = std::move(framed)};
  std::unique_lock lock(mu_);
  queue_.push_back(&self);
  cv_.wait(lock, [&] { return self.done || queue_.front() == &self; });
  if (self.done) return self.status;

  // Leader: take everything queued so far as one batch. Later arrivals queue
  // behind it and one of them leads the next batch.
  std::vector<Pending*> batch(queue_.begin(), queue_.end());
  Status status = error_;
  if (status.ok()) {
    lock.unlock();
    if (batch.size() == 1) {
      status = file_->Append(self.framed);
    } else {
      size_t total = 0;
      for (const Pending* p : batch)
        total += p->framed.size();
      std::string joined;
      joined.reserve(total);
      for (const Pending* p : batch)
        joined += p->framed;
      status = file_->Append(joined);
    }
    if (status.ok() && sync_) status = file_->Sync();
    lock.lock();
    if (status.ok()) {
      good_end_ = file_->size();
    } else {
      error_ = status;
    }
  }
  for (Pending* p : batch) {
    queue_.pop_front();
    p->status = status;
    p->done = true;
  }
  cv_.notify_all();
  return status;
}

Status WalWriter::SyncAll() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return queue_.empty(); });
  RETURN_IF_ERROR(error_);
  Status status = file_->Sync();
  if (!status.ok()) error_ = status;
  return status;
}

bool WalWriter::failed() const {
  std::lock_guard lock(mu_);
  return !error_.ok();
}

uint64_t WalWriter::good_end() const {
  std::lock_guard lock(mu_);
  return good_end_;
}

}  // namespace sundial::ts
