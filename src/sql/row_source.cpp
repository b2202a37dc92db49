#include "sql/row_source.h"

#include "exec/operator.h"
#include "sql/database.h"

namespace sundial::sql {
namespace {

class PlanRowSource : public RowSource {
 public:
  PlanRowSource(exec::PlanPtr plan, std::unique_ptr<exec::ExecContext> context, RowWriter& writer)
      : plan_(std::move(plan)), context_(std::move(context)), writer_(writer) {}

  Status Open() {
    ASSIGN_OR_RETURN(operator_, exec::StartPlan(*plan_, *context_));
    return Status::Ok();
  }

  Result<bool> Next(DataChunk& out) override {
    Result<bool> more = operator_->Next(out);
    if (!more.ok()) writer_.StatementFailed();
    return more;
  }

 private:
  exec::PlanPtr plan_;
  std::unique_ptr<exec::ExecContext> context_;
  RowWriter& writer_;
  std::unique_ptr<exec::Operator> operator_;  // declared last: destroyed before the plan
};

class TextRowSource : public RowSource {
 public:
  TextRowSource(size_t width, std::vector<std::vector<std::string>> rows)
      : width_(width), rows_(std::move(rows)) {}

  Result<bool> Next(DataChunk& out) override {
    if (next_ >= rows_.size()) return false;
    size_t n = std::min(rows_.size() - next_, kBatchCapacity);
    out = DataChunk::Make(std::vector<DataType>(width_, DataType::Of(TypeId::kText)), n);
    for (size_t r = 0; r < n; ++r) {
      const std::vector<std::string>& row = rows_[next_ + r];
      for (size_t c = 0; c < width_; ++c) {
        out.columns[c].data<std::string_view>()[r] = out.columns[c].AddString(row[c]);
      }
    }
    out.SetSize(n);
    next_ += n;
    return true;
  }

 private:
  size_t width_;
  std::vector<std::vector<std::string>> rows_;
  size_t next_ = 0;
};

// Chunks computed up front, handed out one by one.
class ChunkRowSource : public RowSource {
 public:
  explicit ChunkRowSource(std::vector<DataChunk> chunks) : chunks_(std::move(chunks)) {}

  Result<bool> Next(DataChunk& out) override {
    if (next_ >= chunks_.size()) return false;
    out = std::move(chunks_[next_++]);
    return true;
  }

 private:
  std::vector<DataChunk> chunks_;
  size_t next_ = 0;
};

}  // namespace

std::unique_ptr<exec::ExecContext> NewExecContext(const StatementContext& context) {
  auto deadline = std::chrono::steady_clock::time_point::max();
  if (int64_t timeout = context.settings.statement_timeout_ms(); timeout > 0) {
    deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout);
  }
  return std::make_unique<exec::ExecContext>(exec::ExecContext{
      .engine = &context.database.engine(),
      .eval = context.eval,
      .work_mem_bytes = context.settings.work_mem_bytes(),
      .temp_dir = context.database.temp_dir(),
      .cancel_requested = context.cancel_requested,
      .deadline = deadline,
      .uncommitted_rows = context.writer.UncommittedWrites(),
      .block_deletes = context.writer.BlockDeletions(),
      .max_parallel_workers = context.settings.max_parallel_workers(),
  });
}

Result<std::unique_ptr<RowSource>> OpenPlan(exec::PlanPtr plan, const StatementContext& context) {
  auto source =
      std::make_unique<PlanRowSource>(std::move(plan), NewExecContext(context), context.writer);
  RETURN_IF_ERROR(source->Open());
  return std::unique_ptr<RowSource>(std::move(source));
}

std::unique_ptr<RowSource> MakeChunkRows(std::vector<DataChunk> chunks) {
  return std::make_unique<ChunkRowSource>(std::move(chunks));
}

std::unique_ptr<RowSource> MakeTextRows(size_t width, std::vector<std::vector<std::string>> rows) {
  return std::make_unique<TextRowSource>(width, std::move(rows));
}

std::unique_ptr<RowSource> MakeInt32Row(int32_t value) {
  DataChunk chunk = DataChunk::Make({DataType::Of(TypeId::kInt32)}, 1);
  chunk.columns[0].data<int32_t>()[0] = value;
  chunk.SetSize(1);
  std::vector<DataChunk> chunks;
  chunks.push_back(std::move(chunk));
  return MakeChunkRows(std::move(chunks));
}

}  // namespace sundial::sql
