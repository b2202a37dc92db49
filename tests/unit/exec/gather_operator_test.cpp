#include <catch2/catch.hpp>

#include <atomic>

#include "exec/plan_profile.h"
#include "exec_test_util.h"

namespace sundial::exec::testing {
namespace {

// Serves the integers 0 .. rows-1 as one int8 column in morsels of
// `morsel_rows`; a scan of the morsel holding `failing_row` fails there.
class MorselEngine final : public ScanOnlyEngine {
 public:
  MorselEngine(int64_t rows, int64_t morsel_rows, int64_t failing_row = -1)
      : rows_(rows), morsel_rows_(morsel_rows), failing_row_(failing_row) {}

  Result<std::unique_ptr<ts::TableScanner>> Scan(const ts::ScanSpec&) override {
    ++scans_opened;
    return std::unique_ptr<ts::TableScanner>(std::make_unique<Range>(0, rows_, failing_row_));
  }

  Result<std::shared_ptr<const ts::MorselScan>> ScanMorsels(const ts::ScanSpec&) override {
    ++scans_opened;
    return std::shared_ptr<const ts::MorselScan>(std::make_shared<Morsels>(*this));
  }

  std::atomic<int> scans_opened{0};
  std::atomic<int> morsels_opened{0};

 private:
  class Range final : public ts::TableScanner {
   public:
    Range(int64_t begin, int64_t end, int64_t failing_row)
        : next_(begin), end_(end), failing_row_(failing_row) {}
    Result<bool> Next(DataChunk& out) override {
      if (next_ >= end_) return false;
      int64_t n = std::min<int64_t>(1000, end_ - next_);
      if (failing_row_ >= next_ && failing_row_ < next_ + n) {
        return Status::Error(ErrorCode::kIoError,
                             "read error at row " + std::to_string(failing_row_));
      }
      out = DataChunk::Make({kInt64}, static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i)
        out.columns[0].data<int64_t>()[i] = next_ + i;
      out.SetSize(static_cast<size_t>(n));
      next_ += n;
      return true;
    }

   private:
    int64_t next_;
    int64_t end_;
    int64_t failing_row_;
  };

  class Morsels final : public ts::MorselScan {
   public:
    explicit Morsels(MorselEngine& engine) : engine_(engine) {}
    size_t morsel_count() const override {
      return static_cast<size_t>((engine_.rows_ + engine_.morsel_rows_ - 1) / engine_.morsel_rows_);
    }
    Result<std::unique_ptr<ts::TableScanner>> OpenMorsel(size_t morsel) const override {
      ++engine_.morsels_opened;
      int64_t begin = static_cast<int64_t>(morsel) * engine_.morsel_rows_;
      return std::unique_ptr<ts::TableScanner>(std::make_unique<Range>(
          begin, std::min(engine_.rows_, begin + engine_.morsel_rows_), engine_.failing_row_));
    }

   private:
    MorselEngine& engine_;
  };

  int64_t rows_;
  int64_t morsel_rows_;
  int64_t failing_row_;
};

PlanPtr GatherOf(PlanPtr subplan, int workers = 2) {
  auto gather = std::make_shared<GatherPlan>();
  gather->output_types = subplan->output_types;
  gather->workers = workers;
  gather->children = {std::move(subplan)};
  return gather;
}

// Rows x with x % 7 = 3, and x * 2.
PlanPtr FilterProject() {
  ExprPtr x = MakeColumnRef(0, kInt64);
  auto filter = std::make_shared<FilterPlan>();
  filter->children = {ScanOf()};
  filter->output_types = {kInt64};
  filter->predicate = Call("=", {Call("%", {x, Big(7)}), Big(3)});
  auto project = std::make_shared<ProjectPlan>();
  project->children = {filter};
  project->expressions = {x, Call("*", {x, Big(2)})};
  project->output_types = {kInt64, kInt64};
  return project;
}

// GROUP BY x % 100: count(*), sum(x), min(x), avg(x), and without keys.
std::shared_ptr<AggregatePlan> Aggregate(bool grouped) {
  ExprPtr x = MakeColumnRef(0, kInt64);
  auto aggregate = std::make_shared<AggregatePlan>();
  aggregate->children = {ScanOf()};
  if (grouped) aggregate->group_keys = {Call("%", {x, Big(100)})};
  aggregate->aggregates = {Agg("count", {}), Agg("sum", {x}), Agg("min", {x}),
                           Agg("avg", {MakeCast(x, kFloat64)})};
  if (grouped) aggregate->output_types.push_back(kInt64);
  for (const AggregateCall& call : aggregate->aggregates)
    aggregate->output_types.push_back(call.function->return_type());
  return aggregate;
}

// The aggregate split as the planner splits it: final over a gather of
// partial aggregates.
PlanPtr SplitAggregate(const AggregatePlan& complete, int workers = 2) {
  auto partial = std::make_shared<AggregatePlan>(complete);
  partial->mode = AggregateMode::kPartial;
  partial->output_types.clear();
  for (const ExprPtr& key : complete.group_keys)
    partial->output_types.push_back(key->type);
  for (size_t a = 0; a < complete.aggregates.size(); ++a)
    partial->output_types.push_back(kText);
  auto final_aggregate = std::make_shared<AggregatePlan>();
  final_aggregate->mode = AggregateMode::kFinal;
  final_aggregate->output_types = complete.output_types;
  int keys = static_cast<int>(complete.group_keys.size());
  for (int k = 0; k < keys; ++k)
    final_aggregate->group_keys.push_back(MakeColumnRef(k, kInt64));
  for (size_t a = 0; a < complete.aggregates.size(); ++a) {
    AggregateCall call{.function = complete.aggregates[a].function,
                       .args = {MakeColumnRef(keys + static_cast<int>(a), kText)}};
    final_aggregate->aggregates.push_back(std::move(call));
  }
  final_aggregate->children = {GatherOf(partial, workers)};
  return final_aggregate;
}

std::vector<std::vector<Value>> Run(MorselEngine& engine, const PlanNode& plan,
                                    int max_workers = 2) {
  ExecContext context{.engine = &engine, .max_parallel_workers = max_workers};
  auto rows = RunPlan(plan, context);
  INFO(rows.status().message());
  REQUIRE(rows.ok());
  return std::move(rows).value();
}

TEST_CASE("A gather returns the rows of its chain in scan order on any number of workers",
          "[operator][gather]") {
  MorselEngine engine(100'000, 7'000);
  PlanPtr chain = FilterProject();
  std::vector<std::vector<Value>> serial = Run(engine, *chain);
  REQUIRE(serial.size() == 100'000 / 7 + 1);
  for (int workers : {0, 1, 2, 8}) {
    INFO("workers " << workers);
    CHECK(Run(engine, *GatherOf(chain, 8), workers) == serial);
  }
  // 15 morsels, each opened exactly once per run.
  engine.morsels_opened = 0;
  Run(engine, *GatherOf(chain));
  CHECK(engine.morsels_opened == 15);
}

TEST_CASE("Partial aggregates per morsel combined by a final aggregate equal one aggregate",
          "[operator][gather]") {
  MorselEngine engine(100'000, 6'000);
  for (bool grouped : {true, false}) {
    auto complete = Aggregate(grouped);
    std::vector<std::vector<Value>> expected = Run(engine, *complete);
    REQUIRE(expected.size() == (grouped ? 100u : 1u));
    for (int workers : {0, 2}) {
      INFO("grouped " << grouped << " workers " << workers);
      std::vector<std::vector<Value>> rows = Run(engine, *SplitAggregate(*complete), workers);
      auto by_key = [](const std::vector<Value>& a, const std::vector<Value>& b) {
        return a[0].int_value() < b[0].int_value();
      };
      std::sort(rows.begin(), rows.end(), by_key);
      std::sort(expected.begin(), expected.end(), by_key);
      CHECK(rows == expected);
    }
  }
}

TEST_CASE("An aggregate without keys over no morsels still gives its one row",
          "[operator][gather]") {
  MorselEngine engine(0, 1000);
  auto rows = Run(engine, *SplitAggregate(*Aggregate(false)));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0] == Value::Int64(0));
  CHECK(rows[0][1].is_null());
}

TEST_CASE("A worker's error is the query's error and the other workers stop",
          "[operator][gather]") {
  MorselEngine engine(200'000, 5'000, 123'456);
  for (int workers : {1, 2}) {
    ExecContext context{.engine = &engine, .max_parallel_workers = workers};
    auto rows = RunPlan(*SplitAggregate(*Aggregate(true)), context);
    REQUIRE_FALSE(rows.ok());
    CHECK(rows.status().code() == ErrorCode::kIoError);
    CHECK(rows.status().message() == "read error at row 123456");
  }
}

TEST_CASE("Closing a gather early stops its workers", "[operator][gather]") {
  MorselEngine engine(1'000'000, 10'000);
  PlanPtr gather = GatherOf(ScanOf());
  for (int round = 0; round < 20; ++round) {
    ExecContext context{.engine = &engine};
    auto op = BuildOperator(*gather, context);
    REQUIRE(op.ok());
    DataChunk chunk;
    auto more = (*op)->Next(chunk);
    REQUIRE(more.ok());
    REQUIRE(*more);
    CHECK(chunk.columns[0].data<int64_t>()[0] == 0);
    // Destroying the operator waits for the workers, which read ahead at
    // most a few batches per morsel instead of the whole table.
  }
  CHECK(engine.morsels_opened < 20 * 10);
}

TEST_CASE("A canceled parallel query stops with 57014", "[operator][gather]") {
  MorselEngine engine(1'000'000, 10'000);
  std::atomic<bool> cancel{true};
  ExecContext context{.engine = &engine, .cancel_requested = &cancel};
  auto rows = RunPlan(*SplitAggregate(*Aggregate(true)), context);
  REQUIRE_FALSE(rows.ok());
  CHECK(rows.status().code() == ErrorCode::kQueryCanceled);
}

TEST_CASE("EXPLAIN ANALYZE adds up the figures of every worker's morsels", "[operator][gather]") {
  MorselEngine engine(100'000, 7'000);
  PlanPtr plan = GatherOf(FilterProject());
  PlanProfile profile;
  ExecContext context{.engine = &engine, .profile = &profile};
  auto rows = RunPlan(*plan, context);
  REQUIRE(rows.ok());
  std::string text = DescribePlan(*plan, &profile);
  INFO(text);
  CHECK(text.find("Gather workers=2") != std::string::npos);
  CHECK(text.find("morsels=15 workers_used=") != std::string::npos);
  // The filter saw every row once, summed over the workers.
  const NodeProfile* filter = profile.Find(plan->children[0]->children[0].get());
  REQUIRE(filter != nullptr);
  CHECK(filter->rows == rows->size());
  const NodeProfile* scan = profile.Find(plan->children[0]->children[0]->children[0].get());
  REQUIRE(scan != nullptr);
  CHECK(scan->rows == 100'000);
}

}  // namespace
}  // namespace sundial::exec::testing
