#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "pgwire/message_writer.h"
#include "sql/session.h"

namespace sundial::pgwire {

// The only mapping from Sundial's ErrorCode to PostgreSQL SQLSTATEs.

enum class Severity { kError, kFatal, kWarning, kNotice };

// The five-character SQLSTATE of `code` ("00000" for kOk).
std::string_view SqlState(ErrorCode code);

// ErrorResponse fields for a failed Status. kFatal is for errors after which
// the server closes the connection.
ErrorFields ErrorFieldsOf(const Status& status, Severity severity = Severity::kError);

// NoticeResponse fields for a statement's notice or warning.
ErrorFields NoticeFieldsOf(const sql::Notice& notice);

// FATAL 28P01, for a wrong password and for an unknown user alike.
ErrorFields PasswordAuthenticationFailedFields(std::string_view user);

// FATAL 57P01, sent to sessions the server closes while shutting down.
ErrorFields AdminShutdownFields();

}  // namespace sundial::pgwire
