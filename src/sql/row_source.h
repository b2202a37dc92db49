#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "exec/operator.h"
#include "exec/plan.h"
#include "sql/session.h"
#include "sql/statement_context.h"

namespace sundial::sql {

// What a statement's plan runs with: the store, the session's evaluation
// settings, work_mem, the temp dir, cancellation and the block's own writes.
std::unique_ptr<exec::ExecContext> NewExecContext(const StatementContext& context);

// Builds the operators of `plan` now (so setup errors belong to the
// statement) and returns a source that runs them lazily, batch by batch. The
// source owns the plan, the execution context and the operator tree; it
// reports a failure while pulling to `context.writer`, which must outlive it.
Result<std::unique_ptr<RowSource>> OpenPlan(exec::PlanPtr plan, const StatementContext& context);

// Rows computed up front (INSERT ... RETURNING).
std::unique_ptr<RowSource> MakeChunkRows(std::vector<DataChunk> chunks);

// One row of one int4 value (the job id of TimescaleDB's add_*_policy).
std::unique_ptr<RowSource> MakeInt32Row(int32_t value);

// Rows of text computed up front (SHOW, EXPLAIN, create_hypertable).
std::unique_ptr<RowSource> MakeTextRows(size_t width, std::vector<std::vector<std::string>> rows);

}  // namespace sundial::sql
