#include <algorithm>
#include <numeric>
#include <vector>

#include "exec/arena.h"
#include "exec/function_registry.h"
#include "exec/group_hash_table.h"
#include "exec/operator_factories.h"

namespace sundial::exec {
namespace {

// Hash aggregation: drains its child, then emits one row per group.
//
// Per input batch: evaluate the key and argument expressions, map every row
// to a group id through the GroupHashTable, turn the ids into an array of
// state pointers, and call each aggregate's Update once for the batch. All
// aggregate states of a group sit in one arena block at fixed offsets.
class HashAggregateOperator final : public Operator {
 public:
  HashAggregateOperator(const AggregatePlan& plan, std::unique_ptr<Operator> child,
                        ExecContext& context)
      : plan_(plan), child_(std::move(child)), context_(context) {
    std::vector<DataType> key_types;
    for (const ExprPtr& key : plan.group_keys)
      key_types.push_back(key->type);
    table_.emplace(std::move(key_types));
    for (const AggregateCall& call : plan.aggregates) {
      offsets_.push_back(state_size_);
      state_size_ += (call.function->state_size() + 15) & ~size_t{15};
    }
  }

  ~HashAggregateOperator() override {
    for (uint8_t* state : group_states_) {
      for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
        plan_.aggregates[a].function->Destroy(state + offsets_[a]);
      }
    }
  }

  Result<bool> Next(DataChunk& out) override {
    if (!consumed_) {
      RETURN_IF_ERROR(Consume());
      consumed_ = true;
    }
    size_t groups = group_states_.size();
    if (next_group_ >= groups) return false;
    size_t count = std::min(kBatchCapacity, groups - next_group_);
    DataChunk result;
    result.row_count_without_columns = count;
    if (!plan_.group_keys.empty()) result.columns = table_->GatherKeys(next_group_, count);
    for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
      const AggregateFunction& function = *plan_.aggregates[a].function;
      ColumnVector column(function.return_type(), std::max<size_t>(count, 1));
      column.SetSize(count);
      for (size_t g = 0; g < count; ++g) {
        const uint8_t* state = group_states_[next_group_ + g] + offsets_[a];
        RETURN_IF_ERROR(function.CheckFinalize(state));
        function.Finalize(state, column, g);
      }
      result.columns.push_back(std::move(column));
    }
    next_group_ += count;
    out = std::move(result);
    return true;
  }

 private:
  uint8_t* NewGroupState() {
    uint8_t* state = arena_.Allocate(std::max<size_t>(state_size_, 1));
    for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
      plan_.aggregates[a].function->Init(state + offsets_[a]);
    }
    group_states_.push_back(state);
    return state;
  }

  Status Consume() {
    bool grouped = !plan_.group_keys.empty();
    if (!grouped) NewGroupState();
    std::vector<ColumnVector> keys;
    std::vector<std::vector<ColumnVector>> args(plan_.aggregates.size());
    std::vector<uint32_t> group_ids;
    std::vector<uint8_t*> base(kBatchCapacity);
    std::vector<uint8_t*> states(kBatchCapacity);
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
      for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
        RETURN_IF_ERROR(EvaluateAll(plan_.aggregates[a].args, input, context_.eval, args[a]));
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
      for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
        size_t offset = offsets_[a];
        for (size_t i = 0; i < n; ++i)
          states[i] = base[i] + offset;
        plan_.aggregates[a].function->Update(states.data(), args[a].data(), n);
      }
    }
    return Status::Ok();
  }

  const AggregatePlan& plan_;
  std::unique_ptr<Operator> child_;
  ExecContext& context_;
  std::optional<GroupHashTable> table_;
  std::vector<size_t> offsets_;
  size_t state_size_ = 0;
  Arena arena_;
  std::vector<uint8_t*> group_states_;
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
