#pragma once

// A query's answer as Grafana's PostgreSQL data source receives it (simple
// query protocol, text values, column type OIDs), and the checks that it has
// what Grafana needs to draw a time series, a table or a variable's choices.

#include <postgresql/libpq-fe.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "grafana_macros.h"

namespace sundial::testing {

// PostgreSQL type OIDs Grafana's pgx-based reader distinguishes.
constexpr Oid kBool = 16, kName = 19, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25, kFloat4 = 700,
              kFloat8 = 701, kBpchar = 1042, kVarchar = 1043, kDate = 1082, kTimestamp = 1114,
              kTimestamptz = 1184, kNumeric = 1700;

bool IsNumeric(Oid type);
bool IsText(Oid type);
bool IsTime(Oid type);

struct Answer {
  ExecStatusType status = PGRES_FATAL_ERROR;
  std::string error;
  std::vector<std::string> names;
  std::vector<Oid> types;
  std::vector<std::vector<std::optional<std::string>>> rows;

  // The index of the column named `name`, or -1.
  int Column(const std::string& name) const;
  // The column's values, NULL as "<null>".
  std::vector<std::string> Values(int column) const;
};

// A simple-protocol Query, as Grafana's backend sends every panel query
// (pgconn's Exec); the last statement's result.
Answer Exec(PGconn* connection, const std::string& sql);

// The error, the columns with their type OIDs and the row count, for failure
// messages.
std::string Describe(const Answer& answer);

// A time-series answer: a `time` (or `time_sec`) column of a time type or
// epoch seconds in text pgx decodes, never NULL, ascending (Grafana turns
// long frames into wide ones only when sorted) and inside the range (bucket
// starts aligned to the interval when the query buckets); value columns
// numeric, text columns become series labels, `metric` names the series and
// then lists exactly `hosts`; a gap-filled query has every bucket.
void CheckTimeSeries(const Answer& answer, const GrafanaQueryContext& context,
                     const GrafanaExpansion& expansion, const std::set<std::string>& hosts,
                     const std::string& raw_sql);

// A table answer: rows, and columns of types Grafana reads; a hostname
// column lists each of `hosts` once.
void CheckTable(const Answer& answer, const std::set<std::string>& hosts);

// A variable's answer: one text column (or __text / __value), no NULLs, no
// duplicates. Returns the values.
std::vector<std::string> CheckVariable(const Answer& answer);

}  // namespace sundial::testing
