#include "ts/row_group_pruner.h"

#include "ts/partitioning.h"

namespace sundial::ts {

RowGroupPruner::RowGroupPruner(const TableSchema& schema, TimeRange range,
                               const std::vector<CompiledPredicate>* predicates)
    : schema_(&schema), range_(range), predicates_(predicates) {}

RowGroupPruner::Verdict RowGroupPruner::Judge(const SegmentReader& segment, size_t group,
                                              std::vector<uint8_t>* all_match) const {
  size_t rows = segment.row_group_rows()[group];
  int time_position = segment.time_column();
  if (time_position >= 0) {
    const SegmentReader::Block& block = segment.column(time_position).blocks[group];
    if (!ValuesOverlap(block.min, block.max, range_)) return Verdict::kOutsideTimeRange;
  }
  if (all_match != nullptr) all_match->assign(predicates_->size(), 0);
  // A NULL never matches, so neither does a block of only NULLs or a column
  // the segment lacks (unless it reads a missing value, which the predicate
  // then tests row by row).
  for (size_t i = 0; i < predicates_->size(); ++i) {
    const CompiledPredicate& predicate = (*predicates_)[i];
    const ColumnSchema& column_schema = schema_->columns[predicate.column()];
    int position = segment.FindColumn(column_schema.column_id);
    if (position < 0) {
      bool reads_value = column_schema.missing_value && !column_schema.missing_value->is_null();
      if (!reads_value) return Verdict::kNoMatch;
      continue;
    }
    const SegmentReader::Column& column = segment.column(position);
    const SegmentReader::Block& block = column.blocks[group];
    if (block.null_count == rows) return Verdict::kNoMatch;
    if (!column.has_minmax) continue;
    if (!predicate.MayMatch(block)) return Verdict::kNoMatch;
    if (all_match != nullptr) {
      (*all_match)[i] = block.null_count == 0 && predicate.AllMatch(block);
    }
  }
  return Verdict::kMayMatch;
}

}  // namespace sundial::ts
