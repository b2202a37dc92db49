#include <catch2/catch.hpp>

#include "clients/client_script.h"

namespace sundial::testing {
namespace {

// Debian's interpreter: python3-psycopg2 and python3-psycopg install there,
// whatever other python3 comes first on PATH.
constexpr const char* kPython = "/usr/bin/python3";
constexpr const char* kJdbcJar = "/usr/share/java/postgresql.jar";
// Debian's golang-*-dev packages are a GOPATH tree; no module download.
constexpr const char* kGoPath = "GOPATH=/usr/share/gocode";

}  // namespace

TEST_CASE("psycopg2: DELETE/UPDATE in transactions, parameters, COPY, named cursors, errors",
          "[clients]") {
  RunClientScript(
      {.client = "psycopg2",
       .required_tools = {kPython},
       .required_files = {"/usr/lib/python3/dist-packages/psycopg2/__init__.py"},
       .command = {kPython, "-u", ClientFile("psycopg2/psycopg2_client.py"), "{port}"}});
}

TEST_CASE("psycopg 3: extended protocol, binary cursors, copy, pipeline, executemany",
          "[clients]") {
  RunClientScript({.client = "psycopg 3",
                   .required_tools = {kPython},
                   .required_files = {"/usr/lib/python3/dist-packages/psycopg/__init__.py"},
                   .command = {kPython, "-u", ClientFile("psycopg/psycopg_client.py"), "{port}"}});
}

TEST_CASE("node-postgres: parameters over every type, a pool of 20, COPY", "[clients]") {
  RunClientScript({.client = "node-postgres",
                   .required_tools = {"node"},
                   .required_files = {ClientFile("node/node_modules/pg/package.json"),
                                      ClientFile("node/node_modules/pg-copy-streams/package.json")},
                   .command = {"node", ClientFile("node/node_client.js"), "{port}"}});
}

TEST_CASE("pgjdbc: metadata, prepared statements past binary transfer, batches, copy, cancel",
          "[clients]") {
  RunClientScript(
      {.client = "pgjdbc",
       .required_tools = {"javac", "java"},
       .required_files = {kJdbcJar},
       .setup = {{"javac", "-cp", kJdbcJar, "-d", "{scratch}", ClientFile("jdbc/JdbcClient.java")}},
       .command = {"java", "-cp", std::string("{scratch}:") + kJdbcJar, "JdbcClient", "{port}"}});
}

TEST_CASE("pgx v4: QueryRow with parameters, Batch, CopyFrom, context cancel", "[clients]") {
  RunClientScript(
      {.client = "pgx",
       .required_tools = {"go"},
       .required_files = {"/usr/share/gocode/src/github.com/jackc/pgx/v4/conn.go"},
       .setup = {{"env", "GO111MODULE=off", kGoPath, std::string("GOCACHE=") + GO_BUILD_CACHE, "go",
                  "build", "-o", "{scratch}/pgx_client", ClientFile("pgx/pgx_client.go")}},
       .command = {"{scratch}/pgx_client", "{port}"}});
}

}  // namespace sundial::testing
