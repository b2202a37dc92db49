#include "exec/spill_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

Status IoError(const std::string& action, const std::string& path, int error_number) {
  ErrorCode code = error_number == ENOSPC ? ErrorCode::kDiskFull : ErrorCode::kIoError;
  return Status::Error(code, "could not " + action + " temporary file \"" + path +
                                 "\": " + std::strerror(error_number));
}

Status Truncated(const std::string& what) {
  return Status::Error(ErrorCode::kCorruption, "spill record truncated: " + what);
}

template <typename T>
void Put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <typename T>
bool Get(std::string_view& in, T& value) {
  if (in.size() < sizeof(T)) return false;
  std::memcpy(&value, in.data(), sizeof(T));
  in.remove_prefix(sizeof(T));
  return true;
}

}  // namespace

Result<std::unique_ptr<SpillFile>> SpillFile::Create(const std::string& dir) {
  std::string base = dir;
  if (base.empty()) {
    std::error_code ec;
    base = std::filesystem::temp_directory_path(ec).string();
    if (ec) {
      return Status::Error(ErrorCode::kIoError,
                           "could not find a directory for temporary files: " + ec.message());
    }
  }
  std::string path = base + "/spill-XXXXXX";
  int fd = mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) return IoError("create", path, errno);
  return std::unique_ptr<SpillFile>(new SpillFile(fd, std::move(path)));
}

SpillFile::~SpillFile() {
  close(fd_);
  unlink(path_.c_str());
}

Status SpillFile::Fail(const std::string& action, int error_number) {
  if (error_.ok()) error_ = IoError(action, path_, error_number);
  return error_;
}

Status SpillFile::Flush() {
  size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail("write to", errno);
    }
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
  return Status::Ok();
}

Status SpillFile::Append(std::string_view record) {
  RETURN_IF_ERROR(error_);
  auto size = static_cast<uint32_t>(record.size());
  Put(buffer_, size);
  buffer_.append(record);
  bytes_written_ += sizeof(size) + record.size();
  ++record_count_;
  if (buffer_.size() >= kBufferSize) return Flush();
  return Status::Ok();
}

Status SpillFile::StartReading() {
  RETURN_IF_ERROR(error_);
  if (reading_) {
    buffer_.clear();
  } else {
    RETURN_IF_ERROR(Flush());
    buffer_.shrink_to_fit();
  }
  if (lseek(fd_, 0, SEEK_SET) < 0) return Fail("seek in", errno);
  reading_ = true;
  read_pos_ = 0;
  return Status::Ok();
}

Result<bool> SpillFile::Fill(size_t size) {
  if (buffer_.size() - read_pos_ >= size) return true;
  buffer_.erase(0, read_pos_);
  read_pos_ = 0;
  while (buffer_.size() < size) {
    size_t have = buffer_.size();
    size_t want = std::max(kBufferSize, size - have);
    buffer_.resize(have + want);
    ssize_t n = read(fd_, buffer_.data() + have, want);
    if (n < 0) {
      buffer_.resize(have);
      if (errno == EINTR) continue;
      return Fail("read from", errno);
    }
    buffer_.resize(have + static_cast<size_t>(n));
    if (n == 0) return false;
  }
  return true;
}

Result<bool> SpillFile::Read(std::string& record) {
  RETURN_IF_ERROR(error_);
  if (!reading_) return Status::Error(ErrorCode::kInternal, "spill file read before StartReading");
  ASSIGN_OR_RETURN(bool has_header, Fill(sizeof(uint32_t)));
  if (!has_header) {
    if (buffer_.size() != read_pos_) {
      error_ = Truncated(path_);
      return error_;
    }
    return false;
  }
  uint32_t size;
  std::memcpy(&size, buffer_.data() + read_pos_, sizeof(size));
  ASSIGN_OR_RETURN(bool has_body, Fill(sizeof(size) + size));
  if (!has_body) {
    error_ = Truncated(path_);
    return error_;
  }
  record.assign(buffer_.data() + read_pos_ + sizeof(size), size);
  read_pos_ += sizeof(size) + size;
  return true;
}

void EncodeColumns(const std::vector<ColumnVector>& columns, size_t rows, std::string& out) {
  Put(out, static_cast<uint32_t>(rows));
  for (const ColumnVector& column : columns) {
    bool nullable = column.MayHaveNulls();
    Put(out, static_cast<uint8_t>(nullable));
    if (nullable) {
      for (size_t i = 0; i < rows; ++i)
        Put(out, static_cast<uint8_t>(column.IsNull(i)));
    }
    DispatchPhysical(column.type().id, [&](auto tag) {
      using T = decltype(tag);
      const T* values = column.data<T>();
      if constexpr (std::is_same_v<T, std::string_view>) {
        for (size_t i = 0; i < rows; ++i) {
          if (nullable && column.IsNull(i)) continue;
          Put(out, static_cast<uint32_t>(values[i].size()));
          out.append(values[i]);
        }
      } else {
        out.append(reinterpret_cast<const char*>(values), rows * sizeof(T));
      }
    });
  }
}

Status DecodeColumns(std::string_view in, const std::vector<DataType>& types,
                     std::vector<ColumnVector>& out, size_t& rows) {
  uint32_t count;
  if (!Get(in, count)) return Truncated("row count");
  rows = count;
  out.clear();
  out.reserve(types.size());
  for (const DataType& type : types) {
    ColumnVector column(type, std::max<size_t>(rows, 1));
    column.SetSize(rows);
    uint8_t nullable;
    if (!Get(in, nullable)) return Truncated("null marker");
    if (nullable != 0) {
      if (in.size() < rows) return Truncated("null flags");
      for (size_t i = 0; i < rows; ++i) {
        if (in[i] != 0) column.SetNull(i, true);
      }
      in.remove_prefix(rows);
    }
    Status status = Status::Ok();
    DispatchPhysical(type.id, [&](auto tag) {
      using T = decltype(tag);
      T* values = column.data<T>();
      if constexpr (std::is_same_v<T, std::string_view>) {
        for (size_t i = 0; i < rows && status.ok(); ++i) {
          if (column.IsNull(i)) continue;
          uint32_t size;
          if (!Get(in, size) || in.size() < size) {
            status = Truncated("string value");
            return;
          }
          values[i] = column.AddString(in.substr(0, size));
          in.remove_prefix(size);
        }
      } else {
        if (in.size() < rows * sizeof(T)) {
          status = Truncated("values");
          return;
        }
        if (rows > 0) std::memcpy(values, in.data(), rows * sizeof(T));
        in.remove_prefix(rows * sizeof(T));
      }
    });
    RETURN_IF_ERROR(status);
    out.push_back(std::move(column));
  }
  if (!in.empty()) return Status::Error(ErrorCode::kCorruption, "spill record has trailing bytes");
  return Status::Ok();
}

}  // namespace sundial::exec
