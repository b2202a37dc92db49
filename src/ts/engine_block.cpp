// DELETE and UPDATE inside a transaction block (README "Changes in a
// transaction block"): the rows a statement removes are found at once and
// kept as the block's delete markers per segment, which only the block's
// own scans apply; COMMIT writes those markers and the block's new rows as
// segments and publishes both with one manifest switch. The segments stay
// unmerged meanwhile, so the markers keep naming the right rows.

#include <set>

#include "common/logging.h"
#include "ts/engine_impl.h"
#include "ts/filenames.h"
#include "ts/scanner.h"

namespace sundial::ts {
namespace {

// One block's hold on a table's segments; releasing it lets merges resume.
template <typename Holds>
class MergeHold {
 public:
  MergeHold(std::shared_ptr<Holds> holds, uint32_t table_id)
      : holds_(std::move(holds)), table_id_(table_id) {
    std::lock_guard lock(holds_->mu);
    ++holds_->tables[table_id_];
  }
  ~MergeHold() {
    std::lock_guard lock(holds_->mu);
    if (--holds_->tables[table_id_] == 0) holds_->tables.erase(table_id_);
  }
  MergeHold(const MergeHold&) = delete;
  MergeHold& operator=(const MergeHold&) = delete;

 private:
  std::shared_ptr<Holds> holds_;
  uint32_t table_id_;
};

Status ConcurrentChange(const std::string& table, const std::string& what) {
  return Status::Error(ErrorCode::kSerializationFailure,
                       "could not serialize access due to concurrent update")
      .WithDetail("Rows of \"" + table + "\" this transaction deleted or updated were " + what +
                  " by another statement since.");
}

}  // namespace

std::shared_ptr<const void> EngineImpl::HoldMerges(uint32_t table_id) {
  return std::make_shared<const MergeHold<MergeHolds>>(merge_holds_, table_id);
}

Result<std::shared_ptr<const SegmentReader>> EngineImpl::BlockView(
    const std::shared_ptr<const SegmentReader>& segment, const BlockDeletes::Segment& block,
    const std::string& table) {
  const DeleteMarkers* current = segment->markers();
  if (current == nullptr) return segment->WithMarkers(block.rows, 0);
  // Showing the other statement's version beside the block's own would
  // show a row twice; the block cannot commit anyway.
  if (current->Intersects(*block.rows)) return ConcurrentChange(table, "deleted or updated");
  auto both = std::make_shared<DeleteMarkers>(*block.rows);
  both->AddAll(*current);
  return segment->WithMarkers(std::move(both), segment->meta().markers_file_number);
}

bool EngineImpl::MergesHeld(uint32_t table_id) const {
  std::lock_guard lock(merge_holds_->mu);
  return merge_holds_->tables.contains(table_id);
}

Result<uint64_t> EngineImpl::MatchRowsInBlock(const ScanSpec& candidates,
                                              const RowReplacer& replacer, BlockDeletes& deletes,
                                              std::vector<DataChunk>& replacements) {
  if (!candidates.uncommitted_rows.empty()) {
    return Status::Error(ErrorCode::kInternal, "uncommitted rows cannot be deleted or replaced");
  }
  if (deletes.merge_hold && deletes.table_id != candidates.table_id) {
    return Status::Error(ErrorCode::kInternal, "a block's deletions belong to one table");
  }
  if (!deletes.merge_hold) {
    deletes.table_id = candidates.table_id;
    deletes.merge_hold = HoldMerges(candidates.table_id);
  }
  ScanSpec spec = candidates;
  spec.latest_per_column = -1;
  spec.block_deletes = nullptr;
  uint64_t matched = 0;
  std::vector<DataChunk> picked;
  const RowMatcher matcher = [&](const DataChunk& rows, std::vector<uint8_t>& matches) {
    return replacer(rows, matches, picked);
  };
  // Every row must sit in a segment to be named; appends wait meanwhile.
  RETURN_IF_ERROR(RunWithMemtablesFlushed([&]() -> Status {
    std::shared_ptr<const Version> current = CurrentVersion();
    auto found = current->tables.find(spec.table_id);
    if (found == current->tables.end()) {
      return Status::Error(ErrorCode::kUndefinedTable,
                           "table with id " + std::to_string(spec.table_id) + " does not exist");
    }
    const std::shared_ptr<const TableVersion>& table = found->second;
    ScanStatistics pruned;
    for (const auto& segment : SegmentsToScan(*table, spec.time_range, pruned)) {
      const SegmentMeta& meta = segment->meta();
      auto earlier = deletes.segments.find(meta.file_number);
      // The segment as the block sees it: its earlier deletions apply.
      std::shared_ptr<const SegmentReader> seen = segment;
      if (earlier != deletes.segments.end()) {
        ASSIGN_OR_RETURN(seen, BlockView(segment, earlier->second, table->schema.name));
      }
      uint64_t newly = 0;
      ASSIGN_OR_RETURN(std::optional<DeleteMarkers> markers,
                       MatchSegment(table, spec, seen, matcher, newly));
      if (!markers) continue;
      matched += newly;
      // The block keeps its own rows only: what others mark later is theirs.
      if (segment->markers() != nullptr) markers->RemoveAll(*segment->markers());
      deletes.segments[meta.file_number].rows =
          std::make_shared<const DeleteMarkers>(std::move(*markers));
    }
    return Status::Ok();
  }));
  for (DataChunk& chunk : picked)
    replacements.push_back(std::move(chunk));
  return matched;
}

Status EngineImpl::CommitBlock(const std::vector<TableAppend>& tables,
                               const std::vector<BlockDeletes>& deletes) {
  if (deletes.empty()) return AppendTables(tables);
  MarkerFiles files;
  Status status = RunWithMemtablesFlushed([&]() -> Status {
    std::shared_ptr<const Version> current = CurrentVersion();
    auto next = std::make_shared<Version>(*current);
    std::vector<std::shared_ptr<const SegmentReader>> dropped;
    for (const BlockDeletes& block : deletes) {
      auto found = next->tables.find(block.table_id);
      if (found == next->tables.end()) {
        return Status::Error(ErrorCode::kSerializationFailure,
                             "could not serialize access due to concurrent update")
            .WithDetail("A table this transaction deleted or updated rows of was dropped.");
      }
      const TableVersion& table = *found->second;
      auto changed = std::make_shared<TableVersion>();
      changed->schema = table.schema;
      size_t segments_found = 0;
      for (const auto& [start, segments] : table.partitions) {
        std::vector<std::shared_ptr<const SegmentReader>> kept;
        for (const auto& segment : segments) {
          const SegmentMeta& meta = segment->meta();
          auto entry = block.segments.find(meta.file_number);
          if (entry == block.segments.end()) {
            kept.push_back(segment);
            continue;
          }
          ++segments_found;
          ASSIGN_OR_RETURN(auto seen, BlockView(segment, entry->second, table.schema.name));
          std::shared_ptr<const DeleteMarkers> markers(seen, seen->markers());
          if (markers->count() == segment->row_count()) {
            dropped.push_back(segment);
            continue;
          }
          ASSIGN_OR_RETURN(auto marked, WriteSegmentMarkers(segment, start, markers, files));
          kept.push_back(std::move(marked));
        }
        for (const auto& segment : kept) {
          changed->segment_rows += segment->row_count();
          changed->disk_bytes += segment->meta().file_size;
        }
        if (!kept.empty()) changed->partitions[start] = std::move(kept);
      }
      if (segments_found != block.segments.size()) {
        return ConcurrentChange(table.schema.name, "removed (chunks dropped or truncated)");
      }
      found->second = std::move(changed);
    }
    // The marker files must be durable, names included, before a manifest
    // names them.
    for (const std::string& directory : files.directories)
      RETURN_IF_ERROR(fs_.SyncDirectory(directory));
    for (const TableAppend& append : tables) {
      auto found = next->tables.find(append.table_id);
      if (found == next->tables.end()) {
        return Status::Error(
            ErrorCode::kUndefinedTable,
            "table with id " + std::to_string(append.table_id) + " does not exist");
      }
      ASSIGN_OR_RETURN(auto segments,
                       WriteReplacements(found->second->schema, append.chunks, files.written));
      std::shared_ptr<const TableVersion> published = found->second;
      for (auto& segment : segments)
        published = published->WithSegment(std::move(segment));
      found->second = std::move(published);
    }
    return InstallDroppingSegments(std::move(next), dropped, &files.written_may_be_live);
  });
  return FinishMarkerChange(status, files);
}

}  // namespace sundial::ts
