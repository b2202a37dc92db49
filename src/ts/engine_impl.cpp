#include "ts/engine_impl.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/logging.h"
#include "ts/block_cache.h"
#include "ts/filenames.h"
#include "ts/flush.h"
#include "ts/manifest.h"
#include "ts/morsel_scan.h"
#include "ts/scanner.h"
#include "ts/segment_bulk_load.h"
#include "ts/segment_merge.h"
#include "ts/wal_group.h"
#include "ts/wal_reader.h"

namespace sundial::ts {

namespace {

bool SamePhysicalType(TypeId a, TypeId b) {
  return a == b || (IsString(a) && IsString(b));
}

std::vector<DataType> ColumnTypes(const TableSchema& schema) {
  std::vector<DataType> types;
  for (const ColumnSchema& c : schema.columns)
    types.push_back(c.type);
  return types;
}

Status UndefinedTable(const std::string& name) {
  return Status::Error(ErrorCode::kUndefinedTable, "relation \"" + name + "\" does not exist");
}

// How long a failed flush waits before the flush thread tries it again
// unprompted (a writer or CHECKPOINT that needs it asks at once).
constexpr std::chrono::seconds kFlushRetryInterval{1};

}  // namespace

Result<std::unique_ptr<Engine>> Engine::Open(const EngineOptions& options) {
  BlockCache::Shared().SetCapacity(options.block_cache_bytes);
  ASSIGN_OR_RETURN(auto engine, EngineImpl::OpenImpl(options));
  return std::unique_ptr<Engine>(std::move(engine));
}

EngineImpl::EngineImpl(EngineOptions options, FileSystem& fs, std::unique_ptr<FileLock> lock)
    : options_(std::move(options)), dir_(options_.data_dir), fs_(fs), lock_(std::move(lock)) {}

Result<std::unique_ptr<EngineImpl>> EngineImpl::OpenImpl(const EngineOptions& options) {
  if (options.data_dir.empty()) {
    return Status::Error(ErrorCode::kInvalidParameterValue, "the data directory is not set");
  }
  FileSystem& fs = options.file_system != nullptr ? *options.file_system : FileSystem::Default();
  Status created = fs.CreateDirectories(options.data_dir);
  if (!created.ok()) {
    return Status::Error(created.code(), "data directory \"" + options.data_dir +
                                             "\" is not usable: " + created.message());
  }
  auto lock = fs.LockFile(LockPath(options.data_dir));
  if (!lock.ok()) {
    if (lock.status().code() == ErrorCode::kObjectNotInPrerequisiteState) {
      return Status::Error(
          ErrorCode::kObjectNotInPrerequisiteState,
          "data directory \"" + options.data_dir + "\" is locked by another Sundial process");
    }
    return Status::Error(lock.status().code(), "data directory \"" + options.data_dir +
                                                   "\" is not usable: " + lock.status().message());
  }
  auto engine = std::make_unique<EngineImpl>(options, fs, std::move(lock).value());
  RETURN_IF_ERROR(engine->Recover());
  engine->flush_thread_ = std::thread([raw = engine.get()] { raw->FlushLoop(); });
  if (options.background_merge) {
    engine->merge_thread_ = std::thread([raw = engine.get()] { raw->MergeLoop(); });
    engine->RequestMerge();
  }
  return engine;
}

EngineImpl::~EngineImpl() {
  StopMergeThread();
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (flush_thread_.joinable()) flush_thread_.join();
  // A failed Append's record may be in the WAL file after the last good
  // batch; cutting it off keeps it from being replayed at the next start.
  // Closing cannot report a failure to anyone; if the cut fails, replay may
  // bring back only a record that had become durable (README, "File system
  // and faults").
  if (wal_ != nullptr && wal_->failed()) {
    fs_.TruncateFile(wal_->path(), wal_->good_end()).IgnoreError();
  }
}

Status EngineImpl::Recover() {
  RETURN_IF_ERROR(fs_.CreateDirectories(WalDirectory(dir_)));
  RETURN_IF_ERROR(fs_.CreateDirectories(TablesDirectory(dir_)));
  ASSIGN_OR_RETURN(std::optional<ManifestData> loaded, ReadManifest(fs_, dir_));
  RETURN_IF_ERROR(fs_.RemoveFile(ManifestTempPath(dir_)));
  ManifestData manifest = loaded ? std::move(*loaded) : ManifestData{};
  if (!loaded) RETURN_IF_ERROR(WriteManifest(fs_, dir_, manifest));
  RETURN_IF_ERROR(DeleteUnnamedFiles(manifest));

  auto version = std::make_shared<Version>();
  version->next_table_id = manifest.next_table_id;
  version->wal_start = manifest.wal_start;
  for (const ManifestData::Table& table : manifest.tables) {
    auto entry = std::make_shared<TableVersion>();
    entry->schema = table.schema;
    for (const SegmentMeta& meta : table.segments) {
      ASSIGN_OR_RETURN(
          auto segment,
          SegmentReader::Open(
              fs_, SegmentPath(dir_, meta.table_id, meta.partition_start, meta.file_number), meta));
      if (meta.markers_file_number != 0) {
        ASSIGN_OR_RETURN(
            auto markers,
            ReadDeleteMarkers(fs_,
                              DeleteMarkersPath(dir_, meta.table_id, meta.partition_start,
                                                meta.markers_file_number),
                              meta.file_number, meta.row_count));
        segment = segment->WithMarkers(std::move(markers), meta.markers_file_number);
      }
      entry->segment_rows += meta.row_count;
      entry->disk_bytes += meta.file_size;
      entry->partitions[meta.partition_start].push_back(std::move(segment));
    }
    version->tables[table.schema.table_id] = std::move(entry);
  }
  version_ = std::move(version);
  active_ = std::make_shared<MemTable>();

  uint64_t max_wal = 0;
  RETURN_IF_ERROR(ReplayWal(manifest.wal_start, max_wal));
  next_file_number_ = std::max(manifest.next_file_number, max_wal + 1);
  std::lock_guard lock(mu_);
  return StartWalFileLocked();
}

Status EngineImpl::DeleteUnnamedFiles(const ManifestData& manifest) {
  std::set<std::string> live;
  std::set<std::string> live_tables;
  for (const ManifestData::Table& table : manifest.tables) {
    live_tables.insert(std::to_string(table.schema.table_id));
    for (const SegmentMeta& m : table.segments) {
      live.insert(SegmentPath(dir_, m.table_id, m.partition_start, m.file_number));
      if (m.markers_file_number != 0) {
        live.insert(DeleteMarkersPath(dir_, m.table_id, m.partition_start, m.markers_file_number));
      }
    }
  }
  std::string tables_dir = TablesDirectory(dir_);
  ASSIGN_OR_RETURN(auto tables, fs_.ListDirectory(tables_dir));
  for (const DirEntry& table : tables) {
    std::string table_path = tables_dir + "/" + table.name;
    if (!table.is_directory || !live_tables.contains(table.name)) {
      RETURN_IF_ERROR(fs_.RemoveTree(table_path));
      continue;
    }
    ASSIGN_OR_RETURN(auto partitions, fs_.ListDirectory(table_path));
    for (const DirEntry& partition : partitions) {
      std::string partition_path = table_path + "/" + partition.name;
      if (!partition.is_directory) {
        RETURN_IF_ERROR(fs_.RemoveFile(partition_path));
        continue;
      }
      ASSIGN_OR_RETURN(auto files, fs_.ListDirectory(partition_path));
      size_t kept = 0;
      for (const DirEntry& file : files) {
        std::string file_path = partition_path + "/" + file.name;
        if (live.contains(file_path)) {
          ++kept;
        } else {
          RETURN_IF_ERROR(fs_.RemoveTree(file_path));
        }
      }
      if (kept == 0) RETURN_IF_ERROR(fs_.RemoveTree(partition_path));
    }
  }
  std::string wal_dir = WalDirectory(dir_);
  ASSIGN_OR_RETURN(auto wal_files, fs_.ListDirectory(wal_dir));
  for (const DirEntry& file : wal_files) {
    std::optional<uint64_t> number = ParseWalFileName(file.name);
    if (!number || *number < manifest.wal_start) {
      RETURN_IF_ERROR(fs_.RemoveTree(wal_dir + "/" + file.name));
    }
  }
  return Status::Ok();
}

Status EngineImpl::ReplayWal(uint64_t wal_start, uint64_t& max_number) {
  ASSIGN_OR_RETURN(auto entries, fs_.ListDirectory(WalDirectory(dir_)));
  std::vector<uint64_t> numbers;
  for (const DirEntry& entry : entries) {
    std::optional<uint64_t> number = ParseWalFileName(entry.name);
    if (number && *number >= wal_start) numbers.push_back(*number);
  }
  std::sort(numbers.begin(), numbers.end());
  for (size_t i = 0; i < numbers.size(); ++i) {
    std::string path = WalPath(dir_, numbers[i]);
    bool is_last = i + 1 == numbers.size();
    WalReadOutcome outcome;
    {
      ASSIGN_OR_RETURN(std::string contents, fs_.ReadWholeFile(path));
      ASSIGN_OR_RETURN(outcome,
                       ReadWalContents(contents, path, is_last,
                                       [this](std::string_view p) { return ApplyWalGroup(p); }));
    }
    if (outcome.torn_tail) RETURN_IF_ERROR(fs_.TruncateFile(path, outcome.valid_end));
    max_number = std::max(max_number, numbers[i]);
  }
  return Status::Ok();
}

Status EngineImpl::ApplyWalGroup(std::string_view payload) {
  ASSIGN_OR_RETURN(WalGroup group, DecodeWalGroup(payload));
  // Every part is checked before any is inserted: a group is applied
  // completely or not at all.
  std::vector<MemTableRows> rows;
  for (const WalTableRows& part : group.tables) {
    const TableVersion* table = version_->FindTable(part.table_id);
    if (table == nullptr) continue;  // the table was dropped after this append
    Status valid = CheckChunks(table->schema, part.chunks);
    if (!valid.ok()) {
      return Status::Error(
          ErrorCode::kCorruption,
          "WAL group does not match table \"" + table->schema.name + "\": " + valid.message());
    }
    rows.push_back(MemTableRows{
        .table_id = part.table_id, .types = ColumnTypes(table->schema), .chunks = part.chunks});
  }
  active_->Insert(rows);
  return Status::Ok();
}

Status EngineImpl::CheckChunks(const TableSchema& schema, std::span<const DataChunk> chunks) const {
  for (const DataChunk& chunk : chunks) {
    if (chunk.columns.size() != schema.columns.size()) {
      return Status::Error(ErrorCode::kInternal, "append to \"" + schema.name + "\" has " +
                                                     std::to_string(chunk.columns.size()) +
                                                     " columns, the table has " +
                                                     std::to_string(schema.columns.size()));
    }
    for (size_t c = 0; c < chunk.columns.size(); ++c) {
      const ColumnVector& column = chunk.columns[c];
      if (!SamePhysicalType(column.type().id, schema.columns[c].type.id)) {
        return Status::Error(ErrorCode::kDatatypeMismatch,
                             "column \"" + schema.columns[c].name + "\" is of type " +
                                 TypeName(schema.columns[c].type) +
                                 " but the appended values are " + TypeName(column.type()));
      }
      if (column.size() != chunk.size()) {
        return Status::Error(ErrorCode::kInternal, "appended chunk has columns of unequal length");
      }
    }
    if (schema.time_column && chunk.columns[*schema.time_column].MayHaveNulls()) {
      const ColumnVector& time = chunk.columns[*schema.time_column];
      for (size_t r = 0; r < chunk.size(); ++r) {
        if (time.IsNull(r)) {
          return Status::Error(ErrorCode::kNotNullViolation,
                               "null value in column \"" +
                                   schema.columns[*schema.time_column].name + "\" of relation \"" +
                                   schema.name + "\" violates not-null constraint");
        }
      }
    }
  }
  return Status::Ok();
}

std::shared_ptr<const Version> EngineImpl::CurrentVersion() const {
  std::lock_guard lock(mu_);
  return version_;
}

Status EngineImpl::InstallVersion(std::shared_ptr<const Version> next, bool* next_may_be_live) {
  RETURN_IF_ERROR(WriteManifestFor(*next, next_may_be_live));
  std::lock_guard lock(mu_);
  version_ = std::move(next);
  return Status::Ok();
}

Status EngineImpl::WriteManifestFor(const Version& next, bool* next_may_be_live) {
  bool renamed = false;
  Status status = WriteManifest(fs_, dir_, next.ToManifest(next_file_number_.load()), &renamed);
  if (status.ok() || !renamed) return status;
  Status restored =
      WriteManifest(fs_, dir_, CurrentVersion()->ToManifest(next_file_number_.load()));
  if (!restored.ok()) {
    LogWarning("the manifest switch failed and the previous manifest could not be written back: " +
               restored.ToString());
    if (next_may_be_live != nullptr) *next_may_be_live = true;
  }
  return status;
}

Result<TableSchema> EngineImpl::CreateTable(TableSchema schema) {
  if (schema.name.empty()) {
    return Status::Error(ErrorCode::kInvalidTableDefinition, "a table needs a name");
  }
  std::set<std::string> names;
  for (const ColumnSchema& c : schema.columns) {
    if (!names.insert(c.name).second) {
      return Status::Error(ErrorCode::kDuplicateColumn,
                           "column \"" + c.name + "\" specified more than once");
    }
    if (c.type.id == TypeId::kUnknown) {
      return Status::Error(ErrorCode::kInvalidTableDefinition,
                           "column \"" + c.name + "\" has no type");
    }
  }
  if (schema.time_column) {
    int t = *schema.time_column;
    if (t < 0 || t >= static_cast<int>(schema.columns.size()) ||
        !(IsTimestamp(schema.columns[t].type.id) || schema.columns[t].type.id == TypeId::kDate)) {
      return Status::Error(ErrorCode::kInvalidTableDefinition,
                           "the partitioning column of a hypertable must be a timestamp or date");
    }
    if (schema.partition_interval_micros <= 0) {
      return Status::Error(ErrorCode::kInvalidParameterValue,
                           "chunk_time_interval must be positive");
    }
  }
  std::lock_guard manifest_lock(manifest_mu_);
  std::shared_ptr<const Version> current = CurrentVersion();
  if (current->FindTable(schema.name) != nullptr) {
    return Status::Error(ErrorCode::kDuplicateTable,
                         "relation \"" + schema.name + "\" already exists");
  }
  auto next = std::make_shared<Version>(*current);
  schema.table_id = next->next_table_id++;
  for (size_t c = 0; c < schema.columns.size(); ++c) {
    schema.columns[c].column_id = static_cast<uint32_t>(c);
    schema.columns[c].missing_value.reset();  // a new table has no older rows
  }
  schema.next_column_id = static_cast<uint32_t>(schema.columns.size());
  RETURN_IF_ERROR(CheckSegmentOrder(schema));
  auto table = std::make_shared<TableVersion>();
  table->schema = schema;
  next->tables[schema.table_id] = std::move(table);
  RETURN_IF_ERROR(InstallVersion(std::move(next)));
  return schema;
}

Status EngineImpl::DropTable(const std::string& name) {
  std::lock_guard manifest_lock(manifest_mu_);
  std::shared_ptr<const Version> current = CurrentVersion();
  const TableVersion* table = current->FindTable(name);
  if (table == nullptr) return UndefinedTable(name);
  uint32_t table_id = table->schema.table_id;
  auto next = std::make_shared<Version>(*current);
  next->tables.erase(table_id);
  RETURN_IF_ERROR(InstallVersion(std::move(next)));
  // The drop is committed by the manifest switch above. Scans that pinned the
  // old version keep reading through their open files. Files that cannot be
  // removed now (a bulk load may still be writing into the directory) are not
  // named by the manifest, so the next Open deletes them.
  Status removed = fs_.RemoveTree(TableDirectory(dir_, table_id));
  if (!removed.ok()) {
    LogWarning("files of dropped table \"" + name +
               "\" are left for the next start to remove: " + removed.ToString());
  }
  return Status::Ok();
}

Result<TableSchema> EngineImpl::MakeHypertable(const std::string& name, int time_column,
                                               int64_t partition_interval_micros) {
  std::lock_guard manifest_lock(manifest_mu_);
  // An Append in flight validated its rows against the ordinary table (NULL
  // allowed in the future time column); it must finish before the emptiness
  // check, and new ones wait until the switch is published.
  {
    std::unique_lock lock(mu_);
    ++freeze_requests_;
    cv_.wait(lock, [&] { return appends_in_flight_ == 0; });
  }
  Result<TableSchema> result = SwitchToHypertable(name, time_column, partition_interval_micros);
  {
    std::lock_guard lock(mu_);
    --freeze_requests_;
  }
  cv_.notify_all();
  return result;
}

Result<TableSchema> EngineImpl::SwitchToHypertable(const std::string& name, int time_column,
                                                   int64_t partition_interval_micros) {
  std::shared_ptr<const Version> current;
  uint64_t memtable_rows = 0;
  {
    std::lock_guard lock(mu_);
    current = version_;
    const TableVersion* table = current->FindTable(name);
    if (table == nullptr) return UndefinedTable(name);
    memtable_rows = active_->RowCount(table->schema.table_id) +
                    (frozen_ ? frozen_->RowCount(table->schema.table_id) : 0);
  }
  const TableVersion* table = current->FindTable(name);
  if (table->schema.is_hypertable()) {
    return Status::Error(ErrorCode::kObjectNotInPrerequisiteState,
                         "table \"" + name + "\" is already a hypertable");
  }
  if (time_column < 0 || time_column >= static_cast<int>(table->schema.columns.size())) {
    return Status::Error(ErrorCode::kUndefinedColumn,
                         "time column of \"" + name + "\" does not exist");
  }
  TypeId type = table->schema.columns[time_column].type.id;
  if (!IsTimestamp(type) && type != TypeId::kDate) {
    return Status::Error(ErrorCode::kInvalidTableDefinition,
                         "column \"" + table->schema.columns[time_column].name +
                             "\" must be a timestamp or date to partition by time");
  }
  if (partition_interval_micros <= 0) {
    return Status::Error(ErrorCode::kInvalidParameterValue, "chunk_time_interval must be positive");
  }
  if (table->segment_rows + memtable_rows > 0) {
    return Status::Error(ErrorCode::kObjectNotInPrerequisiteState,
                         "table \"" + name + "\" is not empty");
  }
  auto next = std::make_shared<Version>(*current);
  auto changed = std::make_shared<TableVersion>(*table);
  changed->schema.time_column = time_column;
  changed->schema.partition_interval_micros = partition_interval_micros;
  TableSchema schema = changed->schema;
  next->tables[schema.table_id] = std::move(changed);
  RETURN_IF_ERROR(InstallVersion(std::move(next)));
  return schema;
}

std::optional<TableSchema> EngineImpl::FindTable(const std::string& name) const {
  std::shared_ptr<const Version> current = CurrentVersion();
  const TableVersion* table = current->FindTable(name);
  if (table == nullptr) return std::nullopt;
  return table->schema;
}

std::vector<TableSchema> EngineImpl::ListTables() const {
  std::shared_ptr<const Version> current = CurrentVersion();
  std::vector<TableSchema> schemas;
  for (const auto& [id, table] : current->tables)
    schemas.push_back(table->schema);
  return schemas;
}

Status EngineImpl::AppendTables(const std::vector<TableAppend>& tables) {
  std::shared_ptr<const Version> current = CurrentVersion();
  // The parts holding rows, and the schemas they were checked against
  // (owned by `current`).
  std::vector<TableAppend> parts;
  std::vector<const TableSchema*> checked_against;
  for (const TableAppend& append : tables) {
    const TableVersion* table = current->FindTable(append.table_id);
    if (table == nullptr) {
      return Status::Error(ErrorCode::kUndefinedTable,
                           "table with id " + std::to_string(append.table_id) + " does not exist");
    }
    RETURN_IF_ERROR(CheckChunks(table->schema, append.chunks));
    size_t rows = 0;
    for (const DataChunk& chunk : append.chunks)
      rows += chunk.size();
    if (rows == 0) continue;
    parts.push_back(append);
    checked_against.push_back(&table->schema);
  }
  if (parts.empty()) return Status::Ok();

  // One group for every table: the WAL applies it on replay completely or
  // not at all, so the call is atomic across tables after a crash.
  std::string framed = EncodeFramedWalGroup(parts);

  std::shared_ptr<WalWriter> wal;
  std::shared_ptr<MemTable> memtable;
  {
    std::unique_lock lock(mu_);
    while (true) {
      if (freeze_requests_ > 0) {
        cv_.wait(lock);
        continue;
      }
      bool full = active_->bytes() >= options_.memtable_flush_bytes;
      bool wal_failed = wal_->failed();
      if (!full && !wal_failed) break;
      if (appends_in_flight_ == 0) {
        if (full && frozen_ == nullptr) {
          RETURN_IF_ERROR(FreezeLocked());
          continue;
        }
        if (wal_failed) {
          RETURN_IF_ERROR(StartWalFileLocked());
          continue;
        }
      }
      // Backpressure: while the previous memtable is still being flushed,
      // writers wait for it instead of growing memory without bound; when
      // its flush failed (a full disk), they fail rather than wait forever.
      if (full && frozen_ != nullptr && !flush_error_.ok()) {
        RETURN_IF_ERROR(RetryFlushLocked(lock));
        continue;
      }
      cv_.wait(lock);
    }
    // The rows were checked against `current`'s schemas; a table dropped,
    // repartitioned or altered meanwhile must not receive them (the WAL
    // holds no group shaped by an older schema), and then no other table of
    // the call receives its rows either.
    for (const TableSchema* schema : checked_against) {
      const TableVersion* now = version_->FindTable(schema->table_id);
      if (now == nullptr || !now->schema.SameLayout(*schema)) {
        return Status::Error(ErrorCode::kObjectNotInPrerequisiteState,
                             "table \"" + schema->name +
                                 "\" was dropped, repartitioned or altered while rows were "
                                 "appended to it");
      }
    }
    ++appends_in_flight_;
    wal = wal_;
    memtable = active_;
  }
  // A failed write leaves the rows out of the memtable: they are not
  // acknowledged, and the next Append starts a new WAL file.
  Status status = wal->AddGroup(std::move(framed));
  if (status.ok()) {
    std::vector<MemTableRows> rows;
    for (size_t i = 0; i < parts.size(); ++i) {
      rows.push_back(MemTableRows{.table_id = parts[i].table_id,
                                  .types = ColumnTypes(*checked_against[i]),
                                  .chunks = parts[i].chunks});
    }
    memtable->Insert(rows);
  }
  {
    std::lock_guard lock(mu_);
    --appends_in_flight_;
  }
  cv_.notify_all();
  return status;
}

Status EngineImpl::StartWalFileLocked() {
  if (wal_ != nullptr && wal_->failed()) {
    RETURN_IF_ERROR(fs_.TruncateFile(wal_->path(), wal_->good_end()));
  }
  uint64_t number = AllocateFileNumber();
  ASSIGN_OR_RETURN(auto wal,
                   WalWriter::Create(fs_, WalPath(dir_, number), number, options_.sync_wal));
  wal_ = std::move(wal);
  return Status::Ok();
}

Status EngineImpl::FreezeLocked() {
  RETURN_IF_ERROR(StartWalFileLocked());
  frozen_ = std::move(active_);
  frozen_wal_end_ = wal_->number();
  active_ = std::make_shared<MemTable>();
  cv_.notify_all();
  return Status::Ok();
}

void EngineImpl::FlushLoop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    bool due = frozen_ != nullptr && (flush_error_.ok() || flush_retry_requested_ ||
                                      std::chrono::steady_clock::now() >= next_flush_retry_);
    if (due) {
      flush_retry_requested_ = false;
      ++flush_attempts_started_;
      std::shared_ptr<MemTable> memtable = frozen_;
      uint64_t wal_end = frozen_wal_end_;
      lock.unlock();
      Status status = FlushFrozen(std::move(memtable), wal_end);
      lock.lock();
      // The frozen memtable stays readable and its WAL files stay; the flush
      // is tried again later, so a full disk does not stop the store for good.
      if (!status.ok()) {
        LogWarning("flushing the memtable failed; it is retried: " + status.ToString());
        next_flush_retry_ = std::chrono::steady_clock::now() + kFlushRetryInterval;
      }
      flush_error_ = status;
      ++flush_attempts_finished_;
      cv_.notify_all();
      continue;
    }
    if (frozen_ != nullptr) {
      cv_.wait_until(lock, next_flush_retry_);
    } else {
      cv_.wait(lock);
    }
  }
}

Status EngineImpl::RetryFlushLocked(std::unique_lock<std::mutex>& lock) {
  flush_retry_requested_ = true;
  cv_.notify_all();
  // An attempt already running may have started before the fault cleared:
  // wait for one that starts after this request.
  return AwaitFlushAttemptLocked(lock, flush_attempts_started_);
}

Status EngineImpl::WaitForFlushLocked(std::unique_lock<std::mutex>& lock) {
  if (frozen_ == nullptr) return Status::Ok();
  if (!flush_error_.ok()) return RetryFlushLocked(lock);
  return AwaitFlushAttemptLocked(lock, flush_attempts_finished_);
}

Status EngineImpl::AwaitFlushAttemptLocked(std::unique_lock<std::mutex>& lock, uint64_t after) {
  // Held so that a memtable frozen after this one was flushed is not taken
  // for it. The attempt that flushed an earlier memtable may be counted as
  // finished only after this one was frozen; it succeeded, so only a failed
  // attempt ends the wait.
  std::shared_ptr<MemTable> target = frozen_;
  if (target == nullptr) return Status::Ok();
  cv_.wait(lock, [&] {
    return frozen_ != target || (flush_attempts_finished_ > after && !flush_error_.ok()) ||
           stopping_;
  });
  if (frozen_ != target) return Status::Ok();
  if (!flush_error_.ok()) return flush_error_;
  return Status::Error(ErrorCode::kObjectNotInPrerequisiteState, "the store is shutting down");
}

Status EngineImpl::FlushFrozen(std::shared_ptr<MemTable> memtable, uint64_t wal_end) {
  std::vector<std::shared_ptr<const SegmentReader>> written;
  bool written_may_be_live = false;
  Status status = PublishFlush(*memtable, wal_end, written, written_may_be_live);
  if (!status.ok()) {
    // Named by no manifest (unless a failed switch may have left the new one
    // in place): removing them now gives the space back for the retry.
    if (!written_may_be_live) DeleteSegmentFiles(fs_, dir_, written).IgnoreError();
    return status;
  }
  // The flush is published. WAL files it made obsolete precede the manifest's
  // WAL start, so recovery skips them and the next start deletes them: failing
  // to delete them now must not stop later writes.
  Status deleted = DeleteObsoleteWalFiles(wal_end);
  if (!deleted.ok()) {
    LogWarning("obsolete WAL files are left for the next start to remove: " + deleted.ToString());
  }
  RequestMerge();
  return Status::Ok();
}

Status EngineImpl::PublishFlush(const MemTable& memtable, uint64_t wal_end,
                                std::vector<std::shared_ptr<const SegmentReader>>& written,
                                bool& written_may_be_live) {
  std::shared_ptr<const Version> schemas = CurrentVersion();
  for (uint32_t table_id : memtable.TableIds()) {
    const TableVersion* table = schemas->FindTable(table_id);
    if (table == nullptr) continue;  // dropped; its WAL groups die with the WAL files
    ASSIGN_OR_RETURN(auto segments,
                     WriteTableSegments(fs_, dir_, table->schema, memtable.Snapshot(table_id),
                                        [this] { return AllocateFileNumber(); }));
    for (auto& segment : segments)
      written.push_back(std::move(segment));
  }
  {
    std::lock_guard manifest_lock(manifest_mu_);
    auto next = std::make_shared<Version>(*CurrentVersion());
    std::vector<std::string> orphans;
    for (auto& segment : written) {
      const SegmentMeta& meta = segment->meta();
      auto it = next->tables.find(meta.table_id);
      if (it == next->tables.end()) {
        orphans.push_back(SegmentPath(dir_, meta.table_id, meta.partition_start, meta.file_number));
        continue;
      }
      it->second = it->second->WithSegment(segment);
    }
    next->wal_start = wal_end;
    RETURN_IF_ERROR(WriteManifestFor(*next, &written_may_be_live));
    {
      std::lock_guard lock(mu_);
      version_ = std::move(next);
      frozen_ = nullptr;
    }
    cv_.notify_all();
    for (const std::string& path : orphans) {
      Status removed = fs_.RemoveFile(path);
      if (!removed.ok()) {
        LogWarning("a segment of a dropped table is left for the next start to remove: " +
                   removed.ToString());
      }
    }
  }
  return Status::Ok();
}

Status EngineImpl::DeleteObsoleteWalFiles(uint64_t wal_start) {
  ASSIGN_OR_RETURN(auto entries, fs_.ListDirectory(WalDirectory(dir_)));
  for (const DirEntry& entry : entries) {
    std::optional<uint64_t> number = ParseWalFileName(entry.name);
    if (number && *number < wal_start) RETURN_IF_ERROR(fs_.RemoveFile(WalPath(dir_, *number)));
  }
  return Status::Ok();
}

Result<std::unique_ptr<BulkLoad>> EngineImpl::BeginBulkLoad(uint32_t table_id) {
  std::shared_ptr<const Version> current = CurrentVersion();
  const TableVersion* table = current->FindTable(table_id);
  if (table == nullptr) {
    return Status::Error(ErrorCode::kUndefinedTable,
                         "table with id " + std::to_string(table_id) + " does not exist");
  }
  return std::unique_ptr<BulkLoad>(std::make_unique<SegmentBulkLoad>(*this, table->schema));
}

Status EngineImpl::PublishBulkSegments(
    const TableSchema& loaded_as, const std::vector<std::shared_ptr<const SegmentReader>>& segments,
    bool* files_may_be_live) {
  std::lock_guard manifest_lock(manifest_mu_);
  std::shared_ptr<const Version> current;
  {
    std::lock_guard lock(mu_);
    current = version_;
  }
  const TableVersion* table = current->FindTable(loaded_as.table_id);
  if (table == nullptr) return UndefinedTable(loaded_as.name);
  if (table->schema.time_column != loaded_as.time_column ||
      table->schema.partition_interval_micros != loaded_as.partition_interval_micros) {
    return Status::Error(ErrorCode::kObjectNotInPrerequisiteState,
                         "table \"" + loaded_as.name + "\" was repartitioned during the load");
  }
  auto next = std::make_shared<Version>(*current);
  auto changed = std::make_shared<TableVersion>(*table);
  for (const auto& segment : segments) {
    changed->segment_rows += segment->meta().row_count;
    changed->disk_bytes += segment->meta().file_size;
    changed->partitions[segment->meta().partition_start].push_back(segment);
  }
  next->tables[loaded_as.table_id] = std::move(changed);
  RETURN_IF_ERROR(InstallVersion(std::move(next), files_may_be_live));
  RequestMerge();
  return Status::Ok();
}

Result<EngineImpl::PinnedTable> EngineImpl::Pin(const ScanSpec& spec) {
  PinnedTable pinned;
  {
    std::lock_guard lock(mu_);
    auto it = version_->tables.find(spec.table_id);
    if (it == version_->tables.end()) {
      return Status::Error(ErrorCode::kUndefinedTable,
                           "table with id " + std::to_string(spec.table_id) + " does not exist");
    }
    pinned.table = it->second;
    if (frozen_) pinned.memtable_rows = frozen_->Snapshot(spec.table_id);
    std::vector<MemRun> active = active_->Snapshot(spec.table_id);
    pinned.memtable_rows.insert(pinned.memtable_rows.end(), active.begin(), active.end());
  }
  if (spec.block_deletes != nullptr && spec.block_deletes->table_id == spec.table_id &&
      !spec.block_deletes->segments.empty()) {
    // The reading block's own deletions: its segments with the block's markers.
    auto seen = std::make_shared<TableVersion>(*pinned.table);
    for (auto& [start, segments] : seen->partitions) {
      for (auto& segment : segments) {
        auto entry = spec.block_deletes->segments.find(segment->meta().file_number);
        if (entry == spec.block_deletes->segments.end()) continue;
        ASSIGN_OR_RETURN(segment, BlockView(segment, entry->second, seen->schema.name));
      }
    }
    pinned.table = std::move(seen);
  }
  const TableSchema& schema = pinned.table->schema;
  for (const DataChunk& chunk : spec.uncommitted_rows) {
    if (chunk.columns.size() != schema.columns.size() || chunk.size() > kMemBlockRows) {
      return Status::Error(ErrorCode::kInternal,
                           "uncommitted rows of \"" + schema.name + "\" do not fit its schema");
    }
    pinned.memtable_rows.push_back(
        MemRun{.block = std::make_shared<const MemBlock>(chunk), .rows = chunk.size()});
  }
  for (int c : spec.columns) {
    if (c < 0 || c >= static_cast<int>(schema.columns.size())) {
      return Status::Error(ErrorCode::kUndefinedColumn, "column " + std::to_string(c) + " of \"" +
                                                            schema.name + "\" does not exist");
    }
  }
  return pinned;
}

Result<std::unique_ptr<TableScanner>> EngineImpl::Scan(const ScanSpec& spec) {
  ASSIGN_OR_RETURN(PinnedTable pinned, Pin(spec));
  return std::unique_ptr<TableScanner>(std::make_unique<SegmentTableScanner>(
      std::move(pinned.table), spec, std::move(pinned.memtable_rows)));
}

Result<std::shared_ptr<const MorselScan>> EngineImpl::ScanMorsels(const ScanSpec& spec) {
  ASSIGN_OR_RETURN(PinnedTable pinned, Pin(spec));
  return MakeSnapshotMorselScan(std::move(pinned.table), spec, std::move(pinned.memtable_rows));
}

Result<Engine::TableStats> EngineImpl::Stats(uint32_t table_id) const {
  std::lock_guard lock(mu_);
  const TableVersion* table = version_->FindTable(table_id);
  if (table == nullptr) {
    return Status::Error(ErrorCode::kUndefinedTable,
                         "table with id " + std::to_string(table_id) + " does not exist");
  }
  uint64_t rows =
      table->LiveRows() + active_->RowCount(table_id) + (frozen_ ? frozen_->RowCount(table_id) : 0);
  return TableStats{.row_count = rows, .disk_bytes = table->disk_bytes};
}

Status EngineImpl::FreezeWhenIdleLocked(std::unique_lock<std::mutex>& lock) {
  cv_.wait(lock, [&] { return appends_in_flight_ == 0; });
  // Appends stay held back while this waits, so none is in flight after it.
  RETURN_IF_ERROR(WaitForFlushLocked(lock));
  if (!active_->empty()) return FreezeLocked();
  return Status::Ok();
}

Status EngineImpl::Checkpoint() {
  std::unique_lock lock(mu_);
  ++freeze_requests_;
  Status status = FreezeWhenIdleLocked(lock);
  --freeze_requests_;
  cv_.notify_all();
  RETURN_IF_ERROR(status);
  RETURN_IF_ERROR(WaitForFlushLocked(lock));
  lock.unlock();
  // A checkpoint leaves the store at rest: the merges the new segments call
  // for are done before it returns, so what follows does not share the
  // machine with them (only when merges run at all).
  if (!options_.background_merge) return Status::Ok();
  std::vector<uint32_t> table_ids;
  for (const auto& [id, table] : CurrentVersion()->tables)
    table_ids.push_back(id);
  for (uint32_t id : table_ids)
    RETURN_IF_ERROR(CompactTable(id));
  return Status::Ok();
}

}  // namespace sundial::ts
