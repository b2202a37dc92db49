#include "sql/session.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <sstream>

#include "sql/cursors.h"
#include "sql/database.h"
#include "sql/expr_binder.h"
#include "sql/parser/parser.h"
#include "sql/session_sequences.h"
#include "sql/settings.h"
#include "sql/statements.h"
#include "ts/engine.h"

namespace sundial::sql {
namespace {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "-c name=value --name=value" from the startup parameter "options".
std::vector<std::pair<std::string, std::string>> ParseOptionsParameter(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      word += text[++i];
    } else if (c == ' ' || c == '\t') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string setting;
    if (words[i] == "-c" && i + 1 < words.size()) {
      setting = words[++i];
    } else if (words[i].starts_with("-c")) {
      setting = words[i].substr(2);
    } else if (words[i].starts_with("--")) {
      setting = words[i].substr(2);
    } else {
      continue;
    }
    size_t eq = setting.find('=');
    if (eq == std::string::npos) continue;
    std::string name = setting.substr(0, eq);
    for (char& ch : name) {
      if (ch == '-') ch = '_';
    }
    out.emplace_back(std::move(name), setting.substr(eq + 1));
  }
  return out;
}

}  // namespace

// Transaction blocks: writes of the block (INSERT, COPY) are buffered here
// per table, and DELETE and UPDATE filter and rewrite those rows and keep
// the committed rows they remove as the block's deletions (block_changes.h).
// COMMIT hands both to the store at once (AppendTables, or CommitBlock when
// there are deletions), so the block's changes in every table become durable
// and visible together, or not at all; reads inside the block see them
// (UncommittedWrites, BlockDeletions), other sessions do not. DDL takes
// effect at once and is not rolled back. A SAVEPOINT keeps the buffers and
// deletions as they were (they share their data), the settings and the open
// cursors; ROLLBACK TO returns to them, and also ends a failed block's
// failure, as in PostgreSQL.
struct Session::Impl : RowWriter {
  Impl(Database& database, SessionOptions options)
      : database(database), options(std::move(options)) {}

  Status Write(uint32_t table_id, std::vector<DataChunk> chunks) override {
    if (state == TransactionState::kIdle) return database.engine().Append(table_id, chunks);
    std::vector<DataChunk>& buffered = pending[table_id];
    for (DataChunk& chunk : chunks)
      buffered.push_back(std::move(chunk));
    return Status::Ok();
  }

  ts::Engine* DirectEngine() override {
    return state == TransactionState::kIdle ? &database.engine() : nullptr;
  }

  std::map<uint32_t, std::vector<DataChunk>> UncommittedWrites() const override { return pending; }

  std::map<uint32_t, std::shared_ptr<const ts::BlockDeletes>> BlockDeletions() const override {
    return deleted;
  }

  std::optional<BlockTable> OpenBlockTable(uint32_t table_id) override {
    if (state == TransactionState::kIdle) return std::nullopt;
    return BlockTable{.rows = &pending[table_id], .deletes = &deleted[table_id]};
  }

  void StatementFailed() override {
    if (state == TransactionState::kInBlock) state = TransactionState::kFailed;
  }

  void EndBlock() {
    pending.clear();
    deleted.clear();
    savepoints.clear();
    cursors.EndTransaction();
    settings_at_begin.reset();
    settings_at_commit.reset();
    state = TransactionState::kIdle;
  }

  // In a failed block only COMMIT, ROLLBACK and ROLLBACK TO SAVEPOINT may
  // run (or be prepared).
  Status CheckNotFailed(const ast::Statement& statement) const {
    using Kind = ast::TransactionStmt::Kind;
    const bool ends_failure = statement.kind == ast::Statement::Kind::kTransaction &&
                              (statement.transaction->kind == Kind::kCommit ||
                               statement.transaction->kind == Kind::kRollback ||
                               statement.transaction->kind == Kind::kRollbackToSavepoint);
    if (state != TransactionState::kFailed || ends_failure) return Status::Ok();
    return Status::Error(ErrorCode::kInFailedTransaction,
                         "current transaction is aborted, commands ignored until end of "
                         "transaction block");
  }

  // The context of one statement; now() is this call's time (in a block,
  // the block's start).
  StatementContext Context(exec::StatementParameters* parameters) {
    return StatementContext{
        .database = database,
        .settings = settings,
        .eval = exec::EvalContext{.time_zone = settings.time_zone(),
                                  .statement_time_micros = state == TransactionState::kIdle
                                                               ? NowMicros()
                                                               : transaction_start_micros,
                                  .settings = &settings,
                                  .user = options.user,
                                  .database = options.database,
                                  .parameters = parameters,
                                  .catalog = &database.catalog(),
                                  .backend_pid = options.backend_pid,
                                  .sequences = &sequences},
        .writer = *this,
        .cancel_requested = &cancel_requested,
    };
  }

  Result<StatementResult> Transaction(const ast::TransactionStmt& stmt);
  Result<StatementResult> SavepointStatement(const ast::TransactionStmt& stmt);
  Result<StatementDescription> DescribeStatement(const ast::Statement& statement,
                                                 StatementContext& context,
                                                 exec::StatementParameters& parameters);
  Result<StatementResult> Prepare(const ast::Statement& prepare);
  Result<StatementResult> ExecutePrepared(const ast::Statement& execute, StatementContext& context);
  Result<StatementResult> SetStatement(const ast::SetStmt& set);
  Result<StatementResult> DeclareCursor(const ast::Statement& declare, StatementContext& context);
  Result<StatementResult> Dispatch(const ast::Statement& statement, StatementContext& context);

  Database& database;
  SessionOptions options;
  Settings settings;
  SessionSequences sequences{database.catalog()};
  TransactionState state = TransactionState::kIdle;
  int64_t transaction_start_micros = 0;
  std::map<uint32_t, std::vector<DataChunk>> pending;
  std::map<uint32_t, std::shared_ptr<const ts::BlockDeletes>> deleted;
  // What ROLLBACK TO SAVEPOINT returns the block to; innermost last.
  struct Savepoint {
    std::string name;
    std::map<uint32_t, std::vector<DataChunk>> pending;
    std::map<uint32_t, std::shared_ptr<const ts::BlockDeletes>> deleted;
    Settings settings;
    Settings settings_at_commit;
    std::vector<std::string> cursors;
  };
  std::vector<Savepoint> savepoints;
  // Inside a block: the settings to restore at ROLLBACK, and the ones COMMIT
  // keeps (everything but SET LOCAL).
  std::optional<Settings> settings_at_begin;
  std::optional<Settings> settings_at_commit;
  std::atomic<bool> cancel_requested{false};
  std::vector<std::pair<std::string, std::string>> last_reported;
  // PREPARE'd statements by name (the SQL-level ones; the protocol keeps its own).
  struct SqlPrepared {
    std::shared_ptr<const ast::Statement> statement;
    std::vector<DataType> parameter_types;
    std::vector<ResultColumn> columns;
  };
  std::map<std::string, SqlPrepared> sql_prepared;
  Cursors cursors;
};

Result<StatementDescription> Session::Impl::DescribeStatement(
    const ast::Statement& statement, StatementContext& context,
    exec::StatementParameters& parameters) {
  StatementDescription description;
  using Kind = ast::Statement::Kind;
  switch (statement.kind) {
    case Kind::kSelect: {
      if (IsCreateHypertableCall(*statement.select)) {
        description.columns = CreateHypertableColumns();
        break;
      }
      if (IsChunkFunctionCall(*statement.select)) {
        description.columns = ChunkFunctionColumns(*statement.select);
        break;
      }
      if (IsContinuousAggregatePolicyCall(*statement.select)) {
        description.columns = ContinuousAggregatePolicyColumns(*statement.select);
        break;
      }
      ASSIGN_OR_RETURN(description.columns, DescribeSelect(*statement.select, context));
      break;
    }
    case Kind::kInsert: {
      ASSIGN_OR_RETURN(description.columns, DescribeInsert(*statement.insert, context));
      break;
    }
    case Kind::kDelete: {
      ASSIGN_OR_RETURN(description.columns, DescribeDelete(*statement.delete_stmt, context));
      break;
    }
    case Kind::kUpdate: {
      ASSIGN_OR_RETURN(description.columns, DescribeUpdate(*statement.update, context));
      break;
    }
    case Kind::kShow: {
      // SHOW only reads settings: running it is the simplest way to learn
      // its columns (one, or three for SHOW ALL).
      ASSIGN_OR_RETURN(StatementResult shown, ExecuteShow(*statement.show, settings));
      description.columns = std::move(shown.columns);
      break;
    }
    case Kind::kExplain:
      // The explained SELECT is bound for the types of its parameters.
      if (statement.explained->kind == Kind::kSelect) {
        RETURN_IF_ERROR(DescribeSelect(*statement.explained->select, context).status());
      }
      description.columns = ExplainColumns();
      break;
    case Kind::kExecute: {
      auto it = sql_prepared.find(statement.prepared_name);
      if (it != sql_prepared.end()) description.columns = it->second.columns;
      break;
    }
    case Kind::kDeclareCursor:
      // Bound for the types of its parameters; DECLARE itself returns no rows.
      RETURN_IF_ERROR(DescribeSelect(*statement.select, context).status());
      break;
    case Kind::kFetch:
      if (const auto* columns = cursors.Columns(statement.cursor_name);
          columns != nullptr && !statement.fetch_is_move) {
        description.columns = *columns;
      }
      break;
    case Kind::kCreateTable:
    case Kind::kDropTable:
    case Kind::kAlterTable:
    case Kind::kTruncate:
    case Kind::kCopy:
    case Kind::kSet:
    case Kind::kReset:
    case Kind::kTransaction:
    case Kind::kCheckpoint:
    case Kind::kPrepare:
    case Kind::kDeallocate:
    case Kind::kCloseCursor:
    case Kind::kCreateView:
    case Kind::kDropView:
    case Kind::kAlterMaterializedView:
    case Kind::kCreateIndex:
    case Kind::kDropIndex:
    case Kind::kCreateSequence:
    case Kind::kAlterSequence:
    case Kind::kDropSequence:
    case Kind::kCall:
      break;
  }
  for (DataType& type : parameters.types) {
    if (type.id == TypeId::kUnknown) type = DataType::Of(TypeId::kText);
  }
  description.parameter_types = std::move(parameters.types);
  return description;
}

Result<StatementResult> Session::Impl::Prepare(const ast::Statement& prepare) {
  if (sql_prepared.contains(prepare.prepared_name)) {
    return Status::Error(ErrorCode::kDuplicatePreparedStatement,
                         "prepared statement \"" + prepare.prepared_name + "\" already exists");
  }
  std::vector<DataType> declared;
  for (const ast::TypeName& name : prepare.prepared_types) {
    ASSIGN_OR_RETURN(DataType type, ResolveTypeName(name));
    declared.push_back(type);
  }
  exec::StatementParameters parameters{.types = std::move(declared)};
  StatementContext context = Context(&parameters);
  ASSIGN_OR_RETURN(StatementDescription description,
                   DescribeStatement(*prepare.prepared, context, parameters));
  sql_prepared[prepare.prepared_name] =
      SqlPrepared{.statement = prepare.prepared,
                  .parameter_types = std::move(description.parameter_types),
                  .columns = std::move(description.columns)};
  StatementResult result;
  result.command_tag = "PREPARE";
  return result;
}

Result<StatementResult> Session::Impl::ExecutePrepared(const ast::Statement& execute,
                                                       StatementContext& context) {
  auto it = sql_prepared.find(execute.prepared_name);
  if (it == sql_prepared.end()) {
    return Status::Error(ErrorCode::kInvalidSqlStatementName,
                         "prepared statement \"" + execute.prepared_name + "\" does not exist");
  }
  const SqlPrepared& prepared = it->second;
  if (execute.execute_arguments.size() != prepared.parameter_types.size()) {
    return Status::Error(ErrorCode::kSyntaxError,
                         "wrong number of parameters for prepared statement \"" +
                             execute.prepared_name + "\"")
        .WithDetail("Expected " + std::to_string(prepared.parameter_types.size()) +
                    " parameters but got " + std::to_string(execute.execute_arguments.size()) +
                    ".");
  }
  // The values are bound like INSERT VALUES items: constants converted to
  // the parameter's type.
  std::vector<Value> values;
  Scope empty;
  ExprBinder binder(empty, context.eval, "EXECUTE parameter");
  for (size_t i = 0; i < prepared.parameter_types.size(); ++i) {
    const ast::Expr& argument = *execute.execute_arguments[i];
    ASSIGN_OR_RETURN(exec::ExprPtr bound, binder.Bind(argument));
    ASSIGN_OR_RETURN(bound, CoerceExprTo(argument, bound, prepared.parameter_types[i], context.eval,
                                         argument.position));
    ASSIGN_OR_RETURN(Value value, exec::EvaluateConstant(*bound, context.eval));
    values.push_back(std::move(value));
  }
  // Keeps the statement alive should it DEALLOCATE itself.
  std::shared_ptr<const ast::Statement> statement = prepared.statement;
  exec::StatementParameters parameters{.values = &values};
  StatementContext inner = Context(&parameters);
  return Dispatch(*statement, inner);
}

Result<StatementResult> Session::Impl::DeclareCursor(const ast::Statement& declare,
                                                     StatementContext& context) {
  // A cursor WITHOUT HOLD ends with its transaction: outside a block it
  // would be gone before the first FETCH.
  if (!declare.cursor_with_hold && state == TransactionState::kIdle) {
    return Status::Error(ErrorCode::kNoActiveSqlTransaction,
                         "DECLARE CURSOR can only be used in transaction blocks");
  }
  ASSIGN_OR_RETURN(StatementResult opened, ExecuteSelect(*declare.select, context));
  RETURN_IF_ERROR(
      cursors.Declare(declare.cursor_name, declare.cursor_with_hold, std::move(opened)));
  StatementResult result;
  result.command_tag = "DECLARE CURSOR";
  return result;
}

Result<StatementResult> Session::Impl::SavepointStatement(const ast::TransactionStmt& stmt) {
  using Kind = ast::TransactionStmt::Kind;
  const char* what = stmt.kind == Kind::kSavepoint          ? "SAVEPOINT"
                     : stmt.kind == Kind::kReleaseSavepoint ? "RELEASE SAVEPOINT"
                                                            : "ROLLBACK TO SAVEPOINT";
  if (state == TransactionState::kIdle) {
    return Status::Error(ErrorCode::kNoActiveSqlTransaction,
                         std::string(what) + " can only be used in transaction blocks");
  }
  StatementResult result;
  if (stmt.kind == Kind::kSavepoint) {
    Savepoint& savepoint =
        savepoints.emplace_back(Savepoint{.name = stmt.savepoint,
                                          .settings = settings,
                                          .settings_at_commit = *settings_at_commit,
                                          .cursors = cursors.Names()});
    savepoint.pending = pending;
    savepoint.deleted = deleted;
    result.command_tag = "SAVEPOINT";
    return result;
  }
  // The innermost savepoint of that name.
  auto found = std::find_if(savepoints.rbegin(), savepoints.rend(),
                            [&](const Savepoint& s) { return s.name == stmt.savepoint; });
  if (found == savepoints.rend()) {
    return Status::Error(ErrorCode::kInvalidSavepoint,
                         "savepoint \"" + stmt.savepoint + "\" does not exist");
  }
  size_t index = static_cast<size_t>(savepoints.rend() - found) - 1;
  if (stmt.kind == Kind::kReleaseSavepoint) {
    // Its work stays part of the block; the savepoint and those inside it go.
    savepoints.resize(index);
    result.command_tag = "RELEASE";
    return result;
  }
  const Savepoint& savepoint = savepoints[index];
  pending = savepoint.pending;
  deleted = savepoint.deleted;
  settings = savepoint.settings;
  settings_at_commit = savepoint.settings_at_commit;
  for (const std::string& name : cursors.Names()) {
    if (std::find(savepoint.cursors.begin(), savepoint.cursors.end(), name) ==
        savepoint.cursors.end()) {
      cursors.Close(name).IgnoreError();  // the name was just listed: it exists
    }
  }
  // The savepoint itself stays, so the block can return to it again.
  savepoints.resize(index + 1);
  state = TransactionState::kInBlock;
  result.command_tag = "ROLLBACK";
  return result;
}

Result<StatementResult> Session::Impl::Transaction(const ast::TransactionStmt& stmt) {
  StatementResult result;
  switch (stmt.kind) {
    case ast::TransactionStmt::Kind::kSavepoint:
    case ast::TransactionStmt::Kind::kReleaseSavepoint:
    case ast::TransactionStmt::Kind::kRollbackToSavepoint:
      return SavepointStatement(stmt);
    case ast::TransactionStmt::Kind::kBegin:
      result.command_tag = "BEGIN";
      if (state != TransactionState::kIdle) {
        result.notices.push_back(Notice{.severity = "WARNING",
                                        .code = ErrorCode::kActiveSqlTransaction,
                                        .message = "there is already a transaction in progress"});
        return result;
      }
      state = TransactionState::kInBlock;
      transaction_start_micros = NowMicros();
      settings_at_begin = settings;
      settings_at_commit = settings;
      return result;
    case ast::TransactionStmt::Kind::kCommit: {
      if (state == TransactionState::kIdle) {
        result.command_tag = "COMMIT";
        result.notices.push_back(Notice{.severity = "WARNING",
                                        .code = ErrorCode::kNoActiveSqlTransaction,
                                        .message = "there is no transaction in progress"});
        return result;
      }
      if (state == TransactionState::kFailed) {
        settings = *settings_at_begin;
        EndBlock();
        result.command_tag = "ROLLBACK";
        return result;
      }
      std::map<uint32_t, std::vector<DataChunk>> writes = std::move(pending);
      std::map<uint32_t, std::shared_ptr<const ts::BlockDeletes>> deletions = std::move(deleted);
      settings = *settings_at_commit;
      EndBlock();
      std::vector<ts::TableAppend> appends;
      for (const auto& [table_id, chunks] : writes) {
        if (!chunks.empty())
          appends.push_back(ts::TableAppend{.table_id = table_id, .chunks = chunks});
      }
      std::vector<ts::BlockDeletes> removed;
      for (const auto& [table_id, deletes] : deletions) {
        if (deletes != nullptr && !deletes->segments.empty()) removed.push_back(*deletes);
      }
      if (removed.empty()) {
        RETURN_IF_ERROR(database.engine().AppendTables(appends));
      } else {
        RETURN_IF_ERROR(database.engine().CommitBlock(appends, removed));
      }
      result.command_tag = "COMMIT";
      return result;
    }
    case ast::TransactionStmt::Kind::kRollback:
      result.command_tag = "ROLLBACK";
      if (state == TransactionState::kIdle) {
        result.notices.push_back(Notice{.severity = "WARNING",
                                        .code = ErrorCode::kNoActiveSqlTransaction,
                                        .message = "there is no transaction in progress"});
        return result;
      }
      settings = *settings_at_begin;
      EndBlock();
      return result;
  }
  return Status::Error(ErrorCode::kInternal, "unknown transaction statement");
}

Result<StatementResult> Session::Impl::SetStatement(const ast::SetStmt& set) {
  if (set.is_local) {
    if (state == TransactionState::kIdle) {
      StatementResult result;
      result.command_tag = "SET";
      result.notices.push_back(Notice{.severity = "WARNING",
                                      .message = "SET LOCAL can only be used in transaction "
                                                 "blocks"});
      return result;
    }
    return ExecuteSet(set, settings);
  }
  ASSIGN_OR_RETURN(StatementResult result, ExecuteSet(set, settings));
  if (settings_at_commit) {
    // Already validated against `settings`; the same change applies here.
    RETURN_IF_ERROR(ExecuteSet(set, *settings_at_commit).status());
  }
  // Outside a block every statement is a transaction of its own that starts
  // with the defaults, so SHOW TRANSACTION ISOLATION LEVEL (pgjdbc's
  // getTransactionIsolation) follows them.
  if (state == TransactionState::kIdle) {
    for (const char* name : {"transaction_isolation", "transaction_read_only"}) {
      if (set.name != std::string("default_") + name) continue;
      ASSIGN_OR_RETURN(std::string value, settings.Show(set.name));
      RETURN_IF_ERROR(settings.Set(name, {value}));
    }
  }
  return result;
}

Result<StatementResult> Session::Impl::Dispatch(const ast::Statement& statement,
                                                StatementContext& context) {
  using Kind = ast::Statement::Kind;
  switch (statement.kind) {
    case Kind::kSelect:
      return ExecuteSelect(*statement.select, context);
    case Kind::kCreateTable:
      return ExecuteCreateTable(*statement.create_table, context);
    case Kind::kDropTable:
      return ExecuteDropTable(*statement.drop_table, context);
    case Kind::kCreateView:
      return ExecuteCreateView(*statement.create_view, context);
    case Kind::kDropView:
      return ExecuteDropView(*statement.drop_view, context);
    case Kind::kAlterMaterializedView:
      return ExecuteAlterMaterializedView(*statement.alter_materialized_view, context);
    case Kind::kCreateIndex:
      return ExecuteCreateIndex(*statement.create_index, context);
    case Kind::kDropIndex:
      return ExecuteDropIndex(*statement.drop_index, context);
    case Kind::kCreateSequence:
      return ExecuteCreateSequence(*statement.sequence, context);
    case Kind::kAlterSequence:
      return ExecuteAlterSequence(*statement.sequence, context);
    case Kind::kDropSequence:
      return ExecuteDropSequence(*statement.drop_sequence, context);
    case Kind::kCall:
      return ExecuteCall(*statement.call, context);
    case Kind::kAlterTable:
      return ExecuteAlterTable(*statement.alter_table, context);
    case Kind::kTruncate:
      return ExecuteTruncate(*statement.truncate, context);
    case Kind::kDelete:
      return ExecuteDelete(*statement.delete_stmt, context);
    case Kind::kUpdate:
      return ExecuteUpdate(*statement.update, context);
    case Kind::kInsert:
      return ExecuteInsert(*statement.insert, context);
    case Kind::kCopy:
      return ExecuteCopy(*statement.copy, context);
    case Kind::kSet:
      return SetStatement(*statement.set);
    case Kind::kShow:
      return ExecuteShow(*statement.show, settings);
    case Kind::kReset: {
      ASSIGN_OR_RETURN(StatementResult result, ExecuteReset(*statement.reset, settings));
      if (settings_at_commit) RETURN_IF_ERROR(settings_at_commit->Reset(statement.reset->name));
      return result;
    }
    case Kind::kTransaction:
      return Transaction(*statement.transaction);
    case Kind::kExplain:
      return ExecuteExplain(statement, context);
    case Kind::kPrepare:
      return Prepare(statement);
    case Kind::kExecute:
      return ExecutePrepared(statement, context);
    case Kind::kDeallocate: {
      StatementResult result;
      if (statement.prepared_name.empty()) {
        sql_prepared.clear();
        result.command_tag = "DEALLOCATE ALL";
        return result;
      }
      if (sql_prepared.erase(statement.prepared_name) == 0) {
        return Status::Error(
            ErrorCode::kInvalidSqlStatementName,
            "prepared statement \"" + statement.prepared_name + "\" does not exist");
      }
      result.command_tag = "DEALLOCATE";
      return result;
    }
    case Kind::kDeclareCursor:
      return DeclareCursor(statement, context);
    case Kind::kFetch:
      return cursors.Fetch(statement.cursor_name, statement.fetch_count, statement.fetch_is_move);
    case Kind::kCloseCursor: {
      RETURN_IF_ERROR(cursors.Close(statement.cursor_name));
      StatementResult result;
      result.command_tag = statement.cursor_name.empty() ? "CLOSE CURSOR ALL" : "CLOSE CURSOR";
      return result;
    }
    case Kind::kCheckpoint: {
      RETURN_IF_ERROR(database.engine().Checkpoint());
      StatementResult result;
      result.command_tag = "CHECKPOINT";
      return result;
    }
  }
  return Status::Error(ErrorCode::kInternal, "unknown statement kind");
}

Session::Session(Database& database, SessionOptions options)
    : impl_(std::make_unique<Impl>(database, std::move(options))) {
  Settings& settings = impl_->settings;
  // Startup parameters the server does not know, or values it cannot honour,
  // are ignored as PostgreSQL ignores unknown ones from clients; the client
  // learns the real values from ParameterStatus.
  settings.SetStartupValue("session_authorization", impl_->options.user).IgnoreError();
  for (const auto& [name, value] : impl_->options.startup_parameters) {
    if (name == "user" || name == "database" || name == "replication") continue;
    if (name == "options") {
      for (const auto& [option, option_value] : ParseOptionsParameter(value)) {
        settings.SetStartupValue(option, option_value).IgnoreError();
      }
      continue;
    }
    settings.SetStartupValue(name, value).IgnoreError();
  }
  impl_->last_reported = settings.Reported();
}

Session::~Session() = default;

Result<std::vector<std::unique_ptr<ast::Statement>>> Session::Parse(std::string_view sql) const {
  return ParseSql(sql);
}

Result<StatementDescription> Session::Describe(const ast::Statement& statement,
                                               std::vector<DataType> declared_parameter_types) {
  Impl& impl = *impl_;
  RETURN_IF_ERROR(impl.CheckNotFailed(statement));
  exec::StatementParameters parameters{.types = std::move(declared_parameter_types)};
  StatementContext context = impl.Context(&parameters);
  return impl.DescribeStatement(statement, context, parameters);
}

Result<StatementResult> Session::Execute(const ast::Statement& statement,
                                         const std::vector<Value>& parameters) {
  Impl& impl = *impl_;
  impl.cancel_requested.store(false);
  RETURN_IF_ERROR(impl.CheckNotFailed(statement));
  exec::StatementParameters values{.values = &parameters};
  StatementContext context = impl.Context(&values);
  Result<StatementResult> result = impl.Dispatch(statement, context);
  if (!result.ok() && impl.state == TransactionState::kInBlock) {
    impl.state = TransactionState::kFailed;
  }
  return result;
}

TransactionState Session::transaction_state() const {
  return impl_->state;
}

const std::vector<ResultColumn>* Session::CursorColumns(const std::string& name) const {
  return impl_->cursors.Columns(name);
}

std::vector<std::pair<std::string, std::string>> Session::ReportedParameters() const {
  return impl_->settings.Reported();
}

std::vector<std::pair<std::string, std::string>> Session::TakeChangedParameters() {
  std::vector<std::pair<std::string, std::string>> current = impl_->settings.Reported();
  std::vector<std::pair<std::string, std::string>> changed;
  for (size_t i = 0; i < current.size(); ++i) {
    if (i >= impl_->last_reported.size() || impl_->last_reported[i] != current[i]) {
      changed.push_back(current[i]);
    }
  }
  impl_->last_reported = std::move(current);
  return changed;
}

const TimeZone& Session::time_zone() const {
  return impl_->settings.time_zone();
}

void Session::RequestCancel() {
  impl_->cancel_requested.store(true);
}

}  // namespace sundial::sql
