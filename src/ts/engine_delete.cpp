// EngineImpl::DeleteRows and ReplaceRows: DELETE and UPDATE of any rows.
// Matching rows are marked in a delete marker file per segment
// (delete_markers.*); segments left without rows and partitions removed
// whole are dropped; an UPDATE's new rows are written as new segments. One
// manifest switch publishes it all (README "Delete markers").

#include <set>
#include <unordered_set>

#include "common/logging.h"
#include "ts/engine_impl.h"
#include "ts/filenames.h"
#include "ts/flush.h"
#include "ts/memtable.h"
#include "ts/partitioning.h"
#include "ts/scanner.h"

namespace sundial::ts {

Result<std::optional<DeleteMarkers>> MatchSegment(
    const std::shared_ptr<const TableVersion>& table, const ScanSpec& spec,
    const std::shared_ptr<const SegmentReader>& segment, const RowMatcher& matcher,
    uint64_t& newly) {
  SegmentTableScanner scanner(table, spec, ScanSource{.segments = {segment}}, ScanStatistics{});
  std::optional<DeleteMarkers> markers;
  DataChunk chunk;
  std::vector<uint64_t> positions;
  std::vector<uint8_t> matches;
  newly = 0;
  while (true) {
    ASSIGN_OR_RETURN(bool more, scanner.NextWithPositions(chunk, positions));
    if (!more) break;
    matches.assign(chunk.size(), 0);
    RETURN_IF_ERROR(matcher(chunk, matches));
    if (matches.size() != chunk.size()) {
      return Status::Error(ErrorCode::kInternal, "a row matcher answered for the wrong row count");
    }
    for (size_t i = 0; i < matches.size(); ++i) {
      if (!matches[i]) continue;
      if (!markers) {
        markers.emplace(segment->row_count());
        if (segment->markers() != nullptr) markers->AddAll(*segment->markers());
      }
      if (markers->Add(positions[i])) ++newly;
    }
  }
  if (newly == 0) return std::optional<DeleteMarkers>();
  return markers;
}

Result<std::vector<std::shared_ptr<const SegmentReader>>> EngineImpl::WriteReplacements(
    const TableSchema& schema, std::span<const DataChunk> rows, std::vector<std::string>& written) {
  // The same checks as for appended rows: column types, lengths, a NULL time.
  RETURN_IF_ERROR(CheckChunks(schema, rows));
  std::vector<DataType> types;
  for (const ColumnSchema& column : schema.columns)
    types.push_back(column.type);
  // The flush path sorts and partitions rows given as memtable runs.
  MemTable staged;
  staged.Insert({MemTableRows{.table_id = schema.table_id, .types = types, .chunks = rows}});
  ASSIGN_OR_RETURN(auto segments,
                   WriteTableSegments(fs_, dir_, schema, staged.Snapshot(schema.table_id),
                                      [this] { return AllocateFileNumber(); }));
  for (const auto& segment : segments) {
    const SegmentMeta& meta = segment->meta();
    written.push_back(SegmentPath(dir_, meta.table_id, meta.partition_start, meta.file_number));
  }
  return segments;
}

Result<std::shared_ptr<const SegmentReader>> EngineImpl::WriteSegmentMarkers(
    const std::shared_ptr<const SegmentReader>& segment, int64_t start,
    std::shared_ptr<const DeleteMarkers> markers, MarkerFiles& files) {
  const SegmentMeta& meta = segment->meta();
  const uint64_t number = AllocateFileNumber();
  std::string path = DeleteMarkersPath(dir_, meta.table_id, start, number);
  files.written.push_back(path);
  RETURN_IF_ERROR(WriteDeleteMarkers(fs_, path, *markers, meta.file_number));
  files.directories.insert(PartitionDirectory(dir_, meta.table_id, start));
  if (meta.markers_file_number != 0) {
    files.replaced.push_back(
        DeleteMarkersPath(dir_, meta.table_id, start, meta.markers_file_number));
  }
  return segment->WithMarkers(std::move(markers), number);
}

Status EngineImpl::FinishMarkerChange(const Status& status, const MarkerFiles& files) {
  if (!status.ok()) {
    // Nothing was published: the files written for it go now, or at the
    // next Open, which deletes files no manifest names.
    if (!files.written_may_be_live) {
      for (const std::string& path : files.written)
        fs_.RemoveFile(path).IgnoreError();  // Open removes what is left
    }
    return status;
  }
  // Segments with many marked rows are worth rewriting (merge policy, rule 3).
  RequestMerge();
  for (const std::string& path : files.replaced) {
    Status removed = fs_.RemoveFile(path);
    if (!removed.ok()) {
      LogWarning("replaced delete markers are left for the next start to delete: " +
                 removed.ToString());
    }
  }
  return Status::Ok();
}

Result<uint64_t> EngineImpl::DeleteRows(const ScanSpec& candidates, const RowMatcher& matcher,
                                        const TimeRange& whole_partitions) {
  return ChangeRows(candidates, matcher, whole_partitions, nullptr);
}

Result<uint64_t> EngineImpl::ReplaceRows(const ScanSpec& candidates, const RowReplacer& replacer,
                                         std::vector<DataChunk> added) {
  std::vector<DataChunk> replacements = std::move(added);
  RowMatcher matcher = [&](const DataChunk& rows, std::vector<uint8_t>& matches) {
    return replacer(rows, matches, replacements);
  };
  return ChangeRows(candidates, matcher, TimeRange{.begin = 0, .end = 0}, &replacements);
}

Result<uint64_t> EngineImpl::ChangeRows(const ScanSpec& candidates, const RowMatcher& matcher,
                                        const TimeRange& whole_partitions,
                                        const std::vector<DataChunk>* replacements) {
  if (!candidates.uncommitted_rows.empty()) {
    return Status::Error(ErrorCode::kInternal, "uncommitted rows cannot be deleted or replaced");
  }
  ScanSpec spec = candidates;
  spec.latest_per_column = -1;
  uint64_t deleted = 0;
  MarkerFiles files;
  Status status = RunWithMemtablesFlushed([&]() -> Status {
    std::shared_ptr<const Version> current = CurrentVersion();
    auto found = current->tables.find(spec.table_id);
    if (found == current->tables.end()) {
      return Status::Error(ErrorCode::kUndefinedTable,
                           "table with id " + std::to_string(spec.table_id) + " does not exist");
    }
    const std::shared_ptr<const TableVersion>& table = found->second;
    const TableSchema& schema = table->schema;
    for (int c : spec.columns) {
      if (c < 0 || c >= static_cast<int>(schema.columns.size())) {
        return Status::Error(ErrorCode::kUndefinedColumn, "column " + std::to_string(c) + " of \"" +
                                                              schema.name + "\" does not exist");
      }
    }
    ScanStatistics pruned;
    std::vector<std::shared_ptr<const SegmentReader>> scanned =
        SegmentsToScan(*table, spec.time_range, pruned);
    std::unordered_set<const SegmentReader*> candidate_set;
    for (const auto& segment : scanned)
      candidate_set.insert(segment.get());

    auto changed = std::make_shared<TableVersion>();
    changed->schema = schema;
    std::vector<std::shared_ptr<const SegmentReader>> dropped;
    for (const auto& [start, segments] : table->partitions) {
      const bool whole =
          schema.time_column && start >= whole_partitions.begin &&
          SaturatingAdd(start, schema.partition_interval_micros) <= whole_partitions.end;
      std::vector<std::shared_ptr<const SegmentReader>> kept;
      for (const auto& segment : segments) {
        if (whole) {
          deleted += segment->live_rows();
          dropped.push_back(segment);
          continue;
        }
        uint64_t newly = 0;
        std::optional<DeleteMarkers> markers;
        if (candidate_set.contains(segment.get())) {
          ASSIGN_OR_RETURN(markers, MatchSegment(table, spec, segment, matcher, newly));
        }
        if (!markers) {
          kept.push_back(segment);
          continue;
        }
        deleted += newly;
        if (markers->count() == segment->row_count()) {
          dropped.push_back(segment);
          continue;
        }
        ASSIGN_OR_RETURN(
            auto marked,
            WriteSegmentMarkers(segment, start,
                                std::make_shared<const DeleteMarkers>(std::move(*markers)), files));
        kept.push_back(std::move(marked));
      }
      for (const auto& segment : kept) {
        changed->segment_rows += segment->row_count();
        changed->disk_bytes += segment->meta().file_size;
      }
      if (!kept.empty()) changed->partitions[start] = std::move(kept);
    }
    const bool adds = replacements != nullptr && !replacements->empty();
    if (files.written.empty() && dropped.empty() && !adds) return Status::Ok();
    // The marker files must be durable, names included, before a manifest
    // names them.
    for (const std::string& directory : files.directories)
      RETURN_IF_ERROR(fs_.SyncDirectory(directory));
    std::shared_ptr<const TableVersion> published = std::move(changed);
    if (adds) {
      ASSIGN_OR_RETURN(auto segments, WriteReplacements(schema, *replacements, files.written));
      for (auto& segment : segments)
        published = published->WithSegment(std::move(segment));
    }
    auto next = std::make_shared<Version>(*current);
    next->tables[spec.table_id] = std::move(published);
    return InstallDroppingSegments(std::move(next), dropped, &files.written_may_be_live);
  });
  RETURN_IF_ERROR(FinishMarkerChange(status, files));
  return deleted;
}

}  // namespace sundial::ts
