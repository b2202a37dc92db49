#include "support/postgres_oracle.h"

#include <pwd.h>
#include <unistd.h>

#include <iostream>
#include <stdexcept>

#include "support/free_port.h"
#include "support/psql.h"

namespace sundial::testing {
namespace {

constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin/";
constexpr int kStartAttempts = 3;

bool RunningAsRoot() {
  return geteuid() == 0;
}

std::string Lines(const CommandResult& result) {
  return result.out + result.err;
}

}  // namespace

PostgresOracle::PostgresOracle() : data_dir_(dir_.Join("data")) {
  if (RunningAsRoot()) {
    const passwd* user = getpwnam("postgres");
    if (user == nullptr) throw std::runtime_error("running as root but there is no postgres user");
    if (chown(dir_.path().c_str(), user->pw_uid, user->pw_gid) != 0) {
      throw std::runtime_error("cannot chown " + dir_.path() + " to postgres");
    }
  }
  const CommandResult init = RunAsPostgres(
      "initdb",
      {"-D", data_dir_, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"});
  if (init.exit_code != 0) throw std::runtime_error("initdb failed:\n" + Lines(init));

  for (int attempt = 1; attempt <= kStartAttempts && !running_; ++attempt) {
    port_ = PickFreePort();
    running_ = TryStart();
  }
  if (!running_) {
    throw std::runtime_error("PostgreSQL did not start:\n" + ReadFile(dir_.Join("server.log")));
  }

  const CommandResult load =
      RunPsql(port_, {"-f", std::string(SUNDIAL_SOURCE_DIR) + "/tests/compat/pg_emulation.sql"});
  if (load.exit_code != 0) {
    throw std::runtime_error("loading pg_emulation.sql into PostgreSQL failed:\n" + Lines(load));
  }
}

PostgresOracle::~PostgresOracle() {
  Stop();
}

std::string PostgresOracle::ConnectionString() const {
  return "host=127.0.0.1 port=" + std::to_string(port_) +
         " user=postgres dbname=postgres connect_timeout=10";
}

CommandResult PostgresOracle::RunAsPostgres(const std::string& program,
                                            const std::vector<std::string>& args) const {
  std::vector<std::string> argv;
  if (RunningAsRoot()) argv = {"runuser", "-u", "postgres", "--"};
  argv.push_back(kBinDir + program);
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

bool PostgresOracle::TryStart() {
  const std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k " +
                              dir_.path() + " -c fsync=off -c timezone=UTC -c lc_messages=C";
  const CommandResult start = RunAsPostgres(
      "pg_ctl",
      {"start", "-w", "-t", "60", "-D", data_dir_, "-l", dir_.Join("server.log"), "-o", options});
  return start.exit_code == 0;
}

void PostgresOracle::Stop() {
  if (!running_) return;
  running_ = false;
  // Immediate mode: the cluster is thrown away, so there is nothing to checkpoint.
  const CommandResult stop =
      RunAsPostgres("pg_ctl", {"stop", "-w", "-m", "immediate", "-D", data_dir_});
  if (stop.exit_code == 0) return;
  const std::string pid_file = ReadFile(data_dir_ + "/postmaster.pid");
  const std::string pid = pid_file.substr(0, pid_file.find('\n'));
  const CommandResult kill = RunAsPostgres("pg_ctl", {"kill", "KILL", pid});
  // A destructor cannot fail the test; say loudly that a server may be left behind.
  if (kill.exit_code != 0) {
    std::cerr << "could not stop the PostgreSQL oracle (pid " << pid << "):\n"
              << Lines(stop) << Lines(kill);
  }
}

}  // namespace sundial::testing
