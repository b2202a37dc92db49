#include "ts/scanner.h"

#include <cstring>

#include "ts/partitioning.h"

namespace sundial::ts {

SegmentTableScanner::SegmentTableScanner(std::shared_ptr<const TableVersion> table, ScanSpec spec,
                                         std::vector<MemRun> memtable_rows)
    : table_(std::move(table)), spec_(std::move(spec)), mem_runs_(std::move(memtable_rows)) {
  for (int c : spec_.columns)
    types_.push_back(table_->schema.columns[c].type);
  decoded_.resize(spec_.columns.size());
  const TableSchema& schema = table_->schema;
  for (const auto& [start, segments] : table_->partitions) {
    if (schema.time_column &&
        !PartitionOverlaps(start, schema.partition_interval_micros, spec_.time_range,
                           schema.columns[*schema.time_column].type.id)) {
      ++stats_.partitions_skipped;
      continue;
    }
    for (const auto& segment : segments) {
      if (schema.time_column && segment->meta().row_count > 0 &&
          !ValuesOverlap(segment->meta().time_min, segment->meta().time_max, spec_.time_range)) {
        ++stats_.segments_skipped;
        continue;
      }
      segments_.push_back(segment);
    }
  }
}

Result<bool> SegmentTableScanner::LoadNextRowGroup() {
  while (segment_ < segments_.size()) {
    const SegmentReader& segment = *segments_[segment_];
    if (next_row_group_ == 0) {
      positions_.clear();
      for (int c : spec_.columns)
        positions_.push_back(segment.FindColumn(static_cast<uint32_t>(c)));
    }
    int time_position = segment.time_column();
    while (next_row_group_ < segment.row_group_rows().size()) {
      size_t group = next_row_group_++;
      if (segment.row_group_rows()[group] == 0) continue;
      if (time_position >= 0) {
        const SegmentReader::Block& block = segment.column(time_position).blocks[group];
        if (!ValuesOverlap(block.min, block.max, spec_.time_range)) {
          ++stats_.blocks_skipped;
          continue;
        }
      }
      for (size_t i = 0; i < positions_.size(); ++i) {
        if (positions_[i] < 0) continue;
        RETURN_IF_ERROR(segment.ReadBlock(positions_[i], group, scratch_, decoded_[i]));
        ++stats_.blocks_read;
      }
      group_rows_ = segment.row_group_rows()[group];
      group_offset_ = 0;
      group_loaded_ = true;
      return true;
    }
    ++segment_;
    next_row_group_ = 0;
  }
  return false;
}

void SegmentTableScanner::EmitSegmentRows(size_t n, DataChunk& out) {
  out.columns.clear();
  out.columns.reserve(types_.size());
  for (size_t i = 0; i < types_.size(); ++i) {
    ColumnVector& v = out.columns.emplace_back(types_[i], n);
    v.SetSize(n);
    if (positions_[i] < 0) {
      for (size_t r = 0; r < n; ++r)
        v.SetNull(r, true);
      continue;
    }
    const DecodedBlock& block = decoded_[i];
    size_t width = PhysicalSize(types_[i].id);
    std::memcpy(v.data<char>(), block.raw_values() + group_offset_ * width, n * width);
    if (const uint64_t* validity = block.validity()) {
      for (size_t r = 0; r < n; ++r) {
        size_t row = group_offset_ + r;
        if (((validity[row >> 6] >> (row & 63)) & 1) == 0) v.SetNull(r, true);
      }
    }
    if (IsString(types_[i].id)) v.KeepStringsOf(block.string_owner());
  }
  out.row_count_without_columns = n;
}

void SegmentTableScanner::EmitMemRows(const MemRun& run, size_t offset, size_t n, DataChunk& out) {
  out.columns.clear();
  out.columns.reserve(types_.size());
  for (size_t i = 0; i < types_.size(); ++i) {
    int column = spec_.columns[i];
    ColumnVector& v = out.columns.emplace_back(types_[i], n);
    v.SetSize(n);
    const ColumnVector& source = run.block->values[column];
    size_t width = PhysicalSize(types_[i].id);
    std::memcpy(v.data<char>(), source.data<char>() + offset * width, n * width);
    const uint8_t* nulls = run.block->nulls[column].get() + offset;
    for (size_t r = 0; r < n; ++r) {
      if (nulls[r]) v.SetNull(r, true);
    }
    if (IsString(types_[i].id)) v.KeepStringsOf(source);
  }
  out.row_count_without_columns = n;
}

Result<bool> SegmentTableScanner::Next(DataChunk& out) {
  while (true) {
    if (group_loaded_) {
      size_t n = std::min(kBatchCapacity, group_rows_ - group_offset_);
      EmitSegmentRows(n, out);
      group_offset_ += n;
      if (group_offset_ == group_rows_) group_loaded_ = false;
      return true;
    }
    if (segment_ < segments_.size()) {
      ASSIGN_OR_RETURN(bool loaded, LoadNextRowGroup());
      if (loaded) continue;
    }
    while (mem_run_ < mem_runs_.size() && mem_offset_ >= mem_runs_[mem_run_].rows) {
      ++mem_run_;
      mem_offset_ = 0;
    }
    if (mem_run_ == mem_runs_.size()) return false;
    size_t n = std::min(kBatchCapacity, mem_runs_[mem_run_].rows - mem_offset_);
    EmitMemRows(mem_runs_[mem_run_], mem_offset_, n, out);
    mem_offset_ += n;
    return true;
  }
}

}  // namespace sundial::ts
