#include "ts/run_coding.h"

#include <algorithm>
#include <vector>

#include "ts/bit_packing.h"
#include "ts/codec.h"

namespace sundial::ts {

void PutRuns(const uint64_t* lanes, size_t n, std::string& out) {
  thread_local std::vector<uint64_t> values;
  thread_local std::vector<uint64_t> lengths;
  values.clear();
  lengths.clear();
  int64_t lo = INT64_MAX;
  int64_t hi = INT64_MIN;
  uint64_t longest = 0;
  for (size_t i = 0; i < n;) {
    size_t end = i + 1;
    while (end < n && lanes[end] == lanes[i])
      ++end;
    values.push_back(lanes[i]);
    lo = std::min(lo, static_cast<int64_t>(lanes[i]));
    hi = std::max(hi, static_cast<int64_t>(lanes[i]));
    lengths.push_back(end - i - 1);
    longest = std::max<uint64_t>(longest, end - i - 1);
    i = end;
  }
  unsigned value_width = BitWidth(static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo));
  unsigned length_width = BitWidth(longest);
  PutFixed<uint32_t>(out, static_cast<uint32_t>(values.size()));
  PutFixed<int64_t>(out, lo);
  out.push_back(static_cast<char>(value_width));
  out.push_back(static_cast<char>(length_width));
  PackBits(values.data(), values.size(), static_cast<uint64_t>(lo), value_width, out);
  PackBits(lengths.data(), lengths.size(), 0, length_width, out);
}

Status GetRuns(ByteReader& in, size_t count, const char* codec, uint64_t* lanes) {
  uint32_t runs = 0;
  int64_t base = 0;
  uint8_t value_width = 0;
  uint8_t length_width = 0;
  RETURN_IF_ERROR(in.Read(runs));
  RETURN_IF_ERROR(in.Read(base));
  RETURN_IF_ERROR(in.Read(value_width));
  RETURN_IF_ERROR(in.Read(length_width));
  if (value_width > 64 || length_width > 64) return MalformedBlock(codec, "bit width above 64");
  if (runs > count || (runs == 0 && count > 0)) return MalformedBlock(codec, "bad run count");
  size_t value_bytes = PackedBytes(runs, value_width);
  if (in.remaining() != value_bytes + PackedBytes(runs, length_width)) {
    return MalformedBlock(codec, "packed bytes do not match the run count");
  }
  std::string_view packed_values;
  std::string_view packed_lengths;
  RETURN_IF_ERROR(in.ReadBytes(value_bytes, packed_values));
  RETURN_IF_ERROR(in.ReadBytes(in.remaining(), packed_lengths));
  thread_local std::vector<uint64_t> run_values;
  thread_local std::vector<uint64_t> run_lengths;
  run_values.resize(runs);
  run_lengths.resize(runs);
  UnpackBits(packed_values, runs, value_width, static_cast<uint64_t>(base), run_values.data());
  UnpackBits(packed_lengths, runs, length_width, 1, run_lengths.data());
  size_t at = 0;
  for (uint32_t r = 0; r < runs; ++r) {
    // A length of zero is a wrapped 2^64 run: too long like any other overrun.
    uint64_t n = run_lengths[r];
    if (n == 0 || n > count - at) return MalformedBlock(codec, "runs exceed the count");
    std::fill_n(lanes + at, n, run_values[r]);
    at += n;
  }
  if (at != count) return MalformedBlock(codec, "runs do not add up to the count");
  return Status::Ok();
}

size_t RunsBytes(size_t runs, uint64_t value_span, uint64_t longest) {
  return 14 + PackedBytes(runs, BitWidth(value_span)) + PackedBytes(runs, BitWidth(longest));
}

}  // namespace sundial::ts
