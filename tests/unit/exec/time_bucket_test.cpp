#include <catch2/catch.hpp>

#include "exec_test_util.h"

namespace sundial::exec::testing {
namespace {

Value Bucket(std::string_view width, const Value& time) {
  auto result = Eval(Call("time_bucket", {Lit(Iv(width)), Lit(time)}));
  INFO(result.status().message());
  REQUIRE(result.ok());
  return *result;
}

Status BucketError(std::string_view width, const Value& time) {
  auto result = Eval(Call("time_bucket", {Lit(Iv(width)), Lit(time)}));
  REQUIRE_FALSE(result.ok());
  return result.status();
}

TEST_CASE("time_bucket over a time-ordered batch matches bucketing each value alone",
          "[time_bucket]") {
  // Runs of rows share a bucket; values straddle bucket edges and zero.
  std::vector<int64_t> times;
  for (int64_t t = -125 * kMicrosPerSecond; t < 125 * kMicrosPerSecond; t += 7 * kMicrosPerSecond)
    times.push_back(t);
  times.push_back(-30 * kMicrosPerSecond);  // back in time
  ColumnVector input(kTimestampTz, times.size());
  input.SetSize(times.size());
  for (size_t i = 0; i < times.size(); ++i)
    input.data<int64_t>()[i] = times[i];
  DataChunk chunk;
  chunk.columns.push_back(input);
  ColumnVector out;
  REQUIRE(Evaluate(*Call("time_bucket", {Lit(Iv("1 minute")), MakeColumnRef(0, kTimestampTz)}),
                   chunk, EvalContext{}, out)
              .ok());
  for (size_t i = 0; i < times.size(); ++i) {
    INFO(times[i]);
    CHECK(Value::TimestampTz(out.data<int64_t>()[i]) ==
          Bucket("1 minute", Value::TimestampTz(times[i])));
  }
}

TEST_CASE("time_bucket floors fixed widths to the 2000-01-03 origin", "[time_bucket]") {
  struct Row {
    const char* width;
    const char* time;
    const char* expected;
  };
  const Row rows[] = {
      {"5 minutes", "2024-01-01 00:07:00+00", "2024-01-01 00:05:00+00"},
      {"5 minutes", "2024-01-01 00:05:00+00", "2024-01-01 00:05:00+00"},
      {"1 hour", "2024-03-10 17:59:59.999999+00", "2024-03-10 17:00:00+00"},
      {"7 minutes", "2024-01-01 00:10:00+00", "2024-01-01 00:07:00+00"},
      {"90 seconds", "2024-01-01 00:02:00+00", "2024-01-01 00:01:30+00"},
      {"3 days", "2024-01-02 12:00:00+00", "2023-12-31 00:00:00+00"},
      // Before 1970 and before the origin: floor towards minus infinity.
      {"1 hour", "1969-12-31 23:30:00+00", "1969-12-31 23:00:00+00"},
      {"7 minutes", "1969-12-31 23:58:30+00", "1969-12-31 23:52:00+00"},
      {"3 days", "1950-01-02 00:00:00+00", "1950-01-01 00:00:00+00"},
      {"1 day", "1999-12-31 13:00:00+00", "1999-12-31 00:00:00+00"},
      {"15 seconds", "1900-01-01 00:00:07+00", "1900-01-01 00:00:00+00"},
      // Week buckets start on Mondays.
      {"1 week", "2024-01-03 10:00:00+00", "2024-01-01 00:00:00+00"},
      {"1 week", "1999-12-31 00:00:00+00", "1999-12-27 00:00:00+00"},
      {"1 week", "1960-01-01 00:00:00+00", "1959-12-28 00:00:00+00"},
  };
  for (const Row& row : rows) {
    INFO(row.width << " " << row.time);
    CHECK(Bucket(row.width, Tstz(row.time)) == Tstz(row.expected));
  }
}

TEST_CASE("time_bucket on timestamptz buckets in UTC whatever the session zone", "[time_bucket]") {
  EvalContext berlin;
  auto zone = TimeZone::Lookup("America/New_York");
  REQUIRE(zone.ok());
  berlin.time_zone = *zone;
  auto result =
      Eval(Call("time_bucket", {Lit(Iv("1 day")), Lit(Tstz("2024-01-01 03:00:00+00"))}), berlin);
  REQUIRE(result.ok());
  CHECK(*result == Tstz("2024-01-01 00:00:00+00"));
}

TEST_CASE("time_bucket works on timestamp and date", "[time_bucket]") {
  CHECK(Bucket("15 minutes", Ts("2024-05-05 10:44:00")) == Ts("2024-05-05 10:30:00"));
  CHECK(Bucket("1 week", Date("2024-01-03")) == Date("2024-01-01"));
  CHECK(Bucket("1 month", Date("2024-02-29")) == Date("2024-02-01"));
  CHECK(BucketError("1 hour", Date("2024-01-03")).code() == ErrorCode::kFeatureNotSupported);
  CHECK(BucketError("36 hours", Date("2024-01-03")).message() ==
        "interval must be a multiple of a day");
}

TEST_CASE("time_bucket with months uses calendar months from 2000-01-01", "[time_bucket]") {
  CHECK(Bucket("1 month", Tstz("2024-02-15 12:00:00+00")) == Tstz("2024-02-01 00:00:00+00"));
  CHECK(Bucket("3 months", Tstz("2024-05-20 00:00:00+00")) == Tstz("2024-04-01 00:00:00+00"));
  CHECK(Bucket("1 year", Tstz("1999-06-01 00:00:00+00")) == Tstz("1999-01-01 00:00:00+00"));
  CHECK(Bucket("1 month", Tstz("1969-12-15 00:00:00+00")) == Tstz("1969-12-01 00:00:00+00"));
  CHECK(Bucket("5 months", Tstz("1999-12-31 00:00:00+00")) == Tstz("1999-08-01 00:00:00+00"));
}

TEST_CASE("time_bucket rejects mixed and non-positive widths", "[time_bucket]") {
  Status mixed = BucketError("1 month 1 day", Tstz("2024-01-01 00:00:00+00"));
  CHECK(mixed.code() == ErrorCode::kFeatureNotSupported);
  CHECK(mixed.message() == "month intervals cannot have day or time component");
  Status zero = BucketError("0 minutes", Tstz("2024-01-01 00:00:00+00"));
  CHECK(zero.code() == ErrorCode::kInvalidParameterValue);
  CHECK(BucketError("-5 minutes", Tstz("2024-01-01 00:00:00+00")).code() ==
        ErrorCode::kInvalidParameterValue);
}

TEST_CASE("time_bucket honours a custom origin and an offset", "[time_bucket]") {
  auto with_origin =
      Eval(Call("time_bucket", {Lit(Iv("1 hour")), Lit(Tstz("2024-01-01 10:10:00+00")),
                                Lit(Tstz("2024-01-01 00:30:00+00"))}));
  REQUIRE(with_origin.ok());
  CHECK(*with_origin == Tstz("2024-01-01 09:30:00+00"));

  auto early = Eval(Call("time_bucket", {Lit(Iv("1 hour")), Lit(Tstz("1960-01-01 10:10:00+00")),
                                         Lit(Tstz("2024-01-01 00:30:00+00"))}));
  REQUIRE(early.ok());
  CHECK(*early == Tstz("1960-01-01 09:30:00+00"));

  auto with_offset =
      Eval(Call("time_bucket",
                {Lit(Iv("1 hour")), Lit(Tstz("2024-01-01 10:10:00+00")), Lit(Iv("15 minutes"))}));
  REQUIRE(with_offset.ok());
  CHECK(*with_offset == Tstz("2024-01-01 09:15:00+00"));

  auto month_origin =
      Eval(Call("time_bucket", {Lit(Iv("2 months")), Lit(Tstz("2024-04-20 00:00:00+00")),
                                Lit(Tstz("2024-01-01 00:00:00+00"))}));
  REQUIRE(month_origin.ok());
  CHECK(*month_origin == Tstz("2024-03-01 00:00:00+00"));
}

TEST_CASE("time_bucket on integers floors with an optional offset", "[time_bucket]") {
  auto bucket = [](std::vector<ExprPtr> args) {
    auto result = Eval(Call("time_bucket", std::move(args)));
    REQUIRE(result.ok());
    return result->int_value();
  };
  CHECK(bucket({Int(10), Int(23)}) == 20);
  CHECK(bucket({Int(10), Int(-3)}) == -10);
  CHECK(bucket({Big(10), Big(-10)}) == -10);
  CHECK(bucket({Int(10), Int(23), Int(5)}) == 15);
  auto zero = Eval(Call("time_bucket", {Int(0), Int(5)}));
  REQUIRE_FALSE(zero.ok());
  CHECK(zero.status().code() == ErrorCode::kInvalidParameterValue);
}

TEST_CASE("time_bucket over a batch with NULL times keeps them NULL", "[time_bucket]") {
  DataChunk chunk = DataChunk::Make({kTimestampTz}, 3);
  chunk.columns[0].data<int64_t>()[0] = Tstz("2024-01-01 00:07:00+00").int_value();
  chunk.columns[0].SetNull(1, true);
  chunk.columns[0].data<int64_t>()[2] = Tstz("2024-01-01 00:12:00+00").int_value();
  chunk.SetSize(3);
  ExprPtr expr = Call("time_bucket", {Lit(Iv("5 minutes")), MakeColumnRef(0, kTimestampTz)});
  ColumnVector out;
  REQUIRE(Evaluate(*expr, chunk, EvalContext{}, out).ok());
  CHECK(Value::FromVector(out, 0) == Tstz("2024-01-01 00:05:00+00"));
  CHECK(out.IsNull(1));
  CHECK(Value::FromVector(out, 2) == Tstz("2024-01-01 00:10:00+00"));
}

}  // namespace
}  // namespace sundial::exec::testing
