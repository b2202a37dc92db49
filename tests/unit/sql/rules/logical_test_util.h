#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "exec/function_registry.h"
#include "exec/plan.h"
#include "sql/logical_plan.h"
#include "sql/physical_planner.h"

// Hand-built logical plans for rule tests: two tables, column references,
// constants and operator calls, and the plan's EXPLAIN text.
namespace sundial::sql::testing {

inline DataType Type(TypeId id) {
  return DataType::Of(id);
}

// cpu(time timestamptz, hostname text, usage float8): a hypertable.
inline ts::TableSchema CpuTable() {
  return ts::TableSchema{.table_id = 1,
                         .name = "cpu",
                         .columns = {{.name = "time", .type = Type(TypeId::kTimestampTz)},
                                     {.name = "hostname", .type = Type(TypeId::kText)},
                                     {.name = "usage", .type = Type(TypeId::kFloat64)}},
                         .time_column = 0,
                         .partition_interval_micros = 86'400'000'000};
}

// hosts(hostname text, owner text, rack int4): a plain table.
inline ts::TableSchema HostsTable() {
  return ts::TableSchema{.table_id = 2,
                         .name = "hosts",
                         .columns = {{.name = "hostname", .type = Type(TypeId::kText)},
                                     {.name = "owner", .type = Type(TypeId::kText)},
                                     {.name = "rack", .type = Type(TypeId::kInt32)}}};
}

inline LogicalPtr Get(const ts::TableSchema& table) {
  return ReadTable(table);
}

inline exec::ExprPtr Col(int column, TypeId type) {
  return exec::MakeColumnRef(column, Type(type));
}

inline exec::ExprPtr Text(const std::string& text) {
  return exec::MakeConstant(Value::Text(text));
}

inline exec::ExprPtr Int(int32_t v) {
  return exec::MakeConstant(Value::Int(TypeId::kInt32, v));
}

inline exec::ExprPtr Op(const std::string& name, exec::ExprPtr left, exec::ExprPtr right) {
  auto resolved = exec::FunctionRegistry::Instance().ResolveScalar(name, {left->type, right->type});
  REQUIRE(resolved.ok());
  return exec::MakeCall(resolved->function, {std::move(left), std::move(right)});
}

inline LogicalPtr Join(exec::JoinType type, LogicalPtr left, LogicalPtr right,
                       std::vector<exec::ExprPtr> conditions) {
  auto join = std::make_shared<LogicalJoin>();
  join->type = type;
  join->output_types = left->output_types;
  if (type != exec::JoinType::kSemi && type != exec::JoinType::kAnti) {
    join->output_types.insert(join->output_types.end(), right->output_types.begin(),
                              right->output_types.end());
  }
  join->conditions = std::move(conditions);
  join->children = {std::move(left), std::move(right)};
  return join;
}

// The operators the plan lowers to, as EXPLAIN prints them.
inline std::string Explain(const LogicalPtr& plan) {
  return exec::DescribePlan(*LowerToPhysical(plan));
}

}  // namespace sundial::sql::testing
