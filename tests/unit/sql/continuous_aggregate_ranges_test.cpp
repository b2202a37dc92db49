#include "sql/continuous_aggregate_ranges.h"

#include <catch2/catch.hpp>
#include <limits>

#include "support/temp_dir.h"

namespace sundial::sql {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kHour = int64_t{3600} * 1'000'000;
// TimescaleDB's default origin, 2000-01-03 00:00:00 UTC.
constexpr int64_t kOrigin = int64_t{946857600} * 1'000'000;

catalog::ContinuousAggregate Hourly(uint32_t source) {
  return catalog::ContinuousAggregate{.source_table_id = source,
                                      .materialization_table_id = source + 1,
                                      .bucket_column = 0,
                                      .bucket_width_micros = kHour,
                                      .bucket_origin_micros = kOrigin};
}

catalog::ViewDefinition AggregateView(uint32_t source) {
  return catalog::ViewDefinition{.name = "hourly",
                                 .query = "SELECT 1",
                                 .column_names = {"bucket"},
                                 .column_types = {DataType::Of(TypeId::kTimestampTz)},
                                 .continuous = Hourly(source)};
}

std::vector<TimeSpan> CurrentRanges(const catalog::ViewDefinitions& views) {
  return views.Find("hourly")->continuous->current_ranges;
}

}  // namespace

TEST_CASE("Span sets unite, subtract and complement", "[continuous_aggregates]") {
  const std::vector<TimeSpan> spans = {{0, 10}, {20, 30}};
  CHECK(UniteSpans(spans, {10, 20}) == std::vector<TimeSpan>{{0, 30}});
  CHECK(UniteSpans(spans, {12, 15}) == std::vector<TimeSpan>{{0, 10}, {12, 15}, {20, 30}});
  CHECK(UniteSpans(spans, {40, 50}) == std::vector<TimeSpan>{{0, 10}, {20, 30}, {40, 50}});
  CHECK(UniteSpans({}, {1, 2}) == std::vector<TimeSpan>{{1, 2}});
  CHECK(SubtractSpans(spans, {{5, 25}}) == std::vector<TimeSpan>{{0, 5}, {25, 30}});
  CHECK(SubtractSpans(spans, {{2, 4}, {6, 8}}) ==
        std::vector<TimeSpan>{{0, 2}, {4, 6}, {8, 10}, {20, 30}});
  CHECK(SubtractSpans(spans, {{kMin, kMax}}).empty());
  CHECK(Complement(spans) == std::vector<TimeSpan>{{kMin, 0}, {10, 20}, {30, kMax}});
  CHECK(Complement({}) == std::vector<TimeSpan>{{kMin, kMax}});
  CHECK(Complement({{kMin, kMax}}).empty());
}

TEST_CASE("Buckets start at the origin plus whole widths, before the epoch too",
          "[continuous_aggregates]") {
  const catalog::ContinuousAggregate hourly = Hourly(1);
  CHECK(BucketStart(hourly, kOrigin) == kOrigin);
  CHECK(BucketStart(hourly, kOrigin + kHour - 1) == kOrigin);
  CHECK(BucketStart(hourly, kOrigin - 1) == kOrigin - kHour);
  CHECK(BucketStart(hourly, 0) == 0);
  CHECK(BucketStart(hourly, -1) == -kHour);
  CHECK(BucketStart(hourly, kMin) == kMin);
  CHECK(BucketStart(hourly, kMax) == kMax);
  CHECK(BucketStart(hourly, kMin + 1) == kMin);
}

TEST_CASE("Writes make their buckets stale, also while a refresh runs, and it stays on disk",
          "[continuous_aggregates]") {
  testing::TempDir dir;
  const std::string path = dir.Join("views");
  auto views = catalog::ViewDefinitions::Open(path).value();
  const uint32_t id = views->Create(AggregateView(7)).value().view_id;
  ContinuousAggregateRanges ranges(*views);
  CHECK(ranges.HasAggregates(7));
  CHECK_FALSE(ranges.HasAggregates(8));

  // Everything is stale at first.
  auto stale = ranges.BeginRefresh(id, {0, 10 * kHour});
  REQUIRE(stale.ok());
  CHECK(*stale == std::vector<TimeSpan>{{0, 10 * kHour}});
  CHECK(ranges.BeginRefresh(id, {0, kHour}).status().code() ==
        ErrorCode::kObjectNotInPrerequisiteState);
  // A row written while the refresh runs keeps its bucket stale.
  REQUIRE(ranges.Invalidate(7, 3 * kHour + 5, 3 * kHour + 10).ok());
  REQUIRE(ranges.FinishRefresh(id, {0, 10 * kHour}).ok());
  CHECK(CurrentRanges(*views) == std::vector<TimeSpan>{{0, 3 * kHour}, {4 * kHour, 10 * kHour}});

  // Rows of another table change nothing; rows spanning buckets take them all.
  REQUIRE(ranges.Invalidate(8, 0, 10 * kHour).ok());
  REQUIRE(ranges.Invalidate(7, 5 * kHour + 1, 6 * kHour).ok());
  CHECK(CurrentRanges(*views) ==
        std::vector<TimeSpan>{{0, 3 * kHour}, {4 * kHour, 5 * kHour}, {7 * kHour, 10 * kHour}});

  // A refresh finds only what is stale in its window.
  stale = ranges.BeginRefresh(id, {2 * kHour, 8 * kHour});
  REQUIRE(stale.ok());
  CHECK(*stale == std::vector<TimeSpan>{{3 * kHour, 4 * kHour}, {5 * kHour, 7 * kHour}});
  ranges.AbandonRefresh(id);
  CHECK(CurrentRanges(*views).size() == 3);

  // The ranges and the flag are what a reopened file holds.
  REQUIRE(ranges.SetMaterializedOnly(id, false).ok());
  auto reopened = catalog::ViewDefinitions::Open(path).value();
  REQUIRE(reopened->Find("hourly"));
  CHECK(CurrentRanges(*reopened) == CurrentRanges(*views));
  CHECK_FALSE(reopened->Find("hourly")->continuous->materialized_only);
}

}  // namespace sundial::sql
