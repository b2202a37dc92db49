#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

// Thin POSIX file helpers. Every error is a kIoError naming the path and the
// system's reason, so a failed statement tells the operator what to fix.
namespace sundial::ts {

Status IoError(const std::string& what, const std::string& path, int err);

Status CreateDirectories(const std::string& path);
// Makes a directory entry (a created, renamed or removed file) durable.
Status SyncDirectory(const std::string& path);
Status RemoveFile(const std::string& path);
Status RenamePath(const std::string& from, const std::string& to);
Status TruncateFile(const std::string& path, uint64_t size);
bool PathExists(const std::string& path);
Result<uint64_t> FileSize(const std::string& path);
Result<std::string> ReadWholeFile(const std::string& path);

struct DirEntry {
  std::string name;
  bool is_directory = false;
};
// Entries of a directory without "." and ".."; an absent directory is empty.
Result<std::vector<DirEntry>> ListDirectory(const std::string& path);

// A file opened for appending. Not thread-safe. Destruction closes the file
// without syncing; callers that need durability call Sync first.
class WritableFile {
 public:
  static Result<std::unique_ptr<WritableFile>> Create(const std::string& path);
  // Use Create; takes ownership of an open descriptor.
  WritableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~WritableFile();
  WritableFile(const WritableFile&) = delete;
  WritableFile& operator=(const WritableFile&) = delete;

  // Writes all of `data`, retrying short writes.
  Status Append(std::string_view data);
  // fdatasync: file contents and the size needed to read them back.
  Status Sync();
  const std::string& path() const { return path_; }
  uint64_t size() const { return size_; }

 private:
  std::string path_;
  int fd_;
  uint64_t size_ = 0;
};

// A file read by offset (pread), safe for concurrent readers. The open
// descriptor keeps the data readable after the file is unlinked.
class RandomAccessFile {
 public:
  static Result<std::unique_ptr<RandomAccessFile>> Open(const std::string& path);
  // Use Open; takes ownership of an open descriptor.
  RandomAccessFile(std::string path, int fd, uint64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}
  ~RandomAccessFile();
  RandomAccessFile(const RandomAccessFile&) = delete;
  RandomAccessFile& operator=(const RandomAccessFile&) = delete;

  // Reads exactly n bytes at offset into dest; kCorruption if the file is shorter.
  Status Read(uint64_t offset, size_t n, char* dest) const;
  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_;
  uint64_t size_;
};

// An exclusive flock on a file, held for the object's lifetime. flock locks
// belong to the open file description, so a second Open in the same process
// is refused just like one from another process.
class DirectoryLock {
 public:
  static Result<std::unique_ptr<DirectoryLock>> Acquire(const std::string& lock_path,
                                                        const std::string& data_dir);
  // Use Acquire; takes ownership of a locked descriptor.
  explicit DirectoryLock(int fd) : fd_(fd) {}
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_;
};

}  // namespace sundial::ts
