#pragma once

#include <string>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "exec/expression.h"
#include "sql/ast.h"
#include "sql/session.h"
#include "ts/table_schema.h"

namespace sundial::sql {

// INSERT, UPDATE and DELETE ... RETURNING: the list bound over the target table's columns
// (`*`, `t.*`, any expression without aggregates or subqueries) and
// computed from the rows the statement writes, in table layout.
struct Scope;

class ReturningList {
 public:
  // `alias` (UPDATE t AS alias) replaces the table's name as qualifier.
  // With `items_scope` (UPDATE ... FROM, DELETE ... USING: the table's
  // columns, then the items'), the list reads the items' columns too, `*`
  // lists them all, and Compute takes rows in that combined layout.
  static Result<ReturningList> Bind(const std::vector<ast::SelectItem>& items,
                                    const ts::TableSchema& table, const exec::EvalContext& eval,
                                    const std::string& alias = "",
                                    const Scope* items_scope = nullptr);

  const std::vector<ResultColumn>& columns() const { return columns_; }

  // One output chunk per chunk of written rows. Errors (division by zero)
  // come before anything is stored, as in PostgreSQL.
  Result<std::vector<DataChunk>> Compute(const std::vector<DataChunk>& rows,
                                         const exec::EvalContext& eval) const;

 private:
  std::vector<exec::ExprPtr> expressions_;
  std::vector<ResultColumn> columns_;
};

}  // namespace sundial::sql
