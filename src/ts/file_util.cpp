#include "ts/file_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sundial::ts {

Status IoError(const std::string& what, const std::string& path, int err) {
  return Status::Error(ErrorCode::kIoError,
                       "could not " + what + " \"" + path + "\": " + std::strerror(err));
}

Status CreateDirectories(const std::string& path) {
  if (path.empty()) return Status::Ok();
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Status::Ok();
    return IoError("use directory", path, ENOTDIR);
  }
  size_t slash = path.find_last_of('/');
  if (slash != std::string::npos && slash > 0) {
    RETURN_IF_ERROR(CreateDirectories(path.substr(0, slash)));
  }
  if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
    return IoError("create directory", path, errno);
  }
  return Status::Ok();
}

Status SyncDirectory(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("open directory", path, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return IoError("fsync directory", path, err);
  return Status::Ok();
}

Status RemoveFile(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return IoError("remove", path, errno);
  return Status::Ok();
}

Status RenamePath(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return IoError("rename", from, errno);
  return Status::Ok();
}

Status TruncateFile(const std::string& path, uint64_t size) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return IoError("open", path, errno);
  int rc = ::ftruncate(fd, static_cast<off_t>(size));
  if (rc == 0) rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return IoError("truncate", path, err);
  return Status::Ok();
}

bool PathExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

Result<uint64_t> FileSize(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return IoError("stat", path, errno);
  return static_cast<uint64_t>(st.st_size);
}

Result<std::string> ReadWholeFile(const std::string& path) {
  ASSIGN_OR_RETURN(auto file, RandomAccessFile::Open(path));
  std::string data(file->size(), '\0');
  RETURN_IF_ERROR(file->Read(0, data.size(), data.data()));
  return data;
}

Result<std::vector<DirEntry>> ListDirectory(const std::string& path) {
  std::vector<DirEntry> entries;
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) {
    if (errno == ENOENT) return entries;
    return IoError("list directory", path, errno);
  }
  while (struct dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    bool is_dir = entry->d_type == DT_DIR;
    if (entry->d_type == DT_UNKNOWN) {
      struct stat st;
      is_dir = ::stat((path + "/" + name).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    }
    entries.push_back(DirEntry{.name = std::move(name), .is_directory = is_dir});
  }
  ::closedir(dir);
  return entries;
}

Result<std::unique_ptr<WritableFile>> WritableFile::Create(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("create", path, errno);
  return std::make_unique<WritableFile>(path, fd);
}

WritableFile::~WritableFile() {
  ::close(fd_);
}

Status WritableFile::Append(std::string_view data) {
  const char* p = data.data();
  size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("write to", path_, errno);
    }
    p += n;
    left -= static_cast<size_t>(n);
    size_ += static_cast<uint64_t>(n);
  }
  return Status::Ok();
}

Status WritableFile::Sync() {
  if (::fdatasync(fd_) != 0) return IoError("fsync", path_, errno);
  return Status::Ok();
}

Result<std::unique_ptr<RandomAccessFile>> RandomAccessFile::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("open", path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return IoError("stat", path, err);
  }
  return std::make_unique<RandomAccessFile>(path, fd, static_cast<uint64_t>(st.st_size));
}

RandomAccessFile::~RandomAccessFile() {
  ::close(fd_);
}

Status RandomAccessFile::Read(uint64_t offset, size_t n, char* dest) const {
  size_t done = 0;
  while (done < n) {
    ssize_t got = ::pread(fd_, dest + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      return IoError("read", path_, errno);
    }
    if (got == 0) {
      return Status::Error(ErrorCode::kCorruption,
                           "file \"" + path_ + "\" is shorter than its index says");
    }
    done += static_cast<size_t>(got);
  }
  return Status::Ok();
}

Result<std::unique_ptr<DirectoryLock>> DirectoryLock::Acquire(const std::string& lock_path,
                                                              const std::string& data_dir) {
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("open lock file of data directory", lock_path, errno);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return Status::Error(
          ErrorCode::kObjectNotInPrerequisiteState,
          "data directory \"" + data_dir + "\" is locked by another Sundial process");
    }
    return IoError("lock", lock_path, err);
  }
  return std::make_unique<DirectoryLock>(fd);
}

DirectoryLock::~DirectoryLock() {
  ::close(fd_);
}

}  // namespace sundial::ts
