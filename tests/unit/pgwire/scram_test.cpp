#include "pgwire/scram.h"

#include <catch2/catch.hpp>
#include <string>

namespace sundial::pgwire {
namespace {

// RFC 7677 section 3: user "user", password "pencil".
constexpr std::string_view kSalt = "W22ZaJ0SNY7soEsUEjb6gQ==";
constexpr std::string_view kServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
constexpr std::string_view kClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
constexpr std::string_view kServerFirst =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
constexpr std::string_view kClientFinal =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
constexpr std::string_view kServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
// The same secret in pg_authid's form, computed independently (Python's
// hashlib.pbkdf2_hmac and hmac).
constexpr std::string_view kPencilSecret =
    "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
    "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";

ScramSecret PencilSecret() {
  return MakeScramSecret("pencil", *Base64Decode(kSalt));
}

}  // namespace

TEST_CASE("SCRAM-SHA-256 reproduces the RFC 7677 exchange", "[pgwire][scram]") {
  ScramExchange exchange(PencilSecret(), std::string(kServerNonce));
  Result<std::string> server_first = exchange.ClientFirst(kClientFirst);
  REQUIRE(server_first.ok());
  CHECK(*server_first == kServerFirst);
  Result<std::string> server_final = exchange.ClientFinal(kClientFinal);
  REQUIRE(server_final.ok());
  CHECK(*server_final == kServerFinal);
  CHECK_FALSE(exchange.proof_failed());
}

TEST_CASE("a SCRAM secret formats and parses in PostgreSQL's form", "[pgwire][scram]") {
  CHECK(FormatScramSecret(PencilSecret()) == kPencilSecret);
  std::optional<ScramSecret> parsed = ParseScramSecret(kPencilSecret);
  REQUIRE(parsed.has_value());
  CHECK(parsed->iterations == 4096);
  CHECK(parsed->salt == *Base64Decode(kSalt));
  CHECK(parsed->stored_key == PencilSecret().stored_key);
  CHECK(parsed->server_key == PencilSecret().server_key);
  // A parsed secret verifies the RFC exchange just like a derived one.
  ScramExchange exchange(*parsed, std::string(kServerNonce));
  REQUIRE(exchange.ClientFirst(kClientFirst).ok());
  CHECK(exchange.ClientFinal(kClientFinal).ok());
}

TEST_CASE("malformed SCRAM secrets are rejected", "[pgwire][scram]") {
  CHECK_FALSE(ParseScramSecret("pencil").has_value());
  CHECK_FALSE(ParseScramSecret("SCRAM-SHA-256$x:W22ZaJ0SNY7soEsUEjb6gQ==$a:b").has_value());
  CHECK_FALSE(
      ParseScramSecret("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$AAAA:AAAA").has_value());
  CHECK_FALSE(ParseScramSecret("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==").has_value());
  CHECK_FALSE(ParseScramSecret("SCRAM-SHA-256$0:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7Bke"
                               "ZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=")
                  .has_value());
}

TEST_CASE("a wrong SCRAM proof fails without a server signature", "[pgwire][scram]") {
  ScramExchange exchange(MakeScramSecret("not pencil", *Base64Decode(kSalt)),
                         std::string(kServerNonce));
  REQUIRE(exchange.ClientFirst(kClientFirst).ok());
  Result<std::string> server_final = exchange.ClientFinal(kClientFinal);
  CHECK_FALSE(server_final.ok());
  CHECK(exchange.proof_failed());
}

TEST_CASE("malformed SCRAM client messages are protocol violations", "[pgwire][scram]") {
  auto first_error = [](std::string_view message) {
    ScramExchange exchange(PencilSecret(), std::string(kServerNonce));
    Result<std::string> answer = exchange.ClientFirst(message);
    REQUIRE_FALSE(answer.ok());
    CHECK(answer.status().code() == ErrorCode::kProtocolViolation);
    return answer.status().message();
  };
  CHECK_THAT(first_error("p=tls-server-end-point,,n=,r=abc"),
             Catch::Contains("channel binding is not supported"));
  CHECK(first_error("x,,n=,r=abc") == "malformed SCRAM message");
  CHECK(first_error("n,x,n=,r=abc") == "malformed SCRAM message");
  ScramExchange authzid(PencilSecret());
  Result<std::string> as_admin = authzid.ClientFirst("n,a=admin,n=user,r=abc");
  REQUIRE_FALSE(as_admin.ok());
  CHECK(as_admin.status().code() == ErrorCode::kFeatureNotSupported);
  CHECK(first_error("n,,n=user") == "malformed SCRAM message");
  CHECK(first_error("n,,r=abc") == "malformed SCRAM message");
  CHECK(first_error("n,,m=ext,n=user,r=abc") == "malformed SCRAM message");
  CHECK(first_error("n,,n=user,r=") == "malformed SCRAM message");

  auto final_error = [](std::string_view message) {
    ScramExchange exchange(PencilSecret(), std::string(kServerNonce));
    REQUIRE(exchange.ClientFirst(kClientFirst).ok());
    Result<std::string> answer = exchange.ClientFinal(message);
    REQUIRE_FALSE(answer.ok());
    CHECK_FALSE(exchange.proof_failed());
    return answer.status().code();
  };
  // Another nonce, another channel binding, no proof, a short proof.
  CHECK(
      final_error("c=biws,r=rOprNGfwEbeRWgbNEkqO,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=") ==
      ErrorCode::kProtocolViolation);
  CHECK(final_error("c=eSws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=") ==
        ErrorCode::kProtocolViolation);
  CHECK(final_error("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0") ==
        ErrorCode::kProtocolViolation);
  CHECK(final_error("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=AAAA") ==
        ErrorCode::kProtocolViolation);
}

TEST_CASE("each SCRAM exchange draws its own server nonce", "[pgwire][scram]") {
  ScramExchange a(PencilSecret());
  ScramExchange b(PencilSecret());
  Result<std::string> first_a = a.ClientFirst(kClientFirst);
  Result<std::string> first_b = b.ClientFirst(kClientFirst);
  REQUIRE(first_a.ok());
  REQUIRE(first_b.ok());
  CHECK(first_a->starts_with("r=rOprNGfwEbeRWgbNEkqO"));
  CHECK(*first_a != *first_b);
}

TEST_CASE("base64 round-trips and rejects non-canonical text", "[pgwire][scram]") {
  for (const std::string& bytes :
       {std::string(), std::string("a"), std::string("ab"), std::string("abc"), std::string("abcd"),
        std::string("\x00\xff\x10", 3)}) {
    CHECK(Base64Decode(Base64Encode(bytes)) == bytes);
  }
  CHECK(Base64Encode("biws") == "Yml3cw==");
  CHECK(Base64Decode("biws") == "n,,");
  CHECK_FALSE(Base64Decode("biw").has_value());
  CHECK_FALSE(Base64Decode("bi*s").has_value());
  CHECK_FALSE(Base64Decode("bi=s").has_value());
}

TEST_CASE("mock secrets of unknown users keep their salt and match no proof", "[pgwire][scram]") {
  const std::string key = RandomBytes(32);
  CHECK(MockScramSecret("ghost", key).salt == MockScramSecret("ghost", key).salt);
  CHECK(MockScramSecret("ghost", key).salt != MockScramSecret("phantom", key).salt);
  CHECK(MockScramSecret("ghost", key).salt.size() == kScramSaltBytes);
}

}  // namespace sundial::pgwire
