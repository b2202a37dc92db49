#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "ts/delete_markers.h"
#include "ts/engine.h"
#include "ts/file_system.h"
#include "ts/memtable.h"
#include "ts/version.h"
#include "ts/wal_writer.h"

namespace sundial::ts {

// The rows of `segment` that `matcher` picks among those `spec` returns,
// added to the segment's current markers; nullopt when it picks none that
// was not marked already. `newly` counts the rows it adds.
Result<std::optional<DeleteMarkers>> MatchSegment(
    const std::shared_ptr<const TableVersion>& table, const ScanSpec& spec,
    const std::shared_ptr<const SegmentReader>& segment, const RowMatcher& matcher,
    uint64_t& newly);

// The Engine behind Engine::Open. Write path: Append -> WAL (group commit)
// -> active memtable; a full memtable is frozen (a new WAL file starts) and
// the flush thread writes it to segments, publishes them with one manifest
// switch and deletes the WAL files they cover. See README.md.
class EngineImpl final : public Engine {
 public:
  static Result<std::unique_ptr<EngineImpl>> OpenImpl(const EngineOptions& options);
  EngineImpl(EngineOptions options, FileSystem& fs, std::unique_ptr<FileLock> lock);
  ~EngineImpl() override;

  Result<TableSchema> CreateTable(TableSchema schema) override;
  Status DropTable(const std::string& name) override;
  Result<TableSchema> MakeHypertable(const std::string& name, int time_column,
                                     int64_t partition_interval_micros) override;
  Result<TableSchema> AlterTable(const std::string& name, const SchemaChange& change) override;
  Status TruncateTables(const std::vector<std::string>& names) override;
  Result<std::vector<int64_t>> ListPartitions(uint32_t table_id) override;
  Result<std::vector<PartitionStats>> ListPartitionStats(uint32_t table_id) override;
  Result<std::vector<int64_t>> DropPartitions(uint32_t table_id, const TimeRange& range) override;
  Result<uint64_t> DeleteRows(const ScanSpec& candidates, const RowMatcher& matcher,
                              const TimeRange& whole_partitions) override;
  Result<uint64_t> ReplaceRows(const ScanSpec& candidates, const RowReplacer& replacer,
                               std::vector<DataChunk> added) override;
  Result<uint64_t> MatchRowsInBlock(const ScanSpec& candidates, const RowReplacer& replacer,
                                    BlockDeletes& deletes,
                                    std::vector<DataChunk>& replacements) override;
  Status CommitBlock(const std::vector<TableAppend>& tables,
                     const std::vector<BlockDeletes>& deletes) override;
  std::optional<TableSchema> FindTable(const std::string& name) const override;
  std::vector<TableSchema> ListTables() const override;
  Status AppendTables(const std::vector<TableAppend>& tables) override;
  Result<std::unique_ptr<BulkLoad>> BeginBulkLoad(uint32_t table_id) override;
  Result<std::unique_ptr<TableScanner>> Scan(const ScanSpec& spec) override;
  Result<std::shared_ptr<const MorselScan>> ScanMorsels(const ScanSpec& spec) override;
  Result<TableStats> Stats(uint32_t table_id) const override;
  Status Checkpoint() override;
  Status CompactTable(uint32_t table_id) override;

 private:
  // A table's version and memtable rows (plus the spec's uncommitted rows)
  // at one instant: what a scan reads.
  struct PinnedTable {
    std::shared_ptr<const TableVersion> table;
    std::vector<MemRun> memtable_rows;
  };
  Result<PinnedTable> Pin(const ScanSpec& spec);

  // MakeHypertable's checks and manifest switch, run while no Append is in flight.
  Result<TableSchema> SwitchToHypertable(const std::string& name, int time_column,
                                         int64_t partition_interval_micros);
  friend class SegmentBulkLoad;

  // Runs `change` under manifest_mu_ with every memtable flushed and appends
  // held until it returns, so that no WAL group and no memtable row predates
  // it: a change of a table's column layout, or one that removes rows, never
  // meets rows shaped or placed before it on replay.
  Status RunWithMemtablesFlushed(const std::function<Status()>& change);
  // DeleteRows, and with `replacements` (filled by the matcher) ReplaceRows.
  Result<uint64_t> ChangeRows(const ScanSpec& candidates, const RowMatcher& matcher,
                              const TimeRange& whole_partitions,
                              const std::vector<DataChunk>* replacements);
  // The files a change of delete markers writes and replaces, and whether
  // the manifest may name the written ones already.
  struct MarkerFiles {
    std::vector<std::string> written;
    std::vector<std::string> replaced;
    std::set<std::string> directories;  // to fsync before the manifest switch
    bool written_may_be_live = false;
  };
  // Writes `markers` as a new marker file of `segment`, in the partition
  // starting at `start`; returns the segment read with them.
  Result<std::shared_ptr<const SegmentReader>> WriteSegmentMarkers(
      const std::shared_ptr<const SegmentReader>& segment, int64_t start,
      std::shared_ptr<const DeleteMarkers> markers, MarkerFiles& files);
  // After the manifest switch of a marker change (`status`): on failure the
  // files written go; on success merges are asked for and the replaced
  // marker files go.
  Status FinishMarkerChange(const Status& status, const MarkerFiles& files);
  // An UPDATE's new rows as segments not yet named by the manifest; their
  // paths are added to `written`.
  Result<std::vector<std::shared_ptr<const SegmentReader>>> WriteReplacements(
      const TableSchema& schema, std::span<const DataChunk> rows,
      std::vector<std::string>& written);
  // Publishes `next` and removes the segment files of `dropped` (files that
  // cannot be removed now are left for the next Open, which deletes them).
  // `next_may_be_live` as for InstallVersion.
  Status InstallDroppingSegments(std::shared_ptr<const Version> next,
                                 const std::vector<std::shared_ptr<const SegmentReader>>& dropped,
                                 bool* next_may_be_live = nullptr);

  // Tables whose segments an open block's deletions name (engine_block.cpp):
  // the merge thread leaves them alone until the returned hold is gone.
  std::shared_ptr<const void> HoldMerges(uint32_t table_id);
  bool MergesHeld(uint32_t table_id) const;
  // `segment` as a block that deleted `block` of it sees it: the segment's
  // current markers and the block's; 40001 when another statement has
  // deleted or replaced one of the block's rows since.
  static Result<std::shared_ptr<const SegmentReader>> BlockView(
      const std::shared_ptr<const SegmentReader>& segment, const BlockDeletes::Segment& block,
      const std::string& table);

  // Merges (engine_merge.cpp). Runs one merge the policy chooses in some
  // partition of the table; false when there was nothing to merge.
  // The row cap of a merge of `schema`'s segments: merge_row_cap, lowered
  // so the rows fit merge_memory_bytes.
  uint64_t MergeRowCap(const TableSchema& schema) const;
  Result<bool> MergeOnce(uint32_t table_id);
  // Replaces `inputs` by `outputs` with one manifest switch when every input
  // is still live; otherwise deletes `outputs`. Returns whether it published.
  Result<bool> PublishMerge(const std::vector<std::shared_ptr<const SegmentReader>>& inputs,
                            const std::vector<std::shared_ptr<const SegmentReader>>& outputs);
  // Asks the merge thread to look for work.
  void RequestMerge();
  void MergeLoop();
  void StopMergeThread();

  Status Recover();
  Status DeleteUnnamedFiles(const ManifestData& manifest);
  Status ReplayWal(uint64_t wal_start, uint64_t& max_number);
  Status ApplyWalGroup(std::string_view payload);
  Status CheckChunks(const TableSchema& schema, std::span<const DataChunk> chunks) const;
  // Requires mu_ and no appends in flight: makes a new WAL file the one
  // appends write to. A failed one is first cut back to its last good batch
  // (the failed batch may be partly in it, and replay accepts a torn tail
  // only in the last file), so the new file starts after the last record
  // that was acknowledged.
  Status StartWalFileLocked();
  // Requires mu_, no appends in flight and no frozen memtable.
  Status FreezeLocked();
  // Requires mu_ (held by `lock`) and a freeze request of the caller's, so
  // no append starts: waits until no append is in flight and no memtable is
  // being flushed, then freezes the active memtable if it holds rows.
  Status FreezeWhenIdleLocked(std::unique_lock<std::mutex>& lock);
  // Requires mu_ (held by `lock`): waits until no memtable is frozen. When
  // the flush of the frozen one fails (or had failed), it is tried once more
  // and that attempt's error returned.
  Status WaitForFlushLocked(std::unique_lock<std::mutex>& lock);
  // Requires mu_ (held by `lock`): has the flush thread try the frozen
  // memtable now and waits for that attempt; its error, or OK once nothing
  // is frozen.
  Status RetryFlushLocked(std::unique_lock<std::mutex>& lock);
  // Requires mu_ (held by `lock`): waits until the memtable frozen now is
  // flushed (OK) or a flush attempt numbered above `after` fails (its error).
  Status AwaitFlushAttemptLocked(std::unique_lock<std::mutex>& lock, uint64_t after);
  void FlushLoop();
  // Flushes `memtable` and deletes the WAL files before `wal_end`; on
  // failure removes the segment files it wrote and changes nothing.
  Status FlushFrozen(std::shared_ptr<MemTable> memtable, uint64_t wal_end);
  // Writes the segments of `memtable` (into `written`) and publishes them
  // with one manifest switch that moves the WAL start to `wal_end`.
  Status PublishFlush(const MemTable& memtable, uint64_t wal_end,
                      std::vector<std::shared_ptr<const SegmentReader>>& written,
                      bool& written_may_be_live);
  Status DeleteObsoleteWalFiles(uint64_t wal_start);
  // Adds a bulk load's segment files to the table with one manifest switch;
  // fails when the table was dropped or repartitioned since `loaded_as`.
  // `files_may_be_live` as InstallVersion's `next_may_be_live`.
  Status PublishBulkSegments(const TableSchema& loaded_as,
                             const std::vector<std::shared_ptr<const SegmentReader>>& segments,
                             bool* files_may_be_live);
  // Requires manifest_mu_: writes the manifest for `next`, then publishes it.
  // On failure the current version stays published and its manifest the
  // live one; `*next_may_be_live` is set in the one case where that could
  // not be ensured (see WriteManifestFor), and the files `next` names must
  // then be kept.
  Status InstallVersion(std::shared_ptr<const Version> next, bool* next_may_be_live = nullptr);
  // Requires manifest_mu_: writes the manifest of `next`. When MANIFEST was
  // replaced but its directory fsync failed, writes the current version's
  // manifest back, so the old state stays the live one; if that fails too,
  // sets `*next_may_be_live` (a crash may bring either manifest back).
  Status WriteManifestFor(const Version& next, bool* next_may_be_live);
  std::shared_ptr<const Version> CurrentVersion() const;
  uint64_t AllocateFileNumber() { return next_file_number_.fetch_add(1); }

  const EngineOptions options_;
  const std::string dir_;
  FileSystem& fs_;
  std::unique_ptr<FileLock> lock_;
  std::atomic<uint64_t> next_file_number_{1};

  // Serializes changes of the published version (DDL, flush publication)
  // with their manifest writes. Acquired before mu_, never after.
  std::mutex manifest_mu_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::shared_ptr<const Version> version_;  // guarded by mu_
  std::shared_ptr<MemTable> active_;        // guarded by mu_
  std::shared_ptr<MemTable> frozen_;        // guarded by mu_; being flushed
  uint64_t frozen_wal_end_ = 0;             // guarded by mu_; first WAL file after frozen_
  std::shared_ptr<WalWriter> wal_;          // guarded by mu_
  int appends_in_flight_ = 0;               // guarded by mu_; writing to wal_/active_
  int freeze_requests_ = 0;                 // guarded by mu_; Checkpoint callers waiting
  // Flushes of frozen_: the last attempt's error (cleared by a success),
  // attempts started and finished, and whether a caller wants one now
  // rather than at next_flush_retry_.
  Status flush_error_;                                      // guarded by mu_
  uint64_t flush_attempts_started_ = 0;                     // guarded by mu_
  uint64_t flush_attempts_finished_ = 0;                    // guarded by mu_
  bool flush_retry_requested_ = false;                      // guarded by mu_
  std::chrono::steady_clock::time_point next_flush_retry_;  // guarded by mu_
  bool stopping_ = false;                                   // guarded by mu_
  std::thread flush_thread_;

  // Open blocks' holds per table id; shared with the holds, which may
  // outlive a closing engine.
  struct MergeHolds {
    std::mutex mu;
    std::map<uint32_t, int> tables;
  };
  std::shared_ptr<MergeHolds> merge_holds_ = std::make_shared<MergeHolds>();
  // One merge at a time (the merge thread or CompactTable).
  std::mutex merge_run_mu_;
  std::mutex merge_mu_;
  std::condition_variable merge_cv_;
  bool merge_requested_ = false;  // guarded by merge_mu_
  bool merge_stopping_ = false;   // guarded by merge_mu_
  // Set at shutdown: a merge in progress stops between batches of rows.
  std::atomic<bool> merge_cancel_{false};
  std::thread merge_thread_;
};

}  // namespace sundial::ts
