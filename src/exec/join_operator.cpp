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

constexpr uint32_t kEndOfChain = UINT32_MAX;
// Bytes a build row costs beyond its values once it is in the table: its
// chain link, and per key group a hash slot, chain head and tail and the
// stored key. Counted before the table exists, so a block that would not fit
// is never built.
constexpr size_t kBuildRowOverhead = 40;

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

// The rows of a chunk at positions `sel` (all columns, or just the count).
DataChunk GatherChunk(const DataChunk& chunk, const uint32_t* sel, size_t n) {
  DataChunk out;
  out.row_count_without_columns = n;
  for (const ColumnVector& column : chunk.columns)
    out.columns.push_back(GatherRows(column, sel, n));
  return out;
}

// One side of a partitioned join: its rows spread over kRadixPartitions
// spill files by the radix bits of their key hash at one recursion level.
// Each record is one chunk's rows of a partition (EncodeColumns).
class PartitionWriter {
 public:
  PartitionWriter(const ExecContext& context, OperatorMemory& memory, int level)
      : context_(context),
        memory_(memory),
        level_(level),
        files_(kRadixPartitions),
        rows_(kRadixPartitions, 0),
        first_hash_(kRadixPartitions, 0),
        one_hash_(kRadixPartitions, 1) {}

  // Writes every row of `chunk` to the partition its hash picks; without
  // hashes (a join without keys) every row goes to partition 0.
  Status Write(const DataChunk& chunk, const std::vector<uint64_t>* hashes) {
    const size_t n = chunk.size();
    if (n == 0) return Status::Ok();
    std::vector<std::vector<uint32_t>> members(kRadixPartitions);
    for (size_t i = 0; i < n; ++i) {
      uint64_t hash = hashes == nullptr ? 0 : (*hashes)[i];
      size_t p = hashes == nullptr ? 0 : RadixPartition(hash, level_);
      if (rows_[p] + members[p].size() == 0) first_hash_[p] = hash;
      if (hash != first_hash_[p]) one_hash_[p] = 0;
      members[p].push_back(static_cast<uint32_t>(i));
    }
    for (size_t p = 0; p < kRadixPartitions; ++p) {
      if (members[p].empty()) continue;
      if (files_[p] == nullptr) {
        ASSIGN_OR_RETURN(files_[p], SpillFile::Create(context_.temp_dir));
      }
      record_.clear();
      if (members[p].size() == n) {
        EncodeColumns(chunk.columns, n, record_);
      } else {
        DataChunk part = GatherChunk(chunk, members[p].data(), members[p].size());
        EncodeColumns(part.columns, members[p].size(), record_);
      }
      RETURN_IF_ERROR(files_[p]->Append(record_));
      memory_.AddSpilled(sizeof(uint32_t) + record_.size());
      rows_[p] += members[p].size();
    }
    return Status::Ok();
  }

  std::unique_ptr<SpillFile> Take(size_t p) { return std::move(files_[p]); }
  size_t rows(size_t p) const { return rows_[p]; }
  // Every row of partition p had the same key hash: splitting by other hash
  // bits cannot separate them.
  bool one_hash(size_t p) const { return one_hash_[p] != 0; }

 private:
  const ExecContext& context_;
  OperatorMemory& memory_;
  int level_;
  std::vector<std::unique_ptr<SpillFile>> files_;
  std::vector<size_t> rows_;
  std::vector<uint64_t> first_hash_;
  std::vector<uint8_t> one_hash_;
  std::string record_;
};

// Hash join (nested loop when there are no keys).
//
// In memory: the build side is drained into one contiguous set of columns
// whose rows are chained per key group; each probe batch then walks the
// chains of its rows, up to one output batch of candidate pairs at a time,
// and the residual condition filters the pairs.
//
// When the build side outgrows work_mem the join turns into a grace hash
// join: both inputs are written to kRadixPartitions spill files by the radix
// bits of their key hash (equal keys land in the same partition, NULL keys
// too, where they pair with nothing) and the partitions are joined one pair
// at a time. A partition whose build side still does not fit is split again
// by the next hash bits. One that cannot be split (every build row has the
// same hash, such as one dominant key, or there are no keys at all) is
// joined as a block nested loop: build blocks that fit are loaded one after
// the other and the whole probe partition is read once per block. Probe rows'
// matched flags then carry over between blocks (one bit per probe row), and
// a probe row's fate (unmatched for outer and anti joins, matched for semi
// joins) is decided in the last block; a build row's in its own block.
class JoinOperator : public Operator {
 public:
  JoinOperator(const JoinPlan& plan, std::unique_ptr<Operator> probe,
               std::unique_ptr<Operator> build, ExecContext& context)
      : plan_(plan),
        probe_(std::move(probe)),
        build_(std::move(build)),
        context_(context),
        memory_(context.memory.Register(plan.build_keys.empty() ? "NestedLoopJoin" : "HashJoin",
                                        context.work_mem_bytes)) {
    probe_types_ = plan.children[0]->output_types;
    build_types_ = plan.children[1]->output_types;
    if (HasKeys()) {
      std::vector<DataType> key_types;
      for (const ExprPtr& key : plan_.build_keys)
        key_types.push_back(key->type);
      hasher_.emplace(std::move(key_types));
    }
  }

  Result<bool> Next(DataChunk& out) override {
    if (!started_) {
      RETURN_IF_ERROR(Start());
      started_ = true;
    }
    while (true) {
      RETURN_IF_ERROR(CheckCanceled(context_));
      if (!block_active_) {
        if (pending_.empty()) return false;
        Pending partition = std::move(pending_.back());
        pending_.pop_back();
        RETURN_IF_ERROR(StartPartition(std::move(partition)));
        continue;
      }
      if (probe_done_) {
        ASSIGN_OR_RETURN(bool emitted, EmitUnmatchedBuildRows(out));
        if (emitted) return true;
        RETURN_IF_ERROR(FinishBlock());
        continue;
      }
      if (!have_probe_) {
        ASSIGN_OR_RETURN(bool more, NextProbeChunk(probe_chunk_));
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
      FinishProbeChunk();
      // A probe row's fate is known once the last build block has seen it.
      if (!last_block_) continue;
      if (plan_.type == JoinType::kSemi && EmitProbeRows(/*matched=*/true, out)) return true;
      if ((KeepsUnmatchedProbeRows() || plan_.type == JoinType::kAnti) &&
          EmitProbeRows(/*matched=*/false, out)) {
        return true;
      }
    }
  }

 private:
  // A pair of partition files still to join (either may be absent: empty).
  struct Pending {
    std::unique_ptr<SpillFile> build;
    std::unique_ptr<SpillFile> probe;
    int level = 0;
    // Splitting further cannot shrink the build side.
    bool unsplittable = false;
  };

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

  // A build block may hold this many bytes of values and table.
  bool BlockFits(size_t bytes, size_t rows) const {
    return bytes + rows * kBuildRowOverhead <= memory_.limit_bytes();
  }

  // Drains the build input. If it fits, it is the only block and the probe
  // input streams through it; otherwise both inputs are partitioned.
  Status Start() {
    std::vector<DataChunk> chunks;
    size_t bytes = 0;
    size_t rows = 0;
    while (true) {
      RETURN_IF_ERROR(CheckCanceled(context_));
      DataChunk chunk;
      ASSIGN_OR_RETURN(bool more, build_->Next(chunk));
      if (!more) break;
      bytes += ChunkMemoryBytes(chunk);
      rows += chunk.size();
      chunks.push_back(std::move(chunk));
      memory_.SetUsed(bytes + rows * kBuildRowOverhead);
      if (!BlockFits(bytes, rows)) return PartitionInputs(std::move(chunks));
    }
    RETURN_IF_ERROR(LoadBlock(std::move(chunks)));
    probe_file_ = nullptr;
    StartBlock(/*last=*/true);
    return Status::Ok();
  }

  Result<std::vector<uint64_t>*> Hashes(const std::vector<ExprPtr>& keys, const DataChunk& chunk) {
    if (!HasKeys()) return nullptr;
    std::vector<ColumnVector> values;
    RETURN_IF_ERROR(EvaluateAll(keys, chunk, context_.eval, values));
    hashes_.resize(chunk.size());
    hasher_->HashRows(values, chunk.size(), hashes_.data());
    return &hashes_;
  }

  // Writes the build rows held so far, the rest of the build input and the
  // whole probe input to level-0 partitions, and queues the pairs.
  Status PartitionInputs(std::vector<DataChunk> held) {
    partitioned_probe_ = true;
    PartitionWriter build(context_, memory_, 0);
    for (DataChunk& chunk : held) {
      ASSIGN_OR_RETURN(std::vector<uint64_t> * hashes, Hashes(plan_.build_keys, chunk));
      RETURN_IF_ERROR(build.Write(chunk, hashes));
      chunk = DataChunk();
    }
    held.clear();
    memory_.SetUsed(0);
    while (true) {
      RETURN_IF_ERROR(CheckCanceled(context_));
      DataChunk chunk;
      ASSIGN_OR_RETURN(bool more, build_->Next(chunk));
      if (!more) break;
      ASSIGN_OR_RETURN(std::vector<uint64_t> * hashes, Hashes(plan_.build_keys, chunk));
      RETURN_IF_ERROR(build.Write(chunk, hashes));
    }
    PartitionWriter probe(context_, memory_, 0);
    while (true) {
      RETURN_IF_ERROR(CheckCanceled(context_));
      DataChunk chunk;
      ASSIGN_OR_RETURN(bool more, probe_->Next(chunk));
      if (!more) break;
      ASSIGN_OR_RETURN(std::vector<uint64_t> * hashes, Hashes(plan_.probe_keys, chunk));
      RETURN_IF_ERROR(probe.Write(chunk, hashes));
    }
    return QueuePartitions(build, probe, 0);
  }

  // Queues the partition pairs worth joining, lowest partition first.
  // Files wait flushed, so queued partitions hold no write buffers.
  Status QueuePartitions(PartitionWriter& build, PartitionWriter& probe, int level) {
    for (size_t p = kRadixPartitions; p-- > 0;) {
      bool has_build = build.rows(p) > 0;
      bool has_probe = probe.rows(p) > 0;
      // Without build rows only probe rows an outer or anti join keeps
      // come out; without probe rows only build rows a right or full join
      // keeps.
      bool needed = (has_build && has_probe) ||
                    (has_probe && (KeepsUnmatchedProbeRows() || plan_.type == JoinType::kAnti)) ||
                    (has_build && KeepsUnmatchedBuildRows());
      if (!needed) continue;
      Pending partition{.build = build.Take(p),
                        .probe = probe.Take(p),
                        .level = level,
                        .unsplittable = !HasKeys() || build.one_hash(p)};
      for (SpillFile* file : {partition.build.get(), partition.probe.get()}) {
        if (file != nullptr) RETURN_IF_ERROR(file->StartReading());
      }
      pending_.push_back(std::move(partition));
    }
    return Status::Ok();
  }

  // Joins one partition pair: in one block if its build side fits, else
  // split again or, when that cannot help, block by block.
  Status StartPartition(Pending partition) {
    build_file_ = std::move(partition.build);
    probe_file_ = std::move(partition.probe);
    if (build_file_ != nullptr) RETURN_IF_ERROR(build_file_->StartReading());
    if (probe_file_ != nullptr) RETURN_IF_ERROR(probe_file_->StartReading());
    ASSIGN_OR_RETURN(bool fits, ReadBuildBlock());
    if (!fits && !partition.unsplittable && partition.level + 1 < kMaxRadixLevels) {
      return Repartition(partition.level + 1);
    }
    if (!fits) {
      probe_flags_.clear();
      multi_block_ = true;
    }
    StartBlock(/*last=*/fits);
    return Status::Ok();
  }

  // Loads the next build block from build_file_ (as much as fits, at least
  // one record). True when that was the rest of the file.
  Result<bool> ReadBuildBlock() {
    std::vector<DataChunk> chunks;
    size_t bytes = 0;
    size_t rows = 0;
    bool at_end = build_file_ == nullptr;
    while (!at_end) {
      if (!lookahead_) {
        std::string record;
        ASSIGN_OR_RETURN(bool more, build_file_->Read(record));
        if (!more) {
          at_end = true;
          break;
        }
        lookahead_ = std::move(record);
      }
      DataChunk chunk;
      RETURN_IF_ERROR(Decode(*lookahead_, build_types_, chunk));
      if (!chunks.empty() && !BlockFits(bytes + ChunkMemoryBytes(chunk), rows + chunk.size()))
        break;
      lookahead_.reset();
      bytes += ChunkMemoryBytes(chunk);
      rows += chunk.size();
      chunks.push_back(std::move(chunk));
      RETURN_IF_ERROR(CheckCanceled(context_));
    }
    RETURN_IF_ERROR(LoadBlock(std::move(chunks)));
    return at_end;
  }

  static Status Decode(const std::string& record, const std::vector<DataType>& types,
                       DataChunk& chunk) {
    size_t rows = 0;
    RETURN_IF_ERROR(DecodeColumns(record, types, chunk.columns, rows));
    chunk.row_count_without_columns = rows;
    return Status::Ok();
  }

  // Splits the current partition (its first block is loaded, the rest still
  // in build_file_) by the hash bits of `level` and queues the pieces.
  Status Repartition(int level) {
    PartitionWriter build(context_, memory_, level);
    for (size_t start = 0; start < build_rows_; start += kBatchCapacity) {
      size_t n = std::min(kBatchCapacity, build_rows_ - start);
      DataChunk chunk;
      chunk.row_count_without_columns = n;
      for (const ColumnVector& column : build_columns_)
        chunk.columns.push_back(SliceRows(column, start, n));
      ASSIGN_OR_RETURN(std::vector<uint64_t> * hashes, Hashes(plan_.build_keys, chunk));
      RETURN_IF_ERROR(build.Write(chunk, hashes));
    }
    DropBlock();
    if (lookahead_) {
      DataChunk chunk;
      RETURN_IF_ERROR(Decode(*lookahead_, build_types_, chunk));
      lookahead_.reset();
      ASSIGN_OR_RETURN(std::vector<uint64_t> * hashes, Hashes(plan_.build_keys, chunk));
      RETURN_IF_ERROR(build.Write(chunk, hashes));
    }
    while (true) {
      RETURN_IF_ERROR(CheckCanceled(context_));
      DataChunk chunk;
      ASSIGN_OR_RETURN(bool more, NextFileChunk(build_file_.get(), build_types_, chunk));
      if (!more) break;
      ASSIGN_OR_RETURN(std::vector<uint64_t> * hashes, Hashes(plan_.build_keys, chunk));
      RETURN_IF_ERROR(build.Write(chunk, hashes));
    }
    build_file_ = nullptr;
    PartitionWriter probe(context_, memory_, level);
    while (true) {
      RETURN_IF_ERROR(CheckCanceled(context_));
      DataChunk chunk;
      ASSIGN_OR_RETURN(bool more, NextFileChunk(probe_file_.get(), probe_types_, chunk));
      if (!more) break;
      ASSIGN_OR_RETURN(std::vector<uint64_t> * hashes, Hashes(plan_.probe_keys, chunk));
      RETURN_IF_ERROR(probe.Write(chunk, hashes));
    }
    probe_file_ = nullptr;
    return QueuePartitions(build, probe, level);
  }

  Result<bool> NextFileChunk(SpillFile* file, const std::vector<DataType>& types,
                             DataChunk& chunk) {
    if (file == nullptr) return false;
    ASSIGN_OR_RETURN(bool more, file->Read(record_));
    if (!more) return false;
    RETURN_IF_ERROR(Decode(record_, types, chunk));
    return true;
  }

  // The next probe chunk of the current block's pass: from the probe input
  // when everything fits in one block, else from the probe partition file.
  Result<bool> NextProbeChunk(DataChunk& chunk) {
    if (!partitioned_probe_) return probe_->Next(chunk);
    return NextFileChunk(probe_file_.get(), probe_types_, chunk);
  }

  void StartBlock(bool last) {
    block_active_ = true;
    last_block_ = last;
    probe_done_ = false;
    have_probe_ = false;
    probe_ordinal_ = 0;
    unmatched_cursor_ = 0;
    UpdateMemory();
  }

  // After a block's probe pass: the next block of the same partition, or
  // the end of the partition.
  Status FinishBlock() {
    if (last_block_) {
      block_active_ = false;
      multi_block_ = false;
      probe_flags_.clear();
      build_file_ = nullptr;
      probe_file_ = nullptr;
      DropBlock();
      return Status::Ok();
    }
    ASSIGN_OR_RETURN(bool last, ReadBuildBlock());
    if (probe_file_ != nullptr) RETURN_IF_ERROR(probe_file_->StartReading());
    StartBlock(last);
    return Status::Ok();
  }

  void DropBlock() {
    build_columns_.clear();
    build_rows_ = 0;
    table_.reset();
    chain_head_.clear();
    chain_tail_.clear();
    next_in_chain_.clear();
    build_matched_.clear();
    block_bytes_ = 0;
    memory_.SetUsed(0);
  }

  // The block's footprint is measured once (LoadBlock); per probe batch
  // only what changes is added.
  void UpdateMemory() {
    memory_.SetUsed(block_bytes_ + probe_flags_.capacity() * sizeof(uint64_t) +
                    probe_matched_.capacity() + ChunkMemoryBytes(probe_chunk_));
  }

  // Makes `chunks` the build block: contiguous columns, rows chained per
  // key group in arrival order.
  Status LoadBlock(std::vector<DataChunk> chunks) {
    DropBlock();
    size_t total = 0;
    for (const DataChunk& chunk : chunks)
      total += chunk.size();
    build_rows_ = total;
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
    block_bytes_ = chain_head_.capacity() * sizeof(uint32_t) +
                   chain_tail_.capacity() * sizeof(uint32_t) +
                   next_in_chain_.capacity() * sizeof(uint32_t) + build_matched_.capacity();
    for (const ColumnVector& column : build_columns_)
      block_bytes_ += VectorMemoryBytes(column);
    if (table_ != nullptr) block_bytes_ += table_->memory_bytes();
    UpdateMemory();
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
    if (multi_block_) {
      // Matches found by earlier blocks of this partition.
      probe_flags_.resize((probe_ordinal_ + n + 63) / 64, 0);
      for (size_t i = 0; i < n; ++i) {
        uint64_t at = probe_ordinal_ + i;
        probe_matched_[i] = (probe_flags_[at / 64] >> (at % 64)) & 1;
      }
    }
    if (HasKeys()) {
      std::vector<ColumnVector> keys;
      RETURN_IF_ERROR(EvaluateAll(plan_.probe_keys, probe_chunk_, context_.eval, keys));
      probe_groups_.resize(n);
      table_->Find(keys, n, probe_groups_.data());
      for (size_t i = 0; i < n; ++i) {
        if (AnyNull(keys, i)) probe_groups_[i] = GroupHashTable::kNoGroup;
      }
    }
    UpdateMemory();
    return Status::Ok();
  }

  void FinishProbeChunk() {
    const size_t n = probe_chunk_.size();
    if (multi_block_) {
      for (size_t i = 0; i < n; ++i) {
        uint64_t at = probe_ordinal_ + i;
        if (probe_matched_[i] != 0) probe_flags_[at / 64] |= uint64_t{1} << (at % 64);
      }
    }
    probe_ordinal_ += n;
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
    for (size_t c = 0; c < probe_types_.size(); ++c) {
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
        out = GatherChunk(out, sel.data(), kept);
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
    out = GatherChunk(probe_chunk_, rows.data(), n);
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
    for (const DataType& type : probe_types_) {
      out.columns.push_back(NullColumn(type, n));
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
  OperatorMemory& memory_;
  std::vector<DataType> probe_types_;
  std::vector<DataType> build_types_;
  // Hashes key rows for partitioning (holds no groups).
  std::optional<GroupHashTable> hasher_;
  std::vector<uint64_t> hashes_;
  std::string record_;

  bool started_ = false;
  // Partition pairs still to join; the next is at the back.
  std::vector<Pending> pending_;
  // The partition being joined (null when the inputs fit in memory).
  std::unique_ptr<SpillFile> build_file_;
  std::unique_ptr<SpillFile> probe_file_;
  // A build record read but left for the next block.
  std::optional<std::string> lookahead_;
  // Probe rows come from partition files rather than the probe input.
  bool partitioned_probe_ = false;

  // The build block in memory.
  bool block_active_ = false;
  bool last_block_ = true;
  // The partition has several build blocks: probe_flags_ holds a bit per
  // probe row (in file order) set once it matched in any block.
  bool multi_block_ = false;
  std::vector<uint64_t> probe_flags_;
  uint64_t probe_ordinal_ = 0;
  size_t build_rows_ = 0;
  size_t block_bytes_ = 0;
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
