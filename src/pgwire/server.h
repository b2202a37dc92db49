#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "common/status.h"
#include "pgwire/authenticator.h"
#include "pgwire/cancel_registry.h"
#include "sql/database.h"

namespace sundial::pgwire {

class Connection;

struct ServerOptions {
  std::string listen_address = "127.0.0.1";
  uint16_t port = 5432;  // 0: any free port (see Server::port)
  // Threads that run statements; connection I/O has one thread of its own.
  size_t worker_threads = 4;
  // Stop on SIGINT/SIGTERM. Off for servers embedded in tests.
  bool handle_signals = true;
  // PEM files; with both set, clients may switch to TLS (SSLRequest).
  std::string ssl_cert_file;
  std::string ssl_key_file;
  // How clients prove who they are; all but kTrust need password_file
  // (see PasswordFile for its format).
  AuthMethod auth_method = AuthMethod::kTrust;
  std::string password_file;
};

// The PostgreSQL protocol listener. Lifecycle: Start (bind), Run (serve until
// a signal or Stop), then the Database may be closed: when Run returns every
// connection and session is gone.
//
// Shutdown is graceful: stop accepting, cancel running statements and let
// their results reach the clients, send FATAL 57P01 to every session, close.
class Server {
 public:
  Server(sql::Database& database, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads the TLS certificate and key and the password file, if any, then
  // binds and listens. Fails with a message naming the file or the address
  // when a file does not load, the port is taken or the address is not local.
  Status Start();
  // The bound port (useful with port 0); valid after Start.
  uint16_t port() const { return port_; }

  // Serves on the calling thread until shutdown completes.
  void Run();
  // Requests shutdown; thread-safe, callable before or during Run.
  void Stop();

 private:
  boost::asio::awaitable<void> Accept();
  void BeginShutdown();
  Status LoadTls();
  Status LoadPasswords();

  sql::Database& database_;
  ServerOptions options_;
  // Declared before io_: coroutine frames io_ destroys may unregister keys.
  CancelRegistry cancel_registry_;
  boost::asio::io_context io_;
  boost::asio::thread_pool workers_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::optional<boost::asio::signal_set> signals_;
  uint16_t port_ = 0;
  std::optional<boost::asio::ssl::context> tls_;
  AuthConfig auth_;
  // Live connections, for shutdown; touched on the I/O thread only.
  std::set<std::shared_ptr<Connection>> connections_;
  bool stopping_ = false;  // I/O thread only
};

}  // namespace sundial::pgwire
