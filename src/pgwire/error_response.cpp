#include "pgwire/error_response.h"

namespace sundial::pgwire {

std::string_view SqlState(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "00000";
    case ErrorCode::kSyntaxError:
      return "42601";
    case ErrorCode::kUndefinedTable:
      return "42P01";
    case ErrorCode::kUndefinedColumn:
      return "42703";
    case ErrorCode::kUndefinedFunction:
      return "42883";
    case ErrorCode::kUndefinedObject:
      return "42704";
    case ErrorCode::kDuplicateTable:
      return "42P07";
    case ErrorCode::kDuplicateColumn:
      return "42701";
    case ErrorCode::kDuplicateObject:
      return "42710";
    case ErrorCode::kDuplicatePreparedStatement:
      return "42P05";
    case ErrorCode::kDuplicateCursor:
      return "42P03";
    case ErrorCode::kUndefinedParameter:
      return "42P02";
    case ErrorCode::kIndeterminateDatatype:
      return "42P18";
    case ErrorCode::kAmbiguousFunction:
      return "42725";
    case ErrorCode::kInvalidSqlStatementName:
      return "26000";
    case ErrorCode::kInvalidCursorName:
      return "34000";
    case ErrorCode::kAmbiguousColumn:
      return "42702";
    case ErrorCode::kDatatypeMismatch:
      return "42804";
    case ErrorCode::kGroupingError:
      return "42803";
    case ErrorCode::kCardinalityViolation:
      return "21000";
    case ErrorCode::kInvalidColumnReference:
      return "42P10";
    case ErrorCode::kWrongObjectType:
      return "42809";
    case ErrorCode::kInvalidTableDefinition:
      return "42P16";
    case ErrorCode::kInvalidObjectDefinition:
      return "42P17";
    case ErrorCode::kDependentObjectsStillExist:
      return "2BP01";
    case ErrorCode::kSequenceGeneratorLimitExceeded:
      return "2200H";
    case ErrorCode::kGeneratedAlways:
      return "428C9";
    case ErrorCode::kInvalidParameterValue:
      return "22023";
    case ErrorCode::kDivisionByZero:
      return "22012";
    case ErrorCode::kInvalidRegex:
      return "2201B";
    case ErrorCode::kInvalidLogArgument:
      return "2201E";
    case ErrorCode::kInvalidPowerArgument:
      return "2201F";
    case ErrorCode::kInvalidWidthBucketArgument:
      return "2201G";
    case ErrorCode::kWindowingError:
      return "42P20";
    case ErrorCode::kInvalidFrameOffset:
      return "22013";
    case ErrorCode::kNullValueNotAllowed:
      return "22004";
    case ErrorCode::kInvalidNtileArgument:
      return "22014";
    case ErrorCode::kInvalidNthValueArgument:
      return "22016";
    case ErrorCode::kNumericValueOutOfRange:
      return "22003";
    case ErrorCode::kInvalidTextRepresentation:
      return "22P02";
    case ErrorCode::kInvalidBinaryRepresentation:
      return "22P03";
    case ErrorCode::kInvalidDatetimeFormat:
      return "22007";
    case ErrorCode::kDatetimeFieldOverflow:
      return "22008";
    case ErrorCode::kStringDataRightTruncation:
      return "22001";
    case ErrorCode::kUntranslatableCharacter:
      return "22P05";
    case ErrorCode::kInvalidEscapeSequence:
      return "22025";
    case ErrorCode::kNotNullViolation:
      return "23502";
    case ErrorCode::kBadCopyFileFormat:
      return "22P04";
    case ErrorCode::kObjectNotInPrerequisiteState:
      return "55000";
    case ErrorCode::kInFailedTransaction:
      return "25P02";
    case ErrorCode::kActiveSqlTransaction:
      return "25001";
    case ErrorCode::kNoActiveSqlTransaction:
      return "25P01";
    case ErrorCode::kInvalidSavepoint:
      return "3B001";
    case ErrorCode::kSerializationFailure:
      return "40001";
    case ErrorCode::kFeatureNotSupported:
      return "0A000";
    case ErrorCode::kProtocolViolation:
      return "08P01";
    case ErrorCode::kQueryCanceled:
      return "57014";
    case ErrorCode::kOutOfMemory:
      return "53200";
    case ErrorCode::kStatementTooComplex:
      return "54001";
    case ErrorCode::kDiskFull:
      return "53100";
    case ErrorCode::kIoError:
      return "58030";
    case ErrorCode::kCorruption:
      return "XX001";
    case ErrorCode::kInternal:
      return "XX000";
  }
  return "XX000";
}

namespace {

std::string SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "ERROR";
    case Severity::kFatal:
      return "FATAL";
    case Severity::kWarning:
      return "WARNING";
    case Severity::kNotice:
      return "NOTICE";
  }
  return "ERROR";
}

}  // namespace

ErrorFields ErrorFieldsOf(const Status& status, Severity severity) {
  return ErrorFields{.severity = SeverityName(severity),
                     .sqlstate = std::string(SqlState(status.code())),
                     .message = status.message(),
                     .detail = status.detail(),
                     .hint = status.hint(),
                     .position = status.position()};
}

ErrorFields NoticeFieldsOf(const sql::Notice& notice) {
  return ErrorFields{.severity = notice.severity,
                     .sqlstate = std::string(SqlState(notice.code)),
                     .message = notice.message};
}

ErrorFields PasswordAuthenticationFailedFields(std::string_view user) {
  return ErrorFields{
      .severity = SeverityName(Severity::kFatal),
      .sqlstate = "28P01",
      .message = "password authentication failed for user \"" + std::string(user) + "\""};
}

ErrorFields AdminShutdownFields() {
  return ErrorFields{.severity = SeverityName(Severity::kFatal),
                     .sqlstate = "57P01",
                     .message = "terminating connection due to administrator command"};
}

}  // namespace sundial::pgwire
