#include "sql/block_changes.h"

#include "exec/vector_ops.h"
#include "sql/database.h"

namespace sundial::sql {

Result<uint64_t> ChangeRowsInBlock(StatementContext& context, const ts::TableSchema& table,
                                   const ts::ScanSpec& candidates,
                                   const ts::RowReplacer& replacer) {
  std::optional<RowWriter::BlockTable> block = context.writer.OpenBlockTable(table.table_id);
  if (!block) return Status::Error(ErrorCode::kInternal, "no transaction block is open");
  uint64_t picked = 0;
  std::vector<DataChunk> kept;
  std::vector<DataChunk> new_versions;
  std::vector<uint8_t> matches;
  std::vector<uint32_t> rest;
  for (const DataChunk& chunk : *block->rows) {
    const size_t n = chunk.size();
    matches.assign(n, 0);
    RETURN_IF_ERROR(replacer(chunk, matches, new_versions));
    rest.clear();
    for (size_t i = 0; i < n; ++i) {
      if (matches[i]) {
        ++picked;
      } else {
        rest.push_back(static_cast<uint32_t>(i));
      }
    }
    if (rest.size() == n) {
      kept.push_back(chunk);
    } else if (!rest.empty()) {
      DataChunk remaining;
      remaining.row_count_without_columns = rest.size();
      for (const ColumnVector& column : chunk.columns)
        remaining.columns.push_back(exec::GatherRows(column, rest.data(), rest.size()));
      kept.push_back(std::move(remaining));
    }
  }
  // The deletions change copy-on-write: a savepoint may hold the old ones.
  auto deletes = *block->deletes != nullptr ? std::make_shared<ts::BlockDeletes>(**block->deletes)
                                            : std::make_shared<ts::BlockDeletes>();
  ASSIGN_OR_RETURN(uint64_t committed, context.database.engine().MatchRowsInBlock(
                                           candidates, replacer, *deletes, new_versions));
  for (DataChunk& chunk : new_versions)
    kept.push_back(std::move(chunk));
  *block->rows = std::move(kept);
  if (!deletes->segments.empty()) *block->deletes = std::move(deletes);
  return picked + committed;
}

}  // namespace sundial::sql
