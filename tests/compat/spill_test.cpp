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
  const std::filesystem::path temp_dir =
      std::filesystem::path(pair->sundial_data_dir()) / "sql" / "tmp";
  REQUIRE(std::filesystem::is_directory(temp_dir));
  CHECK(std::filesystem::is_empty(temp_dir));
}

}  // namespace sundial::testing
