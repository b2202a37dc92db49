#include "ts/segment_merge.h"

#include <limits>

#include "ts/filenames.h"
#include "ts/flush.h"
#include "ts/merge_policy.h"
#include "ts/scanner.h"
#include "ts/version.h"

namespace sundial::ts {

namespace {

// How the rows of `inputs` spread over time: one span per row group (by the
// time column's block min/max), or per segment when blocks lack them.
std::vector<TimeSpan> TimeSpans(const TableSchema& schema,
                                const std::vector<std::shared_ptr<const SegmentReader>>& inputs) {
  std::vector<TimeSpan> spans;
  uint32_t time_id = schema.columns[*schema.time_column].column_id;
  for (const auto& segment : inputs) {
    int position = segment->FindColumn(time_id);
    if (position < 0 || !segment->column(position).has_minmax) {
      spans.push_back(TimeSpan{.rows = segment->meta().row_count,
                               .time_min = segment->meta().time_min,
                               .time_max = segment->meta().time_max});
      continue;
    }
    const SegmentReader::Column& column = segment->column(position);
    for (size_t group = 0; group < column.blocks.size(); ++group) {
      spans.push_back(TimeSpan{.rows = segment->row_group_rows()[group],
                               .time_min = column.blocks[group].min,
                               .time_max = column.blocks[group].max});
    }
  }
  return spans;
}

// The rows of `table`'s segments with time in [begin, end) (unbounded where
// nullopt), as runs that share the scanner's output vectors.
Result<std::vector<MemRun>> ReadSlice(std::shared_ptr<const TableVersion> table,
                                      std::optional<int64_t> begin, std::optional<int64_t> end,
                                      const std::atomic<bool>& cancel) {
  const TableSchema& schema = table->schema;
  ScanSpec spec{.table_id = schema.table_id, .fill_block_cache = false};
  for (size_t c = 0; c < schema.columns.size(); ++c)
    spec.columns.push_back(static_cast<int>(c));
  if (begin) {
    spec.time_range.begin = *begin;
    spec.predicates.push_back(ScanPredicate{
        .column = *schema.time_column, .op = ScanCompare::kGe, .values = {Value::Int64(*begin)}});
  }
  if (end) {
    spec.time_range.end = *end;
    spec.predicates.push_back(ScanPredicate{
        .column = *schema.time_column, .op = ScanCompare::kLt, .values = {Value::Int64(*end)}});
  }
  SegmentTableScanner scanner(std::move(table), std::move(spec), {});
  std::vector<MemRun> runs;
  while (true) {
    if (cancel.load(std::memory_order_relaxed)) {
      return Status::Error(ErrorCode::kQueryCanceled, "segment merge canceled");
    }
    DataChunk chunk;
    ASSIGN_OR_RETURN(bool more, scanner.Next(chunk));
    if (!more) break;
    size_t rows = chunk.size();
    runs.push_back(MemRun{.block = std::make_shared<const MemBlock>(chunk), .rows = rows});
  }
  return runs;
}

}  // namespace

Status DeleteSegmentFiles(FileSystem& fs, const std::string& data_dir,
                          const std::vector<std::shared_ptr<const SegmentReader>>& segments) {
  Status first;
  for (const auto& segment : segments) {
    const SegmentMeta& meta = segment->meta();
    Status removed =
        fs.RemoveFile(SegmentPath(data_dir, meta.table_id, meta.partition_start, meta.file_number));
    if (first.ok()) first = removed;
  }
  return first;
}

Result<std::vector<std::shared_ptr<const SegmentReader>>> MergeSegments(
    FileSystem& fs, const std::string& data_dir, const TableSchema& schema,
    const std::vector<std::shared_ptr<const SegmentReader>>& inputs, uint64_t row_cap,
    const std::function<uint64_t()>& allocate_file_number, const std::atomic<bool>& cancel) {
  // The inputs as a table of their own, so the scanner reads them exactly as
  // a scan of the table does (missing columns, dropped columns).
  auto view = std::make_shared<TableVersion>();
  view->schema = schema;
  for (const auto& segment : inputs) {
    view->partitions[segment->meta().partition_start].push_back(segment);
    view->segment_rows += segment->meta().row_count;
  }
  std::vector<int64_t> cuts;
  if (schema.time_column) cuts = PlanTimeSlices(TimeSpans(schema, inputs), row_cap);

  std::vector<std::shared_ptr<const SegmentReader>> written;
  auto merge = [&]() -> Status {
    for (size_t slice = 0; slice <= cuts.size(); ++slice) {
      std::optional<int64_t> begin;
      std::optional<int64_t> end;
      if (slice > 0) begin = cuts[slice - 1];
      if (slice < cuts.size()) end = cuts[slice];
      ASSIGN_OR_RETURN(std::vector<MemRun> runs, ReadSlice(view, begin, end, cancel));
      ASSIGN_OR_RETURN(auto segments,
                       WriteTableSegments(fs, data_dir, schema, runs, allocate_file_number));
      written.insert(written.end(), segments.begin(), segments.end());
    }
    return Status::Ok();
  };
  Status status = merge();
  if (!status.ok()) {
    // Unnamed files; if they cannot be removed now the next Open removes them.
    DeleteSegmentFiles(fs, data_dir, written).IgnoreError();
    return status;
  }
  return written;
}

}  // namespace sundial::ts
