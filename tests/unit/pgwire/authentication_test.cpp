#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "pgwire/authenticator.h"
#include "pgwire/password_file.h"
#include "protocol_harness.h"
#include "wire_bytes.h"

namespace sundial::pgwire::testing {
namespace {

ProtocolOptions WithPasswords(AuthMethod method, std::string_view file) {
  Result<PasswordFile> passwords = PasswordFile::Parse(file, "test");
  REQUIRE(passwords.ok());
  return ProtocolOptions{.auth = AuthConfig{.method = method,
                                            .passwords = std::make_shared<const PasswordFile>(
                                                std::move(passwords).value())}};
}

std::string PasswordMessageOf(std::string_view password) {
  std::string body;
  PutCString(body, password);
  return Message('p', body);
}

std::string SaslInitialResponse(std::string_view mechanism, std::string_view data) {
  std::string body;
  PutCString(body, mechanism);
  PutInt32(body, static_cast<int32_t>(data.size()));
  body.append(data);
  return Message('p', body);
}

int32_t AuthCode(const BackendMessage& message) {
  REQUIRE(message.type == 'R');
  return GetInt32(message.body, 0);
}

void CheckPasswordFailure(const std::vector<BackendMessage>& out, const std::string& user) {
  REQUIRE(out.size() == 1);
  CHECK(out[0].type == 'E');
  CHECK_THAT(out[0].body,
             Catch::Contains("FATAL") && Catch::Contains("28P01") &&
                 Catch::Contains("password authentication failed for user \"" + user + "\""));
}

}  // namespace

TEST_CASE("auth method names follow pg_hba.conf", "[pgwire][auth]") {
  CHECK(ParseAuthMethod("trust") == AuthMethod::kTrust);
  CHECK(ParseAuthMethod("password") == AuthMethod::kPassword);
  CHECK(ParseAuthMethod("md5") == AuthMethod::kMd5);
  CHECK(ParseAuthMethod("scram-sha-256") == AuthMethod::kScramSha256);
  CHECK_FALSE(ParseAuthMethod("SCRAM").has_value());
}

TEST_CASE("cleartext password: the right one opens the session, a wrong one is 28P01",
          "[pgwire][auth]") {
  ProtocolHarness right(WithPasswords(AuthMethod::kPassword, "alice:s3cret\n"));
  auto out = right.FeedMessages(Startup({{"user", "alice"}}));
  REQUIRE(out.size() == 1);
  CHECK(AuthCode(out[0]) == 3);
  std::string types = right.Feed(PasswordMessageOf("s3cret"));
  CHECK(types.front() == 'R');
  CHECK(types.back() == 'Z');
  CHECK(right.Feed(Query("SELECT 1")) == "TDCZ");

  ProtocolHarness wrong(WithPasswords(AuthMethod::kPassword, "alice:s3cret\n"));
  wrong.Feed(Startup({{"user", "alice"}}));
  CheckPasswordFailure(wrong.FeedMessages(PasswordMessageOf("s3cret ")), "alice");
  CHECK(wrong.action() == ProtocolAction::kClose);
  CHECK(wrong.protocol().authentication_failed());

  ProtocolHarness unknown(WithPasswords(AuthMethod::kPassword, "alice:s3cret\n"));
  unknown.Feed(Startup({{"user", "mallory"}}));
  CheckPasswordFailure(unknown.FeedMessages(PasswordMessageOf("s3cret")), "mallory");
}

TEST_CASE("md5 password: the salted hash of the right password opens the session",
          "[pgwire][auth]") {
  for (std::string_view file : {"alice:s3cret\n", "alice:md58213e4d0d5792b064442db7988e9f4c4\n"}) {
    INFO(file);
    ProtocolHarness harness(WithPasswords(AuthMethod::kMd5, file));
    auto out = harness.FeedMessages(Startup({{"user", "alice"}}));
    REQUIRE(out.size() == 1);
    REQUIRE(AuthCode(out[0]) == 5);
    const std::string salt = out[0].body.substr(4);
    REQUIRE(salt.size() == 4);
    const std::string response = "md5" + Md5Hex(Md5Hex("s3cretalice") + salt);
    CHECK(harness.Feed(PasswordMessageOf(response)).back() == 'Z');
  }
  ProtocolHarness wrong(WithPasswords(AuthMethod::kMd5, "alice:s3cret\n"));
  auto out = wrong.FeedMessages(Startup({{"user", "alice"}}));
  const std::string salt = out[0].body.substr(4);
  CheckPasswordFailure(
      wrong.FeedMessages(PasswordMessageOf("md5" + Md5Hex(Md5Hex("nopealice") + salt))), "alice");
}

TEST_CASE("md5 with only a SCRAM secret stored runs SCRAM instead", "[pgwire][auth]") {
  ProtocolHarness harness(WithPasswords(AuthMethod::kMd5,
                                        "user:SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
                                        "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY="
                                        ":wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=\n"));
  auto out = harness.FeedMessages(Startup({{"user", "user"}}));
  REQUIRE(out.size() == 1);
  CHECK(AuthCode(out[0]) == 10);
  CHECK(out[0].body.substr(4) == std::string("SCRAM-SHA-256\0\0", 15));
}

TEST_CASE("SCRAM: a wrong proof and an unknown user both end in 28P01", "[pgwire][auth]") {
  for (std::string user : {"alice", "mallory"}) {
    INFO(user);
    ProtocolHarness harness(WithPasswords(AuthMethod::kScramSha256, "alice:s3cret\n"));
    auto out = harness.FeedMessages(Startup({{"user", user}}));
    REQUIRE(out.size() == 1);
    REQUIRE(AuthCode(out[0]) == 10);
    out = harness.FeedMessages(SaslInitialResponse("SCRAM-SHA-256", "n,,n=,r=clientnonce"));
    REQUIRE(out.size() == 1);
    REQUIRE(AuthCode(out[0]) == 11);
    const std::string server_first = out[0].body.substr(4);
    CHECK_THAT(server_first, Catch::StartsWith("r=clientnonce") && Catch::Contains(",i=4096"));
    const std::string nonce = server_first.substr(2, server_first.find(',') - 2);
    const std::string proof = Base64Encode(std::string(32, 'x'));
    CheckPasswordFailure(harness.FeedMessages(Message('p', "c=biws,r=" + nonce + ",p=" + proof)),
                         user);
  }
}

TEST_CASE("SCRAM: another mechanism or a malformed message is a protocol violation",
          "[pgwire][auth]") {
  ProtocolHarness plus(WithPasswords(AuthMethod::kScramSha256, "alice:s3cret\n"));
  plus.Feed(Startup({{"user", "alice"}}));
  auto out = plus.FeedMessages(SaslInitialResponse("SCRAM-SHA-256-PLUS", "p=tls,,n=,r=abc"));
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0].body, Catch::Contains("08P01") && Catch::Contains("invalid SASL"));
  CHECK(plus.action() == ProtocolAction::kClose);
  CHECK_FALSE(plus.protocol().authentication_failed());

  ProtocolHarness garbage(WithPasswords(AuthMethod::kScramSha256, "alice:s3cret\n"));
  garbage.Feed(Startup({{"user", "alice"}}));
  out = garbage.FeedMessages(SaslInitialResponse("SCRAM-SHA-256", "hello"));
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0].body, Catch::Contains("08P01") && Catch::Contains("malformed SCRAM message"));
}

TEST_CASE("any message but a password during authentication is a protocol violation",
          "[pgwire][auth]") {
  ProtocolHarness harness(WithPasswords(AuthMethod::kPassword, "alice:s3cret\n"));
  harness.Feed(Startup({{"user", "alice"}}));
  auto out = harness.FeedMessages(Query("SELECT 1"));
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0].body, Catch::Contains("08P01") && Catch::Contains("expected password"));
  CHECK(harness.action() == ProtocolAction::kClose);
}

TEST_CASE("a password message under trust authentication is a protocol violation",
          "[pgwire][auth]") {
  ProtocolHarness harness;
  harness.Feed(Startup({{"user", "alice"}}));
  auto out = harness.FeedMessages(PasswordMessageOf("s3cret"));
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0].body, Catch::Contains("08P01"));
}

TEST_CASE("the password file reads plain, md5 and SCRAM entries and refuses bad lines",
          "[pgwire][auth]") {
  Result<PasswordFile> file = PasswordFile::Parse(
      "# users\n\nalice:s3cret\r\nbob:md53175bce1d3201d16594cebf9d7eb3f9d\ncarol:a:b\n", "f");
  REQUIRE(file.ok());
  const StoredPassword* alice = file->Find("alice");
  REQUIRE(alice != nullptr);
  CHECK(alice->plain == "s3cret");
  CHECK(alice->md5 == Md5PasswordHash("s3cret", "alice"));
  CHECK(alice->scram.has_value());
  const StoredPassword* bob = file->Find("bob");
  REQUIRE(bob != nullptr);
  CHECK_FALSE(bob->plain.has_value());
  CHECK(bob->md5 == "md53175bce1d3201d16594cebf9d7eb3f9d");
  CHECK(file->Find("carol")->plain == "a:b");
  CHECK(file->Find("dave") == nullptr);
  // PostgreSQL's well-known hash of password "postgres" for user "postgres".
  CHECK(Md5PasswordHash("postgres", "postgres") == "md53175bce1d3201d16594cebf9d7eb3f9d");

  Result<PasswordFile> no_colon = PasswordFile::Parse("alice\n", "f");
  REQUIRE_FALSE(no_colon.ok());
  CHECK_THAT(no_colon.status().message(), Catch::Contains("f line 1"));
  CHECK_FALSE(PasswordFile::Parse(":pw\n", "f").ok());
  CHECK_FALSE(PasswordFile::Parse("a:x\na:y\n", "f").ok());
  CHECK_FALSE(PasswordFile::Parse("a:SCRAM-SHA-256$4096:zz\n", "f").ok());
}

}  // namespace sundial::pgwire::testing
