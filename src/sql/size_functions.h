#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "exec/expression.h"
#include "sql/ast.h"
#include "sql/expr_binder.h"
#include "sql/logical_plan.h"
#include "sql/session.h"

namespace sundial::sql {

// TimescaleDB's size functions that return rows, called in FROM:
//   hypertable_detailed_size(regclass) -> (table_bytes, index_bytes,
//     toast_bytes, total_bytes, node_name), one row for a hypertable;
//   chunks_detailed_size(regclass) -> (chunk_schema, chunk_name, table_bytes,
//     index_bytes, toast_bytes, total_bytes, node_name), one row per chunk
//     as show_chunks lists them.
// Other relations give no rows, as in TimescaleDB. Bytes are the segment
// files' (a table has no indexes or TOAST: those are 0; node_name is NULL,
// there are no data nodes). The sizes are read when the statement is bound,
// which every execution does.
bool IsSizeTableFunction(const std::string& name);

struct TableFunctionRelation {
  LogicalPtr plan;
  std::vector<ResultColumn> columns;
};
Result<TableFunctionRelation> BindSizeTableFunction(const ast::Expr& call, ExprBinder& binder,
                                                    const exec::EvalContext& eval);

}  // namespace sundial::sql
