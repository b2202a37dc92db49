#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "ts/table_schema.h"

namespace sundial::ts {

struct EngineOptions {
  std::string data_dir;
  // A memtable is frozen and flushed to segment files once its column
  // buffers reach this many bytes.
  size_t memtable_flush_bytes = 64 << 20;
  // fsync the WAL before Append returns (synchronous_commit=on).
  bool sync_wal = true;
};

// Time range [begin, end) in the units of the table's time column
// (microseconds for timestamps; days for date).
struct TimeRange {
  int64_t begin = std::numeric_limits<int64_t>::min();
  int64_t end = std::numeric_limits<int64_t>::max();
};

struct ScanSpec {
  uint32_t table_id = 0;
  // Table column indices to read, in output order. May be empty (count(*)).
  std::vector<int> columns;
  // Rows outside the range may be skipped by partition and block pruning;
  // rows inside are always returned. Callers still filter exactly.
  TimeRange time_range;
};

// Pull-based reader over a consistent snapshot taken when the scan was
// opened: rows appended afterwards are not seen. Not thread-safe.
class TableScanner {
 public:
  virtual ~TableScanner() = default;
  // Fills `out` with the next batch (1..kBatchCapacity rows, columns as in
  // ScanSpec::columns). Returns false when the scan is exhausted.
  virtual Result<bool> Next(DataChunk& out) = 0;
};

// The columnar partition store. Thread-safe: any number of concurrent
// appends, scans and DDL calls.
class Engine {
 public:
  virtual ~Engine() = default;

  // Opens or creates the store in options.data_dir: takes the directory lock
  // (kObjectNotInPrerequisiteState if another process holds it), loads the
  // manifest, deletes files it does not name and replays the WAL.
  static Result<std::unique_ptr<Engine>> Open(const EngineOptions& options);

  // Durably creates a table; assigns schema.table_id. kDuplicateTable if the
  // name exists.
  virtual Result<TableSchema> CreateTable(TableSchema schema) = 0;
  // Durably removes the table and its data. kUndefinedTable if absent.
  virtual Status DropTable(const std::string& name) = 0;
  // Turns an empty ordinary table into a hypertable partitioned on
  // `time_column` (kObjectNotInPrerequisiteState if it holds rows).
  virtual Result<TableSchema> MakeHypertable(const std::string& name, int time_column,
                                             int64_t partition_interval_micros) = 0;

  virtual std::optional<TableSchema> FindTable(const std::string& name) const = 0;
  virtual std::vector<TableSchema> ListTables() const = 0;

  // Appends rows: each chunk has one vector per table column, in table
  // order, types as in the schema. When it returns Ok the rows are durable
  // (WAL fsynced, group commit) and visible to scans opened afterwards. All
  // chunks of one call are applied atomically, however many rows they hold:
  // after a crash either all or none are present.
  virtual Status Append(uint32_t table_id, const std::vector<DataChunk>& chunks) = 0;

  virtual Result<std::unique_ptr<TableScanner>> Scan(const ScanSpec& spec) = 0;

  // Rows and on-disk bytes of a table (for size reporting).
  struct TableStats {
    uint64_t row_count = 0;
    uint64_t disk_bytes = 0;
  };
  virtual Result<TableStats> Stats(uint32_t table_id) const = 0;

  // Flushes all memtables to segment files and truncates the WAL (CHECKPOINT).
  virtual Status Checkpoint() = 0;
};

}  // namespace sundial::ts
