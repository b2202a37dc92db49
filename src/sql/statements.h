#pragma once

#include "common/status.h"
#include "sql/ast.h"
#include "sql/session.h"
#include "sql/statement_context.h"

namespace sundial::sql {

// One entry point per statement kind; Session::Execute dispatches to them.

Result<StatementResult> ExecuteSelect(const ast::SelectStmt& select, StatementContext& context);

// SELECT create_hypertable(...) is DDL, recognised before binding.
bool IsCreateHypertableCall(const ast::SelectStmt& select);
Result<StatementResult> ExecuteCreateHypertable(const ast::SelectStmt& select,
                                                StatementContext& context);
Result<StatementResult> ExecuteCreateTable(const ast::CreateTableStmt& create,
                                           StatementContext& context);
Result<StatementResult> ExecuteDropTable(const ast::DropTableStmt& drop, StatementContext& context);

Result<StatementResult> ExecuteInsert(const ast::InsertStmt& insert, StatementContext& context);
Result<StatementResult> ExecuteCopy(const ast::CopyStmt& copy, StatementContext& context);

Result<StatementResult> ExecuteShow(const ast::ShowStmt& show, const Settings& settings);
// SET and RESET change `settings`; the session handles SET LOCAL scoping.
Result<StatementResult> ExecuteSet(const ast::SetStmt& set, Settings& settings);
Result<StatementResult> ExecuteReset(const ast::ResetStmt& reset, Settings& settings);

Result<StatementResult> ExecuteExplain(const ast::Statement& explain, StatementContext& context);

}  // namespace sundial::sql
