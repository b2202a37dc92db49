#pragma once

#include <map>
#include <optional>

#include "catalog/sequence_definitions.h"
#include "common/status.h"
#include "sql/ast.h"
#include "sql/session.h"
#include "sql/statement_context.h"
#include "ts/table_schema.h"

namespace sundial::sql {

// One entry point per statement kind; Session::Execute dispatches to them.

Result<StatementResult> ExecuteSelect(const ast::SelectStmt& select, StatementContext& context);
// Binds a SELECT without running it: its result columns.
Result<std::vector<ResultColumn>> DescribeSelect(const ast::SelectStmt& select,
                                                 StatementContext& context);

// The call when the SELECT is just `SELECT f(...)` (no FROM, WHERE or set
// operation): how TimescaleDB's DDL-like functions are recognised before
// binding. Null otherwise.
const ast::Expr* SoleFunctionCall(const ast::SelectStmt& select);

// SELECT create_hypertable(...) is DDL, recognised before binding.
bool IsCreateHypertableCall(const ast::SelectStmt& select);
// Its result's columns (one text column holding the record).
std::vector<ResultColumn> CreateHypertableColumns();
Result<StatementResult> ExecuteCreateHypertable(const ast::SelectStmt& select,
                                                StatementContext& context);
// SELECT show_chunks(...), drop_chunks(...) (one text column of chunk
// names), add_retention_policy(...) / add_compression_policy(...) (the job
// id) and remove_retention_policy(...) / remove_compression_policy(...)
// (TimescaleDB), also recognised before binding.
bool IsChunkFunctionCall(const ast::SelectStmt& select);
std::vector<ResultColumn> ChunkFunctionColumns(const ast::SelectStmt& select);
Result<StatementResult> ExecuteChunkFunction(const ast::SelectStmt& select,
                                             StatementContext& context);
// The chunks a show_chunks(relation [, older_than] [, newer_than]) call
// lists, as regclass prints them (show_chunks in FROM).
Result<std::vector<std::string>> ShowChunks(const ast::Expr& call, const catalog::Catalog& catalog,
                                            const exec::EvalContext& eval);
// Runs every retention policy once: drops the chunks of each hypertable that
// lie wholly before now minus its drop_after. Returns the first error; the
// other policies still run.
Status RunRetentionPolicies(Database& database, int64_t now_utc_micros);
// SELECT add_continuous_aggregate_policy(...) (the job id) and
// remove_continuous_aggregate_policy(...), recognised before binding
// (continuous_aggregate_policies.cpp).
bool IsContinuousAggregatePolicyCall(const ast::SelectStmt& select);
std::vector<ResultColumn> ContinuousAggregatePolicyColumns(const ast::SelectStmt& select);
Result<StatementResult> ExecuteContinuousAggregatePolicyCall(const ast::SelectStmt& select,
                                                             StatementContext& context);
// Refreshes each continuous aggregate whose policy is due: not run yet in
// this process (by `last_runs`: job id -> when it last ran), or its
// schedule_interval ago. Returns the first error; the others still run.
Status RunContinuousAggregatePolicies(Database& database, int64_t now_utc_micros,
                                      std::map<int32_t, int64_t>& last_runs);
Result<StatementResult> ExecuteCreateTable(const ast::CreateTableStmt& create,
                                           StatementContext& context);
Result<StatementResult> ExecuteDropTable(const ast::DropTableStmt& drop, StatementContext& context);
// CREATE [OR REPLACE] VIEW, CREATE MATERIALIZED VIEW ... WITH
// (timescaledb.continuous), DROP [MATERIALIZED] VIEW (views.cpp).
Result<StatementResult> ExecuteCreateView(const ast::CreateViewStmt& create,
                                          StatementContext& context);
Result<StatementResult> ExecuteDropView(const ast::DropViewStmt& drop, StatementContext& context);
// ALTER MATERIALIZED VIEW ... SET (timescaledb.materialized_only = ...) and
// CALL refresh_continuous_aggregate(...) (continuous_aggregates.cpp).
// CREATE INDEX and DROP INDEX (indexes.cpp).
Result<StatementResult> ExecuteCreateIndex(const ast::CreateIndexStmt& create,
                                           StatementContext& context);
Result<StatementResult> ExecuteDropIndex(const ast::DropIndexStmt& drop, StatementContext& context);
// Forgets the indexes of a dropped table, or with `column_id` those that
// use a dropped column (PostgreSQL drops them with it).
Status DropIndexesOfTable(Database& database, uint32_t table_id, std::optional<uint32_t> column_id);
// CREATE / ALTER / DROP SEQUENCE, and the sequences of serial and identity
// columns (sequences.cpp).
Result<StatementResult> ExecuteCreateSequence(const ast::SequenceStmt& create,
                                              StatementContext& context);
Result<StatementResult> ExecuteAlterSequence(const ast::SequenceStmt& alter,
                                             StatementContext& context);
Result<StatementResult> ExecuteDropSequence(const ast::DropSequenceStmt& drop,
                                            StatementContext& context);
// The integer type of a serial column type name (serial, bigserial, serial8,
// ...), nullopt for any other type.
std::optional<TypeId> SerialType(const ast::TypeName& type);
// What a new table's serial or identity column needs: a sequence, named as
// PostgreSQL names it (<table>_<column>_seq, shortened to 63 bytes, then
// numbered until no relation has the name).
struct ColumnSequence {
  int column = 0;  // index in the new table
  catalog::SequenceDefinition sequence;
  // The column's DEFAULT (SQL text) for a serial column; empty for an
  // identity column, which has none.
  std::string default_sql;
};
Result<ColumnSequence> PlanColumnSequence(StatementContext& context, const std::string& table,
                                          const ast::ColumnDef& column, TypeId type, int index,
                                          const std::vector<ColumnSequence>& planned);
// Creates the planned sequences, owned by the new table's columns.
Status CreateColumnSequences(StatementContext& context, const ts::TableSchema& table,
                             const std::vector<ColumnSequence>& planned);
// Drops the sequences owned by the table's columns (or, with `column_id`,
// by that column) as PostgreSQL drops them with it.
Status DropOwnedSequences(Database& database, uint32_t table_id, std::optional<int> column_id);
Result<StatementResult> ExecuteAlterMaterializedView(const ast::AlterMaterializedViewStmt& alter,
                                                     StatementContext& context);
Result<StatementResult> ExecuteCall(const ast::Expr& call, StatementContext& context);
Result<StatementResult> ExecuteAlterTable(const ast::AlterTableStmt& alter,
                                          StatementContext& context);
Result<StatementResult> ExecuteTruncate(const ast::TruncateStmt& truncate,
                                        StatementContext& context);
// DELETE that removes whole chunks (or every row); see delete.cpp.
// UPDATE ... SET ... [WHERE ...] [RETURNING ...] (update.cpp).
Result<std::vector<ResultColumn>> DescribeUpdate(const ast::UpdateStmt& update,
                                                 StatementContext& context);
Result<StatementResult> ExecuteUpdate(const ast::UpdateStmt& update, StatementContext& context);
Result<StatementResult> ExecuteDelete(const ast::DeleteStmt& del, StatementContext& context);
// The columns DELETE ... RETURNING returns (none without RETURNING).
Result<std::vector<ResultColumn>> DescribeDelete(const ast::DeleteStmt& del,
                                                 StatementContext& context);

// The rows an INSERT would write, in table column order, computed and
// checked as ExecuteInsert does; nothing is written.
Result<std::vector<DataChunk>> ComputeInsertRows(const ast::InsertStmt& insert,
                                                 StatementContext& context);
Result<StatementResult> ExecuteInsert(const ast::InsertStmt& insert, StatementContext& context);
// Binds an INSERT without running it, so the binder infers the types of its
// $n parameters (see exec::StatementParameters): the RETURNING columns.
Result<std::vector<ResultColumn>> DescribeInsert(const ast::InsertStmt& insert,
                                                 StatementContext& context);
Result<StatementResult> ExecuteCopy(const ast::CopyStmt& copy, StatementContext& context);

Result<StatementResult> ExecuteShow(const ast::ShowStmt& show, const Settings& settings);
// SET and RESET change `settings`; the session handles SET LOCAL scoping.
Result<StatementResult> ExecuteSet(const ast::SetStmt& set, Settings& settings);
Result<StatementResult> ExecuteReset(const ast::ResetStmt& reset, Settings& settings);

std::vector<ResultColumn> ExplainColumns();
Result<StatementResult> ExecuteExplain(const ast::Statement& explain, StatementContext& context);

}  // namespace sundial::sql
