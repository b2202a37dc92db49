#pragma once

#include <string>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "common/value.h"
#include "exec/expression.h"
#include "exec/operator.h"
#include "sql/ast.h"
#include "sql/statement_context.h"
#include "ts/engine.h"
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

// The user table an INSERT, UPDATE or DELETE names: 42P01 when there is
// none, 0A000 for a system relation.
Result<ts::TableSchema> FindWritableTable(const std::string& table_name, StatementContext& context);

// What the store reads to find the rows an UPDATE or DELETE changes: every
// column, with the condition's simple conjuncts (none for a null condition)
// as the scan's time range and predicates, as a SELECT would.
ts::ScanSpec CandidateRows(const ts::TableSchema& table, const exec::ExprPtr& condition);

// Computes into `context` the answers of the subqueries in `expressions`
// (an UPDATE's or DELETE's condition and new values) before the store is
// asked to change rows, whose matcher must not read the store itself. A
// subquery that would run once per row (correlated beyond equalities, or
// ARRAY(...)) answers 0A000 naming `statement`.
Status ComputeSubqueries(const std::vector<exec::ExprPtr>& expressions, exec::ExecContext& context,
                         const std::string& statement);

// `expr` converted to the column's type by PostgreSQL's assignment casts
// (implicit ones, numeric narrowing, anything to text, between the date and
// timestamp types); 42804 otherwise. `source` is the written expression
// `expr` was bound from (its literal text matters), null when there is none.
Result<exec::ExprPtr> AssignToColumn(const ast::Expr* source, exec::ExprPtr expr,
                                     const ts::ColumnSchema& column, const exec::EvalContext& eval,
                                     int position);

// Whether NULL is rejected in column `column`: declared NOT NULL, or the
// time column of a hypertable (TimescaleDB makes it NOT NULL).
bool IsNotNullColumn(const ts::TableSchema& table, int column);

// Binds a stored DEFAULT expression (SQL text) as an expression of `type`:
// a constant, or an expression calling a volatile function (nextval) that
// must be evaluated anew for each row.
Result<exec::ExprPtr> BindDefault(const std::string& sql, DataType type,
                                  const exec::EvalContext& eval);

// Evaluates a stored DEFAULT expression (SQL text) once, as a value of
// `type`; 0A000 for a volatile one, whose value differs row by row.
Result<Value> EvaluateDefault(const std::string& sql, DataType type, const exec::EvalContext& eval);

// What each column gets when a statement does not supply a value.
struct ColumnDefaultValues {
  // By column: the DEFAULT evaluated now, or NULL.
  std::vector<Value> constants;
  // By column: the DEFAULT to evaluate for each row (nextval of a serial or
  // identity column), or null where `constants` has the value.
  std::vector<exec::ExprPtr> per_row;
  // By column: 'a' (GENERATED ALWAYS) or 'd' (BY DEFAULT) for an identity
  // column, 0 otherwise.
  std::vector<char> identity;
};
Result<ColumnDefaultValues> EvaluateColumnDefaults(StatementContext& context,
                                                   const ts::TableSchema& table);

// The constraints a row must meet before it is appended: NOT NULL columns
// (23502) and varchar(n) lengths (22001). Chunks are in table column order.
Status CheckRows(const ts::TableSchema& table, const DataChunk& chunk);

}  // namespace sundial::sql
