#include <postgresql/libpq-fe.h>

#include <catch2/catch.hpp>
#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "failed_start.h"
#include "libpq_connection.h"
#include "support/child_process.h"
#include "support/query_runner.h"
#include "support/temp_dir.h"
#include "support/test_server.h"

namespace sundial::testing {
namespace {

// A self-signed certificate for 127.0.0.1 (CN and IP SAN) and its key.
struct TestCertificate {
  TempDir dir;
  std::string cert = dir.Join("server.crt");
  std::string key = dir.Join("server.key");

  TestCertificate() {
    const CommandResult made = RunCommand(
        {"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
         "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert});
    REQUIRE(made.exit_code == 0);
  }
};

}  // namespace

TEST_CASE("sslmode=require connects over TLS and runs queries", "[tls]") {
  TestCertificate certificate;
  TestServer server({"--ssl-cert-file", certificate.cert, "--ssl-key-file", certificate.key});
  PgConnection connection = ConnectLibpq(server.ConnectionString() + " sslmode=require");
  REQUIRE(PQstatus(connection.get()) == CONNECTION_OK);
  CHECK(PQsslInUse(connection.get()) == 1);
  CHECK(std::string(PQsslAttribute(connection.get(), "protocol")).starts_with("TLSv1."));
  CHECK(FirstValue(connection.get(), "SELECT 40 + 2") == "42");
  CHECK(FirstValue(connection.get(), "CREATE TABLE t (ts TIMESTAMPTZ, v INT)").empty());
  CHECK(FirstValue(connection.get(), "INSERT INTO t VALUES (now(), 7)").empty());
  CHECK(FirstValue(connection.get(), "SELECT sum(v) FROM t") == "7");
}

TEST_CASE("sslmode=verify-full accepts the server's certificate for 127.0.0.1", "[tls]") {
  TestCertificate certificate;
  TestServer server({"--ssl-cert-file", certificate.cert, "--ssl-key-file", certificate.key});
  PgConnection connection = ConnectLibpq(server.ConnectionString() +
                                         " sslmode=verify-full sslrootcert=" + certificate.cert);
  REQUIRE(PQstatus(connection.get()) == CONNECTION_OK);
  CHECK(PQsslInUse(connection.get()) == 1);
  CHECK(FirstValue(connection.get(), "SELECT 'over tls'") == "over tls");
}

TEST_CASE("sslmode=verify-full rejects a certificate from another authority", "[tls]") {
  TestCertificate certificate;
  TestCertificate other;
  TestServer server({"--ssl-cert-file", certificate.cert, "--ssl-key-file", certificate.key});
  PgConnection connection =
      ConnectLibpq(server.ConnectionString() + " sslmode=verify-full sslrootcert=" + other.cert);
  CHECK(PQstatus(connection.get()) == CONNECTION_BAD);
  CHECK_THAT(PQerrorMessage(connection.get()), Catch::Contains("certificate verify failed"));
  // The failed handshake costs the server nothing.
  PgConnection plain = ConnectLibpq(server.ConnectionString() + " sslmode=require");
  CHECK(FirstValue(plain.get(), "SELECT 1") == "1");
}

TEST_CASE("a TLS server still serves clients with sslmode=disable and psql's default", "[tls]") {
  TestCertificate certificate;
  TestServer server({"--ssl-cert-file", certificate.cert, "--ssl-key-file", certificate.key});
  PgConnection plain = ConnectLibpq(server.ConnectionString() + " sslmode=disable");
  REQUIRE(PQstatus(plain.get()) == CONNECTION_OK);
  CHECK(PQsslInUse(plain.get()) == 0);
  CHECK(FirstValue(plain.get(), "SELECT 2") == "2");
  // libpq's default, prefer, takes TLS when offered; so does libpqxx.
  pqxx::connection pqxx_connection(server.ConnectionString());
  CHECK(QueryValue(pqxx_connection, "SELECT 3") == "3");
  PgConnection preferred = ConnectLibpq(server.ConnectionString());
  CHECK(PQsslInUse(preferred.get()) == 1);
}

TEST_CASE("sslmode=require against a server without a certificate fails", "[tls]") {
  TestServer server;
  PgConnection connection = ConnectLibpq(server.ConnectionString() + " sslmode=require");
  CHECK(PQstatus(connection.get()) == CONNECTION_BAD);
  CHECK_THAT(PQerrorMessage(connection.get()), Catch::Contains("server does not support SSL"));
  PgConnection plain = ConnectLibpq(server.ConnectionString() + " sslmode=disable");
  CHECK(FirstValue(plain.get(), "SELECT 1") == "1");
}

TEST_CASE("the server refuses to start with a missing key or an unreadable certificate", "[tls]") {
  TestCertificate certificate;
  TempDir data;
  const CommandResult key_only = StartSundial(data.Join("a"), {"--ssl-key-file", certificate.key});
  CHECK(key_only.exit_code != 0);
  CHECK_THAT(key_only.err, Catch::Contains("both a certificate file and a key file"));
  const CommandResult missing =
      StartSundial(data.Join("b"),
                   {"--ssl-cert-file", data.Join("nope.crt"), "--ssl-key-file", certificate.key});
  CHECK(missing.exit_code != 0);
  CHECK_THAT(missing.err, Catch::Contains("could not load server certificate file"));
  const CommandResult mismatched =
      StartSundial(data.Join("c"),
                   {"--ssl-cert-file", certificate.cert, "--ssl-key-file", TestCertificate().key});
  CHECK(mismatched.exit_code != 0);
  CHECK_THAT(mismatched.err, Catch::Contains("private key file"));
}

}  // namespace sundial::testing
