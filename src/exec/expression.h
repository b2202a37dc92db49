#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "common/time_zone.h"
#include "common/types.h"
#include "common/value.h"

namespace sundial::catalog {
class Catalog;
}

namespace sundial::exec {

class ScalarFunction;
struct PlanNode;

enum class ExprKind : uint8_t {
  kColumnRef,  // column `column` of the input chunk
  kConstant,   // `constant`
  kCall,       // `function` applied to args (operators are functions too: "+", "=", ...)
  kCast,       // args[0] converted to `type`
  kAnd,        // args[0] AND args[1] AND ... (SQL three-valued logic)
  kOr,         // args[0] OR args[1] OR ...
  kNot,        // NOT args[0]
  kIsNull,     // args[0] IS NULL (IS NOT NULL when negated)
  kInList,     // args[0] IN (args[1..]) (NOT IN when negated); all args of one type
  kCase,       // CASE WHEN args[0] THEN args[1] [WHEN ...] ... [ELSE args[last]] (has_else)
  kLike,       // args[0] LIKE args[1] (NOT LIKE when negated, ILIKE when case_insensitive)
  kSubquery,   // a subquery's answer, per `subquery_kind` (see SubqueryKind)
  // Column `column` of the enclosing query's row, inside a subquery while
  // it is bound; never reaches a plan (evaluating it is an internal error).
  kOuterColumnRef,
  // Parameter $`column` of a prepared statement being described (bound
  // without values, to learn its types); never reaches a running plan.
  kParameter,
  // Value `column` of the enclosing query's current row, inside a subquery
  // run once per outer row (EvalContext::outer_values).
  kOuterParam,
  // ARRAY[args...]: a one-dimensional array of `type` (args of its element type).
  kArray,
};

// kScalar: the value of the subquery's single row and column (NULL without
// rows). kExists: whether it has a row. kIn: args[0] IN (its first column),
// with SQL's NULL rules; NOT IN when negated.
//
// A correlated subquery (decorrelated by the binder) has the outer row's
// correlation values as its last args, and its plan has one more output
// column per correlation value: the answer for an outer row is computed
// over the subquery rows whose correlation columns equal those values (NULL
// equals nothing). `subquery_empty` (may be null: NULL) gives a scalar
// subquery's value over no rows, e.g. count(*) = 0.
//
// kArray: ARRAY(subquery), the first column's values in the subquery's
// order ('{}' without rows).
//
// A subquery the binder cannot decorrelate is run once per outer row
// (`per_row`, PostgreSQL's SubPlan with parameters): its plan reads the
// outer row's values, the correlation args, as kOuterParam.
enum class SubqueryKind : uint8_t { kScalar, kExists, kIn, kArray };

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

// A bound, typed expression over the columns of an input chunk. Immutable
// once built; shared between plans.
struct Expr {
  ExprKind kind = ExprKind::kConstant;
  DataType type;
  int column = -1;
  Value constant;
  const ScalarFunction* function = nullptr;
  std::vector<ExprPtr> args;
  bool negated = false;
  bool case_insensitive = false;
  bool has_else = false;
  // kSubquery: the subquery's plan, run once per statement before the rows
  // that use it (SubqueryResults).
  std::shared_ptr<const PlanNode> subquery;
  std::shared_ptr<const PlanNode> subquery_empty;
  SubqueryKind subquery_kind = SubqueryKind::kScalar;
  bool per_row = false;
};

ExprPtr MakeColumnRef(int column, DataType type);
ExprPtr MakeConstant(Value value);
ExprPtr MakeCast(ExprPtr arg, DataType target);
ExprPtr MakeCall(const ScalarFunction* function, std::vector<ExprPtr> args);

// Read access to the session's settings, for current_setting(). The
// session implements it; exec knows no setting names.
class SettingsView {
 public:
  virtual ~SettingsView() = default;
  // The value as SHOW prints it; kUndefinedObject for unknown names.
  virtual Result<std::string> Get(std::string_view name) const = 0;
};

class SubqueryResults;

// The $n parameters of a statement being bound. Only the SQL binder reads
// them; evaluation never does. With `values` (an execution) $n binds as the
// constant values[n-1]. Without (describing a prepared statement) $n binds as
// a kParameter placeholder of type types[n-1]; an untyped one (kUnknown)
// takes the type its context first converts it to, and the binder records
// that type in `types`, as PostgreSQL infers parameter types.
struct StatementParameters {
  std::vector<DataType> types;
  const std::vector<Value>* values = nullptr;
};

// The database's sequences as a session sees them, for nextval, currval,
// setval, lastval and pg_get_serial_sequence. The session implements it
// (currval and lastval are per session); exec knows no catalog files.
class SequenceAccess {
 public:
  virtual ~SequenceAccess() = default;
  // nextval `count` times: the values into `out`. 42809 when the OID is
  // another relation's.
  virtual Status NextValues(int64_t oid, size_t count, int64_t* out) = 0;
  // The value nextval last returned for the sequence in this session; 55000
  // before the session's first nextval of it.
  virtual Result<int64_t> CurrentValue(int64_t oid) = 0;
  // currval of the sequence this session last called nextval of (setval does
  // not change which one that is).
  virtual Result<int64_t> LastValue() = 0;
  virtual Status SetValue(int64_t oid, int64_t value, bool is_called) = 0;
  // The sequence a serial or identity column uses ("public.t_id_seq"), or
  // nullopt; 42P01 / 42703 for an unknown table or column.
  virtual Result<std::optional<std::string>> ColumnSequence(std::string_view table,
                                                            std::string_view column) = 0;
};

// What expression evaluation may read from the session.
struct EvalContext {
  TimeZone time_zone;
  // Statement start time (now(), current_timestamp), UTC microseconds.
  int64_t statement_time_micros = 0;
  // current_setting(); null outside a session (then it fails with kUndefinedObject).
  const SettingsView* settings = nullptr;
  // current_user / session_user and current_database().
  std::string user = "postgres";
  std::string database = "postgres";
  // Answers of the statement's subqueries; set by StartPlan.
  const SubqueryResults* subqueries = nullptr;
  // Set while a statement with $n parameters is bound; null otherwise.
  StatementParameters* parameters = nullptr;
  // Relation names for `'name'::regclass`; null outside a session.
  const catalog::Catalog* catalog = nullptr;
  // The outer row's values (kOuterParam) while a per-row subquery runs.
  const std::vector<Value>* outer_values = nullptr;
  // pg_backend_pid(): the session's process id from BackendKeyData.
  int32_t backend_pid = 0;
  // nextval() and the other sequence functions; null outside a session
  // (then they fail with kFeatureNotSupported).
  SequenceAccess* sequences = nullptr;
};

// Evaluates `expr` over every row of `input`; `out` becomes a fresh vector of
// expr.type with input.size() values. Errors are values: division by zero
// (kDivisionByZero), bad casts (kInvalidTextRepresentation), overflow.
Status Evaluate(const Expr& expr, const DataChunk& input, const EvalContext& context,
                ColumnVector& out);

// Evaluates an expression that references no columns.
Result<Value> EvaluateConstant(const Expr& expr, const EvalContext& context);

// Whether expr references no input columns and no subquery (so it can be
// folded before execution).
bool IsConstantExpr(const Expr& expr);

// Whether a value of type `from` can be cast to `to` at all (explicitly).
bool CanCast(DataType from, DataType to);
// Whether PostgreSQL would apply the cast implicitly (int2->int4->int8->float8,
// float4->float8, unknown->anything, date->timestamp(tz), timestamp<->timestamptz,
// varchar<->text).
bool CanImplicitlyCast(DataType from, DataType to);

}  // namespace sundial::exec
