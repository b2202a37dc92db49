#include <algorithm>
#include <memory>
#include <vector>

#include "exec/group_hash_table.h"
#include "exec/operator_factories.h"
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

// INTERSECT / EXCEPT [ALL]: counts each distinct row on both sides (rows of
// the right side that the left never had are not stored), then emits each
// row as often as the operation asks.
class CountingSetOperator : public Operator {
 public:
  CountingSetOperator(const SetOperationPlan& plan, std::unique_ptr<Operator> left,
                      std::unique_ptr<Operator> right, ExecContext& context)
      : plan_(plan),
        left_(std::move(left)),
        right_(std::move(right)),
        context_(context),
        table_(plan.output_types) {}

  Result<bool> Next(DataChunk& out) override {
    if (!counted_) {
      RETURN_IF_ERROR(Count());
      counted_ = true;
    }
    std::vector<uint32_t> groups;
    while (groups.empty() && next_group_ < table_.group_count()) {
      // One batch looks at a bounded range of groups, so that gathering
      // their keys stays cheap when most of them emit nothing.
      size_t range_end = std::min(table_.group_count(), next_group_ + kBatchCapacity);
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
    std::vector<ColumnVector> keys = table_.GatherKeys(first, last - first + 1);
    for (uint32_t& g : groups)
      g -= first;
    out = DataChunk();
    out.row_count_without_columns = groups.size();
    for (const ColumnVector& key : keys)
      out.columns.push_back(GatherRows(key, groups.data(), groups.size()));
    return true;
  }

 private:
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

  Status Count() {
    DataChunk chunk;
    std::vector<uint32_t> groups;
    while (true) {
      RETURN_IF_ERROR(CheckCanceled(context_));
      ASSIGN_OR_RETURN(bool more, left_->Next(chunk));
      if (!more) break;
      groups.resize(chunk.size());
      table_.FindOrInsert(chunk.columns, chunk.size(), groups.data());
      left_counts_.resize(table_.group_count(), 0);
      for (uint32_t g : groups)
        ++left_counts_[g];
    }
    right_counts_.assign(table_.group_count(), 0);
    while (true) {
      RETURN_IF_ERROR(CheckCanceled(context_));
      ASSIGN_OR_RETURN(bool more, right_->Next(chunk));
      if (!more) break;
      groups.resize(chunk.size());
      table_.Find(chunk.columns, chunk.size(), groups.data());
      for (uint32_t g : groups) {
        if (g != GroupHashTable::kNoGroup) ++right_counts_[g];
      }
    }
    return Status::Ok();
  }

  const SetOperationPlan& plan_;
  std::unique_ptr<Operator> left_;
  std::unique_ptr<Operator> right_;
  ExecContext& context_;
  GroupHashTable table_;
  std::vector<uint64_t> left_counts_;
  std::vector<uint64_t> right_counts_;
  bool counted_ = false;
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
