#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "ts/codec.h"

namespace sundial::ts {
namespace {

// One block of fixed-width values as raw little-endian bytes plus NULL flags.
struct Input {
  std::string name;
  TypeId type = TypeId::kUnknown;
  std::string bytes;
  std::vector<uint8_t> nulls;

  size_t count() const { return bytes.size() / PhysicalSize(type); }
  size_t null_count() const {
    size_t n = 0;
    for (uint8_t x : nulls)
      n += x;
    return n;
  }
  BlockValues Values() const {
    return BlockValues{.type = type,
                       .values = bytes.data(),
                       .nulls = nulls.empty() ? nullptr : nulls.data(),
                       .count = count(),
                       .null_count = null_count()};
  }
};

template <typename T>
Input Make(std::string name, TypeId type, const std::vector<T>& values,
           std::vector<uint8_t> nulls = {}) {
  Input in{.name = std::move(name), .type = type, .nulls = std::move(nulls)};
  in.bytes.assign(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  // A NULL slot holds zero, as the writer hands blocks over.
  for (size_t i = 0; i < in.nulls.size(); ++i) {
    if (in.nulls[i]) std::memset(in.bytes.data() + i * sizeof(T), 0, sizeof(T));
  }
  return in;
}

std::vector<uint8_t> NullsEvery(size_t count, std::mt19937_64& rng, double probability) {
  std::bernoulli_distribution is_null(probability);
  std::vector<uint8_t> nulls(count);
  for (uint8_t& n : nulls)
    n = is_null(rng) ? 1 : 0;
  return nulls;
}

template <typename T>
std::vector<Input> IntegerInputs(TypeId type, std::mt19937_64& rng) {
  constexpr T kMin = std::numeric_limits<T>::min();
  constexpr T kMax = std::numeric_limits<T>::max();
  std::vector<Input> inputs;
  for (size_t count : {size_t{1}, size_t{7}, size_t{1000}, size_t{65536}}) {
    std::vector<T> random(count), constant(count, static_cast<T>(42)), monotonic(count),
        extremes(count), runs(count), small(count);
    std::uniform_int_distribution<int64_t> any(kMin, kMax);
    for (size_t i = 0; i < count; ++i) {
      random[i] = static_cast<T>(any(rng));
      monotonic[i] = static_cast<T>(kMin / 2 + static_cast<T>(i % 1000) * 3);
      extremes[i] = i % 3 == 0 ? kMin : i % 3 == 1 ? kMax : 0;
      runs[i] = static_cast<T>((i / 100) % 5);
      small[i] = static_cast<T>(any(rng) % 16);
    }
    std::string n = " x" + std::to_string(count);
    inputs.push_back(Make("random" + n, type, random));
    inputs.push_back(Make("constant" + n, type, constant));
    inputs.push_back(Make("monotonic" + n, type, monotonic));
    inputs.push_back(Make("extremes" + n, type, extremes));
    inputs.push_back(Make("runs" + n, type, runs));
    inputs.push_back(Make("small" + n, type, small, NullsEvery(count, rng, 0.1)));
    inputs.push_back(Make("null-heavy" + n, type, random, NullsEvery(count, rng, 0.95)));
    inputs.push_back(Make("all-null" + n, type, random, std::vector<uint8_t>(count, 1)));
  }
  return inputs;
}

std::vector<Input> DoubleInputs(std::mt19937_64& rng) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const double specials[] = {std::numeric_limits<double>::quiet_NaN(),
                             kInf,
                             -kInf,
                             -0.0,
                             0.0,
                             std::numeric_limits<double>::max(),
                             -std::numeric_limits<double>::max(),
                             std::numeric_limits<double>::min(),
                             std::numeric_limits<double>::denorm_min(),
                             -std::numeric_limits<double>::denorm_min(),
                             12.3456};
  std::vector<Input> inputs;
  for (size_t count : {size_t{1}, size_t{7}, size_t{1000}, size_t{65536}}) {
    std::vector<double> bits(count), decimals(count), integers(count), constant(count, 3.25),
        monotonic(count), special(count), mostly_decimal(count);
    std::uniform_int_distribution<uint64_t> any;
    std::uniform_int_distribution<int> percent(0, 100);
    for (size_t i = 0; i < count; ++i) {
      uint64_t b = any(rng);
      std::memcpy(&bits[i], &b, 8);  // every bit pattern, NaN payloads included
      decimals[i] = static_cast<double>(percent(rng) * 10000 + percent(rng)) / 1e4;
      integers[i] = percent(rng);
      monotonic[i] = 1000.5 + static_cast<double>(i) * 0.25;
      special[i] = specials[i % std::size(specials)];
      mostly_decimal[i] = i % 50 == 7 ? specials[i % std::size(specials)] : decimals[i];
    }
    std::string n = " x" + std::to_string(count);
    inputs.push_back(Make("random bits" + n, TypeId::kFloat64, bits));
    inputs.push_back(Make("decimals" + n, TypeId::kFloat64, decimals));
    inputs.push_back(Make("integers" + n, TypeId::kFloat64, integers));
    inputs.push_back(Make("constant" + n, TypeId::kFloat64, constant));
    inputs.push_back(Make("monotonic" + n, TypeId::kFloat64, monotonic));
    inputs.push_back(Make("specials" + n, TypeId::kFloat64, special));
    inputs.push_back(Make("decimals with specials" + n, TypeId::kFloat64, mostly_decimal));
    inputs.push_back(
        Make("null-heavy" + n, TypeId::kFloat64, decimals, NullsEvery(count, rng, 0.95)));
    inputs.push_back(Make("all-null" + n, TypeId::kFloat64, bits, std::vector<uint8_t>(count, 1)));
  }
  return inputs;
}

bool IsValid(const DecodedBlock& block, size_t row) {
  const uint64_t* validity = block.validity();
  return validity == nullptr || ((validity[row >> 6] >> (row & 63)) & 1);
}

// Decodes `payload` and requires the exact bits of every valid value, zero in
// every NULL slot and the same NULL positions.
void CheckDecodesTo(const Codec& codec, const Input& in, std::string_view payload) {
  DecodedBlock block;
  Status status = codec.Decode(in.type, payload, in.count(), block);
  INFO(in.name << ": " << status.message());
  REQUIRE(status.ok());
  REQUIRE(block.count() == in.count());
  size_t width = PhysicalSize(in.type);
  size_t mismatches = 0;
  for (size_t i = 0; i < in.count(); ++i) {
    bool is_null = !in.nulls.empty() && in.nulls[i];
    if (IsValid(block, i) == is_null) ++mismatches;
    if (std::memcmp(block.raw_values() + i * width, in.bytes.data() + i * width, width) != 0) {
      ++mismatches;
    }
  }
  CHECK(mismatches == 0);
}

void CheckRoundTrips(const Codec& codec, const std::vector<Input>& inputs) {
  for (const Input& in : inputs) {
    std::string payload;
    if (!codec.Encode(in.Values(), payload)) {
      INFO(in.name);
      CHECK(payload.empty());  // declining leaves the output untouched
      continue;
    }
    CheckDecodesTo(codec, in, payload);
  }
}

// Every proper prefix, and every payload with one byte changed, must decode
// to success or kCorruption, never crash; prefixes must all be kCorruption.
void CheckMalformedIsCorruption(const Codec& codec, const Input& in) {
  std::string payload;
  REQUIRE(codec.Encode(in.Values(), payload));
  DecodedBlock block;
  for (size_t n = 0; n < payload.size(); ++n) {
    Status status =
        codec.Decode(in.type, std::string_view(payload).substr(0, n), in.count(), block);
    INFO(in.name << ": prefix of " << n << " bytes");
    REQUIRE(status.code() == ErrorCode::kCorruption);
  }
  std::mt19937_64 rng(7);
  for (size_t i = 0; i < payload.size(); ++i) {
    std::string damaged = payload;
    damaged[i] = static_cast<char>(damaged[i] ^ static_cast<char>(1 + rng() % 255));
    Status status = codec.Decode(in.type, damaged, in.count(), block);
    INFO(in.name << ": byte " << i << " changed");
    CHECK((status.ok() || status.code() == ErrorCode::kCorruption));
  }
  Status longer = codec.Decode(in.type, payload + "xx", in.count(), block);
  CHECK(longer.code() == ErrorCode::kCorruption);
}

std::vector<Input> AllIntegerInputs() {
  std::mt19937_64 rng(1);
  std::vector<Input> all;
  for (auto part :
       {IntegerInputs<int64_t>(TypeId::kInt64, rng),
        IntegerInputs<int64_t>(TypeId::kTimestampTz, rng),
        IntegerInputs<int32_t>(TypeId::kInt32, rng), IntegerInputs<int32_t>(TypeId::kDate, rng),
        IntegerInputs<int16_t>(TypeId::kInt16, rng)}) {
    all.insert(all.end(), part.begin(), part.end());
  }
  std::vector<uint8_t> bools(5000);
  for (size_t i = 0; i < bools.size(); ++i)
    bools[i] = (i / 7) % 2;
  all.push_back(Make("bools", TypeId::kBool, bools, NullsEvery(bools.size(), rng, 0.2)));
  return all;
}

TEST_CASE("Frame-of-reference codec round-trips integers bit for bit", "[codec][compression]") {
  CheckRoundTrips(FrameOfReferenceCodec(), AllIntegerInputs());
}

TEST_CASE("Delta codec round-trips integers bit for bit", "[codec][compression]") {
  CheckRoundTrips(DeltaCodec(), AllIntegerInputs());
}

TEST_CASE("Run-length codec round-trips integers bit for bit", "[codec][compression]") {
  CheckRoundTrips(RunLengthCodec(), AllIntegerInputs());
}

TEST_CASE("Delta run-length codec round-trips integers bit for bit", "[codec][compression]") {
  CheckRoundTrips(DeltaRunLengthCodec(), AllIntegerInputs());
}

TEST_CASE("ALP codec round-trips doubles bit for bit", "[codec][compression]") {
  std::mt19937_64 rng(2);
  CheckRoundTrips(AlpCodec(), DoubleInputs(rng));
}

TEST_CASE("Gorilla codec round-trips doubles bit for bit", "[codec][compression]") {
  std::mt19937_64 rng(3);
  CheckRoundTrips(GorillaCodec(), DoubleInputs(rng));
}

TEST_CASE("Zstd codec round-trips compressible blocks", "[codec][compression]") {
  std::mt19937_64 rng(4);
  std::vector<Input> inputs = DoubleInputs(rng);
  std::vector<Input> integers = AllIntegerInputs();
  inputs.insert(inputs.end(), integers.begin(), integers.end());
  CheckRoundTrips(ZstdCodec(), inputs);
}

TEST_CASE("The block encoder picks a codec that round-trips every input", "[codec][compression]") {
  std::mt19937_64 rng(5);
  std::vector<Input> inputs = DoubleInputs(rng);
  std::vector<Input> integers = AllIntegerInputs();
  inputs.insert(inputs.end(), integers.begin(), integers.end());
  for (const Input& in : inputs) {
    std::string payload;
    CodecId id = EncodeBlock(in.Values(), payload);
    const Codec* codec = FindCodec(static_cast<uint8_t>(id));
    REQUIRE(codec != nullptr);
    CheckDecodesTo(*codec, in, payload);
    // Never worse than plain by more than the zstd header.
    std::string plain;
    PlainCodec().Encode(in.Values(), plain);
    INFO(in.name);
    CHECK(payload.size() <= plain.size() + 24);
  }
}

TEST_CASE("Regular timestamps and repeated times compress to almost nothing",
          "[codec][compression]") {
  // 10 s apart: one delta, zero bits per value.
  std::vector<int64_t> regular(65536);
  for (size_t i = 0; i < regular.size(); ++i)
    regular[i] = 1451606400000000 + static_cast<int64_t>(i) * 10000000;
  Input in = Make("regular", TypeId::kTimestampTz, regular);
  std::string payload;
  CodecId id = EncodeBlock(in.Values(), payload);
  CHECK(id == CodecId::kDelta);
  CHECK(payload.size() < 32);
  CheckDecodesTo(*FindCodec(static_cast<uint8_t>(id)), in, payload);

  // 1000 series sharing each timestamp: runs.
  std::vector<int64_t> shared(65536);
  for (size_t i = 0; i < shared.size(); ++i)
    shared[i] = 1451606400000000 + static_cast<int64_t>(i / 1000) * 10000000;
  Input runs = Make("shared", TypeId::kTimestampTz, shared);
  payload.clear();
  id = EncodeBlock(runs.Values(), payload);
  CHECK(payload.size() < 300);
  CheckDecodesTo(*FindCodec(static_cast<uint8_t>(id)), runs, payload);
}

TEST_CASE("Timestamps stored series by series take a few bytes per series",
          "[codec][compression]") {
  // 16 series of 4096 rows 10 s apart, each starting over at the same time,
  // one irregular gap inside: plain deltas would need the step back's width
  // for every row.
  std::vector<int64_t> by_series(65536);
  for (size_t i = 0; i < by_series.size(); ++i) {
    size_t row = i % 4096;
    by_series[i] = 1451606400000000 + static_cast<int64_t>(row) * 10000000 +
                   (row >= 2000 ? int64_t{3000000} : 0);
  }
  Input in = Make("by series", TypeId::kTimestampTz, by_series);
  std::string payload;
  REQUIRE(DeltaRunLengthCodec().Encode(in.Values(), payload));
  CHECK(payload.size() < 16 * 32);
  CheckDecodesTo(DeltaRunLengthCodec(), in, payload);
  // The block encoder finds it (possibly under zstd) among the integer codecs.
  std::string chosen;
  CodecId id = EncodeBlock(in.Values(), chosen);
  CHECK(chosen.size() <= payload.size());
  CheckDecodesTo(*FindCodec(static_cast<uint8_t>(id)), in, chosen);
}

TEST_CASE("Decimal doubles encode as a few bits per value with ALP", "[codec][compression]") {
  std::mt19937_64 rng(6);
  std::uniform_int_distribution<int> percent(0, 100);
  std::vector<double> values(65536);
  for (double& v : values)
    v = percent(rng);
  Input integers = Make("whole", TypeId::kFloat64, values);
  std::string payload;
  REQUIRE(EncodeBlock(integers.Values(), payload) == CodecId::kAlp);
  CHECK(payload.size() <= 65536 * 7 / 8 + 64);  // 0..100 needs 7 bits

  for (double& v : values)
    v = static_cast<double>(percent(rng) * 100 + percent(rng) % 100) / 100;  // two decimals
  values[10] = -0.0;
  values[20] = std::numeric_limits<double>::quiet_NaN();
  Input decimals = Make("decimals", TypeId::kFloat64, values);
  payload.clear();
  REQUIRE(AlpCodec().Encode(decimals.Values(), payload));
  CHECK(payload.size() <= 65536 * 14 / 8 + 64);  // 0..10100 needs 14 bits; 2 exceptions
  CheckDecodesTo(AlpCodec(), decimals, payload);
}

TEST_CASE("ALP packs differences when a series drifts slowly", "[codec][compression]") {
  // A random walk in hundredths over a wide range: the values need 20 bits,
  // their differences 3.
  std::mt19937_64 rng(9);
  std::vector<double> walk(65536);
  int64_t n = 500000;
  for (double& v : walk) {
    n += static_cast<int64_t>(rng() % 7) - 3;
    v = static_cast<double>(n) / 100;
  }
  walk[100] = std::numeric_limits<double>::infinity();
  Input in = Make("walk", TypeId::kFloat64, walk, NullsEvery(walk.size(), rng, 0.01));
  std::string payload;
  REQUIRE(AlpCodec().Encode(in.Values(), payload));
  CHECK(payload.size() < 65536 * 4 / 8 + 8192 + 64);  // 3 bits a value plus the validity bitmap
  CheckDecodesTo(AlpCodec(), in, payload);
  CheckMalformedIsCorruption(
      AlpCodec(),
      Make("short walk", TypeId::kFloat64, std::vector<double>(walk.begin(), walk.begin() + 200)));
}

TEST_CASE("Compressed codecs reject malformed blocks as corruption", "[codec][malformed]") {
  std::mt19937_64 rng(8);
  std::vector<int64_t> ints(300);
  for (size_t i = 0; i < ints.size(); ++i)
    ints[i] = static_cast<int64_t>(i / 10) * 1000 + static_cast<int64_t>(rng() % 7);
  Input integers = Make("ints", TypeId::kInt64, ints, NullsEvery(ints.size(), rng, 0.1));
  CheckMalformedIsCorruption(FrameOfReferenceCodec(), integers);
  CheckMalformedIsCorruption(DeltaCodec(), integers);
  CheckMalformedIsCorruption(RunLengthCodec(), integers);
  CheckMalformedIsCorruption(DeltaRunLengthCodec(), integers);
  CheckMalformedIsCorruption(ZstdCodec(), integers);

  std::vector<double> doubles(300);
  for (size_t i = 0; i < doubles.size(); ++i)
    doubles[i] = i % 37 == 0 ? -0.0 : static_cast<double>(rng() % 10000) / 100;
  Input floats = Make("doubles", TypeId::kFloat64, doubles, NullsEvery(doubles.size(), rng, 0.1));
  CheckMalformedIsCorruption(AlpCodec(), floats);
  CheckMalformedIsCorruption(GorillaCodec(), floats);

  DecodedBlock block;
  std::string payload;
  REQUIRE(FrameOfReferenceCodec().Encode(integers.Values(), payload));
  Status wrong_type = FrameOfReferenceCodec().Decode(TypeId::kText, payload, 300, block);
  CHECK(wrong_type.code() == ErrorCode::kCorruption);
  CHECK(wrong_type.message().find("frame-of-reference") != std::string::npos);
  payload.clear();
  REQUIRE(AlpCodec().Encode(floats.Values(), payload));
  CHECK(AlpCodec().Decode(TypeId::kInt64, payload, 300, block).code() == ErrorCode::kCorruption);
}

TEST_CASE("New codec ids are registered without renumbering the old ones", "[codec]") {
  CHECK(static_cast<int>(CodecId::kPlain) == 1);
  CHECK(static_cast<int>(CodecId::kDictionary) == 2);
  for (const Codec* codec : {&FrameOfReferenceCodec(), &DeltaCodec(), &RunLengthCodec(),
                             &AlpCodec(), &GorillaCodec(), &ZstdCodec(), &DeltaRunLengthCodec()}) {
    CHECK(FindCodec(static_cast<uint8_t>(codec->id())) == codec);
  }
}

}  // namespace
}  // namespace sundial::ts
