#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/status.h"

namespace sundial::sql {

// The DEFAULT expressions of table columns, as SQL text, keyed by table id
// and column id (ts::ColumnSchema::column_id; neither is reused by the store). The store keeps no
// SQL, so they live in their own small file, rewritten whole on each change (write temp, fsync,
// rename): one line per default, "table_id<TAB>column<TAB>sql" with backslash escapes for tab,
// newline and backslash. Thread-safe.
class ColumnDefaults {
 public:
  // Loads the file at `path` (absent: no defaults yet).
  static Result<std::unique_ptr<ColumnDefaults>> Open(std::string path);
  explicit ColumnDefaults(std::string path) : path_(std::move(path)) {}

  std::optional<std::string> Find(uint32_t table_id, int column) const;
  // Records the defaults of a new table (replacing any old entry).
  Status SetTable(uint32_t table_id, std::map<int, std::string> defaults);
  Status DropTable(uint32_t table_id);
  // Sets (or with nullopt removes) one column's default.
  Status SetColumn(uint32_t table_id, int column, std::optional<std::string> sql);

 private:
  Status Persist() const;  // requires mutex_

  std::string path_;
  mutable std::mutex mutex_;
  std::map<uint32_t, std::map<int, std::string>> defaults_;
};

}  // namespace sundial::sql
