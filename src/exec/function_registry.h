#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "common/types.h"

namespace sundial::exec {

struct EvalContext;

// Computes one output value per row from argument vectors (already cast to
// the signature's types, all of size `count`). NULL handling: when `strict`,
// the evaluator sets the output NULL wherever any argument is NULL and the
// kernel may ignore nulls (their slots hold arbitrary bytes).
using ScalarKernel = Status (*)(const ColumnVector* args, size_t count, const EvalContext& context,
                                ColumnVector& out);

class ScalarFunction {
 public:
  std::string
      name;  // lower case; operators by symbol: "+", "-", "*", "/", "%", "=", "<>", "<", ...
  std::vector<DataType> arg_types;
  DataType return_type;
  ScalarKernel kernel = nullptr;
  bool strict = true;
  // Its value can differ between calls with the same arguments (nextval):
  // never folded to a constant, evaluated once per row.
  bool is_volatile = false;
};

// Aggregate functions are stateless descriptors over an opaque, fixed-size
// state. The same interface serves the hash aggregate, spilling and merging
// partial states.
class AggregateFunction {
 public:
  virtual ~AggregateFunction() = default;

  const std::string& name() const { return name_; }
  const std::vector<DataType>& arg_types() const { return arg_types_; }
  DataType return_type() const { return return_type_; }

  virtual size_t state_size() const = 0;
  virtual void Init(uint8_t* state) const = 0;
  // Releases anything the state owns outside its fixed bytes (e.g. strings).
  virtual void Destroy(uint8_t* /*state*/) const {}
  // For each i < count: folds row i of the argument vectors into states[i].
  // count(*) gets no arguments.
  virtual void Update(uint8_t* const* states, const ColumnVector* args, size_t count) const = 0;
  // Merges `source` into `target`; both initialised.
  virtual void Combine(const uint8_t* source, uint8_t* target) const = 0;
  // Appends the state to `out` in the form Deserialize reads back, so partial
  // states can leave the process's memory (spill files, partials merged
  // later) and be combined afterwards.
  virtual void Serialize(const uint8_t* state, std::string& out) const = 0;
  // Reads one state Serialize wrote from the front of `in`, advancing it,
  // into `state` (initialised). kCorruption when `in` is too short.
  virtual Status Deserialize(std::string_view& in, uint8_t* state) const = 0;
  // Writes the result of the state into row `row` of `out` (may set NULL).
  virtual void Finalize(const uint8_t* state, ColumnVector& out, size_t row) const = 0;
  // The error Finalize's result would raise for this state (sum(bigint) out
  // of range).
  virtual Status CheckFinalize(const uint8_t* /*state*/) const { return Status::Ok(); }
  // What operators call: the result, or the error it raises. Aggregates
  // whose check costs as much as the result (collecting ones) do both at once.
  virtual Status FinalizeChecked(const uint8_t* state, ColumnVector& out, size_t row) const {
    RETURN_IF_ERROR(CheckFinalize(state));
    Finalize(state, out, row);
    return Status::Ok();
  }
  // Heap bytes the state holds beyond state_size() (collected values, long
  // strings), charged to the operator's work_mem account.
  // Only asked when owns_memory(), since it is asked per touched group.
  virtual size_t OwnedBytes(const uint8_t* /*state*/) const { return 0; }
  virtual bool owns_memory() const { return false; }

 protected:
  AggregateFunction(std::string name, std::vector<DataType> arg_types, DataType return_type)
      : name_(std::move(name)), arg_types_(std::move(arg_types)), return_type_(return_type) {}

 private:
  std::string name_;
  std::vector<DataType> arg_types_;
  DataType return_type_;
};

// A function chosen for a call site, with the types each argument must be
// cast to first (equal to the argument's own type when no cast is needed).
template <typename F>
struct ResolvedFunction {
  const F* function = nullptr;
  std::vector<DataType> arg_types;
};

// All built-in functions. Immutable after construction; thread-safe.
class FunctionRegistry {
 public:
  static const FunctionRegistry& Instance();

  // Picks the overload of `name` PostgreSQL would pick for these argument
  // types (exact match, else one reachable by implicit casts, preferring
  // float8 for mixed numeric, text for unknown literals). kUndefinedFunction
  // ("function foo(integer) does not exist" / "operator does not exist: text
  // + integer") when none fits.
  Result<ResolvedFunction<ScalarFunction>> ResolveScalar(std::string_view name,
                                                         const std::vector<DataType>& args) const;
  Result<ResolvedFunction<AggregateFunction>> ResolveAggregate(
      std::string_view name, const std::vector<DataType>& args) const;
  bool IsAggregateName(std::string_view name) const;

  ~FunctionRegistry();

 private:
  FunctionRegistry();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sundial::exec
