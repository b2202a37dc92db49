#pragma once

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "support/differential_pair.h"
#include "support/result_comparison.h"
#include "support/temp_dir.h"
#include "support/tsbs_cpu_data.h"

namespace sundial::testing {

// Both servers with the same schema and the same rows, loaded by COPY.
class LoadedPair {
 public:
  LoadedPair() {
    pair_.ExecuteOnBoth(TsbsCpuData::kSchemaSql);
    Load("cpu", TsbsCpuData::CpuCsv());
    Load("readings", TsbsCpuData::ReadingsCsv());
  }
  DifferentialPair& operator*() { return pair_; }
  DifferentialPair* operator->() { return &pair_; }

 private:
  void Load(const std::string& table, const std::string& csv) {
    const std::string path = dir_.Join(table + ".csv");
    std::ofstream(path) << csv;
    pair_.CopyCsvIntoBoth(table, path);
  }

  TempDir dir_;
  DifferentialPair pair_;
};

// Runs every statement of tests/compat/<file> on both sides and reports each
// difference. `setup_sql` (may be empty) runs on both sides after the load.
inline void CompareScript(const std::string& file, const std::string& setup_sql = "") {
  LoadedPair pair;
  if (!setup_sql.empty()) pair->ExecuteOnBoth(setup_sql);
  const auto statements = ReadScript(std::string(SUNDIAL_SOURCE_DIR) + "/tests/compat/" + file);
  REQUIRE_FALSE(statements.empty());
  int matching = 0;
  for (const ScriptStatement& statement : statements) {
    const std::string difference = pair->Compare(statement.sql);
    if (difference.empty()) {
      ++matching;
    } else {
      FAIL_CHECK("[" << statement.label << "] " << difference);
    }
  }
  INFO(matching << " of " << statements.size() << " statements of " << file << " matched");
  CHECK(matching == static_cast<int>(statements.size()));
}

// For features PostgreSQL lacks: the statements of tests/compat/<file> come
// in pairs, a Sundial query and then a PostgreSQL query written to give the
// same answer; each pair must agree. `setup_sql` as for CompareScript.
inline void CompareEquivalentScript(const std::string& file, const std::string& setup_sql = "") {
  LoadedPair pair;
  if (!setup_sql.empty()) pair->ExecuteOnBoth(setup_sql);
  const auto statements = ReadScript(std::string(SUNDIAL_SOURCE_DIR) + "/tests/compat/" + file);
  REQUIRE_FALSE(statements.empty());
  REQUIRE(statements.size() % 2 == 0);
  int matching = 0;
  for (size_t i = 0; i < statements.size(); i += 2) {
    const std::string difference =
        pair->CompareEquivalent(statements[i].sql, statements[i + 1].sql);
    if (difference.empty()) {
      ++matching;
    } else {
      FAIL_CHECK("[" << statements[i].label << "] " << difference);
    }
  }
  INFO(matching << " of " << statements.size() / 2 << " pairs of " << file << " matched");
  CHECK(matching == static_cast<int>(statements.size() / 2));
}

// Every statement of tests/compat/<file> must fail with PostgreSQL's SQLSTATE,
// and the session must survive each error. `setup_sql` as for CompareScript.
inline void CompareErrorScript(const std::string& file, const std::string& setup_sql = "") {
  LoadedPair pair;
  if (!setup_sql.empty()) pair->ExecuteOnBoth(setup_sql);
  const auto statements = ReadScript(std::string(SUNDIAL_SOURCE_DIR) + "/tests/compat/" + file);
  REQUIRE_FALSE(statements.empty());
  for (const ScriptStatement& statement : statements) {
    const std::string difference = pair->CompareError(statement.sql);
    if (!difference.empty()) FAIL_CHECK("[" << statement.label << "] " << difference);
    CHECK(pair->Compare("SELECT count(*) FROM cpu").empty());
  }
}

}  // namespace sundial::testing
