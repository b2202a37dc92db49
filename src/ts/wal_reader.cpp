#include "ts/wal_reader.h"

#include "ts/coding.h"
#include "ts/wal_format.h"

namespace sundial::ts {

namespace {

// The payload of a well-formed record starting at `offset`, or false.
bool ParseRecord(std::string_view data, size_t offset, wal::RecordType& type,
                 std::string_view& payload) {
  if (data.size() - offset < wal::kHeaderSize) return false;
  const char* p = data.data() + offset;
  uint32_t checksum = LoadFixed<uint32_t>(p);
  uint32_t length = LoadFixed<uint32_t>(p + 4);
  uint8_t raw_type = static_cast<uint8_t>(p[8]);
  if (raw_type < wal::kMinRecordType || raw_type > wal::kMaxRecordType) return false;
  if (length > wal::kMaxFragmentPayload) return false;
  if (data.size() - offset - wal::kHeaderSize < length) return false;
  if (Checksum32(p + wal::kChecksumSize, wal::kHeaderSize - wal::kChecksumSize + length) !=
      checksum) {
    return false;
  }
  type = static_cast<wal::RecordType>(raw_type);
  payload = std::string_view(p + wal::kHeaderSize, length);
  return true;
}

// Whether any well-formed record starts after `offset`: if one does, the bad
// bytes at `offset` are damage in the middle of the log, not a torn tail.
bool ValidRecordFollows(std::string_view data, size_t offset) {
  wal::RecordType type;
  std::string_view payload;
  for (size_t at = offset + 1; at + wal::kHeaderSize <= data.size(); ++at) {
    if (ParseRecord(data, at, type, payload)) return true;
  }
  return false;
}

Status Corrupt(const std::string& path, size_t offset, const std::string& why) {
  return Status::Error(ErrorCode::kCorruption, "WAL file \"" + path + "\" is corrupt at offset " +
                                                   std::to_string(offset) + ": " + why);
}

}  // namespace

Result<WalReadOutcome> ReadWalContents(std::string_view data, const std::string& path,
                                       bool is_last_file,
                                       const std::function<Status(std::string_view)>& apply) {
  WalReadOutcome outcome;
  std::string group;
  bool in_group = false;
  size_t group_start = 0;
  size_t offset = 0;
  while (offset < data.size()) {
    wal::RecordType type;
    std::string_view payload;
    if (!ParseRecord(data, offset, type, payload)) {
      if (!is_last_file)
        return Corrupt(path, offset, "bad record in a WAL file that is not the last");
      if (ValidRecordFollows(data, offset)) {
        return Corrupt(path, offset, "bad record followed by valid records");
      }
      outcome.torn_tail = true;
      outcome.valid_end = in_group ? group_start : offset;
      return outcome;
    }
    size_t record_start = offset;
    offset += wal::kHeaderSize + payload.size();
    switch (type) {
      case wal::RecordType::kFull:
      case wal::RecordType::kFirst:
        if (in_group) return Corrupt(path, record_start, "group interrupted by a new group");
        if (type == wal::RecordType::kFull) {
          RETURN_IF_ERROR(apply(payload));
          outcome.valid_end = offset;
        } else {
          in_group = true;
          group_start = record_start;
          group.assign(payload);
        }
        break;
      case wal::RecordType::kMiddle:
      case wal::RecordType::kLast:
        if (!in_group) return Corrupt(path, record_start, "fragment without a first fragment");
        group.append(payload);
        if (type == wal::RecordType::kLast) {
          in_group = false;
          RETURN_IF_ERROR(apply(group));
          outcome.valid_end = offset;
        }
        break;
    }
  }
  if (in_group) {
    if (!is_last_file) return Corrupt(path, group_start, "incomplete group");
    outcome.torn_tail = true;
    outcome.valid_end = group_start;
  }
  return outcome;
}

}  // namespace sundial::ts
