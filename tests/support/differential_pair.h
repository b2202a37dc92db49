#pragma once

#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "support/postgres_oracle.h"
#include "support/query_runner.h"
#include "support/test_server.h"

namespace sundial::testing {

// A Sundial server and a PostgreSQL oracle side by side, one session open on
// each, both set to UTC, for asking the same question twice.
class DifferentialPair {
 public:
  DifferentialPair();

  pqxx::connection& sundial() { return *sundial_connection_; }
  pqxx::connection& postgres() { return *postgres_connection_; }
  // The servers' ports, for clients other than these sessions (psql).
  int sundial_port() const { return server_.port(); }
  int postgres_port() const { return oracle_.port(); }
  // The Sundial server's data directory (its spill files live in sql/tmp).
  const std::string& sundial_data_dir() const { return server_.data_dir(); }

  // Runs statements on both sides; throws naming the side that failed.
  void ExecuteOnBoth(const std::string& sql);
  // Loads a CSV (no header) into `table` on both sides with psql's \copy.
  void CopyCsvIntoBoth(const std::string& table, const std::string& csv_path);

  // Empty when both sides give the same answer; otherwise a report with the
  // statement, the difference and both result sets.
  std::string Compare(const std::string& sql);
  // The same for two spellings of one question: `sundial_sql` on Sundial,
  // `postgres_sql` on PostgreSQL (for features PostgreSQL lacks, compared
  // with a hand-written equivalent).
  std::string CompareEquivalent(const std::string& sundial_sql, const std::string& postgres_sql);
  // Empty when both sides reject the statement with the same SQLSTATE.
  std::string CompareError(const std::string& sql);
  // Empty when both sides give the same answer or both reject the statement
  // with SQLSTATEs of the same class (their first two characters).
  // PostgreSQL's outcome goes to `reference` when given.
  std::string CompareAnswerOrError(const std::string& sql, QueryOutcome* reference = nullptr);

 private:
  PostgresOracle oracle_;
  TestServer server_;
  std::unique_ptr<pqxx::connection> postgres_connection_;
  std::unique_ptr<pqxx::connection> sundial_connection_;
};

}  // namespace sundial::testing
