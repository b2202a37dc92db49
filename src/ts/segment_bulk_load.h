#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "ts/engine.h"
#include "ts/segment_reader.h"
#include "ts/table_schema.h"

namespace sundial::ts {

class EngineImpl;

// EngineImpl's bulk load. A background thread stages the added chunks and,
// whenever they reach the memtable flush size, writes them as segment files
// that no manifest names yet (sorted and split by partition as a flush
// does), so memory stays bounded and parsing overlaps with encoding.
// Commit publishes all of them with one manifest switch: that switch is the
// commit point, and a crash before it leaves only unnamed files, which Open
// deletes. A load that never reached the flush size is committed as one
// ordinary Append instead (WAL and memtable), so small loads add no files.
class SegmentBulkLoad final : public BulkLoad {
 public:
  // `engine` must outlive the load.
  SegmentBulkLoad(EngineImpl& engine, TableSchema schema);
  ~SegmentBulkLoad() override;

  Status Add(std::vector<DataChunk> chunks) override;
  Status Commit() override;

 private:
  void Run();
  // On the background thread (or after it was joined).
  Status Stage(std::vector<DataChunk> chunks);
  Status Spill();
  // Stops the background thread once the queue is drained.
  void StopWorker();
  void DiscardWrittenFiles();

  EngineImpl& engine_;
  const TableSchema schema_;
  const size_t spill_bytes_;

  std::mutex mu_;
  std::condition_variable cv_;
  struct Batch {
    std::vector<DataChunk> chunks;
    size_t bytes = 0;
  };
  std::deque<Batch> queue_;  // guarded by mu_
  size_t queued_bytes_ = 0;  // guarded by mu_
  bool closing_ = false;     // guarded by mu_
  Status error_;             // guarded by mu_; first failure, sticky
  std::thread worker_;

  // Owned by the worker while it runs, by the caller after it stopped.
  std::vector<DataChunk> staged_;
  size_t staged_bytes_ = 0;
  std::vector<std::shared_ptr<const SegmentReader>> written_;
  bool committed_ = false;
};

}  // namespace sundial::ts
