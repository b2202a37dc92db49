#pragma once

#include <string>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "common/value.h"
#include "exec/expression.h"
#include "sql/statement_context.h"
#include "ts/table_schema.h"

namespace sundial::sql {

// The table an INSERT or COPY writes to and the table columns its values
// fill, in the order the statement lists them (all columns when it lists none).
struct TargetColumns {
  ts::TableSchema table;
  std::vector<int> columns;
};

// Resolves `table_name` ("cpu" or "public.cpu") and `column_names`: 42P01
// for an unknown table, 42703 for an unknown column, 42701 for a repeated one.
Result<TargetColumns> ResolveTargetColumns(StatementContext& context, const std::string& table_name,
                                           const std::vector<std::string>& column_names);

// Whether NULL is rejected in column `column`: declared NOT NULL, or the
// time column of a hypertable (TimescaleDB makes it NOT NULL).
bool IsNotNullColumn(const ts::TableSchema& table, int column);

// Evaluates a stored DEFAULT expression (SQL text) as a value of `type`.
Result<Value> EvaluateDefault(const std::string& sql, DataType type, const exec::EvalContext& eval);

// The value each column gets when a statement does not supply one: its
// DEFAULT evaluated now, or NULL.
Result<std::vector<Value>> EvaluateColumnDefaults(StatementContext& context,
                                                  const ts::TableSchema& table);

// The constraints a row must meet before it is appended: NOT NULL columns
// (23502) and varchar(n) lengths (22001). Chunks are in table column order.
Status CheckRows(const ts::TableSchema& table, const DataChunk& chunk);

}  // namespace sundial::sql
