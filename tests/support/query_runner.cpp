#include "support/query_runner.h"

#include <stdexcept>

namespace sundial::testing {

QueryResult RunQuery(pqxx::connection& connection, const std::string& sql) {
  pqxx::nontransaction transaction(connection);
  const pqxx::result result = transaction.exec(sql);
  QueryResult answer;
  for (pqxx::row::size_type column = 0; column < result.columns(); ++column) {
    answer.columns.emplace_back(result.column_name(column));
    answer.column_types.push_back(static_cast<uint32_t>(result.column_type(column)));
  }
  for (const pqxx::row& row : result) {
    Row values;
    for (const pqxx::field& field : row) {
      values.push_back(field.is_null() ? std::nullopt : std::optional<std::string>(field.c_str()));
    }
    answer.rows.push_back(std::move(values));
  }
  return answer;
}

QueryOutcome TryQuery(pqxx::connection& connection, const std::string& sql) {
  try {
    return QueryOutcome{.result = RunQuery(connection, sql)};
  } catch (const pqxx::sql_error& error) {
    return QueryOutcome{.sqlstate = error.sqlstate(), .error = error.what()};
  } catch (const pqxx::serialization_failure& error) {
    // libpqxx 6 reports 40001 through its own class, which has no SQLSTATE.
    return QueryOutcome{.sqlstate = "40001", .error = error.what()};
  }
}

std::optional<std::string> QueryValue(pqxx::connection& connection, const std::string& sql) {
  const QueryResult result = RunQuery(connection, sql);
  if (result.rows.size() != 1 || result.columns.size() != 1) {
    throw std::runtime_error("expected one value from `" + sql + "`, got:\n" +
                             FormatResult(result));
  }
  return result.rows[0][0];
}

std::string FormatResult(const QueryResult& result) {
  std::string text;
  for (size_t i = 0; i < result.columns.size(); ++i) {
    text += (i ? " | " : "") + result.columns[i];
  }
  text += "\n";
  for (const Row& row : result.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      text += (i ? " | " : "") + row[i].value_or("<null>");
    }
    text += "\n";
  }
  text += "(" + std::to_string(result.rows.size()) + " rows)";
  return text;
}

}  // namespace sundial::testing
