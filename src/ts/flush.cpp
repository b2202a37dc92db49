#include "ts/flush.h"

#include <algorithm>
#include <cstring>

#include "ts/file_system.h"
#include "ts/filenames.h"
#include "ts/partitioning.h"
#include "ts/segment_format.h"
#include "ts/segment_order.h"
#include "ts/segment_writer.h"

namespace sundial::ts {

namespace {

template <typename T>
void GatherValues(const std::vector<const char*>& sources, const uint64_t* rows, size_t n,
                  char* dest) {
  T* out = reinterpret_cast<T*>(dest);
  for (size_t i = 0; i < n; ++i) {
    std::memcpy(&out[i], sources[RunOfRow(rows[i])] + size_t{OffsetOfRow(rows[i])} * sizeof(T),
                sizeof(T));
  }
}

void Gather(size_t width, const std::vector<const char*>& sources, const uint64_t* rows, size_t n,
            char* dest) {
  switch (width) {
    case 1:
      return GatherValues<uint8_t>(sources, rows, n, dest);
    case 2:
      return GatherValues<uint16_t>(sources, rows, n, dest);
    case 4:
      return GatherValues<uint32_t>(sources, rows, n, dest);
    case 8:
      return GatherValues<uint64_t>(sources, rows, n, dest);
    default:
      for (size_t i = 0; i < n; ++i) {
        std::memcpy(dest + i * width,
                    sources[RunOfRow(rows[i])] + size_t{OffsetOfRow(rows[i])} * width, width);
      }
  }
}

int64_t ReadTime(const MemBlock& block, int column, TypeId type, size_t offset) {
  if (type == TypeId::kDate) return block.values[column].data<int32_t>()[offset];
  return block.values[column].data<int64_t>()[offset];
}

// Writes rows[0, n) (already in output order, `sort_key`) as one segment.
Result<std::shared_ptr<const SegmentReader>> WriteSegment(
    FileSystem& fs, const std::string& path, SegmentMeta meta, const TableSchema& schema,
    const std::vector<MemRun>& runs, const uint64_t* rows, size_t n, SegmentSortKey sort_key) {
  std::vector<SegmentWriter::Column> columns;
  for (size_t c = 0; c < schema.columns.size(); ++c) {
    columns.push_back(
        {.table_column = schema.columns[c].column_id, .type = schema.columns[c].type.id});
  }
  ASSIGN_OR_RETURN(auto writer,
                   SegmentWriter::Create(fs, path, std::move(columns),
                                         schema.time_column.value_or(-1), std::move(sort_key)));
  size_t column_count = schema.columns.size();
  std::vector<std::vector<const char*>> value_sources(column_count);
  std::vector<std::vector<const char*>> null_sources(column_count);
  for (size_t c = 0; c < column_count; ++c) {
    for (const MemRun& run : runs) {
      value_sources[c].push_back(run.block->values[c].data<char>());
      null_sources[c].push_back(reinterpret_cast<const char*>(run.block->nulls[c].get()));
    }
  }
  size_t group_capacity = std::min(n, segment::kMaxBlockRows);
  std::vector<std::unique_ptr<char[]>> values(column_count);
  std::vector<std::unique_ptr<uint8_t[]>> nulls(column_count);
  for (size_t c = 0; c < column_count; ++c) {
    values[c] = std::make_unique_for_overwrite<char[]>(group_capacity *
                                                       PhysicalSize(schema.columns[c].type.id));
    nulls[c] = std::make_unique_for_overwrite<uint8_t[]>(group_capacity);
  }
  std::vector<BlockValues> blocks(column_count);
  for (size_t begin = 0; begin < n; begin += segment::kMaxBlockRows) {
    size_t count = std::min(n - begin, segment::kMaxBlockRows);
    for (size_t c = 0; c < column_count; ++c) {
      TypeId type = schema.columns[c].type.id;
      Gather(PhysicalSize(type), value_sources[c], rows + begin, count, values[c].get());
      Gather(1, null_sources[c], rows + begin, count, reinterpret_cast<char*>(nulls[c].get()));
      size_t null_count = 0;
      for (size_t i = 0; i < count; ++i)
        null_count += nulls[c][i];
      blocks[c] = BlockValues{.type = type,
                              .values = values[c].get(),
                              .nulls = null_count > 0 ? nulls[c].get() : nullptr,
                              .count = count,
                              .null_count = null_count};
    }
    RETURN_IF_ERROR(writer->AddRowGroup(blocks, count));
  }
  ASSIGN_OR_RETURN(meta.file_size, writer->Finish());
  meta.row_count = n;
  return SegmentReader::Open(fs, path, meta);
}

}  // namespace

Result<std::vector<std::shared_ptr<const SegmentReader>>> WriteTableSegments(
    FileSystem& fs, const std::string& data_dir, const TableSchema& schema,
    const std::vector<MemRun>& runs, const std::function<uint64_t()>& allocate_file_number) {
  std::vector<std::shared_ptr<const SegmentReader>> written;
  std::vector<uint64_t> rows;
  for (size_t r = 0; r < runs.size(); ++r) {
    for (size_t i = 0; i < runs[r].rows; ++i)
      rows.push_back((uint64_t{r} << kMemBlockShift) | i);
  }
  if (rows.empty()) return written;

  struct Range {
    int64_t partition_start = 0;
    size_t begin = 0;
    size_t end = 0;
    int64_t time_min = 0;
    int64_t time_max = 0;
  };
  std::vector<Range> ranges;
  if (!schema.time_column) {
    ranges.push_back(Range{.begin = 0, .end = rows.size()});
  } else {
    int column = *schema.time_column;
    TypeId type = schema.columns[column].type.id;
    std::vector<int64_t> times(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      times[i] = ReadTime(*runs[RunOfRow(rows[i])].block, column, type, OffsetOfRow(rows[i]));
    }
    if (!std::is_sorted(times.begin(), times.end())) {
      // Row ids increase in append order, so sorting (time, id) pairs is a stable sort by time.
      std::vector<std::pair<int64_t, uint64_t>> keyed(rows.size());
      for (size_t i = 0; i < rows.size(); ++i)
        keyed[i] = {times[i], rows[i]};
      std::sort(keyed.begin(), keyed.end());
      for (size_t i = 0; i < rows.size(); ++i) {
        times[i] = keyed[i].first;
        rows[i] = keyed[i].second;
      }
    }
    int64_t interval = schema.partition_interval_micros;
    for (size_t i = 0; i < rows.size(); ++i) {
      int64_t start = PartitionStart(TimeToMicros(type, times[i]), interval);
      if (ranges.empty() || ranges.back().partition_start != start) {
        ranges.push_back(Range{.partition_start = start, .begin = i, .time_min = times[i]});
      }
      ranges.back().end = i + 1;
      ranges.back().time_max = times[i];
    }
  }

  std::vector<std::string> paths;
  auto write = [&]() -> Status {
    for (const Range& range : ranges) {
      std::string dir = PartitionDirectory(data_dir, schema.table_id, range.partition_start);
      RETURN_IF_ERROR(fs.CreateDirectories(dir));
      uint64_t* range_rows = rows.data() + range.begin;
      size_t range_count = range.end - range.begin;
      SegmentSortKey sort_key = OrderSegmentRows(schema, runs, range_rows, range_count);
      uint64_t number = allocate_file_number();
      SegmentMeta meta{.table_id = schema.table_id,
                       .partition_start = range.partition_start,
                       .file_number = number,
                       .time_min = range.time_min,
                       .time_max = range.time_max};
      paths.push_back(SegmentPath(data_dir, schema.table_id, range.partition_start, number));
      ASSIGN_OR_RETURN(auto segment, WriteSegment(fs, paths.back(), meta, schema, runs, range_rows,
                                                  range_count, std::move(sort_key)));
      written.push_back(std::move(segment));
      RETURN_IF_ERROR(fs.SyncDirectory(dir));
    }
    // Partition directories must survive a crash along with their files.
    // Synced every time: one that a failed write created may exist without
    // its entry ever having been made durable.
    RETURN_IF_ERROR(fs.SyncDirectory(TableDirectory(data_dir, schema.table_id)));
    RETURN_IF_ERROR(fs.SyncDirectory(TablesDirectory(data_dir)));
    return Status::Ok();
  };
  Status status = write();
  if (!status.ok()) {
    // No manifest names these files; removing them now gives the space back
    // at once when the disk is full.
    for (const std::string& path : paths)
      fs.RemoveFile(path).IgnoreError();
    return status;
  }
  return written;
}

}  // namespace sundial::ts
