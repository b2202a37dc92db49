#include "ts/segment_bulk_load.h"

#include "common/logging.h"
#include "ts/engine_impl.h"
#include "ts/filenames.h"
#include "ts/flush.h"
#include "ts/memtable.h"

namespace sundial::ts {

namespace {

size_t ChunkBytes(const DataChunk& chunk) {
  size_t bytes = 0;
  for (const ColumnVector& column : chunk.columns) {
    bytes += chunk.size() * (PhysicalSize(column.type().id) + 1);
    if (column.heap()) bytes += column.heap()->bytes_used();
  }
  return bytes;
}

// Blocks that share the chunks' buffers; a chunk longer than a block (only
// from callers other than COPY) is copied into block-sized pieces.
std::vector<MemRun> ShareAsRuns(const std::vector<DataChunk>& chunks) {
  std::vector<MemRun> runs;
  for (const DataChunk& chunk : chunks) {
    size_t rows = chunk.size();
    if (rows <= kMemBlockRows) {
      runs.push_back(MemRun{.block = std::make_shared<const MemBlock>(chunk), .rows = rows});
      continue;
    }
    std::vector<DataType> types;
    for (const ColumnVector& column : chunk.columns)
      types.push_back(column.type());
    for (size_t begin = 0; begin < rows; begin += kMemBlockRows) {
      size_t n = std::min(kMemBlockRows, rows - begin);
      DataChunk piece = DataChunk::Make(types, n);
      for (size_t c = 0; c < types.size(); ++c) {
        for (size_t r = 0; r < n; ++r)
          piece.columns[c].AppendFrom(chunk.columns[c], begin + r);
      }
      runs.push_back(MemRun{.block = std::make_shared<const MemBlock>(piece), .rows = n});
    }
  }
  return runs;
}

}  // namespace

SegmentBulkLoad::SegmentBulkLoad(EngineImpl& engine, TableSchema schema)
    : engine_(engine),
      schema_(std::move(schema)),
      spill_bytes_(std::max<size_t>(1, engine.options_.memtable_flush_bytes)) {
  worker_ = std::thread([this] { Run(); });
}

SegmentBulkLoad::~SegmentBulkLoad() {
  StopWorker();
  if (!committed_) DiscardWrittenFiles();
}

Status SegmentBulkLoad::Add(std::vector<DataChunk> chunks) {
  RETURN_IF_ERROR(engine_.CheckChunks(schema_, chunks));
  size_t bytes = 0;
  for (const DataChunk& chunk : chunks)
    bytes += ChunkBytes(chunk);
  std::unique_lock lock(mu_);
  if (closing_) {
    return Status::Error(ErrorCode::kObjectNotInPrerequisiteState, "the bulk load has ended");
  }
  // Backpressure: the parser may run ahead of the writer by one spill's worth.
  cv_.wait(lock, [&] { return !error_.ok() || queued_bytes_ < spill_bytes_; });
  RETURN_IF_ERROR(error_);
  queue_.push_back(Batch{.chunks = std::move(chunks), .bytes = bytes});
  queued_bytes_ += bytes;
  cv_.notify_all();
  return Status::Ok();
}

void SegmentBulkLoad::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return !queue_.empty() || closing_; });
    if (queue_.empty()) return;
    Batch batch = std::move(queue_.front());
    queue_.pop_front();
    bool failed = !error_.ok();
    lock.unlock();
    // After a failure the rest is only dropped, which frees its memory.
    Status status = failed ? Status::Ok() : Stage(std::move(batch.chunks));
    lock.lock();
    queued_bytes_ -= batch.bytes;
    if (!status.ok() && error_.ok()) error_ = status;
    cv_.notify_all();
  }
}

Status SegmentBulkLoad::Stage(std::vector<DataChunk> chunks) {
  for (DataChunk& chunk : chunks) {
    if (chunk.size() == 0) continue;
    staged_bytes_ += ChunkBytes(chunk);
    staged_.push_back(std::move(chunk));
  }
  if (staged_bytes_ >= spill_bytes_) return Spill();
  return Status::Ok();
}

Status SegmentBulkLoad::Spill() {
  if (staged_.empty()) return Status::Ok();
  std::vector<MemRun> runs = ShareAsRuns(staged_);
  staged_.clear();
  staged_bytes_ = 0;
  ASSIGN_OR_RETURN(auto segments,
                   WriteTableSegments(engine_.fs_, engine_.dir_, schema_, runs,
                                      [this] { return engine_.AllocateFileNumber(); }));
  for (auto& segment : segments)
    written_.push_back(std::move(segment));
  return Status::Ok();
}

void SegmentBulkLoad::StopWorker() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

Status SegmentBulkLoad::Commit() {
  if (committed_) {
    return Status::Error(ErrorCode::kObjectNotInPrerequisiteState,
                         "the bulk load was already committed");
  }
  StopWorker();
  {
    std::lock_guard lock(mu_);
    RETURN_IF_ERROR(error_);
  }
  if (written_.empty()) {
    // Small enough to stay in memory: the ordinary, WAL-logged path.
    RETURN_IF_ERROR(engine_.Append(schema_.table_id, staged_));
    staged_.clear();
    committed_ = true;
    return Status::Ok();
  }
  RETURN_IF_ERROR(Spill());
  bool files_may_be_live = false;
  Status published = engine_.PublishBulkSegments(schema_, written_, &files_may_be_live);
  // A manifest naming the files may have survived the failed switch: they
  // are left for the next Open, which keeps them only if it does.
  if (files_may_be_live) written_.clear();
  RETURN_IF_ERROR(published);
  committed_ = true;
  return Status::Ok();
}

void SegmentBulkLoad::DiscardWrittenFiles() {
  for (const auto& segment : written_) {
    const SegmentMeta& meta = segment->meta();
    Status removed = engine_.fs_.RemoveFile(
        SegmentPath(engine_.dir_, meta.table_id, meta.partition_start, meta.file_number));
    // Nobody is left to tell (an abandoned load): a file that survives is
    // named by no manifest and the next Open deletes it.
    if (!removed.ok()) {
      LogWarning("an abandoned bulk load left a segment file for the next start to remove: " +
                 removed.ToString());
    }
  }
  written_.clear();
}

}  // namespace sundial::ts
