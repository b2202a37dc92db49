#include "pgwire/protocol.h"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "pgwire/error_response.h"
#include "pgwire/row_encoder.h"

namespace sundial::pgwire {
namespace {

// Rows encoded between checks of the output size: small enough that one
// step overshoots the flush threshold by little.
constexpr size_t kRowsPerEncodeStep = 256;

constexpr std::string_view kProtocolOptionPrefix = "_pq_.";

bool ReturnsRows(sql::ast::Statement::Kind kind) {
  using Kind = sql::ast::Statement::Kind;
  return kind == Kind::kSelect || kind == Kind::kShow || kind == Kind::kExplain;
}

}  // namespace

Protocol::Protocol(sql::Database& database, CancelRegistry& cancel_registry)
    : database_(database), cancel_registry_(cancel_registry) {}

Protocol::~Protocol() {
  if (backend_key_) cancel_registry_.Unregister(backend_key_->process_id);
}

ProtocolAction Protocol::action() const {
  switch (phase_) {
    case Phase::kClosed:
      return ProtocolAction::kClose;
    case Phase::kSimpleQuery:
    case Phase::kExecute:
      return ProtocolAction::kContinue;
    case Phase::kStartup:
    case Phase::kReady:
    case Phase::kCopyIn:
    case Phase::kSkipToSync:
      return ProtocolAction::kRead;
  }
  return ProtocolAction::kClose;
}

void Protocol::Consume(MessageReader& reader) {
  while (action() == ProtocolAction::kRead && output_.size() < kOutputFlushBytes) {
    if (phase_ == Phase::kStartup) {
      auto packet = reader.NextStartup();
      if (!packet.ok()) return Fatal(packet.status());
      if (!packet->has_value()) return;
      HandleStartup(**packet);
      continue;
    }
    auto message = reader.Next();
    if (!message.ok()) return Fatal(message.status());
    if (!message->has_value()) return;
    HandleMessage(std::move(**message));
  }
}

void Protocol::Resume() {
  if (phase_ == Phase::kSimpleQuery) {
    RunSimpleQuery();
  } else if (phase_ == Phase::kExecute) {
    StreamExecute();
  }
}

void Protocol::RequestCancel() {
  std::lock_guard lock(session_mutex_);
  if (session_) session_->RequestCancel();
}

void Protocol::TerminateForShutdown() {
  output_.ErrorResponse(AdminShutdownFields());
  phase_ = Phase::kClosed;
}

void Protocol::HandleStartup(const StartupPacket& packet) {
  switch (packet.kind) {
    case StartupPacket::Kind::kSslRequest:
    case StartupPacket::Kind::kGssEncRequest:
      // No TLS or GSSAPI encryption: the client continues in plain text.
      output_.EncryptionResponse('N');
      return;
    case StartupPacket::Kind::kCancelRequest:
      // The protocol sends nothing back, whether or not the key matched.
      cancel_registry_.Cancel(
          BackendKey{.process_id = packet.process_id, .secret_key = packet.secret_key});
      phase_ = Phase::kClosed;
      return;
    case StartupPacket::Kind::kStartup:
      break;
  }

  sql::SessionOptions options;
  std::vector<std::string> unrecognized_options;
  for (const auto& [name, value] : packet.parameters) {
    if (name.starts_with(kProtocolOptionPrefix)) {
      unrecognized_options.push_back(name);
      continue;
    }
    if (name == "user") options.user = value;
    if (name == "database") options.database = value;
    options.startup_parameters.emplace_back(name, value);
  }
  // PostgreSQL's default database is the user's name.
  bool has_database = std::any_of(packet.parameters.begin(), packet.parameters.end(),
                                  [](const auto& p) { return p.first == "database"; });
  if (!has_database || options.database.empty()) options.database = options.user;

  const int32_t minor = packet.protocol_version & 0xffff;
  if (minor > 0 || !unrecognized_options.empty()) {
    output_.NegotiateProtocolVersion(0, unrecognized_options);
  }

  {
    std::lock_guard lock(session_mutex_);
    session_ = std::make_unique<sql::Session>(database_, std::move(options));
  }
  backend_key_ = cancel_registry_.Register([this] { RequestCancel(); });

  output_.AuthenticationOk();
  for (const auto& [name, value] : session_->ReportedParameters()) {
    output_.ParameterStatus(name, value);
  }
  // Everything was just reported in full; only later changes are news.
  session_->TakeChangedParameters();
  output_.BackendKeyData(backend_key_->process_id, backend_key_->secret_key);
  phase_ = Phase::kReady;
  SendReadyForQuery();
}

void Protocol::HandleMessage(FrontendMessage message) {
  if (std::holds_alternative<TerminateMessage>(message)) {
    phase_ = Phase::kClosed;
    return;
  }
  if (phase_ == Phase::kCopyIn) return HandleCopyMessage(message);
  if (phase_ == Phase::kSkipToSync) {
    if (std::holds_alternative<SyncMessage>(message)) HandleSync();
    return;
  }
  std::visit(
      [this](auto& m) {
        using M = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<M, QueryMessage>) {
          HandleQuery(m);
        } else if constexpr (std::is_same_v<M, ParseMessage>) {
          HandleParse(m);
        } else if constexpr (std::is_same_v<M, BindMessage>) {
          HandleBind(m);
        } else if constexpr (std::is_same_v<M, DescribeMessage>) {
          HandleDescribe(m);
        } else if constexpr (std::is_same_v<M, ExecuteMessage>) {
          HandleExecute(m);
        } else if constexpr (std::is_same_v<M, CloseMessage>) {
          HandleClose(m);
        } else if constexpr (std::is_same_v<M, SyncMessage>) {
          HandleSync();
        } else if constexpr (std::is_same_v<M, PasswordMessage>) {
          Fatal(Status::Error(ErrorCode::kProtocolViolation,
                              "unexpected password message: no authentication in progress"));
        }
        // Flush needs no action: output is written whenever input runs dry.
        // CopyData/CopyDone/CopyFail outside COPY are ignored as PostgreSQL
        // does: they are the tail of a COPY that already failed.
      },
      message);
}

void Protocol::HandleQuery(QueryMessage& query) {
  auto statements = session_->Parse(query.sql);
  if (!statements.ok()) return FailSimpleQuery(statements.status());
  if (statements->empty()) {
    output_.EmptyQueryResponse();
    SendReadyForQuery();
    return;
  }
  statements_ = std::move(statements).value();
  next_statement_ = 0;
  phase_ = Phase::kSimpleQuery;
  RunSimpleQuery();
}

void Protocol::RunSimpleQuery() {
  while (phase_ == Phase::kSimpleQuery && output_.size() < kOutputFlushBytes) {
    if (query_cursor_) {
      auto outcome = Stream(*query_cursor_, 0, query_rows_);
      if (!outcome.ok()) return FailSimpleQuery(outcome.status());
      if (*outcome == StreamOutcome::kOutputFull) return;
      output_.CommandComplete(query_tag_ + " " + std::to_string(query_rows_));
      query_cursor_.reset();
      ReportChangedParameters();
      ++next_statement_;
      continue;
    }
    if (next_statement_ == statements_.size()) {
      statements_.clear();
      phase_ = Phase::kReady;
      SendReadyForQuery();
      return;
    }
    auto result = ExecuteStatement(*statements_[next_statement_]);
    if (!result.ok()) return FailSimpleQuery(result.status());
    if (result->copy_in) return StartCopyIn(std::move(result->copy_in), false);
    if (result->rows) {
      output_.RowDescription(DescribeColumns(result->columns));
      query_cursor_.emplace();
      query_cursor_->rows = std::move(result->rows);
      query_tag_ = result->command_tag;
      query_rows_ = 0;
      continue;
    }
    output_.CommandComplete(result->command_tag);
    ReportChangedParameters();
    ++next_statement_;
  }
}

Result<sql::StatementResult> Protocol::ExecuteStatement(const sql::ast::Statement& statement) {
  auto result = session_->Execute(statement);
  if (result.ok()) {
    for (const sql::Notice& notice : result->notices) {
      output_.NoticeResponse(NoticeFieldsOf(notice));
    }
  }
  return result;
}

Result<Protocol::StreamOutcome> Protocol::Stream(Cursor& cursor, uint64_t limit,
                                                 uint64_t& rows_sent) {
  RowEncoder encoder(session_->time_zone());
  while (true) {
    if (output_.size() >= kOutputFlushBytes) return StreamOutcome::kOutputFull;
    if (limit > 0 && rows_sent >= limit) return StreamOutcome::kLimitReached;
    if (cursor.chunk_offset >= cursor.chunk.size()) {
      if (cursor.exhausted) return StreamOutcome::kExhausted;
      cursor.chunk = DataChunk{};
      cursor.chunk_offset = 0;
      auto more = cursor.rows->Next(cursor.chunk);
      if (!more.ok()) return more.status();
      // Rows delivered together with the end signal are still sent.
      cursor.exhausted = !*more;
      continue;
    }
    size_t count = std::min(cursor.chunk.size() - cursor.chunk_offset, kRowsPerEncodeStep);
    if (limit > 0) count = std::min<uint64_t>(count, limit - rows_sent);
    encoder.Encode(cursor.chunk, cursor.chunk_offset, cursor.chunk_offset + count, output_);
    cursor.chunk_offset += count;
    rows_sent += count;
  }
}

void Protocol::StartCopyIn(std::unique_ptr<sql::CopyInSink> sink, bool from_extended) {
  const bool binary = sink->binary();
  output_.CopyInResponse(binary, std::vector<int16_t>(sink->column_count(), binary ? 1 : 0));
  copy_sink_ = std::move(sink);
  copy_error_ = Status::Ok();
  copy_from_extended_ = from_extended;
  phase_ = Phase::kCopyIn;
}

void Protocol::HandleCopyMessage(FrontendMessage& message) {
  if (auto* data = std::get_if<CopyDataMessage>(&message)) {
    // After a bad row the rest of the data is read and dropped, so the
    // client's stream stays in step (as PostgreSQL does).
    if (copy_error_.ok()) copy_error_ = copy_sink_->Write(data->data);
    return;
  }
  if (std::holds_alternative<CopyDoneMessage>(message)) {
    if (!copy_error_.ok()) return FinishCopyIn(copy_error_, 0);
    auto rows = copy_sink_->Finish();
    return FinishCopyIn(rows.ok() ? Status::Ok() : rows.status(), rows.ok() ? *rows : 0);
  }
  if (auto* fail = std::get_if<CopyFailMessage>(&message)) {
    return FinishCopyIn(
        Status::Error(ErrorCode::kQueryCanceled, "COPY from stdin failed: " + fail->message), 0);
  }
  if (std::holds_alternative<FlushMessage>(message) ||
      std::holds_alternative<SyncMessage>(message)) {
    return;
  }
  FinishCopyIn(Status::Error(ErrorCode::kProtocolViolation,
                             "unexpected message type during COPY from stdin"),
               0);
}

void Protocol::FinishCopyIn(Status status, uint64_t rows) {
  // Dropping an unfinished sink discards everything it received.
  copy_sink_.reset();
  copy_error_ = Status::Ok();
  if (copy_from_extended_) {
    if (!status.ok()) return FailExtended(status);
    output_.CommandComplete("COPY " + std::to_string(rows));
    ReportChangedParameters();
    phase_ = Phase::kReady;
    return;
  }
  if (!status.ok()) return FailSimpleQuery(status);
  output_.CommandComplete("COPY " + std::to_string(rows));
  ReportChangedParameters();
  ++next_statement_;
  phase_ = Phase::kSimpleQuery;
}

void Protocol::HandleParse(ParseMessage& parse) {
  if (!parse.parameter_types.empty()) {
    return FailExtended(Status::Error(ErrorCode::kFeatureNotSupported,
                                      "prepared statements with parameters are not supported"));
  }
  auto statements = session_->Parse(parse.sql);
  if (!statements.ok()) return FailExtended(statements.status());
  if (statements->size() > 1) {
    return FailExtended(Status::Error(ErrorCode::kSyntaxError,
                                      "cannot insert multiple commands into a prepared statement"));
  }
  auto prepared = std::make_shared<PreparedStatement>();
  if (!statements->empty()) prepared->statement = std::move(statements->front());
  prepared_[parse.statement] = std::move(prepared);
  output_.ParseComplete();
}

void Protocol::HandleBind(BindMessage& bind) {
  auto it = prepared_.find(bind.statement);
  if (it == prepared_.end()) {
    return FailExtended(
        Status::Error(ErrorCode::kUndefinedObject,
                      "prepared statement \"" + bind.statement + "\" does not exist"));
  }
  if (!bind.parameters.empty()) {
    return FailExtended(Status::Error(
        ErrorCode::kProtocolViolation,
        "bind message supplies " + std::to_string(bind.parameters.size()) +
            " parameters, but prepared statement \"" + bind.statement + "\" requires 0"));
  }
  if (std::any_of(bind.result_formats.begin(), bind.result_formats.end(),
                  [](int16_t f) { return f != 0; })) {
    return FailExtended(
        Status::Error(ErrorCode::kFeatureNotSupported, "binary result format is not supported"));
  }
  Portal portal{.prepared = it->second};
  if (it->second->described) {
    portal.result = std::move(it->second->described);
    it->second->described.reset();
  }
  portals_.insert_or_assign(bind.portal, std::move(portal));
  output_.BindComplete();
}

Result<std::vector<sql::ResultColumn>> Protocol::DescribeStatement(PreparedStatement& prepared) {
  if (!prepared.statement || !ReturnsRows(prepared.statement->kind)) {
    return std::vector<sql::ResultColumn>();
  }
  // The result's shape is only known by running the statement; the result is
  // kept for the Bind that normally follows, so it runs once.
  if (!prepared.described) {
    ASSIGN_OR_RETURN(sql::StatementResult result, ExecuteStatement(*prepared.statement));
    prepared.described = std::move(result);
  }
  if (!prepared.described->rows) return std::vector<sql::ResultColumn>();
  return prepared.described->columns;
}

void Protocol::HandleDescribe(const DescribeMessage& describe) {
  if (describe.target == 'S') {
    auto it = prepared_.find(describe.name);
    if (it == prepared_.end()) {
      return FailExtended(
          Status::Error(ErrorCode::kUndefinedObject,
                        "prepared statement \"" + describe.name + "\" does not exist"));
    }
    auto columns = DescribeStatement(*it->second);
    if (!columns.ok()) return FailExtended(columns.status());
    output_.ParameterDescription({});
    if (columns->empty()) {
      output_.NoData();
    } else {
      output_.RowDescription(DescribeColumns(*columns));
    }
    return;
  }
  auto it = portals_.find(describe.name);
  if (it == portals_.end()) {
    return FailExtended(Status::Error(ErrorCode::kUndefinedObject,
                                      "portal \"" + describe.name + "\" does not exist"));
  }
  Portal& portal = it->second;
  if (!portal.prepared->statement) return output_.NoData();
  if (!portal.result) {
    auto result = ExecuteStatement(*portal.prepared->statement);
    if (!result.ok()) return FailExtended(result.status());
    portal.result = std::move(result).value();
  }
  if (portal.result->rows || portal.cursor) {
    output_.RowDescription(DescribeColumns(portal.result->columns));
  } else {
    output_.NoData();
  }
}

void Protocol::HandleExecute(const ExecuteMessage& execute) {
  auto it = portals_.find(execute.portal);
  if (it == portals_.end()) {
    return FailExtended(Status::Error(ErrorCode::kUndefinedObject,
                                      "portal \"" + execute.portal + "\" does not exist"));
  }
  Portal& portal = it->second;
  if (!portal.prepared->statement) return output_.EmptyQueryResponse();
  if (!portal.result) {
    auto result = ExecuteStatement(*portal.prepared->statement);
    if (!result.ok()) return FailExtended(result.status());
    portal.result = std::move(result).value();
  }
  sql::StatementResult& result = *portal.result;
  if (portal.completed) {
    // A finished portal yields no more rows.
    output_.CommandComplete(portal.cursor ? result.command_tag + " 0" : result.command_tag);
    return;
  }
  if (result.copy_in) return StartCopyIn(std::move(result.copy_in), true);
  if (result.rows && !portal.cursor) {
    portal.cursor.emplace();
    portal.cursor->rows = std::move(result.rows);
  }
  if (portal.cursor) {
    executing_ = &portal;
    execute_limit_ = execute.max_rows > 0 ? static_cast<uint64_t>(execute.max_rows) : 0;
    execute_rows_ = 0;
    phase_ = Phase::kExecute;
    return StreamExecute();
  }
  output_.CommandComplete(result.command_tag);
  portal.completed = true;
  ReportChangedParameters();
}

void Protocol::StreamExecute() {
  Portal& portal = *executing_;
  auto outcome = Stream(*portal.cursor, execute_limit_, execute_rows_);
  if (!outcome.ok()) {
    portal.completed = true;
    return FailExtended(outcome.status());
  }
  switch (*outcome) {
    case StreamOutcome::kOutputFull:
      return;
    case StreamOutcome::kLimitReached:
      output_.PortalSuspended();
      break;
    case StreamOutcome::kExhausted:
      output_.CommandComplete(portal.result->command_tag + " " + std::to_string(execute_rows_));
      portal.completed = true;
      ReportChangedParameters();
      break;
  }
  executing_ = nullptr;
  phase_ = Phase::kReady;
}

void Protocol::HandleClose(const CloseMessage& close) {
  if (close.target == 'S') {
    prepared_.erase(close.name);
  } else {
    portals_.erase(close.name);
  }
  output_.CloseComplete();
}

void Protocol::HandleSync() {
  // Portals live until the end of the transaction; outside a transaction
  // block that is this Sync.
  if (session_->transaction_state() == sql::TransactionState::kIdle) portals_.clear();
  phase_ = Phase::kReady;
  SendReadyForQuery();
}

void Protocol::FailSimpleQuery(const Status& status) {
  output_.ErrorResponse(ErrorFieldsOf(status));
  statements_.clear();
  next_statement_ = 0;
  query_cursor_.reset();
  ReportChangedParameters();
  phase_ = Phase::kReady;
  SendReadyForQuery();
}

void Protocol::FailExtended(const Status& status) {
  output_.ErrorResponse(ErrorFieldsOf(status));
  executing_ = nullptr;
  phase_ = Phase::kSkipToSync;
}

void Protocol::Fatal(const Status& status) {
  output_.ErrorResponse(ErrorFieldsOf(status, Severity::kFatal));
  phase_ = Phase::kClosed;
}

void Protocol::ReportChangedParameters() {
  for (const auto& [name, value] : session_->TakeChangedParameters()) {
    output_.ParameterStatus(name, value);
  }
}

void Protocol::SendReadyForQuery() {
  output_.ReadyForQuery(static_cast<char>(session_->transaction_state()));
}

}  // namespace sundial::pgwire
