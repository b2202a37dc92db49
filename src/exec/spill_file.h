#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"

namespace sundial::exec {

// A temporary file of length-prefixed records that an operator writes once
// and then reads back sequentially. The file exists under the temp directory
// exactly as long as the object: the destructor removes it, so spill files
// go away on success, error and cancel alike (a crash leaves them for the
// startup sweep of the temp directory). Spill data never needs to survive a
// crash, so nothing is fsynced. The first failed write or read poisons the
// file: every later call returns the same error.
class SpillFile {
 public:
  // A new empty file in `dir` (the system temp directory when empty).
  static Result<std::unique_ptr<SpillFile>> Create(const std::string& dir);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // Appends one record (buffered). Only before StartReading.
  Status Append(std::string_view record);
  // Flushes what is buffered and positions reading at the first record;
  // called again, reads the records once more from the first.
  Status StartReading();
  // Reads the next record into `record`; false after the last one.
  Result<bool> Read(std::string& record);

  // Bytes appended, framing included.
  uint64_t bytes_written() const { return bytes_written_; }
  uint64_t record_count() const { return record_count_; }
  const std::string& path() const { return path_; }

 private:
  SpillFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  Status Flush();
  // Makes at least `size` unread bytes available; false at end of file.
  Result<bool> Fill(size_t size);
  Status Fail(const std::string& action, int error_number);

  // Small: a spilling operator writes up to kRadixPartitions files at once.
  static constexpr size_t kBufferSize = 8 * 1024;

  int fd_;
  std::string path_;
  std::string buffer_;  // pending writes, then read-ahead
  size_t read_pos_ = 0;
  bool reading_ = false;
  uint64_t bytes_written_ = 0;
  uint64_t record_count_ = 0;
  Status error_;
};

// Column vectors as one spill record: the row count, then per column its
// null flags and values (strings length-prefixed). Appends to `out`.
void EncodeColumns(const std::vector<ColumnVector>& columns, size_t rows, std::string& out);
// Decodes a record EncodeColumns wrote for columns of `types` into fresh
// vectors; kCorruption when the bytes do not match.
Status DecodeColumns(std::string_view in, const std::vector<DataType>& types,
                     std::vector<ColumnVector>& out, size_t& rows);

}  // namespace sundial::exec
