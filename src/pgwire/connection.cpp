#include "pgwire/connection.h"

#include <fmt/core.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <exception>
#include <string_view>
#include <utility>

namespace sundial::pgwire {

namespace asio = boost::asio;

namespace {
constexpr size_t kReadBufferBytes = 64 * 1024;
// A client that keeps the buffer full (a COPY stream) gets reads this large,
// so each hop to a worker thread carries more data.
constexpr size_t kMaxReadBufferBytes = 1024 * 1024;
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
// How long a wrong password waits for its answer: slows down guessing
// without tying up a worker thread.
constexpr auto kAuthenticationFailureDelay = std::chrono::milliseconds(200);
}  // namespace

Connection::Connection(asio::ip::tcp::socket socket, sql::Database& database,
                       CancelRegistry& cancel_registry, asio::thread_pool::executor_type workers,
                       asio::ssl::context* tls, const ProtocolOptions& options)
    : socket_(std::move(socket)),
      workers_(std::move(workers)),
      tls_context_(tls),
      protocol_(database, cancel_registry, options),
      read_buffer_(kReadBufferBytes) {}

template <typename F>
asio::awaitable<void> Connection::OnWorker(F&& work) {
  co_await asio::co_spawn(
      workers_,
      [&work]() -> asio::awaitable<void> {
        work();
        co_return;
      },
      asio::use_awaitable);
}

asio::awaitable<std::pair<boost::system::error_code, size_t>> Connection::ReadSome() {
  auto [ec, n] = tls_ ? co_await tls_->async_read_some(asio::buffer(read_buffer_), kUseTuple)
                      : co_await socket_.async_read_some(asio::buffer(read_buffer_), kUseTuple);
  co_return std::make_pair(ec, n);
}

asio::awaitable<boost::system::error_code> Connection::WriteAll(std::string_view bytes) {
  auto [ec, n] = tls_ ? co_await asio::async_write(*tls_, asio::buffer(bytes), kUseTuple)
                      : co_await asio::async_write(socket_, asio::buffer(bytes), kUseTuple);
  co_return ec;
}

void Connection::Shutdown() {
  shutting_down_ = true;
  protocol_.RequestCancel();
  // Aborts a pending read of an idle connection; Serve then says goodbye.
  boost::system::error_code ignored;
  socket_.cancel(ignored);
}

asio::awaitable<void> Connection::Run() {
  try {
    co_await Serve();
  } catch (const std::exception& e) {
    fmt::print(stderr, "connection closed after an internal error: {}\n", e.what());
  }
  boost::system::error_code ignored;
  // Closing can only fail for an already closed socket.
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

asio::awaitable<void> Connection::Serve() {
  // Set when the buffered bytes hold no complete message.
  bool need_bytes = true;
  while (true) {
    MessageWriter& output = protocol_.output();
    if (protocol_.authentication_failed() && !failure_delayed_) {
      failure_delayed_ = true;
      // The server log is where an operator sees password guessing.
      boost::system::error_code ignored;
      const asio::ip::tcp::endpoint peer = socket_.remote_endpoint(ignored);
      fmt::print(stderr, "password authentication failed for user \"{}\" from {}\n",
                 protocol_.authenticating_user(), peer.address().to_string());
      asio::steady_timer timer(socket_.get_executor(), kAuthenticationFailureDelay);
      co_await timer.async_wait(kUseTuple);
    }
    if (!output.empty()) {
      if (co_await WriteAll(output.buffer())) {
        co_return;  // the client is gone or the server is shutting down
      }
      output.Clear();
    }
    switch (protocol_.action()) {
      case ProtocolAction::kClose:
        co_return;
      case ProtocolAction::kContinue:
        co_await OnWorker([this] { protocol_.Resume(); });
        // Pipelined messages may wait behind the finished work.
        need_bytes = false;
        continue;
      case ProtocolAction::kStartTls: {
        if (tls_context_ == nullptr || tls_) co_return;
        tls_.emplace(socket_, *tls_context_);
        auto [ec] = co_await tls_->async_handshake(asio::ssl::stream_base::server, kUseTuple);
        // A failed handshake leaves nothing to speak to: the client has
        // its own error from the TLS library.
        if (ec) co_return;
        protocol_.TlsStarted();
        continue;
      }
      case ProtocolAction::kRead:
        break;
    }
    if (!need_bytes) {
      co_await OnWorker([this] { protocol_.Consume(reader_); });
      // Consume stops early only to change action or to flush a full output.
      need_bytes = protocol_.action() == ProtocolAction::kRead &&
                   protocol_.output().size() < Protocol::kOutputFlushBytes;
      continue;
    }
    if (shutting_down_) {
      protocol_.TerminateForShutdown();
      continue;
    }
    auto [ec, n] = co_await ReadSome();
    if (ec) {
      if (shutting_down_ && ec == asio::error::operation_aborted) continue;
      co_return;
    }
    reader_.Append(std::string_view(read_buffer_.data(), n));
    if (n == read_buffer_.size() && n < kMaxReadBufferBytes) read_buffer_.resize(n * 2);
    need_bytes = false;
  }
}

}  // namespace sundial::pgwire
