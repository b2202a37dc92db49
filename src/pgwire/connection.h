#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "pgwire/cancel_registry.h"
#include "pgwire/message_reader.h"
#include "pgwire/protocol.h"
#include "sql/database.h"

namespace sundial::pgwire {

// The transport of one client connection: reads bytes into the decoder,
// runs the protocol state machine on the worker pool (statements may take
// long and must not stall other connections' I/O), writes its output.
//
// With a TLS context, an SSLRequest switches the connection to TLS; every
// read and write after the handshake goes through the encrypted stream.
//
// Run and Shutdown are called on the server's I/O thread only. Socket errors
// and exceptions end this connection, never the server.
class Connection {
 public:
  // `tls` (may be null: no TLS) must outlive the connection.
  Connection(boost::asio::ip::tcp::socket socket, sql::Database& database,
             CancelRegistry& cancel_registry, boost::asio::thread_pool::executor_type workers,
             boost::asio::ssl::context* tls, const ProtocolOptions& options);

  boost::asio::awaitable<void> Run();

  // Graceful close: cancels the running statement, lets its result reach the
  // client, then sends FATAL 57P01 and closes instead of reading again.
  void Shutdown();

 private:
  boost::asio::awaitable<void> Serve();
  // Runs `work` on the worker pool and resumes on the I/O thread.
  template <typename F>
  boost::asio::awaitable<void> OnWorker(F&& work);
  // Through TLS once it is started, else on the socket.
  boost::asio::awaitable<std::pair<boost::system::error_code, size_t>> ReadSome();
  boost::asio::awaitable<boost::system::error_code> WriteAll(std::string_view bytes);

  boost::asio::ip::tcp::socket socket_;
  boost::asio::thread_pool::executor_type workers_;
  boost::asio::ssl::context* tls_context_;
  std::optional<boost::asio::ssl::stream<boost::asio::ip::tcp::socket&>> tls_;
  MessageReader reader_;
  Protocol protocol_;
  std::vector<char> read_buffer_;
  bool shutting_down_ = false;
  bool failure_delayed_ = false;
};

}  // namespace sundial::pgwire
