#include "pgwire/message_reader.h"

#include <utility>

namespace sundial::pgwire {
namespace {

Status Violation(std::string message) {
  return Status::Error(ErrorCode::kProtocolViolation, std::move(message));
}

uint32_t ReadUint32(std::string_view bytes) {
  return (uint32_t{static_cast<uint8_t>(bytes[0])} << 24) |
         (uint32_t{static_cast<uint8_t>(bytes[1])} << 16) |
         (uint32_t{static_cast<uint8_t>(bytes[2])} << 8) | uint32_t{static_cast<uint8_t>(bytes[3])};
}

// Bounds-checked reads from one message body; every read fails the message
// once the body is exhausted instead of reading past it.
class BodyCursor {
 public:
  explicit BodyCursor(std::string_view body) : body_(body) {}

  Result<int32_t> Int32() {
    if (body_.size() < 4) return Malformed();
    int32_t v = static_cast<int32_t>(ReadUint32(body_));
    body_.remove_prefix(4);
    return v;
  }
  Result<int16_t> Int16() {
    if (body_.size() < 2) return Malformed();
    int16_t v = static_cast<int16_t>((uint16_t{static_cast<uint8_t>(body_[0])} << 8) |
                                     uint16_t{static_cast<uint8_t>(body_[1])});
    body_.remove_prefix(2);
    return v;
  }
  Result<char> Byte() {
    if (body_.empty()) return Malformed();
    char c = body_[0];
    body_.remove_prefix(1);
    return c;
  }
  // A NUL-terminated string.
  Result<std::string> CString() {
    size_t end = body_.find('\0');
    if (end == std::string_view::npos) return Violation("invalid string in message");
    std::string s(body_.substr(0, end));
    body_.remove_prefix(end + 1);
    return s;
  }
  Result<std::string> Bytes(size_t n) {
    if (body_.size() < n) return Malformed();
    std::string s(body_.substr(0, n));
    body_.remove_prefix(n);
    return s;
  }
  std::string Rest() {
    std::string s(body_);
    body_ = {};
    return s;
  }
  // Every message must be consumed exactly.
  Status End() const { return body_.empty() ? Status::Ok() : Malformed(); }

 private:
  static Status Malformed() { return Violation("invalid message format"); }
  std::string_view body_;
};

// A count read from the wire: never negative.
Result<size_t> Count(BodyCursor& in) {
  ASSIGN_OR_RETURN(int16_t n, in.Int16());
  if (n < 0) return Violation("invalid message format");
  return static_cast<size_t>(n);
}

Result<std::vector<int16_t>> FormatCodes(BodyCursor& in) {
  ASSIGN_OR_RETURN(size_t n, Count(in));
  std::vector<int16_t> formats;
  formats.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(int16_t f, in.Int16());
    formats.push_back(f);
  }
  return formats;
}

Result<FrontendMessage> DecodeBind(BodyCursor& in) {
  BindMessage bind;
  ASSIGN_OR_RETURN(bind.portal, in.CString());
  ASSIGN_OR_RETURN(bind.statement, in.CString());
  ASSIGN_OR_RETURN(bind.parameter_formats, FormatCodes(in));
  ASSIGN_OR_RETURN(size_t n, Count(in));
  bind.parameters.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(int32_t length, in.Int32());
    if (length == -1) {
      bind.parameters.emplace_back(std::nullopt);
      continue;
    }
    if (length < 0) return Violation("invalid message format");
    ASSIGN_OR_RETURN(std::string value, in.Bytes(static_cast<size_t>(length)));
    bind.parameters.emplace_back(std::move(value));
  }
  ASSIGN_OR_RETURN(bind.result_formats, FormatCodes(in));
  return FrontendMessage(std::move(bind));
}

Result<FrontendMessage> DecodeBody(char type, std::string_view body) {
  BodyCursor in(body);
  FrontendMessage message;
  switch (type) {
    case 'Q': {
      ASSIGN_OR_RETURN(std::string sql, in.CString());
      message = QueryMessage{.sql = std::move(sql)};
      break;
    }
    case 'P': {
      ParseMessage parse;
      ASSIGN_OR_RETURN(parse.statement, in.CString());
      ASSIGN_OR_RETURN(parse.sql, in.CString());
      ASSIGN_OR_RETURN(size_t n, Count(in));
      for (size_t i = 0; i < n; ++i) {
        ASSIGN_OR_RETURN(int32_t oid, in.Int32());
        parse.parameter_types.push_back(static_cast<uint32_t>(oid));
      }
      message = std::move(parse);
      break;
    }
    case 'B': {
      ASSIGN_OR_RETURN(message, DecodeBind(in));
      break;
    }
    case 'D':
    case 'C': {
      ASSIGN_OR_RETURN(char target, in.Byte());
      if (target != 'S' && target != 'P') {
        return Violation(std::string("invalid ") + (type == 'D' ? "DESCRIBE" : "CLOSE") +
                         " message subtype " + std::to_string(static_cast<int>(target)));
      }
      ASSIGN_OR_RETURN(std::string name, in.CString());
      if (type == 'D') {
        message = DescribeMessage{.target = target, .name = std::move(name)};
      } else {
        message = CloseMessage{.target = target, .name = std::move(name)};
      }
      break;
    }
    case 'E': {
      ExecuteMessage execute;
      ASSIGN_OR_RETURN(execute.portal, in.CString());
      ASSIGN_OR_RETURN(execute.max_rows, in.Int32());
      message = std::move(execute);
      break;
    }
    case 'S':
      message = SyncMessage{};
      break;
    case 'H':
      message = FlushMessage{};
      break;
    case 'X':
      message = TerminateMessage{};
      break;
    case 'd':
      message = CopyDataMessage{.data = in.Rest()};
      break;
    case 'c':
      message = CopyDoneMessage{};
      break;
    case 'f': {
      ASSIGN_OR_RETURN(std::string text, in.CString());
      message = CopyFailMessage{.message = std::move(text)};
      break;
    }
    case 'p':
      message = PasswordMessage{.data = in.Rest()};
      break;
    default:
      return Violation("invalid frontend message type " +
                       std::to_string(static_cast<int>(static_cast<uint8_t>(type))));
  }
  RETURN_IF_ERROR(in.End());
  return message;
}

// The largest body length (including the 4 length bytes) a type may have;
// 0 for types that are not frontend messages.
size_t MaxLength(char type) {
  switch (type) {
    case 'Q':
    case 'P':
    case 'B':
    case 'd':
    case 'f':
      return kMaxLargeMessageBytes;
    case 'p':
      return kMaxPasswordMessageBytes;
    case 'D':
    case 'C':
    case 'E':
    case 'S':
    case 'H':
    case 'X':
    case 'c':
      return kMaxSmallMessageBytes;
    default:
      return 0;
  }
}

}  // namespace

Status UnsupportedProtocolVersion(int32_t code) {
  return Status::Error(ErrorCode::kFeatureNotSupported,
                       "unsupported frontend protocol " + std::to_string(code >> 16) + "." +
                           std::to_string(code & 0xffff) + ": server supports 3.0 to 3.0");
}

namespace {

Result<StartupPacket> DecodeStartup(std::string_view body) {
  BodyCursor in(body);
  ASSIGN_OR_RETURN(int32_t code, in.Int32());
  StartupPacket packet;
  if (code == kSslRequestCode || code == kGssEncRequestCode) {
    RETURN_IF_ERROR(in.End());
    packet.kind = code == kSslRequestCode ? StartupPacket::Kind::kSslRequest
                                          : StartupPacket::Kind::kGssEncRequest;
    return packet;
  }
  if (code == kCancelRequestCode) {
    packet.kind = StartupPacket::Kind::kCancelRequest;
    ASSIGN_OR_RETURN(packet.process_id, in.Int32());
    ASSIGN_OR_RETURN(packet.secret_key, in.Int32());
    RETURN_IF_ERROR(in.End());
    return packet;
  }
  if ((code >> 16) != 3) {
    return UnsupportedProtocolVersion(code);
  }
  packet.protocol_version = code;
  // name\0value\0 pairs, then a final \0.
  while (true) {
    ASSIGN_OR_RETURN(std::string name, in.CString());
    if (name.empty()) break;
    ASSIGN_OR_RETURN(std::string value, in.CString());
    packet.parameters.emplace_back(std::move(name), std::move(value));
  }
  if (!in.End().ok())
    return Violation("invalid startup packet layout: expected terminator as last byte");
  return packet;
}

}  // namespace

void MessageReader::Append(std::string_view bytes) {
  // Reclaim consumed space before growing, so a long-lived connection's
  // buffer stays as large as its largest pending message.
  if (start_ > 0 && start_ >= buffer_.size() / 2) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(bytes);
}

void MessageReader::Consume(size_t n) {
  start_ += n;
  if (start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  }
}

Result<std::optional<StartupPacket>> MessageReader::NextStartup() {
  std::string_view pending = Pending();
  if (pending.size() < 4) return std::optional<StartupPacket>();
  uint32_t length = ReadUint32(pending);
  if (length < 8 || length > kMaxStartupPacketBytes) {
    return Violation("invalid length of startup packet");
  }
  if (pending.size() < length) return std::optional<StartupPacket>();
  auto packet = DecodeStartup(pending.substr(4, length - 4));
  if (!packet.ok()) return packet.status();
  Consume(length);
  return std::optional<StartupPacket>(std::move(packet).value());
}

Result<std::optional<FrontendMessage>> MessageReader::Next() {
  std::string_view pending = Pending();
  if (pending.empty()) return std::optional<FrontendMessage>();
  char type = pending[0];
  size_t max_length = MaxLength(type);
  if (max_length == 0) {
    return Violation("invalid frontend message type " +
                     std::to_string(static_cast<int>(static_cast<uint8_t>(type))));
  }
  if (pending.size() < 5) return std::optional<FrontendMessage>();
  uint32_t length = ReadUint32(pending.substr(1));
  if (length < 4 || length > max_length) return Violation("invalid message length");
  if (pending.size() < size_t{length} + 1) return std::optional<FrontendMessage>();
  auto message = DecodeBody(type, pending.substr(5, length - 4));
  if (!message.ok()) return message.status();
  Consume(size_t{length} + 1);
  return std::optional<FrontendMessage>(std::move(message).value());
}

}  // namespace sundial::pgwire
