#pragma once

#include <cerrno>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ts/file_system.h"

namespace sundial::testing {

// A FileSystem for tests (leveldb's fault-injection Env is the model): it
// wraps another one (the POSIX one by default), fails chosen operations with
// a chosen errno, and simulates a power loss by forgetting whatever was never
// made durable.
//
// Durability model: a file's bytes up to its last successful Sync (or
// TruncateFile) are durable; a created file or directory and a rename are
// durable once their directory has been synced; removals count as durable at
// once. Only what was written through this object is tracked.
class FaultInjectingFileSystem final : public ts::FileSystem {
 public:
  enum class Op { kCreate, kWrite, kSync, kRename, kSyncDirectory, kTruncate };
  struct Fault {
    Op op = Op::kWrite;
    // Operations on paths containing this fail ("" matches every path; a
    // rename matches by its source).
    std::string path_contains;
    // path_contains must be the whole path (one directory, not its children).
    bool whole_path = false;
    // Matching operations that still succeed before the first failure.
    int skip = 0;
    int error = ENOSPC;
    // Fail one operation, or every matching one until ClearFaults (a disk
    // that stays full).
    bool once = false;
    // A failing write writes the first half of its data first.
    bool torn = false;
  };

  explicit FaultInjectingFileSystem(ts::FileSystem& base = ts::FileSystem::Default());

  void Inject(Fault fault);
  void ClearFaults();
  // Operations failed by injected faults so far.
  int injected_failures() const;

  // Power loss. Requires that no file written through this object is still
  // open (close the engine first). Cuts every tracked file to its durable
  // length, then undoes the renames and removes the files and directories
  // whose directory entries were never synced, newest first.
  Status Crash();

  Result<std::unique_ptr<ts::WritableFile>> NewWritableFile(const std::string& path) override;
  Result<std::unique_ptr<ts::RandomAccessFile>> NewRandomAccessFile(
      const std::string& path) override;
  Status CreateDirectories(const std::string& path) override;
  Status SyncDirectory(const std::string& path) override;
  Status RemoveFile(const std::string& path) override;
  Status RemoveTree(const std::string& path) override;
  Status RenameFile(const std::string& from, const std::string& to) override;
  Status TruncateFile(const std::string& path, uint64_t size) override;
  bool PathExists(const std::string& path) override;
  Result<uint64_t> FileSize(const std::string& path) override;
  Result<std::vector<ts::DirEntry>> ListDirectory(const std::string& path) override;
  Result<std::unique_ptr<ts::FileLock>> LockFile(const std::string& path) override;

  // For the files this object opens: the injected error of `op` on `path`
  // (torn set when the failing write is to be torn), or OK; and a
  // successful sync of `size` bytes.
  Status Check(Op op, const std::string& path, bool* torn = nullptr);
  void NoteSynced(const std::string& path, uint64_t size);

 private:
  struct Armed {
    Fault fault;
    int seen = 0;
  };
  // A directory entry change not yet made durable by syncing `directory`.
  struct Unsynced {
    enum class Kind { kCreatedFile, kCreatedDirectory, kRenamed };
    Kind kind;
    std::string directory;
    std::string path;                     // the created path, or the rename's target
    std::string from;                     // kRenamed: the source
    std::optional<std::string> replaced;  // kRenamed: the target's former contents
  };
  void ForgetLocked(const std::string& path);

  ts::FileSystem& base_;
  mutable std::mutex mu_;
  std::vector<Armed> faults_;                // guarded by mu_
  int failures_ = 0;                         // guarded by mu_
  std::map<std::string, uint64_t> durable_;  // guarded by mu_; tracked files' durable sizes
  std::vector<Unsynced> unsynced_;           // guarded by mu_; oldest first
};

}  // namespace sundial::testing
