#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ts/codec.h"

namespace sundial::ts {
namespace {

struct Encoded {
  std::string payload;
  bool accepted = false;
};

Encoded Encode(const Codec& codec, TypeId type, const void* values,
               const std::vector<uint8_t>& nulls, size_t count) {
  size_t null_count = 0;
  for (uint8_t n : nulls)
    null_count += n;
  BlockValues in{.type = type,
                 .values = values,
                 .nulls = nulls.empty() ? nullptr : nulls.data(),
                 .count = count,
                 .null_count = null_count};
  Encoded out;
  out.accepted = codec.Encode(in, out.payload);
  return out;
}

// Every proper prefix of a valid payload must decode to kCorruption.
void CheckTruncationsAreCorruption(const Codec& codec, TypeId type, const std::string& payload,
                                   size_t count) {
  DecodedBlock block;
  for (size_t n = 0; n < payload.size(); ++n) {
    Status status = codec.Decode(type, std::string_view(payload).substr(0, n), count, block);
    INFO("prefix of " << n << " bytes");
    REQUIRE_FALSE(status.ok());
    CHECK(status.code() == ErrorCode::kCorruption);
  }
}

TEST_CASE("Plain codec round-trips fixed-width values with NULLs", "[codec]") {
  std::vector<double> values = {1.5, 0, -3.25, 1e300, 42};
  std::vector<uint8_t> nulls = {0, 1, 0, 0, 0};
  Encoded encoded = Encode(PlainCodec(), TypeId::kFloat64, values.data(), nulls, values.size());
  REQUIRE(encoded.accepted);
  DecodedBlock block;
  REQUIRE(PlainCodec().Decode(TypeId::kFloat64, encoded.payload, values.size(), block).ok());
  REQUIRE(block.validity() != nullptr);
  CHECK(((block.validity()[0] >> 1) & 1) == 0);
  CHECK(((block.validity()[0] >> 2) & 1) == 1);
  CHECK(block.values<double>()[0] == 1.5);
  CHECK(block.values<double>()[3] == 1e300);
  CHECK(block.values<double>()[4] == 42);
}

TEST_CASE("Plain codec round-trips text", "[codec]") {
  std::vector<std::string_view> values = {"alpha", "", "a much longer string value", "z"};
  Encoded encoded = Encode(PlainCodec(), TypeId::kText, values.data(), {}, values.size());
  REQUIRE(encoded.accepted);
  DecodedBlock block;
  REQUIRE(PlainCodec().Decode(TypeId::kText, encoded.payload, values.size(), block).ok());
  CHECK(block.validity() == nullptr);
  for (size_t i = 0; i < values.size(); ++i)
    CHECK(block.values<std::string_view>()[i] == values[i]);
}

TEST_CASE("Dictionary codec round-trips low-cardinality text with NULLs", "[codec]") {
  std::vector<std::string_view> values;
  std::vector<uint8_t> nulls;
  const char* hosts[] = {"host_0", "host_1", "host_2"};
  for (int i = 0; i < 1000; ++i) {
    values.push_back(i % 11 == 0 ? std::string_view() : hosts[i % 3]);
    nulls.push_back(i % 11 == 0 ? 1 : 0);
  }
  Encoded encoded = Encode(DictionaryCodec(), TypeId::kText, values.data(), nulls, values.size());
  REQUIRE(encoded.accepted);
  CHECK(encoded.payload.size() < 1300);  // one byte per code plus the small dictionary
  DecodedBlock block;
  REQUIRE(DictionaryCodec().Decode(TypeId::kText, encoded.payload, values.size(), block).ok());
  for (size_t i = 0; i < values.size(); ++i) {
    bool valid = (block.validity()[i >> 6] >> (i & 63)) & 1;
    CHECK(valid == (nulls[i] == 0));
    if (valid) CHECK(block.values<std::string_view>()[i] == values[i]);
  }
}

TEST_CASE("Dictionary codec can keep codes instead of expanding every row", "[codec]") {
  std::vector<std::string_view> values;
  const char* hosts[] = {"host_0", "host_1", "host_2"};
  for (int i = 0; i < 300; ++i)
    values.push_back(hosts[i % 3]);
  Encoded encoded = Encode(DictionaryCodec(), TypeId::kText, values.data(), {}, values.size());
  REQUIRE(encoded.accepted);
  DecodedBlock block;
  block.set_keep_codes(true);
  REQUIRE(DictionaryCodec().Decode(TypeId::kText, encoded.payload, values.size(), block).ok());
  REQUIRE(block.has_codes());
  CHECK(block.dictionary().size() == 3);
  for (size_t i = 0; i < values.size(); ++i)
    CHECK(block.dictionary()[block.codes()[i]] == values[i]);
  // A plain block decoded into the same reusable block has no codes.
  Encoded plain = Encode(PlainCodec(), TypeId::kText, values.data(), {}, values.size());
  REQUIRE(PlainCodec().Decode(TypeId::kText, plain.payload, values.size(), block).ok());
  CHECK_FALSE(block.has_codes());
  CHECK(block.values<std::string_view>()[1] == "host_1");
}

TEST_CASE("Dictionary codec declines high-cardinality text", "[codec]") {
  std::vector<std::string> owned;
  for (int i = 0; i < 1000; ++i)
    owned.push_back("value-" + std::to_string(i));
  std::vector<std::string_view> values(owned.begin(), owned.end());
  Encoded encoded = Encode(DictionaryCodec(), TypeId::kText, values.data(), {}, values.size());
  CHECK_FALSE(encoded.accepted);
  CHECK(encoded.payload.empty());
}

TEST_CASE("Plain codec rejects malformed blocks", "[codec][malformed]") {
  std::vector<int64_t> ints = {1, 2, 3, 4};
  Encoded fixed = Encode(PlainCodec(), TypeId::kInt64, ints.data(), {0, 1, 0, 0}, ints.size());
  CheckTruncationsAreCorruption(PlainCodec(), TypeId::kInt64, fixed.payload, ints.size());
  std::vector<std::string_view> text = {"ab", "cde", "f"};
  Encoded strings = Encode(PlainCodec(), TypeId::kText, text.data(), {}, text.size());
  CheckTruncationsAreCorruption(PlainCodec(), TypeId::kText, strings.payload, text.size());

  DecodedBlock block;
  std::string bad_lengths = strings.payload;
  bad_lengths[1] = static_cast<char>(0xff);  // first length now far beyond the bytes
  CHECK(PlainCodec().Decode(TypeId::kText, bad_lengths, text.size(), block).code() ==
        ErrorCode::kCorruption);
  std::string bad_marker = fixed.payload;
  bad_marker[0] = 7;
  CHECK(PlainCodec().Decode(TypeId::kInt64, bad_marker, ints.size(), block).code() ==
        ErrorCode::kCorruption);
  CHECK(PlainCodec().Decode(TypeId::kInt64, fixed.payload + "x", ints.size(), block).code() ==
        ErrorCode::kCorruption);
}

TEST_CASE("Dictionary codec rejects malformed blocks", "[codec][malformed]") {
  std::vector<std::string_view> values = {"a", "b", "a", "a", "b", "c"};
  Encoded encoded = Encode(DictionaryCodec(), TypeId::kText, values.data(), {}, values.size());
  REQUIRE(encoded.accepted);
  CheckTruncationsAreCorruption(DictionaryCodec(), TypeId::kText, encoded.payload, values.size());

  DecodedBlock block;
  std::string bad_code = encoded.payload;
  bad_code.back() = 9;  // only codes 0..2 exist
  CHECK(DictionaryCodec().Decode(TypeId::kText, bad_code, values.size(), block).code() ==
        ErrorCode::kCorruption);
  std::string bad_width = encoded.payload;
  bad_width[bad_width.size() - values.size() - 1] = 3;
  CHECK(DictionaryCodec().Decode(TypeId::kText, bad_width, values.size(), block).code() ==
        ErrorCode::kCorruption);
  std::string huge_dictionary = encoded.payload;
  huge_dictionary[4] = 0x7f;  // dictionary count's high byte
  CHECK(DictionaryCodec().Decode(TypeId::kText, huge_dictionary, values.size(), block).code() ==
        ErrorCode::kCorruption);
  CHECK(DictionaryCodec().Decode(TypeId::kInt64, encoded.payload, values.size(), block).code() ==
        ErrorCode::kCorruption);
}

TEST_CASE("Unknown codec ids are not found", "[codec]") {
  CHECK(FindCodec(0) == nullptr);
  CHECK(FindCodec(200) == nullptr);
  CHECK(FindCodec(static_cast<uint8_t>(CodecId::kDictionary)) == &DictionaryCodec());
}

}  // namespace
}  // namespace sundial::ts
