#include <filesystem>

#include "compat/compat_scripts.h"

namespace sundial::testing {

TEST_CASE("GROUP BY, ORDER BY and DISTINCT that spill under work_mem 64kB answer like PostgreSQL",
          "[compat][spill]") {
  CompareScript("spill_queries.sql", "SET work_mem = '64kB'");
}

TEST_CASE("queries that spill leave the server's temp directory empty", "[compat][spill]") {
  LoadedPair pair;
  pair->ExecuteOnBoth("SET work_mem = '64kB'");
  CHECK(pair->Compare("SELECT * FROM cpu ORDER BY usage_user, time, hostname").empty());
  CHECK(pair->Compare("SELECT time, hostname, count(*), max(usage_user) FROM cpu "
                      "GROUP BY time, hostname")
            .empty());
  CHECK(pair->Compare("SELECT DISTINCT time, hostname, round(usage_user) FROM cpu").empty());
  CHECK(pair->Compare("SELECT a.time, b.hostname FROM cpu a FULL JOIN cpu b "
                      "ON a.hostname = b.hostname AND a.time = b.time + interval '1 minute'")
            .empty());
  CHECK(pair->Compare("SELECT time, hostname, rank() OVER (ORDER BY time), "
                      "lag(usage_user) OVER (ORDER BY time, hostname) FROM cpu")
            .empty());
  const std::filesystem::path temp_dir =
      std::filesystem::path(pair->sundial_data_dir()) / "sql" / "tmp";
  REQUIRE(std::filesystem::is_directory(temp_dir));
  CHECK(std::filesystem::is_empty(temp_dir));
}

TEST_CASE("joins and window functions that spill under work_mem 64kB answer like PostgreSQL",
          "[compat][spill]") {
  CompareScript("join_window_spill_queries.sql", "SET work_mem = '64kB'");
}

TEST_CASE(
    "INTERSECT and EXCEPT, with and without ALL, that spill under work_mem 64kB answer like "
    "PostgreSQL",
    "[compat][spill]") {
  CompareScript("set_operation_spill_queries.sql", "SET work_mem = '64kB'");
}

namespace {

// The EXPLAIN ANALYZE line of the plan node whose headline starts with
// `node`.
std::string AnalyzedLine(DifferentialPair& pair, const std::string& query,
                         const std::string& node) {
  QueryResult result = RunQuery(pair.sundial(), "EXPLAIN ANALYZE " + query);
  for (const Row& row : result.rows) {
    if (row.empty() || !row[0]) continue;
    const std::string& line = *row[0];
    size_t at = line.find_first_not_of(" ->");
    if (at != std::string::npos && line.compare(at, node.size(), node) == 0) return line;
  }
  return "";
}

}  // namespace

TEST_CASE(
    "EXPLAIN ANALYZE shows the memory and spill of joins, windows and set operations under "
    "work_mem 64kB",
    "[compat][spill]") {
  LoadedPair pair;
  pair->ExecuteOnBoth("SET work_mem = '64kB'");
  const std::string join = AnalyzedLine(
      *pair, "SELECT count(*) FROM cpu a JOIN cpu b ON a.hostname = b.hostname AND a.time = b.time",
      "HashJoin");
  INFO(join);
  CHECK(join.find("memory=") != std::string::npos);
  CHECK(join.find("spilled=") != std::string::npos);
  const std::string window = AnalyzedLine(
      *pair, "SELECT time, hostname, sum(usage_user) OVER (ORDER BY time, hostname) FROM cpu",
      "Window");
  INFO(window);
  CHECK(window.find("memory=") != std::string::npos);
  CHECK(window.find("spilled=") != std::string::npos);
  const std::string set_operation = AnalyzedLine(
      *pair, "SELECT hostname, time FROM cpu EXCEPT ALL SELECT hostname, time FROM cpu",
      "SetOperation");
  INFO(set_operation);
  CHECK(set_operation.find("memory=") != std::string::npos);
  CHECK(set_operation.find("spilled=") != std::string::npos);
  // UNION ALL holds nothing: the spilling DISTINCT below keeps its account.
  const std::string union_all =
      AnalyzedLine(*pair,
                   "SELECT * FROM (SELECT DISTINCT hostname, time FROM cpu) a "
                   "UNION ALL SELECT hostname, time FROM cpu",
                   "SetOperation");
  INFO(union_all);
  CHECK(union_all.find("UnionAll") != std::string::npos);
  CHECK(union_all.find("memory=") == std::string::npos);
  pair->ExecuteOnBoth("RESET work_mem");
  const std::string in_memory = AnalyzedLine(
      *pair, "SELECT count(*) FROM cpu a JOIN cpu b ON a.hostname = b.hostname AND a.time = b.time",
      "HashJoin");
  CHECK(in_memory.find("memory=") != std::string::npos);
  CHECK(in_memory.find("spilled=") == std::string::npos);
  const std::string set_operation_in_memory = AnalyzedLine(
      *pair, "SELECT hostname, time FROM cpu EXCEPT ALL SELECT hostname, time FROM cpu",
      "SetOperation");
  CHECK(set_operation_in_memory.find("memory=") != std::string::npos);
  CHECK(set_operation_in_memory.find("spilled=") == std::string::npos);
  const std::filesystem::path temp_dir =
      std::filesystem::path(pair->sundial_data_dir()) / "sql" / "tmp";
  CHECK(std::filesystem::is_empty(temp_dir));
}

}  // namespace sundial::testing
