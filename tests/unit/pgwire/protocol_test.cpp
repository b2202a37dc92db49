#include "pgwire/protocol.h"

#include <catch2/catch.hpp>
#include <string>

#include "protocol_harness.h"
#include "wire_bytes.h"

namespace sundial::pgwire {
namespace {

using testing::BindBody;
using testing::CodePacket;
using testing::ExecuteBody;
using testing::Message;
using testing::ParseBody;
using testing::ProtocolHarness;
using testing::Query;
using testing::Startup;

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

TEST_CASE("with TLS available SSLRequest is answered S and the startup follows the handshake",
          "[pgwire][protocol][tls]") {
  ProtocolHarness harness(ProtocolOptions{.tls_available = true});
  CHECK(harness.Feed(CodePacket(kSslRequestCode)) == "S");
  CHECK(harness.action() == ProtocolAction::kStartTls);
  harness.protocol().TlsStarted();
  CHECK(harness.action() == ProtocolAction::kRead);
  CHECK(harness.Feed(Startup({{"user", "postgres"}})).front() == 'R');
}

TEST_CASE("an SSLRequest after a completed TLS handshake is refused", "[pgwire][protocol][tls]") {
  ProtocolHarness harness(ProtocolOptions{.tls_available = true});
  CHECK(harness.Feed(CodePacket(kSslRequestCode)) == "S");
  harness.protocol().TlsStarted();
  CHECK(harness.Feed(CodePacket(kSslRequestCode)) == "E");
  CHECK(harness.action() == ProtocolAction::kClose);
}

TEST_CASE("bytes pipelined behind SSLRequest are refused before the handshake",
          "[pgwire][protocol][tls]") {
  ProtocolHarness harness(ProtocolOptions{.tls_available = true});
  const std::string out =
      harness.FeedRaw(CodePacket(kSslRequestCode) + Startup({{"user", "postgres"}}));
  REQUIRE(out.size() > 6);
  CHECK(out.substr(0, 2) == "SE");
  CHECK_THAT(out, Catch::Contains("08P01") &&
                      Catch::Contains("received unencrypted data after SSL request"));
  CHECK(harness.action() == ProtocolAction::kClose);
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
