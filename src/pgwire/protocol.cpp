#include "pgwire/protocol.h"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "pgwire/error_response.h"
#include "pgwire/pg_types.h"
#include "pgwire/row_encoder.h"
#include "pgwire/type_codec.h"

namespace sundial::pgwire {
namespace {

// Rows encoded between checks of the output size: small enough that one
// step overshoots the flush threshold by little.
constexpr size_t kRowsPerEncodeStep = 256;

constexpr std::string_view kProtocolOptionPrefix = "_pq_.";

// Bind's format codes: none (all text), one for all, or one per item.
Result<std::vector<int16_t>> FormatsPerItem(const std::vector<int16_t>& codes, size_t items,
                                            bool results) {
  if (codes.size() > 1 && codes.size() != items) {
    const std::string count = std::to_string(codes.size());
    const std::string expected = std::to_string(items);
    return Status::Error(
        ErrorCode::kProtocolViolation,
        results
            ? "bind message has " + count + " result formats but query has " + expected + " columns"
            : "bind message has " + count + " parameter formats but " + expected + " parameters");
  }
  for (int16_t code : codes) {
    if (code != kTextFormat && code != kBinaryFormat) {
      return Status::Error(ErrorCode::kInvalidParameterValue,
                           "unsupported format code: " + std::to_string(code));
    }
  }
  if (codes.empty()) return std::vector<int16_t>(items, kTextFormat);
  if (codes.size() == 1) return std::vector<int16_t>(items, codes[0]);
  return codes;
}

}  // namespace

Protocol::Protocol(sql::Database& database, CancelRegistry& cancel_registry,
                   ProtocolOptions options)
    : database_(database), cancel_registry_(cancel_registry), options_(options) {}

Protocol::~Protocol() {
  if (backend_key_) cancel_registry_.Unregister(backend_key_->process_id);
}

ProtocolAction Protocol::action() const {
  switch (phase_) {
    case Phase::kClosed:
      return ProtocolAction::kClose;
    case Phase::kStartTls:
      return ProtocolAction::kStartTls;
    case Phase::kSimpleQuery:
    case Phase::kExecute:
      return ProtocolAction::kContinue;
    case Phase::kStartup:
    case Phase::kAuthenticate:
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
      // Bytes sent before the handshake would be taken as if they came
      // through TLS: a man in the middle could inject them.
      if (phase_ == Phase::kStartTls && reader.buffered() > 0) {
        return Fatal(Status::Error(ErrorCode::kProtocolViolation,
                                   "received unencrypted data after SSL request"));
      }
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

void Protocol::TlsStarted() {
  if (phase_ == Phase::kStartTls) phase_ = Phase::kStartup;
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
      // A repeated request is no request at all to PostgreSQL, but a
      // protocol version it does not speak.
      if (ssl_requested_) return Fatal(UnsupportedProtocolVersion(kSslRequestCode));
      ssl_requested_ = true;
      if (options_.tls_available) {
        output_.EncryptionResponse('S');
        phase_ = Phase::kStartTls;
        return;
      }
      // No TLS: the client continues in plain text.
      output_.EncryptionResponse('N');
      return;
    case StartupPacket::Kind::kGssEncRequest:
      if (gss_requested_) return Fatal(UnsupportedProtocolVersion(kGssEncRequestCode));
      gss_requested_ = true;
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

  if (options_.auth.method != AuthMethod::kTrust) {
    authenticator_.emplace(options_.auth, options.user);
    authenticator_->Begin(output_);
    pending_session_ = std::move(options);
    phase_ = Phase::kAuthenticate;
    return;
  }
  CompleteStartup(std::move(options));
}

void Protocol::HandleAuthentication(const FrontendMessage& message) {
  const auto* password = std::get_if<PasswordMessage>(&message);
  if (password == nullptr) {
    return Fatal(Status::Error(ErrorCode::kProtocolViolation,
                               "expected password response, got another message type"));
  }
  Result<AuthOutcome> outcome = authenticator_->Step(password->data, output_);
  if (!outcome.ok()) return Fatal(outcome.status());
  switch (*outcome) {
    case AuthOutcome::kContinue:
      return;
    case AuthOutcome::kFailed:
      output_.ErrorResponse(PasswordAuthenticationFailedFields(pending_session_.user));
      authentication_failed_ = true;
      phase_ = Phase::kClosed;
      return;
    case AuthOutcome::kAuthenticated:
      authenticator_.reset();
      return CompleteStartup(std::move(pending_session_));
  }
}

void Protocol::CompleteStartup(sql::SessionOptions options) {
  // Registered first so the session knows its pid (pg_backend_pid); a
  // cancel arriving before the session exists finds none and does nothing.
  backend_key_ = cancel_registry_.Register([this] { RequestCancel(); });
  options.backend_pid = backend_key_->process_id;
  {
    std::lock_guard lock(session_mutex_);
    session_ = std::make_unique<sql::Session>(database_, std::move(options));
  }

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
  if (phase_ == Phase::kAuthenticate) return HandleAuthentication(message);
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
    if (copy_out_) {
      auto finished = StreamCopyOut(*copy_out_);
      if (!finished.ok()) return FailSimpleQuery(finished.status());
      if (!*finished) return;
      copy_out_.reset();
      ReportChangedParameters();
      ++next_statement_;
      continue;
    }
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
    if (result->copy_out) {
      copy_out_ = std::move(result->copy_out);
      const bool binary = copy_out_->binary();
      output_.CopyOutResponse(binary,
                              std::vector<int16_t>(copy_out_->column_count(), binary ? 1 : 0));
      continue;
    }
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

Result<sql::StatementResult> Protocol::ExecuteStatement(const sql::ast::Statement& statement,
                                                        const std::vector<Value>& parameters) {
  auto result = session_->Execute(statement, parameters);
  if (result.ok()) {
    for (const sql::Notice& notice : result->notices) {
      output_.NoticeResponse(NoticeFieldsOf(notice));
    }
  }
  return result;
}

Result<Protocol::StreamOutcome> Protocol::Stream(Cursor& cursor, uint64_t limit,
                                                 uint64_t& rows_sent) {
  RowEncoder encoder(session_->time_zone(), cursor.formats);
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

Result<bool> Protocol::StreamCopyOut(sql::CopyOutSource& source) {
  while (output_.size() < kOutputFlushBytes) {
    copy_payload_.clear();
    ASSIGN_OR_RETURN(bool more, source.Next(copy_payload_));
    if (!more) {
      output_.CopyDone();
      output_.CommandComplete("COPY " + std::to_string(source.rows()));
      return true;
    }
    output_.CopyData(copy_payload_);
  }
  return false;
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
  if (!parse.statement.empty() && prepared_.contains(parse.statement)) {
    return FailExtended(
        Status::Error(ErrorCode::kDuplicatePreparedStatement,
                      "prepared statement \"" + parse.statement + "\" already exists"));
  }
  std::vector<DataType> declared;
  for (uint32_t oid : parse.parameter_types) {
    auto type = TypeOfOid(oid);
    if (!type.ok()) return FailExtended(type.status());
    declared.push_back(*type);
  }
  auto statements = session_->Parse(parse.sql);
  if (!statements.ok()) return FailExtended(statements.status());
  if (statements->size() > 1) {
    return FailExtended(Status::Error(ErrorCode::kSyntaxError,
                                      "cannot insert multiple commands into a prepared statement"));
  }
  auto prepared = std::make_shared<PreparedStatement>();
  if (!statements->empty()) {
    prepared->statement = std::move(statements->front());
    // Bound now, without running: Describe answers from this, and a bad
    // name or type fails the Parse, as in PostgreSQL.
    auto description = session_->Describe(*prepared->statement, std::move(declared));
    if (!description.ok()) return FailExtended(description.status());
    prepared->description = std::move(description).value();
  }
  prepared_[parse.statement] = std::move(prepared);
  output_.ParseComplete();
}

Result<Protocol::Portal> Protocol::BindPortal(const BindMessage& bind,
                                              std::shared_ptr<PreparedStatement> prepared) {
  const std::vector<DataType>& types = prepared->description.parameter_types;
  if (bind.parameters.size() != types.size()) {
    return Status::Error(ErrorCode::kProtocolViolation,
                         "bind message supplies " + std::to_string(bind.parameters.size()) +
                             " parameters, but prepared statement \"" + bind.statement +
                             "\" requires " + std::to_string(types.size()));
  }
  ASSIGN_OR_RETURN(std::vector<int16_t> parameter_formats,
                   FormatsPerItem(bind.parameter_formats, types.size(), false));
  Portal portal;
  for (size_t i = 0; i < types.size(); ++i) {
    auto value =
        DecodeParameter(bind.parameters[i], parameter_formats[i], types[i], session_->time_zone());
    if (!value.ok()) {
      return Status::Error(
          value.status().code(),
          value.status().message() + " (in bind parameter $" + std::to_string(i + 1) + ")");
    }
    portal.parameters.push_back(std::move(value).value());
  }
  const std::vector<sql::ResultColumn>& columns = prepared->description.columns;
  ASSIGN_OR_RETURN(portal.result_formats,
                   FormatsPerItem(bind.result_formats, columns.size(), true));
  portal.prepared = std::move(prepared);
  return portal;
}

void Protocol::HandleBind(BindMessage& bind) {
  auto it = prepared_.find(bind.statement);
  if (it == prepared_.end()) {
    return FailExtended(
        Status::Error(ErrorCode::kInvalidSqlStatementName,
                      "prepared statement \"" + bind.statement + "\" does not exist"));
  }
  auto portal = BindPortal(bind, it->second);
  if (!portal.ok()) return FailExtended(portal.status());
  portals_.insert_or_assign(bind.portal, std::move(portal).value());
  output_.BindComplete();
}

void Protocol::HandleDescribe(const DescribeMessage& describe) {
  if (describe.target == 'S') {
    auto it = prepared_.find(describe.name);
    if (it == prepared_.end()) {
      return FailExtended(
          Status::Error(ErrorCode::kInvalidSqlStatementName,
                        "prepared statement \"" + describe.name + "\" does not exist"));
    }
    const sql::StatementDescription& description = it->second->description;
    std::vector<uint32_t> oids;
    for (DataType type : description.parameter_types)
      oids.push_back(PgTypeOf(type).oid);
    output_.ParameterDescription(oids);
    if (description.columns.empty()) return output_.NoData();
    // Formats are only chosen at Bind: a statement's columns are all text.
    return output_.RowDescription(DescribeColumns(description.columns));
  }
  auto it = portals_.find(describe.name);
  if (it == portals_.end()) {
    // A cursor made by SQL DECLARE is a portal too (psycopg 3 describes its
    // named cursors this way); its rows are text.
    if (const auto* columns = session_->CursorColumns(describe.name)) {
      if (columns->empty()) return output_.NoData();
      return output_.RowDescription(DescribeColumns(*columns));
    }
    return FailExtended(Status::Error(ErrorCode::kInvalidCursorName,
                                      "portal \"" + describe.name + "\" does not exist"));
  }
  const Portal& portal = it->second;
  const std::vector<sql::ResultColumn>& columns = portal.prepared->description.columns;
  if (columns.empty()) return output_.NoData();
  output_.RowDescription(DescribeColumns(columns, portal.result_formats));
}

void Protocol::HandleExecute(const ExecuteMessage& execute) {
  auto it = portals_.find(execute.portal);
  if (it == portals_.end()) {
    return FailExtended(Status::Error(ErrorCode::kInvalidCursorName,
                                      "portal \"" + execute.portal + "\" does not exist"));
  }
  Portal& portal = it->second;
  if (!portal.prepared->statement) return output_.EmptyQueryResponse();
  if (!portal.result) {
    auto result = ExecuteStatement(*portal.prepared->statement, portal.parameters);
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
  if (result.copy_out) {
    // COPY sends all its data whatever the Execute's row limit.
    const bool binary = result.copy_out->binary();
    output_.CopyOutResponse(binary,
                            std::vector<int16_t>(result.copy_out->column_count(), binary ? 1 : 0));
    executing_ = &portal;
    phase_ = Phase::kExecute;
    return StreamExecute();
  }
  if (result.rows && !portal.cursor) {
    portal.cursor.emplace();
    portal.cursor->rows = std::move(result.rows);
    portal.cursor->formats = portal.result_formats;
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
  if (portal.result->copy_out) {
    auto finished = StreamCopyOut(*portal.result->copy_out);
    if (!finished.ok() || *finished) {
      portal.result->copy_out.reset();
      portal.completed = true;
      if (!finished.ok()) return FailExtended(finished.status());
      ReportChangedParameters();
      executing_ = nullptr;
      phase_ = Phase::kReady;
    }
    return;
  }
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
  copy_out_.reset();
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
