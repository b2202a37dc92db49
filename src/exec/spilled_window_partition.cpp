#include "exec/spilled_window_partition.h"

#include <algorithm>

#include "exec/operator_factories.h"
#include "exec/vector_ops.h"

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
  }
}

bool SpilledWindowPartition::ModeOf(const WindowCall& call, Mode& mode) {
  const WindowFrame& frame = call.frame;
  const WindowBoundKind end = frame.end.kind;
  switch (call.kind) {
    case WindowFunctionKind::kRowNumber:
    case WindowFunctionKind::kRank:
    case WindowFunctionKind::kDenseRank:
    case WindowFunctionKind::kPercentRank:
    case WindowFunctionKind::kCumeDist:
    case WindowFunctionKind::kNtile:
      mode = Mode::kRanking;
      return true;
    case WindowFunctionKind::kAggregate:
      if (!StartsAtPartition(frame)) return false;
      if (end == WindowBoundKind::kUnboundedFollowing) {
        mode = Mode::kWholeValue;
        return true;
      }
      if (end != WindowBoundKind::kCurrentRow) return false;
      mode = frame.unit == WindowFrameUnit::kRows ? Mode::kRunningRows : Mode::kGroupValue;
      return true;
    case WindowFunctionKind::kFirstValue:
      // Such a frame holds the partition's first row for every row.
      if (!StartsAtPartition(frame)) return false;
      if (end != WindowBoundKind::kCurrentRow && end != WindowBoundKind::kFollowing &&
          end != WindowBoundKind::kUnboundedFollowing) {
        return false;
      }
      mode = Mode::kFirstRow;
      return true;
    case WindowFunctionKind::kLastValue:
      if (!StartsAtOrBeforeRow(frame)) return false;
      if (end == WindowBoundKind::kUnboundedFollowing) {
        mode = Mode::kWholeValue;
        return true;
      }
      if (end != WindowBoundKind::kCurrentRow) return false;
      mode = frame.unit == WindowFrameUnit::kRows ? Mode::kCurrentRow : Mode::kGroupValue;
      return true;
    case WindowFunctionKind::kLag:
    case WindowFunctionKind::kLead:
    case WindowFunctionKind::kNthValue:
      return false;
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
  record_.clear();
  EncodeColumns(chunk.columns, chunk.size(), record_);
  RETURN_IF_ERROR(rows_file_->Append(record_));
  memory_.AddSpilled(sizeof(uint32_t) + record_.size());
  rows_ += chunk.size();
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
  size_t bytes = ChunkMemoryBytes(held_chunk_);
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
  record_.clear();
  EncodeColumns(group_block_, group_block_rows_, record_);
  RETURN_IF_ERROR(groups_file_->Append(record_));
  memory_.AddSpilled(sizeof(uint32_t) + record_.size());
  group_block_.clear();
  group_block_rows_ = 0;
  return Status::Ok();
}

// The first pass: peer groups (size and group values), the partition-wide
// values, and the first row.
Status SpilledWindowPartition::Finish() {
  for (size_t c = 0; c < plan_.calls.size(); ++c) {
    if (states_[c] != nullptr) states_[c]->Start();
  }
  whole_values_.clear();
  for (const WindowCall& call : plan_.calls)
    whole_values_.emplace_back(call.type, 1);
  if (rows_file_ == nullptr) return Status::Ok();
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
  RETURN_IF_ERROR(rows_file_->StartReading());
  if (groups_file_ != nullptr) RETURN_IF_ERROR(groups_file_->StartReading());
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
    case Mode::kRunningRows:
      states_[c]->Add(chunk.columns, call.args, row, row + 1);
      out.SetSize(row + 1);
      return states_[c]->FinalizeInto(out, row);
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
      const auto n = static_cast<int64_t>(rows_);
      const int64_t small = n / buckets;
      const int64_t large = n % buckets;
      const auto i = static_cast<int64_t>(ordinal_);
      const int64_t in_large = large * (small + 1);
      out.data<int32_t>()[row] = static_cast<int32_t>(
          i < in_large ? i / (small + 1) + 1 : large + (i - in_large) / small + 1);
      break;
    }
    default:
      return Status::Error(ErrorCode::kInternal, "window call cannot be computed from disk");
  }
  return Status::Ok();
}

// The second pass: one batch of rows with their results.
Result<bool> SpilledWindowPartition::Next(DataChunk& out) {
  if (rows_file_ == nullptr) return false;
  ASSIGN_OR_RETURN(bool more, ReadChunk(*rows_file_, input_types_, held_chunk_));
  if (!more) {
    held_chunk_ = DataChunk();
    return false;
  }
  const size_t n = held_chunk_.size();
  std::vector<ColumnVector> results;
  for (const WindowCall& call : plan_.calls)
    results.emplace_back(call.type, std::max<size_t>(n, 1));
  for (size_t r = 0; r < n; ++r, ++ordinal_) {
    RETURN_IF_ERROR(SeekGroup(ordinal_));
    for (size_t c = 0; c < plan_.calls.size(); ++c) {
      RETURN_IF_ERROR(ComputeRow(c, held_chunk_, r, results[c]));
    }
  }
  out = DataChunk();
  out.row_count_without_columns = n;
  out.columns = held_chunk_.columns;
  for (ColumnVector& column : results)
    out.columns.push_back(std::move(column));
  return true;
}

}  // namespace sundial::exec
