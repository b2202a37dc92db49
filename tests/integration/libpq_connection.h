#pragma once

// Plain libpq for the integration tests that look at what libpq itself
// reports: connection failures, TLS state.

#include <postgresql/libpq-fe.h>

#include <memory>
#include <string>

namespace sundial::testing {

struct PgConnCloser {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
using PgConnection = std::unique_ptr<PGconn, PgConnCloser>;

struct PgResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, PgResultClearer>;

// Connects (blocking); check PQstatus for the outcome.
inline PgConnection ConnectLibpq(const std::string& conninfo) {
  return PgConnection(PQconnectdb(conninfo.c_str()));
}

// The first value of `sql`'s answer, or libpq's error text.
inline std::string FirstValue(PGconn* connection, const std::string& sql) {
  PGresult* result = PQexec(connection, sql.c_str());
  std::string value = PQresultStatus(result) == PGRES_TUPLES_OK ? PQgetvalue(result, 0, 0)
                                                                : PQresultErrorMessage(result);
  PQclear(result);
  return value;
}

}  // namespace sundial::testing
