#include "exec/spilled_window_partition.h"

#include <algorithm>
#include <optional>

#include "exec/operator_factories.h"
#include "exec/vector_ops.h"
#include "exec/window_frame.h"

namespace sundial::exec {
namespace {

// Peer groups per record of the groups file.
constexpr size_t kGroupBlockRows = 1024;

Status CorruptGroups() {
  return Status::Error(ErrorCode::kCorruption, "window spill: peer groups end before the rows");
}

bool StartsAtPartition(const WindowFrame& frame) {
  return frame.start.kind == WindowBoundKind::kUnboundedPreceding &&
         frame.exclusion == WindowExclusion::kNone;
}

// A frame ending here always holds the current row when its start does not
// lie after it.
bool StartsAtOrBeforeRow(const WindowFrame& frame) {
  return frame.exclusion == WindowExclusion::kNone &&
         (frame.start.kind == WindowBoundKind::kUnboundedPreceding ||
          frame.start.kind == WindowBoundKind::kPreceding ||
          frame.start.kind == WindowBoundKind::kCurrentRow);
}

}  // namespace

SpilledWindowPartition::SpilledWindowPartition(const WindowPlan& plan, const ExecContext& context,
                                               OperatorMemory& memory)
    : plan_(plan),
      context_(context),
      memory_(memory),
      input_types_(plan.children[0]->output_types),
      order_ordering_(plan.order) {
  group_types_.push_back(DataType::Of(TypeId::kInt64));
  for (const WindowCall& call : plan.calls) {
    Mode mode = Mode::kRanking;
    ModeOf(call, mode);
    modes_.push_back(mode);
    states_.push_back(call.aggregate != nullptr
                          ? std::make_unique<WindowAggregateState>(*call.aggregate)
                          : nullptr);
    group_column_.push_back(group_types_.size());
    if (mode == Mode::kGroupValue) group_types_.push_back(call.type);
    if (mode == Mode::kRowsFrame || mode == Mode::kRunningRows) {
      for (const WindowBound* bound : {&call.frame.start, &call.frame.end}) {
        const auto offset = static_cast<uint64_t>(std::max<int64_t>(bound->rows, 0));
        if (bound->kind == WindowBoundKind::kPreceding) back_ = std::max(back_, offset);
        if (bound->kind == WindowBoundKind::kFollowing) ahead_ = std::max(ahead_, offset);
      }
    }
  }
  // EXCLUDE CURRENT ROW can make the row before the current one a frame's
  // last.
  back_ = std::max<uint64_t>(back_, 1);
  added_.assign(plan.calls.size(), 0);
  computed_pieces_.resize(plan.calls.size());
  computed_.assign(plan.calls.size(), 0);
}

bool SpilledWindowPartition::EndpointValueMode(const WindowCall& call, Mode& mode) {
  const WindowFrame& frame = call.frame;
  const WindowBoundKind end = frame.end.kind;
  if (call.kind == WindowFunctionKind::kFirstValue) {
    // Such a frame holds the partition's first row for every row.
    if (!StartsAtPartition(frame) || end == WindowBoundKind::kPreceding) return false;
    mode = Mode::kFirstRow;
    return true;
  }
  if (!StartsAtOrBeforeRow(frame)) return false;
  if (end == WindowBoundKind::kUnboundedFollowing) {
    mode = Mode::kWholeValue;
    return true;
  }
  if (frame.unit != WindowFrameUnit::kRows && end == WindowBoundKind::kCurrentRow) {
    mode = Mode::kGroupValue;
    return true;
  }
  return false;
}

bool SpilledWindowPartition::ModeOf(const WindowCall& call, Mode& mode) {
  const WindowFrame& frame = call.frame;
  const WindowBoundKind end = frame.end.kind;
  const bool rows = frame.unit == WindowFrameUnit::kRows;
  // A ROWS frame whose bounds lie within kMaxReach of the current row (an
  // UNBOUNDED PRECEDING start only where `open_start` allows it).
  auto within_reach = [&](bool open_start) {
    auto near = [](const WindowBound& bound) {
      return bound.kind == WindowBoundKind::kCurrentRow ||
             ((bound.kind == WindowBoundKind::kPreceding ||
               bound.kind == WindowBoundKind::kFollowing) &&
              static_cast<uint64_t>(bound.rows) <= kMaxReach);
    };
    return rows && near(frame.end) &&
           (near(frame.start) ||
            (open_start && frame.start.kind == WindowBoundKind::kUnboundedPreceding));
  };
  switch (call.kind) {
    case WindowFunctionKind::kRowNumber:
    case WindowFunctionKind::kRank:
    case WindowFunctionKind::kDenseRank:
    case WindowFunctionKind::kPercentRank:
    case WindowFunctionKind::kCumeDist:
    case WindowFunctionKind::kNtile:
      mode = Mode::kRanking;
      return true;
    case WindowFunctionKind::kLag:
    case WindowFunctionKind::kLead:
      mode = Mode::kShift;
      return true;
    case WindowFunctionKind::kAggregate:
      if (StartsAtPartition(frame)) {
        if (end == WindowBoundKind::kUnboundedFollowing) {
          mode = Mode::kWholeValue;
          return true;
        }
        if (!rows && end == WindowBoundKind::kCurrentRow) {
          mode = Mode::kGroupValue;
          return true;
        }
        if (within_reach(/*open_start=*/true)) {
          mode = Mode::kRunningRows;
          return true;
        }
        return false;
      }
      if (!within_reach(/*open_start=*/false)) return false;
      mode = Mode::kRowsFrame;
      return true;
    case WindowFunctionKind::kFirstValue:
    case WindowFunctionKind::kLastValue:
      if (EndpointValueMode(call, mode)) return true;
      // first_value of a frame open at the start takes row 0, kept from the
      // first pass; last_value of a frame ending within reach is within
      // reach.
      if (!within_reach(frame.exclusion == WindowExclusion::kNone ||
                        frame.exclusion == WindowExclusion::kCurrentRow)) {
        return false;
      }
      mode = Mode::kRowsFrame;
      return true;
    case WindowFunctionKind::kNthValue:
      if (!within_reach(/*open_start=*/false)) return false;
      mode = Mode::kRowsFrame;
      return true;
  }
  return false;
}

bool SpilledWindowPartition::Streamable(const WindowPlan& plan) {
  for (const WindowCall& call : plan.calls) {
    Mode mode = Mode::kRanking;
    if (!ModeOf(call, mode)) return false;
  }
  return true;
}

Status SpilledWindowPartition::Append(const DataChunk& chunk) {
  if (chunk.size() == 0) return Status::Ok();
  if (rows_file_ == nullptr) {
    ASSIGN_OR_RETURN(rows_file_, SpillFile::Create(context_.temp_dir));
  }
  RETURN_IF_ERROR(AppendRecord(*rows_file_, chunk.columns, chunk.size()));
  rows_ += chunk.size();
  return Status::Ok();
}

Status SpilledWindowPartition::AppendRecord(SpillFile& file,
                                            const std::vector<ColumnVector>& columns, size_t rows) {
  record_.clear();
  EncodeColumns(columns, rows, record_);
  RETURN_IF_ERROR(file.Append(record_));
  memory_.AddSpilled(sizeof(uint32_t) + record_.size());
  return Status::Ok();
}

Result<bool> SpilledWindowPartition::ReadChunk(SpillFile& file, const std::vector<DataType>& types,
                                               DataChunk& chunk) {
  ASSIGN_OR_RETURN(bool more, file.Read(record_));
  if (!more) return false;
  size_t rows = 0;
  RETURN_IF_ERROR(DecodeColumns(record_, types, chunk.columns, rows));
  chunk.row_count_without_columns = rows;
  return true;
}

Result<bool> SpilledWindowPartition::NextInput(DataChunk& chunk) {
  if (rows_file_ == nullptr) return false;
  if (!reading_input_) {
    RETURN_IF_ERROR(rows_file_->StartReading());
    reading_input_ = true;
  }
  return ReadChunk(*rows_file_, input_types_, chunk);
}

size_t SpilledWindowPartition::held_bytes() const {
  size_t bytes = 0;
  for (const LoadedChunk& loaded : window_)
    bytes += ChunkMemoryBytes(loaded.chunk);
  for (const std::vector<ColumnVector>* columns : {&group_block_, &whole_values_, &first_row_}) {
    for (const ColumnVector& column : *columns)
      bytes += VectorMemoryBytes(column);
  }
  return bytes;
}

Status SpilledWindowPartition::CloseGroup(uint64_t size, const DataChunk& chunk, size_t last_row) {
  if (group_block_.empty()) {
    for (const DataType& type : group_types_)
      group_block_.emplace_back(type, kGroupBlockRows);
  }
  const size_t g = group_block_rows_;
  group_block_[0].SetSize(g + 1);
  group_block_[0].data<int64_t>()[g] = static_cast<int64_t>(size);
  for (size_t c = 0; c < plan_.calls.size(); ++c) {
    if (modes_[c] != Mode::kGroupValue) continue;
    ColumnVector& out = group_block_[group_column_[c]];
    if (states_[c] != nullptr) {
      out.SetSize(g + 1);
      RETURN_IF_ERROR(states_[c]->FinalizeInto(out, g));
    } else {
      // last_value over the peer group: its last row.
      out.AppendFrom(chunk.columns[plan_.calls[c].args[0]], last_row);
    }
  }
  if (++group_block_rows_ == kGroupBlockRows) return FlushGroups();
  return Status::Ok();
}

Status SpilledWindowPartition::FlushGroups() {
  if (group_block_rows_ == 0) return Status::Ok();
  if (groups_file_ == nullptr) {
    ASSIGN_OR_RETURN(groups_file_, SpillFile::Create(context_.temp_dir));
  }
  RETURN_IF_ERROR(AppendRecord(*groups_file_, group_block_, group_block_rows_));
  group_block_.clear();
  group_block_rows_ = 0;
  return Status::Ok();
}

// The first pass: peer groups (size and group values), the partition-wide
// values, and the first row.
Result<bool> SpilledWindowPartition::Finish() {
  for (size_t c = 0; c < plan_.calls.size(); ++c) {
    if (states_[c] != nullptr) states_[c]->Start();
  }
  whole_values_.clear();
  for (const WindowCall& call : plan_.calls)
    whole_values_.emplace_back(call.type, 1);
  if (rows_file_ == nullptr) return true;
  RETURN_IF_ERROR(rows_file_->StartReading());
  // Folds rows [begin, end) of a chunk into the states of group and
  // partition values.
  auto fold = [&](const DataChunk& chunk, size_t begin, size_t end) {
    for (size_t c = 0; c < plan_.calls.size(); ++c) {
      if (states_[c] != nullptr &&
          (modes_[c] == Mode::kGroupValue || modes_[c] == Mode::kWholeValue)) {
        states_[c]->Add(chunk.columns, plan_.calls[c].args, begin, end);
      }
    }
  };
  DataChunk previous;
  std::vector<ColumnVector> previous_order;
  uint64_t group_size = 0;
  DataChunk chunk;
  while (true) {
    RETURN_IF_ERROR(CheckCanceled(context_));
    ASSIGN_OR_RETURN(bool more, ReadChunk(*rows_file_, input_types_, chunk));
    if (!more) break;
    const size_t n = chunk.size();
    if (n == 0) continue;
    if (first_row_.empty()) {
      for (const ColumnVector& column : chunk.columns) {
        first_row_.emplace_back(column.type(), 1);
        first_row_.back().AppendFrom(column, 0);
      }
    }
    for (const WindowCall& call : plan_.calls) {
      if (call.kind != WindowFunctionKind::kLag && call.kind != WindowFunctionKind::kLead) continue;
      const bool lag = call.kind == WindowFunctionKind::kLag;
      for (size_t r = 0; r < n; ++r) {
        int64_t distance = 1;
        if (call.args.size() > 1) {
          const ColumnVector& offset = chunk.columns[call.args[1]];
          if (offset.IsNull(r)) continue;
          distance = offset.data<int32_t>()[r];
        }
        // Targets outside the partition read no row.
        const auto reach =
            std::min<uint64_t>(rows_, static_cast<uint64_t>(distance < 0 ? -distance : distance));
        ((distance < 0) == lag ? ahead_ : back_) =
            std::max((distance < 0) == lag ? ahead_ : back_, reach);
      }
    }
    std::vector<ColumnVector> order;
    for (const SortKey& key : plan_.order)
      order.push_back(chunk.columns[key.expr->column]);
    size_t segment = 0;
    for (size_t r = 0; r < n; ++r) {
      bool boundary =
          group_size > 0 && !order.empty() &&
          (r == 0 ? order_ordering_.Compare(previous_order, previous.size() - 1, order, 0) != 0
                  : order_ordering_.Compare(order, r - 1, order, r) != 0);
      if (boundary) {
        fold(chunk, segment, r);
        if (r == 0) {
          RETURN_IF_ERROR(CloseGroup(group_size, previous, previous.size() - 1));
        } else {
          RETURN_IF_ERROR(CloseGroup(group_size, chunk, r - 1));
        }
        segment = r;
        group_size = 0;
      }
      ++group_size;
    }
    fold(chunk, segment, n);
    previous = std::move(chunk);
    previous_order = std::move(order);
    chunk = DataChunk();
    memory_.SetUsed(held_bytes() + ChunkMemoryBytes(previous));
  }
  if (group_size > 0) RETURN_IF_ERROR(CloseGroup(group_size, previous, previous.size() - 1));
  RETURN_IF_ERROR(FlushGroups());
  for (size_t c = 0; c < plan_.calls.size(); ++c) {
    if (modes_[c] == Mode::kWholeValue) {
      if (states_[c] != nullptr) {
        whole_values_[c].SetSize(1);
        RETURN_IF_ERROR(states_[c]->FinalizeInto(whole_values_[c], 0));
      } else {
        // last_value to the partition end: the last row.
        whole_values_[c].AppendFrom(previous.columns[plan_.calls[c].args[0]], previous.size() - 1);
      }
    }
    if (modes_[c] == Mode::kRunningRows) states_[c]->Start();
  }
  if (back_ > kMaxReach || ahead_ > kMaxReach) return false;
  RETURN_IF_ERROR(rows_file_->StartReading());
  if (groups_file_ != nullptr) RETURN_IF_ERROR(groups_file_->StartReading());
  return true;
}

Status SpilledWindowPartition::LoadThrough(uint64_t end) {
  while (loaded_end_ < std::min(end, rows_)) {
    LoadedChunk loaded{.first = loaded_end_};
    ASSIGN_OR_RETURN(bool more, ReadChunk(*rows_file_, input_types_, loaded.chunk));
    if (!more || loaded.chunk.size() == 0) {
      return Status::Error(ErrorCode::kCorruption, "window spill: rows end early");
    }
    loaded_end_ += loaded.chunk.size();
    window_.push_back(std::move(loaded));
  }
  return Status::Ok();
}

std::pair<const DataChunk*, size_t> SpilledWindowPartition::Locate(uint64_t ordinal) const {
  for (const LoadedChunk& loaded : window_) {
    if (ordinal < loaded.first + loaded.chunk.size()) {
      return {&loaded.chunk, static_cast<size_t>(ordinal - loaded.first)};
    }
  }
  return {nullptr, 0};
}

void SpilledWindowPartition::AddRange(WindowAggregateState& state, const std::vector<int>& args,
                                      uint64_t first, uint64_t last) const {
  for (const LoadedChunk& loaded : window_) {
    const uint64_t begin = std::max(first, loaded.first);
    const uint64_t end = std::min(last, loaded.first + loaded.chunk.size());
    if (begin < end) {
      state.Add(loaded.chunk.columns, args, static_cast<size_t>(begin - loaded.first),
                static_cast<size_t>(end - loaded.first));
    }
  }
}

std::pair<uint64_t, uint64_t> SpilledWindowPartition::RowsFrame(const WindowFrame& frame,
                                                                uint64_t row) const {
  auto locate = [&](const WindowBound& bound, bool is_start) -> uint64_t {
    const auto offset = static_cast<uint64_t>(std::max<int64_t>(bound.rows, 0));
    // The end is exclusive: one past the bound's row.
    const uint64_t extra = is_start ? 0 : 1;
    switch (bound.kind) {
      case WindowBoundKind::kUnboundedPreceding:
        return 0;
      case WindowBoundKind::kUnboundedFollowing:
        return rows_;
      case WindowBoundKind::kCurrentRow:
        return row + extra;
      case WindowBoundKind::kPreceding:
        return offset > row ? 0 : row - offset + extra;
      case WindowBoundKind::kFollowing:
        return offset >= rows_ - row ? rows_ : std::min(rows_, row + offset + extra);
    }
    return rows_;
  };
  const uint64_t first = locate(frame.start, true);
  return {first, std::max(first, locate(frame.end, false))};
}

FramePieces SpilledWindowPartition::RowsFramePieces(const WindowFrame& frame, uint64_t row) const {
  auto [first, last] = RowsFrame(frame, row);
  return CutExcluded(first, last, frame.exclusion, row, group_start_, group_end_);
}

// lag / lead (value [, offset [, default]]) of the current row.
Status SpilledWindowPartition::Shift(const WindowCall& call, const DataChunk& chunk, size_t row,
                                     ColumnVector& out) {
  int64_t distance = 1;
  if (call.args.size() > 1) {
    const ColumnVector& offset = chunk.columns[call.args[1]];
    if (offset.IsNull(row)) {
      out.SetSize(row + 1);
      out.SetNull(row, true);
      return Status::Ok();
    }
    distance = offset.data<int32_t>()[row];
  }
  const int64_t target =
      static_cast<int64_t>(ordinal_) + (call.kind == WindowFunctionKind::kLag ? -1 : 1) * distance;
  if (target >= 0 && target < static_cast<int64_t>(rows_)) {
    auto [source, source_row] = Locate(static_cast<uint64_t>(target));
    if (source == nullptr) return Status::Error(ErrorCode::kInternal, "lag/lead out of reach");
    out.AppendFrom(source->columns[call.args[0]], source_row);
  } else if (call.args.size() > 2) {
    out.AppendFrom(chunk.columns[call.args[2]], row);
  } else {
    out.SetSize(row + 1);
    out.SetNull(row, true);
  }
  return Status::Ok();
}

// An aggregate or a frame value over the current row's ROWS frame.
Status SpilledWindowPartition::ComputeFrameValue(size_t c, const DataChunk& chunk, size_t row,
                                                 ColumnVector& out) {
  const WindowCall& call = plan_.calls[c];
  FramePieces pieces = RowsFramePieces(call.frame, ordinal_);
  if (states_[c] != nullptr) {
    if (!computed_[c] || pieces != computed_pieces_[c]) {
      states_[c]->Start();
      for (const auto& [first, last] : pieces)
        AddRange(*states_[c], call.args, first, last);
      computed_pieces_[c] = std::move(pieces);
      computed_[c] = 1;
    }
    out.SetSize(row + 1);
    return states_[c]->FinalizeInto(out, row);
  }
  int64_t nth = 0;
  if (call.kind == WindowFunctionKind::kNthValue) {
    const ColumnVector& nth_arg = chunk.columns[call.args[1]];
    if (nth_arg.IsNull(row)) {
      out.SetSize(row + 1);
      out.SetNull(row, true);
      return Status::Ok();
    }
    nth = nth_arg.data<int32_t>()[row];
  }
  ASSIGN_OR_RETURN(std::optional<size_t> pick, PickFrameRow(call.kind, pieces, nth));
  if (!pick) {
    out.SetSize(row + 1);
    out.SetNull(row, true);
    return Status::Ok();
  }
  if (*pick == 0) {
    out.AppendFrom(first_row_[call.args[0]], 0);
    return Status::Ok();
  }
  auto [source, source_row] = Locate(*pick);
  if (source == nullptr) return Status::Error(ErrorCode::kInternal, "window frame out of reach");
  out.AppendFrom(source->columns[call.args[0]], source_row);
  return Status::Ok();
}

Status SpilledWindowPartition::SeekGroup(uint64_t ordinal) {
  while (!group_loaded_ || ordinal >= group_end_) {
    if (group_loaded_) {
      ++group_index_;
      group_start_ = group_end_;
      ++group_in_block_;
    }
    if (!group_loaded_ || group_in_block_ >= group_block_rows_) {
      DataChunk block;
      if (groups_file_ == nullptr) return CorruptGroups();
      ASSIGN_OR_RETURN(bool more, ReadChunk(*groups_file_, group_types_, block));
      if (!more || block.size() == 0) return CorruptGroups();
      group_block_ = std::move(block.columns);
      group_block_rows_ = block.size();
      group_in_block_ = 0;
    }
    group_end_ =
        group_start_ + static_cast<uint64_t>(group_block_[0].data<int64_t>()[group_in_block_]);
    group_loaded_ = true;
  }
  return Status::Ok();
}

Status SpilledWindowPartition::ComputeRow(size_t c, const DataChunk& chunk, size_t row,
                                          ColumnVector& out) {
  const WindowCall& call = plan_.calls[c];
  switch (modes_[c]) {
    case Mode::kRunningRows: {
      const uint64_t last = RowsFrame(call.frame, ordinal_).second;
      if (last > added_[c]) {
        AddRange(*states_[c], call.args, added_[c], last);
        added_[c] = last;
      }
      out.SetSize(row + 1);
      return states_[c]->FinalizeInto(out, row);
    }
    case Mode::kRowsFrame:
      return ComputeFrameValue(c, chunk, row, out);
    case Mode::kShift:
      return Shift(call, chunk, row, out);
    case Mode::kGroupValue:
      out.AppendFrom(group_block_[group_column_[c]], group_in_block_);
      return Status::Ok();
    case Mode::kWholeValue:
      out.AppendFrom(whole_values_[c], 0);
      return Status::Ok();
    case Mode::kFirstRow:
      out.AppendFrom(first_row_[call.args[0]], 0);
      return Status::Ok();
    case Mode::kCurrentRow:
      out.AppendFrom(chunk.columns[call.args[0]], row);
      return Status::Ok();
    case Mode::kRanking:
      break;
  }
  out.SetSize(row + 1);
  const double size = static_cast<double>(rows_);
  switch (call.kind) {
    case WindowFunctionKind::kRowNumber:
      out.data<int64_t>()[row] = static_cast<int64_t>(ordinal_ + 1);
      break;
    case WindowFunctionKind::kRank:
      out.data<int64_t>()[row] = static_cast<int64_t>(group_start_ + 1);
      break;
    case WindowFunctionKind::kDenseRank:
      out.data<int64_t>()[row] = static_cast<int64_t>(group_index_ + 1);
      break;
    case WindowFunctionKind::kPercentRank:
      out.data<double>()[row] = rows_ > 1 ? static_cast<double>(group_start_) / (size - 1) : 0.0;
      break;
    case WindowFunctionKind::kCumeDist:
      out.data<double>()[row] = static_cast<double>(group_end_) / size;
      break;
    case WindowFunctionKind::kNtile: {
      // n as evaluated on the partition's first row, as PostgreSQL does.
      const ColumnVector& buckets_arg = first_row_[call.args[0]];
      if (buckets_arg.IsNull(0)) {
        out.SetNull(row, true);
        break;
      }
      const int64_t buckets = buckets_arg.data<int32_t>()[0];
      if (buckets <= 0) {
        return Status::Error(ErrorCode::kInvalidNtileArgument,
                             "argument of ntile must be greater than zero");
      }
      out.data<int32_t>()[row] =
          NtileBucket(static_cast<int64_t>(ordinal_), static_cast<int64_t>(rows_), buckets);
      break;
    }
    default:
      return Status::Error(ErrorCode::kInternal, "window call cannot be computed from disk");
  }
  return Status::Ok();
}

// The second pass: one batch of rows with their results.
Result<bool> SpilledWindowPartition::Next(DataChunk& out) {
  if (rows_file_ == nullptr || ordinal_ >= rows_) {
    window_.clear();
    return false;
  }
  // Rows before the reach of this batch's first row are no longer needed.
  while (!window_.empty() &&
         window_.front().first + window_.front().chunk.size() + back_ <= ordinal_) {
    window_.pop_front();
  }
  RETURN_IF_ERROR(LoadThrough(ordinal_ + 1));
  auto [found, first_row] = Locate(ordinal_);
  if (found == nullptr || first_row != 0) {
    return Status::Error(ErrorCode::kInternal, "window spill: batch does not start a chunk");
  }
  const DataChunk chunk = *found;
  const size_t n = chunk.size();
  RETURN_IF_ERROR(LoadThrough(ordinal_ + n + ahead_));
  memory_.SetUsed(held_bytes());
  std::vector<ColumnVector> results;
  for (const WindowCall& call : plan_.calls)
    results.emplace_back(call.type, std::max<size_t>(n, 1));
  for (size_t r = 0; r < n; ++r, ++ordinal_) {
    RETURN_IF_ERROR(SeekGroup(ordinal_));
    for (size_t c = 0; c < plan_.calls.size(); ++c) {
      RETURN_IF_ERROR(ComputeRow(c, chunk, r, results[c]));
    }
  }
  out = DataChunk();
  out.row_count_without_columns = n;
  out.columns = chunk.columns;
  for (ColumnVector& column : results)
    out.columns.push_back(std::move(column));
  return true;
}

}  // namespace sundial::exec
