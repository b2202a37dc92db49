#include <fstream>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("numeric literals, casts, arithmetic and aggregates answer like PostgreSQL",
          "[compat][numeric]") {
  CompareScript("numeric_queries.sql");
}

TEST_CASE("numeric mistakes fail like PostgreSQL", "[compat][numeric][errors]") {
  CompareErrorScript("numeric_error_queries.sql");
}

TEST_CASE("numeric table columns store, round and aggregate like PostgreSQL", "[compat][numeric]") {
  CompareScript(
      "numeric_column_queries.sql",
      "CREATE TABLE trades (time timestamptz NOT NULL, symbol text, price numeric(12, 4), "
      "qty numeric, fee decimal(6, 2));\n"
      "SELECT create_hypertable('trades', 'time', chunk_time_interval => "
      "INTERVAL '6 hours');");
}

TEST_CASE("COPY into numeric columns rounds to the scale and rejects what PostgreSQL rejects",
          "[compat][numeric]") {
  LoadedPair pair;
  pair->ExecuteOnBoth(
      "CREATE TABLE quotes (time timestamptz NOT NULL, bid numeric(8, 3), size decimal)");
  TempDir dir;
  const std::string path = dir.Join("quotes.csv");
  std::ofstream(path) << "2016-01-01 00:00:00+00,1.23456,10\n"
                         "2016-01-01 00:00:01+00,-99999.9994,1e-5\n"
                         "2016-01-01 00:00:02+00,,NaN\n"
                         "2016-01-01 00:00:03+00,  7 ,-Infinity\n";
  pair->CopyCsvIntoBoth("quotes", path);
  CHECK(pair->Compare("SELECT time, bid::text, size::text FROM quotes ORDER BY time").empty());
  RunQuery(pair->sundial(), "CHECKPOINT");
  CHECK(pair->Compare("SELECT sum(bid)::text, max(size)::text, count(*) FROM quotes").empty());

  // One row each column cannot take: 22003 beyond numeric(8, 3), 22P02 for text.
  for (const auto& [column, value] :
       std::vector<std::pair<std::string, std::string>>{{"bid", "100000"}, {"size", "abc"}}) {
    INFO(column << " = " << value);
    std::string outcomes[2];
    pqxx::connection* sides[2] = {&pair->sundial(), &pair->postgres()};
    for (int side = 0; side < 2; ++side) {
      try {
        pqxx::work work(*sides[side]);
        pqxx::stream_to stream(work, "quotes", std::vector<std::string>{"time", column});
        stream << std::make_tuple(std::string("2016-01-02 00:00:00+00"), value);
        stream.complete();
        work.commit();
        outcomes[side] = "ok";
      } catch (const pqxx::sql_error& error) {
        outcomes[side] = error.sqlstate();
      }
    }
    CHECK(outcomes[0] == outcomes[1]);
    CHECK(outcomes[0] != "ok");
  }
  CHECK(pair->Compare("SELECT count(*) FROM quotes").empty());
}

}  // namespace sundial::testing
