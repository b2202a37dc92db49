#include "pgwire/server.h"

#include <fmt/core.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <csignal>
#include <utility>

#include <openssl/ssl.h>

#include "pgwire/connection.h"

namespace sundial::pgwire {

namespace asio = boost::asio;

namespace {
// Pause after a failed accept (e.g. out of file descriptors) so a persistent
// failure does not spin.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);
}  // namespace

Server::Server(sql::Database& database, ServerOptions options)
    : database_(database),
      options_(std::move(options)),
      workers_(options_.worker_threads == 0 ? 1 : options_.worker_threads),
      acceptor_(io_) {}

Server::~Server() {
  // Statements still queued on the pool reference connections owned by io_.
  workers_.join();
}

Status Server::LoadTls() {
  if (options_.ssl_cert_file.empty() && options_.ssl_key_file.empty()) return Status::Ok();
  if (options_.ssl_cert_file.empty() || options_.ssl_key_file.empty()) {
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         "TLS needs both a certificate file and a key file");
  }
  asio::ssl::context context(asio::ssl::context::tls_server);
  // TLS 1.2 is the oldest version libpq still negotiates by default.
  context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                      asio::ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  if (context.use_certificate_chain_file(options_.ssl_cert_file, ec)) {
    return Status::Error(ErrorCode::kIoError, "could not load server certificate file \"" +
                                                  options_.ssl_cert_file + "\": " + ec.message());
  }
  if (context.use_private_key_file(options_.ssl_key_file, asio::ssl::context::pem, ec)) {
    return Status::Error(ErrorCode::kIoError, "could not load private key file \"" +
                                                  options_.ssl_key_file + "\": " + ec.message());
  }
  if (SSL_CTX_check_private_key(context.native_handle()) != 1) {
    return Status::Error(
        ErrorCode::kInvalidParameterValue,
        "private key file \"" + options_.ssl_key_file + "\" does not match the certificate");
  }
  tls_.emplace(std::move(context));
  return Status::Ok();
}

Status Server::LoadPasswords() {
  auth_.method = options_.auth_method;
  if (options_.password_file.empty()) {
    if (options_.auth_method == AuthMethod::kTrust) return Status::Ok();
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         "password authentication needs a password file");
  }
  Result<PasswordFile> passwords = PasswordFile::Load(options_.password_file);
  if (!passwords.ok()) return passwords.status();
  auth_.passwords = std::make_shared<const PasswordFile>(std::move(passwords).value());
  return Status::Ok();
}

Status Server::Start() {
  if (Status tls = LoadTls(); !tls.ok()) return tls;
  if (Status passwords = LoadPasswords(); !passwords.ok()) return passwords;
  const std::string where = options_.listen_address + ":" + std::to_string(options_.port);
  boost::system::error_code ec;
  asio::ip::address address = asio::ip::make_address(options_.listen_address, ec);
  if (ec) {
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         "invalid listen address \"" + options_.listen_address + "\"");
  }
  asio::ip::tcp::endpoint endpoint(address, options_.port);
  auto fail = [&](const boost::system::error_code& error) {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    return Status::Error(ErrorCode::kIoError, "could not bind " + where + ": " + error.message());
  };
  if (acceptor_.open(endpoint.protocol(), ec)) return fail(ec);
  if (acceptor_.set_option(asio::socket_base::reuse_address(true), ec)) return fail(ec);
  if (acceptor_.bind(endpoint, ec)) return fail(ec);
  if (acceptor_.listen(asio::socket_base::max_listen_connections, ec)) return fail(ec);
  port_ = acceptor_.local_endpoint(ec).port();
  if (ec) return fail(ec);
  return Status::Ok();
}

void Server::Run() {
  if (options_.handle_signals) {
    signals_.emplace(io_, SIGINT, SIGTERM);
    signals_->async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) BeginShutdown();
    });
  }
  asio::co_spawn(io_, Accept(), asio::detached);
  io_.run();
}

void Server::Stop() {
  asio::post(io_, [this] { BeginShutdown(); });
}

void Server::BeginShutdown() {
  if (stopping_) return;
  stopping_ = true;
  boost::system::error_code ignored;
  // Errors here mean the acceptor or signal set is already closed.
  acceptor_.close(ignored);
  if (signals_) signals_->cancel(ignored);
  for (const std::shared_ptr<Connection>& connection : connections_)
    connection->Shutdown();
}

asio::awaitable<void> Server::Accept() {
  while (!stopping_) {
    auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
    if (stopping_) co_return;
    if (ec) {
      fmt::print(stderr, "accept failed: {}\n", ec.message());
      asio::steady_timer timer(io_, kAcceptRetryDelay);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    boost::system::error_code ignored;
    // Small protocol messages must not wait for Nagle's algorithm; a failure
    // only costs latency.
    socket.set_option(asio::ip::tcp::no_delay(true), ignored);
    auto connection = std::make_shared<Connection>(
        std::move(socket), database_, cancel_registry_, workers_.get_executor(),
        tls_ ? &*tls_ : nullptr, ProtocolOptions{.tls_available = tls_.has_value(), .auth = auth_});
    connections_.insert(connection);
    asio::co_spawn(
        io_,
        [this, connection]() -> asio::awaitable<void> {
          co_await connection->Run();
          connections_.erase(connection);
        },
        asio::detached);
  }
}

}  // namespace sundial::pgwire
