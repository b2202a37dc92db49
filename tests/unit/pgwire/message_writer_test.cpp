#include "pgwire/message_writer.h"

#include <catch2/catch.hpp>

#include "common/column_vector.h"
#include "pgwire/pg_types.h"
#include "pgwire/row_encoder.h"
#include "wire_bytes.h"

namespace sundial::pgwire {
namespace {

using testing::GetInt16;
using testing::GetInt32;
using namespace std::string_literals;

std::string Bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values)
    out.push_back(static_cast<char>(v));
  return out;
}

TEST_CASE("ReadyForQuery carries the transaction status byte", "[pgwire][writer]") {
  MessageWriter w;
  w.ReadyForQuery('T');
  CHECK(w.buffer() == Bytes({'Z', 0, 0, 0, 5, 'T'}));
}

TEST_CASE("AuthenticationOk, BackendKeyData and ParameterStatus layouts", "[pgwire][writer]") {
  MessageWriter w;
  w.AuthenticationOk();
  CHECK(w.buffer() == Bytes({'R', 0, 0, 0, 8, 0, 0, 0, 0}));
  w.Clear();
  w.BackendKeyData(7, -2);
  CHECK(w.buffer() == Bytes({'K', 0, 0, 0, 12, 0, 0, 0, 7, -1, -1, -1, -2}));
  w.Clear();
  w.ParameterStatus("TimeZone", "UTC");
  CHECK(w.buffer() == "S\0\0\0\x11TimeZone\0UTC\0"s);
}

TEST_CASE("RowDescription lists each field's name, OIDs, sizes and format", "[pgwire][writer]") {
  MessageWriter w;
  w.RowDescription({FieldDescription{.name = "time", .type_oid = 1184, .type_length = 8},
                    FieldDescription{.name = "host", .type_oid = 1043, .type_modifier = 36}});
  const std::string& b = w.buffer();
  REQUIRE(b[0] == 'T');
  CHECK(GetInt32(b, 1) == static_cast<int32_t>(b.size() - 1));
  CHECK(GetInt16(b, 5) == 2);
  size_t at = 7;
  CHECK(b.substr(at, 5) == std::string("time\0", 5));
  at += 5;
  CHECK(GetInt32(b, at) == 0);         // table OID
  CHECK(GetInt16(b, at + 4) == 0);     // attnum
  CHECK(GetInt32(b, at + 6) == 1184);  // type OID
  CHECK(GetInt16(b, at + 10) == 8);    // typlen
  CHECK(GetInt32(b, at + 12) == -1);   // typmod
  CHECK(GetInt16(b, at + 16) == 0);    // text format
  at += 18;
  CHECK(b.substr(at, 5) == std::string("host\0", 5));
  CHECK(GetInt32(b, at + 5 + 6) == 1043);
  CHECK(GetInt16(b, at + 5 + 10) == -1);
  CHECK(GetInt32(b, at + 5 + 12) == 36);
  CHECK(at + 5 + 18 == b.size());
}

TEST_CASE("DataRow encodes NULL as length -1 and values with their lengths", "[pgwire][writer]") {
  MessageWriter w;
  w.BeginDataRow(3);
  w.BeginValue();
  w.value_buffer() += "42";
  w.EndValue();
  w.NullValue();
  w.BeginValue();
  w.EndValue();
  w.EndDataRow();
  CHECK(w.buffer() ==
        Bytes({'D', 0, 0, 0, 20, 0, 3, 0, 0, 0, 2, '4', '2', -1, -1, -1, -1, 0, 0, 0, 0}));
}

TEST_CASE("ErrorResponse carries severity, SQLSTATE, message, detail, hint and position",
          "[pgwire][writer]") {
  MessageWriter w;
  w.ErrorResponse(ErrorFields{.severity = "ERROR",
                              .sqlstate = "42P01",
                              .message = "relation \"nosuch\" does not exist",
                              .detail = "d",
                              .hint = "h",
                              .position = 15});
  const std::string& b = w.buffer();
  CHECK(b[0] == 'E');
  CHECK(GetInt32(b, 1) == static_cast<int32_t>(b.size() - 1));
  CHECK(b.substr(5) ==
        "SERROR\0VERROR\0C42P01\0Mrelation \"nosuch\" does not exist\0"
        "Dd\0Hh\0P15\0\0"s);
}

TEST_CASE("optional error fields are left out when empty", "[pgwire][writer]") {
  MessageWriter w;
  w.NoticeResponse(ErrorFields{.severity = "WARNING", .sqlstate = "25P01", .message = "m"});
  CHECK(w.buffer().substr(5) == "SWARNING\0VWARNING\0C25P01\0Mm\0\0"s);
  CHECK(w.buffer()[0] == 'N');
}

TEST_CASE("small backend messages have their fixed layouts", "[pgwire][writer]") {
  MessageWriter w;
  w.CommandComplete("SELECT 1");
  w.EmptyQueryResponse();
  w.ParseComplete();
  w.BindComplete();
  w.CloseComplete();
  w.NoData();
  w.PortalSuspended();
  w.ParameterDescription({23});
  w.CopyInResponse(false, {0, 0});
  w.EncryptionResponse('N');
  std::string expected = "C\0\0\0\x0dSELECT 1\0"s +
                         Bytes({'I', 0, 0, 0, 4, '1', 0, 0, 0, 4, '2', 0, 0, 0, 4,
                                '3', 0, 0, 0, 4, 'n', 0, 0, 0, 4, 's', 0, 0, 0, 4}) +
                         Bytes({'t', 0, 0, 0, 10, 0, 1, 0, 0, 0, 23}) +
                         Bytes({'G', 0, 0, 0, 11, 0, 0, 2, 0, 0, 0, 0}) + "N";
  CHECK(w.buffer() == expected);
}

TEST_CASE("NegotiateProtocolVersion names the newest minor and unknown options",
          "[pgwire][writer]") {
  MessageWriter w;
  w.NegotiateProtocolVersion(0, {"_pq_.x"});
  CHECK(w.buffer() == Bytes({'v', 0, 0, 0, 19, 0, 3, 0, 0, 0, 0, 0, 1}) + "_pq_.x\0"s);
}

TEST_CASE("types map to PostgreSQL's standard OIDs", "[pgwire][types]") {
  CHECK(PgTypeOf(DataType::Of(TypeId::kBool)).oid == 16);
  CHECK(PgTypeOf(DataType::Of(TypeId::kInt16)).oid == 21);
  CHECK(PgTypeOf(DataType::Of(TypeId::kInt32)).oid == 23);
  CHECK(PgTypeOf(DataType::Of(TypeId::kInt64)).oid == 20);
  CHECK(PgTypeOf(DataType::Of(TypeId::kFloat32)).oid == 700);
  CHECK(PgTypeOf(DataType::Of(TypeId::kFloat64)).oid == 701);
  CHECK(PgTypeOf(DataType::Of(TypeId::kText)).oid == 25);
  CHECK(PgTypeOf(DataType::Of(TypeId::kDate)).oid == 1082);
  CHECK(PgTypeOf(DataType::Of(TypeId::kTimestamp)).oid == 1114);
  CHECK(PgTypeOf(DataType::Of(TypeId::kTimestampTz)).oid == 1184);
  CHECK(PgTypeOf(DataType::Of(TypeId::kInterval)).oid == 1186);
  CHECK(PgTypeOf(DataType::Of(TypeId::kUnknown)).oid == 25);
  PgTypeInfo varchar = PgTypeOf(DataType::Varchar(32));
  CHECK(varchar.oid == 1043);
  CHECK(varchar.modifier == 36);
  CHECK(PgTypeOf(DataType::Of(TypeId::kVarchar)).modifier == -1);
  CHECK(PgTypeOf(DataType::Of(TypeId::kInt64)).length == 8);
  CHECK(PgTypeOf(DataType::Of(TypeId::kText)).length == -1);
}

TEST_CASE("RowEncoder writes text values and NULLs for every row", "[pgwire][writer]") {
  DataChunk chunk = DataChunk::Make({DataType::Of(TypeId::kInt64), DataType::Of(TypeId::kText)}, 4);
  chunk.SetSize(2);
  chunk.columns[0].data<int64_t>()[0] = 7;
  chunk.columns[0].data<int64_t>()[1] = -12;
  auto* text = chunk.columns[1].data<std::string_view>();
  text[0] = chunk.columns[1].AddString("cpu");
  chunk.columns[1].SetNull(1, true);
  TimeZone utc;
  RowEncoder encoder(utc);
  MessageWriter w;
  encoder.Encode(chunk, 0, 2, w);
  std::string expected =
      Bytes({'D', 0, 0, 0, 18, 0, 2, 0, 0, 0, 1, '7', 0, 0, 0, 3, 'c', 'p', 'u'}) +
      Bytes({'D', 0, 0, 0, 17, 0, 2, 0, 0, 0, 3, '-', '1', '2', -1, -1, -1, -1});
  CHECK(w.buffer() == expected);
}

}  // namespace
}  // namespace sundial::pgwire
