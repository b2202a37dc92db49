#include "pgwire/error_response.h"

#include <catch2/catch.hpp>
#include <cctype>
#include <set>

namespace sundial::pgwire {
namespace {

TEST_CASE("every ErrorCode maps to a distinct five-character SQLSTATE", "[pgwire][errors]") {
  std::set<std::string_view> seen;
  for (int c = 0; c <= static_cast<int>(ErrorCode::kInternal); ++c) {
    std::string_view state = SqlState(static_cast<ErrorCode>(c));
    CHECK(state.size() == 5);
    for (char ch : state)
      CHECK((std::isdigit(static_cast<unsigned char>(ch)) ||
             std::isupper(static_cast<unsigned char>(ch))));
    CHECK(seen.insert(state).second);
  }
}

TEST_CASE("the SQLSTATEs clients act on are exact", "[pgwire][errors]") {
  CHECK(SqlState(ErrorCode::kOk) == "00000");
  CHECK(SqlState(ErrorCode::kSyntaxError) == "42601");
  CHECK(SqlState(ErrorCode::kUndefinedTable) == "42P01");
  CHECK(SqlState(ErrorCode::kUndefinedColumn) == "42703");
  CHECK(SqlState(ErrorCode::kUndefinedFunction) == "42883");
  CHECK(SqlState(ErrorCode::kDivisionByZero) == "22012");
  CHECK(SqlState(ErrorCode::kInvalidTextRepresentation) == "22P02");
  CHECK(SqlState(ErrorCode::kInvalidDatetimeFormat) == "22007");
  CHECK(SqlState(ErrorCode::kFeatureNotSupported) == "0A000");
  CHECK(SqlState(ErrorCode::kNotNullViolation) == "23502");
  CHECK(SqlState(ErrorCode::kQueryCanceled) == "57014");
  CHECK(SqlState(ErrorCode::kProtocolViolation) == "08P01");
  CHECK(SqlState(ErrorCode::kInFailedTransaction) == "25P02");
  CHECK(SqlState(ErrorCode::kActiveSqlTransaction) == "25001");
  CHECK(SqlState(ErrorCode::kNoActiveSqlTransaction) == "25P01");
  CHECK(SqlState(ErrorCode::kOutOfMemory) == "53200");
  CHECK(SqlState(ErrorCode::kStatementTooComplex) == "54001");
  CHECK(SqlState(ErrorCode::kDuplicateTable) == "42P07");
  CHECK(SqlState(ErrorCode::kBadCopyFileFormat) == "22P04");
}

TEST_CASE("error fields carry the status's message, detail, hint and position",
          "[pgwire][errors]") {
  Status status = Status::Error(ErrorCode::kUndefinedTable, "relation \"nosuch\" does not exist")
                      .WithPosition(15)
                      .WithDetail("detail")
                      .WithHint("hint");
  ErrorFields fields = ErrorFieldsOf(status);
  CHECK(fields.severity == "ERROR");
  CHECK(fields.sqlstate == "42P01");
  CHECK(fields.message == "relation \"nosuch\" does not exist");
  CHECK(fields.detail == "detail");
  CHECK(fields.hint == "hint");
  CHECK(fields.position == 15);
  CHECK(ErrorFieldsOf(status, Severity::kFatal).severity == "FATAL");
}

TEST_CASE("notices keep their severity and code", "[pgwire][errors]") {
  ErrorFields fields = NoticeFieldsOf(sql::Notice{
      .severity = "WARNING", .code = ErrorCode::kInvalidParameterValue, .message = "m"});
  CHECK(fields.severity == "WARNING");
  CHECK(fields.sqlstate == "22023");
  CHECK(fields.message == "m");
  CHECK(AdminShutdownFields().sqlstate == "57P01");
  CHECK(AdminShutdownFields().severity == "FATAL");
}

}  // namespace
}  // namespace sundial::pgwire
