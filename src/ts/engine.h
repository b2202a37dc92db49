#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "common/value.h"
#include "ts/table_append.h"
#include "ts/table_schema.h"

namespace sundial::ts {

class FileSystem;

struct EngineOptions {
  std::string data_dir;
  // Every file of the store is read and written through it; nullptr is the
  // POSIX one (FileSystem::Default). Must outlive the engine.
  FileSystem* file_system = nullptr;
  // A memtable is frozen and flushed to segment files once its column
  // buffers reach this many bytes.
  size_t memtable_flush_bytes = 64 << 20;
  // fsync the WAL before Append returns (synchronous_commit=on).
  bool sync_wal = true;
  // Decoded segment blocks kept for later scans; one cache per process,
  // so the last engine opened sets it.
  size_t block_cache_bytes = size_t{512} << 20;
  // Merge a partition's segments in the background after flushes and bulk
  // loads (README "Merge"); off, only CompactTable merges.
  bool background_merge = true;
  // No merge of time-adjacent segments produces a segment of more rows, and
  // a merge holds about this many rows in memory at most. 0 merges nothing.
  uint64_t merge_row_cap = uint64_t{1} << 21;
  // A merge also holds at most about this many bytes of rows (estimated
  // from the table's column types), which lowers the row cap for wide rows.
  size_t merge_memory_bytes = size_t{1} << 30;
};

// Time range [begin, end) in the units of the table's time column
// (microseconds for timestamps; days for date).
struct TimeRange {
  int64_t begin = std::numeric_limits<int64_t>::min();
  int64_t end = std::numeric_limits<int64_t>::max();
};

// A simple predicate the store evaluates itself, so it can prune blocks by
// their min/max and test dictionary-coded text once per distinct value:
// `column <op> values[0]`, or `column IN (values...)` for kIn. The values are
// non-NULL constants of the column's type (int64 for integer-like columns,
// double for floats, text for text); NULL column values never pass. Text
// supports only kEq and kIn (ordering text depends on the collation).
enum class ScanCompare : uint8_t { kEq, kLt, kLe, kGt, kGe, kIn };
struct ScanPredicate {
  int column = 0;  // table column index
  ScanCompare op = ScanCompare::kEq;
  std::vector<Value> values;
};

class DeleteMarkers;

// Rows of committed segments that an open transaction block has deleted, or
// replaced by UPDATE: the block's own scans leave them out
// (ScanSpec::block_deletes), nobody else's do, and CommitBlock removes them.
// Another statement that deletes or replaces one of those rows meanwhile is
// a conflict (40001 for the block's next read, match or commit); changes to
// other rows are not. While one is held the table's segments are not
// merged, so the rows stay where the block found them.
struct BlockDeletes {
  struct Segment {
    std::shared_ptr<const DeleteMarkers> rows;  // the block's rows only
  };
  uint32_t table_id = 0;
  std::map<uint64_t, Segment> segments;  // by segment file number
  // Times of the rows removed (the time column's units), for continuous
  // aggregates; empty when time_min > time_max.
  int64_t time_min = std::numeric_limits<int64_t>::max();
  int64_t time_max = std::numeric_limits<int64_t>::min();
  // Keeps the table's segments from merging.
  std::shared_ptr<const void> merge_hold;
};

struct ScanSpec {
  uint32_t table_id = 0;
  // Table column indices to read, in output order. May be empty (count(*)).
  std::vector<int> columns;
  // Rows outside the range may be skipped by partition and block pruning;
  // rows inside are always returned. Callers still filter exactly.
  TimeRange time_range;
  // Conjuncts the scan applies exactly: every row returned satisfies all of
  // them (floats compare as PostgreSQL does, NaN above every number).
  std::vector<ScanPredicate> predicates;
  // When >= 0 (a text column of a hypertable), the scan may leave out rows
  // older, by the time column, than the newest row with the same value of
  // this column; the newest row per value is always returned (DISTINCT ON
  // (column) ... ORDER BY column, time DESC). Used only when the scan has no
  // predicates and an unbounded time range. Segment blocks' dictionaries
  // tell which values a row group holds, so older row groups are skipped.
  int latest_per_column = -1;
  // Rows a transaction block appended to this table and has not committed:
  // its own statements read them as if they were in the memtable (the
  // predicates and columns above apply). Whole table rows, at most
  // kBatchCapacity rows per chunk.
  std::vector<DataChunk> uncommitted_rows;
  // The reading transaction block's deletions in this table: rows they
  // name are not returned.
  std::shared_ptr<const BlockDeletes> block_deletes;
  // Whether blocks read on a cache miss join the block cache; a merge,
  // which reads each block once, leaves the cache to queries.
  bool fill_block_cache = true;
};

// Work a scan did and avoided, for tests and EXPLAIN ANALYZE.
struct ScanStatistics {
  uint64_t partitions_skipped = 0;
  uint64_t segments_skipped = 0;
  uint64_t blocks_read = 0;     // column blocks read and decoded
  uint64_t blocks_skipped = 0;  // row groups pruned by the time column's min/max
  // Row groups pruned by a predicate's min/max, or left without a matching
  // row before their remaining columns were read.
  uint64_t groups_filtered = 0;
  // Of blocks_read: found decoded in the block cache, or read from the
  // file (bytes_read bytes) and decoded.
  uint64_t cache_hits = 0;
  uint64_t cache_misses = 0;
  uint64_t bytes_read = 0;

  ScanStatistics& operator+=(const ScanStatistics& other) {
    partitions_skipped += other.partitions_skipped;
    segments_skipped += other.segments_skipped;
    blocks_read += other.blocks_read;
    blocks_skipped += other.blocks_skipped;
    groups_filtered += other.groups_filtered;
    cache_hits += other.cache_hits;
    cache_misses += other.cache_misses;
    bytes_read += other.bytes_read;
    return *this;
  }
};

// Pull-based reader over a consistent snapshot taken when the scan was
// opened: rows appended afterwards are not seen. Not thread-safe.
class TableScanner {
 public:
  virtual ~TableScanner() = default;
  // Fills `out` with the next batch (1..kBatchCapacity rows, columns as in
  // ScanSpec::columns). Returns false when the scan is exhausted.
  virtual Result<bool> Next(DataChunk& out) = 0;
  // What the scan has skipped and read so far.
  virtual ScanStatistics statistics() const { return {}; }
};

// One snapshot of a table, taken when it was opened, cut into morsels that
// several threads scan at the same time. Reading the morsels 0 ..
// morsel_count()-1 one after the other returns exactly the rows of one Scan
// of the same spec, in the same order. Thread-safe.
class MorselScan {
 public:
  virtual ~MorselScan() = default;
  virtual size_t morsel_count() const = 0;
  // A scanner over morsel `morsel` (< morsel_count()) alone, used by one
  // thread. Its statistics cover the row groups of that morsel.
  virtual Result<std::unique_ptr<TableScanner>> OpenMorsel(size_t morsel) const = 0;
  // Partitions and segments left out by the time range when the snapshot was cut.
  virtual ScanStatistics pruning_statistics() const { return {}; }
};

// Decides which rows of `rows` a DELETE removes: sets matches[i] (the
// vector is resized to rows.size() and zeroed) to 1 for each row to remove.
// An error aborts the delete, which then changes nothing.
using RowMatcher = std::function<Status(const DataChunk& rows, std::vector<uint8_t>& matches)>;

// Decides which rows of `rows` an UPDATE replaces, as RowMatcher does, and
// appends their new versions to `replacements`: chunks of every table
// column, in table column order.
using RowReplacer = std::function<Status(const DataChunk& rows, std::vector<uint8_t>& matches,
                                         std::vector<DataChunk>& replacements)>;

// Rows streamed into one table by one writer (a large COPY), published all
// at once: nothing is visible to scans or survives a crash before Commit
// returns Ok, and everything is after. Destroying it without a successful
// Commit discards every row added. Used by one thread at a time.
class BulkLoad {
 public:
  virtual ~BulkLoad() = default;
  // Adds rows (chunks as for Engine::Append). The work may happen in the
  // background: an error may be reported by a later Add or by Commit.
  virtual Status Add(std::vector<DataChunk> chunks) = 0;
  // Makes every added row durable and visible atomically.
  virtual Status Commit() = 0;
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

  // Durably creates a table; assigns schema.table_id, and column ids in
  // column order from 0 (so segment_by and order_by name a new table's
  // columns by position). kDuplicateTable if the name exists;
  // CheckSegmentOrder's errors.
  virtual Result<TableSchema> CreateTable(TableSchema schema) = 0;
  // Durably removes the table and its data. kUndefinedTable if absent.
  virtual Status DropTable(const std::string& name) = 0;
  // Turns an empty ordinary table into a hypertable partitioned on
  // `time_column` (kObjectNotInPrerequisiteState if it holds rows).
  virtual Result<TableSchema> MakeHypertable(const std::string& name, int time_column,
                                             int64_t partition_interval_micros) = 0;

  // Changes a table's schema without rewriting its segments, with one
  // manifest switch; returns the new schema. kUndefinedTable,
  // kUndefinedColumn, kDuplicateColumn, kDuplicateTable (renaming onto an
  // existing table), kNotNullViolation (a NOT NULL column without a missing
  // value added to a table with rows), kFeatureNotSupported (dropping the
  // time column or the last column), and CheckSegmentOrder's errors for
  // kSetSegmentOrder (kInvalidParameterValue on a table that is not a
  // hypertable). kSetSegmentOrder and renames never wait for appends or
  // flushes; dropping a column removes it from segment_by and order_by.
  virtual Result<TableSchema> AlterTable(const std::string& name, const SchemaChange& change);
  // Durably removes every row of the named tables with one manifest switch:
  // after a crash either all of them are empty or none changed.
  virtual Status TruncateTables(const std::vector<std::string>& names);
  // Starts (microseconds since the epoch, ascending) of the partitions of a
  // hypertable that hold rows, in segments or in memtables.
  virtual Result<std::vector<int64_t>> ListPartitions(uint32_t table_id);
  // Rows and on-disk bytes of one partition (a chunk, for size reporting).
  struct PartitionStats {
    int64_t start = 0;        // microseconds since the epoch
    uint64_t row_count = 0;   // in segments and memtables
    uint64_t disk_bytes = 0;  // of its segment files
  };
  // The partitions ListPartitions lists, ascending, with their rows and bytes.
  virtual Result<std::vector<PartitionStats>> ListPartitionStats(uint32_t table_id);
  // Durably removes, with one manifest switch, every partition of a
  // hypertable lying wholly inside `range` (microseconds): start >=
  // range.begin and start + interval <= range.end. Returns their starts,
  // ascending.
  virtual Result<std::vector<int64_t>> DropPartitions(uint32_t table_id, const TimeRange& range);

  // Durably removes rows with one manifest switch, atomically across
  // segments and partitions, and returns how many. Partitions of a
  // hypertable lying wholly inside `whole_partitions` (microseconds, as for
  // DropPartitions) go without being read: the caller vouches that every
  // row in them matches. Every other row that `candidates` returns (its
  // columns, time range and predicates; no uncommitted rows) is shown to
  // `matcher`, chunk by chunk, and the rows it picks are marked deleted
  // (README "Delete markers"). Appends wait while it runs; `matcher` must
  // not call the engine.
  virtual Result<uint64_t> DeleteRows(const ScanSpec& candidates, const RowMatcher& matcher,
                                      const TimeRange& whole_partitions);
  // UPDATE: the rows `replacer` picks among those `candidates` returns (which
  // must read every column) are removed as DeleteRows removes them, and the
  // replacements it gives, with `added` (rows in table column order that
  // replace nothing in particular: a continuous aggregate's recomputed
  // range), are written as new segments; one manifest switch publishes it
  // all, so a reader or a crash sees the old rows or the new ones, never
  // neither or both. Returns how many rows were replaced.
  virtual Result<uint64_t> ReplaceRows(const ScanSpec& candidates, const RowReplacer& replacer,
                                       std::vector<DataChunk> added);
  // DELETE or UPDATE inside a transaction block: among the committed rows
  // `candidates` returns (less those `deletes` names), the rows `replacer`
  // picks are added to `deletes`, and their new versions, if it gives any,
  // to `replacements`. Nothing is published. Returns how many it picked.
  virtual Result<uint64_t> MatchRowsInBlock(const ScanSpec& candidates, const RowReplacer& replacer,
                                            BlockDeletes& deletes,
                                            std::vector<DataChunk>& replacements);
  // COMMIT of a block that deleted or replaced committed rows: the rows of
  // `tables` (written as segments) and the deletions are published by one
  // manifest switch, so a reader or a crash sees all of it or none. 40001
  // when one of the block's rows was deleted or replaced by another
  // statement since, or its segment is gone (chunks dropped, truncated).
  virtual Status CommitBlock(const std::vector<TableAppend>& tables,
                             const std::vector<BlockDeletes>& deletes);

  virtual std::optional<TableSchema> FindTable(const std::string& name) const = 0;
  virtual std::vector<TableSchema> ListTables() const = 0;

  // Appends rows to one or more tables (TableAppend: each chunk has one
  // vector per table column, in table order, types as in the schema). When
  // it returns Ok the rows are durable (WAL fsynced, group commit) and
  // visible to scans opened afterwards. The call is one unit, however many
  // rows and tables it holds: after a crash either all of its rows are
  // present in every table or none in any, and it fails as a whole, with no
  // row applied, when any table is missing, any chunk does not fit its
  // table, or a table was dropped or altered before the rows reached the
  // WAL (kObjectNotInPrerequisiteState). A scan opened while it is applied
  // sees all or none of its rows in its table, and scans opened one after
  // another never see them in a table scanned earlier but miss them in one
  // scanned later. A failed call (kDiskFull, kIoError) applied nothing that
  // a scan sees, and later ones are tried afresh: a new WAL file starts once
  // the fault is gone (README "File system and faults").
  virtual Status AppendTables(const std::vector<TableAppend>& tables) = 0;
  // AppendTables for one table.
  Status Append(uint32_t table_id, const std::vector<DataChunk>& chunks) {
    return AppendTables({TableAppend{.table_id = table_id, .chunks = chunks}});
  }

  // Starts a bulk load into a table. Memory stays bounded however many rows
  // are added when the engine writes them ahead to unpublished files; this
  // default keeps them in memory and makes one Append at Commit.
  virtual Result<std::unique_ptr<BulkLoad>> BeginBulkLoad(uint32_t table_id);

  virtual Result<std::unique_ptr<TableScanner>> Scan(const ScanSpec& spec) = 0;
  // The same rows as Scan(spec), as morsels for parallel readers: segment
  // row groups and runs of memtable rows. Not for latest_per_column scans,
  // whose pruning needs the whole table. The default is one morsel that
  // opens Scan(spec).
  virtual Result<std::shared_ptr<const MorselScan>> ScanMorsels(const ScanSpec& spec);

  // Rows and on-disk bytes of a table (for size reporting).
  struct TableStats {
    uint64_t row_count = 0;
    uint64_t disk_bytes = 0;
  };
  virtual Result<TableStats> Stats(uint32_t table_id) const = 0;

  // Flushes all memtables to segment files and truncates the WAL
  // (CHECKPOINT); with background merges on, also runs the merges the
  // segments call for to completion.
  virtual Status Checkpoint() = 0;

  // Merges the table's segments (overlapping ones, and small ones by size
  // tier) until the merge policy finds nothing more to do, each merge
  // published by one manifest switch. Scans see the same rows before and
  // after. kUndefinedTable if absent.
  virtual Status CompactTable(uint32_t table_id);
};

}  // namespace sundial::ts
