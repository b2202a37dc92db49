#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exec/group_hash_table.h"
#include "exec/operator_factories.h"
#include "exec/spill_file.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

class UnionAllOperator : public Operator {
 public:
  UnionAllOperator(std::unique_ptr<Operator> left, std::unique_ptr<Operator> right)
      : left_(std::move(left)), right_(std::move(right)) {}

  Result<bool> Next(DataChunk& out) override {
    if (!left_done_) {
      ASSIGN_OR_RETURN(bool more, left_->Next(out));
      if (more) return true;
      left_done_ = true;
    }
    return right_->Next(out);
  }

 private:
  std::unique_ptr<Operator> left_;
  std::unique_ptr<Operator> right_;
  bool left_done_ = false;
};

// INTERSECT / EXCEPT [ALL]: counts each distinct row on both sides, then
// emits each row as often as the operation asks.
//
// Beyond work_mem it spills like the hash aggregate: every counted row goes,
// with its left and right counts, to one of kRadixPartitions files by the
// key hash's high bits, and the table starts over. Once the left side
// spilled, its rest and the whole right side are counted the same way; each
// partition is then counted alone by adding up its records (recursing by the
// next hash bits while one is still too large), so equal rows (NULLs, -0 and
// 0, NaNs) meet in one partition and get their exact counts. Only rows with
// left copies can produce output: a partition without any is dropped, and so
// is one without right rows for INTERSECT. Without spilling, right rows the
// left never had are not stored.
class CountingSetOperator final : public Operator {
 public:
  CountingSetOperator(const SetOperationPlan& plan, std::unique_ptr<Operator> left,
                      std::unique_ptr<Operator> right, ExecContext& context)
      : plan_(plan),
        left_(std::move(left)),
        right_(std::move(right)),
        context_(context),
        memory_(context.memory.Register("SetOperation", context.work_mem_bytes)),
        record_types_(plan.output_types) {
    table_.emplace(plan.output_types);
    record_types_.push_back(DataType::Of(TypeId::kInt64));
    record_types_.push_back(DataType::Of(TypeId::kInt64));
  }

  Result<bool> Next(DataChunk& out) override {
    if (!counted_) {
      RETURN_IF_ERROR(CountInputs());
      counted_ = true;
    }
    while (true) {
      if (EmitGroups(out)) return true;
      if (pending_.empty()) return false;
      Pending partition = std::move(pending_.back());
      pending_.pop_back();
      RETURN_IF_ERROR(CountPartition(*partition.file, partition.level));
    }
  }

 private:
  struct Partition {
    std::unique_ptr<SpillFile> file;
    bool has_left = false;
    bool has_right = false;
  };
  using Partitions = std::vector<Partition>;
  struct Pending {
    std::unique_ptr<SpillFile> file;
    int level;
  };

  bool NeedsBothSides() const {
    return plan_.type == SetOperationType::kIntersect ||
           plan_.type == SetOperationType::kIntersectAll;
  }

  uint64_t Copies(uint64_t left, uint64_t right) const {
    switch (plan_.type) {
      case SetOperationType::kIntersect:
        return left > 0 && right > 0 ? 1 : 0;
      case SetOperationType::kIntersectAll:
        return std::min(left, right);
      case SetOperationType::kExcept:
        return left > 0 && right == 0 ? 1 : 0;
      case SetOperationType::kExceptAll:
        return left > right ? left - right : 0;
      case SetOperationType::kUnionAll:
        break;
    }
    return 0;
  }

  Status CountInputs() {
    DataChunk chunk;
    while (true) {
      RETURN_IF_ERROR(CheckCanceled(context_));
      ASSIGN_OR_RETURN(bool more, left_->Next(chunk));
      if (!more) break;
      RETURN_IF_ERROR(AddInputRows(chunk, /*right_side=*/false));
    }
    const bool spilled = !partitions_.empty();
    if (spilled) RETURN_IF_ERROR(SpillGroups(partitions_, 0, /*left_complete=*/true));
    std::vector<uint32_t> groups;
    while (true) {
      RETURN_IF_ERROR(CheckCanceled(context_));
      ASSIGN_OR_RETURN(bool more, right_->Next(chunk));
      if (!more) break;
      if (spilled) {
        RETURN_IF_ERROR(AddInputRows(chunk, /*right_side=*/true));
        continue;
      }
      // Every left row is in the table: right rows only need their counts.
      groups.resize(chunk.size());
      table_->Find(chunk.columns, chunk.size(), groups.data());
      for (uint32_t g : groups) {
        if (g != GroupHashTable::kNoGroup) ++right_counts_[g];
      }
    }
    if (spilled) {
      RETURN_IF_ERROR(SpillGroups(partitions_, 0, /*left_complete=*/true));
      QueuePartitions(partitions_, 0);
    }
    return Status::Ok();
  }

  // Counts one input batch; spills into the top-level partitions when over
  // work_mem.
  Status AddInputRows(const DataChunk& chunk, bool right_side) {
    size_t n = chunk.size();
    group_ids_.resize(n);
    table_->FindOrInsert(chunk.columns, n, group_ids_.data());
    GrowCounts();
    std::vector<uint64_t>& counts = right_side ? right_counts_ : left_counts_;
    for (size_t i = 0; i < n; ++i)
      ++counts[group_ids_[i]];
    return SpillIfOverLimit(partitions_, 0, /*left_complete=*/right_side);
  }

  // Adds the counts of one spill record's rows.
  Status AddRecordRows(const std::vector<ColumnVector>& columns, size_t n, Partitions& partitions,
                       int level) {
    size_t width = plan_.output_types.size();
    std::vector<ColumnVector> keys(columns.begin(), columns.begin() + width);
    group_ids_.resize(n);
    table_->FindOrInsert(keys, n, group_ids_.data());
    GrowCounts();
    const int64_t* left = columns[width].data<int64_t>();
    const int64_t* right = columns[width + 1].data<int64_t>();
    for (size_t i = 0; i < n; ++i) {
      left_counts_[group_ids_[i]] += static_cast<uint64_t>(left[i]);
      right_counts_[group_ids_[i]] += static_cast<uint64_t>(right[i]);
    }
    return SpillIfOverLimit(partitions, level, /*left_complete=*/false);
  }

  void GrowCounts() {
    left_counts_.resize(table_->group_count(), 0);
    right_counts_.resize(table_->group_count(), 0);
  }

  Status SpillIfOverLimit(Partitions& partitions, int level, bool left_complete) {
    memory_.SetUsed(table_->memory_bytes() +
                    (left_counts_.capacity() + right_counts_.capacity()) * sizeof(uint64_t));
    if (!memory_.over_limit() || level >= kMaxRadixLevels) return Status::Ok();
    return SpillGroups(partitions, level, left_complete);
  }

  // Writes every group (key, left count, right count) to its partition at
  // `level` and drops all groups. With `left_complete` (no left rows can
  // follow), groups without left rows are dropped where their partition has
  // none either: they could never produce a row.
  Status SpillGroups(Partitions& partitions, int level, bool left_complete) {
    partitions.resize(kRadixPartitions);
    size_t groups = table_->group_count();
    std::vector<std::vector<uint32_t>> members(kRadixPartitions);
    for (uint32_t g = 0; g < groups; ++g) {
      size_t p = RadixPartition(GroupHashTable::HashKey(table_->GroupKeyBytes(g)), level);
      if (left_complete && left_counts_[g] == 0 && !partitions[p].has_left) continue;
      members[p].push_back(g);
    }
    std::vector<ColumnVector> all_keys = table_->GatherKeys(0, groups);
    std::string record;
    for (size_t p = 0; p < kRadixPartitions; ++p) {
      const std::vector<uint32_t>& list = members[p];
      for (size_t begin = 0; begin < list.size(); begin += kBatchCapacity) {
        size_t count = std::min(kBatchCapacity, list.size() - begin);
        const uint32_t* selection = list.data() + begin;
        std::vector<ColumnVector> block;
        for (const ColumnVector& key : all_keys)
          block.push_back(GatherRows(key, selection, count));
        ColumnVector left(DataType::Of(TypeId::kInt64), count);
        ColumnVector right(DataType::Of(TypeId::kInt64), count);
        for (size_t k = 0; k < count; ++k) {
          left.data<int64_t>()[k] = static_cast<int64_t>(left_counts_[selection[k]]);
          right.data<int64_t>()[k] = static_cast<int64_t>(right_counts_[selection[k]]);
          partitions[p].has_left |= left_counts_[selection[k]] > 0;
          partitions[p].has_right |= right_counts_[selection[k]] > 0;
        }
        left.SetSize(count);
        right.SetSize(count);
        block.push_back(std::move(left));
        block.push_back(std::move(right));
        if (partitions[p].file == nullptr) {
          ASSIGN_OR_RETURN(partitions[p].file, SpillFile::Create(context_.temp_dir));
        }
        record.clear();
        EncodeColumns(block, count, record);
        RETURN_IF_ERROR(partitions[p].file->Append(record));
        memory_.AddSpilled(sizeof(uint32_t) + record.size());
      }
    }
    ResetGroups();
    return Status::Ok();
  }

  void ResetGroups() {
    table_.emplace(plan_.output_types);
    left_counts_.clear();
    left_counts_.shrink_to_fit();
    right_counts_.clear();
    right_counts_.shrink_to_fit();
    next_group_ = 0;
    emitted_of_group_ = 0;
    memory_.SetUsed(0);
  }

  // Queues the partitions that can produce rows; the others' files go.
  void QueuePartitions(Partitions& partitions, int level) {
    for (size_t p = partitions.size(); p-- > 0;) {
      Partition& partition = partitions[p];
      if (partition.file == nullptr || !partition.has_left) continue;
      if (NeedsBothSides() && !partition.has_right) continue;
      pending_.push_back(Pending{std::move(partition.file), level});
    }
    partitions.clear();
  }

  // Replaces the (emitted) groups with the counts of one partition.
  Status CountPartition(SpillFile& file, int level) {
    ResetGroups();
    RETURN_IF_ERROR(file.StartReading());
    Partitions partitions;
    int split_level = level + 1 < kMaxRadixLevels ? level + 1 : kMaxRadixLevels;
    std::string record;
    std::vector<ColumnVector> columns;
    while (true) {
      ASSIGN_OR_RETURN(bool more, file.Read(record));
      if (!more) break;
      RETURN_IF_ERROR(CheckCanceled(context_));
      size_t n;
      RETURN_IF_ERROR(DecodeColumns(record, record_types_, columns, n));
      RETURN_IF_ERROR(AddRecordRows(columns, n, partitions, split_level));
    }
    if (!partitions.empty()) {
      RETURN_IF_ERROR(SpillGroups(partitions, split_level, /*left_complete=*/false));
      QueuePartitions(partitions, split_level);
    }
    return Status::Ok();
  }

  // The next batch of the counted groups' copies; false when none is left.
  bool EmitGroups(DataChunk& out) {
    std::vector<uint32_t> groups;
    size_t group_count = table_->group_count();
    while (groups.empty() && next_group_ < group_count) {
      // One batch looks at a bounded range of groups, so that gathering
      // their keys stays cheap when most of them emit nothing.
      size_t range_end = std::min(group_count, next_group_ + kBatchCapacity);
      while (next_group_ < range_end && groups.size() < kBatchCapacity) {
        size_t g = next_group_;
        uint64_t copies = Copies(left_counts_[g], right_counts_[g]);
        while (emitted_of_group_ < copies && groups.size() < kBatchCapacity) {
          groups.push_back(static_cast<uint32_t>(g));
          ++emitted_of_group_;
        }
        if (emitted_of_group_ >= copies) {
          ++next_group_;
          emitted_of_group_ = 0;
        }
      }
    }
    if (groups.empty()) return false;
    // Keys of the groups this batch touches, then one row per copy.
    uint32_t first = groups.front();
    uint32_t last = groups.back();
    std::vector<ColumnVector> keys = table_->GatherKeys(first, last - first + 1);
    for (uint32_t& g : groups)
      g -= first;
    out = DataChunk();
    out.row_count_without_columns = groups.size();
    for (const ColumnVector& key : keys)
      out.columns.push_back(GatherRows(key, groups.data(), groups.size()));
    return true;
  }

  const SetOperationPlan& plan_;
  std::unique_ptr<Operator> left_;
  std::unique_ptr<Operator> right_;
  ExecContext& context_;
  OperatorMemory& memory_;
  // Spill records: the row's columns, then its left and right counts.
  std::vector<DataType> record_types_;
  std::optional<GroupHashTable> table_;
  std::vector<uint64_t> left_counts_;
  std::vector<uint64_t> right_counts_;
  std::vector<uint32_t> group_ids_;
  bool counted_ = false;
  Partitions partitions_;
  std::vector<Pending> pending_;
  size_t next_group_ = 0;
  uint64_t emitted_of_group_ = 0;
};

class SingleRowOperator : public Operator {
 public:
  explicit SingleRowOperator(std::unique_ptr<Operator> child) : child_(std::move(child)) {}

  Result<bool> Next(DataChunk& out) override {
    ASSIGN_OR_RETURN(bool more, child_->Next(out));
    if (!more) return false;
    rows_ += out.size();
    if (rows_ > 1) {
      return Status::Error(ErrorCode::kCardinalityViolation,
                           "more than one row returned by a subquery used as an expression");
    }
    return true;
  }

 private:
  std::unique_ptr<Operator> child_;
  size_t rows_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeSetOperationOperator(const SetOperationPlan& plan,
                                                   std::unique_ptr<Operator> left,
                                                   std::unique_ptr<Operator> right,
                                                   ExecContext& context) {
  if (plan.type == SetOperationType::kUnionAll) {
    return std::make_unique<UnionAllOperator>(std::move(left), std::move(right));
  }
  return std::make_unique<CountingSetOperator>(plan, std::move(left), std::move(right), context);
}

std::unique_ptr<Operator> MakeSingleRowOperator(std::unique_ptr<Operator> child) {
  return std::make_unique<SingleRowOperator>(std::move(child));
}

}  // namespace sundial::exec
