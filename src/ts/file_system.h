#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

// Every file the store reads or writes goes through a FileSystem, so tests
// can fail any write, fsync or rename and simulate a power loss
// (tests/support/fault_injecting_file_system.h). The default is the POSIX
// one (posix_file_system.cpp).
namespace sundial::ts {

// The error of a failed file operation, naming the path and the system's
// reason: kDiskFull (SQLSTATE 53100) for ENOSPC and EDQUOT, so the operator
// knows to free space, kIoError (58030) for anything else.
Status IoError(const std::string& what, const std::string& path, int err);

// The directory part of `path` ("." when it has none).
std::string ParentDirectory(const std::string& path);

struct DirEntry {
  std::string name;
  bool is_directory = false;
};

// A file opened for appending. Not thread-safe. Destruction closes the file
// without syncing; callers that need durability call Sync first.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  // Writes all of `data`. On failure part of it may be in the file.
  virtual Status Append(std::string_view data) = 0;
  // fdatasync: file contents and the size needed to read them back. Never
  // retried after a failure: the kernel may have dropped the dirty pages.
  virtual Status Sync() = 0;
  virtual const std::string& path() const = 0;
  // Bytes appended successfully.
  virtual uint64_t size() const = 0;
};

// A file read by offset, safe for concurrent readers. The open file keeps
// the data readable after the file is unlinked.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  // Reads exactly n bytes at offset into dest; kCorruption if the file is shorter.
  virtual Status Read(uint64_t offset, size_t n, char* dest) const = 0;
  virtual uint64_t size() const = 0;
  virtual const std::string& path() const = 0;
};

// An exclusive lock on a file, held for the object's lifetime.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // The process-wide POSIX file system.
  static FileSystem& Default();

  // Creates (or empties) `path` for appending.
  virtual Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) = 0;
  virtual Result<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(
      const std::string& path) = 0;
  // Creates `path` and its missing parents; an existing directory is fine.
  virtual Status CreateDirectories(const std::string& path) = 0;
  // Makes a directory entry (a created, renamed or removed file) durable.
  virtual Status SyncDirectory(const std::string& path) = 0;
  // Removing an absent file succeeds.
  virtual Status RemoveFile(const std::string& path) = 0;
  // Removes a file or a directory with its contents; an absent path succeeds.
  virtual Status RemoveTree(const std::string& path) = 0;
  // Atomically replaces `to` (if any) by `from`.
  virtual Status RenameFile(const std::string& from, const std::string& to) = 0;
  // Cuts the file to `size` bytes and makes that durable.
  virtual Status TruncateFile(const std::string& path, uint64_t size) = 0;
  virtual bool PathExists(const std::string& path) = 0;
  virtual Result<uint64_t> FileSize(const std::string& path) = 0;
  // Entries of a directory without "." and ".."; an absent directory is empty.
  virtual Result<std::vector<DirEntry>> ListDirectory(const std::string& path) = 0;
  // An exclusive lock on `path` (created if absent). A second lock of the
  // same file, from this process or another, fails with
  // kObjectNotInPrerequisiteState.
  virtual Result<std::unique_ptr<FileLock>> LockFile(const std::string& path) = 0;

  Result<std::string> ReadWholeFile(const std::string& path);
};

}  // namespace sundial::ts
