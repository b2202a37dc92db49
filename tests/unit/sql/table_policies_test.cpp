#include "sql/table_policies.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "support/temp_dir.h"

namespace sundial::sql {
namespace {

using Kind = TablePolicies::Kind;

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

TEST_CASE("Policies of both kinds persist with job ids unique across them", "[policies]") {
  testing::TempDir dir;
  const std::string path = dir.path() + "/policies";
  {
    auto opened = TablePolicies::Open(path);
    REQUIRE(opened.ok());
    TablePolicies& policies = **opened;
    CHECK(policies.Add(Kind::kRetention, 1, Interval{.days = 30})->job_id == 1000);
    CHECK(policies.Add(Kind::kCompression, 1, Interval{.days = 7})->job_id == 1001);
    CHECK(policies.Add(Kind::kCompression, 2, Interval{.months = 1})->job_id == 1002);
    CHECK(*policies.Remove(Kind::kRetention, 1));
    CHECK_FALSE(*policies.Remove(Kind::kRetention, 1));
  }
  auto reopened = TablePolicies::Open(path);
  REQUIRE(reopened.ok());
  TablePolicies& policies = **reopened;
  CHECK_FALSE(policies.Find(Kind::kRetention, 1));
  REQUIRE(policies.Find(Kind::kCompression, 1));
  CHECK(policies.Find(Kind::kCompression, 1)->after == Interval{.days = 7});
  CHECK(policies.List(Kind::kCompression).size() == 2);
  CHECK(policies.List(Kind::kRetention).empty());
  // A removed job's id is not handed out again.
  CHECK(policies.Add(Kind::kRetention, 3, Interval{.days = 1})->job_id == 1003);
}

TEST_CASE("A policy file written before compression policies reads as retention policies",
          "[policies]") {
  testing::TempDir dir;
  const std::string path = dir.path() + "/retention_policies";
  Write(path, "1002\n1000\t4\t0\t30\t0\n1001\t5\t1\t0\t3600000000\n");
  auto opened = TablePolicies::Open(path);
  REQUIRE(opened.ok());
  const std::vector<TablePolicies::Policy> list = (*opened)->List(Kind::kRetention);
  REQUIRE(list.size() == 2);
  CHECK(list[0].job_id == 1000);
  CHECK(list[0].table_id == 4);
  CHECK(list[0].after == Interval{.days = 30});
  CHECK(list[1].after == Interval{.micros = 3600000000, .months = 1});
  CHECK((*opened)->List(Kind::kCompression).empty());
  CHECK((*opened)->Add(Kind::kCompression, 4, Interval{.days = 7})->job_id == 1002);
}

TEST_CASE("A malformed policy file is reported as corruption", "[policies]") {
  testing::TempDir dir;
  const std::string path = dir.path() + "/policies";
  for (const char* text : {"", "x\n", "1000\n1000\t1\t0\n", "1001\n1000\t1\t0\t1\t0\tcompact\n"}) {
    INFO(text);
    Write(path, text);
    CHECK(TablePolicies::Open(path).status().code() == ErrorCode::kCorruption);
  }
}

}  // namespace
}  // namespace sundial::sql
