#include <algorithm>
#include <cstring>
#include <numeric>
#include <vector>

#include "exec/arena.h"
#include "exec/function_registry.h"
#include "exec/group_hash_table.h"
#include "exec/operator_factories.h"
#include "exec/spill_file.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

// Records read from a spill partition between checks of memory and cancel.
constexpr size_t kRecordsPerCheck = 1024;

// Hash aggregation: drains its child, then emits one row per group: the
// aggregates' values, or (kPartial) their serialized states. A kFinal
// aggregate combines such states instead of updating with argument values.
//
// Per input batch: evaluate the key and argument expressions, map every row
// to a group id through the GroupHashTable, turn the ids into an array of
// state pointers, and call each aggregate's Update once for the batch. All
// aggregate states of a group sit in one arena block at fixed offsets. An
// aggregate with a FILTER sees only the rows its filter keeps, and its
// arguments are evaluated over those rows alone (so `sum(1 / x) FILTER
// (WHERE x <> 0)` never divides by zero). Memory that states own (collected
// rows, concatenated text) is charged per batch for the groups it touched.
//
// When the table outgrows work_mem it is spilled whole: every group goes,
// as its encoded key and serialized states, to one of kRadixPartitions files
// chosen by the key hash's high bits, and the table starts empty. After the
// input, the rest follows and each partition is aggregated on its own,
// combining the partial states of a group in the order they were written
// (so first/last keep the row seen first on ties). A partition that still
// outgrows work_mem spills the same way into sub-partitions by the next hash
// bits.
class HashAggregateOperator final : public Operator {
 public:
  HashAggregateOperator(const AggregatePlan& plan, std::unique_ptr<Operator> child,
                        ExecContext& context)
      : plan_(plan),
        child_(std::move(child)),
        context_(context),
        memory_(context.memory.Register("HashAggregate", context.work_mem_bytes)) {
    for (const ExprPtr& key : plan.group_keys)
      key_types_.push_back(key->type);
    table_.emplace(key_types_);
    for (size_t a = 0; a < plan.aggregates.size(); ++a) {
      const AggregateFunction& function = *plan.aggregates[a].function;
      offsets_.push_back(state_size_);
      state_size_ += (function.state_size() + 15) & ~size_t{15};
      if (function.owns_memory()) owning_.push_back(a);
    }
  }

  ~HashAggregateOperator() override { DestroyStates(); }

  Result<bool> Next(DataChunk& out) override {
    if (!consumed_) {
      RETURN_IF_ERROR(Consume());
      consumed_ = true;
    }
    while (next_group_ >= group_states_.size()) {
      if (pending_.empty()) return false;
      Pending partition = std::move(pending_.back());
      pending_.pop_back();
      RETURN_IF_ERROR(AggregatePartition(*partition.file, partition.level));
    }
    size_t count = std::min(kBatchCapacity, group_states_.size() - next_group_);
    DataChunk result;
    result.row_count_without_columns = count;
    if (!plan_.group_keys.empty()) result.columns = table_->GatherKeys(next_group_, count);
    const bool partial = plan_.mode == AggregateMode::kPartial;
    std::string serialized;
    for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
      const AggregateFunction& function = *plan_.aggregates[a].function;
      ColumnVector column(partial ? DataType::Of(TypeId::kText) : function.return_type(),
                          std::max<size_t>(count, 1));
      column.SetSize(count);
      for (size_t g = 0; g < count; ++g) {
        const uint8_t* state = group_states_[next_group_ + g] + offsets_[a];
        if (partial) {
          serialized.clear();
          function.Serialize(state, serialized);
          column.data<std::string_view>()[g] = column.AddString(serialized);
        } else {
          RETURN_IF_ERROR(function.FinalizeChecked(state, column, g));
        }
      }
      result.columns.push_back(std::move(column));
    }
    next_group_ += count;
    out = std::move(result);
    return true;
  }

 private:
  struct Pending {
    std::unique_ptr<SpillFile> file;
    int level;
  };
  using Partitions = std::vector<std::unique_ptr<SpillFile>>;

  uint8_t* NewGroupState() {
    uint8_t* state = arena_.Allocate(std::max<size_t>(state_size_, 1));
    for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
      plan_.aggregates[a].function->Init(state + offsets_[a]);
    }
    group_states_.push_back(state);
    return state;
  }

  void DestroyStates() {
    for (uint8_t* state : group_states_) {
      for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
        plan_.aggregates[a].function->Destroy(state + offsets_[a]);
      }
    }
  }

  // Drops every group (after they were spilled or emitted).
  void ResetGroups() {
    DestroyStates();
    group_states_.clear();
    group_states_.shrink_to_fit();
    arena_ = Arena();
    table_.emplace(key_types_);
    next_group_ = 0;
    owned_bytes_ = 0;
    touched_epoch_.clear();
  }

  void UpdateMemory() {
    memory_.SetUsed(table_->memory_bytes() + arena_.bytes_reserved() +
                    group_states_.capacity() * sizeof(uint8_t*) + owned_bytes_);
  }

  // The bytes the memory-owning aggregates' states of `group` hold.
  size_t OwnedBytesOf(uint32_t group) const {
    size_t bytes = 0;
    for (size_t a : owning_) {
      bytes += plan_.aggregates[a].function->OwnedBytes(group_states_[group] + offsets_[a]);
    }
    return bytes;
  }

  // The groups rows [0, n) of this batch map to, each once.
  void CollectTouchedGroups(const std::vector<uint32_t>& group_ids, size_t n, bool grouped) {
    touched_.clear();
    if (!grouped) {
      touched_.push_back(0);
      return;
    }
    ++epoch_;
    touched_epoch_.resize(group_states_.size(), 0);
    for (size_t i = 0; i < n; ++i) {
      uint32_t g = group_ids[i];
      if (touched_epoch_[g] != epoch_) {
        touched_epoch_[g] = epoch_;
        touched_.push_back(g);
      }
    }
  }

  // Folds rows [0, n) of `input` into aggregate `a` of the groups in `base`.
  Status UpdateAggregate(size_t a, const DataChunk& input, size_t n, uint8_t* const* base,
                         std::vector<ColumnVector>& args, std::vector<uint8_t*>& states) {
    const AggregateCall& call = plan_.aggregates[a];
    const size_t offset = offsets_[a];
    if (call.filter == nullptr) {
      RETURN_IF_ERROR(EvaluateAll(call.args, input, context_.eval, args));
      for (size_t i = 0; i < n; ++i)
        states[i] = base[i] + offset;
      call.function->Update(states.data(), args.data(), n);
      return Status::Ok();
    }
    ColumnVector keep;
    RETURN_IF_ERROR(Evaluate(*call.filter, input, context_.eval, keep));
    selection_.resize(n);
    const size_t kept = SelectTrue(keep, n, selection_.data());
    if (kept == 0) return Status::Ok();
    DataChunk filtered;
    filtered.row_count_without_columns = kept;
    for (const ColumnVector& column : input.columns)
      filtered.columns.push_back(GatherRows(column, selection_.data(), kept));
    RETURN_IF_ERROR(EvaluateAll(call.args, filtered, context_.eval, args));
    for (size_t i = 0; i < kept; ++i)
      states[i] = base[selection_[i]] + offset;
    call.function->Update(states.data(), args.data(), kept);
    return Status::Ok();
  }

  // Combines the partial states of rows [0, n) of `input` (kFinal: the
  // call's argument column) into aggregate `a` of the groups in `base`,
  // row by row in input order.
  Status CombineAggregate(size_t a, const DataChunk& input, size_t n, uint8_t* const* base,
                          std::vector<ColumnVector>& args, uint8_t* scratch) {
    const AggregateCall& call = plan_.aggregates[a];
    RETURN_IF_ERROR(EvaluateAll(call.args, input, context_.eval, args));
    if (args.size() != 1 || args[0].type().id != TypeId::kText) {
      return Status::Error(ErrorCode::kInternal, "a final aggregate takes one state column");
    }
    const auto* states = args[0].data<std::string_view>();
    for (size_t i = 0; i < n; ++i) {
      std::string_view in = states[i];
      call.function->Init(scratch);
      Status status = call.function->Deserialize(in, scratch);
      if (status.ok() && !in.empty()) status = Corrupt();
      if (status.ok()) call.function->Combine(scratch, base[i] + offsets_[a]);
      call.function->Destroy(scratch);
      RETURN_IF_ERROR(status);
    }
    return Status::Ok();
  }

  // Writes every group to its partition at `level` and empties the table.
  Status SpillGroups(Partitions& partitions, int level) {
    partitions.resize(kRadixPartitions);
    std::string record;
    for (uint32_t g = 0; g < group_states_.size(); ++g) {
      std::string_view key = table_->GroupKeyBytes(g);
      record.clear();
      auto key_size = static_cast<uint32_t>(key.size());
      record.append(reinterpret_cast<const char*>(&key_size), sizeof(key_size));
      record.append(key);
      table_->AppendDisplayScales(g, record);
      for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
        plan_.aggregates[a].function->Serialize(group_states_[g] + offsets_[a], record);
      }
      std::unique_ptr<SpillFile>& file =
          partitions[RadixPartition(GroupHashTable::HashKey(key), level)];
      if (file == nullptr) {
        ASSIGN_OR_RETURN(file, SpillFile::Create(context_.temp_dir));
      }
      RETURN_IF_ERROR(file->Append(record));
      memory_.AddSpilled(sizeof(uint32_t) + record.size());
    }
    ResetGroups();
    return Status::Ok();
  }

  // Queues the partitions written at `level` for aggregation, lowest first.
  void QueuePartitions(Partitions& partitions, int level) {
    for (size_t p = partitions.size(); p-- > 0;) {
      if (partitions[p] != nullptr) pending_.push_back(Pending{std::move(partitions[p]), level});
    }
    partitions.clear();
  }

  Status Consume() {
    bool grouped = !plan_.group_keys.empty();
    if (!grouped) NewGroupState();
    const bool combining = plan_.mode == AggregateMode::kFinal;
    // One state block to deserialize a partial state into.
    auto scratch = std::make_unique<uint8_t[]>(std::max<size_t>(state_size_, 1));
    std::vector<ColumnVector> keys;
    std::vector<std::vector<ColumnVector>> args(plan_.aggregates.size());
    std::vector<uint32_t> group_ids;
    std::vector<uint8_t*> base(kBatchCapacity);
    std::vector<uint8_t*> states(kBatchCapacity);
    Partitions partitions;
    DataChunk input;
    while (true) {
      ASSIGN_OR_RETURN(bool more, child_->Next(input));
      if (!more) break;
      RETURN_IF_ERROR(CheckCanceled(context_));
      size_t n = input.size();
      if (n == 0) continue;
      if (base.size() < n) {
        base.resize(n);
        states.resize(n);
      }
      if (grouped) {
        RETURN_IF_ERROR(EvaluateAll(plan_.group_keys, input, context_.eval, keys));
        group_ids.resize(n);
        table_->FindOrInsert(keys, n, group_ids.data());
        while (group_states_.size() < table_->group_count())
          NewGroupState();
        for (size_t i = 0; i < n; ++i)
          base[i] = group_states_[group_ids[i]];
      } else {
        std::fill(base.begin(), base.begin() + n, group_states_[0]);
      }
      if (!owning_.empty()) {
        CollectTouchedGroups(group_ids, n, grouped);
        for (uint32_t g : touched_)
          owned_bytes_ -= OwnedBytesOf(g);
      }
      for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
        RETURN_IF_ERROR(combining
                            ? CombineAggregate(a, input, n, base.data(), args[a], scratch.get())
                            : UpdateAggregate(a, input, n, base.data(), args[a], states));
      }
      for (uint32_t g : touched_)
        owned_bytes_ += OwnedBytesOf(g);
      UpdateMemory();
      if (grouped && memory_.over_limit()) RETURN_IF_ERROR(SpillGroups(partitions, 0));
    }
    if (!partitions.empty()) {
      RETURN_IF_ERROR(SpillGroups(partitions, 0));
      QueuePartitions(partitions, 0);
    }
    return Status::Ok();
  }

  // Replaces the (emitted) groups with the groups of one partition.
  Status AggregatePartition(SpillFile& file, int level) {
    ResetGroups();
    RETURN_IF_ERROR(file.StartReading());
    // One state block to deserialize into before combining it into the group.
    auto scratch = std::make_unique<uint8_t[]>(std::max<size_t>(state_size_, 1));
    Partitions partitions;
    bool may_split = level + 1 < kMaxRadixLevels;
    std::string record;
    for (size_t records = 1;; ++records) {
      ASSIGN_OR_RETURN(bool more, file.Read(record));
      if (!more) break;
      std::string_view in = record;
      uint32_t key_size;
      if (in.size() < sizeof(key_size)) return Corrupt();
      std::memcpy(&key_size, in.data(), sizeof(key_size));
      in.remove_prefix(sizeof(key_size));
      if (in.size() < key_size) return Corrupt();
      uint32_t group = table_->FindOrInsertEncoded(in.substr(0, key_size));
      in.remove_prefix(key_size);
      if (!table_->ReadDisplayScales(group, in)) return Corrupt();
      if (group == group_states_.size()) NewGroupState();
      owned_bytes_ -= OwnedBytesOf(group);
      for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
        const AggregateFunction& function = *plan_.aggregates[a].function;
        function.Init(scratch.get());
        Status status = function.Deserialize(in, scratch.get());
        if (status.ok()) function.Combine(scratch.get(), group_states_[group] + offsets_[a]);
        function.Destroy(scratch.get());
        RETURN_IF_ERROR(status);
      }
      owned_bytes_ += OwnedBytesOf(group);
      if (!in.empty()) return Corrupt();
      if (records % kRecordsPerCheck == 0) {
        RETURN_IF_ERROR(CheckCanceled(context_));
        UpdateMemory();
        if (may_split && memory_.over_limit()) RETURN_IF_ERROR(SpillGroups(partitions, level + 1));
      }
    }
    UpdateMemory();
    if (!partitions.empty()) {
      RETURN_IF_ERROR(SpillGroups(partitions, level + 1));
      QueuePartitions(partitions, level + 1);
    }
    return Status::Ok();
  }

  static Status Corrupt() {
    return Status::Error(ErrorCode::kCorruption, "malformed aggregate spill record");
  }

  const AggregatePlan& plan_;
  std::unique_ptr<Operator> child_;
  ExecContext& context_;
  OperatorMemory& memory_;
  std::vector<DataType> key_types_;
  std::optional<GroupHashTable> table_;
  std::vector<size_t> offsets_;
  size_t state_size_ = 0;
  // Aggregates whose states own memory, and what that memory adds up to.
  std::vector<size_t> owning_;
  size_t owned_bytes_ = 0;
  // Groups touched by the current batch; touched_epoch_[g] == epoch_ marks
  // them.
  std::vector<uint32_t> touched_;
  std::vector<uint64_t> touched_epoch_;
  uint64_t epoch_ = 0;
  std::vector<uint32_t> selection_;
  Arena arena_;
  std::vector<uint8_t*> group_states_;
  // Partitions still to aggregate; the next is at the back.
  std::vector<Pending> pending_;
  bool consumed_ = false;
  size_t next_group_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeHashAggregateOperator(const AggregatePlan& plan,
                                                    std::unique_ptr<Operator> child,
                                                    ExecContext& context) {
  return std::make_unique<HashAggregateOperator>(plan, std::move(child), context);
}

}  // namespace sundial::exec
