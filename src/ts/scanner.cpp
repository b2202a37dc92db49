#include "ts/scanner.h"

#include <xxhash.h>
#include <algorithm>
#include <bit>
#include <limits>
#include <optional>
#include <utility>

#include "ts/partitioning.h"

namespace sundial::ts {

namespace {

// The distinct keys a newest-per-value scan has seen: open addressing over
// hashes and views, kept at most half full (tables of many series hold
// hundreds of thousands, checked once per segment that holds them).
class KeySet {
 public:
  explicit KeySet(size_t expected) { Resize(std::max<size_t>(16, std::bit_ceil(expected * 2))); }

  // False when `key` was there already.
  bool Insert(std::string_view key) {
    uint64_t hash = XXH3_64bits(key.data(), key.size()) | 1;  // 0 marks an empty slot
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.hash == hash && slot.key == key) return false;
      if (slot.hash != 0) continue;
      slot = Slot{.hash = hash, .key = key};
      if (++count_ * 2 > slots_.size()) Resize(slots_.size() * 2);
      return true;
    }
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    std::string_view key;
  };

  void Resize(size_t capacity) {
    std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(capacity));
    mask_ = capacity - 1;
    for (const Slot& slot : old) {
      if (slot.hash == 0) continue;
      size_t i = slot.hash & mask_;
      while (slots_[i].hash != 0)
        i = (i + 1) & mask_;
      slots_[i] = slot;
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t count_ = 0;
};

// A row group or summary group as a newest-per-value scan bounds it: its
// time range and which values of the key column it holds.
struct KeyGroup {
  int64_t time_min = 0;
  int64_t time_max = 0;
  bool has_null = false;
  // Some rows are marked deleted: the dictionary may name values none of
  // whose rows remain, so the group proves nothing and is read whole.
  bool marked = false;
  // Its key column's block (absent when every key is NULL): the
  // dictionary lists the values; a plain summary block holds each once.
  std::shared_ptr<const DecodedBlock> block;

  size_t key_count() const {
    if (!block) return 0;
    return block->has_codes() ? block->dictionary().size() : block->count();
  }
  // Calls `visit` with each non-NULL key.
  template <typename Visit>
  void ForEachKey(Visit&& visit) const {
    if (!block) return;
    if (block->has_codes()) {
      for (std::string_view key : block->dictionary())
        visit(key);
      return;
    }
    const auto* values = block->values<std::string_view>();
    const uint64_t* validity = block->validity();
    for (size_t row = 0; row < block->count(); ++row) {
      if (validity == nullptr || ((validity[row >> 6] >> (row & 63)) & 1) != 0) visit(values[row]);
    }
  }
};

}  // namespace

std::vector<std::shared_ptr<const SegmentReader>> SegmentsToScan(const TableVersion& table,
                                                                 const TimeRange& range,
                                                                 ScanStatistics& pruned) {
  std::vector<std::shared_ptr<const SegmentReader>> chosen;
  const TableSchema& schema = table.schema;
  for (const auto& [start, segments] : table.partitions) {
    if (schema.time_column && !PartitionOverlaps(start, schema.partition_interval_micros, range,
                                                 schema.columns[*schema.time_column].type.id)) {
      ++pruned.partitions_skipped;
      continue;
    }
    for (const auto& segment : segments) {
      if (schema.time_column && segment->meta().row_count > 0 &&
          !ValuesOverlap(segment->meta().time_min, segment->meta().time_max, range)) {
        ++pruned.segments_skipped;
        continue;
      }
      chosen.push_back(segment);
    }
  }
  return chosen;
}

SegmentTableScanner::SegmentTableScanner(std::shared_ptr<const TableVersion> table, ScanSpec spec,
                                         std::vector<MemRun> memtable_rows)
    : table_(std::move(table)), spec_(std::move(spec)), mem_runs_(std::move(memtable_rows)) {
  for (int c : spec_.columns)
    types_.push_back(table_->schema.columns[c].type);
  segments_ = SegmentsToScan(*table_, spec_.time_range, stats_);
}

SegmentTableScanner::SegmentTableScanner(std::shared_ptr<const TableVersion> table, ScanSpec spec,
                                         ScanSource source, ScanStatistics pruned)
    : table_(std::move(table)),
      spec_(std::move(spec)),
      segments_(std::move(source.segments)),
      mem_runs_(std::move(source.memtable_rows)),
      first_row_group_(source.first_row_group),
      end_row_group_(source.end_row_group),
      stats_(pruned) {
  for (int c : spec_.columns)
    types_.push_back(table_->schema.columns[c].type);
}

ScanStatistics SegmentTableScanner::statistics() const {
  ScanStatistics stats = stats_;
  stats.cache_hits += reads_.cache_hits;
  stats.cache_misses += reads_.cache_misses;
  stats.bytes_read += reads_.bytes_read;
  return stats;
}

int SegmentTableScanner::SlotFor(int table_column) {
  for (size_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i].table_column == table_column) return static_cast<int>(i);
  }
  Slot& slot = slots_.emplace_back();
  slot.table_column = table_column;
  slot.type = table_->schema.columns[table_column].type;
  slot.missing_value = table_->schema.columns[table_column].missing_value;
  if (slot.missing_value && slot.missing_value->is_null()) slot.missing_value.reset();
  return static_cast<int>(slots_.size() - 1);
}

Status SegmentTableScanner::Prepare() {
  const TableSchema& schema = table_->schema;
  // Text predicates first: they test each distinct value once and are the
  // most selective in time-series tag filters.
  std::vector<const ScanPredicate*> ordered;
  for (const ScanPredicate& p : spec_.predicates) {
    if (p.column < 0 || p.column >= static_cast<int>(schema.columns.size())) {
      return Status::Error(
          ErrorCode::kUndefinedColumn,
          "column " + std::to_string(p.column) + " of \"" + schema.name + "\" does not exist");
    }
    ordered.push_back(&p);
  }
  std::stable_partition(ordered.begin(), ordered.end(), [&](const ScanPredicate* p) {
    return IsString(schema.columns[p->column].type.id);
  });
  for (const ScanPredicate* p : ordered) {
    ASSIGN_OR_RETURN(CompiledPredicate compiled,
                     CompiledPredicate::Compile(*p, schema.columns[p->column].type));
    predicates_.push_back(std::move(compiled));
    predicate_slots_.push_back(SlotFor(p->column));
  }
  memtable_predicates_ = predicates_.size();
  // Which rows are newest per value depends on every row, so only a scan
  // of the whole table may drop the older ones.
  bool whole_table = spec_.predicates.empty() && spec_.time_range.begin == TimeRange{}.begin &&
                     spec_.time_range.end == TimeRange{}.end;
  if (spec_.latest_per_column >= 0 && whole_table) {
    newest_only_ = true;
    ASSIGN_OR_RETURN(std::optional<int64_t> floor, LatestFloor());
    newest_floor_ = floor;
    if (floor) {
      int time_column = *schema.time_column;
      ScanPredicate at_or_after{
          .column = time_column,
          .op = ScanCompare::kGe,
          .values = {Value::Int(schema.columns[time_column].type.id, *floor)}};
      ASSIGN_OR_RETURN(CompiledPredicate compiled,
                       CompiledPredicate::Compile(at_or_after, schema.columns[time_column].type));
      predicates_.push_back(std::move(compiled));
      predicate_slots_.push_back(SlotFor(time_column));
    }
  }
  for (int c : spec_.columns)
    output_slots_.push_back(SlotFor(c));
  pruner_.emplace(schema, spec_.time_range, &predicates_);
  prepared_ = true;
  return Status::Ok();
}

Result<std::optional<int64_t>> SegmentTableScanner::LatestFloor() {
  const TableSchema& schema = table_->schema;
  int key_column = spec_.latest_per_column;
  if (!schema.time_column || key_column >= static_cast<int>(schema.columns.size()) ||
      !IsString(schema.columns[key_column].type.id)) {
    return std::optional<int64_t>();
  }
  std::vector<KeyGroup> groups;
  for (const auto& segment : segments_) {
    int time_position = segment->time_column();
    if (time_position < 0) return std::optional<int64_t>();
    int key_position = segment->FindColumn(schema.columns[key_column].column_id);
    // Rows of a segment older than the key column read its missing value,
    // which no dictionary lists.
    if (key_position < 0 && schema.columns[key_column].missing_value) {
      return std::optional<int64_t>();
    }
    if (ReadsSummary(*segment)) {
      // The summary holds every value of the segment, each at its newest
      // time: a group of its own.
      for (size_t g = 0; g < segment->summary_group_rows().size(); ++g) {
        const SegmentReader::Block& time_block = segment->column(time_position).summary_blocks[g];
        if (time_block.null_count > 0) return std::optional<int64_t>();
        const SegmentReader::Block& key_block = segment->column(key_position).summary_blocks[g];
        KeyGroup& group = groups.emplace_back();
        group.time_min = time_block.min;
        group.time_max = time_block.max;
        group.has_null = key_block.null_count > 0;
        ASSIGN_OR_RETURN(group.block,
                         segment->ReadCachedSummaryBlock(key_position, g, scratch_, &reads_,
                                                         spec_.fill_block_cache));
        ++stats_.blocks_read;
      }
      continue;
    }
    uint64_t first_row = 0;
    for (size_t g = 0; g < segment->row_group_rows().size(); ++g) {
      size_t rows = segment->row_group_rows()[g];
      first_row += rows;
      if (rows == 0) continue;
      const SegmentReader::Block& time_block = segment->column(time_position).blocks[g];
      if (time_block.null_count > 0) return std::optional<int64_t>();  // NULL times sort first
      KeyGroup& group = groups.emplace_back();
      group.time_min = time_block.min;
      group.time_max = time_block.max;
      if (segment->markers() != nullptr && segment->markers()->AnyIn(first_row - rows, rows)) {
        group.marked = true;
        continue;
      }
      if (key_position < 0) {
        group.has_null = true;
        continue;
      }
      const SegmentReader::Block& key_block = segment->column(key_position).blocks[g];
      group.has_null = key_block.null_count > 0;
      if (key_block.null_count == rows) continue;
      ASSIGN_OR_RETURN(group.block, segment->ReadCachedBlock(key_position, g, scratch_, &reads_,
                                                             spec_.fill_block_cache));
      ++stats_.blocks_read;
      // Every dictionary entry occurs in its block; text stored plainly
      // would need a pass over every value.
      if (!group.block->has_codes()) return std::optional<int64_t>();
    }
  }
  std::sort(groups.begin(), groups.end(),
            [](const KeyGroup& a, const KeyGroup& b) { return a.time_max > b.time_max; });
  // The first group (newest maximum first) holding a value has a row of it
  // at or after its minimum, so the value's newest row is no older.
  // Usually the newest group already holds every value.
  KeySet seen(groups.empty() ? 0 : groups.front().key_count());
  bool seen_null = false;
  int64_t floor = std::numeric_limits<int64_t>::max();
  for (const KeyGroup& group : groups) {
    if (group.marked) {
      floor = std::min(floor, group.time_min);
      continue;
    }
    bool adds = group.has_null && !seen_null;
    seen_null |= group.has_null;
    group.ForEachKey([&](std::string_view key) { adds |= seen.Insert(key); });
    if (adds) floor = std::min(floor, group.time_min);
  }
  if (groups.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(floor);
}

bool SegmentTableScanner::ReadsSummary(const SegmentReader& segment) const {
  // A summary row may be one a DELETE marked since: a segment with markers
  // is read by its row groups.
  return newest_only_ && segment.markers() == nullptr && !segment.summary_group_rows().empty() &&
         segment.summary_key_column() ==
             table_->schema.columns[spec_.latest_per_column].column_id &&
         segment.time_column() >= 0;
}

Status SegmentTableScanner::LoadSlot(const SegmentReader& segment, size_t group, Slot& slot) {
  if (slot.loaded) return Status::Ok();
  if (slot.position >= 0) {
    ASSIGN_OR_RETURN(slot.block,
                     reading_summary_
                         ? segment.ReadCachedSummaryBlock(slot.position, group, scratch_, &reads_,
                                                          spec_.fill_block_cache)
                         : segment.ReadCachedBlock(slot.position, group, scratch_, &reads_,
                                                   spec_.fill_block_cache));
    ++stats_.blocks_read;
  } else if (slot.missing_value) {
    FillMissing(slot, reading_summary_ ? segment.summary_group_rows()[group]
                                       : segment.row_group_rows()[group]);
  }
  slot.loaded = true;
  return Status::Ok();
}

void SegmentTableScanner::FillMissing(Slot& slot, size_t rows) const {
  if (slot.missing_rows.size() >= rows) return;
  slot.missing_rows = ColumnVector(slot.type, rows);
  for (size_t r = 0; r < rows; ++r)
    slot.missing_value->WriteTo(slot.missing_rows, r);
  slot.missing_rows.SetSize(rows);
}

ColumnView SegmentTableScanner::SegmentView(const Slot& slot) const {
  ColumnView view{.type = slot.type.id};
  if (slot.position < 0) {
    if (!slot.missing_value) return view;
    return ColumnView{.type = slot.type.id,
                      .values = slot.missing_rows.data<char>(),
                      .string_owner = &slot.missing_rows};
  }
  const DecodedBlock& block = *slot.block;
  view.validity = block.validity();
  view.string_owner = &block.string_owner();
  if (block.has_codes()) {
    view.codes = block.codes();
    view.dictionary = &block.dictionary();
  } else {
    view.values = block.raw_values();
  }
  return view;
}

ColumnView SegmentTableScanner::MemView(const MemRun& run, int table_column) const {
  const ColumnVector& source = run.block->values[table_column];
  return ColumnView{.type = source.type().id,
                    .values = source.data<char>(),
                    .null_bytes = run.block->nulls[table_column].get(),
                    .string_owner = &source};
}

void SegmentTableScanner::ReserveSelected(size_t rows) {
  if (selected_capacity_ >= rows) return;
  // Refine writes every entry it reports, so the rows need no zeroing:
  // a parallel scan opens a scanner per row group, each paying for it.
  selected_ = std::make_unique_for_overwrite<uint32_t[]>(rows);
  selected_capacity_ = rows;
}

void SegmentTableScanner::SelectUnmarked(const SegmentReader& segment, uint64_t first_row,
                                         size_t rows) {
  all_selected_ = true;
  selected_count_ = rows;
  const DeleteMarkers* markers = segment.markers();
  if (markers == nullptr || !markers->AnyIn(first_row, rows)) return;
  ReserveSelected(rows);
  selected_count_ = markers->Unmarked(first_row, static_cast<uint32_t>(rows), selected_.get());
  all_selected_ = false;
}

template <typename ViewOf>
void SegmentTableScanner::Select(size_t rows, size_t predicate_count, ViewOf&& view_of) {
  for (size_t i = 0; i < predicate_count && selected_count_ > 0; ++i) {
    std::optional<ColumnView> view = view_of(i);
    if (!view) continue;  // the block's min/max show that every row matches
    ReserveSelected(rows);
    selected_count_ = predicates_[i].Refine(*view, all_selected_, selected_count_, selected_.get());
    all_selected_ = false;
  }
  emit_offset_ = 0;
}

Result<bool> SegmentTableScanner::LoadNextRowGroup() {
  while (segment_ < segments_.size()) {
    const SegmentReader& segment = *segments_[segment_];
    if (!segment_started_) {
      for (Slot& slot : slots_) {
        slot.position = segment.FindColumn(table_->schema.columns[slot.table_column].column_id);
      }
      segment_started_ = true;
      next_row_group_ = first_row_group_;
      reading_summary_ = ReadsSummary(segment);
      next_group_first_row_ = 0;
      for (size_t g = 0; g < first_row_group_ && g < segment.row_group_rows().size(); ++g)
        next_group_first_row_ += segment.row_group_rows()[g];
    }
    const std::vector<uint32_t>& group_rows =
        reading_summary_ ? segment.summary_group_rows() : segment.row_group_rows();
    const size_t end_row_group = std::min(end_row_group_, group_rows.size());
    while (next_row_group_ < end_row_group) {
      size_t group = next_row_group_++;
      size_t rows = group_rows[group];
      group_first_row_ = next_group_first_row_;
      next_group_first_row_ += rows;
      if (rows == 0) continue;
      // Summary rows are tested row by row: their bounds are not in the
      // row groups' index that the pruner reads.
      RowGroupPruner::Verdict verdict = RowGroupPruner::Verdict::kMayMatch;
      if (reading_summary_) {
        all_match_.assign(predicates_.size(), 0);
        const SegmentReader::Block& times =
            segment.column(segment.time_column()).summary_blocks[group];
        if (newest_floor_ && times.null_count == 0 && times.max < *newest_floor_) {
          verdict = RowGroupPruner::Verdict::kOutsideTimeRange;
        }
      } else {
        verdict = pruner_->Judge(segment, group, &all_match_);
      }
      if (verdict == RowGroupPruner::Verdict::kOutsideTimeRange) {
        ++stats_.blocks_skipped;
        continue;
      }
      if (verdict == RowGroupPruner::Verdict::kNoMatch) {
        ++stats_.groups_filtered;
        continue;
      }
      SelectUnmarked(segment, group_first_row_, rows);
      if (selected_count_ == 0) {
        ++stats_.groups_filtered;
        continue;
      }
      for (Slot& slot : slots_)
        slot.loaded = false;
      Status status = Status::Ok();
      Select(rows, predicates_.size(), [&](size_t i) -> std::optional<ColumnView> {
        if (all_match_[i]) return std::nullopt;
        Slot& slot = slots_[predicate_slots_[i]];
        if (status.ok()) status = LoadSlot(segment, group, slot);
        if (!status.ok()) return ColumnView{};
        return SegmentView(slot);
      });
      RETURN_IF_ERROR(status);
      if (selected_count_ == 0) {
        ++stats_.groups_filtered;
        continue;
      }
      views_.clear();
      for (int s : output_slots_) {
        RETURN_IF_ERROR(LoadSlot(segment, group, slots_[s]));
        views_.push_back(SegmentView(slots_[s]));
      }
      source_loaded_ = true;
      return true;
    }
    ++segment_;
    segment_started_ = false;
  }
  return false;
}

void SegmentTableScanner::Emit(const std::vector<ColumnView>& views, DataChunk& out) {
  size_t n = std::min(kBatchCapacity, selected_count_ - emit_offset_);
  const uint32_t* rows = all_selected_ ? nullptr : selected_.get() + emit_offset_;
  out.columns.clear();
  out.columns.reserve(types_.size());
  for (size_t i = 0; i < types_.size(); ++i)
    out.columns.push_back(GatherColumn(views[i], types_[i], rows, emit_offset_, n));
  out.row_count_without_columns = n;
  if (positions_ != nullptr) {
    positions_->resize(n);
    for (size_t i = 0; i < n; ++i)
      (*positions_)[i] = group_first_row_ + (rows ? rows[i] : emit_offset_ + i);
  }
  emit_offset_ += n;
  if (emit_offset_ == selected_count_) source_loaded_ = false;
}

Result<bool> SegmentTableScanner::NextWithPositions(DataChunk& out,
                                                    std::vector<uint64_t>& positions) {
  if (!mem_runs_.empty()) {
    return Status::Error(ErrorCode::kInternal, "memtable rows have no segment positions");
  }
  positions_ = &positions;
  Result<bool> more = Next(out);
  positions_ = nullptr;
  return more;
}

Result<bool> SegmentTableScanner::Next(DataChunk& out) {
  if (!prepared_) RETURN_IF_ERROR(Prepare());
  while (true) {
    if (source_loaded_) {
      Emit(views_, out);
      return true;
    }
    if (segment_ < segments_.size()) {
      ASSIGN_OR_RETURN(bool loaded, LoadNextRowGroup());
      if (loaded) continue;
    }
    if (mem_run_ == mem_runs_.size()) return false;
    const MemRun& run = mem_runs_[mem_run_++];
    if (run.rows == 0) continue;
    all_selected_ = true;
    selected_count_ = run.rows;
    Select(run.rows, memtable_predicates_, [&](size_t i) -> std::optional<ColumnView> {
      return MemView(run, predicates_[i].column());
    });
    if (selected_count_ == 0) continue;
    views_.clear();
    for (int c : spec_.columns)
      views_.push_back(MemView(run, c));
    source_loaded_ = true;
  }
}

}  // namespace sundial::ts
