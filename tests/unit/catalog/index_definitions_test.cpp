#include "catalog/index_definitions.h"

#include <catch2/catch.hpp>
#include <fstream>

#include "catalog/field_file.h"
#include "support/temp_dir.h"

namespace sundial::catalog {
namespace {

IndexDefinition KeyIndex(std::string name, char constraint, std::vector<int64_t> columns) {
  IndexDefinition index{.name = std::move(name), .table_id = 7, .constraint = constraint};
  for (int64_t column : columns)
    index.elements.push_back(IndexDefinition::Element{.column_id = column});
  return index;
}

}  // namespace

TEST_CASE("Indexes behind PRIMARY KEY and UNIQUE keep their constraint across reopening",
          "[catalog][indexes][constraints]") {
  testing::TempDir dir;
  const std::string path = dir.Join("indexes");
  uint32_t pkey_id = 0;
  {
    auto indexes = IndexDefinitions::Open(path).value();
    pkey_id = indexes->Create(KeyIndex("t_pkey", 'p', {2, 0})).value().index_id;
    REQUIRE(indexes->Create(KeyIndex("t_code_key", 'u', {1})).ok());
    REQUIRE(indexes->Create(KeyIndex("t_plain_idx", 0, {1})).ok());
  }
  auto indexes = IndexDefinitions::Open(path).value();
  const std::optional<IndexDefinition> pkey = indexes->Find("t_pkey");
  REQUIRE(pkey);
  CHECK(pkey->index_id == pkey_id);
  CHECK(pkey->constraint == 'p');
  REQUIRE(pkey->elements.size() == 2);
  CHECK(pkey->elements[0].column_id == 2);
  CHECK(pkey->elements[1].column_id == 0);
  CHECK(pkey->constraint_oid() == kFirstConstraintOid + pkey_id);
  CHECK(pkey->constraint_oid() != pkey->oid());
  CHECK(indexes->Find("t_code_key")->constraint == 'u');
  CHECK(indexes->Find("t_plain_idx")->constraint == 0);
}

TEST_CASE("An index file written before constraints were kept still opens",
          "[catalog][indexes][constraints]") {
  testing::TempDir dir;
  const std::string path = dir.Join("indexes");
  // Version 1: no constraint field between sets_segment_by and the elements.
  FieldWriter old;
  old.Add("sundial-indexes-1");
  old.Add(int64_t{4});
  old.Add(int64_t{3});
  old.Add("cpu_host_time_idx");
  old.Add(int64_t{5});
  old.Add("btree");
  old.Add("");
  old.Add(int64_t{1});
  old.Add(int64_t{1});
  old.Add(int64_t{1});
  old.Add("");
  old.Add(int64_t{0});
  old.Add(int64_t{0});
  std::ofstream(path) << old.text();
  auto indexes = IndexDefinitions::Open(path).value();
  const std::optional<IndexDefinition> index = indexes->Find("cpu_host_time_idx");
  REQUIRE(index);
  CHECK(index->index_id == 3);
  CHECK(index->table_id == 5);
  CHECK(index->sets_segment_by);
  CHECK(index->constraint == 0);
  REQUIRE(index->elements.size() == 1);
  CHECK(index->elements[0].column_id == 1);
  // The next id continues from the file's, and the file is rewritten in
  // the current version, constraint included.
  CHECK(indexes->Create(KeyIndex("t_pkey", 'p', {0})).value().index_id == 4);
  CHECK(IndexDefinitions::Open(path).value()->Find("t_pkey")->constraint == 'p');
}

TEST_CASE("A damaged constraint field makes the index file corrupt", "[catalog][indexes]") {
  testing::TempDir dir;
  const std::string path = dir.Join("indexes");
  FieldWriter bad;
  bad.Add("sundial-indexes-2");
  bad.Add(int64_t{2});
  bad.Add(int64_t{1});
  bad.Add("t_pkey");
  bad.Add(int64_t{5});
  bad.Add("btree");
  bad.Add("");
  bad.Add(int64_t{0});
  bad.Add(int64_t{'x'});
  bad.Add(int64_t{0});
  std::ofstream(path) << bad.text();
  CHECK(IndexDefinitions::Open(path).status().code() == ErrorCode::kCorruption);
}

}  // namespace sundial::catalog
