#pragma once

#include <string>
#include <vector>

#include "support/child_process.h"
#include "support/temp_dir.h"

namespace sundial::testing {

// A private PostgreSQL 15 on 127.0.0.1 and a free port, its cluster in a temp
// dir, with tests/compat/pg_emulation.sql loaded (time_bucket, first, last,
// create_hypertable). As root the cluster runs as the `postgres` user. The
// destructor always stops it.
class PostgresOracle {
 public:
  PostgresOracle();
  ~PostgresOracle();
  PostgresOracle(const PostgresOracle&) = delete;
  PostgresOracle& operator=(const PostgresOracle&) = delete;

  int port() const { return port_; }
  std::string ConnectionString() const;

 private:
  // Runs a PostgreSQL program from the server's bin dir, as `postgres` when we are root.
  CommandResult RunAsPostgres(const std::string& program,
                              const std::vector<std::string>& args) const;
  bool TryStart();
  void Stop();

  TempDir dir_;
  std::string data_dir_;
  int port_ = 0;
  bool running_ = false;
};

}  // namespace sundial::testing
