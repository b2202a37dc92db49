#include "pgwire/server.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "pgwire/frontend_messages.h"
#include "sql/database.h"
#include "support/temp_dir.h"
#include "wire_bytes.h"

namespace sundial::pgwire {
namespace {

namespace asio = boost::asio;
using testing::CodePacket;
using testing::GetInt16;
using testing::GetInt32;
using testing::Message;
using testing::PutCString;
using testing::PutInt16;
using testing::PutInt32;
using testing::Query;
using testing::Startup;

struct BackendMessage {
  char type = 0;
  std::string body;
};

// A server on a free loopback port, with its own data directory, stopped
// and joined on destruction.
class TestServer {
 public:
  TestServer() {
    auto database = sql::Database::Open(sql::DatabaseOptions{.data_dir = dir_.Join("data")});
    REQUIRE(database.ok());
    database_ = std::move(database).value();
    server_ = std::make_unique<Server>(
        *database_, ServerOptions{.port = 0, .worker_threads = 2, .handle_signals = false});
    REQUIRE(server_->Start().ok());
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~TestServer() { Stop(); }

  void Stop() {
    if (!thread_.joinable()) return;
    server_->Stop();
    thread_.join();
  }
  uint16_t port() const { return server_->port(); }

 private:
  sundial::testing::TempDir dir_;
  std::unique_ptr<sql::Database> database_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

// A blocking protocol client over a raw socket.
class Client {
 public:
  explicit Client(uint16_t port) : socket_(io_) {
    socket_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  void Send(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }

  std::string ReadBytes(size_t n) {
    std::string out(n, '\0');
    asio::read(socket_, asio::buffer(out));
    return out;
  }

  BackendMessage Read() {
    std::string header = ReadBytes(5);
    BackendMessage m{.type = header[0]};
    m.body = ReadBytes(static_cast<size_t>(GetInt32(header, 1)) - 4);
    return m;
  }

  // Messages up to and including ReadyForQuery.
  std::vector<BackendMessage> ReadUntilReady() {
    std::vector<BackendMessage> out;
    do {
      out.push_back(Read());
    } while (out.back().type != 'Z');
    return out;
  }

  std::vector<BackendMessage> Connect() {
    Send(Startup({{"user", "postgres"}, {"database", "postgres"}, {"application_name", "t"}}));
    return ReadUntilReady();
  }

  std::vector<BackendMessage> Run(const std::string& sql) {
    Send(Query(sql));
    return ReadUntilReady();
  }

  // True when the server closed the connection (after draining what it sent).
  bool Closed() {
    boost::system::error_code ec;
    char c;
    while (true) {
      size_t n = socket_.read_some(asio::buffer(&c, 1), ec);
      if (ec) return ec == asio::error::eof || ec == asio::error::connection_reset;
      if (n == 0) return false;
    }
  }

 private:
  asio::io_context io_;
  asio::ip::tcp::socket socket_;
};

std::string Types(const std::vector<BackendMessage>& messages) {
  std::string out;
  for (const auto& m : messages)
    out.push_back(m.type);
  return out;
}

// Field `code` of an ErrorResponse/NoticeResponse body.
std::string ErrorField(const BackendMessage& m, char code) {
  size_t at = 0;
  while (at < m.body.size() && m.body[at] != '\0') {
    size_t end = m.body.find('\0', at + 1);
    if (m.body[at] == code) return m.body.substr(at + 1, end - at - 1);
    at = end + 1;
  }
  return "";
}

std::string CString(const std::string& body, size_t at = 0) {
  return body.substr(at, body.find('\0', at) - at);
}

// The text values of a DataRow (NULL as "<null>").
std::vector<std::string> Values(const BackendMessage& m) {
  std::vector<std::string> out;
  const int16_t n = GetInt16(m.body, 0);
  size_t at = 2;
  for (int16_t i = 0; i < n; ++i) {
    int32_t length = GetInt32(m.body, at);
    at += 4;
    if (length < 0) {
      out.push_back("<null>");
      continue;
    }
    out.push_back(m.body.substr(at, length));
    at += length;
  }
  return out;
}

TEST_CASE("startup answers SSLRequest with N and reports the session parameters",
          "[pgwire][server]") {
  TestServer server;
  Client client(server.port());
  client.Send(CodePacket(kSslRequestCode));
  CHECK(client.ReadBytes(1) == "N");
  std::vector<BackendMessage> startup = client.Connect();
  REQUIRE(startup.front().type == 'R');
  CHECK(GetInt32(startup.front().body, 0) == 0);
  bool saw_version = false;
  bool saw_key = false;
  for (const BackendMessage& m : startup) {
    if (m.type == 'S' && CString(m.body) == "server_version") {
      saw_version = true;
      CHECK(CString(m.body, 15).rfind("15.", 0) == 0);
    }
    if (m.type == 'K') saw_key = m.body.size() == 8;
  }
  CHECK(saw_version);
  CHECK(saw_key);
  CHECK(startup.back().body == "I");
}

TEST_CASE("SELECT 1 returns a described int4 row and its tag", "[pgwire][server]") {
  TestServer server;
  Client client(server.port());
  client.Connect();
  std::vector<BackendMessage> result = client.Run("SELECT 1");
  REQUIRE(Types(result) == "TDCZ");
  CHECK(GetInt16(result[0].body, 0) == 1);
  const std::string& field = result[0].body;
  size_t type_at = 2 + CString(field, 2).size() + 1 + 6;
  CHECK(GetInt32(field, type_at) == 23);
  CHECK(Values(result[1]) == std::vector<std::string>{"1"});
  CHECK(CString(result[2].body) == "SELECT 1");
  CHECK(result[3].body == "I");
}

TEST_CASE("an error reports its SQLSTATE and position and the session goes on",
          "[pgwire][server]") {
  TestServer server;
  Client client(server.port());
  client.Connect();
  std::vector<BackendMessage> failed = client.Run("SELECT * FROM nosuch");
  REQUIRE(Types(failed) == "EZ");
  CHECK(ErrorField(failed[0], 'S') == "ERROR");
  CHECK(ErrorField(failed[0], 'C') == "42P01");
  CHECK(ErrorField(failed[0], 'P') == "15");
  CHECK(Types(client.Run("SELECT 2")) == "TDCZ");
}

TEST_CASE("several statements in one query answer in order, an error stops the rest",
          "[pgwire][server]") {
  TestServer server;
  Client client(server.port());
  client.Connect();
  std::vector<BackendMessage> both = client.Run("SELECT 1; SELECT 2;");
  REQUIRE(Types(both) == "TDCTDCZ");
  CHECK(Values(both[4]) == std::vector<std::string>{"2"});
  std::vector<BackendMessage> stopped = client.Run("SELECT 1; SELECT 1/0; SELECT 3");
  REQUIRE(Types(stopped) == "TDCEZ");
  CHECK(ErrorField(stopped[3], 'C') == "22012");
}

TEST_CASE("an empty or comment-only query gets EmptyQueryResponse", "[pgwire][server]") {
  TestServer server;
  Client client(server.port());
  client.Connect();
  CHECK(Types(client.Run("-- ping")) == "IZ");
  CHECK(Types(client.Run(";")) == "IZ");
}

TEST_CASE("COPY FROM STDIN stores the rows sent as CopyData", "[pgwire][server]") {
  TestServer server;
  Client client(server.port());
  client.Connect();
  REQUIRE(Types(client.Run("CREATE TABLE metrics (host text, value bigint)")) == "CZ");
  client.Send(Query("COPY metrics FROM STDIN"));
  BackendMessage response = client.Read();
  REQUIRE(response.type == 'G');
  CHECK(response.body[0] == 0);
  CHECK(GetInt16(response.body, 1) == 2);
  client.Send(Message('d', "a\t1\nb\t"));
  client.Send(Message('d', "2\n"));
  client.Send(Message('c', ""));
  std::vector<BackendMessage> done = client.ReadUntilReady();
  REQUIRE(Types(done) == "CZ");
  CHECK(CString(done[0].body) == "COPY 2");
  std::vector<BackendMessage> count = client.Run("SELECT count(*) FROM metrics");
  REQUIRE(Types(count) == "TDCZ");
  CHECK(Values(count[1]) == std::vector<std::string>{"2"});
}

TEST_CASE("CopyFail and bad COPY data fail the COPY and store nothing", "[pgwire][server]") {
  TestServer server;
  Client client(server.port());
  client.Connect();
  REQUIRE(Types(client.Run("CREATE TABLE m (v bigint)")) == "CZ");
  client.Send(Query("COPY m FROM STDIN"));
  REQUIRE(client.Read().type == 'G');
  client.Send(Message('d', "1\n"));
  std::string fail_body;
  PutCString(fail_body, "client gave up");
  client.Send(Message('f', fail_body));
  std::vector<BackendMessage> failed = client.ReadUntilReady();
  REQUIRE(Types(failed) == "EZ");
  CHECK(ErrorField(failed[0], 'C') == "57014");
  CHECK(ErrorField(failed[0], 'M') == "COPY from stdin failed: client gave up");

  client.Send(Query("COPY m FROM STDIN"));
  REQUIRE(client.Read().type == 'G');
  client.Send(Message('d', "1\nnot a number\n3\n"));
  client.Send(Message('d', "4\n"));
  client.Send(Message('c', ""));
  std::vector<BackendMessage> bad = client.ReadUntilReady();
  REQUIRE(Types(bad) == "EZ");
  CHECK(ErrorField(bad[0], 'C') == "22P02");
  std::vector<BackendMessage> count = client.Run("SELECT count(*) FROM m");
  REQUIRE(Types(count) == "TDCZ");
  CHECK(Values(count[1]) == std::vector<std::string>{"0"});
}

TEST_CASE("garbage input gets FATAL 08P01 and a closed connection, the server lives on",
          "[pgwire][server]") {
  TestServer server;
  {
    Client client(server.port());
    client.Connect();
    std::string garbage(1, 'Q');
    PutInt32(garbage, -3);
    client.Send(garbage);
    BackendMessage error = client.Read();
    REQUIRE(error.type == 'E');
    CHECK(ErrorField(error, 'S') == "FATAL");
    CHECK(ErrorField(error, 'C') == "08P01");
    CHECK(client.Closed());
  }
  {
    Client client(server.port());
    std::string huge;
    PutInt32(huge, 1 << 30);
    client.Send(huge);
    BackendMessage error = client.Read();
    CHECK(ErrorField(error, 'C') == "08P01");
    CHECK(client.Closed());
  }
  {
    Client client(server.port());
    client.Send(Startup({{"user", "u"}}).substr(0, 6));
  }
  Client client(server.port());
  client.Connect();
  CHECK(Types(client.Run("SELECT 1")) == "TDCZ");
}

TEST_CASE("a CancelRequest with an unknown key closes quietly", "[pgwire][server]") {
  TestServer server;
  Client client(server.port());
  client.Send(CodePacket(kCancelRequestCode, {12345, 678}));
  CHECK(client.Closed());
}

TEST_CASE("extended protocol runs a statement without parameters", "[pgwire][server]") {
  TestServer server;
  Client client(server.port());
  client.Connect();
  std::string parse;
  PutCString(parse, "s1");
  PutCString(parse, "SELECT 1 AS one");
  PutInt16(parse, 0);
  std::string bind;
  PutCString(bind, "");
  PutCString(bind, "s1");
  PutInt16(bind, 0);
  PutInt16(bind, 0);
  PutInt16(bind, 0);
  std::string describe_statement = "S";
  PutCString(describe_statement, "s1");
  std::string describe_portal = "P";
  PutCString(describe_portal, "");
  std::string execute;
  PutCString(execute, "");
  PutInt32(execute, 0);
  client.Send(Message('P', parse) + Message('D', describe_statement) + Message('S', ""));
  std::vector<BackendMessage> prepared = client.ReadUntilReady();
  REQUIRE(Types(prepared) == "1tTZ");
  CHECK(GetInt16(prepared[1].body, 0) == 0);
  client.Send(Message('B', bind) + Message('D', describe_portal) + Message('E', execute) +
              Message('S', ""));
  std::vector<BackendMessage> executed = client.ReadUntilReady();
  REQUIRE(Types(executed) == "2TDCZ");
  CHECK(CString(executed[3].body) == "SELECT 1");
}

TEST_CASE("extended protocol skips to Sync after an error", "[pgwire][server]") {
  TestServer server;
  Client client(server.port());
  client.Connect();
  std::string parse;
  PutCString(parse, "");
  PutCString(parse, "SELEC 1");
  PutInt16(parse, 0);
  std::string execute;
  PutCString(execute, "");
  PutInt32(execute, 0);
  client.Send(Message('P', parse) + Message('E', execute) + Message('S', ""));
  std::vector<BackendMessage> failed = client.ReadUntilReady();
  REQUIRE(Types(failed) == "EZ");
  CHECK(ErrorField(failed[0], 'C') == "42601");
  CHECK(Types(client.Run("SELECT 1")) == "TDCZ");
}

TEST_CASE("Execute with a row limit suspends the portal", "[pgwire][server]") {
  TestServer server;
  Client client(server.port());
  client.Connect();
  REQUIRE(Types(client.Run("CREATE TABLE r (v bigint)")) == "CZ");
  REQUIRE(Types(client.Run("INSERT INTO r VALUES (1), (2), (3)")) == "CZ");
  std::string parse;
  PutCString(parse, "");
  PutCString(parse, "SELECT v FROM r");
  PutInt16(parse, 0);
  std::string bind;
  PutCString(bind, "");
  PutCString(bind, "");
  PutInt16(bind, 0);
  PutInt16(bind, 0);
  PutInt16(bind, 0);
  std::string execute;
  PutCString(execute, "");
  PutInt32(execute, 2);
  client.Send(Message('P', parse) + Message('B', bind) + Message('E', execute) +
              Message('E', execute) + Message('S', ""));
  std::vector<BackendMessage> result = client.ReadUntilReady();
  REQUIRE(Types(result) == "12DDsDCZ");
  CHECK(CString(result[6].body) == "SELECT 1");
}

TEST_CASE("shutdown says goodbye to idle sessions and Run returns", "[pgwire][server]") {
  TestServer server;
  Client client(server.port());
  client.Connect();
  server.Stop();
  BackendMessage goodbye = client.Read();
  REQUIRE(goodbye.type == 'E');
  CHECK(ErrorField(goodbye, 'C') == "57P01");
  CHECK(client.Closed());
}

}  // namespace
}  // namespace sundial::pgwire
