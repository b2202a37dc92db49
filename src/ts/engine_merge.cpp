// EngineImpl's segment merges: the background merge thread and CompactTable.
// A merge rewrites segments of one partition that the merge policy chooses
// (merge_policy.*) as new files (segment_merge.*) and replaces them with one
// manifest switch, so a scan sees the old segments or the new, never both.

#include <algorithm>

#include "common/logging.h"
#include "ts/engine_impl.h"
#include "ts/merge_policy.h"
#include "ts/segment_merge.h"

namespace sundial::ts {

namespace {

bool Contains(const std::vector<std::shared_ptr<const SegmentReader>>& segments,
              const std::shared_ptr<const SegmentReader>& segment) {
  return std::find(segments.begin(), segments.end(), segment) != segments.end();
}

}  // namespace

Status EngineImpl::CompactTable(uint32_t table_id) {
  if (CurrentVersion()->FindTable(table_id) == nullptr) {
    return Status::Error(ErrorCode::kUndefinedTable,
                         "table with id " + std::to_string(table_id) + " does not exist");
  }
  while (true) {
    ASSIGN_OR_RETURN(bool merged, MergeOnce(table_id));
    if (!merged) return Status::Ok();
  }
}

uint64_t EngineImpl::MergeRowCap(const TableSchema& schema) const {
  // A row in memory: each value's slot and NULL byte, text's bytes guessed.
  constexpr size_t kGuessedTextBytes = 24;
  size_t row_bytes = 0;
  for (const ColumnSchema& column : schema.columns) {
    row_bytes += PhysicalSize(column.type.id) + 1;
    if (HasStringHeap(column.type.id)) row_bytes += kGuessedTextBytes;
  }
  if (row_bytes == 0 || options_.merge_row_cap == 0) return options_.merge_row_cap;
  return std::min<uint64_t>(options_.merge_row_cap,
                            std::max<uint64_t>(1, options_.merge_memory_bytes / row_bytes));
}

Result<bool> EngineImpl::MergeOnce(uint32_t table_id) {
  std::lock_guard run_lock(merge_run_mu_);
  if (MergesHeld(table_id)) return false;
  // Pinned for the whole merge: its readers keep the inputs readable even if
  // a concurrent change removes them (the merge is then abandoned).
  std::shared_ptr<const Version> current = CurrentVersion();
  const TableVersion* table = current->FindTable(table_id);
  if (table == nullptr) return false;
  const uint64_t row_cap = MergeRowCap(table->schema);
  const MergePolicyOptions policy{.row_cap = row_cap,
                                  .has_time = table->schema.time_column.has_value()};
  for (const auto& [start, segments] : table->partitions) {
    std::vector<MergeCandidate> candidates;
    for (const auto& segment : segments) {
      const SegmentMeta& meta = segment->meta();
      candidates.push_back(MergeCandidate{.rows = meta.row_count,
                                          .bytes = meta.file_size,
                                          .time_min = meta.time_min,
                                          .time_max = meta.time_max,
                                          .deleted_rows = meta.deleted_rows});
    }
    std::vector<size_t> chosen = ChooseMerge(candidates, policy);
    if (chosen.empty()) continue;
    std::vector<std::shared_ptr<const SegmentReader>> inputs;
    for (size_t i : chosen)
      inputs.push_back(segments[i]);
    ASSIGN_OR_RETURN(auto outputs, MergeSegments(
                                       fs_, dir_, table->schema, inputs, row_cap,
                                       [this] { return AllocateFileNumber(); }, merge_cancel_));
    RETURN_IF_ERROR(PublishMerge(inputs, outputs).status());
    return true;
  }
  return false;
}

Result<bool> EngineImpl::PublishMerge(
    const std::vector<std::shared_ptr<const SegmentReader>>& inputs,
    const std::vector<std::shared_ptr<const SegmentReader>>& outputs) {
  std::lock_guard manifest_lock(manifest_mu_);
  std::shared_ptr<const Version> current = CurrentVersion();
  const SegmentMeta& first = inputs.front()->meta();
  const TableVersion* table = current->FindTable(first.table_id);
  const std::vector<std::shared_ptr<const SegmentReader>>* listed = nullptr;
  if (table != nullptr) {
    auto it = table->partitions.find(first.partition_start);
    if (it != table->partitions.end()) listed = &it->second;
  }
  // DROP, TRUNCATE, drop_chunks or another merge may have removed an input
  // while this merge ran: publishing would bring its rows back. A DELETE
  // lists a segment it marked as a new reader, so an input read before the
  // marks is no longer listed either.
  // A transaction block that matched rows since the merge began names
  // them by the inputs' positions: the merge gives way (the hold is taken
  // before the block takes manifest_mu_ to match).
  bool live = listed != nullptr && !MergesHeld(first.table_id) &&
              std::all_of(inputs.begin(), inputs.end(),
                          [&](const auto& s) { return Contains(*listed, s); });
  if (!live) {
    Status deleted = DeleteSegmentFiles(fs_, dir_, outputs);
    if (!deleted.ok()) {
      LogWarning("files of an abandoned merge are left for the next start to remove: " +
                 deleted.ToString());
    }
    return false;
  }
  auto changed = std::make_shared<TableVersion>(*table);
  std::vector<std::shared_ptr<const SegmentReader>> kept;
  bool placed = false;
  // The outputs take the place of the first input in scan order.
  for (const auto& segment : *listed) {
    if (!Contains(inputs, segment)) {
      kept.push_back(segment);
      continue;
    }
    changed->segment_rows -= segment->meta().row_count;
    changed->disk_bytes -= segment->meta().file_size;
    if (placed) continue;
    placed = true;
    for (const auto& output : outputs) {
      kept.push_back(output);
      changed->segment_rows += output->meta().row_count;
      changed->disk_bytes += output->meta().file_size;
    }
  }
  if (kept.empty()) {
    changed->partitions.erase(first.partition_start);
  } else {
    changed->partitions[first.partition_start] = std::move(kept);
  }
  auto next = std::make_shared<Version>(*current);
  next->tables[first.table_id] = std::move(changed);
  // When the switch fails the inputs stay live and the outputs are removed,
  // unless the new manifest may have survived it (then the next Open decides
  // by whichever manifest is on disk).
  bool outputs_may_be_live = false;
  Status installed = InstallDroppingSegments(std::move(next), inputs, &outputs_may_be_live);
  if (!installed.ok()) {
    // The publication's error is the one to report; outputs no manifest
    // names that cannot be removed now are deleted by the next Open.
    if (!outputs_may_be_live) DeleteSegmentFiles(fs_, dir_, outputs).IgnoreError();
    return installed;
  }
  return true;
}

void EngineImpl::RequestMerge() {
  if (!options_.background_merge) return;
  {
    std::lock_guard lock(merge_mu_);
    merge_requested_ = true;
  }
  merge_cv_.notify_all();
}

void EngineImpl::MergeLoop() {
  while (true) {
    {
      std::unique_lock lock(merge_mu_);
      merge_cv_.wait(lock, [&] { return merge_stopping_ || merge_requested_; });
      if (merge_stopping_) return;
      merge_requested_ = false;
    }
    std::shared_ptr<const Version> version = CurrentVersion();
    for (const auto& [table_id, table] : version->tables) {
      while (!merge_cancel_.load()) {
        Result<bool> merged = MergeOnce(table_id);
        if (!merged.ok()) {
          // The inputs stay as they are; the next flush asks again.
          if (merged.status().code() != ErrorCode::kQueryCanceled) {
            LogWarning("merging segments of table \"" + table->schema.name +
                       "\" failed: " + merged.status().ToString());
          }
          break;
        }
        if (!*merged) break;
      }
    }
  }
}

void EngineImpl::StopMergeThread() {
  merge_cancel_ = true;
  {
    std::lock_guard lock(merge_mu_);
    merge_stopping_ = true;
  }
  merge_cv_.notify_all();
  if (merge_thread_.joinable()) merge_thread_.join();
}

}  // namespace sundial::ts
