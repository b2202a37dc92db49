#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "common/status.h"
#include "ts/file_system.h"

namespace sundial::ts {

// Appends framed groups to one WAL file with group commit: concurrent
// callers queue up; the caller at the head (the leader) writes every queued
// group with one write and one fdatasync, then wakes the others with the
// shared outcome. A failed write or sync poisons the writer: the error is
// sticky and every later AddGroup fails, because after a failed fsync the
// file's durable contents are unknown and retrying could report success for
// lost data. The engine then starts a new WAL file (README "File system and
// faults") after cutting this one back to `good_end`.
class WalWriter {
 public:
  // Creates the file and makes its directory entry durable.
  static Result<std::unique_ptr<WalWriter>> Create(FileSystem& fs, const std::string& path,
                                                   uint64_t number, bool sync);
  explicit WalWriter(std::unique_ptr<WritableFile> file, uint64_t number, bool sync)
      : file_(std::move(file)), number_(number), sync_(sync) {}

  // Writes framed records (FrameWalGroup output); returns once they are
  // written and, when syncing, durable. Thread-safe.
  Status AddGroup(std::string framed);
  // Syncs whatever was written (for a writer created with sync=false).
  Status SyncAll();

  uint64_t number() const { return number_; }
  const std::string& path() const { return file_->path(); }
  // Whether a write or sync failed (the writer is poisoned).
  bool failed() const;
  // The end of the last batch that was written (and, when syncing, synced)
  // successfully: what follows belongs to failed AddGroups only.
  uint64_t good_end() const;

 private:
  struct Pending {
    std::string framed;
    bool done = false;
    Status status;
  };

  std::unique_ptr<WritableFile> file_;
  const uint64_t number_;
  const bool sync_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending*> queue_;  // guarded by mu_; the front is the leader
  Status error_;                // guarded by mu_; sticky once set
  uint64_t good_end_ = 0;       // guarded by mu_
};

}  // namespace sundial::ts
