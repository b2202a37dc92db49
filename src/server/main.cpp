// The sundial server: opens the database in a data directory and serves the
// PostgreSQL wire protocol until SIGINT/SIGTERM.

#include <unistd.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "common/byte_size.h"
#include "pgwire/scram.h"
#include "pgwire/server.h"
#include "server/policy_scheduler.h"
#include "sql/database.h"

namespace {

struct Flags {
  std::string listen = "127.0.0.1";
  uint16_t port = 5432;
  std::string data_dir = "./sundial-data";
  std::string memory_budget;  // empty: a quarter of the machine's memory
  size_t memtable_mb = 0;     // 0: from the memory budget
  size_t block_cache_mb = 0;  // 0: from the memory budget
  size_t worker_threads = 0;  // 0: one per hardware thread
  size_t retention_check_seconds = 60;
  bool background_merge = true;
  std::string ssl_cert_file;
  std::string ssl_key_file;
  std::string auth_method = "trust";
  std::string password_file;
  bool print_scram_secret = false;
};

// How the store's share of memory is split. The active and the frozen
// memtable take an eighth of the budget each (a bulk load stages about
// three memtables' worth), capped where larger memtables would only make
// WAL replay longer; decoded blocks take a quarter, and so do the rows of a
// background merge; the rest is left to statements (work_mem) and sessions.
constexpr size_t kMaxMemtableBytes = size_t{256} << 20;
constexpr size_t kMinMemtableBytes = size_t{1} << 20;

struct StoreMemory {
  size_t memtable_flush_bytes = 0;
  size_t block_cache_bytes = 0;
  size_t merge_memory_bytes = 0;
};

StoreMemory SplitMemoryBudget(size_t budget, const Flags& flags) {
  StoreMemory memory{
      .memtable_flush_bytes = std::clamp(budget / 8, kMinMemtableBytes, kMaxMemtableBytes),
      .block_cache_bytes = budget / 4,
      .merge_memory_bytes = budget / 4};
  if (flags.memtable_mb > 0) memory.memtable_flush_bytes = flags.memtable_mb << 20;
  if (flags.block_cache_mb > 0) memory.block_cache_bytes = flags.block_cache_mb << 20;
  return memory;
}

size_t DefaultMemoryBudget() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return size_t{1} << 30;
  return static_cast<size_t>(pages) * static_cast<size_t>(page_size) / 4;
}

int Serve(const Flags& flags) {
  size_t budget = DefaultMemoryBudget();
  if (!flags.memory_budget.empty()) {
    sundial::Result<size_t> parsed = sundial::ParseByteSize(flags.memory_budget);
    if (!parsed.ok()) {
      std::cerr << "sundial: --memory-budget: " << parsed.status().message() << std::endl;
      return 1;
    }
    budget = *parsed;
  }
  const StoreMemory memory = SplitMemoryBudget(budget, flags);
  auto database = sundial::sql::Database::Open(
      sundial::sql::DatabaseOptions{.data_dir = flags.data_dir,
                                    .memtable_flush_bytes = memory.memtable_flush_bytes,
                                    .block_cache_bytes = memory.block_cache_bytes,
                                    .merge_memory_bytes = memory.merge_memory_bytes,
                                    .background_merge = flags.background_merge});
  if (!database.ok()) {
    std::cerr << "sundial: " << database.status().ToString() << std::endl;
    return 1;
  }
  int exit_code = 0;
  {
    sundial::server::PolicyScheduler policies(**database,
                                              std::chrono::seconds(flags.retention_check_seconds));
    const size_t hardware = std::thread::hardware_concurrency();
    sundial::pgwire::Server server(
        **database, sundial::pgwire::ServerOptions{
                        .listen_address = flags.listen,
                        .port = flags.port,
                        .worker_threads = flags.worker_threads > 0 ? flags.worker_threads
                                                                   : (hardware > 0 ? hardware : 4),
                        .ssl_cert_file = flags.ssl_cert_file,
                        .ssl_key_file = flags.ssl_key_file,
                        .auth_method = *sundial::pgwire::ParseAuthMethod(flags.auth_method),
                        .password_file = flags.password_file});
    sundial::Status started = server.Start();
    if (!started.ok()) {
      std::cerr << "sundial: " << started.message() << std::endl;
      exit_code = 1;
    } else {
      std::cout << "Sundial listening on " << flags.listen << ":" << server.port()
                << " (data: " << flags.data_dir << ")\n"
                << "Memory budget " << (budget >> 20) << " MiB: memtables 2 x "
                << (memory.memtable_flush_bytes >> 20) << " MiB, block cache "
                << (memory.block_cache_bytes >> 20) << " MiB, merges "
                << (memory.merge_memory_bytes >> 20) << " MiB\n"
                << "Connect with: psql -h " << flags.listen << " -p " << server.port()
                << " -U postgres" << std::endl;
      server.Run();
      std::cout << "Sundial shutting down" << std::endl;
    }
  }
  // Every session is gone once the server is destroyed; closing the database
  // flushes and syncs.
  database->reset();
  return exit_code;
}

// Lets a password file hold a SCRAM secret instead of the password itself.
int PrintScramSecret() {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.empty()) {
    std::cerr << "sundial: expected a password on standard input" << std::endl;
    return 1;
  }
  std::cout << sundial::pgwire::FormatScramSecret(sundial::pgwire::MakeScramSecret(
                   password, sundial::pgwire::RandomBytes(sundial::pgwire::kScramSaltBytes)))
            << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    Flags flags;
    CLI::App app{"Sundial: a time-series SQL database speaking the PostgreSQL protocol"};
    app.add_option("--listen", flags.listen, "Address to listen on")
        ->capture_default_str()
        ->envname("SUNDIAL_LISTEN");
    app.add_option("--port", flags.port, "TCP port")
        ->capture_default_str()
        ->envname("SUNDIAL_PORT");
    app.add_option("--data-dir", flags.data_dir, "Data directory (created if missing)")
        ->capture_default_str()
        ->envname("SUNDIAL_DATA_DIR");
    app.add_option("--memory-budget", flags.memory_budget,
                   "Memory for memtables and decoded blocks, e.g. 64MiB or 4GiB (default: a "
                   "quarter of the machine's memory); writers wait when the memtables are full")
        ->envname("SUNDIAL_MEMORY_BUDGET");
    app.add_option("--memtable-mb", flags.memtable_mb,
                   "Memtable size before a flush, in MiB (default: from --memory-budget)")
        ->check(CLI::PositiveNumber);
    app.add_option("--block-cache-mb", flags.block_cache_mb,
                   "Decoded segment blocks kept in memory for later scans, in MiB (default: "
                   "from --memory-budget)");
    app.add_option("--background-merge", flags.background_merge,
                   "Merge segments in the background after flushes and loads; off, they merge "
                   "only when CHECKPOINT runs (say, to leave both cores to a backfill)")
        ->capture_default_str();
    app.add_option("--worker-threads", flags.worker_threads,
                   "Threads running statements (0: one per CPU)")
        ->capture_default_str();
    app.add_option("--retention-check-seconds", flags.retention_check_seconds,
                   "How often retention and continuous aggregate policies are checked, in "
                   "seconds")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    app.add_option("--ssl-cert-file", flags.ssl_cert_file,
                   "PEM certificate (chain) for TLS; with --ssl-key-file enables TLS")
        ->envname("SUNDIAL_SSL_CERT_FILE");
    app.add_option("--ssl-key-file", flags.ssl_key_file, "PEM private key for TLS")
        ->envname("SUNDIAL_SSL_KEY_FILE");
    app.add_option("--auth-method", flags.auth_method,
                   "How clients authenticate: trust, password, md5 or scram-sha-256")
        ->capture_default_str()
        ->check(CLI::IsMember({"trust", "password", "md5", "scram-sha-256"}))
        ->envname("SUNDIAL_AUTH_METHOD");
    app.add_option("--password-file", flags.password_file,
                   "Users and passwords, one user:password per line (plain, md5 or SCRAM secret)")
        ->envname("SUNDIAL_PASSWORD_FILE");
    app.add_flag("--scram-secret", flags.print_scram_secret,
                 "Read a password from standard input, print its SCRAM-SHA-256 secret for "
                 "--password-file, and exit");
    CLI11_PARSE(app, argc, argv);
    if (flags.print_scram_secret) return PrintScramSecret();
    return Serve(flags);
  } catch (const std::exception& e) {
    std::cerr << "sundial: fatal error: " << e.what() << std::endl;
    return 1;
  }
}
