#include <catch2/catch.hpp>
#include <string>

#include "protocol_harness.h"
#include "wire_bytes.h"

namespace sundial::pgwire {
namespace {

using testing::BackendMessage;
using testing::BindBody;
using testing::ExecuteBody;
using testing::Message;
using testing::ParseBody;
using testing::ProtocolHarness;
using testing::Query;
using testing::Startup;

std::string Types(const std::vector<BackendMessage>& messages) {
  std::string types;
  for (const BackendMessage& m : messages)
    types.push_back(m.type);
  return types;
}

std::string Payloads(const std::vector<BackendMessage>& messages) {
  std::string data;
  for (const BackendMessage& m : messages) {
    if (m.type == 'd') data += m.body;
  }
  return data;
}

std::string Tag(const std::vector<BackendMessage>& messages) {
  for (const BackendMessage& m : messages) {
    if (m.type == 'C') return m.body.substr(0, m.body.size() - 1);
  }
  return "";
}

void Connect(ProtocolHarness& harness) {
  harness.Feed(Startup({{"user", "postgres"}}));
  CHECK(harness.Feed(Query("CREATE TABLE m (host text, v integer); INSERT INTO m VALUES "
                           "('a', 1), ('b', NULL)")) == "CCZ");
}

TEST_CASE("COPY TO STDOUT answers CopyOutResponse, a CopyData per row, CopyDone and COPY n",
          "[pgwire][copy]") {
  ProtocolHarness harness;
  Connect(harness);
  const auto out = harness.FeedMessages(Query("COPY m TO STDOUT"));
  CHECK(Types(out) == "HddcCZ");
  // Overall format text, two columns, each text.
  CHECK(out[0].body == std::string("\0\0\2\0\0\0\0", 7));
  CHECK(out[1].body == "a\t1\n");
  CHECK(out[2].body == "b\t\\N\n");
  CHECK(Tag(out) == "COPY 2");
}

TEST_CASE("binary COPY TO says so in CopyOutResponse and round-trips through COPY FROM",
          "[pgwire][copy]") {
  ProtocolHarness harness;
  Connect(harness);
  const auto out = harness.FeedMessages(Query("COPY (SELECT host, v FROM m) TO STDOUT BINARY"));
  CHECK(Types(out) == "HdddcCZ");
  CHECK(out[0].body == std::string("\1\0\2\0\1\0\1", 7));
  const std::string data = Payloads(out);
  CHECK(data.starts_with(std::string("PGCOPY\n\377\r\n\0", 11)));
  CHECK(harness.Feed(Query("CREATE TABLE n (host text, v integer)")) == "CZ");
  CHECK(harness.Feed(Query("COPY n FROM STDIN WITH (FORMAT binary)")) == "G");
  CHECK(harness.Feed(Message('d', data) + Message('c', "")) == "CZ");
  const auto copied = harness.FeedMessages(Query("COPY n TO STDOUT (FORMAT csv)"));
  CHECK(Payloads(copied) == "a,1\nb,\n");
}

TEST_CASE("a large COPY TO streams in pieces and the statements after it still run",
          "[pgwire][copy]") {
  ProtocolHarness harness;
  harness.Feed(Startup({{"user", "postgres"}}));
  const auto out = harness.FeedMessages(
      Query("COPY (SELECT x, 'row ' || x FROM generate_series(1, 50000) AS x) TO STDOUT; "
            "SELECT 1"));
  const std::string types = Types(out);
  CHECK(types.size() == 1 + 50000 + 1 + 1 + 4);
  CHECK(types.substr(types.size() - 6) == "cCTDCZ");
  CHECK(Tag(out) == "COPY 50000");
}

TEST_CASE("an error during COPY TO ends it with ErrorResponse and the session goes on",
          "[pgwire][copy]") {
  ProtocolHarness harness;
  harness.Feed(Startup({{"user", "postgres"}}));
  const std::string types = Types(harness.FeedMessages(
      Query("COPY (SELECT 1 / (x - 3000) FROM generate_series(1, 5000) AS x) TO STDOUT")));
  CHECK(types.front() == 'H');
  CHECK(types.substr(types.size() - 2) == "EZ");
  CHECK(types.find('c') == std::string::npos);
  CHECK(harness.Feed(Query("SELECT 1")) == "TDCZ");
  CHECK(harness.Feed(Query("COPY m TO '/tmp/m.txt'")) == "EZ");
}

TEST_CASE("COPY TO through the extended protocol ignores the row limit", "[pgwire][copy]") {
  ProtocolHarness harness;
  Connect(harness);
  const auto out =
      harness.FeedMessages(Message('P', ParseBody("", "COPY m TO STDOUT (FORMAT csv, HEADER)")) +
                           Message('B', BindBody("", "")) + Message('D', std::string("P\0", 2)) +
                           Message('E', ExecuteBody("", 1)) + Message('S', ""));
  CHECK(Types(out) == "12nHdddcCZ");
  CHECK(Payloads(out) == "host,v\na,1\nb,\n");
  CHECK(Tag(out) == "COPY 2");
}

TEST_CASE("an error during an extended-protocol COPY TO skips to Sync", "[pgwire][copy]") {
  ProtocolHarness harness;
  harness.Feed(Startup({{"user", "postgres"}}));
  const std::string types = Types(harness.FeedMessages(
      Message('P', ParseBody("",
                             "COPY (SELECT 1 / (x - 3000) FROM generate_series(1, 5000) AS x) "
                             "TO STDOUT")) +
      Message('B', BindBody("", "")) + Message('E', ExecuteBody("")) +
      Message('E', ExecuteBody("")) + Message('S', "")));
  CHECK(types.substr(0, 3) == "12H");
  // The second Execute is discarded with the rest of the failed batch.
  CHECK(types.substr(types.size() - 2) == "EZ");
  CHECK(types.find('c') == std::string::npos);
  CHECK(harness.Feed(Query("SELECT 1")) == "TDCZ");
}

TEST_CASE("COPY TO inside a transaction block sees the block's own rows", "[pgwire][copy]") {
  ProtocolHarness harness;
  Connect(harness);
  CHECK(harness.Feed(Query("BEGIN; INSERT INTO m VALUES ('c', 3)")) == "CCZ");
  const auto out = harness.FeedMessages(Query("COPY (SELECT host FROM m ORDER BY host) TO STDOUT"));
  CHECK(Payloads(out) == "a\nb\nc\n");
  CHECK(harness.Feed(Query("ROLLBACK")) == "CZ");
  CHECK(Payloads(harness.FeedMessages(Query("COPY m (host) TO STDOUT"))) == "a\nb\n");
}

}  // namespace
}  // namespace sundial::pgwire
