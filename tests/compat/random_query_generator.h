#pragma once

#include <cstdint>
#include <string>

namespace sundial::testing {

// Seeded random SELECTs over the compat data set (cpu, readings) and the
// dimension tables (hosts, device_info), for diffing Sundial against
// PostgreSQL. Query `index` of a seed is the same text on every machine, so a
// failure is reproduced from the pair (seed, index) alone.
//
// Every query has one right answer: either its outermost ORDER BY names every
// output column (so only identical rows can tie, and LIMIT cuts a defined
// prefix) or it has no ORDER BY and is compared as a multiset. Functions that
// number rows order by a unique key; floating-point values are only summed
// where the comparison's tolerance absorbs the order of additions. The
// generator stays within what Sundial supports: a 0A000 answer to a generated
// query is a generator bug.
class RandomQueryGenerator {
 public:
  explicit RandomQueryGenerator(uint64_t seed) : seed_(seed) {}

  std::string Generate(uint64_t index) const;

 private:
  uint64_t seed_;
};

}  // namespace sundial::testing
