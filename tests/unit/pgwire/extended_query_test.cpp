#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "pgwire/frontend_messages.h"
#include "protocol_harness.h"
#include "wire_bytes.h"

// The extended query protocol with $n parameters, checked on the bytes a
// client receives.

namespace sundial::pgwire {
namespace {

using testing::BackendMessage;
using testing::BindBody;
using testing::CodePacket;
using testing::ExecuteBody;
using testing::GetInt16;
using testing::GetInt32;
using testing::Message;
using testing::ParseBody;
using testing::ProtocolHarness;
using testing::Query;
using testing::Startup;

constexpr int16_t kText = 0;
constexpr int16_t kBinary = 1;

std::string DescribeStatement(const std::string& name) {
  return Message('D', "S" + name + std::string(1, '\0'));
}
std::string DescribePortal(const std::string& name) {
  return Message('D', "P" + name + std::string(1, '\0'));
}
std::string Sync() {
  return Message('S', "");
}

std::string Types(const std::vector<BackendMessage>& messages) {
  std::string types;
  for (const BackendMessage& m : messages)
    types.push_back(m.type);
  return types;
}

const BackendMessage& Only(const std::vector<BackendMessage>& messages, char type) {
  const BackendMessage* found = nullptr;
  for (const BackendMessage& m : messages) {
    if (m.type != type) continue;
    REQUIRE(found == nullptr);
    found = &m;
  }
  REQUIRE(found != nullptr);
  return *found;
}

// The SQLSTATE of an ErrorResponse.
std::string Sqlstate(const BackendMessage& error) {
  size_t at = 0;
  while (at < error.body.size() && error.body[at] != '\0') {
    const char field = error.body[at];
    const size_t end = error.body.find('\0', at + 1);
    if (field == 'C') return error.body.substr(at + 1, end - at - 1);
    at = end + 1;
  }
  return "";
}

std::vector<int32_t> ParameterOids(const BackendMessage& description) {
  std::vector<int32_t> oids;
  const int16_t count = GetInt16(description.body, 0);
  for (int16_t i = 0; i < count; ++i)
    oids.push_back(GetInt32(description.body, 2 + 4 * i));
  return oids;
}

struct Field {
  std::string name;
  int32_t type_oid = 0;
  int16_t format = 0;
};
std::vector<Field> Fields(const BackendMessage& description) {
  std::vector<Field> fields;
  const int16_t count = GetInt16(description.body, 0);
  size_t at = 2;
  for (int16_t i = 0; i < count; ++i) {
    Field field;
    const size_t end = description.body.find('\0', at);
    field.name = description.body.substr(at, end - at);
    at = end + 1;
    field.type_oid = GetInt32(description.body, at + 6);
    field.format = GetInt16(description.body, at + 16);
    fields.push_back(field);
    at += 18;
  }
  return fields;
}

// The values of a DataRow; nullopt for NULL.
std::vector<std::optional<std::string>> Values(const BackendMessage& row) {
  std::vector<std::optional<std::string>> values;
  const int16_t count = GetInt16(row.body, 0);
  size_t at = 2;
  for (int16_t i = 0; i < count; ++i) {
    const int32_t length = GetInt32(row.body, at);
    at += 4;
    if (length < 0) {
      values.emplace_back();
      continue;
    }
    values.push_back(row.body.substr(at, length));
    at += length;
  }
  return values;
}

std::string BigEndian(uint64_t v, int bytes) {
  std::string out;
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
  return out;
}

class Session {
 public:
  Session() {
    harness_.Feed(Startup({{"user", "postgres"}, {"TimeZone", "UTC"}}));
    REQUIRE(harness_.Feed(
                Query("CREATE TABLE m (ts timestamptz NOT NULL, id integer, host text, v double "
                      "precision); INSERT INTO m VALUES ('2024-01-01 00:00:00+00', 1, 'a', 1.5), "
                      "('2024-01-01 00:01:00+00', 2, 'b', 2.5), ('2024-01-01 00:02:00+00', 3, 'c', "
                      "3.5)")) == "CCZ");
  }
  std::vector<BackendMessage> Send(const std::string& bytes) {
    return harness_.FeedMessages(bytes);
  }
  ProtocolHarness& harness() { return harness_; }

 private:
  ProtocolHarness harness_;
};

TEST_CASE("Describe of a statement reports parameter types inferred from their context",
          "[pgwire][extended]") {
  Session session;
  auto out = session.Send(
      Message('P', ParseBody("q", "SELECT host, v FROM m WHERE id = $1 AND ts >= $2 LIMIT $3")) +
      DescribeStatement("q") + Sync());
  REQUIRE(Types(out) == "1tTZ");
  CHECK(ParameterOids(Only(out, 't')) == std::vector<int32_t>{23, 1184, 20});
  auto fields = Fields(Only(out, 'T'));
  REQUIRE(fields.size() == 2);
  CHECK(fields[0].name == "host");
  CHECK(fields[0].type_oid == 25);
  CHECK(fields[1].type_oid == 701);

  out = session.Send(Message('P', ParseBody("i", "INSERT INTO m VALUES ($1, $2, $3, $4)")) +
                     DescribeStatement("i") + Sync());
  REQUIRE(Types(out) == "1tnZ");
  CHECK(ParameterOids(Only(out, 't')) == std::vector<int32_t>{1184, 23, 25, 701});

  out = session.Send(Message('P', ParseBody("c", "SELECT $1::bigint + 1, $2")) +
                     DescribeStatement("c") + Sync());
  REQUIRE(Types(out) == "1tTZ");
  CHECK(ParameterOids(Only(out, 't')) == std::vector<int32_t>{20, 25});
}

TEST_CASE("parameter types given in Parse are kept", "[pgwire][extended]") {
  Session session;
  auto out =
      session.Send(Message('P', ParseBody("", "SELECT $1, v FROM m WHERE id = $2", {20, 21})) +
                   DescribeStatement("") + Sync());
  REQUIRE(Types(out) == "1tTZ");
  CHECK(ParameterOids(Only(out, 't')) == std::vector<int32_t>{20, 21});
  CHECK(Fields(Only(out, 'T'))[0].type_oid == 20);

  // psycopg 3 sends a small int as int2, also for LIMIT.
  out = session.Send(Message('P', ParseBody("", "SELECT id FROM m ORDER BY id LIMIT $1", {21})) +
                     Message('B', BindBody("", "", {kBinary}, {std::string("\0\2", 2)})) +
                     Message('E', ExecuteBody("")) + Sync());
  REQUIRE(Types(out) == "12DDCZ");
}

TEST_CASE("a prepared statement runs once per Bind with that Bind's text parameters",
          "[pgwire][extended]") {
  Session session;
  REQUIRE(Types(session.Send(
              Message('P', ParseBody("q", "SELECT host FROM m WHERE id >= $1 ORDER BY id")) +
              Sync())) == "1Z");
  auto out = session.Send(Message('B', BindBody("", "q", {}, {"2"})) +
                          Message('E', ExecuteBody("")) + Sync());
  REQUIRE(Types(out) == "2DDCZ");
  CHECK(Values(out[1])[0] == "b");
  CHECK(Only(out, 'C').body == std::string("SELECT 2") + '\0');

  out = session.Send(Message('B', BindBody("", "q", {kText}, {"3"})) +
                     Message('E', ExecuteBody("")) + Sync());
  REQUIRE(Types(out) == "2DCZ");
  CHECK(Values(out[1])[0] == "c");
}

TEST_CASE("parameters are accepted in the select list, WHERE, LIMIT/OFFSET and INSERT VALUES",
          "[pgwire][extended]") {
  Session session;
  auto out = session.Send(
      Message('P', ParseBody("", "INSERT INTO m (ts, id, host, v) VALUES ($1, $2, $3, $4)")) +
      Message('B', BindBody("", "", {}, {"2024-01-02 00:00:00+00", "4", "d", std::nullopt})) +
      Message('E', ExecuteBody("")) + Sync());
  REQUIRE(Types(out) == "12CZ");
  CHECK(Only(out, 'C').body == std::string("INSERT 0 1") + '\0');

  out = session.Send(
      Message('P', ParseBody("", "INSERT INTO m (ts, id) VALUES ($1, $2) RETURNING id * 2, ts")) +
      DescribeStatement("") + Message('B', BindBody("", "", {}, {"2024-01-03 00:00:00+00", "21"})) +
      Message('E', ExecuteBody("")) + Sync());
  REQUIRE(Types(out) == "1tT2DCZ");
  CHECK(ParameterOids(Only(out, 't')) == std::vector<int32_t>{1184, 23});
  CHECK(Fields(Only(out, 'T'))[1].type_oid == 1184);
  CHECK(Values(Only(out, 'D')) ==
        std::vector<std::optional<std::string>>{"42", "2024-01-03 00:00:00+00"});
  CHECK(Only(out, 'C').body == std::string("INSERT 0 1") + '\0');

  out = session.Send(
      Message('P', ParseBody("",
                             "SELECT $1 || host, v IS NULL FROM m WHERE ts > $2 "
                             "ORDER BY ts LIMIT $3 OFFSET $4")) +
      Message('B', BindBody("", "", {}, {"host ", "2024-01-01 00:00:30+00", "2", "1"})) +
      Message('E', ExecuteBody("")) + Sync());
  REQUIRE(Types(out) == "12DDCZ");
  CHECK(Values(out[2]) == std::vector<std::optional<std::string>>{"host c", "f"});
  CHECK(Values(out[3]) == std::vector<std::optional<std::string>>{"host d", "t"});
}

TEST_CASE("parameters work in grouped queries with time_bucket", "[pgwire][extended]") {
  Session session;
  auto out =
      session.Send(Message('P', ParseBody("g",
                                          "SELECT time_bucket($1, ts) AS b, count(*) FROM m "
                                          "WHERE ts >= $2 AND host <> $3 GROUP BY 1 ORDER BY 1")) +
                   DescribeStatement("g") + Sync());
  REQUIRE(Types(out) == "1tTZ");
  CHECK(ParameterOids(Only(out, 't')) == std::vector<int32_t>{1186, 1184, 25});
  out = session.Send(
      Message('B', BindBody("", "g", {}, {"2 minutes", "2024-01-01 00:00:00+00", "b"})) +
      Message('E', ExecuteBody("")) + Sync());
  REQUIRE(Types(out) == "2DDCZ");
  CHECK(Values(out[1]) == std::vector<std::optional<std::string>>{"2024-01-01 00:00:00+00", "1"});
  CHECK(Values(out[2]) == std::vector<std::optional<std::string>>{"2024-01-01 00:02:00+00", "1"});
}

TEST_CASE("EXPLAIN of a statement with parameters shows their values", "[pgwire][extended]") {
  Session session;
  auto out = session.Send(Message('P', ParseBody("", "EXPLAIN SELECT v FROM m WHERE id = $1")) +
                          DescribeStatement("") + Message('B', BindBody("", "", {}, {"42"})) +
                          Message('E', ExecuteBody("")) + Sync());
  REQUIRE(Types(out).substr(0, 4) == "1tT2");
  CHECK(ParameterOids(Only(out, 't')) == std::vector<int32_t>{23});
  std::string plan;
  for (const BackendMessage& m : out) {
    if (m.type == 'D') plan += *Values(m)[0] + "\n";
  }
  CHECK(plan.find("42") != std::string::npos);
}

TEST_CASE("PREPARE, EXECUTE and DEALLOCATE in a simple query", "[pgwire][extended]") {
  Session session;
  auto out = session.Send(
      Query("PREPARE p (int) AS SELECT host FROM m WHERE id = $1; EXECUTE p(2); EXECUTE p('3')"));
  REQUIRE(Types(out) == "CTDCTDCZ");
  CHECK(out[0].body == std::string("PREPARE") + '\0');
  CHECK(Values(out[2])[0] == "b");
  CHECK(Values(out[5])[0] == "c");
  // EXECUTE through the extended protocol is described by the statement.
  out = session.Send(Message('P', ParseBody("", "EXECUTE p(1)")) + DescribeStatement("") +
                     Message('B', BindBody("", "")) + Message('E', ExecuteBody("")) + Sync());
  REQUIRE(Types(out) == "1tT2DCZ");
  CHECK(Values(Only(out, 'D'))[0] == "a");
  out = session.Send(Query("DEALLOCATE p; EXECUTE p(1)"));
  REQUIRE(Types(out) == "CEZ");
  CHECK(out[0].body == std::string("DEALLOCATE") + '\0');
  CHECK(Sqlstate(out[1]) == "26000");
}

TEST_CASE("a portal with parameters streams in row-limited Executes", "[pgwire][extended]") {
  Session session;
  auto out =
      session.Send(Message('P', ParseBody("", "SELECT id FROM m WHERE id >= $1 ORDER BY id")) +
                   Message('B', BindBody("c", "", {}, {"1"})) + Message('E', ExecuteBody("c", 2)) +
                   Message('H', "") + Message('E', ExecuteBody("c", 2)) + Sync());
  REQUIRE(Types(out) == "12DDsDCZ");
  CHECK(Values(out[5])[0] == "3");
  CHECK(Only(out, 'C').body == std::string("SELECT 1") + '\0');
}

TEST_CASE("Parse in a failed transaction block is refused with 25P02", "[pgwire][extended]") {
  Session session;
  REQUIRE(session.harness().Feed(Query("BEGIN; SELECT nothing FROM m")) == "CEZ");
  auto out = session.Send(Message('P', ParseBody("", "SELECT id FROM m WHERE id = $1")) + Sync());
  REQUIRE(Types(out) == "EZ");
  CHECK(Sqlstate(Only(out, 'E')) == "25P02");
  REQUIRE(session.harness().Feed(Query("ROLLBACK")) == "CZ");
}

TEST_CASE("parameters bind in the common expression forms", "[pgwire][extended]") {
  Session session;
  struct Case {
    std::string sql;
    std::vector<std::optional<std::string>> values;
    std::vector<int32_t> oids;
    std::string first_value;
  };
  const std::vector<Case> cases = {
      {"SELECT count(*) FROM m WHERE ts BETWEEN $1 AND $2",
       {"2024-01-01 00:00:30+00", "2024-01-01 00:05:00+00"},
       {1184, 1184},
       "2"},
      {"SELECT count(*) FROM m WHERE host IN ($1, $2)", {"a", "c"}, {25, 25}, "2"},
      {"SELECT count(*) FROM m WHERE host LIKE $1", {"%b%"}, {25}, "1"},
      {"SELECT CASE WHEN $1 THEN 'yes' ELSE 'no' END", {"true"}, {16}, "yes"},
      {"SELECT coalesce($1, v) FROM m WHERE id = 1", {std::nullopt}, {701}, "1.5"},
      {"SELECT count(*) FROM m WHERE ts > now() - $1::interval", {"1 hour"}, {1186}, "0"},
      {"SELECT date_trunc($1, ts) FROM m WHERE id = 2", {"hour"}, {25}, "2024-01-01 00:00:00+00"},
      {"SELECT count(*) FROM m WHERE id IN (SELECT id FROM m WHERE v > $1)", {"2"}, {701}, "2"},
      {"SELECT count(*) FROM generate_series($1::int, $2::int)", {"1", "5"}, {23, 23}, "5"},
      {"SELECT v + $1 FROM m WHERE id = 3", {"1"}, {701}, "4.5"},
      {"SELECT id FROM m ORDER BY id LIMIT 1 OFFSET $1", {"2"}, {20}, "3"},
  };
  for (const Case& c : cases) {
    INFO(c.sql);
    auto out = session.Send(Message('P', ParseBody("", c.sql)) + DescribeStatement("") +
                            Message('B', BindBody("", "", {}, c.values)) +
                            Message('E', ExecuteBody("")) + Sync());
    REQUIRE(Types(out).substr(0, 5) == "1tT2D");
    CHECK(ParameterOids(Only(out, 't')) == c.oids);
    CHECK(Values(out[4])[0] == c.first_value);
  }
}

TEST_CASE("Bind with the wrong number of parameters is a protocol violation",
          "[pgwire][extended]") {
  Session session;
  auto out = session.Send(Message('P', ParseBody("", "SELECT v FROM m WHERE id = $1")) +
                          Message('B', BindBody("", "", {}, {"1", "2"})) +
                          Message('E', ExecuteBody("")) + Sync());
  REQUIRE(Types(out) == "1EZ");
  CHECK(Sqlstate(Only(out, 'E')) == "08P01");
  out = session.Send(Message('B', BindBody("", "", {kText, kText}, {"1"})) + Sync());
  REQUIRE(Types(out) == "EZ");
  CHECK(Sqlstate(Only(out, 'E')) == "08P01");
}

TEST_CASE("a parameter whose text is not valid for its type fails the Bind with 22P02",
          "[pgwire][extended]") {
  Session session;
  auto out = session.Send(Message('P', ParseBody("", "SELECT v FROM m WHERE id = $1")) +
                          Message('B', BindBody("", "", {}, {"abc"})) +
                          Message('E', ExecuteBody("")) + Sync());
  REQUIRE(Types(out) == "1EZ");
  CHECK(Sqlstate(Only(out, 'E')) == "22P02");
}

TEST_CASE("a $n outside a prepared statement is an undefined parameter", "[pgwire][extended]") {
  Session session;
  auto out = session.Send(Query("SELECT $1"));
  REQUIRE(Types(out) == "EZ");
  CHECK(Sqlstate(Only(out, 'E')) == "42P02");
}

TEST_CASE("binary parameters and binary results use PostgreSQL's send formats",
          "[pgwire][extended]") {
  Session session;
  const std::string ts = BigEndian(757382400000000ULL, 8);  // 2024-01-01 00:00 UTC
  auto out = session.Send(
      Message('P', ParseBody("",
                             "SELECT $1::int2, $2::int4, $3::int8, $4::float4, $5::float8, "
                             "$6::bool, $7::text, $8::timestamptz, $9::timestamp, $10::date, "
                             "$11::interval, $12::varchar",
                             {21, 23, 20, 700, 701, 16, 25, 1184, 1114, 1082, 1186, 1043})) +
      Message('B',
              BindBody("", "", {kBinary},
                       {BigEndian(0xfffe, 2), BigEndian(0xfffffffe, 4), BigEndian(3000000000ULL, 8),
                        BigEndian(0x3fc00000, 4), BigEndian(0x3fb999999999999aULL, 8),
                        std::string(1, '\1'), "héllo", ts, ts, BigEndian(8766, 4),
                        BigEndian(14706000000ULL, 8) + BigEndian(3, 4) + BigEndian(14, 4), "vc"},
                       {kBinary})) +
      DescribePortal("") + Message('E', ExecuteBody("")) + Sync());
  REQUIRE(Types(out) == "12TDCZ");
  for (const auto& field : Fields(Only(out, 'T')))
    CHECK(field.format == kBinary);
  auto values = Values(Only(out, 'D'));
  REQUIRE(values.size() == 12);
  CHECK(values[0] == BigEndian(0xfffe, 2));
  CHECK(values[1] == BigEndian(0xfffffffe, 4));
  CHECK(values[2] == BigEndian(3000000000ULL, 8));
  CHECK(values[3] == BigEndian(0x3fc00000, 4));
  CHECK(values[4] == BigEndian(0x3fb999999999999aULL, 8));
  CHECK(values[5] == std::string(1, '\1'));
  CHECK(values[6] == "héllo");
  CHECK(values[7] == ts);
  CHECK(values[8] == ts);
  CHECK(values[9] == BigEndian(8766, 4));
  CHECK(values[10] == BigEndian(14706000000ULL, 8) + BigEndian(3, 4) + BigEndian(14, 4));
  CHECK(values[11] == "vc");

  // The same values come back as text when the result format is text.
  out = session.Send(
      Message('P',
              ParseBody("", "SELECT $1::timestamptz, $2::date, $3::interval", {1184, 1082, 1186})) +
      Message('B', BindBody("", "", {kBinary},
                            {ts, BigEndian(8766, 4),
                             BigEndian(14706000000ULL, 8) + BigEndian(3, 4) + BigEndian(14, 4)})) +
      Message('E', ExecuteBody("")) + Sync());
  REQUIRE(Types(out) == "12DCZ");
  CHECK(Values(Only(out, 'D')) ==
        std::vector<std::optional<std::string>>{"2024-01-01 00:00:00+00", "2024-01-01",
                                                "1 year 2 mons 3 days 04:05:06"});
}

TEST_CASE("binary parameters of the wrong size fail the Bind", "[pgwire][extended]") {
  Session session;
  auto out = session.Send(Message('P', ParseBody("", "SELECT v FROM m WHERE id = $1")) +
                          Message('B', BindBody("", "", {kBinary}, {BigEndian(1, 2)})) + Sync());
  REQUIRE(Types(out) == "1EZ");
  CHECK(Sqlstate(Only(out, 'E')) == "22P03");
}

TEST_CASE("per-column result formats apply column by column", "[pgwire][extended]") {
  Session session;
  auto out = session.Send(Message('P', ParseBody("", "SELECT id, host FROM m WHERE id = 1")) +
                          Message('B', BindBody("", "", {}, {}, {kBinary, kText})) +
                          DescribePortal("") + Message('E', ExecuteBody("")) + Sync());
  REQUIRE(Types(out) == "12TDCZ");
  auto fields = Fields(Only(out, 'T'));
  CHECK(fields[0].format == kBinary);
  CHECK(fields[1].format == kText);
  CHECK(Values(Only(out, 'D')) == std::vector<std::optional<std::string>>{BigEndian(1, 4), "a"});
}

TEST_CASE("more result formats than columns is a protocol violation", "[pgwire][extended]") {
  Session session;
  auto out = session.Send(Message('P', ParseBody("", "SELECT id, host FROM m")) +
                          Message('B', BindBody("", "", {}, {}, {kText, kText, kText})) +
                          Message('E', ExecuteBody("")) + Sync());
  REQUIRE(Types(out) == "1EZ");
  CHECK(Sqlstate(Only(out, 'E')) == "08P01");
}

TEST_CASE("Describe of a statement does not run it", "[pgwire][extended]") {
  Session session;
  REQUIRE(session.harness().Feed(Query("CREATE TABLE h (ts timestamptz NOT NULL, v int)")) == "CZ");
  auto out = session.Send(Message('P', ParseBody("", "SELECT create_hypertable('h', 'ts')")) +
                          DescribeStatement("") + Sync());
  REQUIRE(Types(out) == "1tTZ");
  CHECK(Fields(Only(out, 'T'))[0].name == "create_hypertable");
  // Had Describe run it, this would fail: h would already be a hypertable.
  CHECK(session.harness().Feed(Query("SELECT create_hypertable('h', 'ts')")) == "TDCZ");
}

TEST_CASE("Describe of a portal does not run it a second time", "[pgwire][extended]") {
  Session session;
  REQUIRE(session.harness().Feed(Query("CREATE TABLE h (ts timestamptz NOT NULL, v int)")) == "CZ");
  auto out = session.Send(Message('P', ParseBody("", "SELECT create_hypertable('h', 'ts')")) +
                          Message('B', BindBody("", "")) + DescribePortal("") +
                          Message('E', ExecuteBody("")) + Sync());
  CHECK(Types(out) == "12TDCZ");
}

TEST_CASE("now() is taken at each execution of a prepared statement", "[pgwire][extended]") {
  Session session;
  REQUIRE(Types(session.Send(Message('P', ParseBody("n", "SELECT now()")) + Sync())) == "1Z");
  const std::string run = Message('B', BindBody("", "n")) + Message('E', ExecuteBody("")) + Sync();
  auto first = Values(Only(session.Send(run), 'D'));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto second = Values(Only(session.Send(run), 'D'));
  CHECK(first != second);
}

TEST_CASE("statement and portal names follow PostgreSQL's errors", "[pgwire][extended]") {
  Session session;
  auto out = session.Send(Message('B', BindBody("", "missing")) + Sync());
  CHECK(Sqlstate(Only(out, 'E')) == "26000");
  out = session.Send(Message('E', ExecuteBody("nope")) + Sync());
  CHECK(Sqlstate(Only(out, 'E')) == "34000");
  out = session.Send(Message('P', ParseBody("s", "SELECT 1")) +
                     Message('P', ParseBody("s", "SELECT 2")) + Sync());
  REQUIRE(Types(out) == "1EZ");
  CHECK(Sqlstate(Only(out, 'E')) == "42P05");
}

TEST_CASE("a second SSLRequest is refused with a FATAL error and the connection closes",
          "[pgwire][extended]") {
  ProtocolHarness harness;
  CHECK(harness.Feed(CodePacket(kSslRequestCode)) == "N");
  auto out = harness.FeedMessages(CodePacket(kSslRequestCode));
  REQUIRE(Types(out) == "E");
  CHECK(Sqlstate(out[0]) == "0A000");
  CHECK(harness.action() == ProtocolAction::kClose);
}

TEST_CASE("GSSENCRequest and SSLRequest are each answered N once", "[pgwire][extended]") {
  ProtocolHarness harness;
  CHECK(harness.Feed(CodePacket(kGssEncRequestCode)) == "N");
  CHECK(harness.Feed(CodePacket(kSslRequestCode)) == "N");
  CHECK(harness.Feed(Startup({{"user", "postgres"}})).front() == 'R');

  ProtocolHarness twice;
  CHECK(twice.Feed(CodePacket(kGssEncRequestCode)) == "N");
  CHECK(twice.Feed(CodePacket(kGssEncRequestCode)) == "E");
  CHECK(twice.action() == ProtocolAction::kClose);
}

TEST_CASE("an SSLRequest after startup is a FATAL protocol violation", "[pgwire][extended]") {
  ProtocolHarness harness;
  harness.Feed(Startup({{"user", "postgres"}}));
  auto out = harness.FeedMessages(CodePacket(kSslRequestCode));
  REQUIRE(Types(out) == "E");
  CHECK(Sqlstate(out[0]) == "08P01");
  CHECK(harness.action() == ProtocolAction::kClose);
}

}  // namespace
}  // namespace sundial::pgwire
