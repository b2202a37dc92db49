#include <catch2/catch.hpp>
#include <vector>

#include "common/numeric.h"
#include "exec/group_hash_table.h"

namespace sundial::exec {
namespace {

ColumnVector Int64Column(const std::vector<int64_t>& values,
                         const std::vector<size_t>& nulls = {}) {
  ColumnVector column(DataType::Of(TypeId::kTimestampTz), values.size());
  column.SetSize(values.size());
  for (size_t i = 0; i < values.size(); ++i)
    column.data<int64_t>()[i] = values[i];
  for (size_t row : nulls)
    column.SetNull(row, true);
  return column;
}

TEST_CASE("Time-bucket keys find the same groups with and without NULLs in the batch",
          "[group_hash_table]") {
  GroupHashTable table({DataType::Of(TypeId::kTimestampTz)});
  std::vector<uint32_t> ids(6);
  // Runs of equal keys, as time-ordered input gives.
  table.FindOrInsert({Int64Column({60, 60, 60, 120, 120, 60})}, 6, ids.data());
  CHECK(ids == std::vector<uint32_t>{0, 0, 0, 1, 1, 0});
  // A batch with a NULL goes through the general encoding and must agree.
  table.FindOrInsert({Int64Column({120, 0, 60, 180, 180, 0}, {1, 5})}, 6, ids.data());
  CHECK(ids == std::vector<uint32_t>{1, 2, 0, 3, 3, 2});
  CHECK(table.group_count() == 4);
  std::vector<ColumnVector> keys = table.GatherKeys(0, 4);
  CHECK(keys[0].data<int64_t>()[0] == 60);
  CHECK(keys[0].data<int64_t>()[1] == 120);
  CHECK(keys[0].IsNull(2));
  CHECK(keys[0].data<int64_t>()[3] == 180);
}

TEST_CASE("Equal numeric keys share a group and print with the first row's scale",
          "[group_hash_table]") {
  GroupHashTable table({DataType::Of(TypeId::kNumeric)});
  ColumnVector column(DataType::Of(TypeId::kNumeric), 4);
  column.SetSize(4);
  const char* texts[] = {"1.50", "1.5", "2.000", "2"};
  for (size_t i = 0; i < 4; ++i)
    column.data<Numeric>()[i] = *ParseNumeric(texts[i]);
  std::vector<uint32_t> ids(4);
  table.FindOrInsert({column}, 4, ids.data());
  CHECK(ids == std::vector<uint32_t>{0, 0, 1, 1});
  std::vector<ColumnVector> keys = table.GatherKeys(0, 2);
  CHECK(NumericToString(keys[0].data<Numeric>()[0]) == "1.50");
  CHECK(NumericToString(keys[0].data<Numeric>()[1]) == "2.000");
}

TEST_CASE("Many distinct time-bucket keys keep their groups across table growth",
          "[group_hash_table]") {
  GroupHashTable table({DataType::Of(TypeId::kInt64)});
  std::vector<int64_t> values;
  for (int64_t i = 0; i < 5000; ++i)
    values.push_back(i * 7919 % 5000);
  std::vector<uint32_t> first(values.size());
  table.FindOrInsert({Int64Column(values)}, values.size(), first.data());
  std::vector<uint32_t> again(values.size());
  table.FindOrInsert({Int64Column(values)}, values.size(), again.data());
  CHECK(first == again);
  CHECK(table.group_count() == 5000);
}

ColumnVector TextColumn(const std::vector<std::string>& values,
                        const std::vector<size_t>& nulls = {}) {
  ColumnVector column(DataType::Of(TypeId::kText), values.size());
  column.SetSize(values.size());
  for (size_t i = 0; i < values.size(); ++i)
    column.data<std::string_view>()[i] = column.AddString(values[i]);
  for (size_t row : nulls)
    column.SetNull(row, true);
  return column;
}

TEST_CASE("(bucket, host) keys group equal bytes together whatever path finds them",
          "[group_hash_table]") {
  bool text_first = GENERATE(false, true);
  std::vector<DataType> types = {DataType::Of(TypeId::kTimestampTz), DataType::Of(TypeId::kText)};
  if (text_first) std::swap(types[0], types[1]);
  GroupHashTable table(types);
  auto keys = [&](const std::vector<int64_t>& buckets, const std::vector<std::string>& hosts,
                  const std::vector<size_t>& null_hosts = {}) {
    std::vector<ColumnVector> out = {Int64Column(buckets), TextColumn(hosts, null_hosts)};
    if (text_first) std::swap(out[0], out[1]);
    return out;
  };
  std::vector<uint32_t> ids(5);
  table.FindOrInsert(keys({0, 0, 60, 0, 0}, {"a", "b", "a", "a", "b"}), 5, ids.data());
  CHECK(ids == std::vector<uint32_t>{0, 1, 2, 0, 1});
  // New string copies (other addresses) of the same hosts in a later batch.
  table.FindOrInsert(keys({60, 0, 0, 60, 120}, {"a", "b", "a", "b", "b"}), 5, ids.data());
  CHECK(ids == std::vector<uint32_t>{2, 1, 0, 3, 4});
  // A NULL host sends the batch through the general encoding.
  table.FindOrInsert(keys({0, 0, 60, 0, 0}, {"a", "", "b", "b", ""}, {1, 4}), 5, ids.data());
  CHECK(ids == std::vector<uint32_t>{0, 5, 3, 1, 5});
  CHECK(table.group_count() == 6);
  std::vector<ColumnVector> gathered = table.GatherKeys(0, 6);
  const ColumnVector& hosts = gathered[text_first ? 0 : 1];
  CHECK(hosts.data<std::string_view>()[4] == "b");
  CHECK(hosts.IsNull(5));
}

}  // namespace
}  // namespace sundial::exec
