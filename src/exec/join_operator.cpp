#include <algorithm>
#include <memory>
#include <vector>

#include "exec/group_hash_table.h"
#include "exec/operator_factories.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

constexpr uint32_t kEndOfChain = UINT32_MAX;

// Copies the first n rows of `source` to the end of `target` (same type;
// strings are copied into target's heap, so target owns what it shows).
void AppendRows(ColumnVector& target, const ColumnVector& source, size_t n) {
  size_t at = target.size();
  target.SetSize(at + n);
  DispatchPhysical(target.type().id, [&](auto tag) {
    using T = decltype(tag);
    const T* src = source.data<T>();
    T* dst = target.data<T>();
    for (size_t i = 0; i < n; ++i) {
      if (source.IsNull(i)) {
        target.SetNull(at + i, true);
        continue;
      }
      if constexpr (std::is_same_v<T, std::string_view>) {
        dst[at + i] = target.AddString(src[i]);
      } else {
        dst[at + i] = src[i];
      }
    }
  });
}

ColumnVector NullColumn(DataType type, size_t n) {
  return ConstantVector(Value::Null(type), type, n);
}

// Hash join (nested loop when there are no keys): the build side is drained
// into one contiguous set of columns whose rows are chained per key group;
// each probe batch then walks the chains of its rows, up to one output batch
// of candidate pairs at a time, and the residual condition filters the pairs.
class JoinOperator : public Operator {
 public:
  JoinOperator(const JoinPlan& plan, std::unique_ptr<Operator> probe,
               std::unique_ptr<Operator> build, ExecContext& context)
      : plan_(plan), probe_(std::move(probe)), build_(std::move(build)), context_(context) {
    probe_width_ = plan.children[0]->output_types.size();
    build_types_ = plan.children[1]->output_types;
  }

  Result<bool> Next(DataChunk& out) override {
    if (!built_) {
      RETURN_IF_ERROR(Build());
      built_ = true;
    }
    while (true) {
      RETURN_IF_ERROR(CheckCanceled(context_));
      if (probe_done_) return EmitUnmatchedBuildRows(out);
      if (!have_probe_) {
        ASSIGN_OR_RETURN(bool more, probe_->Next(probe_chunk_));
        if (!more) {
          probe_done_ = true;
          continue;
        }
        RETURN_IF_ERROR(StartProbeChunk());
      }
      if (probe_row_ < probe_chunk_.size()) {
        RETURN_IF_ERROR(EmitPairs(out));
        if (out.size() > 0 && !FiltersProbeRows()) return true;
        continue;
      }
      have_probe_ = false;
      if (plan_.type == JoinType::kSemi && EmitProbeRows(/*matched=*/true, out)) return true;
      if ((KeepsUnmatchedProbeRows() || plan_.type == JoinType::kAnti) &&
          EmitProbeRows(/*matched=*/false, out)) {
        return true;
      }
    }
  }

 private:
  bool KeepsUnmatchedProbeRows() const {
    return plan_.type == JoinType::kLeft || plan_.type == JoinType::kFull;
  }
  bool KeepsUnmatchedBuildRows() const {
    return plan_.type == JoinType::kRight || plan_.type == JoinType::kFull;
  }
  bool HasKeys() const { return !plan_.build_keys.empty(); }
  // Semi and anti joins return probe rows, not pairs.
  bool FiltersProbeRows() const {
    return plan_.type == JoinType::kSemi || plan_.type == JoinType::kAnti;
  }

  Status Build() {
    std::vector<DataChunk> chunks;
    size_t total = 0;
    while (true) {
      RETURN_IF_ERROR(CheckCanceled(context_));
      DataChunk chunk;
      ASSIGN_OR_RETURN(bool more, build_->Next(chunk));
      if (!more) break;
      total += chunk.size();
      chunks.push_back(std::move(chunk));
    }
    build_rows_ = total;
    build_columns_.clear();
    for (const DataType& type : build_types_) {
      build_columns_.emplace_back(type, std::max<size_t>(total, 1));
    }
    if (HasKeys()) {
      std::vector<DataType> key_types;
      for (const ExprPtr& key : plan_.build_keys)
        key_types.push_back(key->type);
      table_ = std::make_unique<GroupHashTable>(std::move(key_types));
      next_in_chain_.assign(total, kEndOfChain);
    }
    size_t row_base = 0;
    std::vector<ColumnVector> keys;
    std::vector<uint32_t> groups;
    for (DataChunk& chunk : chunks) {
      size_t n = chunk.size();
      for (size_t c = 0; c < build_columns_.size(); ++c)
        AppendRows(build_columns_[c], chunk.columns[c], n);
      if (HasKeys()) {
        RETURN_IF_ERROR(EvaluateAll(plan_.build_keys, chunk, context_.eval, keys));
        groups.resize(n);
        table_->FindOrInsert(keys, n, groups.data());
        for (size_t i = 0; i < n; ++i) {
          // NULL equals nothing: such rows join no chain (outer joins still
          // emit them as unmatched).
          if (AnyNull(keys, i)) continue;
          uint32_t g = groups[i];
          if (g >= chain_head_.size()) chain_head_.resize(g + 1, kEndOfChain);
          // Rows are chained in reverse, then walked from the head: link
          // them so the walk visits build rows in arrival order.
          uint32_t row = static_cast<uint32_t>(row_base + i);
          if (chain_head_[g] == kEndOfChain) {
            chain_head_[g] = row;
          } else {
            next_in_chain_[chain_tail_[g]] = row;
          }
          if (g >= chain_tail_.size()) chain_tail_.resize(g + 1, kEndOfChain);
          chain_tail_[g] = row;
        }
      }
      row_base += n;
      chunk = DataChunk();
    }
    if (KeepsUnmatchedBuildRows()) build_matched_.assign(total, 0);
    return Status::Ok();
  }

  static bool AnyNull(const std::vector<ColumnVector>& keys, size_t row) {
    for (const ColumnVector& key : keys) {
      if (key.IsNull(row)) return true;
    }
    return false;
  }

  Status StartProbeChunk() {
    have_probe_ = true;
    probe_row_ = 0;
    chain_position_ = kEndOfChain;
    chain_started_ = false;
    size_t n = probe_chunk_.size();
    probe_matched_.assign(n, 0);
    if (HasKeys()) {
      std::vector<ColumnVector> keys;
      RETURN_IF_ERROR(EvaluateAll(plan_.probe_keys, probe_chunk_, context_.eval, keys));
      probe_groups_.resize(n);
      table_->Find(keys, n, probe_groups_.data());
      for (size_t i = 0; i < n; ++i) {
        if (AnyNull(keys, i)) probe_groups_[i] = GroupHashTable::kNoGroup;
      }
    }
    return Status::Ok();
  }

  // The build row after `row` on the current probe row's chain.
  uint32_t FirstCandidate(size_t probe_row) const {
    if (!HasKeys()) return build_rows_ == 0 ? kEndOfChain : 0;
    uint32_t g = probe_groups_[probe_row];
    if (g == GroupHashTable::kNoGroup || g >= chain_head_.size()) return kEndOfChain;
    return chain_head_[g];
  }
  uint32_t NextCandidate(uint32_t row) const {
    if (!HasKeys()) return row + 1 < build_rows_ ? row + 1 : kEndOfChain;
    return next_in_chain_[row];
  }

  // Collects up to one batch of (probe row, build row) candidates, filters
  // them by the condition and puts the survivors in `out` (maybe empty).
  Status EmitPairs(DataChunk& out) {
    std::vector<uint32_t> probe_rows;
    std::vector<uint32_t> build_rows;
    probe_rows.reserve(kBatchCapacity);
    build_rows.reserve(kBatchCapacity);
    while (probe_row_ < probe_chunk_.size() && probe_rows.size() < kBatchCapacity) {
      // A semi or anti join is decided by the first pairing row.
      if (FiltersProbeRows() && probe_matched_[probe_row_]) {
        ++probe_row_;
        chain_started_ = false;
        continue;
      }
      if (!chain_started_) {
        chain_position_ = FirstCandidate(probe_row_);
        chain_started_ = true;
      }
      while (chain_position_ != kEndOfChain && probe_rows.size() < kBatchCapacity) {
        probe_rows.push_back(static_cast<uint32_t>(probe_row_));
        build_rows.push_back(chain_position_);
        chain_position_ = NextCandidate(chain_position_);
      }
      if (chain_position_ == kEndOfChain) {
        ++probe_row_;
        chain_started_ = false;
      }
    }
    size_t n = probe_rows.size();
    out = DataChunk();
    out.row_count_without_columns = n;
    if (n == 0) return Status::Ok();
    for (size_t c = 0; c < probe_width_; ++c) {
      out.columns.push_back(GatherRows(probe_chunk_.columns[c], probe_rows.data(), n));
    }
    for (const ColumnVector& column : build_columns_) {
      out.columns.push_back(GatherRows(column, build_rows.data(), n));
    }
    if (plan_.condition) {
      ColumnVector keep;
      RETURN_IF_ERROR(Evaluate(*plan_.condition, out, context_.eval, keep));
      std::vector<uint32_t> sel(n);
      size_t kept = SelectTrue(keep, n, sel.data());
      if (kept < n) {
        DataChunk filtered;
        filtered.row_count_without_columns = kept;
        for (const ColumnVector& column : out.columns)
          filtered.columns.push_back(GatherRows(column, sel.data(), kept));
        out = std::move(filtered);
        for (size_t k = 0; k < kept; ++k) {
          probe_rows[k] = probe_rows[sel[k]];
          build_rows[k] = build_rows[sel[k]];
        }
        n = kept;
      }
    }
    for (size_t k = 0; k < n; ++k) {
      probe_matched_[probe_rows[k]] = 1;
      if (!build_matched_.empty()) build_matched_[build_rows[k]] = 1;
    }
    return Status::Ok();
  }

  // The current probe batch's rows that paired (`matched`) or did not; the
  // unpaired ones of an outer join with NULL build columns. False when there
  // are none.
  bool EmitProbeRows(bool matched, DataChunk& out) {
    std::vector<uint32_t> rows;
    for (size_t i = 0; i < probe_matched_.size(); ++i) {
      if ((probe_matched_[i] != 0) == matched) rows.push_back(static_cast<uint32_t>(i));
    }
    if (rows.empty()) return false;
    size_t n = rows.size();
    out = DataChunk();
    out.row_count_without_columns = n;
    for (size_t c = 0; c < probe_width_; ++c) {
      out.columns.push_back(GatherRows(probe_chunk_.columns[c], rows.data(), n));
    }
    if (!FiltersProbeRows()) {
      for (const DataType& type : build_types_)
        out.columns.push_back(NullColumn(type, n));
    }
    return true;
  }

  Result<bool> EmitUnmatchedBuildRows(DataChunk& out) {
    if (!KeepsUnmatchedBuildRows()) return false;
    std::vector<uint32_t> rows;
    while (unmatched_cursor_ < build_rows_ && rows.size() < kBatchCapacity) {
      if (!build_matched_[unmatched_cursor_])
        rows.push_back(static_cast<uint32_t>(unmatched_cursor_));
      ++unmatched_cursor_;
    }
    if (rows.empty()) return false;
    size_t n = rows.size();
    out = DataChunk();
    out.row_count_without_columns = n;
    for (size_t c = 0; c < probe_width_; ++c) {
      out.columns.push_back(NullColumn(plan_.children[0]->output_types[c], n));
    }
    for (const ColumnVector& column : build_columns_) {
      out.columns.push_back(GatherRows(column, rows.data(), n));
    }
    return true;
  }

  const JoinPlan& plan_;
  std::unique_ptr<Operator> probe_;
  std::unique_ptr<Operator> build_;
  ExecContext& context_;
  size_t probe_width_ = 0;
  std::vector<DataType> build_types_;

  bool built_ = false;
  size_t build_rows_ = 0;
  std::vector<ColumnVector> build_columns_;
  std::unique_ptr<GroupHashTable> table_;
  std::vector<uint32_t> chain_head_;
  std::vector<uint32_t> chain_tail_;
  std::vector<uint32_t> next_in_chain_;
  std::vector<uint8_t> build_matched_;
  size_t unmatched_cursor_ = 0;

  bool probe_done_ = false;
  bool have_probe_ = false;
  DataChunk probe_chunk_;
  std::vector<uint32_t> probe_groups_;
  std::vector<uint8_t> probe_matched_;
  size_t probe_row_ = 0;
  uint32_t chain_position_ = kEndOfChain;
  bool chain_started_ = false;
};

}  // namespace

std::unique_ptr<Operator> MakeJoinOperator(const JoinPlan& plan, std::unique_ptr<Operator> probe,
                                           std::unique_ptr<Operator> build, ExecContext& context) {
  return std::make_unique<JoinOperator>(plan, std::move(probe), std::move(build), context);
}

}  // namespace sundial::exec
