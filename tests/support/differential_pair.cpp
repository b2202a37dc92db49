#include "support/differential_pair.h"

#include <stdexcept>

#include "support/psql.h"
#include "support/result_comparison.h"

namespace sundial::testing {
namespace {

std::string Outcome(const QueryOutcome& outcome) {
  if (outcome.result) return FormatResult(*outcome.result);
  return "ERROR " + outcome.sqlstate + ": " + outcome.error;
}

std::string Report(const std::string& sql, const std::string& problem, const QueryOutcome& ours,
                   const QueryOutcome& reference) {
  return "query:\n" + sql + "\n\n" + problem + "\n\n--- Sundial ---\n" + Outcome(ours) +
         "\n--- PostgreSQL ---\n" + Outcome(reference);
}

// Empty when both sides answered alike; a report when either rejected the query.
// `sql` labels the report; `ordered` says whether row order must match.
std::string CompareAnswers(const std::string& sql, bool ordered, const QueryOutcome& ours,
                           const QueryOutcome& reference) {
  if (!reference.result) return Report(sql, "PostgreSQL rejected the query", ours, reference);
  if (!ours.result) return Report(sql, "Sundial rejected the query", ours, reference);
  const std::string difference = DescribeDifference(*ours.result, *reference.result, ordered);
  return difference.empty() ? "" : Report(sql, difference, ours, reference);
}

}  // namespace

DifferentialPair::DifferentialPair()
    : postgres_connection_(std::make_unique<pqxx::connection>(oracle_.ConnectionString())),
      sundial_connection_(std::make_unique<pqxx::connection>(server_.ConnectionString())) {
  ExecuteOnBoth("SET TIME ZONE 'UTC'");
}

void DifferentialPair::ExecuteOnBoth(const std::string& sql) {
  const QueryOutcome reference = TryQuery(postgres(), sql);
  if (!reference.result)
    throw std::runtime_error("PostgreSQL rejected:\n" + sql + "\n" + Outcome(reference));
  const QueryOutcome ours = TryQuery(sundial(), sql);
  if (!ours.result) throw std::runtime_error("Sundial rejected:\n" + sql + "\n" + Outcome(ours));
}

void DifferentialPair::CopyCsvIntoBoth(const std::string& table, const std::string& csv_path) {
  const std::string copy = "\\copy " + table + " FROM '" + csv_path + "' WITH (FORMAT csv)";
  for (const auto& [name, port] : {std::pair<std::string, int>{"PostgreSQL", oracle_.port()},
                                   std::pair<std::string, int>{"Sundial", server_.port()}}) {
    const CommandResult result = RunPsql(port, {"-c", copy});
    if (result.exit_code != 0) {
      throw std::runtime_error(name + " failed `" + copy + "`:\n" + result.err);
    }
  }
}

std::string DifferentialPair::Compare(const std::string& sql) {
  return CompareEquivalent(sql, sql);
}

std::string DifferentialPair::CompareEquivalent(const std::string& sundial_sql,
                                                const std::string& postgres_sql) {
  const QueryOutcome reference = TryQuery(postgres(), postgres_sql);
  const QueryOutcome ours = TryQuery(sundial(), sundial_sql);
  const std::string label = sundial_sql == postgres_sql
                                ? sundial_sql
                                : sundial_sql + "\n\nPostgreSQL equivalent:\n" + postgres_sql;
  return CompareAnswers(label, HasTopLevelOrderBy(sundial_sql), ours, reference);
}

std::string DifferentialPair::CompareError(const std::string& sql) {
  const QueryOutcome reference = TryQuery(postgres(), sql);
  const QueryOutcome ours = TryQuery(sundial(), sql);
  if (reference.result) return Report(sql, "PostgreSQL accepted the query", ours, reference);
  if (ours.result) return Report(sql, "Sundial accepted the query", ours, reference);
  if (ours.sqlstate != reference.sqlstate)
    return Report(sql, "the SQLSTATEs differ", ours, reference);
  return "";
}

std::string DifferentialPair::CompareAnswerOrError(const std::string& sql,
                                                   QueryOutcome* reference_out) {
  const QueryOutcome reference = TryQuery(postgres(), sql);
  const QueryOutcome ours = TryQuery(sundial(), sql);
  if (reference_out != nullptr) *reference_out = reference;
  if (!reference.result && !ours.result) {
    if (ours.sqlstate.substr(0, 2) == reference.sqlstate.substr(0, 2)) return "";
    return Report(sql, "the SQLSTATE classes differ", ours, reference);
  }
  return CompareAnswers(sql, HasTopLevelOrderBy(sql), ours, reference);
}

}  // namespace sundial::testing
