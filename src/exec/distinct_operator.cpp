#include <algorithm>
#include <vector>

#include "exec/group_hash_table.h"
#include "exec/operator_factories.h"
#include "exec/row_ordering.h"
#include "exec/spill_file.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

std::vector<DataType> TypesOf(const std::vector<ExprPtr>& exprs) {
  std::vector<DataType> types;
  for (const ExprPtr& e : exprs)
    types.push_back(e->type);
  return types;
}

std::vector<ExprPtr> ExprsOf(const std::vector<SortKey>& keys) {
  std::vector<ExprPtr> exprs;
  for (const SortKey& key : keys)
    exprs.push_back(key.expr);
  return exprs;
}

void AppendNull(ColumnVector& column) {
  size_t row = column.size();
  column.SetSize(row + 1);
  column.SetNull(row, true);
}

// DISTINCT and DISTINCT ON. Without an order it streams: a row is emitted
// when its key creates a new group. With an order (DISTINCT ON ... ORDER BY)
// it keeps, per group, the best row seen so far and emits them at the end.
//
// Beyond work_mem it spills like the hash aggregate: every group goes, as
// its kept row with evaluated order and key columns, to one of
// kRadixPartitions files by the key hash's high bits, and each partition is
// deduplicated on its own afterwards (recursing by the next hash bits when
// one is still too large). Entries of a key are read back in the order they
// were written, so ties still keep the row seen first. Once the streaming
// form spills, the keys it already emitted are written as entries marked
// emitted (their row is not needed) and the rest of the input is handled
// like the ordered form; a key whose first entry is marked is not emitted
// again.
class DistinctOperator final : public Operator {
 public:
  DistinctOperator(const DistinctPlan& plan, std::unique_ptr<Operator> child, ExecContext& context)
      : plan_(plan),
        child_(std::move(child)),
        context_(context),
        memory_(context.memory.Register("Distinct", context.work_mem_bytes)),
        key_types_(TypesOf(plan.keys)),
        ordering_(plan.order),
        order_exprs_(ExprsOf(plan.order)) {
    table_.emplace(key_types_);
  }

  Result<bool> Next(DataChunk& out) override {
    if (plan_.order.empty() && !blocking_) {
      ASSIGN_OR_RETURN(bool got, NextStreaming(out));
      if (got) return true;
      if (!blocking_) return false;
    }
    if (!consumed_) {
      RETURN_IF_ERROR(ConsumeInput());
      consumed_ = true;
    }
    while (true) {
      if (EmitKept(out)) return true;
      if (pending_.empty()) return false;
      Pending partition = std::move(pending_.back());
      pending_.pop_back();
      RETURN_IF_ERROR(DeduplicatePartition(*partition.file, partition.level));
    }
  }

 private:
  struct Run {
    DataChunk data;
    std::vector<ColumnVector> order_keys;
  };
  struct RowRef {
    uint32_t run;
    uint32_t row;
  };
  static constexpr uint32_t kNoRow = UINT32_MAX;
  struct Pending {
    std::unique_ptr<SpillFile> file;
    int level;
  };
  using Partitions = std::vector<std::unique_ptr<SpillFile>>;

  Result<bool> NextStreaming(DataChunk& out) {
    DataChunk input;
    std::vector<ColumnVector> keys;
    while (true) {
      ASSIGN_OR_RETURN(bool more, child_->Next(input));
      if (!more) return false;
      RETURN_IF_ERROR(CheckCanceled(context_));
      size_t n = input.size();
      if (n == 0) continue;
      NoteDataTypes(input);
      RETURN_IF_ERROR(EvaluateAll(plan_.keys, input, context_.eval, keys));
      group_ids_.resize(n);
      uint32_t next_new = static_cast<uint32_t>(table_->group_count());
      table_->FindOrInsert(keys, n, group_ids_.data());
      // Group ids are handed out in row order, so a row opened a new group
      // exactly when its id is the next unseen one.
      selection_.clear();
      for (size_t i = 0; i < n; ++i) {
        if (group_ids_[i] == next_new) {
          selection_.push_back(static_cast<uint32_t>(i));
          ++next_new;
        }
      }
      group_emitted_.resize(table_->group_count(), 1);
      memory_.SetUsed(table_->memory_bytes() + group_emitted_.capacity());
      if (memory_.over_limit()) {
        RETURN_IF_ERROR(SpillGroups(partitions_, 0));
        blocking_ = true;
      }
      if (selection_.empty()) {
        if (blocking_) return false;
        continue;
      }
      if (selection_.size() == n) {
        out = std::move(input);
        return true;
      }
      DataChunk result;
      result.row_count_without_columns = selection_.size();
      for (const ColumnVector& column : input.columns) {
        result.columns.push_back(GatherRows(column, selection_.data(), selection_.size()));
      }
      out = std::move(result);
      return true;
    }
  }

  void NoteDataTypes(const DataChunk& input) {
    if (!entry_types_.empty() || input.columns.empty()) return;
    for (const ColumnVector& column : input.columns)
      data_types_.push_back(column.type());
    entry_types_ = data_types_;
    for (const ExprPtr& e : order_exprs_)
      entry_types_.push_back(e->type);
    entry_types_.insert(entry_types_.end(), key_types_.begin(), key_types_.end());
    entry_types_.push_back(DataType::Of(TypeId::kBool));
  }

  // Keeps the best row per key of the rest of the input.
  Status ConsumeInput() {
    DataChunk input;
    std::vector<ColumnVector> keys;
    while (true) {
      ASSIGN_OR_RETURN(bool more, child_->Next(input));
      if (!more) break;
      RETURN_IF_ERROR(CheckCanceled(context_));
      size_t n = input.size();
      if (n == 0) continue;
      NoteDataTypes(input);
      RETURN_IF_ERROR(EvaluateAll(plan_.keys, input, context_.eval, keys));
      Run run;
      RETURN_IF_ERROR(EvaluateAll(order_exprs_, input, context_.eval, run.order_keys));
      run.data = std::move(input);
      input = DataChunk();
      RETURN_IF_ERROR(AddRows(std::move(run), keys, nullptr, n, partitions_, 0));
    }
    if (!partitions_.empty()) {
      RETURN_IF_ERROR(SpillGroups(partitions_, 0));
      QueuePartitions(partitions_, 0);
    }
    return Status::Ok();
  }

  // Folds `n` rows into the kept rows; `emitted` (may be null) marks entries
  // of keys already emitted. Spills into `partitions` at `level` when over
  // work_mem.
  Status AddRows(Run run, const std::vector<ColumnVector>& keys, const ColumnVector* emitted,
                 size_t n, Partitions& partitions, int level) {
    held_bytes_ += RunBytes(run);
    runs_.push_back(std::move(run));
    auto run_index = static_cast<uint32_t>(runs_.size() - 1);
    group_ids_.resize(n);
    table_->FindOrInsert(keys, n, group_ids_.data());
    best_.resize(table_->group_count(), RowRef{kNoRow, 0});
    group_emitted_.resize(table_->group_count(), 0);
    const uint8_t* emitted_flags = emitted != nullptr ? emitted->data<uint8_t>() : nullptr;
    for (size_t i = 0; i < n; ++i) {
      uint32_t group = group_ids_[i];
      RowRef& best = best_[group];
      RowRef candidate{run_index, static_cast<uint32_t>(i)};
      if (best.run == kNoRow) {
        best = candidate;
        group_emitted_[group] = emitted_flags != nullptr ? emitted_flags[i] : 0;
        continue;
      }
      // Strictly better only: on ties the earlier row stays.
      if (!order_exprs_.empty() && ordering_.Compare(runs_[run_index].order_keys, i,
                                                     runs_[best.run].order_keys, best.row) < 0) {
        best = candidate;
      }
    }
    rows_held_ += n;
    if (rows_held_ > kCompactFactor * best_.size() + kCompactSlack) CompactRuns();
    memory_.SetUsed(held_bytes_ + table_->memory_bytes() + best_.capacity() * sizeof(RowRef) +
                    group_emitted_.capacity());
    if (memory_.over_limit() && level < kMaxRadixLevels) {
      RETURN_IF_ERROR(SpillGroups(partitions, level));
    }
    return Status::Ok();
  }

  size_t RunBytes(const Run& run) const {
    size_t bytes = 0;
    for (const ColumnVector& column : run.data.columns)
      bytes += VectorMemoryBytes(column);
    for (const ColumnVector& column : run.order_keys)
      bytes += VectorMemoryBytes(column);
    return bytes;
  }

  // Writes every group's entry (kept row, order keys, key, emitted flag) to
  // its partition at `level` and drops all groups.
  Status SpillGroups(Partitions& partitions, int level) {
    partitions.resize(kRadixPartitions);
    size_t groups = table_->group_count();
    std::vector<std::vector<uint32_t>> members(kRadixPartitions);
    for (uint32_t g = 0; g < groups; ++g) {
      uint64_t hash = GroupHashTable::HashKey(table_->GroupKeyBytes(g));
      members[RadixPartition(hash, level)].push_back(g);
    }
    std::vector<ColumnVector> all_keys = table_->GatherKeys(0, groups);
    size_t data_width = data_types_.size();
    size_t order_width = order_exprs_.size();
    std::string record;
    for (size_t p = 0; p < kRadixPartitions; ++p) {
      const std::vector<uint32_t>& group_list = members[p];
      for (size_t begin = 0; begin < group_list.size(); begin += kBatchCapacity) {
        size_t count = std::min(kBatchCapacity, group_list.size() - begin);
        std::vector<ColumnVector> block;
        for (const DataType& type : entry_types_)
          block.emplace_back(type, count);
        for (size_t k = 0; k < count; ++k) {
          uint32_t g = group_list[begin + k];
          RowRef best = g < best_.size() ? best_[g] : RowRef{kNoRow, 0};
          for (size_t c = 0; c < data_width + order_width; ++c) {
            if (best.run == kNoRow) {
              AppendNull(block[c]);
            } else if (c < data_width) {
              block[c].AppendFrom(runs_[best.run].data.columns[c], best.row);
            } else {
              block[c].AppendFrom(runs_[best.run].order_keys[c - data_width], best.row);
            }
          }
          for (size_t c = 0; c < key_types_.size(); ++c)
            block[data_width + order_width + c].AppendFrom(all_keys[c], g);
          ColumnVector& flags = block.back();
          flags.data<uint8_t>()[k] = group_emitted_[g];
          flags.SetSize(k + 1);
        }
        if (partitions[p] == nullptr) {
          ASSIGN_OR_RETURN(partitions[p], SpillFile::Create(context_.temp_dir));
        }
        record.clear();
        EncodeColumns(block, count, record);
        RETURN_IF_ERROR(partitions[p]->Append(record));
        memory_.AddSpilled(sizeof(uint32_t) + record.size());
      }
    }
    ResetGroups();
    return Status::Ok();
  }

  void ResetGroups() {
    table_.emplace(key_types_);
    runs_.clear();
    best_.clear();
    best_.shrink_to_fit();
    group_emitted_.clear();
    group_emitted_.shrink_to_fit();
    held_bytes_ = 0;
    rows_held_ = 0;
    next_ = 0;
    memory_.SetUsed(0);
  }

  void QueuePartitions(Partitions& partitions, int level) {
    for (size_t p = partitions.size(); p-- > 0;) {
      if (partitions[p] != nullptr) pending_.push_back(Pending{std::move(partitions[p]), level});
    }
    partitions.clear();
  }

  // Replaces the (emitted) groups with those of one partition.
  Status DeduplicatePartition(SpillFile& file, int level) {
    ResetGroups();
    RETURN_IF_ERROR(file.StartReading());
    Partitions partitions;
    int split_level = level + 1 < kMaxRadixLevels ? level + 1 : kMaxRadixLevels;
    size_t data_width = data_types_.size();
    size_t order_width = order_exprs_.size();
    std::string record;
    std::vector<ColumnVector> columns;
    while (true) {
      ASSIGN_OR_RETURN(bool more, file.Read(record));
      if (!more) break;
      RETURN_IF_ERROR(CheckCanceled(context_));
      size_t n;
      RETURN_IF_ERROR(DecodeColumns(record, entry_types_, columns, n));
      Run run;
      run.data.columns.assign(columns.begin(), columns.begin() + data_width);
      run.data.row_count_without_columns = n;
      run.order_keys.assign(columns.begin() + data_width,
                            columns.begin() + data_width + order_width);
      std::vector<ColumnVector> keys(columns.begin() + data_width + order_width, columns.end() - 1);
      RETURN_IF_ERROR(AddRows(std::move(run), keys, &columns.back(), n, partitions, split_level));
    }
    if (!partitions.empty()) {
      RETURN_IF_ERROR(SpillGroups(partitions, split_level));
      QueuePartitions(partitions, split_level);
    }
    return Status::Ok();
  }

  // The next batch of kept rows of keys not emitted yet; false when none.
  bool EmitKept(DataChunk& out) {
    selection_.clear();
    while (next_ < best_.size() && selection_.size() < kBatchCapacity) {
      if (group_emitted_[next_] == 0) selection_.push_back(static_cast<uint32_t>(next_));
      ++next_;
    }
    if (selection_.empty()) return false;
    size_t count = selection_.size();
    DataChunk result = DataChunk::Make(data_types_, count);
    for (uint32_t g : selection_) {
      const RowRef& ref = best_[g];
      for (size_t c = 0; c < data_types_.size(); ++c) {
        result.columns[c].AppendFrom(runs_[ref.run].data.columns[c], ref.row);
      }
    }
    result.SetSize(count);
    out = std::move(result);
    return true;
  }

  // Keeps memory proportional to the number of groups, not to the input:
  // once the held batches are mostly superseded rows, copy each group's
  // current best row into one run and drop the rest.
  void CompactRuns() {
    size_t groups = best_.size();
    Run compacted;
    compacted.data.row_count_without_columns = groups;
    for (size_t c = 0; c < runs_.front().data.columns.size(); ++c) {
      compacted.data.columns.push_back(GatherBest(c, groups, /*order_keys=*/false));
    }
    for (size_t k = 0; k < order_exprs_.size(); ++k) {
      compacted.order_keys.push_back(GatherBest(k, groups, /*order_keys=*/true));
    }
    runs_.clear();
    held_bytes_ = RunBytes(compacted);
    runs_.push_back(std::move(compacted));
    for (size_t g = 0; g < groups; ++g)
      best_[g] = RowRef{0, static_cast<uint32_t>(g)};
    rows_held_ = groups;
  }

  ColumnVector GatherBest(size_t column, size_t groups, bool order_keys) const {
    const ColumnVector& first =
        order_keys ? runs_.front().order_keys[column] : runs_.front().data.columns[column];
    ColumnVector out(first.type(), groups);
    for (size_t g = 0; g < groups; ++g) {
      const Run& run = runs_[best_[g].run];
      out.AppendFrom(order_keys ? run.order_keys[column] : run.data.columns[column], best_[g].row);
    }
    return out;
  }

  const DistinctPlan& plan_;
  std::unique_ptr<Operator> child_;
  ExecContext& context_;
  OperatorMemory& memory_;
  std::vector<DataType> key_types_;
  std::optional<GroupHashTable> table_;
  RowOrdering ordering_;
  std::vector<ExprPtr> order_exprs_;
  std::vector<uint32_t> group_ids_;
  std::vector<uint32_t> selection_;
  std::vector<Run> runs_;
  std::vector<RowRef> best_;
  // Per group: 1 when its key was already emitted (streaming, before a spill).
  std::vector<uint8_t> group_emitted_;
  size_t held_bytes_ = 0;
  // The streaming form spilled: the rest is deduplicated before emitting.
  bool blocking_ = false;
  bool consumed_ = false;
  size_t next_ = 0;
  size_t rows_held_ = 0;
  // Spill entries: data columns, order keys, keys, emitted flag.
  std::vector<DataType> data_types_;
  std::vector<DataType> entry_types_;
  Partitions partitions_;
  std::vector<Pending> pending_;
  static constexpr size_t kCompactFactor = 4;
  static constexpr size_t kCompactSlack = 64 * 1024;
};

}  // namespace

std::unique_ptr<Operator> MakeDistinctOperator(const DistinctPlan& plan,
                                               std::unique_ptr<Operator> child,
                                               ExecContext& context) {
  return std::make_unique<DistinctOperator>(plan, std::move(child), context);
}

}  // namespace sundial::exec
