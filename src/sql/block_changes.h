#pragma once

#include <cstdint>

#include "common/status.h"
#include "sql/statement_context.h"
#include "ts/engine.h"
#include "ts/table_schema.h"

namespace sundial::sql {

// DELETE or UPDATE inside a transaction block. `replacer` (which picks rows
// and, for UPDATE, gives their new versions) is shown the block's buffered
// rows of `table`, which lose the rows it picks, and then the committed rows
// `candidates` returns (every table column), whose picked rows become the
// block's deletions (ts::Engine::MatchRowsInBlock). New versions join the
// block's buffered rows. The block changes only when everything succeeded.
// Returns how many rows were picked.
Result<uint64_t> ChangeRowsInBlock(StatementContext& context, const ts::TableSchema& table,
                                   const ts::ScanSpec& candidates, const ts::RowReplacer& replacer);

}  // namespace sundial::sql
