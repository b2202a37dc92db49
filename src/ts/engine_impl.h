#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ts/engine.h"
#include "ts/file_util.h"
#include "ts/memtable.h"
#include "ts/version.h"
#include "ts/wal_writer.h"

namespace sundial::ts {

// The Engine behind Engine::Open. Write path: Append -> WAL (group commit)
// -> active memtable; a full memtable is frozen (a new WAL file starts) and
// the flush thread writes it to segments, publishes them with one manifest
// switch and deletes the WAL files they cover. See README.md.
class EngineImpl final : public Engine {
 public:
  static Result<std::unique_ptr<EngineImpl>> OpenImpl(const EngineOptions& options);
  EngineImpl(EngineOptions options, std::unique_ptr<DirectoryLock> lock);
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
  std::optional<TableSchema> FindTable(const std::string& name) const override;
  std::vector<TableSchema> ListTables() const override;
  Status Append(uint32_t table_id, const std::vector<DataChunk>& chunks) override;
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
  // Publishes `next` and removes the segment files of `dropped` (files that
  // cannot be removed now are left for the next Open, which deletes them).
  Status InstallDroppingSegments(std::shared_ptr<const Version> next,
                                 const std::vector<std::shared_ptr<const SegmentReader>>& dropped);

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
  Status CheckChunks(const TableSchema& schema, const std::vector<DataChunk>& chunks) const;
  // Requires mu_, no appends in flight and no frozen memtable.
  Status FreezeLocked();
  // Requires mu_ (held by `lock`) and a freeze request of the caller's, so
  // no append starts: waits until no append is in flight and no memtable is
  // being flushed, then freezes the active memtable if it holds rows.
  Status FreezeWhenIdleLocked(std::unique_lock<std::mutex>& lock);
  void FlushLoop();
  Status FlushFrozen(std::shared_ptr<MemTable> memtable, uint64_t wal_end);
  Status DeleteObsoleteWalFiles(uint64_t wal_start);
  // Adds a bulk load's segment files to the table with one manifest switch;
  // fails when the table was dropped or repartitioned since `loaded_as`.
  Status PublishBulkSegments(const TableSchema& loaded_as,
                             const std::vector<std::shared_ptr<const SegmentReader>>& segments);
  // Requires manifest_mu_: writes the manifest for `next`, then publishes it.
  Status InstallVersion(std::shared_ptr<const Version> next);
  std::shared_ptr<const Version> CurrentVersion() const;
  uint64_t AllocateFileNumber() { return next_file_number_.fetch_add(1); }

  const EngineOptions options_;
  const std::string dir_;
  std::unique_ptr<DirectoryLock> lock_;
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
  Status background_error_;                 // guarded by mu_; sticky
  bool stopping_ = false;                   // guarded by mu_
  std::thread flush_thread_;

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
