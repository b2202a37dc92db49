#pragma once

#include <memory>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "exec/expression.h"
#include "exec/group_hash_table.h"
#include "exec/operator.h"
#include "sql/ast.h"
#include "sql/expr_binder.h"
#include "sql/logical_plan.h"

namespace sundial::sql {

class SelectBinder;

// The FROM items of UPDATE ... FROM and DELETE ... USING. Their rows are
// read once and held in memory; each of the target table's rows is paired
// with the first item row the statement's WHERE holds for (PostgreSQL
// leaves which one unspecified when several do). WHERE and SET are bound
// over the combined layout: the table's columns, then the items'.
class ExtraFromRows {
 public:
  // Binds `items`; `scope`, the target table's, gains their columns.
  static Result<std::unique_ptr<ExtraFromRows>> Bind(SelectBinder& binder,
                                                     const std::vector<ast::TableRefPtr>& items,
                                                     Scope& scope);

  // The statement's WHERE (combined layout; may be null). Its equalities
  // between an expression over the table alone and one over the items alone
  // become hash keys, and its conjuncts over the items alone filter them as
  // they are read. Returns the conjuncts over the table alone, which may
  // narrow the scan of the table.
  exec::ExprPtr SetCondition(exec::ExprPtr condition);
  // Reads the items' rows.
  Status Load(exec::ExecContext& context);
  // After Load. Whether no table row can pair: the WHERE equates a table
  // column with item values that are all NULL, or there are no item rows.
  bool PairsNothing() const;
  // After Load: `column IN (the items' values)` over the table's columns
  // when the WHERE equates a table column with an item expression taking
  // few distinct values, so the scan of the table reads only the rows that
  // can pair (the store prunes by it); null otherwise.
  exec::ExprPtr TargetKeyFilter() const;
  // `table_condition` (may be null) and TargetKeyFilter.
  exec::ExprPtr Narrowed(exec::ExprPtr table_condition) const;
  // For each row of `target` (every table column), sets matches[i] when an
  // item row makes the condition true; `pairs` receives, for those rows in
  // order, the row followed by its first such item row.
  Status Pair(const DataChunk& target, const exec::EvalContext& eval, std::vector<uint8_t>& matches,
              DataChunk& pairs) const;

 private:
  ExtraFromRows() = default;

  LogicalPtr plan_;
  size_t target_width_ = 0;
  exec::ExprPtr condition_;
  std::vector<exec::ExprPtr> target_keys_;  // over the table's columns
  std::vector<exec::ExprPtr> item_keys_;    // over the items' columns
  DataChunk rows_;
  std::unique_ptr<exec::GroupHashTable> keys_;
  std::vector<std::vector<uint32_t>> rows_of_key_;
};

}  // namespace sundial::sql
