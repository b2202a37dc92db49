#include "catalog/sequence_definitions.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "support/temp_dir.h"

namespace sundial::catalog {
namespace {

constexpr int64_t kLoggedAhead = SequenceDefinitions::kValuesLoggedAhead;

SequenceDefinition NewSequence(std::string name, SequenceOptions options) {
  // A fresh sequence, as CREATE SEQUENCE leaves it: its first nextval
  // returns the start value.
  return SequenceDefinition{
      .name = std::move(name), .options = options, .last_value = options.start_value};
}

std::unique_ptr<SequenceDefinitions> OpenOk(const std::string& path) {
  auto sequences = SequenceDefinitions::Open(path);
  REQUIRE(sequences.ok());
  return std::move(sequences).value();
}

std::vector<int64_t> NextValues(SequenceDefinitions& sequences, uint32_t oid, size_t count) {
  std::vector<int64_t> values(count);
  Status status = sequences.NextValues(oid, count, values.data());
  INFO(status.ToString());
  REQUIRE(status.ok());
  return values;
}

int64_t NextValue(SequenceDefinitions& sequences, uint32_t oid) {
  return NextValues(sequences, oid, 1)[0];
}

Status NextValuesStatus(SequenceDefinitions& sequences, uint32_t oid, size_t count) {
  std::vector<int64_t> values(count);
  return sequences.NextValues(oid, count, values.data());
}

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("Values ascend from the start by the increment", "[catalog][sequences]") {
  testing::TempDir dir;
  auto sequences = OpenOk(dir.Join("sequences"));
  CHECK(sequences->List().empty());
  const SequenceDefinition s =
      sequences->Create(NewSequence("s", {.increment = 3, .start_value = 5})).value();
  CHECK(sequences->FindByOid(s.oid())->name == "s");
  CHECK(NextValues(*sequences, s.oid(), 3) == std::vector<int64_t>{5, 8, 11});
  CHECK(NextValue(*sequences, s.oid()) == 14);
  CHECK(NextValues(*sequences, s.oid(), 0).empty());
  CHECK(NextValue(*sequences, s.oid()) == 17);
  const std::optional<SequenceDefinition> found = sequences->Find("s");
  REQUIRE(found);
  CHECK(found->last_value == 17);
  CHECK(found->is_called);
}

TEST_CASE("A descending sequence steps down from its start", "[catalog][sequences]") {
  testing::TempDir dir;
  auto sequences = OpenOk(dir.Join("sequences"));
  const SequenceDefinition s =
      sequences
          ->Create(NewSequence(
              "down", {.increment = -2, .min_value = -100, .max_value = 10, .start_value = 10}))
          .value();
  CHECK(NextValues(*sequences, s.oid(), 3) == std::vector<int64_t>{10, 8, 6});
  CHECK(NextValue(*sequences, s.oid()) == 4);
}

TEST_CASE("After a crash a sequence resumes past every value it handed out",
          "[catalog][sequences]") {
  using Range = std::tuple<int64_t, int64_t, int64_t, int64_t>;  // increment, min, max, start
  const auto [increment, min_value, max_value, start] =
      GENERATE(Range{1, 1, INT64_MAX, 1}, Range{-2, INT64_MIN, -1, -1});
  INFO("increment " << increment);
  testing::TempDir dir;
  const std::string path = dir.Join("sequences");
  uint32_t oid = 0;
  {
    auto sequences = OpenOk(path);
    oid = sequences
              ->Create(NewSequence("s", {.increment = increment,
                                         .min_value = min_value,
                                         .max_value = max_value,
                                         .start_value = start}))
              .value()
              .oid();
  }
  const bool ascending = increment > 0;
  int64_t last = 0;
  size_t previous_batch = 0;
  bool any = false;
  // Batches below, at and across the values logged ahead; each round ends in
  // a crash: the object goes away without writing anything more.
  for (size_t batch : {1, 1, 2, 31, 32, 33, 1, 100, 5, 64, 1}) {
    INFO("batch of " << batch);
    auto sequences = OpenOk(path);
    const std::vector<int64_t> first_round = NextValues(*sequences, oid, batch);
    std::vector<int64_t> values = first_round;
    // Without a crash in between, no value is skipped.
    const std::vector<int64_t> second_round = NextValues(*sequences, oid, batch);
    CHECK(second_round.front() == first_round.back() + increment);
    values.insert(values.end(), second_round.begin(), second_round.end());
    if (!any) {
      CHECK(values.front() == start);
    } else if (ascending) {
      CHECK(values.front() > last);
      CHECK(values.front() <=
            last + (kLoggedAhead * static_cast<int64_t>(previous_batch) + 1) * increment);
    } else {
      CHECK(values.front() < last);
      CHECK(values.front() >=
            last + (kLoggedAhead * static_cast<int64_t>(previous_batch) + 1) * increment);
    }
    for (size_t i = 1; i < values.size(); ++i)
      CHECK(values[i] == values[i - 1] + increment);
    last = values.back();
    previous_batch = batch;
    any = true;
  }
}

TEST_CASE("setval is exact, after a crash too", "[catalog][sequences]") {
  testing::TempDir dir;
  const std::string path = dir.Join("sequences");
  uint32_t oid = 0;
  {
    auto sequences = OpenOk(path);
    oid = sequences->Create(NewSequence("s", {.increment = 5, .max_value = 1000})).value().oid();
    CHECK(NextValues(*sequences, oid, 3) == std::vector<int64_t>{1, 6, 11});
    REQUIRE(sequences->SetValue(oid, 100, true).ok());
    CHECK(NextValue(*sequences, oid) == 105);
    REQUIRE(sequences->SetValue(oid, 100, false).ok());
    CHECK(NextValue(*sequences, oid) == 100);
    CHECK(NextValue(*sequences, oid) == 105);
    // setval may move a sequence back: it is the user's to ask for.
    REQUIRE(sequences->SetValue(oid, 50, true).ok());
  }
  {
    auto sequences = OpenOk(path);
    CHECK(NextValue(*sequences, oid) == 55);
    REQUIRE(sequences->SetValue(oid, 7, false).ok());
  }
  {
    auto sequences = OpenOk(path);
    CHECK(NextValue(*sequences, oid) == 7);
    CHECK(NextValue(*sequences, oid) == 12);
    // The bounds themselves are allowed.
    REQUIRE(sequences->SetValue(oid, 1000, false).ok());
    CHECK(NextValue(*sequences, oid) == 1000);
    REQUIRE(sequences->SetValue(oid, 1, true).ok());
    CHECK(NextValue(*sequences, oid) == 6);
  }
}

TEST_CASE("setval outside the bounds is 22003 and changes nothing", "[catalog][sequences]") {
  testing::TempDir dir;
  const std::string path = dir.Join("sequences");
  uint32_t oid = 0;
  {
    auto sequences = OpenOk(path);
    oid = sequences->Create(NewSequence("s", {.min_value = 1, .max_value = 100})).value().oid();
    CHECK(NextValues(*sequences, oid, 2) == std::vector<int64_t>{1, 2});
    for (int64_t value : {int64_t{0}, int64_t{101}, INT64_MIN, INT64_MAX}) {
      INFO(value);
      const Status status = sequences->SetValue(oid, value, true);
      CHECK(status.code() == ErrorCode::kNumericValueOutOfRange);
      CHECK_THAT(status.message(), Catch::Contains("\"s\""));
    }
    CHECK(NextValue(*sequences, oid) == 3);
    REQUIRE(sequences->SetValue(oid, 90, true).ok());
    CHECK(sequences->SetValue(oid, 0, false).code() == ErrorCode::kNumericValueOutOfRange);
  }
  auto sequences = OpenOk(path);
  CHECK(NextValue(*sequences, oid) == 91);
}

TEST_CASE("Replace with a restart value restarts there, after a crash too",
          "[catalog][sequences]") {
  testing::TempDir dir;
  const std::string path = dir.Join("sequences");
  SequenceDefinition s;
  {
    auto sequences = OpenOk(path);
    s = sequences->Create(NewSequence("s", {})).value();
    CHECK(NextValues(*sequences, s.oid(), 10).back() == 10);
    SequenceDefinition altered = s;
    altered.options.increment = 10;
    REQUIRE(sequences->Replace(altered, 500).ok());
    CHECK(sequences->Find("s")->options.increment == 10);
    CHECK(NextValue(*sequences, s.oid()) == 500);
    CHECK(NextValue(*sequences, s.oid()) == 510);
    // Restarting below the values handed out is what RESTART asks for.
    REQUIRE(sequences->Replace(altered, 3).ok());
  }
  {
    auto sequences = OpenOk(path);
    CHECK(sequences->Find("s")->options.increment == 10);
    CHECK(NextValue(*sequences, s.oid()) == 3);
    CHECK(NextValue(*sequences, s.oid()) == 13);
  }
  auto sequences = OpenOk(path);
  CHECK(NextValue(*sequences, s.oid()) > 13);
}

TEST_CASE("Replace without a restart value goes on from the current value",
          "[catalog][sequences]") {
  testing::TempDir dir;
  const std::string path = dir.Join("sequences");
  SequenceDefinition s;
  {
    auto sequences = OpenOk(path);
    s = sequences->Create(NewSequence("s", {.max_value = 1000})).value();
    CHECK(NextValues(*sequences, s.oid(), 5).back() == 5);
    SequenceDefinition altered = *sequences->Find("s");
    altered.name = "renamed";
    altered.options.increment = 2;
    // The caller's stale last_value does not move the sequence.
    altered.last_value = 1;
    altered.is_called = false;
    REQUIRE(sequences->Replace(altered, std::nullopt).ok());
    CHECK_FALSE(sequences->Find("s"));
    CHECK(NextValue(*sequences, s.oid()) == 7);
  }
  auto sequences = OpenOk(path);
  CHECK(sequences->Find("renamed")->options.increment == 2);
  const int64_t next = NextValue(*sequences, s.oid());
  CHECK(next > 7);
  CHECK(next <= 7 + (kLoggedAhead + 1) * 2);
}

TEST_CASE("Replace that lowers the maximum keeps the values left below it after a crash",
          "[catalog][sequences]") {
  testing::TempDir dir;
  const std::string path = dir.Join("sequences");
  SequenceDefinition s;
  {
    auto sequences = OpenOk(path);
    s = sequences->Create(NewSequence("s", {})).value();
    CHECK(NextValues(*sequences, s.oid(), 5).back() == 5);
    SequenceDefinition altered = *sequences->Find("s");
    altered.options.max_value = 10;
    REQUIRE(sequences->Replace(altered, std::nullopt).ok());
  }
  auto sequences = OpenOk(path);
  CHECK(sequences->Find("s")->last_value <= 10);
  CHECK(NextValues(*sequences, s.oid(), 5) == std::vector<int64_t>{6, 7, 8, 9, 10});
  CHECK(NextValuesStatus(*sequences, s.oid(), 1).code() ==
        ErrorCode::kSequenceGeneratorLimitExceeded);
}

TEST_CASE("Replace that reverses the increment does not repeat values after a crash",
          "[catalog][sequences]") {
  testing::TempDir dir;
  const std::string path = dir.Join("sequences");
  SequenceDefinition s;
  {
    auto sequences = OpenOk(path);
    s = sequences->Create(NewSequence("s", {.min_value = 1, .max_value = 1000, .start_value = 500}))
            .value();
    CHECK(NextValues(*sequences, s.oid(), 3) == std::vector<int64_t>{500, 501, 502});
    SequenceDefinition altered = *sequences->Find("s");
    altered.options.increment = -1;
    REQUIRE(sequences->Replace(altered, std::nullopt).ok());
  }
  // Resuming at the value logged ahead in the old direction would hand out
  // 502, 501, 500 again on the way down.
  auto sequences = OpenOk(path);
  CHECK(NextValue(*sequences, s.oid()) == 501);
}

TEST_CASE("Replace of an unknown sequence is 42P01", "[catalog][sequences]") {
  testing::TempDir dir;
  auto sequences = OpenOk(dir.Join("sequences"));
  SequenceDefinition ghost = NewSequence("ghost", {});
  ghost.sequence_id = 42;
  CHECK(sequences->Replace(ghost, std::nullopt).code() == ErrorCode::kUndefinedTable);
}

TEST_CASE("At its maximum a sequence without CYCLE fails with 2200H and consumes nothing",
          "[catalog][sequences]") {
  testing::TempDir dir;
  const std::string path = dir.Join("sequences");
  uint32_t oid = 0;
  {
    auto sequences = OpenOk(path);
    oid = sequences->Create(NewSequence("short", {.max_value = 10})).value().oid();
    CHECK(NextValues(*sequences, oid, 8).back() == 8);
    // A batch that would cross the end fails whole.
    const Status status = NextValuesStatus(*sequences, oid, 3);
    CHECK(status.code() == ErrorCode::kSequenceGeneratorLimitExceeded);
    CHECK_THAT(status.message(), Catch::Contains("\"short\""));
    CHECK_THAT(status.message(), Catch::Contains("maximum"));
    CHECK_THAT(status.message(), Catch::Contains("(10)"));
    CHECK(NextValues(*sequences, oid, 2) == std::vector<int64_t>{9, 10});
    CHECK(NextValuesStatus(*sequences, oid, 1).code() ==
          ErrorCode::kSequenceGeneratorLimitExceeded);
    CHECK(NextValuesStatus(*sequences, oid, 1).code() ==
          ErrorCode::kSequenceGeneratorLimitExceeded);
  }
  auto sequences = OpenOk(path);
  CHECK(NextValuesStatus(*sequences, oid, 1).code() == ErrorCode::kSequenceGeneratorLimitExceeded);
}

TEST_CASE("At its minimum a descending sequence without CYCLE fails with 2200H",
          "[catalog][sequences]") {
  testing::TempDir dir;
  auto sequences = OpenOk(dir.Join("sequences"));
  const uint32_t oid =
      sequences
          ->Create(NewSequence(
              "down", {.increment = -2, .min_value = -5, .max_value = 0, .start_value = 0}))
          .value()
          .oid();
  CHECK(NextValues(*sequences, oid, 2) == std::vector<int64_t>{0, -2});
  const Status status = NextValuesStatus(*sequences, oid, 2);
  CHECK(status.code() == ErrorCode::kSequenceGeneratorLimitExceeded);
  CHECK_THAT(status.message(), Catch::Contains("\"down\""));
  CHECK_THAT(status.message(), Catch::Contains("minimum"));
  CHECK_THAT(status.message(), Catch::Contains("(-5)"));
  CHECK(NextValue(*sequences, oid) == -4);
  CHECK(NextValuesStatus(*sequences, oid, 1).code() == ErrorCode::kSequenceGeneratorLimitExceeded);
}

TEST_CASE("A cycling sequence wraps to its minimum, or its maximum going down",
          "[catalog][sequences]") {
  testing::TempDir dir;
  auto sequences = OpenOk(dir.Join("sequences"));
  const uint32_t up =
      sequences
          ->Create(
              NewSequence("up", {.increment = 2, .min_value = 1, .max_value = 6, .cycle = true}))
          .value()
          .oid();
  CHECK(NextValues(*sequences, up, 7) == std::vector<int64_t>{1, 3, 5, 1, 3, 5, 1});
  const uint32_t down =
      sequences
          ->Create(NewSequence(
              "down",
              {.increment = -1, .min_value = 1, .max_value = 3, .start_value = 2, .cycle = true}))
          .value()
          .oid();
  CHECK(NextValues(*sequences, down, 5) == std::vector<int64_t>{2, 1, 3, 2, 1});
  CHECK(NextValue(*sequences, down) == 3);
}

TEST_CASE("After a wrap and a crash a cycling sequence repeats no value before passing it",
          "[catalog][sequences]") {
  const int64_t increment = GENERATE(1, -1);
  INFO("increment " << increment);
  const bool ascending = increment > 0;
  const SequenceOptions options{.increment = increment,
                                .min_value = 1,
                                .max_value = 50,
                                .start_value = ascending ? 1 : 50,
                                .cycle = true};
  const int64_t wrap_to = ascending ? options.min_value : options.max_value;
  const int64_t end = ascending ? options.max_value : options.min_value;
  testing::TempDir dir;
  const std::string path = dir.Join("sequences");
  uint32_t oid = 0;
  {
    auto sequences = OpenOk(path);
    oid = sequences->Create(NewSequence("s", options)).value().oid();
  }
  int64_t last = 0;
  bool any = false;
  // Enough rounds to wrap several times, ending batches at every distance
  // from the end of the range.
  for (size_t batch : {50, 1, 2, 3, 7, 20, 1, 1, 30, 49, 50, 51, 13, 17, 19, 23, 29, 31, 37, 41}) {
    INFO("batch of " << batch << " after " << last);
    auto sequences = OpenOk(path);
    const std::vector<int64_t> values = NextValues(*sequences, oid, batch);
    if (!any) {
      CHECK(values.front() == options.start_value);
    } else if (last == end) {
      CHECK(values.front() == wrap_to);
    } else if (ascending) {
      CHECK(values.front() > last);
    } else {
      CHECK(values.front() < last);
    }
    for (size_t i = 1; i < values.size(); ++i) {
      INFO("at " << i);
      CHECK(values[i] == (values[i - 1] == end ? wrap_to : values[i - 1] + increment));
    }
    last = values.back();
    any = true;
  }
}

TEST_CASE("Near INT64_MAX a large increment ends the sequence without overflow",
          "[catalog][sequences]") {
  testing::TempDir dir;
  const std::string path = dir.Join("sequences");
  uint32_t up = 0;
  uint32_t down = 0;
  uint32_t cycling = 0;
  {
    auto sequences = OpenOk(path);
    up = sequences->Create(NewSequence("up", {.increment = 7, .start_value = INT64_MAX - 20}))
             .value()
             .oid();
    CHECK(NextValues(*sequences, up, 3) ==
          std::vector<int64_t>{INT64_MAX - 20, INT64_MAX - 13, INT64_MAX - 6});
    const Status status = NextValuesStatus(*sequences, up, 1);
    CHECK(status.code() == ErrorCode::kSequenceGeneratorLimitExceeded);
    CHECK_THAT(status.message(), Catch::Contains("(9223372036854775807)"));

    down = sequences
               ->Create(NewSequence("down", {.increment = INT64_MIN / 2,
                                             .min_value = INT64_MIN,
                                             .max_value = -1,
                                             .start_value = -1}))
               .value()
               .oid();
    CHECK(NextValues(*sequences, down, 2) == std::vector<int64_t>{-1, INT64_MIN / 2 - 1});
    CHECK(NextValuesStatus(*sequences, down, 1).code() ==
          ErrorCode::kSequenceGeneratorLimitExceeded);

    cycling = sequences
                  ->Create(NewSequence("cycling", {.increment = INT64_MAX,
                                                   .min_value = 0,
                                                   .max_value = INT64_MAX,
                                                   .start_value = 0,
                                                   .cycle = true}))
                  .value()
                  .oid();
    CHECK(NextValues(*sequences, cycling, 4) == std::vector<int64_t>{0, INT64_MAX, 0, INT64_MAX});
  }
  auto sequences = OpenOk(path);
  CHECK(NextValuesStatus(*sequences, up, 1).code() == ErrorCode::kSequenceGeneratorLimitExceeded);
  CHECK(NextValuesStatus(*sequences, down, 1).code() == ErrorCode::kSequenceGeneratorLimitExceeded);
  CHECK(NextValue(*sequences, cycling) == 0);
}

TEST_CASE("Sequences are kept across reopening, ids never reused", "[catalog][sequences]") {
  testing::TempDir dir;
  const std::string path = dir.Join("sequences");
  SequenceDefinition a;
  SequenceDefinition b;
  uint32_t c_id = 0;
  {
    auto sequences = OpenOk(path);
    a = sequences
            ->Create(NewSequence("a", {.type = TypeId::kInt16,
                                       .increment = -3,
                                       .min_value = -32768,
                                       .max_value = 32767,
                                       .start_value = 100,
                                       .cache = 20,
                                       .cycle = true}))
            .value();
    b = sequences->Create(NewSequence("b", {})).value();
    CHECK(b.sequence_id > a.sequence_id);
    CHECK(sequences->Create(NewSequence("b", {})).status().code() == ErrorCode::kDuplicateTable);
    REQUIRE(sequences->Drop(b.sequence_id).ok());
    CHECK_FALSE(sequences->Find("b"));
    CHECK_FALSE(sequences->FindByOid(b.oid()));
    CHECK(NextValuesStatus(*sequences, b.oid(), 1).code() == ErrorCode::kUndefinedTable);
    // Dropping what is gone is not an error.
    CHECK(sequences->Drop(b.sequence_id).ok());
    c_id = sequences->Create(NewSequence("c", {})).value().sequence_id;
    CHECK(c_id > b.sequence_id);
  }
  auto sequences = OpenOk(path);
  REQUIRE(sequences->List().size() == 2);
  CHECK_FALSE(sequences->Find("b"));
  const std::optional<SequenceDefinition> found = sequences->Find("a");
  REQUIRE(found);
  CHECK(found->sequence_id == a.sequence_id);
  CHECK(found->oid() == a.oid());
  CHECK(found->oid() >= kFirstSequenceOid);
  CHECK(found->options.type == TypeId::kInt16);
  CHECK(found->options.increment == -3);
  CHECK(found->options.min_value == -32768);
  CHECK(found->options.max_value == 32767);
  CHECK(found->options.start_value == 100);
  CHECK(found->options.cache == 20);
  CHECK(found->options.cycle);
  CHECK(found->last_value == 100);
  CHECK_FALSE(found->is_called);
  // The name of a dropped sequence is free again, under a new id.
  const SequenceDefinition b_again = sequences->Create(NewSequence("b", {})).value();
  CHECK(b_again.sequence_id > c_id);
  CHECK(NextValue(*sequences, b_again.oid()) == 1);
}

TEST_CASE("OwnedBy lists the sequences of a table's columns", "[catalog][sequences]") {
  testing::TempDir dir;
  const std::string path = dir.Join("sequences");
  {
    auto sequences = OpenOk(path);
    SequenceDefinition serial = NewSequence("t_id_seq", {});
    serial.owner_table_id = 7;
    serial.owner_column_id = 0;
    SequenceDefinition identity = NewSequence("t_n_seq", {});
    identity.owner_table_id = 7;
    identity.owner_column_id = 2;
    identity.identity = 'a';
    SequenceDefinition other = NewSequence("u_id_seq", {});
    other.owner_table_id = 8;
    other.owner_column_id = 0;
    REQUIRE(sequences->Create(serial).ok());
    REQUIRE(sequences->Create(NewSequence("free", {})).ok());
    REQUIRE(sequences->Create(identity).ok());
    REQUIRE(sequences->Create(other).ok());
  }
  auto sequences = OpenOk(path);
  std::vector<std::string> names;
  for (const SequenceDefinition& owned : sequences->OwnedBy(7))
    names.push_back(owned.name);
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"t_id_seq", "t_n_seq"});
  CHECK(sequences->OwnedBy(8).size() == 1);
  CHECK(sequences->OwnedBy(9).empty());
  const std::optional<SequenceDefinition> identity = sequences->Find("t_n_seq");
  REQUIRE(identity);
  CHECK(identity->owner_column_id == 2);
  CHECK(identity->identity == 'a');
  CHECK(sequences->Find("t_id_seq")->identity == 0);
  CHECK(sequences->Find("free")->owner_table_id == 0);
}

TEST_CASE("An OID that names no sequence is 42P01", "[catalog][sequences]") {
  testing::TempDir dir;
  auto sequences = OpenOk(dir.Join("sequences"));
  const uint32_t oid = sequences->Create(NewSequence("s", {})).value().oid();
  for (uint32_t unknown : {oid + 1, kFirstSequenceOid, uint32_t{16384}}) {
    INFO(unknown);
    CHECK(NextValuesStatus(*sequences, unknown, 1).code() == ErrorCode::kUndefinedTable);
    CHECK(sequences->SetValue(unknown, 1, true).code() == ErrorCode::kUndefinedTable);
    CHECK_FALSE(sequences->FindByOid(unknown));
  }
  CHECK(NextValue(*sequences, oid) == 1);
}

TEST_CASE("A damaged sequence file is Corruption, not an empty catalog", "[catalog][sequences]") {
  testing::TempDir dir;
  const std::string path = dir.Join("sequences");
  {
    auto sequences = OpenOk(path);
    uint32_t oid = sequences->Create(NewSequence("s", {.cycle = true})).value().oid();
    REQUIRE(sequences->SetValue(oid, 12345, true).ok());
  }
  const std::string contents = ReadWhole(path);
  // The file is a list of whole records: cut right after the two header
  // fields it reads as a well-formed file of no sequences.
  size_t header_end = contents.find('\n');
  header_end = contents.find('\n', header_end + 1) + 1;
  for (size_t cut = 0; cut < contents.size(); ++cut) {
    if (cut == header_end) continue;
    std::ofstream(path, std::ios::trunc) << contents.substr(0, cut);
    INFO("cut at " << cut);
    CHECK(SequenceDefinitions::Open(path).status().code() == ErrorCode::kCorruption);
  }
  const std::string header = contents.substr(0, header_end);
  const std::string record = contents.substr(header_end);
  // The record with its field `index` (0: the id) replaced by "x".
  auto with_field_x = [&](int index) {
    size_t begin = 0;
    for (int i = 0; i < index; ++i)
      begin = record.find('\n', begin) + 1;
    return record.substr(0, begin) + "1:x\n" + record.substr(record.find('\n', begin) + 1);
  };
  std::vector<std::string> damaged = {
      "19:sundial-sequences-2\n1:2\n" + record,
      "19:sundial-sequences-1\n1:x\n" + record,
      header + record + "999:x\n",
  };
  // Every field of a sequence but its name is a number.
  for (int index : {0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
    damaged.push_back(header + record + with_field_x(index));
  for (const std::string& text : damaged) {
    std::ofstream(path, std::ios::trunc) << text;
    INFO(text);
    CHECK(SequenceDefinitions::Open(path).status().code() == ErrorCode::kCorruption);
  }
  // The file as written opens again.
  std::ofstream(path, std::ios::trunc) << contents;
  auto sequences = OpenOk(path);
  CHECK(sequences->Find("s")->last_value == 12345);
}

}  // namespace sundial::catalog
