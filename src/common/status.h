#pragma once

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace sundial {

// What went wrong, independent of any protocol. pgwire/error_response.cpp is
// the only place that maps these to SQLSTATEs.
enum class ErrorCode : uint8_t {
  kOk,
  kSyntaxError,                     // 42601
  kUndefinedTable,                  // 42P01
  kUndefinedColumn,                 // 42703
  kUndefinedFunction,               // 42883
  kUndefinedObject,                 // 42704 (unknown type, setting, ...)
  kDuplicateTable,                  // 42P07
  kDuplicateColumn,                 // 42701
  kDuplicateObject,                 // 42710 (a retention policy that exists)
  kDuplicatePreparedStatement,      // 42P05
  kDuplicateCursor,                 // 42P03
  kUndefinedParameter,              // 42P02 ($n beyond the statement's parameters)
  kIndeterminateDatatype,           // 42P18 (ARRAY[] without a type)
  kAmbiguousFunction,               // 42725
  kInvalidSqlStatementName,         // 26000 (no such prepared statement)
  kInvalidCursorName,               // 34000 (no such portal)
  kAmbiguousColumn,                 // 42702
  kDatatypeMismatch,                // 42804
  kGroupingError,                   // 42803
  kCardinalityViolation,            // 21000 (a scalar subquery returned several rows)
  kInvalidColumnReference,          // 42P10
  kWrongObjectType,                 // 42809 (FILTER on a plain function, ...)
  kInvalidTableDefinition,          // 42P16
  kInvalidObjectDefinition,         // 42P17 (a view that reads itself)
  kDependentObjectsStillExist,      // 2BP01 (DROP TABLE under a view)
  kSequenceGeneratorLimitExceeded,  // 2200H (nextval past a sequence's end)
  kGeneratedAlways,                 // 428C9 (a value for a GENERATED ALWAYS identity column)
  kInvalidParameterValue,           // 22023
  kDivisionByZero,                  // 22012
  kNumericValueOutOfRange,          // 22003
  kInvalidTextRepresentation,       // 22P02
  kInvalidBinaryRepresentation,     // 22P03
  kInvalidDatetimeFormat,           // 22007
  kDatetimeFieldOverflow,           // 22008
  kStringDataRightTruncation,       // 22001
  kInvalidEscapeSequence,           // 22025
  kUntranslatableCharacter,         // 22P05 (\u0000 in jsonb)
  kInvalidRegex,                    // 2201B
  kInvalidLogArgument,              // 2201E
  kInvalidPowerArgument,            // 2201F
  kInvalidWidthBucketArgument,      // 2201G
  kWindowingError,                  // 42P20
  kInvalidFrameOffset,              // 22013 (invalid_preceding_or_following_size)
  kNullValueNotAllowed,             // 22004
  kInvalidNtileArgument,            // 22014
  kInvalidNthValueArgument,         // 22016
  kNotNullViolation,                // 23502
  kBadCopyFileFormat,               // 22P04
  kObjectNotInPrerequisiteState,    // 55000
  kInFailedTransaction,             // 25P02
  kActiveSqlTransaction,            // 25001 (a warning: BEGIN inside a block)
  kNoActiveSqlTransaction,          // 25P01 (a warning: COMMIT/ROLLBACK outside one)
  kInvalidSavepoint,                // 3B001
  kSerializationFailure,            // 40001 (a block's DELETE/UPDATE met a concurrent change)
  kFeatureNotSupported,             // 0A000
  kProtocolViolation,               // 08P01
  kQueryCanceled,                   // 57014
  kOutOfMemory,                     // 53200
  kStatementTooComplex,             // 54001 (nesting beyond kMaxNestingDepth)
  kDiskFull,                        // 53100
  kIoError,                         // 58030
  kCorruption,                      // XX001
  kInternal,                        // XX000
};

// The outcome of an operation that can fail. Cheap to copy: the error state
// is immutable and shared. An ok Status holds no allocation.
class [[nodiscard]] Status {
 public:
  Status() = default;

  static Status Ok() { return Status(); }
  static Status Error(ErrorCode code, std::string message) {
    assert(code != ErrorCode::kOk);
    return Status(
        std::make_shared<const State>(State{.code = code, .message = std::move(message)}));
  }

  bool ok() const { return state_ == nullptr; }
  ErrorCode code() const { return state_ ? state_->code : ErrorCode::kOk; }
  const std::string& message() const { return state_ ? state_->message : Empty(); }
  const std::string& detail() const { return state_ ? state_->detail : Empty(); }
  const std::string& hint() const { return state_ ? state_->hint : Empty(); }
  // 1-based character offset into the statement text the error refers to; 0 when none.
  int position() const { return state_ ? state_->position : 0; }

  Status WithPosition(int position) const {
    return With([&](State& s) { s.position = position; });
  }
  Status WithDetail(std::string detail) const {
    return With([&](State& s) { s.detail = std::move(detail); });
  }
  Status WithHint(std::string hint) const {
    return With([&](State& s) { s.hint = std::move(hint); });
  }
  // Prefixes the message, e.g. with the COPY line that failed.
  Status WithContext(const std::string& context) const {
    return With(
        [&](State& s) { s.detail = s.detail.empty() ? context : context + ": " + s.detail; });
  }

  // Marks a deliberately ignored error; every call site says why in a comment.
  void IgnoreError() const {}

  std::string ToString() const;

 private:
  struct State {
    ErrorCode code = ErrorCode::kOk;
    std::string message;
    std::string detail;
    std::string hint;
    int position = 0;
  };
  explicit Status(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  template <typename F>
  Status With(F&& edit) const {
    if (!state_) return *this;
    State copy = *state_;
    edit(copy);
    return Status(std::make_shared<const State>(std::move(copy)));
  }
  static const std::string& Empty() {
    static const std::string empty;
    return empty;
  }

  std::shared_ptr<const State> state_;
};

// A value or the error that prevented it.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok());
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace sundial

#define SUNDIAL_CONCAT_INNER(a, b) a##b
#define SUNDIAL_CONCAT(a, b) SUNDIAL_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                          \
  do {                                                 \
    ::sundial::Status sundial_status_ = (expr);        \
    if (!sundial_status_.ok()) return sundial_status_; \
  } while (0)

#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(tmp).value()

// ASSIGN_OR_RETURN(auto x, MakeX()); declares x or returns the error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(SUNDIAL_CONCAT(sundial_result_, __LINE__), lhs, expr)
