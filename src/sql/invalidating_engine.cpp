#include "sql/invalidating_engine.h"

#include <algorithm>
#include <limits>

namespace sundial::sql {
namespace {

constexpr int64_t kMinTime = std::numeric_limits<int64_t>::min();
constexpr int64_t kMaxTime = std::numeric_limits<int64_t>::max();

// The smallest and largest non-NULL time of the chosen rows (all rows when
// `chosen` is null), folded into [min, max].
void WidenTimes(const ColumnVector& times, size_t rows, const std::vector<uint8_t>* chosen,
                int64_t& min, int64_t& max) {
  const int64_t* values = times.data<int64_t>();
  for (size_t i = 0; i < rows; ++i) {
    if ((chosen != nullptr && (*chosen)[i] == 0) || times.IsNull(i)) continue;
    min = std::min(min, values[i]);
    max = std::max(max, values[i]);
  }
}

// Candidate rows that read the time column, appended when the caller's scan
// leaves it out; `Shown` gives the caller its rows without it.
struct TimedCandidates {
  TimedCandidates(const ts::ScanSpec& candidates, int time_column) : spec(candidates) {
    auto position = std::find(spec.columns.begin(), spec.columns.end(), time_column);
    time_index = static_cast<size_t>(position - spec.columns.begin());
    added = position == spec.columns.end();
    if (added) spec.columns.push_back(time_column);
  }
  const DataChunk& Shown(const DataChunk& rows, DataChunk& scratch) const {
    if (!added) return rows;
    scratch.columns.assign(rows.columns.begin(), rows.columns.end() - 1);
    scratch.row_count_without_columns = rows.size();
    return scratch;
  }

  ts::ScanSpec spec;
  size_t time_index = 0;
  bool added = false;
};

// Invalidates the bucket span of a bulk load's rows when it commits.
class InvalidatingBulkLoad final : public ts::BulkLoad {
 public:
  InvalidatingBulkLoad(std::unique_ptr<ts::BulkLoad> load, ContinuousAggregateRanges& ranges,
                       uint32_t table_id, int time_column)
      : load_(std::move(load)), ranges_(ranges), table_id_(table_id), time_column_(time_column) {}

  Status Add(std::vector<DataChunk> chunks) override {
    for (const DataChunk& chunk : chunks) {
      WidenTimes(chunk.columns[time_column_], chunk.size(), nullptr, min_, max_);
    }
    return load_->Add(std::move(chunks));
  }
  Status Commit() override {
    auto writing = ranges_.HoldWrites();
    // Asked now, not when the load began: an aggregate created meanwhile
    // has not seen these rows.
    if (min_ <= max_ && ranges_.HasAggregates(table_id_)) {
      RETURN_IF_ERROR(ranges_.Invalidate(table_id_, min_, max_));
    }
    return load_->Commit();
  }

 private:
  std::unique_ptr<ts::BulkLoad> load_;
  ContinuousAggregateRanges& ranges_;
  uint32_t table_id_;
  int time_column_;
  int64_t min_ = kMaxTime;
  int64_t max_ = kMinTime;
};

}  // namespace

std::optional<int> InvalidatingEngine::AggregatedTimeColumn(uint32_t table_id) const {
  if (!ranges_.HasAggregates(table_id)) return std::nullopt;
  for (const ts::TableSchema& table : store_.ListTables()) {
    if (table.table_id == table_id) return table.time_column;
  }
  return std::nullopt;
}

Status InvalidatingEngine::AppendTables(const std::vector<ts::TableAppend>& tables) {
  auto writing = ranges_.HoldWrites();
  RETURN_IF_ERROR(InvalidateAppended(tables));
  return store_.AppendTables(tables);
}

Status InvalidatingEngine::InvalidateAppended(const std::vector<ts::TableAppend>& tables) {
  for (const ts::TableAppend& append : tables) {
    std::optional<int> time_column = AggregatedTimeColumn(append.table_id);
    if (!time_column) continue;
    int64_t min = kMaxTime;
    int64_t max = kMinTime;
    for (const DataChunk& chunk : append.chunks) {
      if (static_cast<size_t>(*time_column) >= chunk.columns.size()) continue;
      WidenTimes(chunk.columns[*time_column], chunk.size(), nullptr, min, max);
    }
    if (min <= max) RETURN_IF_ERROR(ranges_.Invalidate(append.table_id, min, max));
  }
  return Status::Ok();
}

Status InvalidatingEngine::CommitBlock(const std::vector<ts::TableAppend>& tables,
                                       const std::vector<ts::BlockDeletes>& deletes) {
  auto writing = ranges_.HoldWrites();
  RETURN_IF_ERROR(InvalidateAppended(tables));
  for (const ts::BlockDeletes& block : deletes) {
    if (block.time_min > block.time_max || !AggregatedTimeColumn(block.table_id)) continue;
    RETURN_IF_ERROR(ranges_.Invalidate(block.table_id, block.time_min, block.time_max));
  }
  return store_.CommitBlock(tables, deletes);
}

Result<uint64_t> InvalidatingEngine::MatchRowsInBlock(const ts::ScanSpec& candidates,
                                                      const ts::RowReplacer& replacer,
                                                      ts::BlockDeletes& deletes,
                                                      std::vector<DataChunk>& replacements) {
  // Every hypertable's removed rows are tracked: a continuous aggregate may
  // be created before the block commits.
  std::optional<int> time_column;
  for (const ts::TableSchema& table : store_.ListTables()) {
    if (table.table_id == candidates.table_id) time_column = table.time_column;
  }
  if (!time_column) return store_.MatchRowsInBlock(candidates, replacer, deletes, replacements);
  const TimedCandidates timed(candidates, *time_column);
  ts::RowReplacer widening = [&](const DataChunk& rows, std::vector<uint8_t>& matches,
                                 std::vector<DataChunk>& picked) -> Status {
    DataChunk scratch;
    // New versions join the block's appends, invalidated with them.
    RETURN_IF_ERROR(replacer(timed.Shown(rows, scratch), matches, picked));
    WidenTimes(rows.columns[timed.time_index], rows.size(), &matches, deletes.time_min,
               deletes.time_max);
    return Status::Ok();
  };
  return store_.MatchRowsInBlock(timed.spec, widening, deletes, replacements);
}

Result<std::unique_ptr<ts::BulkLoad>> InvalidatingEngine::BeginBulkLoad(uint32_t table_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<ts::BulkLoad> load, store_.BeginBulkLoad(table_id));
  // Every hypertable's load is tracked: a continuous aggregate may be
  // created while it runs.
  std::optional<int> time_column;
  for (const ts::TableSchema& table : store_.ListTables()) {
    if (table.table_id == table_id) time_column = table.time_column;
  }
  if (!time_column) return load;
  return std::unique_ptr<ts::BulkLoad>(
      std::make_unique<InvalidatingBulkLoad>(std::move(load), ranges_, table_id, *time_column));
}

Result<uint64_t> InvalidatingEngine::DeleteRows(const ts::ScanSpec& candidates,
                                                const ts::RowMatcher& matcher,
                                                const ts::TimeRange& whole_partitions) {
  auto writing = ranges_.HoldWrites();
  std::optional<int> time_column = AggregatedTimeColumn(candidates.table_id);
  if (!time_column) return store_.DeleteRows(candidates, matcher, whole_partitions);
  // Whole partitions go unread: their span is invalidated as a whole.
  if (whole_partitions.begin < whole_partitions.end) {
    RETURN_IF_ERROR(
        ranges_.Invalidate(candidates.table_id, whole_partitions.begin,
                           whole_partitions.end == kMaxTime ? kMaxTime : whole_partitions.end - 1));
  }
  // The rows the matcher picks are invalidated before the delete is
  // published; the time column is read for it if the scan leaves it out.
  const TimedCandidates timed(candidates, *time_column);
  const uint32_t table_id = candidates.table_id;
  ts::RowMatcher invalidating = [&](const DataChunk& rows, std::vector<uint8_t>& matches) {
    DataChunk scratch;
    RETURN_IF_ERROR(matcher(timed.Shown(rows, scratch), matches));
    int64_t min = kMaxTime;
    int64_t max = kMinTime;
    WidenTimes(rows.columns[timed.time_index], rows.size(), &matches, min, max);
    if (min > max) return Status::Ok();
    return ranges_.Invalidate(table_id, min, max);
  };
  return store_.DeleteRows(timed.spec, invalidating, whole_partitions);
}

Result<uint64_t> InvalidatingEngine::ReplaceRows(const ts::ScanSpec& candidates,
                                                 const ts::RowReplacer& replacer,
                                                 std::vector<DataChunk> added) {
  auto writing = ranges_.HoldWrites();
  std::optional<int> time_column = AggregatedTimeColumn(candidates.table_id);
  if (!time_column) return store_.ReplaceRows(candidates, replacer, std::move(added));
  int64_t added_min = kMaxTime;
  int64_t added_max = kMinTime;
  for (const DataChunk& chunk : added)
    WidenTimes(chunk.columns[*time_column], chunk.size(), nullptr, added_min, added_max);
  if (added_min <= added_max) {
    RETURN_IF_ERROR(ranges_.Invalidate(candidates.table_id, added_min, added_max));
  }
  auto position = std::find(candidates.columns.begin(), candidates.columns.end(), *time_column);
  if (position == candidates.columns.end()) {
    return Status::Error(ErrorCode::kInternal, "an UPDATE must read the time column");
  }
  const size_t time_index = static_cast<size_t>(position - candidates.columns.begin());
  const uint32_t table_id = candidates.table_id;
  const int new_time_index = *time_column;
  ts::RowReplacer invalidating = [&, time_index, new_time_index](
                                     const DataChunk& rows, std::vector<uint8_t>& matches,
                                     std::vector<DataChunk>& replacements) -> Status {
    const size_t before = replacements.size();
    RETURN_IF_ERROR(replacer(rows, matches, replacements));
    int64_t min = kMaxTime;
    int64_t max = kMinTime;
    WidenTimes(rows.columns[time_index], rows.size(), &matches, min, max);
    for (size_t i = before; i < replacements.size(); ++i) {
      const DataChunk& added = replacements[i];
      WidenTimes(added.columns[new_time_index], added.size(), nullptr, min, max);
    }
    if (min > max) return Status::Ok();
    return ranges_.Invalidate(table_id, min, max);
  };
  return store_.ReplaceRows(candidates, invalidating, std::move(added));
}

Status InvalidatingEngine::TruncateTables(const std::vector<std::string>& names) {
  auto writing = ranges_.HoldWrites();
  for (const std::string& name : names) {
    std::optional<ts::TableSchema> table = store_.FindTable(name);
    if (table && ranges_.HasAggregates(table->table_id)) {
      RETURN_IF_ERROR(ranges_.Invalidate(table->table_id, kMinTime, kMaxTime));
    }
  }
  return store_.TruncateTables(names);
}

}  // namespace sundial::sql
