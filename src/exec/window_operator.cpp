#include <algorithm>
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "exec/function_registry.h"
#include "exec/operator_factories.h"
#include "exec/row_ordering.h"
#include "exec/spilled_window_partition.h"
#include "exec/vector_ops.h"
#include "exec/window_aggregate_state.h"
#include "exec/window_frame.h"

namespace sundial::exec {
namespace {

std::vector<SortKey> PartitionKeys(const WindowPlan& plan, const std::vector<DataType>& types) {
  std::vector<SortKey> keys;
  for (int column : plan.partition_columns) {
    keys.push_back(SortKey{.expr = MakeColumnRef(column, types[column])});
  }
  return keys;
}

// The ordering a RANGE offset frame compares order keys with bound values
// under (the order key's direction and NULL placement); null without one.
std::unique_ptr<RowOrdering> RangeOrdering(const WindowPlan& plan, const WindowCall& call,
                                           const std::vector<DataType>& types) {
  if (call.frame.range_key_column < 0) return nullptr;
  SortKey key = plan.order[0];
  key.expr = MakeColumnRef(call.frame.range_key_column, types[call.frame.range_key_column]);
  return std::make_unique<RowOrdering>(std::vector<SortKey>{key});
}

void AppendNull(ColumnVector& out) {
  size_t at = out.size();
  out.SetSize(at + 1);
  out.SetNull(at, true);
}

// Rows of the complete partitions being computed, in contiguous columns,
// with the partition and peer-group boundaries of every row.
struct Rows {
  std::vector<ColumnVector> columns;
  std::vector<size_t> peer_start;
  std::vector<size_t> peer_end;  // exclusive
  // Peer groups of the rows, numbered across all partitions being computed
  // (partition starts are group starts): the group of each row, and where
  // each group starts and ends.
  std::vector<size_t> group_of;
  std::vector<size_t> group_start;
  std::vector<size_t> group_end;
};

using Pieces = FramePieces;

// Computes window functions over input sorted by partition and order keys.
// Input is buffered until a partition is known to be complete (the next
// partition began or the input ended); complete partitions are gathered
// into contiguous columns, computed, and emitted in batches. Only the
// partitions being computed are held, so a sort below that spilled is not
// pulled back into memory all at once.
//
// The buffered rows, the partitions being computed and their results are
// charged to the operator's account. When the rows of one incomplete
// partition alone outgrow work_mem, that partition goes to disk
// (SpilledWindowPartition) as it arrives; once complete it is computed in
// two sequential passes when its calls allow, else read back and computed in
// memory.
class WindowOperator final : public Operator {
 public:
  WindowOperator(const WindowPlan& plan, std::unique_ptr<Operator> child, ExecContext& context)
      : plan_(plan),
        child_(std::move(child)),
        context_(context),
        input_types_(plan.children[0]->output_types),
        partition_ordering_(PartitionKeys(plan, input_types_)),
        order_ordering_(plan.order),
        memory_(context.memory.Register("Window", context.work_mem_bytes)) {
    for (const WindowCall& call : plan.calls) {
      range_orderings_.push_back(RangeOrdering(plan, call, input_types_));
    }
  }

  Result<bool> Next(DataChunk& out) override {
    while (next_ready_ >= ready_.size()) {
      ready_.clear();
      next_ready_ = 0;
      ready_bytes_ = 0;
      RETURN_IF_ERROR(CheckCanceled(context_));
      if (spilled_ != nullptr && spilled_complete_) {
        DataChunk chunk;
        ASSIGN_OR_RETURN(bool more, spilled_->Next(chunk));
        if (more) {
          ready_.push_back(std::move(chunk));
        } else {
          spilled_.reset();
          spilled_complete_ = false;
        }
        UpdateMemory();
        continue;
      }
      if (input_done_ && pending_rows_ == 0 && spilled_ == nullptr) return false;
      if (!input_done_) {
        DataChunk chunk;
        ASSIGN_OR_RETURN(bool more, child_->Next(chunk));
        if (!more) {
          input_done_ = true;
          if (spilled_ != nullptr) RETURN_IF_ERROR(CompleteSpilled());
        } else if (chunk.size() > 0) {
          if (spilled_ != nullptr) {
            RETURN_IF_ERROR(AddToSpilled(std::move(chunk)));
          } else {
            AddChunk(std::move(chunk));
          }
        }
      }
      if (spilled_ != nullptr) continue;
      UpdateMemory();
      size_t complete = input_done_ ? pending_rows_ : last_partition_start_;
      if (complete > 0 && (input_done_ || complete >= kBatchCapacity || memory_.over_limit())) {
        RETURN_IF_ERROR(Process(complete));
      } else if (complete == 0 && !input_done_ && memory_.over_limit()) {
        RETURN_IF_ERROR(SpillPending());
      }
    }
    out = std::move(ready_[next_ready_++]);
    return true;
  }

 private:
  std::vector<ColumnVector> KeyColumns(const std::vector<ColumnVector>& columns) const {
    std::vector<ColumnVector> keys;
    for (int column : plan_.partition_columns)
      keys.push_back(columns[column]);
    return keys;
  }
  std::vector<ColumnVector> OrderColumns(const std::vector<ColumnVector>& columns) const {
    std::vector<ColumnVector> keys;
    for (const SortKey& key : plan_.order)
      keys.push_back(columns[key.expr->column]);
    return keys;
  }

  void UpdateMemory() {
    memory_.SetUsed(pending_bytes_ + ready_bytes_ +
                    (spilled_ != nullptr ? spilled_->held_bytes() : 0));
  }

  // The buffered rows are one incomplete partition too large for work_mem:
  // it continues on disk.
  Status SpillPending() {
    spilled_ = std::make_unique<SpilledWindowPartition>(plan_, context_, memory_);
    for (const DataChunk& chunk : pending_)
      RETURN_IF_ERROR(spilled_->Append(chunk));
    pending_.clear();
    pending_rows_ = 0;
    pending_bytes_ = 0;
    last_partition_start_ = 0;
    UpdateMemory();
    return Status::Ok();
  }

  // Appends the rows of the spilled partition to it; rows of the partitions
  // after it complete it and are buffered as usual.
  Status AddToSpilled(DataChunk chunk) {
    const size_t n = chunk.size();
    std::vector<ColumnVector> keys = KeyColumns(chunk.columns);
    size_t end = n;
    if (!keys.empty()) {
      for (size_t i = 0; i < n; ++i) {
        bool starts = i == 0
                          ? partition_ordering_.Compare(previous_keys_, previous_row_, keys, 0) != 0
                          : partition_ordering_.Compare(keys, i - 1, keys, i) != 0;
        if (starts) {
          end = i;
          break;
        }
      }
    }
    if (end == n) {
      RETURN_IF_ERROR(spilled_->Append(chunk));
      previous_keys_ = std::move(keys);
      previous_row_ = n - 1;
      return Status::Ok();
    }
    if (end > 0) RETURN_IF_ERROR(spilled_->Append(SliceChunk(chunk, 0, end)));
    RETURN_IF_ERROR(CompleteSpilled());
    AddChunk(SliceChunk(chunk, end, n - end));
    return Status::Ok();
  }

  static DataChunk SliceChunk(const DataChunk& chunk, size_t begin, size_t n) {
    DataChunk out;
    out.row_count_without_columns = n;
    for (const ColumnVector& column : chunk.columns)
      out.columns.push_back(SliceRows(column, begin, n));
    return out;
  }

  // The spilled partition is complete: computed from disk when its calls
  // allow, else read back into the buffer to be computed in memory.
  Status CompleteSpilled() {
    if (SpilledWindowPartition::Streamable(plan_)) {
      ASSIGN_OR_RETURN(bool streaming, spilled_->Finish());
      if (streaming) {
        spilled_complete_ = true;
        return Status::Ok();
      }
    }
    std::unique_ptr<SpilledWindowPartition> spilled = std::move(spilled_);
    DataChunk chunk;
    while (true) {
      ASSIGN_OR_RETURN(bool more, spilled->NextInput(chunk));
      if (!more) break;
      AddChunk(std::move(chunk));
      chunk = DataChunk();
    }
    return Status::Ok();
  }

  // Buffers a chunk and notes where the last partition seen so far begins.
  void AddChunk(DataChunk chunk) {
    std::vector<ColumnVector> keys = KeyColumns(chunk.columns);
    if (!keys.empty()) {
      for (size_t i = 0; i < chunk.size(); ++i) {
        bool starts =
            i == 0 ? !previous_keys_.empty() &&
                         partition_ordering_.Compare(previous_keys_, previous_row_, keys, 0) != 0
                   : partition_ordering_.Compare(keys, i - 1, keys, i) != 0;
        if (starts) last_partition_start_ = pending_rows_ + i;
      }
      previous_keys_ = keys;
      previous_row_ = chunk.size() - 1;
    }
    pending_rows_ += chunk.size();
    pending_bytes_ += ChunkMemoryBytes(chunk);
    pending_.push_back(std::move(chunk));
  }

  // Computes and queues the output of the first `count` buffered rows,
  // which end at a partition boundary.
  Status Process(size_t count) {
    Rows rows;
    for (DataType type : input_types_) {
      rows.columns.emplace_back(type, count);
    }
    size_t taken = 0;
    size_t consumed_chunks = 0;
    for (DataChunk& chunk : pending_) {
      size_t take = std::min(chunk.size(), count - taken);
      for (size_t c = 0; c < rows.columns.size(); ++c) {
        for (size_t i = 0; i < take; ++i)
          rows.columns[c].AppendFrom(chunk.columns[c], i);
      }
      taken += take;
      if (take < chunk.size()) {
        const size_t rest = chunk.size() - take;
        for (ColumnVector& column : chunk.columns) {
          column = SliceRows(column, take, rest);
        }
        chunk.row_count_without_columns -= std::min(chunk.row_count_without_columns, take);
        break;
      }
      ++consumed_chunks;
      if (taken == count) break;
    }
    pending_.erase(pending_.begin(),
                   pending_.begin() + static_cast<std::ptrdiff_t>(consumed_chunks));
    pending_rows_ -= count;
    last_partition_start_ -= std::min(last_partition_start_, count);
    pending_bytes_ = 0;
    for (const DataChunk& chunk : pending_)
      pending_bytes_ += ChunkMemoryBytes(chunk);

    std::vector<ColumnVector> results;
    for (const WindowCall& call : plan_.calls) {
      results.emplace_back(call.type, count);
      if (!IsValueFunction(call.kind)) results.back().SetSize(count);
    }
    rows.peer_start.resize(count);
    rows.peer_end.resize(count);
    rows.group_of.resize(count);
    std::vector<ColumnVector> keys = KeyColumns(rows.columns);
    std::vector<ColumnVector> order = OrderColumns(rows.columns);
    size_t begin = 0;
    while (begin < count) {
      size_t end = begin + 1;
      while (end < count &&
             (keys.empty() || partition_ordering_.Compare(keys, end - 1, keys, end) == 0)) {
        ++end;
      }
      size_t group = begin;
      for (size_t r = begin + 1; r <= end; ++r) {
        if (r < end && (order.empty() || order_ordering_.Compare(order, r - 1, order, r) == 0)) {
          continue;
        }
        for (size_t p = group; p < r; ++p) {
          rows.peer_start[p] = group;
          rows.peer_end[p] = r;
          rows.group_of[p] = rows.group_start.size();
        }
        rows.group_start.push_back(group);
        rows.group_end.push_back(r);
        group = r;
      }
      for (size_t c = 0; c < plan_.calls.size(); ++c) {
        RETURN_IF_ERROR(ComputePartition(c, rows, begin, end, results[c]));
      }
      begin = end;
      RETURN_IF_ERROR(CheckCanceled(context_));
    }

    // The computed rows stay held (shared by the batches) until emitted.
    ready_bytes_ =
        (3 * rows.peer_start.capacity() + 2 * rows.group_start.capacity()) * sizeof(size_t);
    for (const ColumnVector& column : rows.columns)
      ready_bytes_ += VectorMemoryBytes(column);
    for (const ColumnVector& column : results)
      ready_bytes_ += VectorMemoryBytes(column);
    UpdateMemory();
    for (size_t start = 0; start < count; start += kBatchCapacity) {
      size_t n = std::min(kBatchCapacity, count - start);
      DataChunk out;
      for (const ColumnVector& column : rows.columns)
        out.columns.push_back(SliceRows(column, start, n));
      for (const ColumnVector& column : results)
        out.columns.push_back(SliceRows(column, start, n));
      out.row_count_without_columns = n;
      ready_.push_back(std::move(out));
    }
    return Status::Ok();
  }

  static bool IsValueFunction(WindowFunctionKind kind) {
    return kind == WindowFunctionKind::kLag || kind == WindowFunctionKind::kLead ||
           kind == WindowFunctionKind::kFirstValue || kind == WindowFunctionKind::kLastValue ||
           kind == WindowFunctionKind::kNthValue;
  }

  // The frame of row r in partition [begin, end): rows [first, last).
  std::pair<size_t, size_t> Frame(size_t call, const Rows& rows, size_t begin, size_t end,
                                  size_t r) const {
    const WindowFrame& frame = plan_.calls[call].frame;
    const bool rows_unit = frame.unit == WindowFrameUnit::kRows;
    if (frame.unit == WindowFrameUnit::kGroups) {
      auto [first, last] = GroupsFrame(frame, rows, begin, end, r);
      return {first, std::max(first, last)};
    }
    auto locate = [&](const WindowBound& bound, bool is_start) -> size_t {
      switch (bound.kind) {
        case WindowBoundKind::kUnboundedPreceding:
          return begin;
        case WindowBoundKind::kUnboundedFollowing:
          return end;
        case WindowBoundKind::kCurrentRow:
          if (rows_unit) return is_start ? r : r + 1;
          return is_start ? rows.peer_start[r] : rows.peer_end[r];
        case WindowBoundKind::kPreceding:
        case WindowBoundKind::kFollowing:
          break;
      }
      const bool preceding = bound.kind == WindowBoundKind::kPreceding;
      if (rows_unit) {
        const auto offset = static_cast<uint64_t>(bound.rows);
        // Start at r -/+ offset; the end is exclusive, one past that row.
        const size_t extra = is_start ? 0 : 1;
        if (preceding) {
          if (offset > r - begin) return begin;
          return r - offset + extra;
        }
        if (offset >= end - r) return end;
        return std::min(end, r + offset + extra);
      }
      const ColumnVector& key = rows.columns[frame.range_key_column];
      if (key.IsNull(r)) return is_start ? rows.peer_start[r] : rows.peer_end[r];
      const std::vector<ColumnVector> keys{key};
      const std::vector<ColumnVector> bounds{rows.columns[bound.column]};
      const RowOrdering& ordering = *range_orderings_[call];
      size_t lo = begin;
      size_t hi = end;
      while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = ordering.Compare(keys, mid, bounds, r);
        if (is_start ? c < 0 : c <= 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    };
    size_t first = locate(frame.start, true);
    size_t last = locate(frame.end, false);
    return {first, std::max(first, last)};
  }

  // A GROUPS frame: offsets count peer groups within the partition.
  static std::pair<size_t, size_t> GroupsFrame(const WindowFrame& frame, const Rows& rows,
                                               size_t begin, size_t end, size_t r) {
    const size_t group = rows.group_of[r];
    const size_t first_group = rows.group_of[begin];
    const size_t last_group = rows.group_of[end - 1];
    auto locate = [&](const WindowBound& bound, bool is_start) -> size_t {
      const auto offset = static_cast<uint64_t>(bound.rows);
      switch (bound.kind) {
        case WindowBoundKind::kUnboundedPreceding:
          return begin;
        case WindowBoundKind::kUnboundedFollowing:
          return end;
        case WindowBoundKind::kCurrentRow:
          return is_start ? rows.peer_start[r] : rows.peer_end[r];
        case WindowBoundKind::kPreceding:
          if (offset > group - first_group) return begin;
          return is_start ? rows.group_start[group - offset] : rows.group_end[group - offset];
        case WindowBoundKind::kFollowing:
          if (offset > last_group - group) return end;
          return is_start ? rows.group_start[group + offset] : rows.group_end[group + offset];
      }
      return end;
    };
    return {locate(frame.start, true), locate(frame.end, false)};
  }

  // Row r's frame without the rows EXCLUDE leaves out.
  Pieces FramePieces(size_t call, const Rows& rows, size_t begin, size_t end, size_t r) const {
    auto [first, last] = Frame(call, rows, begin, end, r);
    return CutExcluded(first, last, plan_.calls[call].frame.exclusion, r, rows.peer_start[r],
                       rows.peer_end[r]);
  }

  Status ComputePartition(size_t c, const Rows& rows, size_t begin, size_t end,
                          ColumnVector& out) const {
    const WindowCall& call = plan_.calls[c];
    const size_t size = end - begin;
    switch (call.kind) {
      case WindowFunctionKind::kRowNumber:
        for (size_t r = begin; r < end; ++r)
          out.data<int64_t>()[r] = static_cast<int64_t>(r - begin + 1);
        return Status::Ok();
      case WindowFunctionKind::kRank:
        for (size_t r = begin; r < end; ++r)
          out.data<int64_t>()[r] = static_cast<int64_t>(rows.peer_start[r] - begin + 1);
        return Status::Ok();
      case WindowFunctionKind::kDenseRank: {
        int64_t rank = 0;
        for (size_t r = begin; r < end; ++r) {
          if (rows.peer_start[r] == r) ++rank;
          out.data<int64_t>()[r] = rank;
        }
        return Status::Ok();
      }
      case WindowFunctionKind::kPercentRank:
        for (size_t r = begin; r < end; ++r) {
          out.data<double>()[r] = size > 1 ? static_cast<double>(rows.peer_start[r] - begin) /
                                                 static_cast<double>(size - 1)
                                           : 0.0;
        }
        return Status::Ok();
      case WindowFunctionKind::kCumeDist:
        for (size_t r = begin; r < end; ++r) {
          out.data<double>()[r] =
              static_cast<double>(rows.peer_end[r] - begin) / static_cast<double>(size);
        }
        return Status::Ok();
      case WindowFunctionKind::kNtile:
        return Ntile(call, rows, begin, end, out);
      case WindowFunctionKind::kLag:
      case WindowFunctionKind::kLead:
        return Shift(call, rows, begin, end, out);
      case WindowFunctionKind::kFirstValue:
      case WindowFunctionKind::kLastValue:
      case WindowFunctionKind::kNthValue:
        return FrameValue(c, rows, begin, end, out);
      case WindowFunctionKind::kAggregate:
        return Aggregate(c, rows, begin, end, out);
    }
    return Status::Error(ErrorCode::kInternal, "unknown window function");
  }

  // ntile(n): n as evaluated on the partition's first row, as PostgreSQL does.
  static Status Ntile(const WindowCall& call, const Rows& rows, size_t begin, size_t end,
                      ColumnVector& out) {
    const ColumnVector& buckets_arg = rows.columns[call.args[0]];
    if (buckets_arg.IsNull(begin)) {
      for (size_t r = begin; r < end; ++r)
        out.SetNull(r, true);
      return Status::Ok();
    }
    const int64_t buckets = buckets_arg.data<int32_t>()[begin];
    if (buckets <= 0) {
      return Status::Error(ErrorCode::kInvalidNtileArgument,
                           "argument of ntile must be greater than zero");
    }
    const auto n = static_cast<int64_t>(end - begin);
    for (size_t r = begin; r < end; ++r)
      out.data<int32_t>()[r] = NtileBucket(static_cast<int64_t>(r - begin), n, buckets);
    return Status::Ok();
  }

  // lag / lead (value [, offset [, default]]).
  static Status Shift(const WindowCall& call, const Rows& rows, size_t begin, size_t end,
                      ColumnVector& out) {
    const ColumnVector& value = rows.columns[call.args[0]];
    const ColumnVector* offset = call.args.size() > 1 ? &rows.columns[call.args[1]] : nullptr;
    const ColumnVector* fallback = call.args.size() > 2 ? &rows.columns[call.args[2]] : nullptr;
    const int64_t sign = call.kind == WindowFunctionKind::kLag ? -1 : 1;
    for (size_t r = begin; r < end; ++r) {
      int64_t distance = 1;
      if (offset != nullptr) {
        if (offset->IsNull(r)) {
          AppendNull(out);
          continue;
        }
        distance = offset->data<int32_t>()[r];
      }
      const int64_t target = static_cast<int64_t>(r) + sign * distance;
      if (target >= static_cast<int64_t>(begin) && target < static_cast<int64_t>(end)) {
        out.AppendFrom(value, static_cast<size_t>(target));
      } else if (fallback != nullptr) {
        out.AppendFrom(*fallback, r);
      } else {
        AppendNull(out);
      }
    }
    return Status::Ok();
  }

  // first_value / last_value / nth_value over each row's frame.
  Status FrameValue(size_t c, const Rows& rows, size_t begin, size_t end, ColumnVector& out) const {
    const WindowCall& call = plan_.calls[c];
    const ColumnVector& value = rows.columns[call.args[0]];
    for (size_t r = begin; r < end; ++r) {
      int64_t nth = 0;
      if (call.kind == WindowFunctionKind::kNthValue) {
        const ColumnVector& nth_arg = rows.columns[call.args[1]];
        if (nth_arg.IsNull(r)) {
          AppendNull(out);
          continue;
        }
        nth = nth_arg.data<int32_t>()[r];
      }
      ASSIGN_OR_RETURN(std::optional<size_t> pick,
                       PickFrameRow(call.kind, FramePieces(c, rows, begin, end, r), nth));
      if (pick) {
        out.AppendFrom(value, *pick);
      } else {
        AppendNull(out);
      }
    }
    return Status::Ok();
  }

  // An aggregate over each row's frame. Frames that start at the partition
  // start (and exclude nothing) only grow, so one running state serves the
  // whole partition; other frames are recomputed when they move (rows with
  // the same frame, such as peers, share one computation).
  Status Aggregate(size_t c, const Rows& rows, size_t begin, size_t end, ColumnVector& out) const {
    const WindowCall& call = plan_.calls[c];
    WindowAggregateState state(*call.aggregate);
    if (call.frame.start.kind == WindowBoundKind::kUnboundedPreceding &&
        call.frame.exclusion == WindowExclusion::kNone) {
      state.Start();
      size_t added = begin;
      for (size_t r = begin; r < end; ++r) {
        size_t last = Frame(c, rows, begin, end, r).second;
        if (last > added) {
          state.Add(rows.columns, call.args, added, last);
          added = last;
        }
        RETURN_IF_ERROR(state.FinalizeInto(out, r));
      }
      return Status::Ok();
    }
    Pieces current;
    bool started = false;
    for (size_t r = begin; r < end; ++r) {
      Pieces pieces = FramePieces(c, rows, begin, end, r);
      if (!started || pieces != current) {
        state.Start();
        for (const auto& [first, last] : pieces)
          state.Add(rows.columns, call.args, first, last);
        current = std::move(pieces);
        started = true;
      }
      RETURN_IF_ERROR(state.FinalizeInto(out, r));
    }
    return Status::Ok();
  }

  const WindowPlan& plan_;
  std::unique_ptr<Operator> child_;
  ExecContext& context_;
  std::vector<DataType> input_types_;
  RowOrdering partition_ordering_;
  RowOrdering order_ordering_;
  std::vector<std::unique_ptr<RowOrdering>> range_orderings_;  // per call

  OperatorMemory& memory_;

  std::vector<DataChunk> pending_;
  size_t pending_rows_ = 0;
  size_t pending_bytes_ = 0;
  // The partition continuing on disk, and whether all its rows are there.
  std::unique_ptr<SpilledWindowPartition> spilled_;
  bool spilled_complete_ = false;
  // Where the last partition buffered so far begins (rows before it are
  // complete partitions).
  size_t last_partition_start_ = 0;
  std::vector<ColumnVector> previous_keys_;
  size_t previous_row_ = 0;
  bool input_done_ = false;

  std::vector<DataChunk> ready_;
  size_t next_ready_ = 0;
  // What the computed partitions in ready_ hold.
  size_t ready_bytes_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeWindowOperator(const WindowPlan& plan,
                                             std::unique_ptr<Operator> child,
                                             ExecContext& context) {
  return std::make_unique<WindowOperator>(plan, std::move(child), context);
}

}  // namespace sundial::exec
