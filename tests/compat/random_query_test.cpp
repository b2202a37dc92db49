#include <chrono>
#include <cstdlib>
#include <exception>
#include <string>

#include "compat/compat_scripts.h"
#include "compat/dimension_tables.h"
#include "compat/random_query_generator.h"

namespace sundial::testing {
namespace {

// CI runs this many queries of this seed; SUNDIAL_RANDOM_QUERIES and
// SUNDIAL_RANDOM_SEED choose others for a long local run.
constexpr uint64_t kDefaultSeed = 20261206;
constexpr uint64_t kDefaultQueries = 3000;
// A broken build would otherwise print thousands of reports.
constexpr int kMaxReportedMismatches = 20;

uint64_t FromEnvironment(const char* name, uint64_t fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  return std::strtoull(text, nullptr, 10);
}

}  // namespace

TEST_CASE("Seeded random queries answer like PostgreSQL", "[compat][random]") {
  const uint64_t seed = FromEnvironment("SUNDIAL_RANDOM_SEED", kDefaultSeed);
  const uint64_t queries = FromEnvironment("SUNDIAL_RANDOM_QUERIES", kDefaultQueries);
  LoadedPair pair;
  pair->ExecuteOnBoth(kDimensionTables);
  const RandomQueryGenerator generator(seed);
  const auto start = std::chrono::steady_clock::now();
  int mismatches = 0;
  // How the generated queries fared on PostgreSQL: a generator whose queries
  // mostly fail or return nothing tests little.
  uint64_t with_rows = 0;
  uint64_t empty = 0;
  uint64_t rejected = 0;
  uint64_t index = 0;
  for (; index < queries && mismatches < kMaxReportedMismatches; ++index) {
    const std::string sql = generator.Generate(index);
    std::string difference;
    QueryOutcome reference;
    try {
      difference = pair->CompareAnswerOrError(sql, &reference);
    } catch (const std::exception& error) {
      // A lost connection ends the run: the server most likely crashed.
      FAIL("seed " << seed << " query " << index << " broke a connection: " << error.what()
                   << "\nquery:\n"
                   << sql);
    }
    if (!reference.result) {
      ++rejected;
    } else if (reference.result->rows.empty()) {
      ++empty;
    } else {
      ++with_rows;
    }
    if (!difference.empty()) {
      ++mismatches;
      FAIL_CHECK("seed " << seed << " query " << index << ":\n" << difference);
    }
  }
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  WARN(index << " queries of seed " << seed << " in " << seconds << " s: " << with_rows
             << " answered with rows, " << empty << " with none, " << rejected
             << " rejected by PostgreSQL");
  CHECK(mismatches == 0);
}

TEST_CASE("Queries the random generator found answer like PostgreSQL", "[compat][random]") {
  CompareScript("random_regression_queries.sql", kDimensionTables);
}

TEST_CASE("Mistakes the random generator found fail like PostgreSQL", "[compat][random][errors]") {
  CompareErrorScript("random_regression_error_queries.sql", kDimensionTables);
}

}  // namespace sundial::testing
