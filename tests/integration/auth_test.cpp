#include <postgresql/libpq-fe.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "failed_start.h"
#include "libpq_connection.h"
#include "support/child_process.h"
#include "support/query_runner.h"
#include "support/temp_dir.h"
#include "support/test_server.h"

namespace sundial::testing {
namespace {

// RFC 7677's user "user" with password "pencil", as a stored SCRAM secret.
constexpr const char* kPencilSecret =
    "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
    "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";

// A server asking for passwords of `method`, with postgres:secret,
// alice:wonderland and user's SCRAM secret.
class PasswordServer {
 public:
  explicit PasswordServer(const std::string& method, std::vector<std::string> extra_args = {},
                          const std::string& more_users = "") {
    std::ofstream(files_.Join("passwords"))
        << "# test users\npostgres:secret\nalice:wonderland\nuser:" << kPencilSecret << "\n"
        << more_users;
    std::vector<std::string> args = {"--auth-method", method, "--password-file",
                                     files_.Join("passwords")};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    server_ = std::make_unique<TestServer>(args);
  }

  TestServer& server() { return *server_; }
  std::string Conninfo(const std::string& user, const std::string& password) const {
    return "host=127.0.0.1 port=" + std::to_string(server_->port()) + " user=" + user +
           " dbname=postgres connect_timeout=10 sslmode=disable password=" + password;
  }

 private:
  TempDir files_;
  std::unique_ptr<TestServer> server_;
};

void CheckLogsIn(PasswordServer& server, const std::string& user, const std::string& password) {
  PgConnection connection = ConnectLibpq(server.Conninfo(user, password));
  INFO(PQerrorMessage(connection.get()));
  REQUIRE(PQstatus(connection.get()) == CONNECTION_OK);
  CHECK(FirstValue(connection.get(), "SELECT current_user") == user);
}

void CheckRefused(PasswordServer& server, const std::string& user, const std::string& password) {
  const auto start = std::chrono::steady_clock::now();
  PgConnection connection = ConnectLibpq(server.Conninfo(user, password));
  CHECK(PQstatus(connection.get()) == CONNECTION_BAD);
  CHECK_THAT(PQerrorMessage(connection.get()),
             Catch::Contains("FATAL:  password authentication failed for user \"" + user + "\""));
  // The refusal is delayed to slow down guessing.
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(150));
}

}  // namespace

TEST_CASE("every password method lets the right password in and refuses a wrong one", "[auth]") {
  for (const std::string method : {"password", "md5", "scram-sha-256"}) {
    INFO(method);
    PasswordServer server(method);
    CheckLogsIn(server, "postgres", "secret");
    CheckLogsIn(server, "alice", "wonderland");
    CheckRefused(server, "alice", "secret");
    CheckRefused(server, "alice", "Wonderland");
    CheckRefused(server, "nobody", "wonderland");
    // A stored SCRAM secret serves all three (md5 switches to SCRAM for it).
    CheckLogsIn(server, "user", "pencil");
    CheckRefused(server, "user", "pen");
    CHECK_THAT(server.server().Stderr(),
               Catch::Contains("password authentication failed for user \"nobody\" from "
                               "127.0.0.1"));
  }
}

TEST_CASE("sundial --scram-secret prints a secret the password file accepts", "[auth]") {
  TempDir dir;
  std::ofstream(dir.Join("password")) << "through the looking glass\n";
  const CommandResult secret =
      RunCommand({SundialBinary(), "--scram-secret"}, dir.Join("password"));
  REQUIRE(secret.exit_code == 0);
  CHECK_THAT(secret.out, Catch::StartsWith("SCRAM-SHA-256$4096:"));
  CHECK_THAT(secret.out, !Catch::Contains("looking"));
  const CommandResult again = RunCommand({SundialBinary(), "--scram-secret"}, dir.Join("password"));
  // A fresh salt each time.
  CHECK(again.out != secret.out);
  for (const std::string method : {"scram-sha-256", "password"}) {
    INFO(method);
    PasswordServer server(method, {}, "bob:" + secret.out);
    CheckLogsIn(server, "bob", "'through the looking glass'");
    CheckRefused(server, "bob", "through");
  }
  std::ofstream(dir.Join("empty")) << "\n";
  CHECK(RunCommand({SundialBinary(), "--scram-secret"}, dir.Join("empty")).exit_code != 0);
}

TEST_CASE("libpq without a password gives up before the server answers", "[auth]") {
  PasswordServer server("scram-sha-256");
  const std::string conninfo =
      "host=127.0.0.1 port=" + std::to_string(server.server().port()) +
      " user=alice dbname=postgres sslmode=disable passfile=/nonexistent/pgpass";
  PgConnection connection = ConnectLibpq(conninfo);
  CHECK(PQstatus(connection.get()) == CONNECTION_BAD);
  CHECK_THAT(PQerrorMessage(connection.get()), Catch::Contains("no password supplied"));
  // The abandoned exchange leaves the server serving.
  CheckLogsIn(server, "alice", "wonderland");
}

TEST_CASE("psql and libpqxx authenticate with SCRAM-SHA-256", "[auth]") {
  PasswordServer server("scram-sha-256");
  const std::string port = std::to_string(server.server().port());
  const CommandResult psql =
      RunCommand({"psql", "-X", "-A", "-t", "-c", "SELECT 'psql ' || current_user",
                  "postgresql://alice:wonderland@127.0.0.1:" + port + "/postgres?sslmode=disable"});
  INFO(psql.err);
  CHECK(psql.exit_code == 0);
  CHECK(psql.out == "psql alice\n");
  const CommandResult refused =
      RunCommand({"psql", "-X", "-w", "-c", "SELECT 1",
                  "postgresql://alice:nope@127.0.0.1:" + port + "/postgres?sslmode=disable"});
  CHECK(refused.exit_code != 0);
  CHECK_THAT(refused.err, Catch::Contains("password authentication failed for user \"alice\""));

  pqxx::connection connection(server.Conninfo("alice", "wonderland"));
  CHECK(QueryValue(connection, "SELECT 6 * 7") == "42");
  CHECK_THROWS_AS(pqxx::connection(server.Conninfo("alice", "x")), pqxx::broken_connection);
}

TEST_CASE("password authentication over TLS", "[auth][tls]") {
  TempDir certs;
  const CommandResult made = RunCommand({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                         "-days", "2", "-subj", "/CN=127.0.0.1", "-keyout",
                                         certs.Join("key.pem"), "-out", certs.Join("cert.pem")});
  REQUIRE(made.exit_code == 0);
  for (const std::string method : {"password", "scram-sha-256"}) {
    INFO(method);
    PasswordServer server(method, {"--ssl-cert-file", certs.Join("cert.pem"), "--ssl-key-file",
                                   certs.Join("key.pem")});
    const std::string conninfo = "host=127.0.0.1 port=" + std::to_string(server.server().port()) +
                                 " user=alice dbname=postgres sslmode=require password=";
    PgConnection connection = ConnectLibpq(conninfo + "wonderland");
    REQUIRE(PQstatus(connection.get()) == CONNECTION_OK);
    CHECK(PQsslInUse(connection.get()) == 1);
    CHECK(FirstValue(connection.get(), "SELECT 1") == "1");
    PgConnection refused = ConnectLibpq(conninfo + "alice");
    CHECK(PQstatus(refused.get()) == CONNECTION_BAD);
    CHECK_THAT(PQerrorMessage(refused.get()), Catch::Contains("password authentication failed"));
  }
}

TEST_CASE("a password method without a readable password file stops the server at start",
          "[auth]") {
  TempDir data;
  const CommandResult no_file = StartSundial(data.Join("a"), {"--auth-method", "md5"});
  CHECK(no_file.exit_code != 0);
  CHECK_THAT(no_file.err, Catch::Contains("needs a password file"));
  const CommandResult missing =
      StartSundial(data.Join("b"), {"--auth-method", "md5", "--password-file", data.Join("none")});
  CHECK(missing.exit_code != 0);
  CHECK_THAT(missing.err, Catch::Contains("could not open password file"));
  const CommandResult bad_method = StartSundial(data.Join("c"), {"--auth-method", "ident"});
  CHECK(bad_method.exit_code != 0);
}

}  // namespace sundial::testing
