#include "pgwire/message_reader.h"

#include <catch2/catch.hpp>

#include "wire_bytes.h"

namespace sundial::pgwire {
namespace {

using testing::CodePacket;
using testing::Message;
using testing::PutCString;
using testing::PutInt16;
using testing::PutInt32;
using testing::Query;
using testing::Startup;

std::string BindBytes() {
  std::string body;
  PutCString(body, "portal");
  PutCString(body, "stmt");
  PutInt16(body, 1);
  PutInt16(body, 0);
  PutInt16(body, 2);
  PutInt32(body, 3);
  body += "abc";
  PutInt32(body, -1);
  PutInt16(body, 1);
  PutInt16(body, 1);
  return Message('B', body);
}

TEST_CASE("StartupMessage parameters are decoded in order", "[pgwire][reader]") {
  MessageReader reader;
  reader.Append(Startup({{"user", "alice"},
                         {"database", "tsdb"},
                         {"application_name", "psql"},
                         {"options", "-c search_path=public"}}));
  auto packet = reader.NextStartup();
  REQUIRE(packet.ok());
  REQUIRE(packet->has_value());
  const StartupPacket& p = **packet;
  CHECK(p.kind == StartupPacket::Kind::kStartup);
  CHECK(p.protocol_version == kProtocolVersion3);
  REQUIRE(p.parameters.size() == 4);
  CHECK(p.parameters[0] == std::pair<std::string, std::string>("user", "alice"));
  CHECK(p.parameters[3].second == "-c search_path=public");
  CHECK(reader.buffered() == 0);
}

TEST_CASE("SSLRequest, GSSENCRequest and CancelRequest are recognised by their codes",
          "[pgwire][reader]") {
  MessageReader reader;
  reader.Append(CodePacket(80877103));
  reader.Append(CodePacket(80877104));
  reader.Append(CodePacket(80877102, {42, -7}));
  auto ssl = reader.NextStartup();
  REQUIRE(ssl.ok());
  CHECK((*ssl)->kind == StartupPacket::Kind::kSslRequest);
  auto gss = reader.NextStartup();
  REQUIRE(gss.ok());
  CHECK((*gss)->kind == StartupPacket::Kind::kGssEncRequest);
  auto cancel = reader.NextStartup();
  REQUIRE(cancel.ok());
  CHECK((*cancel)->kind == StartupPacket::Kind::kCancelRequest);
  CHECK((*cancel)->process_id == 42);
  CHECK((*cancel)->secret_key == -7);
}

TEST_CASE("a newer protocol minor version is accepted for negotiation", "[pgwire][reader]") {
  MessageReader reader;
  reader.Append(Startup({{"user", "u"}, {"_pq_.feature", "x"}}, (3 << 16) | 2));
  auto packet = reader.NextStartup();
  REQUIRE(packet.ok());
  CHECK(((*packet)->protocol_version & 0xffff) == 2);
}

TEST_CASE("protocol major version 2 is refused", "[pgwire][reader]") {
  MessageReader reader;
  reader.Append(Startup({{"user", "u"}}, 2 << 16));
  auto packet = reader.NextStartup();
  REQUIRE_FALSE(packet.ok());
  CHECK(packet.status().code() == ErrorCode::kFeatureNotSupported);
}

TEST_CASE("startup packets with bad lengths or layout are protocol violations",
          "[pgwire][reader]") {
  std::string too_short;
  PutInt32(too_short, 4);
  PutInt32(too_short, 196608);
  std::string huge;
  PutInt32(huge, 1 << 20);
  std::string unterminated;
  PutInt32(unterminated, 4 + 4 + 5);
  PutInt32(unterminated, 196608);
  unterminated += std::string("user\0", 5);
  for (const std::string& bytes : {too_short, huge, unterminated}) {
    MessageReader reader;
    reader.Append(bytes);
    auto packet = reader.NextStartup();
    REQUIRE_FALSE(packet.ok());
    CHECK(packet.status().code() == ErrorCode::kProtocolViolation);
  }
}

TEST_CASE("every truncation of a startup packet needs more bytes", "[pgwire][reader]") {
  std::string bytes = Startup({{"user", "postgres"}, {"database", "db"}});
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    MessageReader reader;
    reader.Append(bytes.substr(0, cut));
    auto packet = reader.NextStartup();
    REQUIRE(packet.ok());
    CHECK_FALSE(packet->has_value());
    reader.Append(bytes.substr(cut));
    auto whole = reader.NextStartup();
    REQUIRE(whole.ok());
    CHECK(whole->has_value());
  }
}

TEST_CASE("typed messages are decoded with all their fields", "[pgwire][reader]") {
  MessageReader reader;
  std::string parse_body;
  PutCString(parse_body, "s1");
  PutCString(parse_body, "SELECT 1");
  PutInt16(parse_body, 1);
  PutInt32(parse_body, 23);
  std::string describe_body = "P";
  PutCString(describe_body, "portal");
  std::string execute_body;
  PutCString(execute_body, "portal");
  PutInt32(execute_body, 10);
  std::string fail_body;
  PutCString(fail_body, "aborted by user");

  reader.Append(Query("SELECT 1; SELECT 2"));
  reader.Append(Message('P', parse_body));
  reader.Append(BindBytes());
  reader.Append(Message('D', describe_body));
  reader.Append(Message('E', execute_body));
  reader.Append(Message('S', ""));
  reader.Append(Message('d', std::string("1\t2\n\0x", 6)));
  reader.Append(Message('f', fail_body));
  reader.Append(Message('X', ""));

  auto next = [&] {
    auto m = reader.Next();
    REQUIRE(m.ok());
    REQUIRE(m->has_value());
    return std::move(**m);
  };
  CHECK(std::get<QueryMessage>(next()).sql == "SELECT 1; SELECT 2");
  ParseMessage parse = std::get<ParseMessage>(next());
  CHECK(parse.statement == "s1");
  CHECK(parse.sql == "SELECT 1");
  CHECK(parse.parameter_types == std::vector<uint32_t>{23});
  BindMessage bind = std::get<BindMessage>(next());
  CHECK(bind.portal == "portal");
  CHECK(bind.statement == "stmt");
  REQUIRE(bind.parameters.size() == 2);
  CHECK(bind.parameters[0] == "abc");
  CHECK_FALSE(bind.parameters[1].has_value());
  CHECK(bind.result_formats == std::vector<int16_t>{1});
  DescribeMessage describe = std::get<DescribeMessage>(next());
  CHECK(describe.target == 'P');
  CHECK(describe.name == "portal");
  ExecuteMessage execute = std::get<ExecuteMessage>(next());
  CHECK(execute.max_rows == 10);
  CHECK(std::holds_alternative<SyncMessage>(next()));
  CHECK(std::get<CopyDataMessage>(next()).data == std::string("1\t2\n\0x", 6));
  CHECK(std::get<CopyFailMessage>(next()).message == "aborted by user");
  CHECK(std::holds_alternative<TerminateMessage>(next()));
  auto end = reader.Next();
  REQUIRE(end.ok());
  CHECK_FALSE(end->has_value());
}

TEST_CASE("every truncation of a message stream needs more bytes, never fails",
          "[pgwire][reader]") {
  std::string stream = Query("SELECT 1") + BindBytes() + Message('S', "");
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    MessageReader reader;
    reader.Append(stream.substr(0, cut));
    size_t decoded = 0;
    while (true) {
      auto m = reader.Next();
      REQUIRE(m.ok());
      if (!m->has_value()) break;
      ++decoded;
    }
    reader.Append(stream.substr(cut));
    while (true) {
      auto m = reader.Next();
      REQUIRE(m.ok());
      if (!m->has_value()) break;
      ++decoded;
    }
    CHECK(decoded == 3);
    CHECK(reader.buffered() == 0);
  }
}

TEST_CASE("byte-by-byte delivery decodes the same messages", "[pgwire][reader]") {
  std::string stream = Query("SELECT now()") + Message('H', "") + Message('S', "");
  MessageReader reader;
  size_t decoded = 0;
  for (char c : stream) {
    reader.Append(std::string_view(&c, 1));
    auto m = reader.Next();
    REQUIRE(m.ok());
    if (m->has_value()) ++decoded;
  }
  CHECK(decoded == 3);
}

TEST_CASE("unknown types, bad lengths and oversized messages are protocol violations",
          "[pgwire][reader]") {
  std::string negative(1, 'Q');
  PutInt32(negative, -5);
  std::string below_minimum(1, 'S');
  PutInt32(below_minimum, 3);
  std::string oversized_sync(1, 'S');
  PutInt32(oversized_sync, 1 << 20);
  std::string oversized_copy(1, 'd');
  PutInt32(oversized_copy, static_cast<int32_t>((1u << 30) + 1));
  std::string garbage("\x01\x02\x03\x04garbage", 11);
  for (const std::string& bytes :
       {negative, below_minimum, oversized_sync, oversized_copy, garbage, std::string("Z")}) {
    MessageReader reader;
    reader.Append(bytes);
    auto m = reader.Next();
    REQUIRE_FALSE(m.ok());
    CHECK(m.status().code() == ErrorCode::kProtocolViolation);
  }
}

TEST_CASE("a large CopyData length is accepted before its body arrives", "[pgwire][reader]") {
  std::string header(1, 'd');
  PutInt32(header, 100 << 20);
  MessageReader reader;
  reader.Append(header);
  auto m = reader.Next();
  REQUIRE(m.ok());
  CHECK_FALSE(m->has_value());
}

TEST_CASE("message bodies that do not match their length are protocol violations",
          "[pgwire][reader]") {
  std::string trailing;
  PutCString(trailing, "SELECT 1");
  trailing += "extra";
  std::string unterminated = "SELECT 1";
  std::string bad_describe = "Xname";
  bad_describe.push_back('\0');
  std::string short_execute;
  PutCString(short_execute, "p");
  PutInt16(short_execute, 1);
  std::string bind_overrun;
  PutCString(bind_overrun, "");
  PutCString(bind_overrun, "");
  PutInt16(bind_overrun, 0);
  PutInt16(bind_overrun, 1);
  PutInt32(bind_overrun, 1000);
  bind_overrun += "ab";
  std::string negative_count;
  PutCString(negative_count, "");
  PutCString(negative_count, "");
  PutInt16(negative_count, -1);
  const std::pair<char, std::string> cases[] = {
      {'Q', trailing},      {'Q', unterminated}, {'D', bad_describe},
      {'E', short_execute}, {'B', bind_overrun}, {'B', negative_count},
  };
  for (const auto& [type, body] : cases) {
    MessageReader reader;
    reader.Append(Message(type, body));
    auto m = reader.Next();
    REQUIRE_FALSE(m.ok());
    CHECK(m.status().code() == ErrorCode::kProtocolViolation);
  }
}

TEST_CASE("random garbage never crashes the decoder", "[pgwire][reader]") {
  uint32_t state = 12345;
  auto next_byte = [&] {
    state = state * 1103515245 + 12345;
    return static_cast<char>(state >> 16);
  };
  for (int round = 0; round < 2000; ++round) {
    std::string bytes;
    const size_t n = 1 + (static_cast<uint8_t>(next_byte()) % 64);
    for (size_t i = 0; i < n; ++i)
      bytes.push_back(next_byte());
    MessageReader startup_reader;
    startup_reader.Append(bytes);
    auto packet = startup_reader.NextStartup();
    if (packet.ok()) CHECK(startup_reader.buffered() <= bytes.size());
    MessageReader reader;
    reader.Append(bytes);
    for (int i = 0; i < 8; ++i) {
      auto m = reader.Next();
      if (!m.ok() || !m->has_value()) break;
    }
  }
}

}  // namespace
}  // namespace sundial::pgwire
