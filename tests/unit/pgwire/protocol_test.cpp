#include "pgwire/protocol.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "support/temp_dir.h"
#include "wire_bytes.h"

namespace sundial::pgwire {
namespace {

using testing::CodePacket;
using testing::GetInt32;
using testing::Message;
using testing::PutCString;
using testing::PutInt16;
using testing::Query;
using testing::Startup;

// Drives the state machine without sockets: bytes in, message types out.
class ProtocolHarness {
 public:
  ProtocolHarness() {
    auto database = sql::Database::Open(sql::DatabaseOptions{.data_dir = dir_.Join("data")});
    REQUIRE(database.ok());
    database_ = std::move(database).value();
    protocol_ = std::make_unique<Protocol>(*database_, registry_);
  }

  // Feeds bytes, runs until the protocol wants input or closes, and returns
  // the type bytes of everything it sent (single-byte answers as themselves).
  std::string Feed(const std::string& bytes) {
    reader_.Append(bytes);
    std::string out;
    while (true) {
      if (protocol_->action() == ProtocolAction::kClose) break;
      if (protocol_->action() == ProtocolAction::kContinue) {
        protocol_->Resume();
        Drain(out);
        continue;
      }
      const size_t before = reader_.buffered();
      protocol_->Consume(reader_);
      Drain(out);
      if (protocol_->action() == ProtocolAction::kRead && reader_.buffered() == before) break;
    }
    return out;
  }

  ProtocolAction action() const { return protocol_->action(); }
  CancelRegistry& registry() { return registry_; }
  void DestroyProtocol() { protocol_.reset(); }

 private:
  void Drain(std::string& out) {
    const std::string& b = protocol_->output().buffer();
    size_t at = 0;
    while (at < b.size()) {
      if (b.size() - at < 5) {
        out.push_back(b[at]);
        ++at;
        continue;
      }
      out.push_back(b[at]);
      at += 1 + static_cast<size_t>(GetInt32(b, at + 1));
    }
    protocol_->output().Clear();
  }

  sundial::testing::TempDir dir_;
  std::unique_ptr<sql::Database> database_;
  CancelRegistry registry_;
  MessageReader reader_;
  std::unique_ptr<Protocol> protocol_;
};

std::string ParseBody(const std::string& name, const std::string& sql) {
  std::string body;
  PutCString(body, name);
  PutCString(body, sql);
  PutInt16(body, 0);
  return body;
}

std::string BindBody(const std::string& portal, const std::string& statement) {
  std::string body;
  PutCString(body, portal);
  PutCString(body, statement);
  PutInt16(body, 0);
  PutInt16(body, 0);
  PutInt16(body, 0);
  return body;
}

std::string ExecuteBody(const std::string& portal) {
  std::string body;
  PutCString(body, portal);
  body.append(4, '\0');
  return body;
}

TEST_CASE("a session registers for cancellation at startup and leaves on destruction",
          "[pgwire][protocol]") {
  {
    ProtocolHarness harness;
    std::string out = harness.Feed(Startup({{"user", "postgres"}}));
    CHECK(out.front() == 'R');
    CHECK(out.find('K') != std::string::npos);
    CHECK(out.back() == 'Z');
    CHECK(harness.registry().size() == 1);
    harness.DestroyProtocol();
    CHECK(harness.registry().size() == 0);
  }
}

TEST_CASE("pipelined simple and extended messages are answered strictly in order",
          "[pgwire][protocol]") {
  ProtocolHarness harness;
  harness.Feed(Startup({{"user", "postgres"}}));
  std::string pipeline = Query("SELECT 1") + Message('P', ParseBody("", "SELECT 2")) +
                         Message('B', BindBody("", "")) + Message('D', std::string("P\0", 2)) +
                         Message('E', ExecuteBody("")) + Message('S', "") + Query("-- ping");
  CHECK(harness.Feed(pipeline) == "TDCZ12TDCZIZ");
}

TEST_CASE("Describe of a non-query statement answers NoData", "[pgwire][protocol]") {
  ProtocolHarness harness;
  harness.Feed(Startup({{"user", "postgres"}}));
  std::string pipeline = Message('P', ParseBody("c", "CREATE TABLE d (v bigint)")) +
                         Message('D', std::string("Sc\0", 3)) + Message('B', BindBody("", "c")) +
                         Message('D', std::string("P\0", 2)) + Message('E', ExecuteBody("")) +
                         Message('S', "");
  CHECK(harness.Feed(pipeline) == "1tn2nCZ");
}

TEST_CASE("multiple statements cannot be prepared", "[pgwire][protocol]") {
  ProtocolHarness harness;
  harness.Feed(Startup({{"user", "postgres"}}));
  CHECK(harness.Feed(Message('P', ParseBody("", "SELECT 1; SELECT 2")) +
                     Message('B', BindBody("", "")) + Message('S', "")) == "EZ");
}

TEST_CASE("SSLRequest is refused and the startup continues in plain text", "[pgwire][protocol]") {
  ProtocolHarness harness;
  CHECK(harness.Feed(CodePacket(kSslRequestCode)) == "N");
  std::string out = harness.Feed(Startup({{"user", "postgres"}}));
  CHECK(out.front() == 'R');
}

TEST_CASE("a newer protocol minor version is negotiated down to 3.0", "[pgwire][protocol]") {
  ProtocolHarness harness;
  std::string out = harness.Feed(Startup({{"user", "postgres"}}, (3 << 16) | 2));
  CHECK(out.substr(0, 2) == "vR");
}

TEST_CASE("Terminate closes the session", "[pgwire][protocol]") {
  ProtocolHarness harness;
  harness.Feed(Startup({{"user", "postgres"}}));
  harness.Feed(Message('X', ""));
  CHECK(harness.action() == ProtocolAction::kClose);
}

}  // namespace
}  // namespace sundial::pgwire
