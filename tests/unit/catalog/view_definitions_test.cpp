#include "catalog/view_definitions.h"

#include <catch2/catch.hpp>
#include <fstream>

#include "support/temp_dir.h"

namespace sundial::catalog {

TEST_CASE("Views are kept across reopening, ids never reused", "[catalog][views]") {
  testing::TempDir dir;
  const std::string path = dir.Join("views");
  {
    auto views = ViewDefinitions::Open(path).value();
    CHECK(views->List().empty());
    // Texts with newlines, colons and quotes survive as written.
    ViewDefinition first{.name = "first",
                         .query = "SELECT 'a:b\n' AS \"x y\"\nFROM t",
                         .column_names = {"x y"},
                         .column_types = {DataType::Varchar(12)},
                         .referenced_oids = {16390}};
    REQUIRE(views->Create(first).ok());
    CHECK(views->Create(first).status().code() == ErrorCode::kDuplicateTable);
    ViewDefinition second{.name = "second", .query = "SELECT 2"};
    second.column_names = {"?column?"};
    second.column_types = {DataType::Of(TypeId::kInt32)};
    second.continuous = ContinuousAggregate{.source_table_id = 3,
                                            .materialization_table_id = 4,
                                            .bucket_width_micros = 60'000'000,
                                            .materialized_only = false,
                                            .current_ranges = {{-5, 10}, {20, 30}}};
    const uint32_t second_id = views->Create(second).value().view_id;
    REQUIRE(views->Drop(views->Find("first")->view_id).ok());
    ViewDefinition third{.name = "third", .query = "SELECT 3"};
    CHECK(views->Create(third).value().view_id > second_id);
    CHECK(views->DependingOn(16390).empty());
  }
  auto views = ViewDefinitions::Open(path).value();
  REQUIRE(views->List().size() == 2);
  CHECK_FALSE(views->Find("first"));
  std::optional<ViewDefinition> second = views->Find("second");
  REQUIRE(second);
  REQUIRE(second->continuous);
  CHECK(second->continuous->current_ranges ==
        std::vector<std::pair<int64_t, int64_t>>{{-5, 10}, {20, 30}});
  CHECK_FALSE(second->continuous->materialized_only);
  CHECK(views->FindByOid(second->oid())->name == "second");
  CHECK(views->Create(ViewDefinition{.name = "fourth", .query = "SELECT 4"}).value().view_id >
        views->Find("third")->view_id);
}

TEST_CASE("A damaged view file is Corruption, not an empty catalog", "[catalog][views]") {
  testing::TempDir dir;
  const std::string path = dir.Join("views");
  {
    auto views = ViewDefinitions::Open(path).value();
    REQUIRE(views->Create(ViewDefinition{.name = "v", .query = "SELECT 1"}).ok());
  }
  std::string contents;
  {
    std::ifstream in(path);
    contents.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  for (size_t cut : {contents.size() - 1, contents.size() / 2, size_t{3}}) {
    std::ofstream(path, std::ios::trunc) << contents.substr(0, cut);
    INFO("cut at " << cut);
    CHECK(ViewDefinitions::Open(path).status().code() == ErrorCode::kCorruption);
  }
  // A length beyond the file, up to the largest a size_t holds.
  for (const char* length : {"999:", "18446744073709551615:", "18446744073709551616:"}) {
    std::ofstream(path, std::ios::trunc) << "15:sundial-views-1\n1:2\n" << length << "x\n";
    INFO(length);
    CHECK(ViewDefinitions::Open(path).status().code() == ErrorCode::kCorruption);
  }
}

}  // namespace sundial::catalog
