#include <algorithm>
#include <vector>

#include "exec/operator_factories.h"
#include "exec/row_ordering.h"
#include "exec/spill_file.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

// Rows per block of a sorted run on disk.
constexpr size_t kRunBlockRows = 512;
// Merge fan-in bounds: the budget decides within them (each open run holds
// one decoded block).
constexpr size_t kMinFanIn = 8;
constexpr size_t kMaxFanIn = 64;

// Reads one sorted run back, a block at a time.
class RunReader {
 public:
  RunReader(std::unique_ptr<SpillFile> file, const std::vector<DataType>* types, size_t data_width)
      : file_(std::move(file)), types_(types), data_width_(data_width) {}

  // Loads the first block; false when the run is empty.
  Result<bool> Start() {
    RETURN_IF_ERROR(file_->StartReading());
    return LoadBlock();
  }
  // Moves to the next row; false at the end of the run.
  Result<bool> Advance() {
    if (++row_ < rows_) return true;
    return LoadBlock();
  }
  const std::vector<ColumnVector>& columns() const { return columns_; }
  const std::vector<ColumnVector>& keys() const { return keys_; }
  size_t row() const { return row_; }

 private:
  Result<bool> LoadBlock() {
    while (true) {
      ASSIGN_OR_RETURN(bool more, file_->Read(record_));
      if (!more) return false;
      RETURN_IF_ERROR(DecodeColumns(record_, *types_, columns_, rows_));
      row_ = 0;
      if (rows_ == 0) continue;
      keys_.assign(columns_.begin() + static_cast<std::ptrdiff_t>(data_width_), columns_.end());
      return true;
    }
  }

  std::unique_ptr<SpillFile> file_;
  const std::vector<DataType>* types_;
  size_t data_width_;
  std::string record_;
  std::vector<ColumnVector> columns_;  // data columns, then key columns
  std::vector<ColumnVector> keys_;
  size_t rows_ = 0;
  size_t row_ = 0;
};

// Materializes its input, then emits it ordered by the sort keys. Ties keep
// input order (the comparison falls back to the arrival position). With a
// limit it is a top-N: whenever the buffer holds more than twice the rows
// needed, it keeps only the best `limit` rows.
//
// Without a limit, a buffer grown beyond work_mem is sorted and written out
// as a run (data and evaluated key columns); the runs are then merged,
// fan_in at a time, ties going to the earlier run, so the external sort is
// as stable as the in-memory one. A top-N stays in memory: it is bounded by
// its limit.
class SortOperator final : public Operator {
 public:
  SortOperator(const SortPlan& plan, std::unique_ptr<Operator> child, ExecContext& context)
      : plan_(plan),
        child_(std::move(child)),
        context_(context),
        memory_(context.memory.Register("Sort", context.work_mem_bytes)),
        ordering_(plan.keys) {
    for (const SortKey& key : plan.keys)
      key_exprs_.push_back(key.expr);
    for (const SortKey& key : plan.keys)
      key_types_.push_back(key.expr->type);
  }

  Result<bool> Next(DataChunk& out) override {
    if (!sorted_) {
      RETURN_IF_ERROR(Consume());
      sorted_ = true;
    }
    if (!readers_.empty() || !spilled_runs_.empty()) return NextMerged(out);
    if (next_ >= order_.size()) return false;
    size_t count = std::min(kBatchCapacity, order_.size() - next_);
    DataChunk result = DataChunk::Make(ColumnTypes(), count);
    for (size_t k = 0; k < count; ++k) {
      const RowRef& ref = order_[next_ + k];
      const DataChunk& data = runs_[ref.run].data;
      for (size_t c = 0; c < result.columns.size(); ++c) {
        result.columns[c].AppendFrom(data.columns[c], ref.row);
      }
    }
    result.SetSize(count);
    next_ += count;
    out = std::move(result);
    return true;
  }

 private:
  struct Run {
    DataChunk data;
    std::vector<ColumnVector> keys;
  };
  struct RowRef {
    uint32_t run;
    uint32_t row;
  };

  std::vector<DataType> ColumnTypes() const {
    std::vector<DataType> types;
    for (const ColumnVector& column : runs_.front().data.columns)
      types.push_back(column.type());
    return types;
  }

  bool Less(const RowRef& a, const RowRef& b) const {
    int c = ordering_.Compare(runs_[a.run].keys, a.row, runs_[b.run].keys, b.row);
    if (c != 0) return c < 0;
    return a.run != b.run ? a.run < b.run : a.row < b.row;
  }

  std::vector<RowRef> AllRows() const {
    std::vector<RowRef> refs;
    refs.reserve(buffered_rows_);
    for (uint32_t r = 0; r < runs_.size(); ++r) {
      size_t n = runs_[r].data.size();
      for (uint32_t i = 0; i < n; ++i)
        refs.push_back(RowRef{r, i});
    }
    return refs;
  }

  // Sorts the buffered rows; with a limit keeps only the first `limit`.
  std::vector<RowRef> SortedRows() const {
    std::vector<RowRef> refs = AllRows();
    auto less = [this](const RowRef& a, const RowRef& b) { return Less(a, b); };
    if (plan_.limit.has_value() && *plan_.limit < refs.size()) {
      size_t keep = static_cast<size_t>(*plan_.limit);
      std::partial_sort(refs.begin(), refs.begin() + keep, refs.end(), less);
      refs.resize(keep);
    } else {
      std::sort(refs.begin(), refs.end(), less);
    }
    return refs;
  }

  // Rebuilds the buffer from the best `limit` rows, in order, so arrival
  // order among them (and ahead of later rows) is preserved.
  void Compact() {
    std::vector<RowRef> best = SortedRows();
    std::vector<DataType> types = ColumnTypes();
    std::vector<Run> compacted;
    for (size_t begin = 0; begin < best.size(); begin += kBatchCapacity) {
      size_t count = std::min(kBatchCapacity, best.size() - begin);
      Run run{.data = DataChunk::Make(types, count)};
      for (const DataType& type : key_types_)
        run.keys.emplace_back(type, count);
      for (size_t k = 0; k < count; ++k) {
        const Run& source = runs_[best[begin + k].run];
        uint32_t row = best[begin + k].row;
        for (size_t c = 0; c < types.size(); ++c)
          run.data.columns[c].AppendFrom(source.data.columns[c], row);
        for (size_t c = 0; c < key_types_.size(); ++c)
          run.keys[c].AppendFrom(source.keys[c], row);
      }
      run.data.SetSize(count);
      compacted.push_back(std::move(run));
    }
    runs_ = std::move(compacted);
    buffered_rows_ = best.size();
  }

  size_t RunBytes(const Run& run) const {
    size_t bytes = run.data.size() * sizeof(RowRef);
    for (const ColumnVector& column : run.data.columns)
      bytes += VectorMemoryBytes(column);
    for (const ColumnVector& column : run.keys)
      bytes += VectorMemoryBytes(column);
    return bytes;
  }

  Status Consume() {
    DataChunk input;
    size_t compact_at = 0;
    if (plan_.limit.has_value()) {
      compact_at = 2 * std::max<size_t>(static_cast<size_t>(*plan_.limit), kBatchCapacity);
    }
    size_t buffered_bytes = 0;
    while (true) {
      ASSIGN_OR_RETURN(bool more, child_->Next(input));
      if (!more) break;
      RETURN_IF_ERROR(CheckCanceled(context_));
      if (input.size() == 0) continue;
      if (plan_.limit.has_value() && *plan_.limit == 0) continue;
      Run run;
      RETURN_IF_ERROR(EvaluateAll(key_exprs_, input, context_.eval, run.keys));
      buffered_rows_ += input.size();
      run.data = std::move(input);
      input = DataChunk();
      buffered_bytes += RunBytes(run);
      runs_.push_back(std::move(run));
      if (compact_at > 0 && buffered_rows_ > compact_at) Compact();
      if (plan_.limit.has_value()) continue;
      memory_.SetUsed(buffered_bytes);
      if (memory_.over_limit()) {
        RETURN_IF_ERROR(SpillBuffer());
        buffered_bytes = 0;
      }
    }
    if (spilled_runs_.empty()) {
      if (!runs_.empty()) order_ = SortedRows();
      return Status::Ok();
    }
    if (!runs_.empty()) RETURN_IF_ERROR(SpillBuffer());
    return StartMerge();
  }

  // Sorts the buffer and writes it out as the next run.
  Status SpillBuffer() {
    if (spilled_runs_.empty()) {
      data_types_ = ColumnTypes();
      run_types_ = data_types_;
      run_types_.insert(run_types_.end(), key_types_.begin(), key_types_.end());
    }
    std::vector<RowRef> order = SortedRows();
    ASSIGN_OR_RETURN(std::unique_ptr<SpillFile> file, SpillFile::Create(context_.temp_dir));
    std::string record;
    for (size_t begin = 0; begin < order.size(); begin += kRunBlockRows) {
      size_t count = std::min(kRunBlockRows, order.size() - begin);
      std::vector<ColumnVector> block;
      for (const DataType& type : run_types_)
        block.emplace_back(type, count);
      size_t width = data_types_.size();
      for (size_t k = 0; k < count; ++k) {
        const Run& source = runs_[order[begin + k].run];
        uint32_t row = order[begin + k].row;
        for (size_t c = 0; c < width; ++c)
          block[c].AppendFrom(source.data.columns[c], row);
        for (size_t c = 0; c < key_types_.size(); ++c)
          block[width + c].AppendFrom(source.keys[c], row);
      }
      RETURN_IF_ERROR(WriteBlock(*file, block, count, record));
    }
    spilled_runs_.push_back(std::move(file));
    runs_.clear();
    buffered_rows_ = 0;
    memory_.SetUsed(0);
    return Status::Ok();
  }

  Status WriteBlock(SpillFile& file, const std::vector<ColumnVector>& block, size_t rows,
                    std::string& record) {
    record.clear();
    EncodeColumns(block, rows, record);
    max_block_bytes_ = std::max(max_block_bytes_, record.size());
    RETURN_IF_ERROR(file.Append(record));
    memory_.AddSpilled(sizeof(uint32_t) + record.size());
    return Status::Ok();
  }

  // Heap order: the reader whose current row comes first is on top; ties go
  // to the earlier run.
  auto HeapAfter() const {
    return [this](size_t a, size_t b) {
      const RunReader& x = *readers_[a];
      const RunReader& y = *readers_[b];
      int c = ordering_.Compare(x.keys(), x.row(), y.keys(), y.row());
      if (c != 0) return c > 0;
      return a > b;
    };
  }

  // Opens `files` for merging, in run order.
  Status OpenReaders(std::vector<std::unique_ptr<SpillFile>> files) {
    readers_.clear();
    for (std::unique_ptr<SpillFile>& file : files) {
      readers_.push_back(
          std::make_unique<RunReader>(std::move(file), &run_types_, data_types_.size()));
    }
    heap_.clear();
    for (size_t r = 0; r < readers_.size(); ++r) {
      ASSIGN_OR_RETURN(bool has_rows, readers_[r]->Start());
      if (has_rows) heap_.push_back(r);
    }
    std::make_heap(heap_.begin(), heap_.end(), HeapAfter());
    return Status::Ok();
  }

  // Appends up to `max_rows` merged rows (data columns, plus key columns
  // when `with_keys`) to `out`; returns how many.
  Result<size_t> MergeRows(std::vector<ColumnVector>& out, size_t max_rows, bool with_keys) {
    size_t width = with_keys ? run_types_.size() : data_types_.size();
    size_t rows = 0;
    auto after = HeapAfter();
    while (rows < max_rows && !heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), after);
      size_t r = heap_.back();
      RunReader& reader = *readers_[r];
      for (size_t c = 0; c < width; ++c)
        out[c].AppendFrom(reader.columns()[c], reader.row());
      ++rows;
      ASSIGN_OR_RETURN(bool more, reader.Advance());
      if (more) {
        std::push_heap(heap_.begin(), heap_.end(), after);
      } else {
        heap_.pop_back();
      }
    }
    return rows;
  }

  // Merges runs fan_in at a time until one merge can produce the output.
  // Neighbouring runs merge into one that takes their place, so run order
  // (and with it stability) is kept.
  Status StartMerge() {
    size_t fan_in = std::clamp(context_.work_mem_bytes / std::max<size_t>(max_block_bytes_, 1),
                               kMinFanIn, kMaxFanIn);
    std::string record;
    while (spilled_runs_.size() > fan_in) {
      std::vector<std::unique_ptr<SpillFile>> merged;
      for (size_t begin = 0; begin < spilled_runs_.size(); begin += fan_in) {
        size_t end = std::min(begin + fan_in, spilled_runs_.size());
        if (end - begin == 1) {
          merged.push_back(std::move(spilled_runs_[begin]));
          continue;
        }
        std::vector<std::unique_ptr<SpillFile>> group;
        for (size_t r = begin; r < end; ++r)
          group.push_back(std::move(spilled_runs_[r]));
        RETURN_IF_ERROR(OpenReaders(std::move(group)));
        ASSIGN_OR_RETURN(std::unique_ptr<SpillFile> file, SpillFile::Create(context_.temp_dir));
        while (true) {
          RETURN_IF_ERROR(CheckCanceled(context_));
          std::vector<ColumnVector> block;
          for (const DataType& type : run_types_)
            block.emplace_back(type, kRunBlockRows);
          ASSIGN_OR_RETURN(size_t rows, MergeRows(block, kRunBlockRows, /*with_keys=*/true));
          if (rows == 0) break;
          RETURN_IF_ERROR(WriteBlock(*file, block, rows, record));
        }
        readers_.clear();
        merged.push_back(std::move(file));
      }
      spilled_runs_ = std::move(merged);
    }
    return OpenReaders(std::move(spilled_runs_));
  }

  Result<bool> NextMerged(DataChunk& out) {
    spilled_runs_.clear();
    RETURN_IF_ERROR(CheckCanceled(context_));
    DataChunk result = DataChunk::Make(data_types_, kBatchCapacity);
    ASSIGN_OR_RETURN(size_t rows, MergeRows(result.columns, kBatchCapacity, /*with_keys=*/false));
    if (rows == 0) {
      readers_.clear();
      return false;
    }
    result.SetSize(rows);
    out = std::move(result);
    return true;
  }

  const SortPlan& plan_;
  std::unique_ptr<Operator> child_;
  ExecContext& context_;
  OperatorMemory& memory_;
  RowOrdering ordering_;
  std::vector<ExprPtr> key_exprs_;
  std::vector<DataType> key_types_;
  std::vector<Run> runs_;
  size_t buffered_rows_ = 0;
  std::vector<RowRef> order_;
  bool sorted_ = false;
  size_t next_ = 0;
  // External sort: runs on disk in input order, then the readers merging them.
  std::vector<DataType> data_types_;
  std::vector<DataType> run_types_;  // data columns, then key columns
  std::vector<std::unique_ptr<SpillFile>> spilled_runs_;
  size_t max_block_bytes_ = 0;
  std::vector<std::unique_ptr<RunReader>> readers_;
  std::vector<size_t> heap_;
};

}  // namespace

std::unique_ptr<Operator> MakeSortOperator(const SortPlan& plan, std::unique_ptr<Operator> child,
                                           ExecContext& context) {
  return std::make_unique<SortOperator>(plan, std::move(child), context);
}

}  // namespace sundial::exec
