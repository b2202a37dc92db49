#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exec/function_registry.h"

namespace sundial::exec {

// The mutable list of built-in functions the registry is built from. Each
// scalar_functions_*.cpp / aggregates/*.cpp contributes its functions through
// one Register* entry point, so the registry itself knows no function.
class FunctionCatalog {
 public:
  void AddScalar(std::string name, std::vector<DataType> arg_types, DataType return_type,
                 ScalarKernel kernel, bool strict = true);
  // A function whose value can differ between calls with the same arguments.
  void AddVolatileScalar(std::string name, std::vector<DataType> arg_types, DataType return_type,
                         ScalarKernel kernel, bool strict = true);
  void AddAggregate(std::unique_ptr<AggregateFunction> function);

  std::vector<std::unique_ptr<ScalarFunction>>& scalars() { return scalars_; }
  std::vector<std::unique_ptr<AggregateFunction>>& aggregates() { return aggregates_; }

 private:
  std::vector<std::unique_ptr<ScalarFunction>> scalars_;
  std::vector<std::unique_ptr<AggregateFunction>> aggregates_;
};

void RegisterArithmeticFunctions(FunctionCatalog& catalog);
void RegisterComparisonFunctions(FunctionCatalog& catalog);
void RegisterStringFunctions(FunctionCatalog& catalog);
void RegisterSqlTextFunctions(FunctionCatalog& catalog);
void RegisterRegexFunctions(FunctionCatalog& catalog);
void RegisterTimeFunctions(FunctionCatalog& catalog);
void RegisterFormatFunctions(FunctionCatalog& catalog);
void RegisterTimeBucketFunctions(FunctionCatalog& catalog);
void RegisterConditionalFunctions(FunctionCatalog& catalog);
void RegisterMathFunctions(FunctionCatalog& catalog);
void RegisterNumericFunctions(FunctionCatalog& catalog);
void RegisterSessionFunctions(FunctionCatalog& catalog);
void RegisterCatalogFunctions(FunctionCatalog& catalog);
void RegisterSequenceFunctions(FunctionCatalog& catalog);
void RegisterTimescaleSizeFunctions(FunctionCatalog& catalog);
void RegisterGapfillFunctions(FunctionCatalog& catalog);
void RegisterArrayFunctions(FunctionCatalog& catalog);
void RegisterJsonFunctions(FunctionCatalog& catalog);
void RegisterTimeOfDayFunctions(FunctionCatalog& catalog);

void RegisterCountAggregates(FunctionCatalog& catalog);
void RegisterSumAggregates(FunctionCatalog& catalog);
void RegisterAvgAggregates(FunctionCatalog& catalog);
void RegisterMinMaxAggregates(FunctionCatalog& catalog);
void RegisterFirstLastAggregates(FunctionCatalog& catalog);
void RegisterVarianceAggregates(FunctionCatalog& catalog);
void RegisterBoolAggregates(FunctionCatalog& catalog);
void RegisterStringAggregates(FunctionCatalog& catalog);
void RegisterArrayAggregates(FunctionCatalog& catalog);

}  // namespace sundial::exec
