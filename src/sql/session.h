#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "common/time_zone.h"
#include "common/types.h"
#include "common/value.h"
#include "sql/ast.h"

namespace sundial::sql {

class Database;

struct ResultColumn {
  std::string name;
  DataType type;
};

// A NOTICE or WARNING sent before the statement's result.
struct Notice {
  std::string severity = "NOTICE";  // "NOTICE", "WARNING"
  ErrorCode code = ErrorCode::kOk;  // kOk is SQLSTATE 00000
  std::string message;
};

// The rows of a query, produced batch by batch on the caller's thread.
class RowSource {
 public:
  virtual ~RowSource() = default;
  virtual Result<bool> Next(DataChunk& out) = 0;
};

// Receives the data of COPY ... FROM STDIN. Nothing is stored until Finish
// succeeds, and then all rows are appended atomically; destroying the sink
// without Finish (CopyFail, connection loss, an error) stores nothing.
class CopyInSink {
 public:
  virtual ~CopyInSink() = default;
  // Number of columns the client must send (for CopyInResponse).
  virtual size_t column_count() const = 0;
  virtual bool binary() const = 0;
  // Feeds raw CopyData bytes; rows may span calls. Errors name the line
  // (detail "COPY cpu, line 7, column usage_user: \"abc\"").
  virtual Status Write(std::string_view data) = 0;
  // CopyDone: parses what remains and appends. Returns the row count.
  virtual Result<uint64_t> Finish() = 0;
};

// Produces the data of COPY ... TO STDOUT, one CopyData payload at a time:
// a header line, one row, or the binary trailer (the binary file header
// travels with the first payload), as PostgreSQL sends them. Rows are pulled
// from the plan as they are needed, never all at once.
class CopyOutSource {
 public:
  virtual ~CopyOutSource() = default;
  // Number of columns sent (for CopyOutResponse).
  virtual size_t column_count() const = 0;
  virtual bool binary() const = 0;
  // Appends the next payload to `out`; false (nothing appended) at the end.
  virtual Result<bool> Next(std::string& out) = 0;
  // Rows produced so far; at the end the n of the tag "COPY n".
  virtual uint64_t rows() const = 0;
};

struct StatementResult {
  std::vector<Notice> notices;
  // Row-returning statements: the columns and their source. The tag is then
  // `command_tag` followed by " <rows sent>" (e.g. "SELECT 5").
  std::vector<ResultColumn> columns;
  std::unique_ptr<RowSource> rows;
  // Complete tag for other statements ("INSERT 0 3", "CREATE TABLE", "SET").
  std::string command_tag;
  // Set for COPY FROM STDIN; the tag is then "COPY <Finish() result>".
  std::unique_ptr<CopyInSink> copy_in;
  // Set for COPY TO STDOUT; the tag is then "COPY <rows()>".
  std::unique_ptr<CopyOutSource> copy_out;
};

// What a prepared statement needs and returns, known without running it.
struct StatementDescription {
  // The type of each $n parameter: as declared, else inferred from context
  // (an untyped parameter no context types is text).
  std::vector<DataType> parameter_types;
  // The result's columns; empty when the statement returns no rows.
  std::vector<ResultColumn> columns;
};

enum class TransactionState : char { kIdle = 'I', kInBlock = 'T', kFailed = 'E' };

// Connection parameters from the startup message.
struct SessionOptions {
  std::string user = "postgres";
  std::string database = "postgres";
  // The process id the client got in BackendKeyData (pg_backend_pid()).
  int32_t backend_pid = 0;
  std::vector<std::pair<std::string, std::string>> startup_parameters;
};

// One client session: settings, transaction state, statement execution.
// Used by one connection at a time (not thread-safe); the Database it
// belongs to is shared and thread-safe.
class Session {
 public:
  Session(Database& database, SessionOptions options);
  ~Session();

  // Splits and parses a query string (see ParseSql).
  Result<std::vector<std::unique_ptr<ast::Statement>>> Parse(std::string_view sql) const;

  // Binds one statement without running it (no side effects): its $n
  // parameters' types, declared ones first (kUnknown: infer), and its result
  // columns.
  Result<StatementDescription> Describe(const ast::Statement& statement,
                                        std::vector<DataType> declared_parameter_types);

  // Runs one statement; $n is parameters[n-1] (values typed as Describe
  // said). Errors inside a transaction block move it to kFailed; there every
  // statement but ROLLBACK/COMMIT fails with kInFailedTransaction.
  Result<StatementResult> Execute(const ast::Statement& statement,
                                  const std::vector<Value>& parameters = {});

  TransactionState transaction_state() const;
  // The columns of the SQL cursor `name` (DECLARE), nullptr when there is none.
  const std::vector<ResultColumn>* CursorColumns(const std::string& name) const;
  // Settings reported with ParameterStatus at startup and whenever they change.
  std::vector<std::pair<std::string, std::string>> ReportedParameters() const;
  // Reported parameters changed since the last call (after SET/RESET).
  std::vector<std::pair<std::string, std::string>> TakeChangedParameters();
  const TimeZone& time_zone() const;

  // Cancellation of the running statement from another thread.
  void RequestCancel();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sundial::sql
