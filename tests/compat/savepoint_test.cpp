#include <string>
#include <vector>

#include "compat/compat_scripts.h"

namespace sundial::testing {
namespace {

struct Step {
  std::string sql;
  bool fails = false;
};

// Runs the steps on both sides in one session each; every step must give
// PostgreSQL's answer, or its SQLSTATE where it fails.
void CompareSteps(const std::vector<Step>& steps) {
  LoadedPair pair;
  for (const Step& step : steps) {
    INFO(step.sql);
    std::string difference = step.fails ? pair->CompareError(step.sql) : pair->Compare(step.sql);
    CHECK(difference.empty());
  }
}

TEST_CASE("SAVEPOINT, ROLLBACK TO and RELEASE undo a block's writes like PostgreSQL",
          "[compat][savepoint]") {
  CompareSteps({
      {"CREATE TABLE sp (id integer, note text)"},
      {"BEGIN"},
      {"INSERT INTO sp VALUES (1, 'kept')"},
      {"SAVEPOINT a"},
      {"INSERT INTO sp VALUES (2, 'undone')"},
      {"SELECT * FROM sp ORDER BY id"},
      {"ROLLBACK TO SAVEPOINT a"},
      {"SELECT * FROM sp ORDER BY id"},
      {"INSERT INTO sp VALUES (3, 'after the rollback')"},
      {"SAVEPOINT b"},
      {"INSERT INTO sp VALUES (4, 'released')"},
      {"SET LOCAL TIME ZONE 'Asia/Tokyo'"},
      {"RELEASE SAVEPOINT b"},
      {"SHOW TIME ZONE"},
      // A name used twice: ROLLBACK TO returns to the inner one, which stays.
      {"SAVEPOINT a"},
      {"INSERT INTO sp VALUES (5, 'inner a, undone twice')"},
      {"SET TIME ZONE 'America/New_York'"},
      {"ROLLBACK TO a"},
      {"SHOW TIME ZONE"},
      {"INSERT INTO sp VALUES (6, 'undone again')"},
      {"ROLLBACK TO a"},
      {"RELEASE a"},
      {"SELECT * FROM sp ORDER BY id"},
      {"RELEASE a"},
      {"COMMIT"},
      {"SELECT * FROM sp ORDER BY id"},
      {"SHOW TIME ZONE"},
      // Writes to the loaded cpu table and to sp, rolled back together.
      {"BEGIN"},
      {"SAVEPOINT before_writes"},
      {"INSERT INTO sp VALUES (7, 'gone')"},
      {"INSERT INTO cpu (time, hostname, usage_user) VALUES ('2016-01-01 00:00:00+00', 'new', 1)"},
      {"ROLLBACK TO before_writes"},
      {"COMMIT"},
      {"SELECT count(*) FROM sp"},
      {"SELECT count(*) FROM cpu WHERE hostname = 'new'"},
  });
}

TEST_CASE("ROLLBACK TO SAVEPOINT recovers a failed block like PostgreSQL", "[compat][savepoint]") {
  CompareSteps({
      {"CREATE TABLE sp (id integer, note text)"},
      {"BEGIN"},
      {"INSERT INTO sp VALUES (1, 'kept')"},
      {"SAVEPOINT try_it"},
      {"INSERT INTO sp VALUES (2, 'before the error')"},
      {"SELECT 1 / 0", true},
      {"SELECT * FROM sp", true},               // 25P02: the block is aborted
      {"SAVEPOINT another", true},              // 25P02 too
      {"ROLLBACK TO SAVEPOINT missing", true},  // 3B001, and still aborted
      {"SELECT 1", true},
      {"ROLLBACK TO SAVEPOINT try_it"},
      {"INSERT INTO sp VALUES (3, 'after recovering')"},
      {"COMMIT"},
      {"SELECT * FROM sp ORDER BY id"},
      // Outside a block.
      {"SAVEPOINT outside", true},
      {"RELEASE SAVEPOINT outside", true},
      {"ROLLBACK TO SAVEPOINT outside", true},
      {"BEGIN"},
      {"RELEASE SAVEPOINT never_made", true},
      {"ROLLBACK"},
  });
}

}  // namespace
}  // namespace sundial::testing
