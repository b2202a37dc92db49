#include "sql/cursors.h"

#include <algorithm>
#include <utility>

namespace sundial::sql {

struct Cursors::Cursor {
  std::vector<ResultColumn> columns;
  std::unique_ptr<RowSource> rows;
  bool with_hold = false;
  // The batch being read and the next row in it.
  DataChunk batch;
  size_t next_row = 0;
  bool exhausted = false;

  // Makes `batch` hold an unread row; false at the end of the rows.
  Result<bool> Refill() {
    while (next_row >= batch.size()) {
      if (exhausted) return false;
      batch = DataChunk();
      next_row = 0;
      ASSIGN_OR_RETURN(bool more, rows->Next(batch));
      if (!more) {
        exhausted = true;
        return false;
      }
    }
    return true;
  }
};

namespace {

Status UnknownCursor(const std::string& name) {
  return Status::Error(ErrorCode::kInvalidCursorName, "cursor \"" + name + "\" does not exist");
}

// One FETCH's rows: copies of the cursor's rows, `remaining` at most. Holds
// the cursor, so a CLOSE before the rows are read leaves them readable.
class FetchRows : public RowSource {
 public:
  FetchRows(std::shared_ptr<Cursors::Cursor> cursor, int64_t count)
      : cursor_(std::move(cursor)), remaining_(count) {}

  Result<bool> Next(DataChunk& out) override {
    if (remaining_ == 0) return false;
    ASSIGN_OR_RETURN(bool any, cursor_->Refill());
    if (!any) return false;
    const DataChunk& batch = cursor_->batch;
    size_t take = batch.size() - cursor_->next_row;
    if (remaining_ > 0) take = std::min<size_t>(take, static_cast<size_t>(remaining_));
    out = DataChunk();
    out.row_count_without_columns = take;
    for (const ColumnVector& column : batch.columns) {
      ColumnVector copy(column.type(), take);
      for (size_t row = cursor_->next_row; row < cursor_->next_row + take; ++row)
        copy.AppendFrom(column, row);
      out.columns.push_back(std::move(copy));
    }
    cursor_->next_row += take;
    if (remaining_ > 0) remaining_ -= static_cast<int64_t>(take);
    return true;
  }

 private:
  std::shared_ptr<Cursors::Cursor> cursor_;
  int64_t remaining_;
};

}  // namespace

Status Cursors::Declare(const std::string& name, bool with_hold, StatementResult opened) {
  if (cursors_.contains(name)) {
    return Status::Error(ErrorCode::kDuplicateCursor, "cursor \"" + name + "\" already exists");
  }
  auto cursor = std::make_shared<Cursor>();
  cursor->columns = std::move(opened.columns);
  cursor->rows = std::move(opened.rows);
  cursor->with_hold = with_hold;
  cursors_[name] = std::move(cursor);
  return Status::Ok();
}

Result<StatementResult> Cursors::Fetch(const std::string& name, int64_t count, bool move) {
  auto it = cursors_.find(name);
  if (it == cursors_.end()) return UnknownCursor(name);
  StatementResult result;
  if (!move) {
    result.columns = it->second->columns;
    result.rows = std::make_unique<FetchRows>(it->second, count);
    result.command_tag = "FETCH";
    return result;
  }
  FetchRows skipped(it->second, count);
  uint64_t moved = 0;
  DataChunk chunk;
  while (true) {
    ASSIGN_OR_RETURN(bool more, skipped.Next(chunk));
    if (!more) break;
    moved += chunk.size();
  }
  result.command_tag = "MOVE " + std::to_string(moved);
  return result;
}

Status Cursors::Close(const std::string& name) {
  if (name.empty()) {
    cursors_.clear();
    return Status::Ok();
  }
  if (cursors_.erase(name) == 0) return UnknownCursor(name);
  return Status::Ok();
}

void Cursors::EndTransaction() {
  std::erase_if(cursors_, [](const auto& entry) { return !entry.second->with_hold; });
}

const std::vector<ResultColumn>* Cursors::Columns(const std::string& name) const {
  auto it = cursors_.find(name);
  return it == cursors_.end() ? nullptr : &it->second->columns;
}

std::vector<std::string> Cursors::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, cursor] : cursors_)
    names.push_back(name);
  return names;
}

}  // namespace sundial::sql
