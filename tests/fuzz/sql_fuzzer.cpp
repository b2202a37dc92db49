// libFuzzer target for the SQL front end: every input is split, parsed,
// turned into the AST and, for queries, bound, planned and run for a few
// batches against a small database in a temp dir. Errors are the expected
// answer to most inputs; only crashes, sanitizer reports and hangs count.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "common/column_vector.h"
#include "sql/database.h"
#include "sql/session.h"

namespace {

using sundial::DataChunk;
using sundial::sql::Database;
using sundial::sql::DatabaseOptions;
using sundial::sql::Session;
using sundial::sql::SessionOptions;
namespace ast = sundial::sql::ast;

// The same rows as a small corner of the compat data set: a hypertable with
// NULLs, a plain dimension table.
constexpr const char* kSchema =
    "CREATE TABLE cpu (time timestamptz NOT NULL, hostname text, usage_user double precision, "
    "usage_system double precision);\n"
    "SELECT create_hypertable('cpu', 'time', chunk_time_interval => INTERVAL '1 hour');\n"
    "INSERT INTO cpu VALUES ('2016-01-01 00:00:00+00', 'host_0', 58.1, 2.5), "
    "('2016-01-01 00:00:00+00', 'host_1', NULL, 97.0), ('2016-01-01 00:10:00+00', 'host_0', "
    "12.25, NULL), ('2016-01-01 01:20:00+00', NULL, 0.5, 3.0);\n"
    "CREATE TABLE readings (time timestamptz NOT NULL, device text, reading bigint, level "
    "integer, flag boolean, note text, value double precision);\n"
    "INSERT INTO readings VALUES ('2015-12-31 20:00:00+00', 'alpha', -5, 3, true, 'ok', 1.5), "
    "('2015-12-31 20:37:00+00', NULL, 700, 0, NULL, 'Hot', NULL), ('2016-01-01 06:00:00+00', "
    "'beta', NULL, 9, false, NULL, -2.0);\n"
    "CREATE TABLE hosts (hostname text, owner text, rack integer, weight double precision);\n"
    "INSERT INTO hosts VALUES ('host_0', 'ann', 1, 1.5), ('host_1', NULL, 2, NULL), (NULL, "
    "'nobody', 0, 0);\n"
    // Views and a real-time continuous aggregate, so queries expand them.
    "CREATE VIEW busy AS SELECT time, hostname, usage_user FROM cpu WHERE usage_user > 50;\n"
    "CREATE MATERIALIZED VIEW cpu_hourly WITH (timescaledb.continuous, "
    "timescaledb.materialized_only = false) AS SELECT time_bucket('1 hour', time) AS bucket, "
    "hostname, max(usage_user) AS peak, count(*) AS n FROM cpu GROUP BY bucket, hostname;\n"
    "CALL refresh_continuous_aggregate('cpu_hourly', NULL, '2016-01-01 01:00:00+00');\n"
    // Sequences: queries may call nextval, currval and setval on them.
    "CREATE SEQUENCE ids START 10 INCREMENT 5;\n"
    "CREATE TABLE tags (id serial, tag_id bigint GENERATED ALWAYS AS IDENTITY, name text);\n"
    "INSERT INTO tags (name) VALUES ('a'), (NULL);\n"
    // A runaway query (generate_series over billions, a cross join) ends as an error.
    "SET statement_timeout = '250ms';";

// Enough batches to run every operator of a plan; more would only spend the
// fuzzer's time on rows.
constexpr int kMaxBatches = 4;

class FuzzDatabase {
 public:
  FuzzDatabase() {
    char pattern[] = "/tmp/sundial-sql-fuzzer-XXXXXX";
    if (mkdtemp(pattern) == nullptr) Die("mkdtemp failed");
    dir_ = pattern;
    auto database = Database::Open(DatabaseOptions{.data_dir = dir_});
    if (!database.ok()) Die(database.status().message());
    database_ = std::move(database).value();
    session_ = std::make_unique<Session>(*database_, SessionOptions{});
    auto statements = session_->Parse(kSchema);
    if (!statements.ok()) Die(statements.status().message());
    for (const auto& statement : *statements) {
      auto result = session_->Execute(*statement);
      if (!result.ok()) Die(result.status().message());
    }
  }

  ~FuzzDatabase() {
    session_.reset();
    database_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  void Run(std::string_view sql) {
    auto statements = session_->Parse(sql);
    if (!statements.ok()) return;
    for (const auto& statement : *statements) {
      // Only queries and plain EXPLAIN run: everything else would change the
      // database under later inputs and make crashes irreproducible.
      const bool query =
          statement->kind == ast::Statement::Kind::kSelect ||
          (statement->kind == ast::Statement::Kind::kExplain && !statement->explain_analyze &&
           statement->explained->kind == ast::Statement::Kind::kSelect);
      if (!query) continue;
      auto result = session_->Execute(*statement);
      if (!result.ok() || !result->rows) continue;
      DataChunk chunk;
      for (int batch = 0; batch < kMaxBatches; ++batch) {
        auto more = result->rows->Next(chunk);
        if (!more.ok() || !*more) break;
      }
    }
  }

 private:
  [[noreturn]] static void Die(const std::string& message) {
    std::fprintf(stderr, "sql_fuzzer setup failed: %s\n", message.c_str());
    std::abort();
  }

  std::string dir_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<Session> session_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static FuzzDatabase database;
  database.Run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
