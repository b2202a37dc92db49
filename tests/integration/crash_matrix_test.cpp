#include <postgresql/libpq-fe.h>
#include <time.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "crash_ledger.h"
#include "support/test_server.h"

// The crash matrix (issue 8): clients load rows with COPY (the bulk-load path,
// outside a block), multi-row INSERT and transaction blocks that write two
// tables (INSERT and COPY inside the block), while others run CHECKPOINT
// (flushes and merges), drop_chunks and whole-chunk DELETEs; the server is
// killed with SIGKILL at a random moment, restarted on the same data
// directory, and its content is checked against the CrashLedger: every
// acknowledged row exactly once, unacknowledged statements and blocks all or
// nothing, removed rows gone.
//
// SUNDIAL_CRASH_ITERATIONS sets the number of kills (20 by default) and
// SUNDIAL_CRASH_SEED the seed of the workload's choices (timing still
// varies); the seed is printed at the start and with every failure.

namespace sundial::testing {
namespace {

// Small memtables and merge budgets, so flushes, bulk-load spills and
// merges happen within a run: an 8 MiB budget gives 1 MiB memtables and
// merges of about 40,000 rows.
const std::vector<std::string> kServerFlags = {"--memory-budget", "8MiB", "--worker-threads", "4"};

// metrics: hourly chunks, each batch's rows in one of them (so a chunk
// removal takes whole batches). events: daily chunks, never removed.
constexpr int64_t kOriginMicros = int64_t{1704067200} * 1'000'000;  // 2024-01-01 00:00 UTC
constexpr int64_t kHourMicros = int64_t{3600} * 1'000'000;
constexpr int64_t kDayMicros = 24 * kHourMicros;
// Hours open for writes at a time; removals close the oldest.
constexpr int64_t kOpenHours = 4;

int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::atoi(value) : fallback;
}

std::string Timestamp(int64_t micros) {
  const time_t seconds = static_cast<time_t>(micros / 1'000'000);
  struct tm parts {};
  gmtime_r(&seconds, &parts);
  char text[64];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02d %02d:%02d:%02d.%06lld+00", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                static_cast<long long>(micros % 1'000'000));
  return text;
}

// One libpq connection; every call says whether the server answered.
class Client {
 public:
  enum class Outcome { kOk, kError, kLost };

  explicit Client(const std::string& conninfo) : connection_(PQconnectdb(conninfo.c_str())) {}
  ~Client() { PQfinish(connection_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return PQstatus(connection_) == CONNECTION_OK; }
  // The server's error message or SQLSTATE after kError; libpq's after kLost.
  const std::string& error() const { return error_; }
  // The command tag of the last kOk.
  const std::string& tag() const { return tag_; }

  // Runs a statement; its rows, if any, are dropped.
  Outcome Exec(const std::string& sql) {
    PGresult* result = PQexec(connection_, sql.c_str());
    return Finish(result,
                  PQresultStatus(result) == PGRES_TUPLES_OK ? PGRES_TUPLES_OK : PGRES_COMMAND_OK);
  }

  // COPY ... FROM STDIN with `data` as its input.
  Outcome CopyIn(const std::string& sql, const std::string& data) {
    PGresult* started = PQexec(connection_, sql.c_str());
    if (PQresultStatus(started) != PGRES_COPY_IN) return Finish(started, PGRES_COPY_IN);
    PQclear(started);
    // In pieces, as a client streaming a file would send them.
    constexpr size_t kPiece = 64 << 10;
    for (size_t at = 0; at < data.size(); at += kPiece) {
      const size_t n = std::min(kPiece, data.size() - at);
      if (PQputCopyData(connection_, data.data() + at, static_cast<int>(n)) != 1) break;
    }
    PQputCopyEnd(connection_, nullptr);
    Outcome outcome = Finish(PQgetResult(connection_), PGRES_COMMAND_OK);
    while (PGresult* more = PQgetResult(connection_))
      PQclear(more);
    return outcome;
  }

  // Runs a query and appends its rows, as text, to `rows`.
  Outcome Query(const std::string& sql, std::vector<std::vector<std::string>>& rows) {
    PGresult* result = PQexec(connection_, sql.c_str());
    if (PQresultStatus(result) == PGRES_TUPLES_OK) {
      for (int r = 0; r < PQntuples(result); ++r) {
        rows.emplace_back();
        for (int c = 0; c < PQnfields(result); ++c)
          rows.back().push_back(PQgetvalue(result, r, c));
      }
    }
    return Finish(result, PGRES_TUPLES_OK);
  }

 private:
  Outcome Finish(PGresult* result, ExecStatusType wanted) {
    const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
    Outcome outcome = Outcome::kOk;
    if (status == wanted) {
      tag_ = result != nullptr ? PQcmdStatus(result) : "";
    } else {
      const char* sqlstate =
          result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
      // An error the server sent carries a SQLSTATE; a dead connection does not.
      outcome = sqlstate != nullptr && connected() ? Outcome::kError : Outcome::kLost;
      error_ = std::string(sqlstate != nullptr ? sqlstate : "") + " " +
               (result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(connection_));
    }
    PQclear(result);
    return outcome;
  }

  PGconn* connection_;
  std::string error_;
  std::string tag_;
};

// The hours of metrics open for writes: writers take one and give it back;
// a removal closes the oldest once no write to it is in flight, and the
// next hour opens. Closed hours are never written again, so a removal
// acknowledged for an hour means no row of it may come back.
class HourWindow {
 public:
  // An open hour, marked as being written until Release.
  int64_t Acquire(std::mt19937_64& rng) {
    std::lock_guard lock(mu_);
    const int64_t hour = first_open_ + static_cast<int64_t>(rng() % kOpenHours);
    ++writing_[hour];
    return hour;
  }
  void Release(int64_t hour) {
    std::lock_guard lock(mu_);
    if (--writing_[hour] == 0) cv_.notify_all();
  }
  // Closes the oldest open hour and returns it once nobody writes to it.
  int64_t CloseOldest() {
    std::unique_lock lock(mu_);
    const int64_t hour = first_open_++;
    cv_.wait(lock, [&] { return writing_[hour] == 0; });
    return hour;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int64_t first_open_ = 0;
  std::map<int64_t, int> writing_;
};

int64_t Between(std::mt19937_64& rng, int64_t low, int64_t high) {
  return low + static_cast<int64_t>(rng() % static_cast<uint64_t>(high - low + 1));
}

// One row as text values; nullopt is NULL.
using TextRow = std::vector<std::optional<std::string>>;

// Rows seq 0 .. rows-1 of a batch in metrics (time, batch, seq, host, v),
// at random times inside `hour`, so flushes overlap and merges have work.
std::vector<TextRow> MetricsRows(int64_t batch, int64_t hour, int64_t rows, std::mt19937_64& rng) {
  std::vector<TextRow> out;
  for (int64_t seq = 0; seq < rows; ++seq) {
    const int64_t time = kOriginMicros + hour * kHourMicros + Between(rng, 0, kHourMicros - 1);
    std::optional<std::string> v;
    if (rng() % 10 != 0) v = std::to_string(static_cast<double>(Between(rng, 0, 9999)) / 100);
    out.push_back({Timestamp(time), std::to_string(batch), std::to_string(seq),
                   "host_" + std::to_string(Between(rng, 0, 19)), v});
  }
  return out;
}

// Rows of a batch in events (time, batch, seq, note), on one day.
std::vector<TextRow> EventsRows(int64_t batch, int64_t day, int64_t rows, std::mt19937_64& rng) {
  std::vector<TextRow> out;
  for (int64_t seq = 0; seq < rows; ++seq) {
    const int64_t time = kOriginMicros + day * kDayMicros + Between(rng, 0, kDayMicros - 1);
    out.push_back({Timestamp(time), std::to_string(batch), std::to_string(seq),
                   "note " + std::to_string(Between(rng, 0, 999))});
  }
  return out;
}

// COPY's text format (no value needs escaping).
std::string CopyText(const std::vector<TextRow>& rows) {
  std::string text;
  for (const TextRow& row : rows) {
    for (size_t c = 0; c < row.size(); ++c)
      text += (c == 0 ? "" : "\t") + row[c].value_or("\\N");
    text += "\n";
  }
  return text;
}

// A multi-row INSERT; `target` is the table and its column list.
std::string InsertSql(const std::string& target, const std::vector<TextRow>& rows) {
  std::string sql = "INSERT INTO " + target + " VALUES ";
  for (size_t r = 0; r < rows.size(); ++r) {
    sql += r == 0 ? "(" : ", (";
    for (size_t c = 0; c < rows[r].size(); ++c)
      sql += (c == 0 ? "" : ", ") + (rows[r][c] ? "'" + *rows[r][c] + "'" : std::string("NULL"));
    sql += ")";
  }
  return sql;
}

constexpr const char* kMetricsColumns = "metrics (time, batch, seq, host, v)";
constexpr const char* kEventsColumns = "events (time, batch, seq, note)";

// One run of the workloads against a live server until it is killed. Each
// client has its own connection and random stream. Errors the server sends
// before the kill are unexpected: they are collected for the test to fail.
class Workload {
 public:
  Workload(const TestServer& server, CrashLedger& ledger, HourWindow& hours)
      : conninfo_(server.ConnectionString()), ledger_(ledger), hours_(hours) {}

  void Start(uint64_t seed) {
    std::mt19937_64 seeds(seed);
    const std::vector<void (Workload::*)(std::mt19937_64&, Client&)> clients = {
        &Workload::CopyClient,        &Workload::InsertClient,     &Workload::InsertClient,
        &Workload::TransactionClient, &Workload::CheckpointClient, &Workload::RemovalClient};
    for (auto client : clients) {
      threads_.emplace_back([this, client, seed = seeds()] {
        std::mt19937_64 rng(seed);
        Client connection(conninfo_);
        if (!connection.connected()) return;
        (this->*client)(rng, connection);
      });
    }
  }

  // Called just before the server is killed: from now on a failure is the kill's.
  void Killing() { killing_ = true; }
  void Join() {
    for (std::thread& thread : threads_)
      thread.join();
    threads_.clear();
  }
  std::vector<std::string> unexpected_errors() const {
    std::lock_guard lock(mu_);
    return unexpected_;
  }

 private:
  // Records the answer of a write; false when the client must stop.
  bool Answered(int64_t batch, Client& client, Client::Outcome outcome) {
    if (outcome == Client::Outcome::kOk) {
      ledger_.EndWrite(batch, Fate::kAcked);
      return true;
    }
    if (outcome == Client::Outcome::kError) ledger_.EndWrite(batch, Fate::kFailed);
    return Failed(client, outcome);
  }
  // False when the client must stop (the connection is gone); notes a
  // server error that was not caused by the kill.
  bool Failed(Client& client, Client::Outcome outcome) {
    if (outcome == Client::Outcome::kOk) return true;
    if (!killing_) Unexpected(client.error());
    return outcome == Client::Outcome::kError && !killing_;
  }
  void Unexpected(std::string what) {
    std::lock_guard lock(mu_);
    unexpected_.push_back(std::move(what));
  }

  // COPY outside a block: mostly small loads (one append), some larger than
  // a memtable (the bulk load writes segments of its own).
  void CopyClient(std::mt19937_64& rng, Client& client) {
    while (true) {
      const int64_t hour = hours_.Acquire(rng);
      const int64_t rows = rng() % 8 == 0 ? Between(rng, 30'000, 60'000) : Between(rng, 1, 3'000);
      const int64_t batch =
          ledger_.BeginWrite("COPY", {{.table = "metrics", .partition = hour, .rows = rows}});
      const std::string data = CopyText(MetricsRows(batch, hour, rows, rng));
      const Client::Outcome outcome =
          client.CopyIn(std::string("COPY ") + kMetricsColumns + " FROM STDIN", data);
      hours_.Release(hour);
      if (!Answered(batch, client, outcome)) return;
    }
  }

  void InsertClient(std::mt19937_64& rng, Client& client) {
    while (true) {
      const int64_t hour = hours_.Acquire(rng);
      const int64_t rows = Between(rng, 1, 300);
      const int64_t batch =
          ledger_.BeginWrite("INSERT", {{.table = "metrics", .partition = hour, .rows = rows}});
      const Client::Outcome outcome =
          client.Exec(InsertSql(kMetricsColumns, MetricsRows(batch, hour, rows, rng)));
      hours_.Release(hour);
      if (!Answered(batch, client, outcome)) return;
    }
  }

  // BEGIN; INSERT INTO metrics; INSERT INTO events or COPY events; COMMIT.
  void TransactionClient(std::mt19937_64& rng, Client& client) {
    while (true) {
      const int64_t hour = hours_.Acquire(rng);
      const int64_t metrics_rows = Between(rng, 1, 200);
      const int64_t event_rows = Between(rng, 1, 400);
      const int64_t day = Between(rng, 0, 3);
      const bool copy_events = rng() % 2 == 0;
      const int64_t batch = ledger_.BeginWrite(
          copy_events ? "BEGIN; INSERT; COPY; COMMIT" : "BEGIN; INSERT; INSERT; COMMIT",
          {{.table = "metrics", .partition = hour, .rows = metrics_rows},
           {.table = "events", .partition = day, .rows = event_rows}});
      Client::Outcome outcome = client.Exec("BEGIN");
      if (outcome == Client::Outcome::kOk) {
        outcome =
            client.Exec(InsertSql(kMetricsColumns, MetricsRows(batch, hour, metrics_rows, rng)));
      }
      if (outcome == Client::Outcome::kOk) {
        const std::vector<TextRow> events = EventsRows(batch, day, event_rows, rng);
        outcome = copy_events ? client.CopyIn(std::string("COPY ") + kEventsColumns + " FROM STDIN",
                                              CopyText(events))
                              : client.Exec(InsertSql(kEventsColumns, events));
      }
      if (outcome != Client::Outcome::kOk) {
        // COMMIT was never sent: nothing of the block may be stored.
        hours_.Release(hour);
        ledger_.EndWrite(batch, Fate::kFailed);
        if (!Failed(client, outcome)) return;
        client.Exec("ROLLBACK");
        continue;
      }
      outcome = client.Exec("COMMIT");
      hours_.Release(hour);
      if (outcome == Client::Outcome::kOk && client.tag() != "COMMIT") {
        ledger_.EndWrite(batch, Fate::kFailed);
        Unexpected("COMMIT answered " + client.tag());
        continue;
      }
      if (!Answered(batch, client, outcome)) return;
    }
  }

  void CheckpointClient(std::mt19937_64& rng, Client& client) {
    while (true) {
      std::this_thread::sleep_for(std::chrono::milliseconds(Between(rng, 50, 300)));
      if (!Failed(client, client.Exec("CHECKPOINT"))) return;
    }
  }

  // Removes the oldest open hour with drop_chunks or a DELETE of exactly
  // that chunk. Other removals fit the same pattern: a partial DELETE of one
  // acknowledged batch (`DELETE FROM metrics WHERE batch = X`, whatever its
  // hour) is BeginRemoval(sql, parts of batch X in metrics), the statement,
  // then EndRemoval with its answer; the ledger checks the rest.
  void RemovalClient(std::mt19937_64& rng, Client& client) {
    while (true) {
      std::this_thread::sleep_for(std::chrono::milliseconds(Between(rng, 100, 400)));
      const int64_t hour = hours_.CloseOldest();
      const std::string begin = Timestamp(kOriginMicros + hour * kHourMicros);
      const std::string end = Timestamp(kOriginMicros + (hour + 1) * kHourMicros);
      const std::string sql =
          rng() % 2 == 0
              ? "SELECT drop_chunks('metrics', older_than => TIMESTAMPTZ '" + end +
                    "', newer_than => TIMESTAMPTZ '" + begin + "')"
              : "DELETE FROM metrics WHERE time >= '" + begin + "' AND time < '" + end + "'";
      const int64_t removal = ledger_.BeginRemoval(sql, [&](int64_t, const BatchPart& part) {
        return part.table == "metrics" && part.partition == hour;
      });
      const Client::Outcome outcome = client.Exec(sql);
      if (outcome == Client::Outcome::kOk) {
        ledger_.EndRemoval(removal, Fate::kAcked);
      } else if (outcome == Client::Outcome::kError) {
        ledger_.EndRemoval(removal, Fate::kFailed);
      }
      if (!Failed(client, outcome)) return;
    }
  }

  const std::string conninfo_;
  CrashLedger& ledger_;
  HourWindow& hours_;
  std::atomic<bool> killing_{false};
  std::vector<std::thread> threads_;
  mutable std::mutex mu_;
  std::vector<std::string> unexpected_;
};

ObservedRows Observe(Client& client) {
  ObservedRows observed;
  for (const char* table : {"metrics", "events"}) {
    auto& rows = observed[table];
    std::vector<std::vector<std::string>> answer;
    const Client::Outcome outcome =
        client.Query(std::string("SELECT batch, count(*), count(DISTINCT seq), min(seq), "
                                 "max(seq) FROM ") +
                         table + " GROUP BY batch",
                     answer);
    INFO(client.error());
    REQUIRE(outcome == Client::Outcome::kOk);
    for (const auto& row : answer) {
      rows[std::stoll(row[0])] = BatchRows{.count = std::stoll(row[1]),
                                           .distinct_seqs = std::stoll(row[2]),
                                           .min_seq = std::stoll(row[3]),
                                           .max_seq = std::stoll(row[4])};
    }
  }
  return observed;
}

}  // namespace

TEST_CASE("After kill -9 at any moment every acknowledged row is there exactly once",
          "[durability][crash]") {
  const int iterations = EnvInt("SUNDIAL_CRASH_ITERATIONS", 20);
  const uint64_t seed = std::getenv("SUNDIAL_CRASH_SEED") != nullptr
                            ? std::strtoull(std::getenv("SUNDIAL_CRASH_SEED"), nullptr, 10)
                            : std::random_device{}();
  std::cout << "crash matrix: SUNDIAL_CRASH_SEED=" << seed << ", " << iterations << " kills"
            << std::endl;
  INFO("SUNDIAL_CRASH_SEED=" << seed);
  std::mt19937_64 rng(seed);

  TestServer server(kServerFlags);
  {
    Client setup(server.ConnectionString());
    REQUIRE(setup.connected());
    REQUIRE(setup.Exec("CREATE TABLE metrics (time timestamptz NOT NULL, batch bigint, seq int, "
                       "host text, v double precision)") == Client::Outcome::kOk);
    REQUIRE(setup.Exec("SELECT create_hypertable('metrics', 'time', chunk_time_interval => "
                       "INTERVAL '1 hour')") == Client::Outcome::kOk);
    REQUIRE(setup.Exec("CREATE TABLE events (time timestamptz NOT NULL, batch bigint, seq int, "
                       "note text) WITH (timescaledb.hypertable, "
                       "timescaledb.partition_column='time')") == Client::Outcome::kOk);
  }

  CrashLedger ledger;
  HourWindow hours;
  for (int iteration = 1; iteration <= iterations; ++iteration) {
    INFO("kill " << iteration << " of " << iterations);
    const auto delay = std::chrono::milliseconds(Between(rng, 50, 1500));
    {
      Workload workload(server, ledger, hours);
      workload.Start(rng());
      std::this_thread::sleep_for(delay);
      workload.Killing();
      server.Kill();
      workload.Join();
      std::string errors;
      for (const std::string& error : workload.unexpected_errors())
        errors += error + "\n";
      INFO("errors before the kill:\n" << errors);
      CHECK(errors.empty());
    }

    server.Restart();
    Client checker(server.ConnectionString());
    REQUIRE(checker.connected());
    const ObservedRows observed = Observe(checker);
    const std::vector<std::string> problems = ledger.Check(observed);
    if (!problems.empty()) {
      std::string report;
      for (size_t i = 0; i < problems.size() && i < 30; ++i)
        report += problems[i] + "\n";
      INFO("killed after " << delay.count() << " ms; " << problems.size() << " problems:\n"
                           << report << "--- server stderr ---\n"
                           << server.Stderr().substr(server.Stderr().size() > 4000
                                                         ? server.Stderr().size() - 4000
                                                         : 0));
      FAIL("the restarted server does not hold what was acknowledged");
    }
    ledger.Settle(observed);
    // Removals the kill left unanswered are sent again (they are
    // idempotent), so their hours are empty before the next round.
    for (const auto& [removal, sql] : ledger.PendingRemovals()) {
      INFO(sql);
      REQUIRE(checker.Exec(sql) == Client::Outcome::kOk);
      ledger.EndRemoval(removal, Fate::kAcked);
    }
  }
  const CrashLedger::Totals totals = ledger.totals();
  std::cout << "crash matrix: " << totals.acked << " statements acknowledged, " << totals.unanswered
            << " unanswered at a kill (" << totals.unanswered_stored << " of them stored), "
            << totals.removals << " removals" << std::endl;
}

}  // namespace sundial::testing
