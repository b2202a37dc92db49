#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "exec/expression.h"
#include "sql/settings.h"
#include "ts/engine.h"

namespace sundial::sql {

class Database;

// Where a statement's new rows go: straight to the engine, or into the open
// transaction block's buffer. Implemented by the session.
class RowWriter {
 public:
  virtual ~RowWriter() = default;
  // Appends all chunks of one statement to one table atomically (or buffers
  // them until COMMIT).
  virtual Status Write(uint32_t table_id, std::vector<DataChunk> chunks) = 0;
  // A statement failed after Execute returned (while its rows were pulled or
  // in COPY); inside a transaction block this aborts the block.
  virtual void StatementFailed() = 0;
  // The engine, when writes go straight to it (no transaction block is
  // buffering them): a large COPY then streams its rows into an engine bulk
  // load instead of holding them all until the end. nullptr: use Write.
  virtual ts::Engine* DirectEngine() { return nullptr; }
  // What the open transaction block has written and not committed, per
  // table id, so the block's own reads see it. Shares the rows' buffers.
  virtual std::map<uint32_t, std::vector<DataChunk>> UncommittedWrites() const { return {}; }
  // What the open block has deleted of committed rows (DELETE, UPDATE), per
  // table id, so that the block's own reads leave those rows out.
  virtual std::map<uint32_t, std::shared_ptr<const ts::BlockDeletes>> BlockDeletions() const {
    return {};
  }
  // A table's share of the open block, which a DELETE or UPDATE inside it
  // changes instead of the store: its buffered rows and its deletions of
  // committed rows (null when none). std::nullopt outside a block.
  struct BlockTable {
    std::vector<DataChunk>* rows = nullptr;
    std::shared_ptr<const ts::BlockDeletes>* deletes = nullptr;
  };
  virtual std::optional<BlockTable> OpenBlockTable(uint32_t /*table_id*/) { return std::nullopt; }
};

// What executing one statement may use. Lives for the statement; row
// sources and COPY sinks built from it copy what they keep.
struct StatementContext {
  Database& database;
  Settings& settings;
  exec::EvalContext eval;
  RowWriter& writer;
  const std::atomic<bool>* cancel_requested = nullptr;
};

}  // namespace sundial::sql
