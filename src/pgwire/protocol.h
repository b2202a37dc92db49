#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "pgwire/cancel_registry.h"
#include "pgwire/frontend_messages.h"
#include "pgwire/message_reader.h"
#include "pgwire/message_writer.h"
#include "sql/database.h"
#include "sql/session.h"

namespace sundial::pgwire {

// What the transport must do next.
enum class ProtocolAction {
  kRead,      // write the output, then read more input and call Consume
  kContinue,  // write the output, then call Resume (a result is streaming)
  kClose,     // write the output, then close the connection
};

// The protocol state machine of one connection, free of I/O: decoded
// messages go in, backend messages accumulate in output(), and action() says
// what the transport does next. It owns the connection's sql::Session.
//
// Consume and Resume may run statements and so block; the transport calls
// them off its I/O thread, never two at once. RequestCancel is thread-safe.
//
// Results stream: Resume returns whenever output() holds about
// kOutputFlushBytes, so a large result never sits in memory whole.
class Protocol {
 public:
  static constexpr size_t kOutputFlushBytes = 64 * 1024;

  Protocol(sql::Database& database, CancelRegistry& cancel_registry);
  ~Protocol();
  Protocol(const Protocol&) = delete;
  Protocol& operator=(const Protocol&) = delete;

  ProtocolAction action() const;
  MessageWriter& output() { return output_; }

  // Decodes and handles the complete messages buffered in `reader` until it
  // needs more bytes, the action is no longer kRead, or the output is full.
  // A decoding error sends FATAL and closes.
  void Consume(MessageReader& reader);
  // Continues the work in progress (action() == kContinue).
  void Resume();

  // Cancels the running statement, if any (CancelRequest, shutdown).
  void RequestCancel();
  // Sends FATAL 57P01 and closes; for server shutdown while idle.
  void TerminateForShutdown();

 private:
  enum class Phase {
    kStartup,      // expecting the untyped first packet
    kReady,        // expecting a typed message
    kSimpleQuery,  // running the statements of a Query
    kExecute,      // streaming rows of an extended-protocol Execute
    kCopyIn,       // receiving COPY FROM STDIN data
    kSkipToSync,   // after an extended-protocol error: discard until Sync
    kClosed,
  };

  // A result being streamed: pulls batches and remembers where it stopped.
  struct Cursor {
    std::unique_ptr<sql::RowSource> rows;
    DataChunk chunk;
    size_t chunk_offset = 0;
    bool exhausted = false;
    std::vector<int16_t> formats;  // format code per column; empty: all text
  };
  enum class StreamOutcome { kOutputFull, kLimitReached, kExhausted };

  // Parsed and bound once at Parse; each Bind runs it with its own values.
  struct PreparedStatement {
    std::unique_ptr<sql::ast::Statement> statement;  // null: empty query
    sql::StatementDescription description;
  };
  struct Portal {
    std::shared_ptr<PreparedStatement> prepared;
    std::vector<Value> parameters;
    std::vector<int16_t> result_formats;         // per result column; empty: all text
    std::optional<sql::StatementResult> result;  // set once executed
    std::optional<Cursor> cursor;
    bool completed = false;
  };

  void HandleStartup(const StartupPacket& packet);
  void HandleMessage(FrontendMessage message);
  void HandleQuery(QueryMessage& query);
  void HandleParse(ParseMessage& parse);
  void HandleBind(BindMessage& bind);
  void HandleDescribe(const DescribeMessage& describe);
  void HandleExecute(const ExecuteMessage& execute);
  void HandleClose(const CloseMessage& close);
  void HandleSync();
  void HandleCopyMessage(FrontendMessage& message);

  void RunSimpleQuery();
  void StreamExecute();
  // Executes and sends notices; the error is returned unsent.
  Result<sql::StatementResult> ExecuteStatement(const sql::ast::Statement& statement,
                                                const std::vector<Value>& parameters = {});
  // A portal for `bind`: parameter values decoded, result formats checked.
  Result<Portal> BindPortal(const BindMessage& bind, std::shared_ptr<PreparedStatement> prepared);
  // Sends DataRows until the output is full, `limit` rows (0: no limit) were
  // sent, or the rows end.
  Result<StreamOutcome> Stream(Cursor& cursor, uint64_t limit, uint64_t& rows_sent);
  void StartCopyIn(std::unique_ptr<sql::CopyInSink> sink, bool from_extended);
  // Sends CopyData until the output is full (false) or the data ends (true:
  // CopyDone and CommandComplete sent). Errors are returned unsent; the
  // client leaves its COPY state on the ErrorResponse.
  Result<bool> StreamCopyOut(sql::CopyOutSource& source);
  void FinishCopyIn(Status status, uint64_t rows);

  // Error during a simple Query: abandons the rest and sends ReadyForQuery.
  void FailSimpleQuery(const Status& status);
  // Error in an extended-protocol message: discard until Sync.
  void FailExtended(const Status& status);
  void Fatal(const Status& status);
  void ReportChangedParameters();
  void SendReadyForQuery();

  sql::Database& database_;
  CancelRegistry& cancel_registry_;
  MessageWriter output_;
  Phase phase_ = Phase::kStartup;

  std::mutex session_mutex_;  // guards the session_ pointer for RequestCancel
  std::unique_ptr<sql::Session> session_;
  std::optional<BackendKey> backend_key_;
  // Startup: encryption requests already answered. PostgreSQL takes each at
  // most once (SSL then GSS or GSS then SSL) before the StartupMessage.
  bool ssl_requested_ = false;
  bool gss_requested_ = false;

  // Simple Query in progress.
  std::vector<std::unique_ptr<sql::ast::Statement>> statements_;
  size_t next_statement_ = 0;
  std::optional<Cursor> query_cursor_;
  std::string query_tag_;
  uint64_t query_rows_ = 0;

  // Extended protocol.
  std::map<std::string, std::shared_ptr<PreparedStatement>> prepared_;
  std::map<std::string, Portal> portals_;
  Portal* executing_ = nullptr;  // kExecute: the portal being streamed
  uint64_t execute_limit_ = 0;   // 0: no limit
  uint64_t execute_rows_ = 0;

  // COPY TO STDOUT of a simple Query in progress.
  std::unique_ptr<sql::CopyOutSource> copy_out_;
  std::string copy_payload_;  // one CopyData payload, reused

  // COPY FROM STDIN in progress.
  std::unique_ptr<sql::CopyInSink> copy_sink_;
  Status copy_error_;
  bool copy_from_extended_ = false;
};

}  // namespace sundial::pgwire
