#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "compat/compat_scripts.h"

// DELETE with any condition, run in order on both servers: the same
// `DELETE n` counts, and the same answers from the rows left.

namespace sundial::testing {
namespace {

// The row count a DELETE's command tag reports, or its SQLSTATE.
std::string DeleteOutcome(pqxx::connection& connection, const std::string& sql) {
  try {
    pqxx::nontransaction work(connection);
    return "DELETE " + std::to_string(work.exec(sql).affected_rows());
  } catch (const pqxx::sql_error& error) {
    return "error " + error.sqlstate();
  }
}

// Questions about what is left, asked after every DELETE.
const std::vector<std::string> kChecks = {
    "SELECT count(*), count(usage_guest), sum(usage_user), min(time), max(time) FROM cpu",
    "SELECT hostname, count(*), avg(usage_system), max(usage_idle) FROM cpu "
    "GROUP BY hostname ORDER BY hostname",
    "SELECT time_bucket('1 hour', time) AS bucket, count(*), min(usage_user) FROM cpu "
    "GROUP BY bucket ORDER BY bucket",
    "SELECT DISTINCT ON (hostname) hostname, time, usage_user FROM cpu "
    "ORDER BY hostname, time DESC",
    "SELECT hostname, last(usage_user, time), max(time) FROM cpu GROUP BY hostname "
    "ORDER BY hostname",
    "SELECT time, hostname, usage_user FROM cpu WHERE hostname = 'host_7' "
    "AND time >= '2016-01-01 05:50:00+00' AND time < '2016-01-01 06:10:00+00' ORDER BY time",
    "SELECT device, count(*), sum(reading), count(note), count(flag) FROM readings "
    "GROUP BY device ORDER BY device",
    "SELECT * FROM readings ORDER BY time",
};

void CompareDeletes(DifferentialPair& pair, const std::vector<std::string>& deletes) {
  for (const std::string& sql : deletes) {
    const std::string ours = DeleteOutcome(pair.sundial(), sql);
    const std::string reference = DeleteOutcome(pair.postgres(), sql);
    INFO(sql);
    CHECK(ours == reference);
    for (const std::string& check : kChecks) {
      const std::string difference = pair.Compare(check);
      if (!difference.empty()) FAIL_CHECK("after " << sql << ":\n" << difference);
    }
  }
}

TEST_CASE("DELETE with any condition removes the rows PostgreSQL removes", "[compat][delete]") {
  LoadedPair pair;
  // Sundial's rows in segments first, then more rows left in its memtable.
  RunQuery(pair->sundial(), "CHECKPOINT");
  CompareDeletes(
      *pair, {
                 "DELETE FROM cpu WHERE hostname = 'host_1'",
                 "DELETE FROM cpu WHERE usage_user > 90 AND usage_user <= 95",
                 "DELETE FROM cpu WHERE hostname = 'host_2' OR usage_system < 5",
                 "DELETE FROM cpu WHERE hostname IN ('host_4', 'host_5') "
                 "AND time < '2016-01-01 09:30:00+00'",
                 "DELETE FROM cpu WHERE usage_guest IS NULL",
                 "DELETE FROM cpu WHERE usage_guest_nice IS NOT NULL AND hostname = 'host_13'",
                 "DELETE FROM cpu WHERE time >= '2016-01-01 03:17:00+00' "
                 "AND time < '2016-01-01 14:00:00+00'",
                 "DELETE FROM cpu WHERE hostname = 'host_1'",
                 "DELETE FROM readings WHERE device IS NULL OR reading IS NULL",
                 "DELETE FROM readings WHERE note LIKE '%hot%'",
                 "DELETE FROM readings WHERE flag",
                 "DELETE FROM readings WHERE NOT flag AND level BETWEEN 2 AND 5",
                 "DELETE FROM readings WHERE CASE WHEN value > 50 THEN reading < 0 ELSE false END",
                 "DELETE FROM readings WHERE time > now()",
             });
  pair->ExecuteOnBoth(
      "INSERT INTO cpu (time, hostname, usage_user, usage_guest) VALUES "
      "('2016-01-01 05:30:00+00', 'host_1', 10, 1), ('2016-01-01 23:59:30+00', 'host_3', 20, "
      "NULL), "
      "('2016-01-01 13:00:00+00', 'host_9', 30, 3);"
      "INSERT INTO readings (time, device, reading) VALUES "
      "('2016-01-02 10:00:00+00', 'alpha', 5), ('2016-01-02 11:00:00+00', NULL, 6)");
  CompareDeletes(*pair,
                 {
                     // New rows in Sundial's memtable with marked rows in its segments.
                     "DELETE FROM cpu WHERE hostname IN ('host_1', 'host_3') AND usage_user < 25",
                     "DELETE FROM readings WHERE device IS NULL",
                     // Whole chunks holding rows deleted before, and a part of the next.
                     "DELETE FROM cpu WHERE time < '2016-01-01 13:30:00+00'",
                     "DELETE FROM cpu WHERE usage_idle * 2 > usage_user + 100",
                     "DELETE FROM readings",
                     "DELETE FROM cpu",
                 });
}

TEST_CASE("DELETE ... RETURNING returns the rows PostgreSQL returns", "[compat][delete]") {
  LoadedPair pair;
  RunQuery(pair->sundial(), "CHECKPOINT");
  for (const std::string sql : {
           "DELETE FROM cpu WHERE hostname = 'host_6' AND usage_user > 80 "
           "RETURNING time, hostname, usage_user, usage_user * 2 AS twice",
           "DELETE FROM readings WHERE reading < -900 RETURNING *",
           "DELETE FROM readings WHERE time < '2016-01-01 00:00:00+00' "
           "RETURNING device, coalesce(note, 'none'), reading IS NULL",
           "DELETE FROM cpu WHERE time < '2016-01-01 06:00:00+00' AND usage_idle < 3 "
           "RETURNING hostname, time",
       }) {
    const std::string difference = pair->Compare(sql);
    if (!difference.empty()) FAIL_CHECK(difference);
  }
  for (const std::string& check : kChecks) {
    const std::string difference = pair->Compare(check);
    if (!difference.empty()) FAIL_CHECK(difference);
  }
}

TEST_CASE("DELETE mistakes fail like PostgreSQL", "[compat][delete][errors]") {
  LoadedPair pair;
  CompareDeletes(*pair, {
                            "DELETE FROM cpu WHERE nosuch = 1",
                            "DELETE FROM cpu WHERE usage_user",
                            "DELETE FROM cpu WHERE usage_user / 0 > 1",
                            "DELETE FROM cpu WHERE hostname = 5",
                            "DELETE FROM nosuch WHERE x = 1",
                            "DELETE FROM cpu WHERE hostname = 'host_1' RETURNING nosuch",
                            "DELETE FROM cpu WHERE hostname = 'host_1' RETURNING 1 / 0",
                        });
}

}  // namespace
}  // namespace sundial::testing
