#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "pgwire/frontend_messages.h"

namespace sundial::pgwire {

// Largest message accepted: COPY data, queries and Parse/Bind may be large,
// everything else is small (the limits PostgreSQL itself applies).
inline constexpr size_t kMaxLargeMessageBytes = size_t{1} << 30;
inline constexpr size_t kMaxSmallMessageBytes = 10000;
inline constexpr size_t kMaxStartupPacketBytes = 10000;
inline constexpr size_t kMaxPasswordMessageBytes = 65536;

// Pure decoder of the frontend byte stream: bytes go in with Append, whole
// messages come out. No I/O. Each Next* call returns
//   - a message (its bytes are consumed),
//   - nullopt when the buffer does not yet hold a whole message (need more),
//   - kProtocolViolation for malformed or oversized input; the stream cannot
//     be resynchronised after that and the connection must be closed.
// A length is validated as soon as its 4 bytes arrive, so an oversized
// message is refused before its body is buffered.
// FATAL for a first packet whose code is no protocol version this server
// speaks (3.0 only), or an encryption request made a second time.
Status UnsupportedProtocolVersion(int32_t code);

class MessageReader {
 public:
  void Append(std::string_view bytes);

  // The first packet of a connection (and the one after an SSLRequest or
  // GSSENCRequest was refused).
  Result<std::optional<StartupPacket>> NextStartup();
  // A typed message (after startup).
  Result<std::optional<FrontendMessage>> Next();

  // Bytes received but not yet consumed.
  size_t buffered() const { return buffer_.size() - start_; }

 private:
  std::string_view Pending() const { return std::string_view(buffer_).substr(start_); }
  void Consume(size_t n);

  std::string buffer_;
  size_t start_ = 0;  // first unconsumed byte of buffer_
};

}  // namespace sundial::pgwire
