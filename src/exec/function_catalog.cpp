#include "exec/function_catalog.h"

namespace sundial::exec {

void FunctionCatalog::AddScalar(std::string name, std::vector<DataType> arg_types,
                                DataType return_type, ScalarKernel kernel, bool strict) {
  auto function = std::make_unique<ScalarFunction>();
  function->name = std::move(name);
  function->arg_types = std::move(arg_types);
  function->return_type = return_type;
  function->kernel = kernel;
  function->strict = strict;
  scalars_.push_back(std::move(function));
}

void FunctionCatalog::AddVolatileScalar(std::string name, std::vector<DataType> arg_types,
                                        DataType return_type, ScalarKernel kernel, bool strict) {
  AddScalar(std::move(name), std::move(arg_types), return_type, kernel, strict);
  scalars_.back()->is_volatile = true;
}

void FunctionCatalog::AddAggregate(std::unique_ptr<AggregateFunction> function) {
  aggregates_.push_back(std::move(function));
}

}  // namespace sundial::exec
