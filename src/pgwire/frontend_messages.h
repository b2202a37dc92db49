#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

// The messages a client sends, decoded (see message_reader.h). Field names
// follow the PostgreSQL protocol documentation ("Message Formats").

namespace sundial::pgwire {

// Codes of the untyped first packet of a connection.
inline constexpr int32_t kProtocolVersion3 = 196608;  // 3.0
inline constexpr int32_t kSslRequestCode = 80877103;
inline constexpr int32_t kGssEncRequestCode = 80877104;
inline constexpr int32_t kCancelRequestCode = 80877102;

// The first packet: a StartupMessage or one of the special requests that use
// the same framing (int32 length, int32 code, payload).
struct StartupPacket {
  enum class Kind { kStartup, kSslRequest, kGssEncRequest, kCancelRequest };
  Kind kind = Kind::kStartup;
  // kStartup: the requested version (major << 16 | minor) and its parameters
  // in the order sent.
  int32_t protocol_version = kProtocolVersion3;
  std::vector<std::pair<std::string, std::string>> parameters;
  // kCancelRequest: the key from the target session's BackendKeyData.
  int32_t process_id = 0;
  int32_t secret_key = 0;
};

struct QueryMessage {
  std::string sql;
};
struct ParseMessage {
  std::string statement;
  std::string sql;
  std::vector<uint32_t> parameter_types;
};
struct BindMessage {
  std::string portal;
  std::string statement;
  std::vector<int16_t> parameter_formats;
  std::vector<std::optional<std::string>> parameters;  // nullopt = NULL
  std::vector<int16_t> result_formats;
};
// target: 'S' prepared statement, 'P' portal.
struct DescribeMessage {
  char target = 'S';
  std::string name;
};
struct ExecuteMessage {
  std::string portal;
  int32_t max_rows = 0;  // 0: no limit
};
struct CloseMessage {
  char target = 'S';
  std::string name;
};
struct SyncMessage {};
struct FlushMessage {};
struct TerminateMessage {};
struct CopyDataMessage {
  std::string data;
};
struct CopyDoneMessage {};
struct CopyFailMessage {
  std::string message;
};
// 'p': password, SASL initial response or SASL response (the meaning depends
// on the authentication exchange in progress).
struct PasswordMessage {
  std::string data;
};

using FrontendMessage =
    std::variant<QueryMessage, ParseMessage, BindMessage, DescribeMessage, ExecuteMessage,
                 CloseMessage, SyncMessage, FlushMessage, TerminateMessage, CopyDataMessage,
                 CopyDoneMessage, CopyFailMessage, PasswordMessage>;

}  // namespace sundial::pgwire
