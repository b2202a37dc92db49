#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sundial::ts {

struct WalReadOutcome {
  // Offset just past the last complete group; the file is valid up to here.
  uint64_t valid_end = 0;
  // True when bytes after valid_end were a torn write (ignored).
  bool torn_tail = false;
};

// Reads complete groups from one WAL file's contents and hands each payload
// to `apply` in order. Torn-tail policy (README.md): a bad or incomplete
// record at the end of the last WAL file is a torn write and ends the read
// (torn_tail, valid_end marks where to truncate); a bad record followed by a
// valid one, or any damage in an earlier file, is kCorruption.
Result<WalReadOutcome> ReadWalContents(std::string_view contents, const std::string& path,
                                       bool is_last_file,
                                       const std::function<Status(std::string_view)>& apply);

}  // namespace sundial::ts
