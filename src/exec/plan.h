#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/types.h"
#include "exec/expression.h"
#include "ts/engine.h"

namespace sundial::exec {

class AggregateFunction;

// Physical plans are immutable descriptions; operators (operator.h) hold the
// run-time state. Every node states the types of the columns it produces.
enum class PlanKind : uint8_t {
  kScan,
  kValues,
  kFilter,
  kProject,
  kAggregate,
  kSort,
  kLimit,
  kDistinct,
  kJoin,
  kSetOperation,
  kSingleRow,
  kSeries,
  kWindow,
  kGapfill,
  kGather,
  kLateralJoin,
};

struct PlanNode;
using PlanPtr = std::shared_ptr<const PlanNode>;

struct PlanNode {
  explicit PlanNode(PlanKind kind) : kind(kind) {}
  virtual ~PlanNode() = default;

  PlanKind kind;
  std::vector<DataType> output_types;
  std::vector<PlanPtr> children;
};

// `column op value` (table column numbering) where the value is known only
// when the scan opens: it reads the outer row of a per-row run
// (kOuterParam). `value` has the column's type (text for text columns, which
// only take kEq).
struct ScanParameterTerm {
  int column = 0;
  ts::ScanCompare op = ts::ScanCompare::kEq;
  ExprPtr value;
};

// Reads table columns (spec.columns, in that order) over spec.time_range.
// Each parameter term becomes one more predicate of the spec (and narrows
// the time range on the time column) when the scan opens, so a per-row run
// reads only the blocks its row can match; a filter above the scan still
// tests those terms.
struct ScanPlan : PlanNode {
  ScanPlan() : PlanNode(PlanKind::kScan) {}
  ts::ScanSpec spec;
  std::vector<ScanParameterTerm> parameter_terms;
  int time_column = -1;  // table column; -1 without one
};

// Constant rows; each row's expressions are constant (no column refs).
// A row list of one empty row is the input of SELECT without FROM.
struct ValuesPlan : PlanNode {
  ValuesPlan() : PlanNode(PlanKind::kValues) {}
  std::vector<std::vector<ExprPtr>> rows;
};

// Keeps rows of children[0] where predicate is true (not false, not NULL).
struct FilterPlan : PlanNode {
  FilterPlan() : PlanNode(PlanKind::kFilter) {}
  ExprPtr predicate;
};

// One output column per expression over children[0].
struct ProjectPlan : PlanNode {
  ProjectPlan() : PlanNode(PlanKind::kProject) {}
  std::vector<ExprPtr> expressions;
};

struct AggregateCall {
  const AggregateFunction* function = nullptr;
  std::vector<ExprPtr> args;  // already cast to function->arg_types()
  // Rows where `filter` is not true are skipped (FILTER (WHERE ...)); null
  // means every row.
  ExprPtr filter;
  // Keeps `function` alive when the call built its own descriptor (DISTINCT,
  // aggregate ORDER BY, ordered-set aggregates with their direct argument);
  // registry functions live forever and leave this empty.
  std::shared_ptr<const AggregateFunction> owned_function;
};

// kComplete aggregates rows. A parallel aggregate is split in two: kPartial
// aggregates part of the rows and emits, instead of each aggregate's value,
// its serialized state (AggregateFunction::Serialize) in a text column;
// kFinal groups those rows by the keys (column references to the partial's
// key columns) and combines the states, in input order, as spilled states
// are combined.
enum class AggregateMode : uint8_t { kComplete, kPartial, kFinal };

// Groups children[0] by group_keys and computes aggregates per group.
// Output: the group key values, then one column per aggregate. With no
// group keys it produces exactly one row (even over empty input).
// In kFinal mode each call's single argument is the input column holding
// its partial states.
struct AggregatePlan : PlanNode {
  AggregatePlan() : PlanNode(PlanKind::kAggregate) {}
  std::vector<ExprPtr> group_keys;
  std::vector<AggregateCall> aggregates;
  AggregateMode mode = AggregateMode::kComplete;
};

struct SortKey {
  ExprPtr expr;  // over the input columns
  bool descending = false;
  bool nulls_first = false;  // PostgreSQL default: NULLS LAST for ASC, FIRST for DESC
};

// Sorts children[0]. With `limit` set it only needs the first `limit` rows
// (top-N; limit already includes any OFFSET).
struct SortPlan : PlanNode {
  SortPlan() : PlanNode(PlanKind::kSort) {}
  std::vector<SortKey> keys;
  std::optional<uint64_t> limit;
};

struct LimitPlan : PlanNode {
  LimitPlan() : PlanNode(PlanKind::kLimit) {}
  std::optional<uint64_t> limit;
  uint64_t offset = 0;
};

// Emits one row per distinct value of `keys`. Plain DISTINCT: keys are all
// columns. DISTINCT ON: the row kept for each key is the first under
// `order` (the ORDER BY keys after the DISTINCT ON ones), or the first
// seen when `order` is empty. Output order is unspecified; the planner sorts
// on top when the query asks for an order.
struct DistinctPlan : PlanNode {
  DistinctPlan() : PlanNode(PlanKind::kDistinct) {}
  std::vector<ExprPtr> keys;
  std::vector<SortKey> order;
};

// kSemi / kAnti: the probe rows with at least one / without any pairing
// build row, each once; the output has only the probe side's columns
// (correlated EXISTS, NOT EXISTS and IN).
enum class JoinType : uint8_t { kInner, kLeft, kRight, kFull, kSemi, kAnti };

// Joins children[0] (the probe side) with children[1] (the build side, held
// in memory). Output: the probe side's columns, then the build side's. Two
// rows pair up when every probe_keys[i] equals build_keys[i] (same types;
// NULL equals nothing) and `condition` (over the output columns; may be
// null) is true. Without keys every pair is tested (nested loop). Outer
// joins add the unpaired rows of the preserved side(s) with NULLs for the
// other side's columns.
struct JoinPlan : PlanNode {
  JoinPlan() : PlanNode(PlanKind::kJoin) {}
  JoinType type = JoinType::kInner;
  std::vector<ExprPtr> probe_keys;
  std::vector<ExprPtr> build_keys;
  ExprPtr condition;
};

// A LATERAL item that could not become a join: for each row of children[0]
// it runs children[1], whose kOuterParam slots read that row's values of
// `parameters`, and pairs the row with each of the run's rows for which
// `condition` (over the output; may be null) is true, like PostgreSQL's
// nested loop with parameters. kLeft keeps a row without a pair, with NULLs
// for children[1]'s columns. Output: children[0]'s columns, then
// children[1]'s. children[1] runs serially, once per distinct run of equal
// parameter values.
struct LateralJoinPlan : PlanNode {
  LateralJoinPlan() : PlanNode(PlanKind::kLateralJoin) {}
  JoinType type = JoinType::kInner;  // kInner or kLeft
  std::vector<ExprPtr> parameters;
  ExprPtr condition;
};

enum class SetOperationType : uint8_t {
  kUnionAll,
  kIntersect,
  kIntersectAll,
  kExcept,
  kExceptAll,
};

// children[0] op children[1]; both children have this node's output types.
// UNION ALL concatenates; INTERSECT / EXCEPT compare whole rows (NULLs equal)
// and emit each distinct row once, or (ALL) min(l, r) / max(l - r, 0) times.
// Plain UNION plans as UNION ALL under a DISTINCT.
struct SetOperationPlan : PlanNode {
  SetOperationPlan() : PlanNode(PlanKind::kSetOperation) {}
  SetOperationType type = SetOperationType::kUnionAll;
};

// Passes children[0] through, failing with 21000 when it has more than one
// row (a scalar subquery used as an expression).
struct SingleRowPlan : PlanNode {
  SingleRowPlan() : PlanNode(PlanKind::kSingleRow) {}
};

// generate_series(start, stop [, step]) as a relation of one column of
// output_types[0]: integers (step defaults to 1) or timestamps with an
// interval step added repeatedly (as PostgreSQL does, so month steps clamp
// the day). The arguments reference no columns; a NULL one gives no rows.
// With `array` set instead it is unnest(array): the array's elements, NULLs
// included, in order.
struct SeriesPlan : PlanNode {
  SeriesPlan() : PlanNode(PlanKind::kSeries) {}
  ExprPtr start;
  ExprPtr stop;
  ExprPtr step;  // may be null for integers
  ExprPtr array;
};

enum class WindowFunctionKind : uint8_t {
  kRowNumber,
  kRank,
  kDenseRank,
  kPercentRank,
  kCumeDist,
  kNtile,
  kLag,
  kLead,
  kFirstValue,
  kLastValue,
  kNthValue,
  kAggregate,
};

enum class WindowFrameUnit : uint8_t { kRows, kRange, kGroups };

// Rows a frame leaves out (EXCLUDE ...): the current row, its peer group,
// or its peers other than itself.
enum class WindowExclusion : uint8_t { kNone, kCurrentRow, kGroup, kTies };

enum class WindowBoundKind : uint8_t {
  kUnboundedPreceding,
  kPreceding,
  kCurrentRow,
  kFollowing,
  kUnboundedFollowing,
};

// One end of a frame. ROWS offsets count rows and GROUPS offsets peer
// groups (`rows` holds either); a RANGE offset bound is
// the input column holding, per row, the order key moved by the offset
// (key - offset for PRECEDING under ASC), compared with `range_key_column`.
struct WindowBound {
  WindowBoundKind kind = WindowBoundKind::kCurrentRow;
  int64_t rows = 0;
  int column = -1;
};

// Defaults to PostgreSQL's frame without a frame clause: RANGE UNBOUNDED
// PRECEDING to CURRENT ROW (with its peers; the whole partition when there
// is no ORDER BY).
struct WindowFrame {
  WindowFrameUnit unit = WindowFrameUnit::kRange;
  WindowBound start{.kind = WindowBoundKind::kUnboundedPreceding};
  WindowBound end;
  // RANGE with an offset: the single order key, in the type the bound
  // columns have.
  int range_key_column = -1;
  WindowExclusion exclusion = WindowExclusion::kNone;
};

struct WindowCall {
  std::string name;  // as called, for EXPLAIN
  WindowFunctionKind kind = WindowFunctionKind::kRowNumber;
  const AggregateFunction* aggregate = nullptr;  // kAggregate
  // Input columns of the arguments, already of the types the function takes.
  std::vector<int> args;
  DataType type;
  WindowFrame frame;
};

// Computes window functions over children[0], which arrives sorted by the
// partition columns and then by `order` (the planner puts a sort below).
// Output: the input columns, then one column per call. Rows are equal
// partition members when all partition columns are equal (NULLs equal),
// and peers when the order keys are equal too.
struct WindowPlan : PlanNode {
  WindowPlan() : PlanNode(PlanKind::kWindow) {}
  std::vector<int> partition_columns;
  std::vector<SortKey> order;  // column references into the input
  std::vector<WindowCall> calls;
};

enum class GapfillKind : uint8_t { kLocf, kInterpolate };

// locf(value [, prev [, treat_null_as_missing]]) or interpolate(value): an
// output column the gapfill node appends. `value` and `prev` are over the
// node's input columns; `prev` (may be null) is evaluated over the first
// gap row of a series that has no value to carry yet.
struct GapfillColumn {
  GapfillKind kind = GapfillKind::kLocf;
  ExprPtr value;
  ExprPtr prev;
  bool treat_null_as_missing = false;
};

// time_bucket_gapfill: children[0] arrives sorted by `series_columns` then
// by `time_column` ascending (aggregate output: group keys, aggregates).
// For each series (distinct values of series_columns) it emits the input
// rows plus one row for every bucket start in [start, finish) the series
// lacks, with the series' keys and NULL in every other input column.
// Times are in the time column's storage unit (micros, days or integers);
// buckets advance by `width` (an interval, or an integer of the time type).
// Output: the input columns, then one column per entry of `fills`.
struct GapfillPlan : PlanNode {
  GapfillPlan() : PlanNode(PlanKind::kGapfill) {}
  int time_column = 0;
  std::vector<int> series_columns;
  Value width;
  int64_t start = 0;
  int64_t finish = 0;
  // time_bucket_gapfill with a time zone: buckets advance as timestamptz +
  // interval does, in the session's zone (TimescaleDB's choice); otherwise
  // in UTC.
  bool zoned = false;
  std::vector<GapfillColumn> fills;
};

// Runs children[0] (filters and projections over one scan, and maybe a
// partial aggregate on top) on up to `workers` threads of the worker pool
// and the calling thread, one copy of the subplan per morsel of the scan,
// and returns their rows in morsel order: exactly the rows, in the order,
// the subplan would give run once over the whole scan (a partial
// aggregate's groups per morsel).
struct GatherPlan : PlanNode {
  GatherPlan() : PlanNode(PlanKind::kGather) {}
  int workers = 0;
};

class PlanProfile;

// Multi-line, indented description (EXPLAIN); with a profile, each node's
// line ends with what it did in that run (EXPLAIN ANALYZE).
std::string DescribePlan(const PlanNode& plan, const PlanProfile* profile = nullptr);

}  // namespace sundial::exec
