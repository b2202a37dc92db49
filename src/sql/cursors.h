#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "sql/session.h"

namespace sundial::sql {

// A session's SQL cursors (DECLARE / FETCH / MOVE / CLOSE). A cursor keeps
// its query's running plan and pulls from it only as far as FETCH reads, so
// psycopg's named cursors and pgjdbc-style paging never hold a whole result.
// Cursors only move forward.
class Cursors {
 public:
  // Keeps `opened` (a row-returning statement's result) under `name`;
  // 42P03 when that name is taken.
  Status Declare(const std::string& name, bool with_hold, StatementResult opened);

  // FETCH: up to `count` rows (-1: all that remain) as a row-returning result
  // tagged "FETCH"; MOVE skips them and answers the tag "MOVE n". The rows
  // are pulled as the caller reads them. 34000 for an unknown cursor.
  Result<StatementResult> Fetch(const std::string& name, int64_t count, bool move);

  // CLOSE name (34000 when unknown) or, with an empty name, CLOSE ALL.
  Status Close(const std::string& name);

  // COMMIT or ROLLBACK: cursors declared WITHOUT HOLD end with the block.
  void EndTransaction();

  // The open cursors' names.
  std::vector<std::string> Names() const;

  // The columns FETCH returns from `name`, or nullptr for an unknown cursor.
  const std::vector<ResultColumn>* Columns(const std::string& name) const;

  struct Cursor;

 private:
  std::map<std::string, std::shared_ptr<Cursor>> cursors_;
};

}  // namespace sundial::sql
