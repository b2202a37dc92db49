#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace sundial::testing {

using Row = std::vector<std::optional<std::string>>;  // one text value per column, nullopt = NULL

// A query's answer in text form, as a client sees it.
struct QueryResult {
  std::vector<std::string> columns;
  // Each column's type OID (empty when unknown).
  std::vector<uint32_t> column_types;
  std::vector<Row> rows;
};

// Runs `sql` (one or more statements) outside a transaction block and returns
// the last statement's rows. pqxx::sql_error propagates to the caller.
QueryResult RunQuery(pqxx::connection& connection, const std::string& sql);

// The answer or the error of one query, for tests that compare either.
struct QueryOutcome {
  std::optional<QueryResult> result;
  std::string sqlstate;  // set when the query failed
  std::string error;     // the server's message when the query failed
};

QueryOutcome TryQuery(pqxx::connection& connection, const std::string& sql);

// The single value of a one-row, one-column answer; throws otherwise.
std::optional<std::string> QueryValue(pqxx::connection& connection, const std::string& sql);

// The result as a readable table, NULL printed as <null>, for failure messages.
std::string FormatResult(const QueryResult& result);

}  // namespace sundial::testing
